"""The picture of a result, as numbers a template draws: a scale of the outcome bands with the
reader's place on it (``scoring: correct`` and ``points``), or one bar per outcome with its votes
(``scoring: categories``).

Geometry only, in the units of an SVG ``viewBox`` :data:`WIDTH` wide: no chart library, no
canvas, no request, and no inline style, which a strict Content-Security-Policy would block.
quiz.js redraws the same picture for the reader's answers by the same rules (the marker in the
middle of its score's cell, a bar as long as its votes against the most any outcome can get).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a fully cached build imports no model
    from .model import Quiz

WIDTH = 1000


@dataclass(frozen=True)
class Band:
    outcome: str
    low: int
    high: int
    x: float
    width: float


@dataclass(frozen=True)
class Scale:
    """Scores ``low`` to ``high`` (every score some answers give), one equal cell each."""

    low: int
    high: int
    bands: tuple[Band, ...]

    def at(self, score: int) -> float:
        """Where a score's marker goes: the middle of its cell."""
        return (score - self.low + 0.5) * WIDTH / (self.high - self.low + 1)


@dataclass(frozen=True)
class Bars:
    """``most``: the most votes any outcome can get, a full bar; ``totals``: outcome id to votes."""

    most: int
    totals: dict[str, int]

    def width(self, outcome: str) -> float:
        return self.totals.get(outcome, 0) * WIDTH / self.most


def scale(quiz: Quiz) -> Scale:
    reachable = quiz.reachable_scores()
    low, high = min(reachable), max(reachable)
    cell = WIDTH / (high - low + 1)
    bands = []
    for span in quiz.outcome_ranges():
        start = max(span.low, low)
        end = high if span.high is None else min(span.high, high)
        if start <= end:
            bands.append(
                Band(span.outcome.id, start, end, (start - low) * cell, (end - start + 1) * cell)
            )
    return Scale(low, high, tuple(bands))


def bars(quiz: Quiz, totals: dict[str, int] | None = None) -> Bars:
    """The bars for ``totals`` (none: every bar empty, for the script to fill)."""
    return Bars(max(1, *quiz.ballot().most().values()), totals or {})
