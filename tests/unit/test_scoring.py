"""Scores and outcomes: the Python reference the browser widget is held to."""

from __future__ import annotations

from quizkit.model import Quiz
from quizkit.scoring import outcome_for, score


def quiz(scoring: str, questions: list[dict], mins: tuple[int, ...] = (0,)) -> Quiz:
    outcomes = [{"id": f"o{m}", "min": m, "title": "T", "text": "X"} for m in mins]
    return Quiz.model_validate(
        {"id": "q", "title": "Q", "scoring": scoring, "questions": questions, "outcomes": outcomes}
    )


def question(qid: str, points: list[int], multiple: bool = False) -> dict:
    choices = [{"text": f"choice {i}", "points": p} for i, p in enumerate(points)]
    return {"id": qid, "prompt": "?", "multiple": multiple, "choices": choices}


def test_points_pick_one_must_be_answered() -> None:
    assert quiz("points", [question("a", [1, 3])]).reachable_scores() == {1, 3}


def test_points_pick_any_may_be_empty() -> None:
    q = quiz("points", [question("a", [2, 2, 5], multiple=True)])
    assert q.reachable_scores() == {0, 2, 4, 5, 7, 9}


def test_negative_points_extend_the_range_down() -> None:
    q = quiz("points", [question("a", [-2, 1]), question("b", [-1, 4], multiple=True)], (-3,))
    assert q.reachable_scores() == {-3, -2, 0, 1, 2, 4, 5}


def test_correct_scoring_reaches_zero_to_all() -> None:
    choices = [{"text": "a", "correct": True}, {"text": "b"}]
    questions = [{"id": f"q{i}", "prompt": "?", "choices": choices} for i in range(3)]
    assert quiz("correct", questions).reachable_scores() == {0, 1, 2, 3}


def test_pick_any_counts_only_the_exact_set() -> None:
    choices = [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}]
    q = quiz("correct", [{"id": "m", "prompt": "?", "multiple": True, "choices": choices}])
    assert [score(q, {"m": chosen}) for chosen in ([0], [0, 1], [0, 1, 2])] == [0, 1, 0]


def test_points_score_sums_the_chosen_choices() -> None:
    q = quiz("points", [question("a", [1, 3]), question("b", [2, 2, 5], multiple=True)])
    assert score(q, {"a": [1], "b": [0, 2]}) == 10


def test_outcome_is_the_highest_min_at_or_below_the_score() -> None:
    q = quiz("points", [question("a", [0, 5, 9])], (0, 5, 9))
    assert [outcome_for(q, s).id for s in (0, 4, 5, 8, 9, 100)] == [
        "o0",
        "o0",
        "o5",
        "o5",
        "o9",
        "o9",
    ]


def test_a_quiz_version_is_worked_out_once(monkeypatch) -> None:
    q = quiz("points", [question("a", [0, 5])])
    dumps = []
    dump = Quiz.model_dump_json
    monkeypatch.setattr(
        Quiz, "model_dump_json", lambda self, **kw: dumps.append(1) or dump(self, **kw)
    )
    assert [q.version, q.version] == [q.version] * 2 and len(q.version) == 12
    assert len(dumps) == 1
