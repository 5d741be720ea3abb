"""``scoring: categories``: choices vote for outcomes and the most votes wins (ties: the outcome
listed first). The reference scorer, every message the mode adds, the build's proof that each
outcome can win (checked against trying every set of answers), ``make explain``, the position
lint, the result pictures and the editor schema."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit import categories, chart, scoring
from quizkit.__main__ import main as check_main
from quizkit.categories import Ballot, Proof
from quizkit.explain import explain
from quizkit.loader import read_quizzes
from quizkit.markdown import MarkdownRenderer
from quizkit.model import Outcome, Question, Quiz
from quizkit.positions import LIMIT, check_positions, choice_orders, kinds, spreads
from quizkit.render import QuizRenderer
from quizkit.schema import quiz_schema

# A categories quiz: one pick-one question, one pick-any; each outcome can win.
CATEGORIES = """\
title: Which networker are you?
scoring: categories
questions:
  - id: inbox
    prompt: A message from an old colleague arrives. You...
    choices:
      - text: Leave it unread for a month, then reply "sorry, only just seen this".
        votes: {ghost: 2}
      - text: Reply to all, and to everyone they know.
        votes: {broadcaster: 2}
  - id: event
    prompt: At a meetup, you...
    multiple: true
    choices:
      - text: Stand by the door.
        votes: {ghost: 1}
      - text: Give an unplanned speech.
        votes: {broadcaster: 1, ghost: 1}
      - text: Hand out business cards.
        votes: {broadcaster: 3}
outcomes:
  - {id: ghost, title: The Ghost, text: Seen and never heard.}
  - {id: broadcaster, title: The Broadcaster, text: Heard and never listening.}
"""

# A points quiz whose answers reach 0, 1, 3, 4, 5, 6, 8 and 9: ten cells from 0 to 9.
POINTS = """\
title: How loud are you?
scoring: points
questions:
  - id: reply
    prompt: A recruiter writes. You...
    choices:
      - text: Reply.
        points: 0
      - text: Reply with your life story.
        points: 5
  - id: party
    prompt: At the office party, you...
    multiple: true
    choices:
      - text: Toast the team.
        points: 1
      - text: Pitch your side project.
        points: 3
outcomes:
  - {id: quiet, min: 0, title: Quiet, text: Calm.}
  - {id: loud, min: 4, title: Loud, text: Noisy.}
  - {id: deafening, min: 8, title: Deafening, text: Ears ringing.}
"""


def write(tmp_path: Path, text: str) -> Path:
    quiz_dir = tmp_path / "quiz"
    quiz_dir.mkdir(parents=True, exist_ok=True)
    (quiz_dir / "q.yml").write_text(dedent(text), encoding="utf-8")
    return quiz_dir


def problems(tmp_path: Path, text: str) -> list[str]:
    _, found = read_quizzes(write(tmp_path, text))
    return [str(p) for p in found]


def load(tmp_path: Path, text: str) -> Quiz:
    (item,), found = read_quizzes(write(tmp_path, text))
    assert found == []
    return item.quiz


Rows = Sequence[dict[str, int]]


def quiz_data(questions: Sequence[tuple[bool, Rows]], outcomes: Sequence[str]) -> dict:
    """A categories quiz as data: each question is (pick-any?, one votes mapping per choice)."""
    return {
        "id": "cats",
        "title": "Categories",
        "scoring": "categories",
        "questions": [
            {
                "id": f"q{n}",
                "prompt": f"Prompt {n}?",
                "multiple": multiple,
                "choices": [{"text": f"Choice {k}", "votes": v} for k, v in enumerate(rows)],
            }
            for n, (multiple, rows) in enumerate(questions)
        ],
        "outcomes": [{"id": o, "title": o.title(), "text": "Text."} for o in outcomes],
    }


def checked(questions: Sequence[tuple[bool, Rows]], outcomes: Sequence[str]) -> Quiz:
    """A quiz held to every rule, the proof that each outcome can win included."""
    return Quiz.model_validate(quiz_data(questions, outcomes))


def unchecked(
    questions: Sequence[tuple[bool, Rows]], outcomes: Sequence[str], *, shuffle: bool = False
) -> Quiz:
    """A quiz whose questions and outcomes are valid but whose whole is not checked, so that an
    outcome may be unable to win (which the model would refuse)."""
    data = quiz_data(questions, outcomes)
    return Quiz.model_construct(
        id=data["id"],
        title=data["title"],
        scoring="categories",
        shuffle=shuffle,
        questions=tuple(Question.model_validate(q) for q in data["questions"]),
        outcomes=tuple(Outcome.model_validate(o) for o in data["outcomes"]),
    )


# The reference scorer


SCORED = checked(
    [
        (False, [{"a": 2}, {"b": 2}, {"a": 1, "b": 1}]),
        (True, [{"a": 1, "c": 2}, {"b": 3}, {"c": 4}]),
    ],
    ["a", "b", "c"],
)


def test_tally_adds_up_each_outcomes_votes_over_the_chosen_choices() -> None:
    assert scoring.tally(SCORED, {"q0": [2], "q1": [0]}) == {"a": 2, "b": 1, "c": 2}


def test_tally_adds_every_ticked_choice_of_a_pick_any_question() -> None:
    assert scoring.tally(SCORED, {"q0": [1], "q1": [0, 1, 2]}) == {"a": 1, "b": 5, "c": 6}


def test_an_unanswered_question_adds_nothing() -> None:
    assert scoring.tally(SCORED, {"q1": [1]}) == {"a": 0, "b": 3, "c": 0}
    assert scoring.tally(SCORED, {}) == {"a": 0, "b": 0, "c": 0}


def test_a_tie_goes_to_the_outcome_listed_first() -> None:
    tied = {"q0": [2]}  # a 1, b 1
    first_a = SCORED
    first_b = checked([(False, [{"a": 2}, {"b": 2}, {"a": 1, "b": 1}])], ["b", "a"])
    assert scoring.result(first_a, tied)[1].id == "a"
    assert scoring.result(first_b, tied)[1].id == "b"


def test_the_most_votes_wins_wherever_the_outcome_is_listed() -> None:
    assert scoring.result(SCORED, {"q0": [0], "q1": [2]})[1].id == "c"  # a 2, c 4


def test_result_is_the_winners_total_and_the_winner() -> None:
    value, outcome = scoring.result(SCORED, {"q0": [1], "q1": [1, 2]})  # a 0, b 5, c 4
    assert (value, outcome.id) == (5, "b")
    assert scoring.score(SCORED, {"q0": [1], "q1": [1, 2]}) == 5


# Each message the mode adds, at the key an author should look at


CATEGORY_PROBLEMS = {
    "votes in scoring: correct": (
        """\
        title: Right or wrong
        questions:
          - id: reply
            prompt: Someone thanks you for an introduction. You...
            choices:
              - {text: Say you are glad it helped., correct: true}
              - {text: Ask for a referral fee., votes: {ghost: 1}}
        outcomes:
          - {id: low, min: 0, title: Low, text: Few right.}
        """,
        "quiz/q.yml:7:41: question 'reply': choice 2: 'votes' does not apply to scoring: "
        "correct; mark the right choice with 'correct: true'",
    ),
    "votes in scoring: points": (
        POINTS.replace("points: 3", "points: 3\n        votes: {quiet: 1}"),
        "quiz/q.yml:19:9: question 'party': choice 2: 'votes' does not apply to scoring: "
        "points; give the choice 'points: N'",
    ),
    "correct in scoring: categories": (
        CATEGORIES.replace("votes: {ghost: 1}", "votes: {ghost: 1}\n        correct: true"),
        "quiz/q.yml:17:9: question 'event': choice 1: 'correct' does not apply to scoring: "
        "categories; give the choice votes, e.g. 'votes: {ghost: 1}'",
    ),
    "points in scoring: categories": (
        CATEGORIES.replace("votes: {broadcaster: 2}", "points: 2"),
        "quiz/q.yml:10:9: question 'inbox': choice 2: 'points' does not apply to scoring: "
        "categories; give the choice votes, e.g. 'votes: {ghost: 1}'",
    ),
    "min in scoring: categories": (
        CATEGORIES.replace("{id: broadcaster,", "{id: broadcaster, min: 3,"),
        "quiz/q.yml:23:23: outcome 'broadcaster': 'min' does not apply to scoring: categories, "
        "where the outcome with the most votes wins; delete it",
    ),
    "min missing in scoring: points": (
        POINTS.replace("{id: loud, min: 4,", "{id: loud,"),
        "quiz/q.yml:21:5: outcome 'loud': missing key 'min'",
    ),
    "vote for an unknown outcome, with a likely one": (
        CATEGORIES.replace("{broadcaster: 1, ghost: 1}", "{broadcaster: 1, gohst: 1}"),
        "quiz/q.yml:18:33: question 'event': choice 2: votes for 'gohst', which is not an "
        "outcome of this quiz (did you mean 'ghost'?)",
    ),
    "vote for an unknown outcome, with none alike": (
        CATEGORIES.replace("votes: {ghost: 2}", "votes: {lurker: 2}"),
        "quiz/q.yml:8:17: question 'inbox': choice 1: votes for 'lurker', which is not an "
        "outcome of this quiz (outcomes: ghost, broadcaster)",
    ),
    "no votes": (
        CATEGORIES.replace("votes: {ghost: 1}", "votes: {ghost: 0}"),
        "quiz/q.yml:16:24: question 'event': choice 1: votes for 'ghost' must be from 1 to 10, "
        "not 0",
    ),
    "votes not a number": (
        CATEGORIES.replace("votes: {broadcaster: 3}", "votes: {broadcaster: lots}"),
        "quiz/q.yml:20:30: question 'event': choice 3: votes for 'broadcaster' must be a whole "
        "number from 1 to 10, not text",
    ),
    "too many votes": (
        CATEGORIES.replace("votes: {broadcaster: 3}", "votes: {broadcaster: 11}"),
        "quiz/q.yml:20:30: question 'event': choice 3: votes for 'broadcaster' must be from 1 "
        "to 10, not 11",
    ),
}


@pytest.mark.parametrize("case", CATEGORY_PROBLEMS.values(), ids=CATEGORY_PROBLEMS.keys())
def test_each_mistake_has_its_exact_message(tmp_path: Path, case: tuple[str, ...]) -> None:
    text, *expected = case
    assert problems(tmp_path, text) == expected


def test_the_quizzes_above_are_valid_as_written(tmp_path: Path) -> None:
    assert problems(tmp_path / "c", CATEGORIES) == []
    assert problems(tmp_path / "p", POINTS) == []


# The proof that every outcome can win, and each reason it may fail


CANNOT_WIN = {
    "no choice votes for it": (
        CATEGORIES.replace(
            "  - {id: broadcaster,", "  - {id: lurker, title: L, text: L.}\n  - {id: broadcaster,"
        ),
        "quiz/q.yml:23:6: outcome 'lurker': cannot win: no choice votes for it",
    ),
    "always fewer votes": (
        CATEGORIES.replace("votes: {broadcaster: 2}", "votes: {broadcaster: 2, ghost: 4}").replace(
            "votes: {broadcaster: 3}", "votes: {broadcaster: 3, ghost: 3}"
        ),
        # Its best lead over 'ghost': -2 on the first question (either choice), 0 on the second.
        "quiz/q.yml:23:6: outcome 'broadcaster': cannot win: it always has fewer votes than "
        "'ghost' (at best 2 fewer)",
    ),
    "always loses on ties": (
        CATEGORIES.replace("votes: {broadcaster: 2}", "votes: {broadcaster: 2, ghost: 2}").replace(
            "votes: {broadcaster: 3}", "votes: {broadcaster: 3, ghost: 3}"
        ),
        "quiz/q.yml:23:6: outcome 'broadcaster': cannot win: always loses to 'ghost' on ties "
        "(at best it ties, and 'ghost' is listed first)",
    ),
}


@pytest.mark.parametrize("case", CANNOT_WIN.values(), ids=CANNOT_WIN.keys())
def test_an_outcome_that_cannot_win_is_refused_at_its_id(
    tmp_path: Path, case: tuple[str, ...]
) -> None:
    text, *expected = case
    assert problems(tmp_path, text) == expected


# Each choice votes for "boss" and for one of two rivals, twice as much: "boss" beats either
# rival alone but never both at once, which only trying every set of answers can tell.
SPLIT = """\
title: Split votes
scoring: categories
questions:
  - id: pitch
    prompt: You pitch your startup to...
    choices:
      - {text: An investor., votes: {boss: 1, shark: 2}}
      - {text: A journalist., votes: {boss: 1, herald: 2}}
outcomes:
  - {id: shark, title: Shark, text: Bites.}
  - {id: herald, title: Herald, text: Announces.}
  - {id: boss, title: Boss, text: Decides.}
"""


def test_an_outcome_no_set_of_answers_lets_win_is_refused_with_its_closest_result(
    tmp_path: Path,
) -> None:
    assert problems(tmp_path, SPLIT) == [
        "quiz/q.yml:12:6: outcome 'boss': cannot win: no set of answers makes it win (with the "
        "answers that favour it most it has 1 vote, and 'shark' has 2)"
    ]


def test_the_closest_result_says_when_the_rival_ties_and_is_listed_first(tmp_path: Path) -> None:
    # Each choice now gives "boss" as many votes as the rival, and the rivals are listed first.
    assert problems(tmp_path, SPLIT.replace("boss: 1,", "boss: 2,")) == [
        "quiz/q.yml:12:6: outcome 'boss': cannot win: no set of answers makes it win (with the "
        "answers that favour it most it has 2 votes, and 'shark' has 2 and is listed first)"
    ]


SPLIT_13 = unchecked(
    [(False, [{"boss": 1, "shark": 2}, {"boss": 1, "herald": 2}])] * 13, ["boss", "shark", "herald"]
)


def test_a_quiz_with_thousands_of_answer_sets_is_still_proved_impossible() -> None:
    # 8,192 sets of answers, but "boss" only ever leads its rivals by a few votes.
    assert Ballot(SPLIT_13).how_to_win("boss") == Proof(
        "boss",
        reason="no set of answers makes it win (with the answers that favour it most it has 13 "
        "votes, and 'shark' has 14)",
    )


def test_a_search_that_runs_out_of_steps_reports_the_outcome_as_not_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(categories, "SEARCH_UP_TO", 20)
    assert Ballot(SPLIT_13).how_to_win("boss") == Proof(
        "boss",
        reason="no answers were found under which it wins (with the answers that favour it most "
        "it has 13 votes, and 'shark' has 14)",
    )


def test_a_winner_that_needs_three_boxes_ticked_at_once_is_found_in_a_long_quiz() -> None:
    # "gold" wins only with all three of its choices ticked (gold 7, blue 6, green 5): no single
    # change from the answers that favour it helps, and 16,384 sets of answers are too many to
    # try one by one. The build used to refuse this quiz: "no answers were found under which it
    # wins".
    even = (False, [{"blue": 1, "green": 1, "gold": 1}] * 4)
    quiz = checked(
        [
            (True, [{"green": 5, "gold": 1}, {}]),
            (True, [{"blue": 4, "gold": 4}, {"blue": 2, "gold": 2}]),
            *[even] * 5,
        ],
        ["blue", "green", "gold"],
    )
    proof = Ballot(quiz).how_to_win("gold")
    assert (proof.answers["q0"], proof.answers["q1"]) == ((0,), (0, 1))
    assert scoring.result(quiz, proof.answers)[1].id == "gold"


def test_a_proof_may_win_on_ties_when_its_outcome_is_listed_first() -> None:
    # With an even number of questions "boss" can tie both rivals, and is listed first.
    split = (False, [{"boss": 1, "shark": 2}, {"boss": 1, "herald": 2}])
    quiz = unchecked([split] * 4, ["boss", "shark", "herald"])
    proof = Ballot(quiz).how_to_win("boss")
    assert proof.totals == {"boss": 4, "shark": 4, "herald": 4}
    assert scoring.result(quiz, proof.answers) == (4, quiz.outcomes[0])


WINNABLE = checked(
    [
        (False, [{"a": 2}, {"b": 2}, {"c": 1, "a": 1}, {}]),
        (True, [{"a": 1, "c": 2}, {"b": 3}, {"c": 4, "a": 1}, {"b": 1}]),
        (False, [{"b": 1, "c": 1}, {"a": 1}]),
        (True, [{"c": 1}, {"a": 1, "b": 1}]),
    ],
    ["a", "b", "c"],
)


@pytest.mark.parametrize("outcome", ["a", "b", "c"])
def test_each_proof_wins_under_the_reference_scorer_with_at_least_one_vote(outcome: str) -> None:
    proof = Ballot(WINNABLE).how_to_win(outcome)
    value, winner = scoring.result(WINNABLE, proof.answers)
    assert (winner.id, proof.reason) == (outcome, None)
    assert value >= 1


@pytest.mark.parametrize("outcome", ["a", "b", "c"])
def test_each_proofs_totals_are_the_reference_tally_of_its_answers(outcome: str) -> None:
    proof = Ballot(WINNABLE).how_to_win(outcome)
    assert proof.totals == scoring.tally(WINNABLE, proof.answers)


@pytest.mark.parametrize("outcome", ["a", "b", "c"])
def test_each_proof_answers_every_pick_one_question_with_one_choice(outcome: str) -> None:
    answers = Ballot(WINNABLE).how_to_win(outcome).answers
    assert list(answers) == ["q0", "q1", "q2", "q3"]
    assert len(answers["q0"]) == len(answers["q2"]) == 1


def test_the_most_each_outcome_can_get_counts_every_vote_of_a_pick_any_question() -> None:
    # a: 2 + (1 + 1) + 1 + 1; b: 2 + (3 + 1) + 1 + 1; c: 1 + (2 + 4) + 1 + 1.
    assert Ballot(WINNABLE).most() == {"a": 6, "b": 8, "c": 9}


# Random small quizzes, against scorers written out by hand


@st.composite
def small_quizzes(draw: st.DrawFn) -> Quiz:
    """2-4 questions of 2-4 choices, some pick-any; 2-4 outcomes; random votes (some none)."""
    outcomes = ["red", "green", "blue", "gold"][: draw(st.integers(2, 4))]
    votes = st.dictionaries(st.sampled_from(outcomes), st.integers(1, 10), max_size=3)
    questions = [
        (draw(st.booleans()), draw(st.lists(votes, min_size=2, max_size=4)))
        for _ in range(draw(st.integers(2, 4)))
    ]
    return unchecked(questions, outcomes)


def add_up(quiz: Quiz, answers: dict[str, Sequence[int]]) -> dict[str, int]:
    """Votes per outcome, counted outcome by outcome over every chosen choice."""
    return {
        outcome.id: sum(
            question.choices[k].votes.get(outcome.id, 0)
            for question in quiz.questions
            for k in answers.get(question.id, [])
        )
        for outcome in quiz.outcomes
    }


def first_with_most(quiz: Quiz, totals: dict[str, int]) -> str:
    for outcome in quiz.outcomes:
        if all(totals[outcome.id] >= v for v in totals.values()):
            return outcome.id
    raise AssertionError("no outcome has the most votes")


def every_answer_set(quiz: Quiz) -> list[dict[str, tuple[int, ...]]]:
    """One choice for each pick-one question (a reader must answer it), any set for pick-any."""
    options = []
    for question in quiz.questions:
        places = range(len(question.choices))
        if question.multiple:
            subsets = itertools.chain.from_iterable(
                itertools.combinations(places, size) for size in range(len(places) + 1)
            )
            options.append(list(subsets))
        else:
            options.append([(k,) for k in places])
    ids = [question.id for question in quiz.questions]
    return [dict(zip(ids, chosen, strict=True)) for chosen in itertools.product(*options)]


@settings(max_examples=150, deadline=None)
@given(small_quizzes(), st.data())
def test_tally_and_winner_agree_with_adding_up_by_hand(quiz: Quiz, data: st.DataObject) -> None:
    answers = {}
    for question in quiz.questions:
        places = range(len(question.choices))
        if question.multiple:
            answers[question.id] = data.draw(st.lists(st.sampled_from(places), unique=True))
        elif data.draw(st.booleans()):  # a pick-one question left unanswered adds nothing
            answers[question.id] = [data.draw(st.sampled_from(places))]
    totals = add_up(quiz, answers)
    assert scoring.tally(quiz, answers) == totals
    value, winner = scoring.result(quiz, answers)
    assert (value, winner.id) == (max(totals.values()), first_with_most(quiz, totals))


def assert_proofs_match_every_answer_set(quiz: Quiz) -> None:
    can_win = set()
    for answers in every_answer_set(quiz):
        totals = add_up(quiz, answers)
        if max(totals.values()) >= 1:
            can_win.add(first_with_most(quiz, totals))
    ballot = Ballot(quiz)
    proved = {o.id for o in quiz.outcomes if ballot.how_to_win(o.id).answers is not None}
    assert proved == can_win
    for outcome in proved:
        proof = ballot.how_to_win(outcome)
        assert proof.reason is None
        assert proof.totals == add_up(quiz, proof.answers)
        assert first_with_most(quiz, proof.totals) == outcome
        assert proof.totals[outcome] >= 1
    for outcome in {o.id for o in quiz.outcomes} - proved:
        assert ballot.how_to_win(outcome).reason


@settings(max_examples=150, deadline=None)
@given(small_quizzes())
def test_an_outcome_has_a_proof_exactly_when_some_answers_make_it_win(quiz: Quiz) -> None:
    assert_proofs_match_every_answer_set(quiz)


@settings(max_examples=100, deadline=None)
@given(small_quizzes())
def test_without_the_climb_the_search_alone_finds_every_outcome_that_can_win(quiz: Quiz) -> None:
    def stuck(self: Ballot, x: int, chosen: list) -> tuple[list, list[int]]:
        return chosen, self._totals(chosen)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Ballot, "_climb", stuck)
        assert_proofs_match_every_answer_set(quiz)


# `make explain`: answers that lead to each outcome


def test_explain_shows_each_outcomes_proof_and_the_votes_it_gives(tmp_path: Path) -> None:
    quiz = load(tmp_path, CATEGORIES)
    assert list(explain(quiz, choice_orders(quiz))) == [
        "'ghost' wins (ghost 3, broadcaster 0) with:",
        "  1. inbox: choice 1 (Leave it unread for a month, then rep...)",
        "  2. event: choice 1 (Stand by the door.)",
        "'broadcaster' wins (ghost 0, broadcaster 5) with:",
        "  1. inbox: choice 2 (Reply to all, and to everyone they know.)",
        "  2. event: choice 3 (Hand out business cards.)",
    ]


def test_explain_shows_the_lowest_score_of_each_band_in_a_points_quiz(tmp_path: Path) -> None:
    quiz = load(tmp_path, POINTS)
    assert list(explain(quiz, choice_orders(quiz))) == [
        "'quiet' (score 0) with:",
        "  1. reply: choice 1 (Reply.)",
        "  2. party: nothing ticked",
        "'loud' (score 4) with:",
        "  1. reply: choice 1 (Reply.)",
        "  2. party: choice 1 (Toast the team.); choice 2 (Pitch your side project.)",
        "'deafening' (score 8) with:",
        "  1. reply: choice 2 (Reply with your life story.)",
        "  2. party: choice 2 (Pitch your side project.)",
    ]


def test_explain_names_choices_by_the_place_they_are_shown_in(tmp_path: Path) -> None:
    quiz = load(tmp_path, CATEGORIES)
    dealt = {"inbox": (1, 0), "event": (2, 1, 0)}
    assert list(explain(quiz, dealt))[3:] == [
        "'broadcaster' wins (ghost 0, broadcaster 5) with:",
        "  1. inbox: choice 1 (Reply to all, and to everyone they know.)",
        "  2. event: choice 1 (Hand out business cards.)",
    ]


def test_check_explain_prints_the_answers_after_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiz_dir = write(tmp_path, CATEGORIES)
    assert check_main([str(quiz_dir), "--explain"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1 quizzes, 2 questions: no problems found.",
        "quiz/q.yml:4:5: note: choice with the most votes for 'ghost' positions not judged: too "
        "few questions (even all of them in one place could be chance)",
        "quiz/q.yml:4:5: note: choice with the most votes for 'broadcaster' positions not "
        "judged: too few questions (even all of them in one place could be chance)",
        "",
        "quiz/q.yml: answers that lead to each outcome",
        "'ghost' wins (ghost 3, broadcaster 0) with:",
        "  1. inbox: choice 1 (Leave it unread for a month, then rep...)",
        "  2. event: choice 1 (Stand by the door.)",
        "'broadcaster' wins (ghost 0, broadcaster 5) with:",
        "  1. inbox: choice 2 (Reply to all, and to everyone they know.)",
        "  2. event: choice 3 (Hand out business cards.)",
    ]


def test_check_without_explain_prints_only_the_summary_and_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_main([str(write(tmp_path, CATEGORIES))]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1 quizzes, 2 questions: no problems found.",
        "quiz/q.yml:4:5: note: choice with the most votes for 'ghost' positions not judged: too "
        "few questions (even all of them in one place could be chance)",
        "quiz/q.yml:4:5: note: choice with the most votes for 'broadcaster' positions not "
        "judged: too few questions (even all of them in one place could be chance)",
    ]


# Positions: each outcome's favourite choices must not give it away by place


def favourites_first(questions: int, *, shuffle: bool | None = None) -> str:
    """A quiz whose choice 1 always has the most votes for 'ghost'; the choice with the most for
    'broadcaster' takes turns at places 2 and 3."""
    lines = ["title: Favourites", "scoring: categories"]
    lines += [] if shuffle is None else [f"shuffle: {str(shuffle).lower()}"]
    lines.append("questions:")
    for n in range(questions):
        loud, louder = (1, 2) if n % 2 else (2, 1)
        lines += [
            f"  - id: q{n}",
            f"    prompt: Situation number {n}?",
            "    choices:",
            "      - {text: Hide, votes: {ghost: 2}}",
            f"      - {{text: Talk, votes: {{broadcaster: {loud}}}}}",
            f"      - {{text: Shout, votes: {{broadcaster: {louder}}}}}",
        ]
    lines += [
        "outcomes:",
        "  - {id: ghost, title: Ghost, text: Quiet.}",
        "  - {id: broadcaster, title: Broadcaster, text: Loud.}",
    ]
    return "\n".join(lines) + "\n"


def test_each_outcome_is_its_own_kind_of_telling_answer(tmp_path: Path) -> None:
    quiz = load(tmp_path, CATEGORIES)
    found = [
        (kind.name, [sorted(kind.telling(question)) for question in quiz.questions])
        for kind in kinds(quiz)
    ]
    assert found == [
        ("choice with the most votes for 'ghost'", [[0], [0, 1]]),
        ("choice with the most votes for 'broadcaster'", [[1], [2]]),
    ]


def test_a_question_that_gives_an_outcome_the_same_votes_everywhere_tells_nothing() -> None:
    quiz = unchecked([(False, [{"a": 1, "b": 1}, {"a": 1, "b": 2}])], ["a", "b"])
    assert [sorted(kind.telling(quiz.questions[0])) for kind in kinds(quiz)] == [[], [1]]


def test_one_outcomes_favourite_always_first_is_refused(tmp_path: Path) -> None:
    (item,), _ = read_quizzes(write(tmp_path, favourites_first(8)))
    assert [str(p) for p in check_positions([item])[0]] == [
        "quiz/q.yml:4:5: the choice with the most votes for 'ghost' is choice 1 in 8 of 8 "
        "questions; a fair shuffle would put that many there with chance 0.00015 (limit 0.01), "
        "so readers could score by position; set 'shuffle: true' or move them"
    ]


def test_shuffle_deals_a_categories_quiz_that_passes(tmp_path: Path) -> None:
    (item,), _ = read_quizzes(write(tmp_path, favourites_first(8, shuffle=True)))
    assert check_positions([item]) == ([], [])
    # 8 favourites of each outcome over 3 places: 3, 3 and 2, in some order.
    assert [sorted(spread.shown) for spread in spreads(item.quiz)] == [[2, 3, 3], [2, 3, 3]]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda n: st.tuples(
            st.just(["red", "green", "blue", "gold"][:n]),
            st.lists(
                st.lists(
                    st.dictionaries(
                        st.sampled_from(["red", "green", "blue", "gold"][:n]),
                        st.integers(1, 10),
                        max_size=n,
                    ),
                    min_size=2,
                    max_size=5,
                ),
                min_size=1,
                max_size=30,
            ),
        )
    ),
)
def test_shuffled_categories_quizzes_always_pass_and_stay_permutations(
    quiz_parts: tuple[list[str], list[Rows]],
) -> None:
    outcomes, questions = quiz_parts
    quiz = unchecked([(False, rows) for rows in questions], outcomes, shuffle=True)
    orders = choice_orders(quiz)
    assert all(sorted(orders[q.id]) == list(range(len(q.choices))) for q in quiz.questions)
    for spread in spreads(quiz, orders):
        assert not spread.judged or spread.chance[spread.worst] >= LIMIT, str(spread)


def test_a_choice_favoured_by_two_outcomes_goes_where_both_have_had_fewest() -> None:
    # Found by the test above: 'gold' shares its favourites with 'red', which dealt them all to
    # the second place (4 of 4 questions, chance 0.0074) while 'gold' never chose.
    questions = [
        [{}, {"red": 1, "gold": 1}, {"red": 2, "green": 1}],
        [{}, {"blue": 1, "red": 1}, {"gold": 1, "green": 1}],
        [{}, {}, {}, {"red": 1}, {"gold": 1, "red": 1}],
        [{}, {}, {"red": 1, "green": 1, "gold": 1}],
    ]
    quiz = unchecked(
        [(False, rows) for rows in questions], ["red", "green", "blue", "gold"], shuffle=True
    )
    gold = next(spread for spread in spreads(quiz) if "'gold'" in spread.kind)
    assert gold.shown == (1, 2, 1, 0, 0)


# The result pictures: a scale of the bands (scores), one bar per outcome (votes)


def test_the_scale_gives_every_score_from_lowest_to_highest_an_equal_cell(tmp_path: Path) -> None:
    scale = chart.scale(load(tmp_path, POINTS))
    assert (scale.low, scale.high) == (0, 9)
    assert scale.bands == (
        chart.Band("quiet", 0, 3, 0.0, 400.0),
        chart.Band("loud", 4, 7, 400.0, 400.0),
        chart.Band("deafening", 8, 9, 800.0, 200.0),
    )


def test_a_marker_sits_in_the_middle_of_its_scores_cell(tmp_path: Path) -> None:
    scale = chart.scale(load(tmp_path, POINTS))
    assert [scale.at(score) for score in (0, 4, 9)] == [50.0, 450.0, 950.0]


def test_a_band_whose_min_is_below_every_score_starts_at_the_lowest_score(tmp_path: Path) -> None:
    scale = chart.scale(load(tmp_path, POINTS.replace("min: 0,", "min: -5,")))
    assert scale.bands[0] == chart.Band("quiet", 0, 3, 0.0, 400.0)


def test_a_bar_is_as_long_as_its_votes_against_the_most_any_outcome_can_get(
    tmp_path: Path,
) -> None:
    bars = chart.bars(load(tmp_path, CATEGORIES), {"ghost": 1, "broadcaster": 5})
    # The most: ghost 2 + 1 + 1 = 4, broadcaster 2 + 1 + 3 = 6.
    assert bars.most == 6
    assert [bars.width("ghost"), bars.width("broadcaster")] == pytest.approx([1000 / 6, 5000 / 6])


def test_bars_without_totals_are_empty(tmp_path: Path) -> None:
    bars = chart.bars(load(tmp_path, CATEGORIES))
    assert [bars.width("ghost"), bars.width("broadcaster")] == [0.0, 0.0]


def test_a_bars_label_is_the_outcomes_title_as_markdown_makes_it(tmp_path: Path) -> None:
    quiz = load(tmp_path, CATEGORIES.replace("title: The Ghost,", "title: The *Ghost*,"))
    renderer = QuizRenderer(MarkdownRenderer())
    pages = [
        renderer.quiz(quiz, link=lambda target: target),
        renderer.outcome(quiz, quiz.outcomes[0], link=lambda target: target),
    ]
    label = re.compile(
        r'<span class="nw-chart__label">(.*?)(?: <span class="nw-chart__mine"|</span>)'
    )
    labels = [label.findall(str(page)) for page in pages]
    assert labels == [["The <em>Ghost</em>", "The Broadcaster"]] * 2


# The editor schema: which keys each mode reads


def test_the_schema_forbids_votes_outside_categories_and_min_correct_points_inside() -> None:
    def each(choice: object, outcome: object) -> dict:
        return {
            "properties": {
                "questions": {"items": {"properties": {"choices": {"items": choice}}}},
                "outcomes": {"items": outcome},
            }
        }

    assert quiz_schema()["allOf"] == [
        {
            "if": {"properties": {"scoring": {"const": "categories"}}, "required": ["scoring"]},
            "then": each(
                {"properties": {"correct": False, "points": False}},
                {"properties": {"min": False}},
            ),
            "else": each({"properties": {"votes": False}}, {"required": ["min"]}),
        }
    ]


def test_a_quiz_with_one_outcome_loads_and_its_outcome_wins(tmp_path: Path) -> None:
    text = """\
title: One kind of networker
scoring: categories
questions:
  - id: alone
    prompt: Is there anyone else here?
    choices:
      - text: No one.
        votes: {only: 2}
      - text: Nobody at all.
outcomes:
  - id: only
    title: The only one
    text: Everyone who plays is this.
"""
    assert load(tmp_path, text).ballot().how_to_win("only").answers == {"alone": (0,)}
