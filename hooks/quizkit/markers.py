"""Markers: the HTML comments by which a page asks for quiz content.

    <!-- quiz: networking-expert -->                 that quiz
    <!-- quiz: * -->                                 the list of every quiz
    <!-- quiz-outcome: networking-expert/ghost -->   an outcome's own page (generated pages only)

A marker counts where it ends up: as a comment in the page's HTML. Python-Markdown passes a
comment written in the text (a paragraph of its own, an admonition, a list) through as it is,
and turns one written in code (a fenced or indented block, an inline span) into visible text.
So markers are found once, in the HTML, and an example in code is never one. The page's source
is read only to say on which line a marker that names no quiz was written.

A comment that is almost a marker (``<!-- Quiz: x -->``, ``<!-- quiz x -->``) is a typo until
proved otherwise: :func:`near_misses` finds those whose words are a marker's, nothing more, so a
comment that mentions quizzes in prose is left alone.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass

# [^\s<>] keeps the scan linear: it stops at the next tag, so no text is read twice.
MARKER = re.compile(r"<!--\s*(quiz|quiz-outcome):\s*([^\s<>]*?)\s*-->")
# Every comment with no < or > inside: markers never hold one, and the scan stays linear.
_COMMENT = re.compile(r"<!--([^<>]*)-->")
# A comment whose words are a marker's: the kind in any case, a colon or not, one target.
_NEAR_MISS = re.compile(r"\s*+(quiz-outcome|quiz)\s*+:?\s*+([^\s:]++)\s*+", re.IGNORECASE)
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

    pieces, at = [], 0
    for match in MARKER.finditer(html):
        marker = Marker(match.group(1), match.group(2), match.start(), match.end())
        found = replace(marker)
        pieces += [html[at : match.start()], match.group(0) if found is None else str(found)]
        at = match.end()
    pieces = [piece for piece in (*pieces, html[at:]) if piece]
    # A page the quizzes add is one marker: its quiz, tens of kilobytes, is returned as it is,
    # not copied into a new string.
    return pieces[0] if len(pieces) == 1 else "".join(pieces)


@dataclass(frozen=True)
class NearMiss:
    """A comment in a page's HTML that looks like a mistyped marker."""

    text: str  # the whole comment, as written
    start: int  # where it starts in the HTML
    suggestion: str  # the marker it probably means


def near_misses(html: str) -> list[NearMiss]:
    """The comments of ``html`` that are not markers but have a marker's words."""
    found = []
    for match in _COMMENT.finditer(html):
        near = _NEAR_MISS.fullmatch(match.group(1))
        if near and not MARKER.fullmatch(match.group(0)):
            suggestion = f"<!-- {near.group(1).lower()}: {near.group(2)} -->"
            found.append(NearMiss(match.group(0), match.start(), suggestion))
    return found


def written_at(marker: Marker, html: str, source: str) -> tuple[int, int]:
    """The 1-based line and column in the page's source file where ``marker`` was written."""
    return _written_at(MARKER, _marker_key, marker.key, marker.start, html, source)


def near_miss_written_at(near: NearMiss, html: str, source: str) -> tuple[int, int]:
    """The 1-based line and column in the page's source file where ``near`` was written."""
    key = " ".join(near.text.split())
    return _written_at(_COMMENT, _comment_key, key, near.start, html, source)


def _marker_key(match: re.Match[str]) -> object:
    return match.group(1), match.group(2)


def _comment_key(match: re.Match[str]) -> object:
    return " ".join(match.group(0).split())  # Markdown turns the source's tabs into spaces


def _written_at(
    pattern: re.Pattern[str],
    key_of: Callable[[re.Match[str]], object],
    key: object,
    html_start: int,
    html: str,
    source: str,
) -> tuple[int, int]:
    """Where the comment found by ``pattern`` at ``html_start`` in the HTML was written.

    The source may hold the same comment more often than the HTML has comments (examples in
    code become text): the HTML keeps every one of them in source order, as a comment or as
    text, so the comment's place among them is its place among the ones in the source.
    """
    body = _FRONT_MATTER.match(source)
    written = [
        match
        for match in pattern.finditer(source, body.end() if body else 0)
        if key_of(match) == key
    ]
    if not written:
        return 1, 1
    shown: list[bool] = []  # each occurrence in the HTML: is it this comment?
    position = 0
    for match in pattern.finditer(html):
        shown += [False] * _as_text(html[position : match.start()], pattern, key_of, key)
        if key_of(match) == key:
            shown.append(match.start() == html_start)
        position = match.end()
    shown += [False] * _as_text(html[position:], pattern, key_of, key)
    index = shown.index(True) if len(shown) == len(written) and True in shown else 0
    start = written[index].start()
    line_start = source.rfind("\n", 0, start) + 1
    return source.count("\n", 0, start) + 1, start - line_start + 1


def _as_text(
    html: str,
    pattern: re.Pattern[str],
    key_of: Callable[[re.Match[str]], object],
    key: object,
) -> int:
    """How often a comment appears in ``html`` as visible text (written in code, say)."""
    text = html_lib.unescape(_TAG.sub("", html))
    return sum(key_of(match) == key for match in pattern.finditer(text))
