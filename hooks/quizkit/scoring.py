"""How a reader's answers become a score, and a score an outcome.

The browser widget computes the same thing in JavaScript; the tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

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
    """The outcome whose range holds ``value`` (the lowest one for a score below every range)."""
    ranges = quiz.outcome_ranges()
    return next((span.outcome for span in ranges if value in span), ranges[0].outcome)
