"""How a reader's answers become a score, and a score an outcome.

The browser widget computes the same thing in JavaScript; the tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from .model import Outcome, Question, Quiz

Answers = Mapping[str, Collection[int]]
"""Chosen choice positions (0-based, YAML order) by question id; missing: unanswered."""


def question_score(scoring: str, question: Question, chosen: Collection[int]) -> int:
    """The score of one question for the chosen choice positions: points or right (1) or not;
    with ``scoring: categories``, the votes it gives, all outcomes together."""
    if scoring == "points":
        return sum(question.choices[i].points for i in set(chosen))
    if scoring == "categories":
        return sum(sum(question.choices[i].votes.values()) for i in set(chosen))
    right = {i for i, choice in enumerate(question.choices) if choice.correct}
    return int(set(chosen) == right)


def tally(quiz: Quiz, answers: Answers) -> dict[str, int]:
    """``scoring: categories``: the votes of every chosen choice, added up per outcome id (in the
    order the outcomes are listed)."""
    totals = dict.fromkeys((outcome.id for outcome in quiz.outcomes), 0)
    for question in quiz.questions:
        for i in set(answers.get(question.id, ())):
            for outcome, votes in question.choices[i].votes.items():
                totals[outcome] += votes
    return totals


def winner(quiz: Quiz, totals: Mapping[str, int]) -> Outcome:
    """The outcome with the most votes; of tied outcomes, the one listed first."""
    most = max(totals[outcome.id] for outcome in quiz.outcomes)
    return next(outcome for outcome in quiz.outcomes if totals[outcome.id] == most)


def score(quiz: Quiz, answers: Answers) -> int:
    """The quiz score: right answers, or points; with ``scoring: categories``, the winner's
    votes."""
    if quiz.scoring == "categories":
        totals = tally(quiz, answers)
        return totals[winner(quiz, totals).id]
    return sum(question_score(quiz.scoring, q, answers.get(q.id, ())) for q in quiz.questions)


def outcome_for(quiz: Quiz, value: int) -> Outcome:
    """The outcome whose range holds ``value`` (the lowest one for a score below every range).
    Not for ``scoring: categories``, where the answers decide, not a score: see :func:`result`."""
    ranges = quiz.outcome_ranges()
    return next((span.outcome for span in ranges if value in span), ranges[0].outcome)


def result(quiz: Quiz, answers: Answers) -> tuple[int, Outcome]:
    """The score and the outcome the answers earn, in any scoring mode."""
    if quiz.scoring == "categories":
        totals = tally(quiz, answers)
        best = winner(quiz, totals)
        return totals[best.id], best
    value = score(quiz, answers)
    return value, outcome_for(quiz, value)
