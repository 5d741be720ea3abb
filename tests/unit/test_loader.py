"""The loader: valid quizzes load; each mistake gets one exact ``file:line:col: message``."""

from __future__ import annotations

import os
from pathlib import Path
from textwrap import dedent

import pytest

from quizkit.__main__ import main as check_main
from quizkit.errors import QuizError
from quizkit.loader import load_quizzes, read_quizzes

VALID = """\
title: Is this a networking anti-pattern?
questions:
  - id: silent-invite
    prompt: A request with no note is...
    choices:
      - text: Efficient.
      - text: A missed chance.
        correct: true
outcomes:
  - id: expert
    min: 0
    title: Expert
    text: You have mastered every technique.
  - id: human
    min: 1
    title: Human
    text: You write notes.
"""


def write(tmp_path: Path, text: str, name: str = "q.yml") -> Path:
    quiz_dir = tmp_path / "quiz"
    quiz_dir.mkdir(exist_ok=True)
    (quiz_dir / name).write_text(dedent(text), encoding="utf-8")
    return quiz_dir


def problems(tmp_path: Path, text: str, name: str = "q.yml") -> list[str]:
    _, found = read_quizzes(write(tmp_path, text, name))
    return [str(p) for p in found]


def test_valid_quiz_loads_with_defaults(tmp_path: Path) -> None:
    (quiz,) = load_quizzes(write(tmp_path, VALID, "anti-patterns.yml"))
    assert (quiz.id, quiz.scoring, quiz.shuffle) == ("anti-patterns", "correct", False)
    assert [c.correct for c in quiz.questions[0].choices] == [False, True]


def test_yaml_extension_loads_too(tmp_path: Path) -> None:
    (quiz,) = load_quizzes(write(tmp_path, VALID, "other.yaml"))
    assert quiz.id == "other"


def test_schema_json_is_not_a_quiz(tmp_path: Path) -> None:
    quiz_dir = write(tmp_path, VALID)
    (quiz_dir / "schema.json").write_text("{}", encoding="utf-8")
    assert len(load_quizzes(quiz_dir)) == 1


def test_load_quizzes_raises_every_problem_sorted(tmp_path: Path) -> None:
    write(tmp_path, VALID.replace("title: Is", "titl: Is"), "b.yml")
    quiz_dir = write(tmp_path, VALID.replace("min: 1", "min: 0"), "a.yml")
    with pytest.raises(QuizError) as caught:
        load_quizzes(quiz_dir)
    assert str(caught.value).splitlines() == [
        "quiz/a.yml:15:5: outcome 'human': min 0 is already used by outcome 'expert'",
        "quiz/b.yml:1:1: missing key 'title'",
        "quiz/b.yml:1:1: unknown key 'titl' (did you mean 'title'?)",
    ]


INVALID = {
    "unknown key with hint": (
        VALID.replace("    prompt:", "    promt:"),
        "quiz/q.yml:3:5: question 'silent-invite': missing key 'prompt'",
        "quiz/q.yml:4:5: question 'silent-invite': unknown key 'promt' (did you mean 'prompt'?)",
    ),
    "duplicate key": (
        VALID.replace("title: Expert", "title: Expert\n    title: Again"),
        "quiz/q.yml:13:5: duplicate key 'title' (first defined at line 12)",
    ),
    "bare yes as text": (
        VALID.replace("text: Efficient.", "text: yes"),
        "quiz/q.yml:6:15: question 'silent-invite': choice 1: 'text' must be text, not true or "
        'false (YAML reads a bare yes as true or false; write "yes" in quotes)',
    ),
    "number as text": (
        VALID.replace("title: Human", "title: 42"),
        "quiz/q.yml:16:12: outcome 'human': 'title' must be text, not a number "
        '(write "42" in quotes)',
    ),
    "empty text": (
        VALID.replace("text: Efficient.", 'text: "  "'),
        "quiz/q.yml:6:15: question 'silent-invite': choice 1: 'text' must not be empty",
    ),
    "missing prompt": (
        VALID.replace("    prompt: A request with no note is...\n", ""),
        "quiz/q.yml:3:5: question 'silent-invite': missing key 'prompt'",
    ),
    "bad id": (
        VALID.replace("id: silent-invite", "id: Silent Invite"),
        "quiz/q.yml:3:9: question 'Silent Invite': 'id' must use only lowercase letters, digits "
        "and hyphens, not 'Silent Invite'",
    ),
    "one choice": (
        VALID.replace("      - text: Efficient.\n", ""),
        "quiz/q.yml:6:7: question 'silent-invite': 'choices' must have at least 2 items",
    ),
    "no questions": (
        VALID.split("questions:")[0]
        + "questions: []\n"
        + "outcomes:"
        + VALID.split("outcomes:")[1],
        "quiz/q.yml:2:12: 'questions' must have at least 1 item",
    ),
    "questions not a list": (
        VALID.split("questions:")[0]
        + "questions: many\n"
        + "outcomes:"
        + VALID.split("outcomes:")[1],
        "quiz/q.yml:2:12: 'questions' must be a list, not text",
    ),
    "wrong scoring": (
        "scoring: score\n" + VALID,
        "quiz/q.yml:1:10: 'scoring' must be one of 'correct', 'points' or 'categories', "
        "not 'score'",
    ),
    "multiple not boolean": (
        VALID.replace("    choices:", "    multiple: maybe\n    choices:", 1),
        "quiz/q.yml:5:15: question 'silent-invite': 'multiple' must be true or false, not text",
    ),
    "two correct in pick-one": (
        VALID.replace("text: Efficient.", "text: Efficient.\n        correct: true"),
        "quiz/q.yml:5:5: question 'silent-invite': a pick-one question needs exactly one correct "
        "choice, found 2",
    ),
    "all correct in pick-any": (
        VALID.replace("    choices:", "    multiple: true\n    choices:", 1).replace(
            "text: Efficient.", "text: Efficient.\n        correct: true"
        ),
        "quiz/q.yml:6:5: question 'silent-invite': a pick-any question needs at least one "
        "incorrect choice, or ticking every box always wins",
    ),
    "points under correct scoring": (
        VALID.replace("text: Efficient.", "text: Efficient.\n        points: 2"),
        "quiz/q.yml:7:9: question 'silent-invite': choice 1: 'points' does not apply to "
        "scoring: correct",
    ),
    "repeated choice text": (
        VALID.replace("text: A missed chance.", "text: efficient."),
        "quiz/q.yml:7:9: question 'silent-invite': choice 2: text repeats choice 1",
    ),
    "unreachable outcome": (
        VALID.replace("min: 1", "min: 2"),
        "quiz/q.yml:15:5: outcome 'human': cannot be reached: no answers score 2 or more "
        "(possible scores: 0, 1)",
    ),
    "lowest min above lowest score": (
        VALID.replace("min: 1", "min: 2").replace("min: 0", "min: 1"),
        "quiz/q.yml:11:5: outcome 'expert': the lowest min is 1, but scores start at 0: a score "
        "below 1 would have no outcome",
        "quiz/q.yml:15:5: outcome 'human': cannot be reached: no answers score 2 or more "
        "(possible scores: 0, 1)",
    ),
    "tab indentation": (
        VALID.replace("  - id: silent-invite", "\t- id: silent-invite"),
        "quiz/q.yml:3:1: YAML syntax error: a tab in the indentation; indent with spaces, not tabs",
    ),
    "colon in unquoted text": (
        VALID.replace("title: Expert", "title: Expert: certified"),
        "quiz/q.yml:12:18: YAML syntax error: a ': ' inside unquoted text; put the text in quotes, "
        "or check the indentation",
    ),
    "empty file": ("", "quiz/q.yml:1:1: file is empty; a quiz needs at least a title"),
    "list at top level": (
        "- title: A\n",
        "quiz/q.yml:1:1: a quiz file must be a mapping of keys (title: ...), not a list",
    ),
}


@pytest.mark.parametrize("case", INVALID.values(), ids=INVALID.keys())
def test_invalid_quiz_reports_exact_problems(tmp_path: Path, case: tuple[str, ...]) -> None:
    text, *expected = case
    assert problems(tmp_path, text) == expected


def test_non_utf8_file_points_at_the_bad_byte(tmp_path: Path) -> None:
    quiz_dir = tmp_path / "quiz"
    quiz_dir.mkdir()
    (quiz_dir / "q.yml").write_bytes(b"title: Caf\xe9\n")
    _, found = read_quizzes(quiz_dir)
    assert [str(p) for p in found] == ["quiz/q.yml:1:11: file is not UTF-8 text; save it as UTF-8"]


def test_same_quiz_id_in_two_files(tmp_path: Path) -> None:
    write(tmp_path, VALID, "a.yml")
    quiz_dir = write(tmp_path, "id: a\n" + VALID, "b.yml")
    _, found = read_quizzes(quiz_dir)
    assert [str(p) for p in found] == ["quiz/b.yml:1:5: quiz id 'a' is already used by quiz/a.yml"]


def test_check_reports_an_essay_that_is_not_a_page_in_docs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiz_dir = write(tmp_path, "essay: blog/posts/nope.md\n" + VALID)
    (tmp_path / "docs").mkdir()
    assert check_main([str(quiz_dir), "--docs", str(tmp_path / "docs")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "quiz/q.yml:1:8: 'essay' points at 'blog/posts/nope.md', which is not a page in docs/",
        "1 problem found.",
    ]


# What is in quiz/: every name that looks like a quiz is read or reported


def test_a_file_name_with_a_newline_cannot_forge_a_second_problem_line(tmp_path: Path) -> None:
    quiz_dir = write(tmp_path, VALID, "x.yml:1:1: fine\x1b[0m\nquiz:q.yml")
    _, found = read_quizzes(quiz_dir)
    assert [str(p) for p in found] == [
        "quiz/x.yml:1:1: fine\\x1b[0m\\nquiz:q.yml:1:1: the file name makes the quiz id "
        "'x.yml:1:1: fine\\x1b[0m\\nquiz:q', which must use only lowercase letters, "
        "digits and hyphens; rename the file or add an 'id' key"
    ]


def test_an_uppercase_extension_is_reported_not_skipped(tmp_path: Path) -> None:
    quiz_dir = write(tmp_path, VALID, "shouting.YML")
    write(tmp_path, VALID, "mixed.Yaml")
    _, found = read_quizzes(quiz_dir)
    assert [str(p) for p in found] == [
        "quiz/mixed.Yaml:1:1: quiz files end in .yml or .yaml, in lowercase; rename it to "
        "'mixed.yaml'",
        "quiz/shouting.YML:1:1: quiz files end in .yml or .yaml, in lowercase; rename it to "
        "'shouting.yml'",
    ]


def test_a_dangling_link_is_reported_not_skipped(tmp_path: Path) -> None:
    quiz_dir = write(tmp_path, VALID)
    (quiz_dir / "moved.yml").symlink_to("../elsewhere/moved.yml")
    _, found = read_quizzes(quiz_dir)
    assert [str(p) for p in found] == [
        "quiz/moved.yml:1:1: a link to '../elsewhere/moved.yml', which does not exist"
    ]


def test_a_named_pipe_is_reported_not_read(tmp_path: Path) -> None:
    quiz_dir = write(tmp_path, VALID)
    os.mkfifo(quiz_dir / "pipe.yml")  # reading it would wait for a writer forever
    _, found = read_quizzes(quiz_dir)
    assert [str(p) for p in found] == [
        "quiz/pipe.yml:1:1: not a file; quiz files are YAML files in quiz/"
    ]


def test_a_folder_named_like_a_quiz_file_is_reported_not_read(tmp_path: Path) -> None:
    quiz_dir = write(tmp_path, VALID)
    (quiz_dir / "drafts.yml").mkdir()
    _, found = read_quizzes(quiz_dir)
    assert [str(p) for p in found] == [
        "quiz/drafts.yml:1:1: not a file; quiz files are YAML files in quiz/"
    ]


def test_hidden_files_and_editor_leftovers_are_ignored(tmp_path: Path) -> None:
    quiz_dir = write(tmp_path, VALID)
    (quiz_dir / ".#q.yml").symlink_to("user@host.1234:1700000000")  # Emacs' lock file
    (quiz_dir / ".q.yml.swp").write_bytes(b"\x00vim swap")
    (quiz_dir / "q.yml~").write_text("title: [unclosed\n", encoding="utf-8")
    (quiz_dir / ".hidden.yml").write_text("title: [unclosed\n", encoding="utf-8")
    loaded, found = read_quizzes(quiz_dir)
    assert (len(loaded), found) == (1, [])


def test_a_missing_quiz_folder_is_a_problem(tmp_path: Path) -> None:
    _, found = read_quizzes(tmp_path / "quiz")
    assert [str(p) for p in found] == [
        "quiz:1:1: no such folder; create it next to mkdocs.yml (it may stay empty)"
    ]


def test_check_fails_when_the_quiz_folder_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    assert check_main([str(tmp_path / "quiz"), "--docs", str(tmp_path / "docs")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "quiz:1:1: no such folder; create it next to mkdocs.yml (it may stay empty)",
        "1 problem found.",
    ]


# `make check` and the build judge targets and page paths with the same rules (quizkit.links)


def check_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, pages: dict[str, str]
) -> list[str]:
    """What `make check` prints for one quiz file and a docs/ folder holding ``pages``."""
    quiz_dir = write(tmp_path, text)
    for page, body in {"about.md": "# About\n", **pages}.items():
        (tmp_path / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / page).write_text(body, encoding="utf-8")
    check_main([str(quiz_dir), "--docs", str(tmp_path / "docs")])
    return capsys.readouterr().err.splitlines()[:-1]


def with_see(target: str) -> str:
    return VALID.replace("    choices:", f"    see: {target}\n    choices:", 1)


def test_check_accepts_see_pointing_at_a_quiz_page(tmp_path, capsys) -> None:
    assert check_lines(tmp_path, capsys, with_see("quiz/q.md"), {}) == []


def test_check_refuses_see_pointing_at_an_asset(tmp_path, capsys) -> None:
    assert check_lines(tmp_path, capsys, with_see("assets/quiz.css"), {"assets/quiz.css": ""}) == [
        "quiz/q.yml:5:10: question 'silent-invite': 'see' points at 'assets/quiz.css', which is "
        "not a page (a .md file in docs/)"
    ]


def test_check_refuses_see_through_dot_dot(tmp_path, capsys) -> None:
    assert check_lines(tmp_path, capsys, with_see("blog/../about.md"), {"blog/x.md": ""}) == [
        "quiz/q.yml:5:10: question 'silent-invite': 'see' points at 'blog/../about.md'; write "
        "the path from docs/ without '.', '..' or '//'"
    ]


def test_check_refuses_a_link_in_quiz_text_to_no_page(tmp_path, capsys) -> None:
    text = VALID.replace("text: Efficient.", "text: '[Efficient](blog/nope.md).'")
    assert check_lines(tmp_path, capsys, text, {}) == [
        "quiz/q.yml:6:15: question 'silent-invite': choice 1: 'text' has a link that points at "
        "'blog/nope.md', which is not a page in docs/"
    ]


def test_check_ignores_outside_links_footnotes_and_links_to_pages(tmp_path, capsys) -> None:
    text = VALID.replace(
        "text: Efficient.",
        "text: '[Efficient](about.md), [said](https://example.org/x.md) [me](#top).'",
    )
    assert check_lines(tmp_path, capsys, text, {}) == []


def test_check_refuses_the_id_index_which_would_replace_the_quizzes_page(tmp_path, capsys) -> None:
    text = "id: index\n" + VALID
    assert check_lines(tmp_path, capsys, text, {"quiz/index.md": "# Quizzes\n"}) == [
        "quiz/q.yml:1:5: quiz id 'index' makes the page quiz/index.md, but docs/quiz/index.md is "
        "already there (it would be replaced); choose another id"
    ]


@pytest.mark.parametrize(
    "page", ["quiz/q.md", "quiz/q/index.md", "quiz/q/README.md"], ids=lambda p: p
)
def test_check_refuses_a_quiz_id_whose_page_is_hand_written(tmp_path, capsys, page) -> None:
    assert check_lines(tmp_path, capsys, VALID, {page: "# Mine\n"}) == [
        f"quiz/q.yml:1:1: quiz id 'q' makes the page quiz/q.md, but docs/{page} is already "
        "there (it would be replaced); choose another id"
    ]


def test_check_refuses_an_outcome_id_whose_page_is_hand_written(tmp_path, capsys) -> None:
    assert check_lines(tmp_path, capsys, VALID, {"quiz/q/result/human.md": "# Mine\n"}) == [
        "quiz/q.yml:14:9: outcome 'human': id 'human' makes the page quiz/q/result/human.md, "
        "but docs/quiz/q/result/human.md is already there (it would be replaced); choose "
        "another id"
    ]
