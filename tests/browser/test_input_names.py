"""Question ids named like a form's own properties, in a real build of a copy of the site.

An input's name becomes a property of its form and hides the form's own: inputs named dataset
would replace form.dataset, inputs named closest form.closest, for quiz.js and the theme alike.
Inputs are named "q-" and their question's id (no DOM property has a hyphen), and quiz.js reads
nothing from its form that a name could hide anyway. Two quizzes, one
scored by points and one right or wrong, ask questions whose ids are the names of a form's
properties and methods that an id can be; each has its own page, and both share a third.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import localsite
import pytest
from playwright.sync_api import Page
from quizpage import (
    STORAGE_PREFIX,
    Answers,
    QuizForm,
    answer_sets,
    expected_result,
    expected_verdict,
    fresh_form,
    random_answers,
    storage_key,
)

from quizkit.loader import load_quizzes
from quizkit.model import Quiz

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Properties and methods of a form, and of what it inherits from, that are also valid question
# ids (lowercase letters, digits and hyphens): every one of them a name an author may choose.
FORM_PROPERTIES = [
    *("dataset", "elements", "length", "children", "attributes", "style", "0"),
    *("id", "name", "title", "lang", "dir", "hidden", "constructor", "item"),
    *("action", "method", "target", "enctype", "encoding", "autocomplete"),
    *("reset", "submit", "click", "focus", "blur", "closest", "matches", "contains"),
    *("append", "prepend", "before", "after", "remove", "onsubmit", "onchange", "onclick"),
]
SCORINGS = {"shadow-points": "points", "shadow-correct": "correct"}
SHARED_PAGE = "about/"  # the copy's About page ends with both quizzes


def quiz_yaml(scoring: str) -> str:
    """A quiz with one question per name: three choices each, every third question multiple,
    dealt by the shuffle so that no place gives the answers away."""
    lines = [f"title: Named like a form ({scoring})", f"scoring: {scoring}", "shuffle: true"]
    lines.append("questions:")
    label, base = ("Entry", 200) if scoring == "points" else ("Item", 100)
    for n, name in enumerate(FORM_PROPERTIES):
        multiple = n % 3 == 2
        lines += [
            f'  - id: "{name}"',
            f"    prompt: {label} {n + base} is {name}?",  # distinct, as the lint asks
            f"    multiple: {str(multiple).lower()}",
            "    choices:",
        ]
        for c in range(3):
            lines += [f"      - text: Choice {c} of {name}", f"        feedback: On choice {c}."]
            if scoring == "points":
                lines.append(f"        points: {c}")
            elif c == 2 or (multiple and c == 1):
                lines.append("        correct: true")
    lines.append("outcomes:")
    top = len(FORM_PROPERTIES) * (2 if scoring == "points" else 1)
    for outcome, least in (("low", 0), ("high", top // 2)):
        lines += [
            f"  - id: {outcome}",
            f"    min: {least}",
            f"    title: The {outcome} outcome",
            f"    text: You scored {outcome}.",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Quiz]]:
    """A copy of the site with both quizzes, both also at the end of its About page, strictly
    built; and the quizzes as the Python reference reads them."""
    root = localsite.copy_site(tmp_path_factory.mktemp("input-names"))
    for quiz_id, scoring in SCORINGS.items():
        (root / "quiz" / f"{quiz_id}.yml").write_text(quiz_yaml(scoring), encoding="utf-8")
    markers = "\n\n".join(f"<!-- quiz: {quiz_id} -->" for quiz_id in SCORINGS)
    about = root / "docs" / "about.md"
    about.write_text(f"{about.read_text(encoding='utf-8')}\n\n{markers}\n", encoding="utf-8")
    result = localsite.build(root, root / "site")
    assert result.returncode == 0, result.stderr
    quizzes = {quiz.id: quiz for quiz in load_quizzes(root / "quiz") if quiz.id in SCORINGS}
    return root / "site", quizzes


@pytest.fixture(scope="module")
def names_server(built: tuple[Path, dict[str, Quiz]]) -> Iterator[localsite.SiteServer]:
    running = localsite.SiteServer(built[0])
    yield running
    running.stop()


@pytest.fixture(scope="module")
def names_page(open_shared_context, names_server: localsite.SiteServer) -> Page:
    return open_shared_context(origin=names_server.url).new_page()


def open_fresh(page: Page, server: localsite.SiteServer, path: str) -> None:
    if page.url.startswith(server.url):
        page.evaluate("localStorage.clear()")
    page.goto(server.url + path)


@pytest.fixture(params=sorted(SCORINGS))
def form(request, names_page: Page, names_server, built) -> QuizForm:
    """The quiz's own page, freshly loaded with nothing saved."""
    return fresh_form(names_page, names_server, built[1][request.param])


def some_answers(quiz: Quiz, salt: str) -> Answers:
    return random_answers(quiz, random.Random(f"{salt}/{quiz.id}"))


def result_of(form: QuizForm) -> dict[str, str | None]:
    state = form.state()
    return {"score": state["score"], "outcome": state["outcome"]}


def saved_progress(page: Page) -> dict[str, object]:
    """Everything quiz.js keeps in localStorage, by key, each question's values in file order
    (quiz.js keeps them in the order the page shows, which the shuffle changes)."""
    saved = page.evaluate(
        """(prefix) => Object.fromEntries(Object.keys(localStorage)
          .filter((key) => key.startsWith(prefix))
          .map((key) => [key, JSON.parse(localStorage.getItem(key))]))""",
        STORAGE_PREFIX,
    )
    for value in saved.values():
        for qid, chosen in value["answers"].items():
            value["answers"][qid] = sorted(chosen, key=int)
    return saved


def as_saved(quiz: Quiz, answers: Answers, submitted: bool) -> dict[str, object]:
    """The record quiz.js keeps: the answers, and once checked, the outcome's id too."""
    saved: dict[str, object] = {
        "answers": {qid: [str(i) for i in sorted(chosen)] for qid, chosen in answers.items()},
        "submitted": submitted,
    }
    if submitted:
        saved["outcome"] = expected_result(quiz, answers)["outcome"]
    return saved


class TestQuestionIdsNamedLikeFormProperties:
    def test_the_quiz_scores_like_the_python_reference(self, form: QuizForm) -> None:
        mismatches = [
            f"answer set {n} {answers}: got {got}"
            for n, answers in enumerate(answer_sets(form.quiz, 6))
            if (got := form.check(answers)) != expected_result(form.quiz, answers)
        ]
        assert mismatches == []

    def test_every_question_is_scored_the_quizs_way(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "verdicts")
        form.apply(answers)
        form.submit()
        verdicts = {qid: q["verdict"] for qid, q in form.state()["questions"].items()}
        assert verdicts == {
            q.id: expected_verdict(form.quiz, q, answers) for q in form.quiz.questions
        }

    def test_progress_is_saved_under_the_quizs_own_key(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "saved")
        form.apply(answers)
        assert saved_progress(form.page) == {
            storage_key(form.quiz): as_saved(form.quiz, answers, False)
        }

    def test_reload_restores_the_answers_and_the_result(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "reload")
        form.apply(answers)
        form.submit()
        form.page.reload()
        form.wait_started()
        checked = {qid: sorted(chosen) for qid, chosen in form.checked().items()}
        assert (checked, result_of(form)) == (
            {qid: sorted(chosen) for qid, chosen in answers.items()},
            expected_result(form.quiz, answers),
        )

    def test_a_click_on_the_form_itself_changes_nothing(self, form: QuizForm) -> None:
        """An input named closest would hide form.closest, which quiz.js and the theme's own
        listeners call on a click on the form (between its questions): inputs' names carry a
        prefix, and the click bubbles to the theme. An uncaught error fails the test through
        the watched context."""
        form.apply(some_answers(form.quiz, "click"))
        form.submit()
        before = form.state()
        form.page.evaluate(
            """(quizId) => document.querySelector(`form[data-quiz="${quizId}"]`)
              .dispatchEvent(new MouseEvent("click", { bubbles: true }))""",
            form.quiz.id,
        )
        assert form.state() == before


class TestTwoQuizzesOnOnePage:
    @pytest.fixture
    def forms(self, names_page: Page, names_server, built) -> list[QuizForm]:
        open_fresh(names_page, names_server, SHARED_PAGE)
        return [QuizForm(names_page, quiz).wait_started() for quiz in built[1].values()]

    def test_each_quiz_scores_its_own_answers(self, forms: list[QuizForm]) -> None:
        answers = [some_answers(form.quiz, "together") for form in forms]
        for form, chosen in zip(forms, answers, strict=True):
            form.apply(chosen)
        for form in forms:
            form.submit()
        assert [result_of(form) for form in forms] == [
            expected_result(form.quiz, chosen) for form, chosen in zip(forms, answers, strict=True)
        ]

    def test_each_quiz_saves_under_its_own_key(self, forms: list[QuizForm]) -> None:
        answers = [some_answers(form.quiz, "together") for form in forms]
        for form, chosen in zip(forms, answers, strict=True):
            form.apply(chosen)
        forms[0].submit()
        assert saved_progress(forms[0].page) == {
            storage_key(forms[0].quiz): as_saved(forms[0].quiz, answers[0], True),
            storage_key(forms[1].quiz): as_saved(forms[1].quiz, answers[1], False),
        }


def test_the_quizzes_are_as_intended(built) -> None:
    """The names reach the page: each quiz asks one question per name, scored its own way."""
    quizzes = built[1]
    got = {qid: (q.scoring, [x.id for x in q.questions]) for qid, q in quizzes.items()}
    assert got == {qid: (scoring, FORM_PROPERTIES) for qid, scoring in SCORINGS.items()}
