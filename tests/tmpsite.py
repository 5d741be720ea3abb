"""Throwaway copies of the real site, for tests that break things on purpose.

A copy holds everything MkDocs reads (the config, docs/, quiz/, hooks/, theme overrides) and none
of the repository's tooling, so it builds exactly like the original, wherever it is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]
# At the top: tooling, output and caches (.cache is written by concurrent builds: a copy could be
# half-written). Dot files inside docs/ (blog/.authors.yml) are site content and are copied.
_NOT_SITE = {"site", "tests", "test-results", "bench", "scripts", "requirements"}
_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR)\s+-\s+(.*)$")


def copy_site(dest: Path) -> Path:
    """A copy of the site in ``dest`` (created); returns ``dest``, which holds mkdocs.yml."""
    shutil.copytree(ROOT, dest, ignore=_ignore, dirs_exist_ok=True)
    return dest


def _ignore(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    return {
        name
        for name in names
        if name == "__pycache__" or (top and (name.startswith(".") or name in _NOT_SITE))
    }


def mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(root: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """A real strict ``mkdocs build`` of the site in ``root``, in a child process."""
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def logged(output: str, level: str) -> list[str]:
    """The messages MkDocs logged at ``level`` (``ERROR``, ``WARNING``...), in order."""
    found = (_LOG_LINE.match(line) for line in output.splitlines())
    return [match.group(2) for match in found if match and match.group(1) == level]
