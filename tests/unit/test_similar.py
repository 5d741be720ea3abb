"""Near-duplicate prompts: within a quiz and across quizzes, the later one is refused, naming the
earlier; different questions that share a few words pass."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.__main__ import main as check_main
from quizkit.loader import read_quizzes
from quizkit.model import comparable
from quizkit.similar import (
    _ASIDE,
    _COMMON,
    _WORD,
    LIMIT,
    Prompt,
    _problem,
    _stem,
    similar_in,
    similar_prompts,
    similarity,
    stems,
)


def quiz_text(*prompts: str, title: str = "Prompts") -> str:
    lines = [f"title: {title}", "questions:"]
    for n, prompt in enumerate(prompts):
        lines += [
            f"  - id: q{n}",
            f"    prompt: {prompt!r}",
            "    choices: [{text: Right, correct: true}, {text: Wrong}]",
        ]
    lines += ["outcomes: [{id: low, min: 0, title: Low, text: Low.}]"]
    return "\n".join(lines) + "\n"


def found(tmp_path: Path, **files: str) -> list[str]:
    folder = tmp_path / "quiz"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    loaded, problems = read_quizzes(folder)
    assert problems == []
    return [str(problem) for problem in similar_prompts(loaded)]


def test_the_same_scene_in_two_quizzes_is_refused_at_the_later_file(tmp_path) -> None:
    assert found(
        tmp_path,
        a=quiz_text("Someone politely declines your offer. Which response is the anti-pattern?"),
        b=quiz_text("Someone politely declined your offer. You..."),
    ) == [
        "quiz/b.yml:4:13: question 'q0': prompt nearly repeats question 'q0' (quiz/a.yml, "
        "line 4): similarity 0.89, limit 0.6; ask each question once"
    ]


def test_a_repeat_within_one_quiz_names_this_quiz(tmp_path) -> None:
    text = quiz_text(
        "You meet a recruiter at a conference.", "At a conference, a recruiter meets you."
    )
    assert found(tmp_path, a=text) == [
        "quiz/a.yml:7:13: question 'q1': prompt nearly repeats question 'q0' (this quiz, "
        "line 4): similarity 1.00, limit 0.6; ask each question once"
    ]


def test_a_repeat_names_the_most_similar_earlier_prompt(tmp_path) -> None:
    text = quiz_text(
        "A stranger sends a long pitch about cloud hosting.",
        "A stranger sends a long pitch about cloud hosting services.",
        "A stranger sends a long pitch about cloud hosting services, twice.",
    )
    assert [line.split("repeats ")[1].split(" (")[0] for line in found(tmp_path, a=text)] == [
        "question 'q0'",
        "question 'q1'",
    ]


def test_different_questions_sharing_a_few_words_pass(tmp_path) -> None:
    text = quiz_text(
        "You accepted a connection request from someone you chatted with at a conference.",
        "Before sending a connection request to someone new, you usually...",
    )
    assert found(tmp_path, a=text) == []


def test_boilerplate_and_asides_do_not_count(tmp_path) -> None:
    text = quiz_text(
        "Which of these is the anti-pattern? (Select all that apply.)",
        "Which of these are anti-patterns? (Select all that apply.) Pick carefully.",
    )
    assert stems("Which of these is the anti-pattern? (Select all that apply.)") == frozenset()
    assert found(tmp_path, a=text) == []


def test_link_targets_do_not_count() -> None:
    assert stems("See [the essay](blog/posts/the-pitch-essay.md#anatomy) first") == {
        "see",
        "essay",
        "first",
    }


def test_make_check_reports_a_repeat_across_quizzes(tmp_path, capsys) -> None:
    found(
        tmp_path,
        a=quiz_text("Your old boss asks for a favor."),
        b=quiz_text("A favor: asks your old boss."),
    )
    assert check_main([str(tmp_path / "quiz")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "quiz/b.yml:4:13: question 'q0': prompt nearly repeats question 'q0' (quiz/a.yml, "
        "line 4): similarity 1.00, limit 0.6; ask each question once",
        "1 problem found.",
    ]


WORDS = st.sampled_from(["cat", "dog", "bird", "fish", "cow", "hen", "owl", "fox", "bee", "ant"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=6), min_size=2, max_size=12))
def test_prefix_filtering_finds_exactly_what_comparing_every_pair_finds(tmp_path_factory, texts):
    tmp_path = tmp_path_factory.mktemp("q")
    prompts = [" ".join(words) for words in texts]
    sets = [stems(prompt) for prompt in prompts]
    flagged = {
        later
        for earlier, later in itertools.combinations(range(len(sets)), 2)
        if similarity(sets[earlier], sets[later]) >= LIMIT
    }
    lines = found(tmp_path, a=quiz_text(*prompts))
    assert {int(line.split("question 'q")[1].split("'")[0]) for line in lines} == flagged


ASCII = st.sampled_from([*"aZ09_ -()[].'\t\x1c", "ing", "The", "Ed", "es", "S"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ASCII, max_size=30).map("".join) | st.text(max_size=30))
def test_the_ascii_path_finds_the_words_of_the_general_one(text) -> None:
    words = _WORD.findall(_ASIDE.sub(" ", comparable(text)))
    assert stems(text) == frozenset(_stem(word) for word in words if word not in _COMMON)


# Stems as common as words are (the k-th about 1/k as often), so some lists of earlier prompts
# are long and most are short, as on a site.
ZIPF = st.integers(1, 40).map(lambda k: f"w{40 // k}")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.frozensets(ZIPF, max_size=12), max_size=8), max_size=8))
def test_the_candidates_give_what_comparing_every_pair_gives(quizzes) -> None:
    places = [(n, i) for n, quiz in enumerate(quizzes) for i in range(len(quiz))]
    prompts = [
        (n, Prompt(f"quiz/{n}.yml", ("questions", i, "prompt"), f"q{k}", quizzes[n][i]))
        for k, (n, i) in enumerate(places)
    ]
    expected = []
    for k, (_, prompt) in enumerate(prompts):
        # The most similar earlier prompt, and the first of equals.
        score, first = max(
            (
                (similarity(prompt.stems, earlier.stems), -m)
                for m, (_, earlier) in enumerate(prompts[:k])
            ),
            default=(0.0, 0),
        )
        if prompt.stems and score >= LIMIT:
            expected.append(str(_problem(prompts[k], prompts[-first], score, where)))
    found = similar_in([[p for m, p in prompts if m == n] for n in range(len(quizzes))], where)
    assert [str(problem) for problem in found] == expected


def where(prompt: Prompt) -> tuple[int, int]:
    return prompt.loc[1] + 1, 3
