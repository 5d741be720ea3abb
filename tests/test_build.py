"""The real site, strictly built once: every quiz page exists and keeps the HTML contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import localsite
import pytest
from bs4 import BeautifulSoup

from quizkit.loader import load_quizzes
from quizkit.positions import LIMIT, _at_least, choice_orders

ROOT = Path(__file__).resolve().parents[1]
QUIZZES = {quiz.id: quiz for quiz in load_quizzes(ROOT / "quiz")}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module", params=sorted(QUIZZES))
def quiz_page(request: pytest.FixtureRequest, site: Path) -> tuple[str, BeautifulSoup]:
    return request.param, soup(site / "quiz" / request.param / "index.html")


def test_quiz_page_has_one_form_for_its_quiz(quiz_page: tuple[str, BeautifulSoup]) -> None:
    quiz_id, page = quiz_page
    assert [form["data-quiz"] for form in page.select("form[data-quiz]")] == [quiz_id]


def test_quiz_form_carries_its_content_version(quiz_page: tuple[str, BeautifulSoup]) -> None:
    quiz_id, page = quiz_page
    assert page.select_one("form[data-quiz]")["data-quiz-version"] == QUIZZES[quiz_id].version


def test_one_fieldset_with_legend_per_question(quiz_page: tuple[str, BeautifulSoup]) -> None:
    quiz_id, page = quiz_page
    fieldsets = page.select("form[data-quiz] fieldset[data-question]")
    assert [f["data-question"] for f in fieldsets] == [q.id for q in QUIZZES[quiz_id].questions]
    assert all(f.find("legend", recursive=False) for f in fieldsets)


def test_inputs_are_named_after_the_question_with_yaml_positions(
    quiz_page: tuple[str, BeautifulSoup],
) -> None:
    quiz_id, page = quiz_page
    quiz = QUIZZES[quiz_id]
    for question in quiz.questions:
        inputs = page.select(f'fieldset[data-question="{question.id}"] input')
        kind = "checkbox" if question.multiple else "radio"
        assert {i["type"] for i in inputs} == {kind}
        # "q-": a name with a hyphen is no DOM property, so no input hides one of its form's
        assert {i["name"] for i in inputs} == {f"q-{question.id}"}
        assert [int(i["value"]) for i in inputs] == list(choice_orders(quiz)[question.id])


def test_a_reader_cannot_score_by_answer_position(quiz_page: tuple[str, BeautifulSoup]) -> None:
    """Read from the page as a reader sees it: for each place, how many questions show a
    telling answer there (right; highest-, or lowest-scoring; most votes for each outcome), and
    how likely a fair shuffle would be to put that many there. No place may be as unlikely as
    the lint's limit."""
    _, page = quiz_page
    telling_kinds: dict[str, list[list[bool]]] = {}
    for fieldset in page.select("form[data-quiz] fieldset[data-question]"):
        inputs = fieldset.select("input")
        kinds = {}
        if inputs[0].has_attr("data-votes"):
            votes = [json.loads(i["data-votes"]) for i in inputs]
            scales = {f"most for {o}": [v.get(o, 0) for v in votes] for v in votes for o in v}
        else:
            kinds["right"] = [i["data-correct"] == "true" for i in inputs]
            points = [int(i["data-points"]) for i in inputs]
            scales = {"top": points, "bottom": [-p for p in points]}
        for kind, values in scales.items():
            if min(values) < max(values):
                kinds[kind] = [value == max(values) for value in values]
        for kind, marks in kinds.items():
            if 0 < sum(marks) < len(marks):
                telling_kinds.setdefault(kind, []).append(marks)
    assert telling_kinds
    for kind, questions in telling_kinds.items():
        for place in range(max(map(len, questions))):
            having = [marks for marks in questions if len(marks) > place]
            shown = sum(marks[place] for marks in having)
            odds = [sum(marks) / len(marks) for marks in having]
            assert _at_least(shown, odds) >= LIMIT, (kind, place + 1, shown, len(having))


def test_each_question_has_its_answer_in_details(quiz_page: tuple[str, BeautifulSoup]) -> None:
    _, page = quiz_page
    fieldsets = page.select("fieldset[data-question]")
    assert all(f.select_one("details[data-question-answer] > summary") for f in fieldsets)


def test_form_has_a_submit_button_and_a_status_region(
    quiz_page: tuple[str, BeautifulSoup],
) -> None:
    _, page = quiz_page
    form = page.select_one("form[data-quiz]")
    assert form.select('button[type="submit"]')
    assert form.select_one("[data-quiz-result]")["role"] == "status"


def test_every_outcome_is_on_the_page(quiz_page: tuple[str, BeautifulSoup]) -> None:
    quiz_id, page = quiz_page
    shown = {s["data-outcome-id"] for s in page.select("[data-outcome-id]")}
    assert shown == {o.id for o in QUIZZES[quiz_id].outcomes}


def test_quiz_pages_have_no_inline_script_or_style(quiz_page: tuple[str, BeautifulSoup]) -> None:
    _, page = quiz_page
    form = page.select_one("form[data-quiz]")
    assert form.select("script, style, [style]") == []


def test_quiz_script_and_style_are_files_on_every_page(site: Path) -> None:
    page = soup(site / "index.html")
    assert page.select('script[src$="assets/quiz.js"]')
    assert page.select('link[rel="stylesheet"][href$="assets/quiz.css"]')


def test_quizzes_page_lists_every_quiz(site: Path) -> None:
    links = soup(site / "quiz" / "index.html").select(".nw-quiz-index h2 a")
    assert sorted(a["href"].strip("/") for a in links) == sorted(QUIZZES)


def test_an_essay_embeds_a_quiz_by_marker(site: Path) -> None:
    essay = soup(site / "blog" / "the-expert-who-taught-me-networking" / "index.html")
    assert [f["data-quiz"] for f in essay.select("form[data-quiz]")] == ["networking-anti-patterns"]


def test_no_marker_is_left_in_any_page(site: Path) -> None:
    leftovers = [p for p in site.rglob("*.html") if "<!-- quiz:" in p.read_text(encoding="utf-8")]
    assert leftovers == []


def test_search_override_differs_from_material_only_by_the_dialog_name() -> None:
    import material

    theirs = Path(material.__file__).parent / "templates" / "partials" / "search.html"
    ours = ROOT / "overrides" / "partials" / "search.html"
    theirs_lines = theirs.read_text(encoding="utf-8").splitlines()[3:]
    ours_lines = ours.read_text(encoding="utf-8").splitlines()[3:]
    changed = [(a, b) for a, b in zip(theirs_lines, ours_lines, strict=True) if a != b]
    assert changed == [
        (
            '<div class="md-search" data-md-component="search" role="dialog">',
            '<div class="md-search" data-md-component="search" role="dialog" '
            "aria-label=\"{{ lang.t('search') }}\">",
        )
    ]


@pytest.mark.slow
def test_an_outcome_marker_outside_its_own_page_stays_an_inert_comment(tmp_path: Path) -> None:
    root = localsite.copy_site(tmp_path / "src")
    marker = "<!-- quiz-outcome: networking-expert/actual-human -->"
    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
    result = localsite.build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert marker in html
    assert "data-outcome-page" not in html


MARKER_EXAMPLES = """
To embed a quiz, write this on a line of its own:

```markdown
<!-- quiz: your-quiz-id -->
```

Or indent it, `<!-- quiz: your-quiz-id -->`, as an example:

    <!-- quiz: your-quiz-id -->

!!! tip "Try it"

    <!-- quiz: networking-expert -->
"""


def build_with_about(tmp_path: Path, extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    """A real strict build of a copy of the site whose About page ends with ``extra``."""
    root = localsite.copy_site(tmp_path / "src")
    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return localsite.build(root, tmp_path / "site"), tmp_path / "site" / "about" / "index.html"


@pytest.mark.slow
def test_markers_in_code_are_examples_and_one_in_an_admonition_embeds(tmp_path: Path) -> None:
    result, about = build_with_about(tmp_path, MARKER_EXAMPLES)
    assert result.returncode == 0, result.stderr
    page = soup(about)
    examples = [code.get_text() for code in page.select("article code")]
    assert [text.strip() for text in examples if "your-quiz-id" in text] == [
        "<!-- quiz: your-quiz-id -->"
    ] * 3
    assert [form["data-quiz"] for form in page.select(".admonition.tip form")] == [
        "networking-expert"
    ]


@pytest.mark.slow
def test_an_unknown_marker_fails_the_build_once_at_its_line_in_the_file(tmp_path: Path) -> None:
    result, _ = build_with_about(tmp_path, MARKER_EXAMPLES.replace("networking-expert", "nope"))
    about_lines = (ROOT / "docs" / "about.md").read_text(encoding="utf-8").count("\n")
    line = (
        about_lines + MARKER_EXAMPLES.split("    <!-- quiz: networking-expert")[0].count("\n") + 1
    )
    assert [m for m in localsite.logged(result.stderr, "ERROR") if "unknown quiz" in m] == [
        f"docs/about.md:{line}:5: unknown quiz 'nope' "
        "(quizzes: networking-anti-patterns, networking-archetypes, networking-expert)"
    ]


AGREE_QUIZ = """\
title: Where questions point
description: Also [this quiz](quiz/networking-expert.md) and [no page](blog/posts/nope.md).
questions:
{questions}
outcomes:
  - {{id: low, min: 0, title: Low, text: Few right.}}
"""
AGREE_TARGETS = [
    "quiz/networking-expert.md",  # a generated page: fine
    "about.md#who-writes-this",  # fine
    "assets/quiz.css",  # a file, not a page
    "blog/../about.md",
    "../README.md",
    "/about.md",
    "blog/posts/nope.md",
]


def make_check(root: Path) -> list[str]:
    """The lines `make check` prints for the site in ``root``."""
    return subprocess.run(
        [sys.executable, "-m", "quizkit", "quiz", "--docs", "docs"],
        cwd=root,
        env={**localsite.mkdocs_env(), "PYTHONPATH": str(ROOT / "hooks")},
        capture_output=True,
        text=True,
        timeout=120,
    ).stderr.splitlines()


@pytest.mark.slow
def test_make_check_and_the_build_report_the_same_targets_and_ids(tmp_path: Path) -> None:
    root = localsite.copy_site(tmp_path / "src")
    questions = "\n".join(
        f"  - {{id: q{n}, prompt: Ask{n:02d}, see: '{target}', "
        # Distinct prompts, and the right answer in turn first and second: a fair quiz.
        + (
            "choices: [{text: A, correct: true}, {text: B}]}"
            if n % 2
            else "choices: [{text: A}, {text: B, correct: true}]}"
        )
        for n, target in enumerate(AGREE_TARGETS)
    )
    (root / "quiz" / "agree.yml").write_text(AGREE_QUIZ.format(questions=questions), "utf-8")
    clash = "id: index\ntitle: T\nquestions:\n" + questions.split("\n")[0] + "\n"
    clash += "outcomes: [{id: low, min: 0, title: Low, text: Few right.}]\n"
    (root / "quiz" / "clash.yml").write_text(clash, encoding="utf-8")

    built = localsite.logged(localsite.build(root, tmp_path / "site").stderr, "ERROR")[:-1]
    checked = make_check(root)[:-1]

    assert built == checked
    assert [line.split(": ", 1)[0] for line in built] == [
        "quiz/agree.yml:2:14",  # description: a link to no page
        *[f"quiz/agree.yml:{line}:34" for line in range(6, 11)],  # five bad `see`
        "quiz/clash.yml:1:5",  # the id 'index'
    ]


@pytest.mark.slow
def test_a_mistyped_and_a_repeated_marker_fail_the_build_at_their_lines(tmp_path: Path) -> None:
    extra = "\n<!-- Quiz: networking-expert -->\n\n<!-- quiz: about -->\n"
    extra = "\n<!-- quiz: networking-expert -->\n" + extra.replace("about", "networking-expert")
    result, _ = build_with_about(tmp_path, extra)
    end = (ROOT / "docs" / "about.md").read_text(encoding="utf-8").count("\n")
    assert result.returncode == 1
    assert localsite.logged(result.stderr, "ERROR") == [
        f"docs/about.md:{end + 4}:1: `<!-- Quiz: networking-expert -->` is not a quiz marker; "
        "did you mean `<!-- quiz: networking-expert -->`?",
        f"docs/about.md:{end + 6}:1: quiz 'networking-expert' is already on this page at line "
        f"{end + 2}; a page shows a quiz once",
        "2 problem(s) in quiz files or quiz markers, listed above",
    ]


@pytest.mark.slow
def test_a_missing_quiz_folder_is_the_same_problem_to_make_check_and_the_build(
    tmp_path: Path,
) -> None:
    root = localsite.copy_site(tmp_path / "src")
    shutil.rmtree(root / "quiz")
    built = localsite.logged(localsite.build(root, tmp_path / "site").stderr, "ERROR")
    checked = make_check(root)
    missing = "quiz:1:1: no such folder; create it next to mkdocs.yml (it may stay empty)"
    assert missing in built
    assert missing in checked


def test_quiz_and_outcome_pages_skip_to_their_heading(site: Path) -> None:
    quiz = QUIZZES["networking-expert"]
    pages = [f"quiz/{quiz.id}/index.html"] + [
        f"quiz/{quiz.id}/result/{outcome.id}/index.html" for outcome in quiz.outcomes
    ]
    for path in pages:
        page = soup(site / path)
        target = page.select_one("a.md-skip")["href"]
        assert page.select_one(f"article h1{target}") is not None, path
