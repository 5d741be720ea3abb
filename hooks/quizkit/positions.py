"""Where each question's telling answers are shown, and whether a reader could score by place.

A reader who notices that the right answer is usually the second choice scores without reading.
Two things stop that. ``shuffle: true`` deals each question's choices at build time so that the
telling answers spread evenly over the places (:func:`choice_orders`); and
:func:`check_positions` measures the order a reader is shown, shuffled or as written, and
refuses a quiz in which one place holds clearly more telling answers than chance would put there.

Telling answers are the right ones (``scoring: correct``), the highest- and the lowest-scoring
ones, counted apart (``scoring: points``), or, for each outcome apart, the choices that give it the
most votes (``scoring: categories``). The rule, for each kind and each place: count the
questions that show a telling answer in that place, and work out how likely a fair shuffle would
put at least that many there. A question with ``n`` choices, ``k`` of them telling, puts one in a
given place with chance ``k/n``, independently of the others, so the count follows a
Poisson-binomial distribution. Less likely than :data:`LIMIT` (1 in 100) is a problem. A quiz so
small that even every telling answer in one place could be chance is not judged, and says so.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .errors import Problem
from .loader import Loaded
from .model import Question, Quiz

LIMIT = 0.01
"""How unlikely, under a fair shuffle, a place's count of telling answers may be."""

Orders = dict[str, tuple[int, ...]]
"""Question id to the order its choices are shown in (YAML positions)."""

EXACT_UP_TO = 400
"""Questions up to which the chance is computed exactly; past it, a normal approximation (with
continuity correction) is as good and keeps a 10,000-question quiz linear."""


@dataclass(frozen=True)
class Kind:
    """One kind of telling answer: its name in messages and which choices of a question it is."""

    name: str
    telling: Callable[[Question], frozenset[int]]


def _right(question: Question) -> frozenset[int]:
    return frozenset(i for i, choice in enumerate(question.choices) if choice.correct)


def _extreme(pick: Callable) -> Callable[[Question], frozenset[int]]:
    def telling(question: Question) -> frozenset[int]:
        points = [choice.points for choice in question.choices]
        if min(points) == max(points):
            return frozenset()  # nothing to give away
        return frozenset(i for i, p in enumerate(points) if p == pick(points))

    return telling


def _favourite(outcome: str) -> Callable[[Question], frozenset[int]]:
    def telling(question: Question) -> frozenset[int]:
        votes = [choice.votes.get(outcome, 0) for choice in question.choices]
        if min(votes) == max(votes):
            return frozenset()
        return frozenset(i for i, v in enumerate(votes) if v == max(votes))

    return telling


def kinds(quiz: Quiz) -> tuple[Kind, ...]:
    if quiz.scoring == "categories":
        return tuple(
            Kind(f"choice with the most votes for '{o.id}'", _favourite(o.id))
            for o in quiz.outcomes
        )
    if quiz.scoring == "points":
        return (
            Kind("highest-scoring answer", _extreme(max)),
            Kind("lowest-scoring answer", _extreme(min)),
        )
    return (Kind("right answer", _right),)


def choice_orders(quiz: Quiz) -> Orders:
    """The order each question's choices are shown in, as YAML positions, by question id.

    As written, unless the quiz says ``shuffle: true``: then each question's telling answers go
    to the places that have had fewer of them so far than chance would give (ties broken at
    random; a choice telling for several kinds, to the place that has had fewest of them all
    together), and the other choices fill the rest at random. The randomness is seeded by the quiz
    id, so the same file gives the same page on every build, the no-JavaScript
    page and the scripted one show one order, and saved answers (stored as YAML positions) keep
    their meaning.
    """
    if not quiz.shuffle:
        return {question.id: tuple(range(len(question.choices))) for question in quiz.questions}
    orders: dict[str, tuple[int, ...]] = {}
    telling_kinds = kinds(quiz)
    excess = {kind.name: [0.0] * _widest(quiz) for kind in telling_kinds}  # seen minus expected
    rng = random.Random(quiz.id)
    for question in quiz.questions:
        count = len(question.choices)
        rest = list(range(count))
        rng.shuffle(rest)
        shown: list[int | None] = [None] * count
        if len(telling_kinds) > 2:  # one kind per outcome: none always deals first
            telling_kinds = rng.sample(telling_kinds, len(telling_kinds))
        sets = {kind.name: kind.telling(question) for kind in telling_kinds}
        judged = {name: found for name, found in sets.items() if found and len(found) < count}
        for kind in telling_kinds:
            telling = judged.get(kind.name)
            if telling is None:
                continue
            over = excess[kind.name]
            # A choice may be telling for two kinds (votes for two outcomes): dealt once, to
            # the place that has had the fewest of all its kinds.
            dealt = {place for place, choice in enumerate(shown) if choice in telling}
            new = sorted(telling - {shown[place] for place in dealt}, key=rest.index)
            free = [place for place in range(count) if shown[place] is None]
            ties = {place: rng.random() for place in free}
            places = []
            for choice in new:
                overs = [excess[name] for name, found in judged.items() if choice in found]
                place = min(free, key=lambda p: (sum(o[p] for o in overs), ties[p]))
                free.remove(place)
                places.append(place)
                shown[place] = choice
            for place in range(count):
                over[place] += (place in places or place in dealt) - len(telling) / count
        others = iter(choice for choice in rest if choice not in shown)
        orders[question.id] = tuple(
            choice if choice is not None else next(others) for choice in shown
        )
    return orders


def _widest(quiz: Quiz) -> int:
    return max(len(question.choices) for question in quiz.questions)


@dataclass(frozen=True)
class Spread:
    """How one kind of telling answer is spread over the places of one quiz, as shown."""

    kind: str
    shown: tuple[int, ...]  # per place: questions showing a telling answer there
    having: tuple[int, ...]  # per place: questions with a choice in that place
    chance: tuple[float, ...]  # per place: how likely a fair shuffle shows at least as many
    judged: bool  # False: even every telling answer in one place could be chance

    @property
    def worst(self) -> int:
        """The place (0-based) least likely to look like this by chance."""
        return min(range(len(self.chance)), key=lambda place: (self.chance[place], place))

    def __str__(self) -> str:
        places = ", ".join(
            f"{place + 1}: {shown}/{having}"
            for place, (shown, having) in enumerate(zip(self.shown, self.having, strict=True))
        )
        return f"{self.kind}: {places} (least likely by chance: {self.chance[self.worst]:.2g})"


def spreads(quiz: Quiz, orders: Orders | None = None) -> list[Spread]:
    """For each kind of telling answer, how it is spread over the places a reader sees
    (``orders``: the quiz's :func:`choice_orders`, when the caller has them already)."""
    orders = orders or choice_orders(quiz)
    found = []
    for kind in kinds(quiz):
        places = _widest(quiz)
        shown, having = [0] * places, [0] * places
        odds: list[list[float]] = [[] for _ in range(places)]
        for question in quiz.questions:
            telling = kind.telling(question)
            count = len(question.choices)
            if not telling or len(telling) == count:
                continue
            for place, choice in enumerate(orders[question.id]):
                having[place] += 1
                shown[place] += choice in telling
                odds[place].append(len(telling) / count)
        if not any(having):
            continue
        chance = tuple(_at_least(k, p) for k, p in zip(shown, odds, strict=True))
        judged = any(odds[place] and math.prod(odds[place]) < LIMIT for place in range(places))
        found.append(Spread(kind.name, tuple(shown), tuple(having), chance, judged))
    return found


def _at_least(k: int, odds: Sequence[float]) -> float:
    """The chance that at least ``k`` of independent events with these chances happen."""
    if k <= 0:
        return 1.0
    if len(odds) > EXACT_UP_TO:
        mean = sum(odds)
        sd = math.sqrt(sum(p * (1 - p) for p in odds))
        return 0.5 * math.erfc((k - 0.5 - mean) / (sd * math.sqrt(2))) if sd else float(k <= mean)
    below = [1.0] + [0.0] * (k - 1)  # below[j]: chance of exactly j so far, for j < k
    reached = 0.0  # chance of k or more so far
    for p in odds:
        reached += below[-1] * p
        for j in range(k - 1, 0, -1):
            below[j] = below[j] * (1 - p) + below[j - 1] * p
        below[0] *= 1 - p
    return reached


def check_positions(
    loaded: Sequence[Loaded], orders: Mapping[str, Orders] | None = None
) -> tuple[list[Problem], list[Problem]]:
    """Problems for every quiz whose shown order lets a reader score by place, and notes for
    the quizzes too small to judge (``orders``: each quiz's, by quiz id, if known)."""
    problems, notes = [], []
    for item in loaded:
        quiz = item.quiz
        where = ("shuffle",) if "shuffle" in quiz.model_fields_set else ("questions", 0)
        for spread in spreads(quiz, (orders or {}).get(quiz.id)):
            if not spread.judged:
                notes.append(
                    item.document.problem(
                        where,
                        f"note: {spread.kind} positions not judged: too few questions "
                        "(even all of them in one place could be chance)",
                    )
                )
                continue
            place = spread.worst
            if spread.chance[place] >= LIMIT:
                continue
            advice = "" if quiz.shuffle else "; set 'shuffle: true' or move them"
            problems.append(
                item.document.problem(
                    where,
                    f"the {spread.kind} is choice {place + 1} in {spread.shown[place]} of "
                    f"{spread.having[place]} questions; a fair shuffle would put that many "
                    f"there with chance {spread.chance[place]:.2g} (limit {LIMIT:g}), so "
                    f"readers could score by position{advice}",
                )
            )
    return problems, notes
