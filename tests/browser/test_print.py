"""Printed (Chromium with print media): a quiz page is a clean sheet, every answer, explanation and
outcome on it and the reader's result once there is one, without buttons or the site's chrome;
an outcome page is a certificate on one A4 or Letter sheet. A PDF of each goes to
test-results/print/ for a person to look at.

What prints is what the print styles leave: docs/assets/quiz.css (the quiz, the certificate),
docs/assets/theme.css (paper in the light palette's colours, no blank sheet after a short page)
and Material's own, which leave out its header, tabs, sidebars, footer and back-to-top button and
set the sheet's margins (``@page``), so ``page.pdf()`` prints with the margins a reader gets.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page
from quizpage import (
    QUIZ_IDS,
    QUIZZES,
    Answers,
    QuizForm,
    expected_result,
    expected_summary,
    quiz_path,
    random_answers,
)

from quizkit.model import Quiz

pytestmark = pytest.mark.browser

PAPERS = ["A4", "Letter"]
OUTCOMES = [(quiz_id, outcome.id) for quiz_id in QUIZ_IDS for outcome in QUIZZES[quiz_id].outcomes]

# The site's chrome, named as a reader would, and Material's element for each.
CHROME = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "footer": ".md-footer",
    "back to top": ".md-top",
}

_CHROME = """
(chrome) => Object.fromEntries(Object.entries(chrome).map(([name, selector]) => {
  const found = [...document.querySelectorAll(selector)];
  if (!found.length) return [name, "missing"];
  return [name, found.some((element) => element.checkVisibility()) ? "printed" : "left out"];
}))
"""

# The buttons of the page's content (the chrome's are checked with the chrome).
_BUTTONS = """
() => [...document.querySelectorAll(".md-content :is(button, .md-button, [role=button])")]
  .filter((element) => element.checkVisibility()).map((element) => element.outerHTML.slice(0, 80))
"""

# Every text under ``root`` that is not visible, leaving out the buttons'.
_HIDDEN_TEXT = """
(root) => {
  const hidden = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.data.trim() || element.closest("button")) continue;
    if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) {
      hidden.push(node.data.trim());
    }
  }
  return hidden;
}
"""

_BREAK_INSIDE = """
(selector) => [...document.querySelectorAll(selector)]
  .map((element) => getComputedStyle(element).breakInside)
"""

_RESULT = """
(quizId) => {
  const result = document.querySelector(`form[data-quiz="${quizId}"] [data-quiz-result]`);
  return {
    printed: result.checkVisibility(),
    score: result.querySelector(".nw-result__score").innerText,
    title: result.querySelector(".nw-result__title").innerText,
  };
}
"""

# The absolute address of every visible link that leads away from the page (Chromium makes the
# others, links to a part of the same page, destinations inside the PDF).
_LINKS = """
() => [...document.querySelectorAll("a[href]")]
  .filter((a) => a.checkVisibility())
  .map((a) => a.href)
  .filter((href) => href.split("#")[0] !== location.href.split("#")[0])
"""

# Each visible element of the article, with the colours it is drawn in.
_INK = """
() => [...document.querySelectorAll("article *")].filter((element) => element.checkVisibility())
  .map((element) => {
    const style = getComputedStyle(element);
    const colours = ["color", "borderTopColor", "borderLeftColor", "backgroundColor", "accentColor"]
      .map((property) => style[property]).join(" ");
    return `${element.tagName.toLowerCase()}.${element.className}: ${colours}`;
  })
"""

# The text nodes of the whole article that are printed, and those of the three parts a
# certificate is made of (the title without its permalink sign).
_CERTIFICATE = """
() => {
  const texts = (root, keep) => {
    const found = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.trim() && keep(node.parentElement)) found.push(node.data.trim());
    }
    return found;
  };
  const parts = [".nw-outcome-page__title", ".nw-outcome-page__kicker", ".nw-outcome-page__text"];
  return {
    printed: texts(document.querySelector("article"), (element) => element.checkVisibility()),
    certificate: parts.flatMap((selector) =>
      texts(document.querySelector(selector), (element) => !element.closest(".headerlink"))),
  };
}
"""

_FONT_SIZES = """
() => [".nw-outcome-page__title", ".nw-outcome-page__text p"]
  .map((selector) => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize))
"""


_FINISH_TRANSITIONS = """
() => {
  getComputedStyle(document.body).color; // styles recomputed: the transitions have started
  for (const animation of document.getAnimations()) {
    if (animation.effect?.getTiming().iterations !== Infinity) animation.finish();
  }
}
"""


RESULTS_FOLDER = "print"  # under test-results/: the `folder` fixture


@pytest.fixture(params=QUIZ_IDS)
def quiz(request: pytest.FixtureRequest) -> Quiz:
    return QUIZZES[request.param]


def load(page: Page, server, path: str) -> None:
    """Loads a page on screen, with nothing saved by an earlier test."""
    page.emulate_media(media="screen")
    if page.url.startswith(server.url):
        page.evaluate("localStorage.clear()")
    page.goto(server.url + path)


def printed(page: Page) -> Page:
    """The page in print media, its colours as printed: the transitions the change of media
    starts (a link's colour) are taken to their end."""
    page.emulate_media(media="print")
    page.evaluate(_FINISH_TRANSITIONS)
    return page


def the_answers(quiz: Quiz) -> Answers:
    return random_answers(quiz, random.Random(f"print/{quiz.id}"))


def check(page: Page, server, quiz: Quiz) -> QuizForm:
    """The quiz answered and checked on screen, as a reader does before printing."""
    load(page, server, quiz_path(quiz.id))
    form = QuizForm(page, quiz).wait_started()
    form.apply(the_answers(quiz))
    form.submit()
    return form


def buttons(page: Page) -> dict[str, object]:
    """Whether the content shows a button on screen, and the ones it prints."""
    page.emulate_media(media="screen")
    on_screen = bool(page.evaluate(_BUTTONS))
    return {"on screen": on_screen, "printed": printed(page).evaluate(_BUTTONS)}


def pdf_pages(pdf: bytes) -> int:
    """Chromium (Skia) writes each page as an uncompressed object of /Type /Page."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def pdf_links(pdf: bytes) -> set[str]:
    return {uri.decode() for uri in re.findall(rb"/URI \(([^)]*)\)", pdf)}


ALL_CHROME_LEFT_OUT = dict.fromkeys(CHROME, "left out")


class TestQuizWithoutJavaScript:
    @pytest.fixture(scope="class")
    def no_script_page(self, open_shared_context) -> Page:
        return open_shared_context(java_script_enabled=False).new_page()

    @pytest.fixture
    def page(self, no_script_page: Page, server, quiz: Quiz) -> Page:
        load(no_script_page, server, quiz_path(quiz.id))
        return printed(no_script_page)

    def test_every_text_but_the_buttons_is_printed(self, page: Page, quiz: Quiz) -> None:
        # The answers and explanations, and every possible outcome, in their closed <details>.
        hidden = page.locator(f'form[data-quiz="{quiz.id}"]').evaluate(_HIDDEN_TEXT)
        assert hidden == []

    def test_no_button_is_printed(self, page: Page) -> None:
        assert buttons(page) == {"on screen": True, "printed": []}

    def test_no_site_chrome_is_printed(self, page: Page) -> None:
        assert page.evaluate(_CHROME, CHROME) == ALL_CHROME_LEFT_OUT

    def test_questions_and_outcomes_are_kept_whole_on_a_sheet(self, page: Page, quiz: Quiz) -> None:
        kept = [
            page.evaluate(_BREAK_INSIDE, selector) for selector in (".nw-question", ".nw-outcome")
        ]
        assert kept == [["avoid"] * len(quiz.questions), ["avoid"] * len(quiz.outcomes)]

    def test_the_pdf_links_what_is_printed_and_nothing_else(
        self, page: Page, quiz: Quiz, folder: Path
    ) -> None:
        pdf = page.pdf(path=folder / f"{quiz.id}-without-javascript.pdf")
        assert pdf_links(pdf) == set(page.evaluate(_LINKS))


class TestQuizWithJavaScript:
    @pytest.fixture(scope="class")
    def script_page(self, open_shared_context) -> Page:
        return open_shared_context().new_page()

    @pytest.fixture
    def form(self, script_page: Page, server, quiz: Quiz) -> QuizForm:
        form = check(script_page, server, quiz)
        printed(script_page)
        return form

    def test_every_text_but_the_buttons_is_printed(self, form: QuizForm) -> None:
        # The answers, explanations and verdicts, the result, and every possible outcome.
        assert form.form.evaluate(_HIDDEN_TEXT) == []

    def test_the_result_is_printed(self, form: QuizForm, quiz: Quiz) -> None:
        answers = the_answers(quiz)
        outcome = expected_result(quiz, answers)["outcome"]
        assert form.page.evaluate(_RESULT, quiz.id) == {
            "printed": True,
            "score": expected_summary(quiz, answers),
            "title": form.result_title(outcome),
        }

    def test_the_result_is_kept_whole_on_a_sheet(self, form: QuizForm) -> None:
        assert form.page.evaluate(_BREAK_INSIDE, ".nw-quiz__result") == ["avoid"]

    def test_no_button_is_printed(self, form: QuizForm) -> None:
        # Check my answers, Retake, and Share this outcome.
        assert buttons(form.page) == {"on screen": True, "printed": []}

    def test_no_site_chrome_is_printed(self, form: QuizForm) -> None:
        assert form.page.evaluate(_CHROME, CHROME) == ALL_CHROME_LEFT_OUT

    def test_the_pdf_links_what_is_printed_and_nothing_else(
        self, form: QuizForm, quiz: Quiz, folder: Path
    ) -> None:
        pdf = form.page.pdf(path=folder / f"{quiz.id}-with-javascript-checked.pdf")
        assert pdf_links(pdf) == set(form.page.evaluate(_LINKS))


class TestOutcomePage:
    @pytest.fixture(scope="class")
    def outcome_page(self, open_shared_context) -> Page:
        return open_shared_context().new_page()

    @pytest.fixture(params=OUTCOMES, ids=["/".join(ids) for ids in OUTCOMES])
    def outcome(self, request: pytest.FixtureRequest) -> tuple[str, str]:
        return request.param

    @pytest.fixture
    def page(self, outcome_page: Page, server, outcome: tuple[str, str]) -> Page:
        quiz_id, outcome_id = outcome
        load(outcome_page, server, f"{quiz_path(quiz_id)}result/{outcome_id}/")
        return printed(outcome_page)

    @pytest.mark.parametrize("paper", PAPERS)
    def test_prints_on_one_sheet(
        self, page: Page, outcome: tuple[str, str], folder: Path, paper: str
    ) -> None:
        path = folder / f"outcome-{'-'.join(outcome)}-{paper.lower()}.pdf"
        assert pdf_pages(page.pdf(path=path, format=paper)) == 1

    def test_prints_its_title_the_quiz_it_came_from_and_its_text_only(self, page: Page) -> None:
        found = page.evaluate(_CERTIFICATE)
        assert found["printed"] == found["certificate"]

    def test_the_title_is_printed_three_times_the_size_of_the_text(self, page: Page) -> None:
        title, text = page.evaluate(_FONT_SIZES)
        assert round(title / text, 2) == 3

    def test_the_pdf_links_the_quiz_and_nothing_else(
        self, page: Page, server, outcome: tuple[str, str]
    ) -> None:
        assert pdf_links(page.pdf()) == {server.url + quiz_path(outcome[0])}

    def test_no_button_is_printed(self, page: Page) -> None:
        # Take the quiz yourself.
        assert buttons(page) == {"on screen": True, "printed": []}

    def test_no_site_chrome_is_printed(self, page: Page) -> None:
        assert page.evaluate(_CHROME, CHROME) == ALL_CHROME_LEFT_OUT


class TestDarkPalette:
    """Paper is white: printed from the dark palette, a page looks as from the light one."""

    def ink(self, open_context, server, palette: str, quiz: Quiz, kind: str) -> list[str]:
        page = open_context(palette=palette).new_page()
        if kind == "checked quiz":
            check(page, server, quiz)
        else:
            load(page, server, f"{quiz_path(quiz.id)}result/{quiz.outcomes[-1].id}/")
        scheme = page.locator("body").get_attribute("data-md-color-scheme")
        assert scheme == {"light": "default", "dark": "slate"}[palette]
        return printed(page).evaluate(_INK)

    @pytest.mark.parametrize("kind", ["checked quiz", "outcome page"])
    def test_prints_in_the_light_palettes_colours(
        self, open_context, server, quiz: Quiz, kind: str
    ) -> None:
        light = self.ink(open_context, server, "light", quiz, kind)
        assert self.ink(open_context, server, "dark", quiz, kind) == light
