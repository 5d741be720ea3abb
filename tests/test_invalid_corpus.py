"""Bad input never breaks the build: it is reported, exactly, with file, line and column.

Each file in tests/invalid/ is a quiz with mistakes. Its first comment line says what is wrong;
then ``# expect: quiz/<file>:LINE:COL: message`` lines say what loading the file alone reports,
every problem in order, and ``# expect in build:`` lines what only the site build adds (pages and
anchors in docs/, ids shared between files). The comment lines count: the line numbers are the
ones an editor shows.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import localsite
import pytest

from quizkit.errors import Problem
from quizkit.loader import load_quiz, read_quizzes

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted(
    p
    for p in (Path(__file__).parent / "invalid").iterdir()
    if p.suffix.lower() in (".yml", ".yaml")
)
REAL_QUIZ = ROOT / "quiz" / "networking-anti-patterns.yml"
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)$")


def expected(path: Path, kind: str = "expect") -> list[str]:
    """The ``# <kind>: ...`` lines of a corpus file (comments are ASCII even in a broken file)."""
    prefix = f"# {kind}: "
    lines = path.read_bytes().decode("ascii", "replace").splitlines()
    return [line.removeprefix(prefix) for line in lines if line.startswith(prefix)]


def as_problem(line: str) -> Problem:
    match = LINE.match(line)
    assert match, f"not a file:line:col: message line: {line!r}"
    return Problem(match["path"], int(match["line"]), int(match["col"]), match["message"])


def load(path: Path) -> tuple[object, list[str]]:
    """Load a corpus file as if it were ``quiz/<name>``: the quiz and its sorted problem lines."""
    quiz, problems, _ = load_quiz(path.read_bytes(), f"quiz/{path.name}", default_id=path.stem)
    return quiz, [str(problem) for problem in sorted(problems)]


# The corpus, file by file


def test_corpus_has_at_least_40_invalid_files():
    invalid = [p for p in CORPUS if expected(p) or expected(p, "expect in build")]
    assert len(invalid) >= 40


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_file_says_what_is_wrong(path):
    first = path.read_bytes().split(b"\n", 1)[0]
    assert first.startswith(b"# ") and len(first) > 10, "start with a comment saying what is wrong"
    valid_alone = first.startswith(b"# Valid alone;")
    assert valid_alone or expected(path) or expected(path, "expect in build")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_loading_the_file_alone_reports_exactly_the_expected_lines(path):
    quiz, problems = load(path)
    assert problems == expected(path)
    assert (quiz is None) == bool(problems)


# The same corpus in one real build: every problem of every file, sorted, and nothing else


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory) -> subprocess.CompletedProcess[str]:
    root = localsite.copy_site(tmp_path_factory.mktemp("corpus"))
    for path in CORPUS:
        shutil.copyfile(path, root / "quiz" / path.name)
    return localsite.build(root, root / "site")


@pytest.mark.slow
def test_build_reports_every_problem_of_every_file_sorted_by_file_and_line(corpus_build):
    lines = [line for path in CORPUS for line in expected(path) + expected(path, "expect in build")]
    wanted = sorted(lines, key=as_problem)
    assert localsite.logged(corpus_build.stderr, "ERROR") == [
        *wanted,
        f"{len(wanted)} problem(s) in quiz files or quiz markers, listed above",
    ]


@pytest.mark.slow
def test_build_with_invalid_quizzes_fails_cleanly(corpus_build):
    assert corpus_build.returncode == 1
    assert "Traceback" not in corpus_build.stderr
    assert localsite.logged(corpus_build.stderr, "WARNING") == []


# Files that cannot carry an expectation comment, and sizes that matter


def test_a_zero_byte_file_is_reported_as_empty():
    _, problems, _ = load_quiz(b"", "quiz/empty.yml", default_id="empty")
    assert [str(p) for p in problems] == [
        "quiz/empty.yml:1:1: file is empty; a quiz needs at least a title"
    ]


def test_a_utf8_byte_order_mark_is_accepted():
    raw = REAL_QUIZ.read_bytes()
    with_mark, problems, _ = load_quiz(b"\xef\xbb\xbf" + raw, "quiz/x.yml", default_id="x")
    without, _, _ = load_quiz(raw, "quiz/x.yml", default_id="x")
    assert problems == []
    assert with_mark == without


def test_a_bad_byte_is_located_in_characters_after_a_byte_order_mark():
    raw = "\ufefftitle: Café ".encode() + b"\xe9\n"
    _, problems, _ = load_quiz(raw, "quiz/x.yml", default_id="x")
    assert [str(p) for p in problems] == [
        "quiz/x.yml:1:13: file is not UTF-8 text; save it as UTF-8"
    ]


def test_a_utf16_file_is_reported_as_not_utf8():
    raw = "title: A small quiz\n".encode("utf-16")
    _, problems, _ = load_quiz(raw, "quiz/x.yml", default_id="x")
    assert [str(p) for p in problems] == [
        "quiz/x.yml:1:1: file is not UTF-8 text; save it as UTF-8"
    ]


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz" / "locked.yml").write_text("title: x\n", encoding="utf-8")

    real_open = os.open

    def refuse(path, *args, **kwargs):
        if Path(path).name == "locked.yml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)  # tests run as root: chmod would not stop us
    quizzes, problems = read_quizzes(tmp_path / "quiz")
    assert quizzes == []
    assert [str(p) for p in problems] == [
        "quiz/locked.yml:1:1: cannot read the file: Permission denied"
    ]


def test_a_file_over_2_mb_is_refused_before_parsing():
    raw = b"title: x\n" + b"# padding\n" * 200_000
    _, problems, _ = load_quiz(raw, "quiz/x.yml", default_id="x")
    assert [str(p) for p in problems] == [
        "quiz/x.yml:1:1: file is larger than 2,000,000 bytes; split it"
    ]


def test_a_3_gb_file_is_refused_without_reading_it(tmp_path):
    quiz_dir = tmp_path / "quiz"
    quiz_dir.mkdir()
    with (quiz_dir / "huge.yml").open("wb") as sparse:  # no disk used: a hole of 3 GB
        sparse.truncate(3_000_000_000)
    tracemalloc.start()
    try:
        _, problems = read_quizzes(quiz_dir)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [str(p) for p in problems] == [
        "quiz/huge.yml:1:1: file is larger than 2,000,000 bytes; split it"
    ]
    assert peak < 1_000_000


@pytest.mark.parametrize(
    ("text", "col"),
    [
        pytest.param("title: " + "[" * 200_000, 57, id="flow-lists"),
        pytest.param("title: " + "{a: " * 200_000, 204, id="flow-mappings"),
        pytest.param("title:\n" + "- " * 500_000 + "x\n", 99, id="block-lists"),
    ],
)
def test_nesting_deeper_than_libyaml_can_compose_is_a_problem_not_a_crash(text, col):
    # Before the depth check, libyaml's recursive composer crashed the whole process here.
    _, problems, _ = load_quiz(text.encode(), "quiz/x.yml", default_id="x")
    line = 1 if text.startswith("title: ") else 2
    assert [str(p) for p in problems] == [
        f"quiz/x.yml:{line}:{col}: lists and mappings are nested more than 50 deep here; "
        "a quiz needs 5"
    ]


def test_an_alias_bomb_of_empty_values_is_refused_quickly():
    lines = ["a0: &a0 [[], [], [], [], [], [], [], [], [], []]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    raw = "\n".join(lines).encode()
    start = time.process_time()
    _, problems, _ = load_quiz(raw, "quiz/x.yml", default_id="x")
    assert time.process_time() - start < 30  # a sanity bound: the bomb expands to 10^9 values
    # Reported where the count passes the limit, deep inside the expansion of the first list.
    assert [str(p) for p in problems] == [
        "quiz/x.yml:1:42: the file has more than 500,000 values (aliases count each time they "
        "are used); split it"
    ]


def test_aliases_of_long_text_are_refused_at_the_alias_that_passes_the_limit():
    # 150 KB of YAML, 20,000 values (the value count never trips), 17 MB of text expanded.
    paragraph = "A paragraph an author might reuse, " * 25
    lines = [f'description: &p "{paragraph}"', "questions:"]
    lines += ["  - {id: q, prompt: *p, choices: [*p, *p, *p, *p, *p, *p, *p, *p, *p]}"] * 2000
    raw = "\n".join(lines).encode()
    start = time.process_time()
    _, problems, _ = load_quiz(raw, "quiz/x.yml", default_id="x")
    assert time.process_time() - start < 10  # a sanity bound: it takes milliseconds
    assert [str(p) for p in problems] == [
        "quiz/x.yml:231:21: by this alias, the file passes 2,000,000 characters of text once "
        "aliases are expanded; repeat less, or split the file"
    ]


def big_quiz(questions: int) -> str:
    """A valid quiz with ``questions`` short questions, three in ten of them pick-any."""
    rng = random.Random(questions)
    lines = ["title: A very long quiz", "questions:"]
    for i in range(questions):
        lines += [f"  - id: q{i}", f"    prompt: Question {i}?", "    choices:"]
        lines += ["      - text: Right", "        correct: true", "      - text: Wrong"]
        if rng.random() < 0.3:
            lines[-5:-5] = ["    multiple: true"]
            lines += ["      - text: Also right", "        correct: true"]
    lines += ["    explanation: The last question has an explanation.", "outcomes:"]
    for n, low in enumerate((0, questions // 2, questions)):
        lines += [f"  - id: o{n}", f"    min: {low}", "    title: An outcome", "    text: Yes."]
    return "\n".join(lines) + "\n"


def test_a_quiz_with_10000_questions_loads():
    raw = big_quiz(10_000).encode()  # 1.3 MB
    start, cpu = time.perf_counter(), time.process_time()
    quiz, problems, _ = load_quiz(raw, "quiz/big.yml", default_id="big")
    print(f"10,000 questions: {time.perf_counter() - start:.2f} s", end=" ")
    print(f"({time.process_time() - cpu:.2f} s of CPU)")
    assert problems == []
    assert len(quiz.questions) == 10_000
    assert time.process_time() - cpu < 20  # a sanity bound only: about 1 s of CPU on a laptop


# `make check`: the same lines without building the site


def check(quiz_dir: Path, docs_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizkit", str(quiz_dir), "--docs", str(docs_dir)],
        cwd=cwd,
        env={**localsite.mkdocs_env(), "PYTHONPATH": str(ROOT / "hooks")},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_passes_on_the_real_quizzes():
    result = check(Path("quiz"), Path("docs"), ROOT)
    assert (result.returncode, result.stderr) == (0, "")
    assert re.fullmatch(r"\d+ quizzes, \d+ questions: no problems found\.\n", result.stdout)


def test_check_fails_on_a_broken_copy_with_every_line(tmp_path):
    shutil.copytree(ROOT / "quiz", tmp_path / "quiz")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    expert = tmp_path / "quiz" / "networking-expert.yml"
    lines = expert.read_text(encoding="utf-8").splitlines(keepends=True)
    scoring = next(i for i, line in enumerate(lines) if line.startswith("scoring:"))
    lines[scoring] = lines[scoring].replace("scoring:", "scorring:")
    expert.write_text("".join(lines), encoding="utf-8")
    anti = tmp_path / "quiz" / "networking-anti-patterns.yml"
    lines = anti.read_text(encoding="utf-8").splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.insert(title + 1, "title: The same quiz, again\n")
    anti.write_text("".join(lines), encoding="utf-8")
    quiz = (CORPUS[0].parent / "link-essay-missing-page.yml").read_text(encoding="utf-8")
    (tmp_path / "quiz" / "broken-link.yml").write_text(quiz, encoding="utf-8")

    result = check(Path("quiz"), Path("docs"), tmp_path)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "quiz/broken-link.yml:4:8: 'essay' points at 'blog/posts/no-such-essay.md', "
        "which is not a page in docs/",
        f"quiz/networking-anti-patterns.yml:{title + 2}:1: duplicate key 'title' "
        f"(first defined at line {title + 1})",
        f"quiz/networking-expert.yml:{scoring + 1}:1: unknown key 'scorring' "
        "(did you mean 'scoring'?)",
        "3 problems found.",
    ]
