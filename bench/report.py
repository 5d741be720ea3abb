"""The report: ``report.md.j2`` rendered with the results and the budget's rows.

What is printed at the end of a run and what bench/RESULTS.md holds are the same text. The
template holds the words and the tables; this module gives it the figures that are derived from
several results (the least-squares fit) and the constants the text quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from browser import CATEGORIES, LIGHTHOUSE_RUNS
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from live import POLL
from localsite import GZIP_LEVEL
from measure import PUBLISHING, QUIZ_EVENTS
from records import Check, Results, Scale, Stat
from scaling import SIZE_CAP_S

BENCH = Path(__file__).resolve().parent
EVENT_JOBS = {
    "import": "import hooks/quiz.py and quizkit (pydantic, ...)",
    "on_startup": "note build or serve",
    "on_files": "load + validate quiz files, page sources",
    "on_page_content": "find markers, render quizzes into pages",
    "on_env": "check links and anchors",
    "on_page_context": "problem boxes, preview-card metadata",
    "on_post_build": "draw preview cards, robots.txt, CSP headers",
}


@dataclass(frozen=True)
class Fit:
    """The hook's work against questions, and whether the last two sizes cost alike."""

    slope_us: float  # per question
    intercept_ms: float
    before: int  # quizzes
    last: int
    change: float  # per-question time at ``last`` / at ``before``

    @property
    def linear(self) -> bool:
        return 0.75 <= self.change <= 1.25


def linearity(scaling: dict[int, Scale]) -> Fit | None:
    sizes = sorted(scaling)
    if len(sizes) < 2:
        return None
    xs = [scaling[n].questions for n in sizes]
    ys = [scaling[n].hook.median for n in sizes]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    before, last = sizes[-2], sizes[-1]
    change = scaling[last].per_question_us.median / scaling[before].per_question_us.median
    return Fit(slope * 1e6, (mean_y - slope * mean_x) * 1000, before, last, change)


def _ratio(a: Stat, b: Stat) -> str:
    return f"{a.median / b.median:.2f}"


def render(results: Results, checks: list[Check]) -> str:
    # Markdown, not HTML, and every value is the benchmark's own: nothing to escape.
    env = Environment(
        loader=FileSystemLoader(BENCH),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["ratio"] = _ratio
    return env.get_template("report.md.j2").render(
        r=results,
        checks=checks,
        fit=linearity(results.scaling),
        event_jobs=EVENT_JOBS,
        quiz_events=QUIZ_EVENTS,
        publishing=PUBLISHING,
        categories=CATEGORIES,
        lighthouse_runs=LIGHTHOUSE_RUNS,
        gzip_level=GZIP_LEVEL,
        size_cap_s=SIZE_CAP_S,
        poll_ms=POLL * 1000,
    )
