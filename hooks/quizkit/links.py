"""Where quizzes point (``essay``, ``see``) and where pages embed quizzes (``<!-- quiz: id -->``).

Both can only be checked once the site's pages are known, so the engine hands us a resolver.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:  # the loader calls check_links, so only the type comes from there
    from .loader import Loaded

MARKER = re.compile(r"<!--\s*quiz:\s*(\S*?)\s*-->")

AnchorsOf = Callable[[str], "set[str] | None"]
"""Docs-relative page path to the ids present on that page, or None when there is no such page."""


@dataclass(frozen=True)
class Marker:
    quiz_id: str
    line: int
    col: int


def find_markers(markdown: str) -> list[Marker]:
    """Every ``<!-- quiz: id -->`` in a page's Markdown, with its 1-based line and column."""
    found = []
    for match in MARKER.finditer(markdown):
        before = markdown[: match.start()]
        line = before.count("\n") + 1
        found.append(Marker(match.group(1), line, match.start() - (before.rfind("\n") + 1) + 1))
    return found


def check_markers(page_path: str, markers: Iterable[Marker], known: Iterable[str]) -> list[Problem]:
    """Problems for markers that name no quiz."""
    ids = sorted(known)
    listed = ", ".join(ids) if ids else "none"
    return [
        Problem(page_path, m.line, m.col, f"unknown quiz '{m.quiz_id}' (quizzes: {listed})")
        for m in markers
        if m.quiz_id not in ids
    ]


def check_links(loaded: Sequence[Loaded], anchors_of: AnchorsOf) -> list[Problem]:
    """Problems for ``essay`` and ``see`` values that point at no page or no anchor."""
    problems = []
    for item in loaded:
        targets = [(("essay",), "", item.quiz.essay)]
        targets += [
            (("questions", i, "see"), f"question '{q.id}': ", q.see)
            for i, q in enumerate(item.quiz.questions)
        ]
        for loc, where, target in targets:
            if target is None:
                continue
            message = _link_problem(target, anchors_of)
            if message:
                problems.append(item.document.problem(loc, f"{where}'{loc[-1]}' {message}"))
    return problems


def _link_problem(target: str, anchors_of: AnchorsOf) -> str | None:
    path, _, anchor = target.partition("#")
    anchors = anchors_of(path)
    if anchors is None:
        return f"points at '{path}', which is not a page in docs/"
    if anchor and anchor not in anchors:
        return f"points at '#{anchor}', which is not an anchor on '{path}'"
    return None
