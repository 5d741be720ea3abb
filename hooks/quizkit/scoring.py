"""How answers become a score and a score an outcome, and which scores can happen at all.

The browser widget computes the same thing in JavaScript; the tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Outcome, Question, Quiz


def question_score(scoring: str, question: Question, chosen: Collection[int]) -> int:
    """The score of one question for the chosen choice positions (0-based, YAML order)."""
    if scoring == "points":
        return sum(question.choices[i].points for i in set(chosen))
    right = {i for i, choice in enumerate(question.choices) if choice.correct}
    return int(set(chosen) == right)


def score(quiz: Quiz, answers: Mapping[str, Collection[int]]) -> int:
    """The quiz score for answers keyed by question id (a missing question counts as unanswered)."""
    return sum(question_score(quiz.scoring, q, answers.get(q.id, ())) for q in quiz.questions)


def outcome_for(quiz: Quiz, value: int) -> Outcome:
    """The outcome with the highest ``min`` at or below ``value`` (the lowest one below all)."""
    ordered = sorted(quiz.outcomes, key=lambda outcome: outcome.min)
    chosen = ordered[0]
    for outcome in ordered:
        if outcome.min <= value:
            chosen = outcome
    return chosen


def reachable_scores(scoring: str, questions: Sequence[Question]) -> set[int]:
    """Every score some set of answers gives, exactly.

    Pick-one questions must be answered (their radios are ``required``); pick-any questions may
    be left empty. The set is a bitmask shifted per choice, so 10,000 questions stay cheap.
    """
    base, bits = 0, 1  # bit i set: score base + i is reachable
    for question in questions:
        if scoring == "correct":
            bits |= bits << 1
        elif question.multiple:
            for choice in question.choices:
                if choice.points >= 0:
                    bits |= bits << choice.points
                else:
                    base += choice.points
                    bits |= bits << -choice.points
        else:
            points = [choice.points for choice in question.choices]
            low = min(points)
            base += low
            combined = 0
            for p in set(points):
                combined |= bits << (p - low)
            bits = combined
    digits = bin(bits)[:1:-1]  # least significant bit first; shifting per bit is quadratic
    return {base + i for i, digit in enumerate(digits) if digit == "1"}
