"""Where quizzes point: their ``essay`` and each question's ``see``, checked against the site.

Links can only be checked once the site's pages are known, so the caller hands us a resolver.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from .errors import Problem
from .loader import Loaded

AnchorsOf = Callable[[str], "Collection[str] | None"]
"""Docs-relative page path to the ids present on that page, or None when there is no such page."""


def check_links(
    loaded: Sequence[Loaded], anchors_of: AnchorsOf, *, anchors: bool = True
) -> list[Problem]:
    """Problems for ``essay`` and ``see`` values that point at no page (or, with ``anchors``,
    at no id on their page)."""
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
            message = _link_problem(target, anchors_of, anchors)
            if message:
                problems.append(item.document.problem(loc, f"{where}'{loc[-1]}' {message}"))
    return problems


def _link_problem(target: str, anchors_of: AnchorsOf, check_anchor: bool) -> str | None:
    path, _, anchor = target.partition("#")
    ids = anchors_of(path)
    if ids is None:
        return f"points at '{path}', which is not a page in docs/"
    if check_anchor and anchor and anchor not in ids:
        return f"points at '#{anchor}', which is not an anchor on '{path}'"
    return None
