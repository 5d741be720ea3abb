"""With JavaScript: each check by the reader dispatches one bubbling ``quiz:checked`` event on its
form, whose detail is the result shown and the Python reference's; restoring a checked quiz
dispatches none, and checking sends nothing anywhere."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page, Request
from quizpage import (
    QUIZ_IDS,
    QUIZZES,
    Answers,
    QuizForm,
    expected_result,
    fresh_form,
    random_answers,
)

from quizkit.model import Quiz

pytestmark = pytest.mark.browser

# Every quiz:checked event that reaches the document, for the life of the page. The form is
# named by its data-quiz, read through the prototype (inputs' names can hide a form's methods).
HEAR_EVENTS = """(() => {
  window.__checked = [];
  document.addEventListener("quiz:checked", (event) => {
    const attribute = (name) => HTMLFormElement.prototype.getAttribute.call(event.target, name);
    window.__checked.push({
      detail: event.detail,
      form: event.target instanceof HTMLFormElement ? attribute("data-quiz") : null,
      bubbles: event.bubbles,
      phase: event.eventPhase,
    });
  });
})();"""


@pytest.fixture(scope="module", params=QUIZ_IDS)
def quiz(request: pytest.FixtureRequest) -> Quiz:
    return QUIZZES[request.param]


@pytest.fixture(scope="module")
def event_page(open_shared_context) -> Page:
    context = open_shared_context()
    context.add_init_script(HEAR_EVENTS)
    return context.new_page()


@pytest.fixture
def form(event_page: Page, server, quiz: Quiz) -> QuizForm:
    """The quiz's page, freshly loaded with nothing saved."""
    return fresh_form(event_page, server, quiz)


def answers_for(quiz: Quiz, salt: str) -> Answers:
    return random_answers(quiz, random.Random(f"event/{salt}/{quiz.id}"))


def heard(page: Page) -> list[dict]:
    return page.evaluate("window.__checked")


def check(form: QuizForm, answers: Answers) -> None:
    form.apply(answers)
    form.submit()


class TestWithJavaScript:
    def test_the_detail_is_the_quiz_its_version_the_score_the_outcome_and_the_answers(
        self, form: QuizForm
    ) -> None:
        answers = answers_for(form.quiz, "detail")
        check(form, answers)
        [event] = heard(form.page)
        detail = event["detail"]
        detail["answers"] = {qid: sorted(chosen) for qid, chosen in detail["answers"].items()}
        expected = expected_result(form.quiz, answers)
        assert detail == {
            "quiz": form.quiz.id,
            "version": form.quiz.version,
            "score": int(expected["score"]),
            "outcome": expected["outcome"],
            "answers": {qid: sorted(chosen) for qid, chosen in answers.items()},
        }

    def test_the_detail_is_the_result_shown(self, form: QuizForm) -> None:
        check(form, answers_for(form.quiz, "shown"))
        state = form.state()
        [event] = heard(form.page)
        assert (event["detail"]["score"], event["detail"]["outcome"]) == (
            int(state["score"]),
            state["outcome"],
        )

    def test_it_is_dispatched_on_the_form_and_bubbles_to_the_document(self, form: QuizForm) -> None:
        check(form, answers_for(form.quiz, "bubbles"))
        [event] = heard(form.page)
        at_the_document = 3  # Event.BUBBLING_PHASE: heard on an ancestor of the target
        assert (event["form"], event["bubbles"], event["phase"]) == (
            form.quiz.id,
            True,
            at_the_document,
        )

    def test_each_check_dispatches_one_event(self, form: QuizForm) -> None:
        first, second = answers_for(form.quiz, "first"), answers_for(form.quiz, "second")
        check(form, first)
        check(form, second)
        assert [event["detail"]["outcome"] for event in heard(form.page)] == [
            expected_result(form.quiz, first)["outcome"],
            expected_result(form.quiz, second)["outcome"],
        ]

    def test_a_result_restored_on_reload_dispatches_nothing(self, form: QuizForm) -> None:
        check(form, answers_for(form.quiz, "restored"))
        form.page.reload()
        form.wait_started()
        assert (form.state()["submitted"], heard(form.page)) == (True, [])

    def test_answering_and_retaking_dispatch_nothing(self, form: QuizForm) -> None:
        form.apply(answers_for(form.quiz, "unchecked"))
        form.retake()
        assert heard(form.page) == []

    def test_checking_sends_no_request(self, form: QuizForm) -> None:
        requests: list[str] = []

        def record(request: Request) -> None:
            requests.append(request.url)

        form.page.on("request", record)
        try:
            check(form, answers_for(form.quiz, "silent"))
            form.page.wait_for_timeout(100)  # a beacon or a fetch would start at once
        finally:
            form.page.remove_listener("request", record)
        assert (len(heard(form.page)), requests) == (1, [])
