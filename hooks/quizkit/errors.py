"""One error type for everything an author can get wrong, in yamllint's parsable format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def one_line(text: str) -> str:
    """``text`` with its line breaks and control characters escaped (``\\n``, ``\\x1b``).

    One problem is one line (editors, CI annotations and the on-page list parse them), whatever
    a file name, a key or a value contains.
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake at one place: ``quiz/x.yml:LINE:COL: message`` (1-based).

    The path and the message are escaped on the way in, so no problem can print as two lines.
    """

    path: str
    line: int
    col: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", one_line(self.path))
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class QuizError(Exception):
    """Every problem found, sorted by file, line and column, reported at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__("\n".join(map(str, self.problems)))
