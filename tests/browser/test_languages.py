"""The quiz speaks the site's language: the real site built with ``theme.language`` set to German
and to French, read in Chromium. Quiz content stays as written (English); every word the
machinery adds (instructions, counters, buttons, verdicts, the result, outcome pages) is the
language's, and the quiz scores exactly as the Python reference says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import localsite
import pytest
import yaml
from playwright.sync_api import Page
from quizpage import QUIZZES, QuizForm, answer_sets, expected_result, fresh_form

from quizkit.messages import Messages, catalogue

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGUAGES = ["de", "fr"]
FIELD = re.compile(r"\{\w+\}")

# Everything an author wrote; what is left of a quiz without these is the machinery's words.
CONTENT = ", ".join(
    [
        ".nw-quiz-page__title",
        ".nw-quiz__title",
        ".nw-quiz__description",
        ".nw-question__prompt",
        ".nw-choice__text",
        "[data-right-answer]",
        ".nw-answer__choice",
        "[data-feedback-for]",
        ".nw-answer__explanation",
        ".nw-outcome__title",
        ".nw-outcome__text",
        ".nw-result__title",
        ".nw-outcome-page__title",
        ".nw-outcome-page__text",
        ".nw-outcome-page__kicker a",
        ".nw-outcome-page li",
        ".headerlink",
    ]
)
MACHINERY_TEXT = f"""(root) => {{
  const copy = root.cloneNode(true);
  copy.querySelectorAll({CONTENT!r}).forEach((node) => node.remove());
  return copy.textContent.replace(/\\s+/g, " ");
}}"""


def english_left(text: str, language: str) -> list[str]:
    """The English texts of the machinery (the parts between their fields) found in ``text``,
    less those the language writes the same way ("Quiz", "(2 points)" in French)."""
    theirs = " ".join(
        " ".join(t.values()) if isinstance(t, dict) else t
        for t in (catalogue(language) or {}).values()
    )
    found = []
    for message in (catalogue("en") or {}).values():
        for one in message.values() if isinstance(message, dict) else [message]:
            for part in FIELD.split(one):
                part = part.strip(" .:()\"'")
                if len(part) >= 4 and part not in theirs and part in text:
                    found.append(part)
    return sorted(set(found))


@pytest.fixture(scope="module", params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def built(language: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = localsite.copy_site(tmp_path_factory.mktemp(f"lang-{language}"))
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  language: en\n", f"  language: {language}\n"),
        encoding="utf-8",
    )
    result = localsite.build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def lang_server(built: Path) -> Iterator[localsite.SiteServer]:
    running = localsite.SiteServer(built)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def lang_page(open_shared_context, lang_server: localsite.SiteServer) -> Page:
    return open_shared_context(origin=lang_server.url).new_page()


@pytest.fixture(params=sorted(QUIZZES))
def form(request, lang_page: Page, lang_server: localsite.SiteServer) -> QuizForm:
    return fresh_form(lang_page, lang_server, QUIZZES[request.param])


class TestWithJavaScript:
    def test_the_page_says_its_language(self, form: QuizForm, language: str) -> None:
        assert form.page.evaluate("document.documentElement.lang") == language

    def test_no_english_is_left_on_the_quiz_page(self, form: QuizForm, language: str) -> None:
        text = form.form.evaluate(MACHINERY_TEXT)
        assert english_left(text, language) == []
        assert str(Messages(language)("check")) in text

    def test_no_english_is_left_in_the_result(self, form: QuizForm, language: str) -> None:
        form.apply(answer_sets(form.quiz, 1)[0])
        form.submit()
        text = form.form.evaluate(MACHINERY_TEXT)
        assert english_left(text, language) == []

    def test_the_result_sentence_is_the_languages(self, form: QuizForm, language: str) -> None:
        answers = answer_sets(form.quiz, 1)[0]
        form.apply(answers)
        form.submit()
        expected = expected_result(form.quiz, answers)
        score = int(expected["score"])
        t = Messages(language)
        wanted = {
            "points": lambda: t("score-points", score),
            "correct": lambda: t("score-correct", score, count=len(form.quiz.questions)),
            "categories": lambda: t(
                "score-categories", outcome=form.result_title(expected["outcome"])
            ),
        }[form.quiz.scoring]()
        assert form.form.locator(".nw-result__score").text_content() == str(wanted)

    def test_the_quiz_still_scores_like_the_python_reference(self, form: QuizForm) -> None:
        mismatches = [
            (answers, got)
            for answers in answer_sets(form.quiz, 8)
            if (got := form.check(answers)) != expected_result(form.quiz, answers)
        ]
        assert mismatches == []

    def test_the_quizzes_page_remembers_in_the_language(
        self, form: QuizForm, lang_server: localsite.SiteServer, language: str
    ) -> None:
        form.apply(answer_sets(form.quiz, 1)[0])
        form.submit()
        form.page.goto(lang_server.url + "quiz/")
        yours = form.page.locator(".nw-quiz-index > section .nw-quiz-index__yours")
        forget = form.page.locator("[data-index-memory] button")
        text = f"{yours.first.text_content()} {forget.text_content()}"
        t = Messages(language)
        assert (english_left(text, language), forget.text_content()) == ([], str(t("forget")))
        assert str(t("index-retake")) in text

    def test_no_english_is_left_on_an_outcome_page(
        self, lang_page: Page, lang_server: localsite.SiteServer, language: str
    ) -> None:
        for quiz in QUIZZES.values():
            for outcome in quiz.outcomes:
                lang_page.goto(f"{lang_server.url}quiz/{quiz.id}/result/{outcome.id}/")
                text = lang_page.locator("[data-outcome-page]").evaluate(MACHINERY_TEXT)
                heading = lang_page.locator(".nw-outcome-page__title .headerlink")
                title = heading.get_attribute("title")
                assert (english_left(text, language), title) == (
                    [],
                    str(Messages(language)("permalink")),
                )


def test_a_language_without_texts_falls_back_to_english_and_says_so_once(tmp_path) -> None:
    root = localsite.copy_site(tmp_path / "es")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  language: en\n", "  language: es\n")
    config.write_text(text, encoding="utf-8")
    result = localsite.build(root, root / "site")
    page = (root / "site" / "quiz" / "networking-expert" / "index.html").read_text("utf-8")
    said = [line for line in result.stderr.splitlines() if "No quiz texts" in line]
    assert (result.returncode, said, "Check my answers" in page) == (
        0,
        ["INFO    -  No quiz texts for the language 'es': quizzes speak English"],
        True,
    )


def test_a_site_replaces_a_text_from_mkdocs_yml(tmp_path) -> None:
    root = localsite.copy_site(tmp_path / "own")
    config = root / "mkdocs.yml"
    data = config.read_text(encoding="utf-8")
    extra = yaml.safe_dump({"quiz_messages": {"en": {"check": "Score me"}}})
    data = data.replace(
        "\nextra:\n", "\nextra:\n" + "".join(f"  {line}\n" for line in extra.splitlines()), 1
    )
    config.write_text(data, encoding="utf-8")
    result = localsite.build(root, root / "site")
    page = (root / "site" / "quiz" / "networking-expert" / "index.html").read_text("utf-8")
    assert (result.returncode, "data-quiz-submit>Score me</button>" in page) == (0, True)
