"""Which files of the quiz folder are quiz files, and their bytes: no parsing, no validation
(the build reads them to know whether its cache holds them already)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import Problem
from .source import MAX_BYTES, too_big

SUFFIXES = (".yml", ".yaml")
MISSING_FOLDER = "no such folder; create it next to mkdocs.yml (it may stay empty)"
NOT_A_FILE = "not a file; quiz files are YAML files in quiz/"


def quiz_files(quiz_dir: Path) -> list[Path]:
    """The names in ``quiz_dir`` that look like quiz files, sorted, skipping hidden names and
    editor leftovers (``.#x.yml``, ``.x.yml.swp``, ``x.yml~``); ``schema.json`` is not a quiz.

    Names ending in ``.YML`` or ``.Yaml`` are listed too, so that :func:`read_quizzes` can say
    why it does not read them instead of skipping a quiz without a word.
    """
    if not quiz_dir.is_dir():
        return []
    names = sorted(
        entry.name
        for entry in os.scandir(quiz_dir)
        if entry.name.lower().endswith(SUFFIXES) and not entry.name.startswith(".")
    )
    return [quiz_dir / name for name in names]


def read_file(path: Path, shown: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of a quiz file, or why they cannot be read: a 3 GB file is refused after a
    stat, not after loading it (one that grows while it is read, after at most 64 KiB more)."""
    if path.suffix not in SUFFIXES:
        return None, Problem(
            shown,
            1,
            1,
            f"quiz files end in .yml or .yaml, in lowercase; rename it to "
            f"'{path.stem}{path.suffix.lower()}'",
        )
    try:
        # One open and one stat for the common case. Opened without waiting, so that a named
        # pipe is refused below instead of waiting for a writer forever.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            target = path.readlink().as_posix()
            return None, Problem(shown, 1, 1, f"a link to '{target}', which does not exist")
        return None, Problem(shown, 1, 1, NOT_A_FILE)  # gone since the folder was listed
    except IsADirectoryError:  # where directories cannot be opened
        return None, Problem(shown, 1, 1, NOT_A_FILE)
    except OSError as error:  # unreadable (permissions, ...)
        return None, Problem(shown, 1, 1, f"cannot read the file: {error.strerror}")
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            return None, Problem(shown, 1, 1, NOT_A_FILE)
        if status.st_size > MAX_BYTES:
            return None, too_big(shown)
        raw = b""
        while len(raw) <= MAX_BYTES:  # the file may have grown since the stat
            chunk = os.read(handle, max(status.st_size + 1 - len(raw), 1 << 16))
            if not chunk:
                break
            raw += chunk
    except OSError as error:
        return None, Problem(shown, 1, 1, f"cannot read the file: {error.strerror}")
    finally:
        os.close(handle)
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
    # Every file is shown as its folder is, and the folder worked out once.
    folder = shown_path(quiz_dir, root) if quiz_dir.is_relative_to(root) else None
    prefix = "" if folder == "." else f"{folder}/"
    for path in quiz_files(quiz_dir):
        shown = prefix + path.name if folder is not None else str(path)
        raw, problem = read_file(path, shown)
        if problem is not None or raw is None:
            problems += [problem] if problem else []
        else:
            found.append((path, shown, raw))
    return found, problems
