"""Which files of the quiz folder are quiz files, and their bytes: no parsing, no validation
(the build reads them to know whether its cache holds them already)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem
from .source import MAX_BYTES, too_big

SUFFIXES = (".yml", ".yaml")
MISSING_FOLDER = "no such folder; create it next to mkdocs.yml (it may stay empty)"


def quiz_files(quiz_dir: Path) -> list[Path]:
    """The names in ``quiz_dir`` that look like quiz files, sorted, skipping hidden names and
    editor leftovers (``.#x.yml``, ``.x.yml.swp``, ``x.yml~``); ``schema.json`` is not a quiz.

    Names ending in ``.YML`` or ``.Yaml`` are listed too, so that :func:`read_quizzes` can say
    why it does not read them instead of skipping a quiz without a word.
    """
    if not quiz_dir.is_dir():
        return []
    return sorted(
        p for p in quiz_dir.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
    )


def read_file(path: Path, shown: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of a quiz file, or why they cannot be read, without ever reading more than
    ``MAX_BYTES + 1`` of them: a 3 GB file is refused after a stat, not after loading it."""
    if path.suffix not in SUFFIXES:
        return None, Problem(
            shown,
            1,
            1,
            f"quiz files end in .yml or .yaml, in lowercase; rename it to "
            f"'{path.stem}{path.suffix.lower()}'",
        )
    if path.is_symlink() and not path.exists():
        target = path.readlink().as_posix()
        return None, Problem(shown, 1, 1, f"a link to '{target}', which does not exist")
    if not path.is_file():
        return None, Problem(shown, 1, 1, "not a file; quiz files are YAML files in quiz/")
    try:
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_BYTES:
                return None, too_big(shown)
            raw = file.read(MAX_BYTES + 1)  # the file may have grown since the stat
    except OSError as error:  # unreadable (permissions, a file removed while serving...)
        return None, Problem(shown, 1, 1, f"cannot read the file: {error.strerror}")
    return raw, None


def shown_path(path: Path, root: Path) -> str:
    """``path`` as problems show it: relative to ``root`` when it is inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read_folder(quiz_dir: Path, root: Path) -> tuple[list[tuple[Path, str, bytes]], list[Problem]]:
    """Every quiz file of ``quiz_dir`` as (path, path shown in problems, bytes), and a problem
    for each that cannot be read (or for a missing folder)."""
    if not quiz_dir.is_dir():
        return [], [Problem(shown_path(quiz_dir, root), 1, 1, MISSING_FOLDER)]
    found, problems = [], []
    for path in quiz_files(quiz_dir):
        shown = shown_path(path, root)
        raw, problem = read_file(path, shown)
        if problem is not None or raw is None:
            problems += [problem] if problem else []
        else:
            found.append((path, shown, raw))
    return found, problems
