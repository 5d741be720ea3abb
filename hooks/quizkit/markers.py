"""Markers: the HTML comments by which a page asks for quiz content.

    <!-- quiz: networking-expert -->                 that quiz
    <!-- quiz: * -->                                 the list of every quiz
    <!-- quiz-outcome: networking-expert/ghost -->   an outcome's own page (generated pages only)

A marker counts where it ends up: as a comment in the page's HTML. Python-Markdown passes a
comment written in the text (a paragraph of its own, an admonition, a list) through as it is,
and turns one written in code (a fenced or indented block, an inline span) into visible text.
So markers are found once, in the HTML, and an example in code is never one. The page's source
is read only to say on which line a marker that names no quiz was written.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass

# [^\s<>] keeps the scan linear: it stops at the next tag, so no text is read twice.
MARKER = re.compile(r"<!--\s*(quiz|quiz-outcome):\s*([^\s<>]*?)\s*-->")
_TAG = re.compile(r"<[^<>]*>")
# Front matter as MkDocs reads it: lines before it are not part of the page's Markdown.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(?:.*?\n)?(?:-{3}|\.{3})[ \t]*\n", re.S)


@dataclass(frozen=True)
class Marker:
    """One marker in a page's HTML: ``kind`` is quiz or quiz-outcome, ``target`` what it names."""

    kind: str
    target: str
    start: int  # where the comment starts in the HTML
    end: int

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.target


Replace = Callable[[Marker], str | None]
"""What a marker becomes in the page, or None to leave it as the inert comment it is."""


def replace_markers(html: str, replace: Replace) -> str:
    """The page's HTML with each marker replaced (or kept, where ``replace`` returns None)."""

    def one(match: re.Match[str]) -> str:
        marker = Marker(match.group(1), match.group(2), match.start(), match.end())
        found = replace(marker)
        return match.group(0) if found is None else found

    return MARKER.sub(one, html)


def written_at(marker: Marker, html: str, source: str) -> tuple[int, int]:
    """The 1-based line and column in the page's source file where ``marker`` was written.

    The source may hold the same marker more often than the HTML has markers (examples in code
    become text): the HTML keeps every one of them in source order, as a comment or as text, so
    the marker's place among them is its place among the ones in the source.
    """
    body = _FRONT_MATTER.match(source)
    written = [
        match
        for match in MARKER.finditer(source, body.end() if body else 0)
        if (match.group(1), match.group(2)) == marker.key
    ]
    if not written:
        return 1, 1
    shown: list[bool] = []  # each occurrence in the HTML: is it this marker?
    position = 0
    for match in MARKER.finditer(html):
        shown += [False] * _as_text(html[position : match.start()], marker.key)
        if (match.group(1), match.group(2)) == marker.key:
            shown.append(match.start() == marker.start)
        position = match.end()
    shown += [False] * _as_text(html[position:], marker.key)
    index = shown.index(True) if len(shown) == len(written) and True in shown else 0
    start = written[index].start()
    line_start = source.rfind("\n", 0, start) + 1
    return source.count("\n", 0, start) + 1, start - line_start + 1


def _as_text(html: str, key: tuple[str, str]) -> int:
    """How often a marker appears in ``html`` as visible text (written in code, say)."""
    text = html_lib.unescape(_TAG.sub("", html))
    return sum((match.group(1), match.group(2)) == key for match in MARKER.finditer(text))
