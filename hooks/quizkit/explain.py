"""``make explain``: for every outcome, one set of answers that leads to it, to try on the page.

Categories quizzes show the answers the build's proof found (``categories``); scored quizzes the
answers reaching the lowest score of the outcome's band. Choices are named by the place they are
shown in (the build deals them) and their first words.
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import Question, Quiz
from .positions import Orders

Picks = tuple[int, ...]


def explain(quiz: Quiz, orders: Orders) -> Iterator[str]:
    """The lines that show, outcome by outcome, answers that lead to it."""
    if quiz.scoring == "categories":
        ballot = quiz.ballot()
        for outcome in quiz.outcomes:
            proof = ballot.how_to_win(outcome.id)
            if proof.answers is None:  # the build refuses the quiz and says why
                continue
            votes = ", ".join(f"{o} {n}" for o, n in proof.totals.items())
            yield f"'{outcome.id}' wins ({votes}) with:"
            yield from _answers(quiz, orders, proof.answers)
        return
    paths = _score_paths(quiz)
    for span in quiz.outcome_ranges():
        score = min(s for s in paths if s in span)
        yield f"'{span.outcome.id}' (score {score}) with:"
        ids = (question.id for question in quiz.questions)
        yield from _answers(quiz, orders, dict(zip(ids, paths[score], strict=True)))


def _answers(quiz: Quiz, orders: Orders, answers: dict[str, Picks]) -> Iterator[str]:
    for number, question in enumerate(quiz.questions, 1):
        picked = answers.get(question.id, ())
        shown = [orders[question.id].index(i) + 1 for i in picked]
        named = "; ".join(
            f"choice {place} ({_first_words(question.choices[i].text)})"
            for place, i in sorted(zip(shown, picked, strict=True))
        )
        yield f"  {number}. {question.id}: {named or 'nothing ticked'}"


def _first_words(text: str, limit: int = 40) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 3].rstrip() + "..."


def _score_paths(quiz: Quiz) -> dict[int, list[Picks]]:
    """Every reachable score with one set of answers (per question) that gives it."""
    paths: dict[int, list[Picks]] = {0: []}
    for question in quiz.questions:
        following: dict[int, list[Picks]] = {}
        for score, path in paths.items():
            for picks, value in _options(quiz.scoring, question):
                following.setdefault(score + value, [*path, picks])
        paths = following
    return paths


def _options(scoring: str, question: Question) -> list[tuple[Picks, int]]:
    """The answers that matter for a question's score: one per score it can give."""
    if scoring == "correct":
        right = tuple(i for i, c in enumerate(question.choices) if c.correct)
        wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
        return [(right, 1), ((wrong,), 0)]
    if not question.multiple:
        return [((i,), c.points) for i, c in enumerate(question.choices)]
    sums: dict[int, Picks] = {0: ()}
    for i, choice in enumerate(question.choices):
        for value, picks in list(sums.items()):
            sums.setdefault(value + choice.points, (*picks, i))
    return [(picks, value) for value, picks in sums.items()]
