"""Answer positions: ``shuffle: true`` deals them evenly, and a quiz that gives them away by place
is refused with one exact message at its ``shuffle`` key or its first question."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.__main__ import main as check_main
from quizkit.loader import read_quizzes
from quizkit.positions import LIMIT, _at_least, check_positions, choice_orders, spreads


def quiz_text(
    rights: list[int] | list[set[int]],
    *,
    choices: int | list[int] = 3,
    shuffle: bool | None = None,
    points: bool = False,
    multiple: bool = False,
) -> str:
    """A quiz whose question ``n`` has its right (or, with ``points``, top-scoring and then
    zero-point) answers at ``rights[n]``, written in that YAML order; prompts all differ."""
    lines = ["title: Positions"]
    if points:
        lines.append("scoring: points")
    if shuffle is not None:
        lines.append(f"shuffle: {str(shuffle).lower()}")
    lines.append("questions:")
    for n, right in enumerate(rights):
        count = choices if isinstance(choices, int) else choices[n]
        right = right if isinstance(right, set) else {right}
        lines += [f"  - id: q{n}", f"    prompt: Prompt {n}?"]
        lines += ["    multiple: true"] if multiple else []
        lines.append("    choices:")
        for k in range(count):
            mark = (f"points: {2 if k in right else 1}" if points else "") or (
                "correct: true" if k in right else ""
            )
            lines.append(f"      - text: Choice {k}" + (f"\n        {mark}" if mark else ""))
    low = 0 if not points else sum(1 for _ in rights)
    lines += ["outcomes:", f"  - {{id: low, min: {low}, title: Low, text: Low.}}"]
    return "\n".join(lines) + "\n"


def load(tmp_path: Path, text: str):
    (tmp_path / "quiz").mkdir(parents=True, exist_ok=True)
    (tmp_path / "quiz" / "q.yml").write_text(text, encoding="utf-8")
    loaded, problems = read_quizzes(tmp_path / "quiz")
    assert problems == []
    return loaded


def messages(tmp_path: Path, text: str) -> tuple[list[str], list[str]]:
    problems, notes = check_positions(load(tmp_path, text))
    return [str(p) for p in problems], [str(n) for n in notes]


# The rule


def test_right_answer_always_second_is_refused_at_the_first_question(tmp_path) -> None:
    assert messages(tmp_path, quiz_text([1] * 8)) == (
        [
            "quiz/q.yml:3:5: the right answer is choice 2 in 8 of 8 questions; a fair shuffle "
            "would put that many there with chance 0.00015 (limit 0.01), so readers could score "
            "by position; set 'shuffle: true' or move them"
        ],
        [],
    )


def test_the_problem_points_at_the_shuffle_key_when_written(tmp_path) -> None:
    problems, _ = messages(tmp_path, quiz_text([0] * 8, shuffle=False))
    assert [p.split(": ", 1)[0] for p in problems] == ["quiz/q.yml:2:10"]


def test_answers_spread_by_hand_pass(tmp_path) -> None:
    assert messages(tmp_path, quiz_text([0, 1, 2] * 3)) == ([], [])


def test_a_place_used_somewhat_more_than_others_passes(tmp_path) -> None:
    # 5 of 9 in the first place: P(at least 5) = 0.14, unremarkable.
    assert messages(tmp_path, quiz_text([0, 0, 0, 0, 0, 1, 1, 2, 2])) == ([], [])


def test_a_quiz_too_small_to_judge_is_exempt_and_says_so(tmp_path) -> None:
    # 4 questions of 3 choices: all in one place has chance 1/81, more than the limit.
    assert messages(tmp_path, quiz_text([0] * 4)) == (
        [],
        [
            "quiz/q.yml:3:5: note: right answer positions not judged: too few questions "
            "(even all of them in one place could be chance)"
        ],
    )


def test_five_questions_are_enough_to_judge(tmp_path) -> None:
    problems, notes = messages(tmp_path, quiz_text([0] * 5))
    assert (len(problems), notes) == (1, [])


def test_points_quiz_judges_highest_and_lowest_apart(tmp_path) -> None:
    # Choices score 1 except the top one (2): the lowest are all the others, spread out.
    problems, _ = messages(tmp_path, quiz_text([3] * 10, choices=4, points=True))
    assert problems == [
        "quiz/q.yml:4:5: the highest-scoring answer is choice 4 in 10 of 10 questions; a fair "
        "shuffle would put that many there with chance 9.5e-07 (limit 0.01), so readers could "
        "score by position; set 'shuffle: true' or move them"
    ]


def test_lowest_scoring_answer_always_first_is_refused(tmp_path) -> None:
    text = quiz_text([{1, 2, 3}] * 10, choices=4, points=True)  # only choice 1 scores low
    problems, _ = messages(tmp_path, text)
    assert [p.split(": ", 1)[1].split(";")[0] for p in problems] == [
        "the lowest-scoring answer is choice 1 in 10 of 10 questions"
    ]


def test_pick_any_right_answers_count_by_place(tmp_path) -> None:
    text = quiz_text([{0, 1}] * 10, choices=4, multiple=True)
    problems, _ = messages(tmp_path, text)
    assert [p.split(": ", 1)[1].split(";")[0] for p in problems] == [
        "the right answer is choice 1 in 10 of 10 questions"
    ]


def test_make_check_prints_the_problem_and_fails(tmp_path, capsys) -> None:
    load(tmp_path, quiz_text([2] * 6))
    assert check_main([str(tmp_path / "quiz")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "quiz/q.yml:3:5: the right answer is choice 3 in 6 of 6 questions; a fair shuffle would "
        "put that many there with chance 0.0014 (limit 0.01), so readers could score by "
        "position; set 'shuffle: true' or move them",
        "1 problem found.",
    ]


def test_make_check_prints_the_note_when_all_is_well(tmp_path, capsys) -> None:
    load(tmp_path, quiz_text([0, 1]))
    assert check_main([str(tmp_path / "quiz")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1 quizzes, 2 questions: no problems found.",
        "quiz/q.yml:3:5: note: right answer positions not judged: too few questions (even all "
        "of them in one place could be chance)",
    ]


# shuffle: true


def test_shuffle_fixes_a_quiz_that_gives_its_answers_away(tmp_path) -> None:
    assert messages(tmp_path, quiz_text([0] * 12, choices=4, shuffle=True)) == ([], [])


def test_shuffle_spreads_right_answers_evenly(tmp_path) -> None:
    (item,) = load(tmp_path, quiz_text([0] * 12, choices=4, shuffle=True))
    (spread,) = spreads(item.quiz)
    assert spread.shown == (3, 3, 3, 3)


def test_shuffle_spreads_highest_and_lowest_evenly(tmp_path) -> None:
    # One top answer (2 points) and two lowest (1 point) per question, over 9 questions.
    (item,) = load(tmp_path, quiz_text([2] * 9, choices=3, points=True, shuffle=True))
    assert [spread.shown for spread in spreads(item.quiz)] == [(3, 3, 3), (6, 6, 6)]


def test_shuffle_is_the_same_on_every_build(tmp_path) -> None:
    text = quiz_text([0] * 12, choices=4, shuffle=True)
    (first,), (again,) = load(tmp_path / "a", text), load(tmp_path / "b", text)
    assert choice_orders(first.quiz) == choice_orders(again.quiz)


def test_shuffle_changes_the_order_it_was_written_in(tmp_path) -> None:
    (item,) = load(tmp_path, quiz_text([0] * 12, choices=4, shuffle=True))
    orders = choice_orders(item.quiz)
    assert any(order != (0, 1, 2, 3) for order in orders.values())


def test_without_shuffle_choices_are_shown_as_written(tmp_path) -> None:
    (item,) = load(tmp_path, quiz_text([0, 1, 1], choices=[3, 4, 2]))
    assert choice_orders(item.quiz) == {"q0": (0, 1, 2), "q1": (0, 1, 2, 3), "q2": (0, 1)}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.integers(2, 5).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))),
        min_size=1,
        max_size=30,
    )
)
def test_shuffled_quizzes_always_pass_and_stay_permutations(tmp_path_factory, questions):
    tmp_path = tmp_path_factory.mktemp("q")
    counts, rights = [n for n, _ in questions], [r for _, r in questions]
    (item,) = load(tmp_path, quiz_text(rights, choices=counts, shuffle=True))
    orders = choice_orders(item.quiz)
    assert all(sorted(orders[f"q{n}"]) == list(range(c)) for n, c in enumerate(counts))
    assert check_positions([item])[0] == []


# The chance itself


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.2, 0.25, 1 / 3, 0.5, 0.75]), max_size=10), st.integers(0, 11))
def test_chance_matches_counting_every_outcome(odds, k) -> None:
    exact = sum(
        math.prod(p if hit else 1 - p for p, hit in zip(odds, hits, strict=True))
        for hits in itertools.product([False, True], repeat=len(odds))
        if sum(hits) >= k
    )
    assert _at_least(k, odds) == pytest.approx(exact, abs=1e-12)


def test_chance_for_a_huge_quiz_is_close_to_exact() -> None:
    odds = [0.25] * 1000  # past EXACT_UP_TO: the normal approximation
    exact = math.fsum(math.comb(1000, j) * 0.25**j * 0.75 ** (1000 - j) for j in range(285, 1001))
    assert _at_least(285, odds) == pytest.approx(exact, rel=0.1)
    assert exact < LIMIT < _at_least(260, odds)
