"""A build reads docs/ and quiz/ and writes only into the site folder, whether it passes or fails.

`mkdocs serve` watches both folders: a build that wrote into them would rebuild forever, and one
that rewrote an author's file would lose their work.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import localsite
import pytest

WATCHED = ("docs", "quiz")

pytestmark = pytest.mark.slow  # every test here runs a real build


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under docs/ and quiz/: its content hash and modification time."""
    found = {}
    for folder in WATCHED:
        for path in sorted((root / folder).rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_dir():
                found[name + "/"] = ("folder", 0)
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[name] = (digest, path.stat().st_mtime_ns)
    return found


@pytest.fixture
def source(tmp_path) -> Path:
    return localsite.copy_site(tmp_path / "src")


def test_a_successful_build_writes_nothing_into_docs_or_quiz(source, tmp_path):
    before = snapshot(source)
    result = localsite.build(source, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert snapshot(source) == before


def test_a_failed_build_writes_nothing_into_docs_or_quiz(source, tmp_path):
    quiz = source / "quiz" / "networking-expert.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8") + "titel: broken\n", encoding="utf-8")
    before = snapshot(source)
    result = localsite.build(source, tmp_path / "site")
    assert result.returncode == 1
    assert "unknown key 'titel'" in result.stderr
    assert snapshot(source) == before
