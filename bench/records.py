"""What the benchmark measured, as typed records: each section returns one, the report reads them.

Times are seconds unless a name says otherwise (``_ms``, ``_us``); sizes are bytes.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Stat:
    """Median and range of repeated measurements."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Iterable[float]) -> Stat:
        return cls(tuple(values))

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def n(self) -> int:
        return len(self.values)

    def show(self, unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
        """``1.23 s [1.20-1.31]``: the median, then min-max (no range for one run)."""
        median = f"{self.median * scale:.{digits}f}"
        if self.n == 1:
            return f"{median} {unit} (1 run)"
        return f"{median} {unit} [{self.low * scale:.{digits}f}-{self.high * scale:.{digits}f}]"


@dataclass(frozen=True)
class Timing:
    """One build: wall is what an author waits, CPU (user + system of the build process) what
    the build costs, which other processes on a shared machine do not stretch."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Builds:
    """Repeated builds of one site."""

    wall: Stat
    cpu: Stat

    @classmethod
    def of(cls, timings: Iterable[Timing]) -> Builds:
        timings = list(timings)
        return cls(Stat.of(t.wall for t in timings), Stat.of(t.cpu for t in timings))


@dataclass(frozen=True)
class Machine:
    date: str
    load: str  # load averages over 1, 5 and 15 minutes
    cpu: str
    cores: str
    memory: str
    os: str
    python: str
    mkdocs: str
    material: str
    mkdocs_quiz: str
    playwright: str
    chromium: str
    node: str


@dataclass(frozen=True)
class RealSite:
    """The real site built with the hook, pre-rendered without it, and for the peer plugin."""

    runs: int
    hook: Builds
    plain: Builds
    peer: Builds
    events: dict[str, Stat]  # CPU seconds per hook event (and "import") in warm builds
    cold_events: dict[str, float]  # the same in the first build of a fresh copy
    quiz_html_same: int  # pages whose quiz forms are the same in the hook and pre-rendered builds
    quiz_html_differ: list[str]
    quiz_ids: list[str]
    essays: list[str]  # docs paths of the essays that embed a quiz
    pages: int

    def events_cpu(self, names: Iterable[str]) -> float:
        """The median CPU seconds of these events together (those the hook has)."""
        return sum(self.events[name].median for name in names if name in self.events)


@dataclass(frozen=True)
class Bytes:
    raw: int
    gzip: int

    def __add__(self, other: Bytes) -> Bytes:
        return Bytes(self.raw + other.raw, self.gzip + other.gzip)


@dataclass(frozen=True)
class Weight:
    """Bytes: the quiz files, the tags that load them, and what a feature adds to a page
    against the same page with no quiz feature at all."""

    quiz_page: str
    plain_page: str  # a page without a quiz
    questions: int  # on the quiz page
    assets: dict[str, Bytes]  # quiz.css and quiz.js
    tag_count: int
    tags: Bytes  # the tags that load them, on every page
    ours_quiz_page: Bytes
    ours_plain_page: Bytes
    peer_quiz_page: Bytes
    peer_plain_page: Bytes
    peer_files: list[str]  # script and style files the peer adds
    inlined_ours: int  # the most inline script and style any page gains
    inlined_peer: int

    @property
    def assets_total(self) -> Bytes:
        return sum(self.assets.values(), Bytes(0, 0))


@dataclass(frozen=True)
class Scale:
    """One synthetic site: builds, and the hook's own work measured inside them."""

    quizzes: int
    questions: int
    pages: int
    builds: Builds
    hook: Stat  # CPU seconds in the quiz events, cold (no .cache/quizkit/)
    hook_wall: Stat
    per_question_us: Stat  # hook / questions, cold
    events: dict[str, Stat]  # cold
    peer: Builds | None  # the same quizzes for mkdocs-quiz, at one size
    warm_builds: Builds  # the same site again, nothing changed: every quiz from the cache
    warm_hook: Stat
    warm_per_question_us: Stat
    warm_events: dict[str, Stat]
    # Of the time in the quiz events per question: the collector's passes that ran inside them,
    # and the rest, the hook's own work (the budget rows).
    gc_us: Stat | None = None
    warm_gc_us: Stat | None = None
    own_us: Stat | None = None
    warm_own_us: Stat | None = None
    # Warm builds with the collector's passes deferred past the quiz events (one size only).
    deferred_builds: Builds | None = None
    deferred_us: Stat | None = None
    floors: dict[str, float] | None = None  # µs per question (floors.py), at the judged size

    def event_us_per_question(self, name: str, *, warm: bool = False) -> float:
        events = self.warm_events if warm else self.events
        return events[name].median / self.questions * 1e6 if name in events else 0.0


@dataclass(frozen=True)
class LiveReload:
    quiz_file: str
    reload_s: dict[str, Stat]  # by edited field: "prompt", "title"
    first_build_s: float
    edits: dict[str, int]


@dataclass(frozen=True)
class ScriptStart:
    start_ms: Stat  # quiz.js start()
    dcl_to_init_ms: Stat  # DOMContentLoaded -> every form started
    forms: int
    questions: int


@dataclass(frozen=True)
class Audit:
    """A Lighthouse audit that cost points."""

    category: str
    id: str
    score: float
    shown: str
    nodes: list[str]  # the first few elements it names
    count: int  # how many it names


@dataclass(frozen=True)
class PageScores:
    path: str
    scores: dict[str, float]  # by Lighthouse category
    failing: list[Audit]


@dataclass(frozen=True)
class Check:
    """One row of the budget: ``ok`` is None where this run cannot tell (a quick run)."""

    budget: str
    measured: str
    ok: bool | None

    @property
    def verdict(self) -> str:
        return "n/a" if self.ok is None else ("PASS" if self.ok else "FAIL")


@dataclass(frozen=True)
class Results:
    machine: Machine
    quick: bool
    real: RealSite
    weight: Weight
    scaling: dict[int, Scale]  # by number of quizzes
    live: LiveReload
    start: ScriptStart
    lighthouse: dict[str, PageScores] | None  # by page: home, essay, quiz; None when skipped
    clock: dict[str, float]  # seconds per section, and "total"
    load_end: str
