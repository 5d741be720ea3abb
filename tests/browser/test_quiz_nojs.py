"""Without JavaScript: every quiz page is complete and readable; nothing waits for a script."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from quizpage import QUIZ_IDS, QUIZZES, quiz_path

from quizkit.model import Quiz

pytestmark = pytest.mark.browser

# Every text in the form that is not visible, leaving out the button that needs the script.
_HIDDEN_TEXT = """
(form) => {
  const hidden = [];
  const walker = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.data.trim() || element.closest("[data-quiz-submit]")) continue;
    if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) {
      hidden.push(node.data.trim());
    }
  }
  return hidden;
}
"""


@pytest.fixture(scope="module")
def no_script_page(open_shared_context) -> Page:
    return open_shared_context(java_script_enabled=False).new_page()


@pytest.fixture(params=QUIZ_IDS)
def quiz(request: pytest.FixtureRequest) -> Quiz:
    return QUIZZES[request.param]


@pytest.fixture
def page(no_script_page: Page, server, quiz: Quiz) -> Page:
    no_script_page.goto(server.url + quiz_path(quiz.id))
    return no_script_page


def open_every_details(page: Page, quiz: Quiz, *, by_mouse: bool) -> None:
    summaries = page.locator(f'form[data-quiz="{quiz.id}"] details > summary')
    if not by_mouse:  # the browser's own activation of each summary, in one round trip
        summaries.evaluate_all("(all) => all.forEach((summary) => summary.click())")
        return
    for summary in summaries.all():
        summary.click()


_SHOWN = """
(form) => Object.fromEntries([...form.querySelectorAll("[data-question]")].map((q) => [
  q.dataset.question,
  {
    legend: q.querySelector("legend").checkVisibility(),
    choices: [...q.querySelectorAll("label.nw-choice")].map((label) => label.checkVisibility()),
    answer: q.querySelector(".nw-answer__right, .nw-answer__points")?.checkVisibility() ?? false,
    feedback: [...q.querySelectorAll("[data-feedback-for]")].filter((f) => f.checkVisibility())
      .length,
    explanation: q.querySelector(".nw-answer__explanation")?.checkVisibility() ?? false,
  },
]))
"""


def shown(page: Page, quiz: Quiz) -> dict:
    return page.locator(f'form[data-quiz="{quiz.id}"]').evaluate(_SHOWN)


class TestWithoutJavaScript:
    def test_every_question_and_choice_is_visible(self, page: Page, quiz: Quiz) -> None:
        got = {qid: (q["legend"], q["choices"]) for qid, q in shown(page, quiz).items()}
        assert got == {q.id: (True, [True] * len(q.choices)) for q in quiz.questions}

    def test_each_answer_opens_to_show_the_answer_and_explanation(
        self, page: Page, quiz: Quiz
    ) -> None:
        open_every_details(page, quiz, by_mouse=True)
        got = {
            qid: (q["answer"], q["feedback"], q["explanation"])
            for qid, q in shown(page, quiz).items()
        }
        assert got == {
            q.id: (True, sum(bool(c.feedback) for c in q.choices), bool(q.explanation))
            for q in quiz.questions
        }

    @pytest.mark.parametrize(
        "quiz", [i for i in QUIZ_IDS if QUIZZES[i].scoring == "correct"], indirect=True
    )
    def test_the_answer_names_the_correct_choices(self, page: Page, quiz: Quiz) -> None:
        form = page.locator(f'form[data-quiz="{quiz.id}"]')
        got = form.evaluate(
            """(form) => Object.fromEntries([...form.querySelectorAll("[data-question]")].map(
              (q) => [q.dataset.question, [...q.querySelectorAll("[data-right-answer]")]
                .map((answer) => answer.textContent.trim())]))"""
        )
        right = form.evaluate(
            """(form) => Object.fromEntries([...form.querySelectorAll("[data-question]")].map(
              (q) => [q.dataset.question, [...q.querySelectorAll('input[data-correct="true"]')]
                .map((input) => input.closest("label").textContent.trim())]))"""
        )
        assert got == right

    def test_nothing_is_hidden_that_only_a_script_could_show(self, page: Page, quiz: Quiz) -> None:
        open_every_details(page, quiz, by_mouse=False)
        form = page.locator(f'form[data-quiz="{quiz.id}"]')
        assert form.evaluate(_HIDDEN_TEXT) == []

    def test_the_check_button_is_not_offered(self, page: Page, quiz: Quiz) -> None:
        form = page.locator(f'form[data-quiz="{quiz.id}"]')
        assert form.get_attribute("data-quiz-init") is None
        assert form.locator("[data-quiz-submit]").is_hidden()
