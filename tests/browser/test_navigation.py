"""After instant navigation: Material swaps pages without reloading scripts, and every quiz it
brings in starts exactly once, listens once, and works."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page
from quizpage import (
    MARKER,
    QUIZ_IDS,
    QUIZZES,
    STORAGE_PREFIX,
    QuizForm,
    essay_linking_to,
    essays_with_a_quiz,
    expected_result,
    follow,
    marker,
    open_fresh,
    quiz_path,
    random_answers,
    storage_key,
)

from quizkit.model import Quiz

pytestmark = pytest.mark.browser

# Counts, for the life of the window (which instant navigation keeps), every start of a quiz
# form (data-quiz-init set) and every save of quiz progress.
COUNTERS = """(() => {
  window.__quizStarts = [];
  window.__quizSaves = [];
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (key.startsWith(PREFIX)) window.__quizSaves.push(key);
    return setItem.call(this, key, value);
  };
  new MutationObserver((records) => {
    for (const record of records) window.__quizStarts.push(record.target.dataset.quiz);
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-quiz-init"] });
})();""".replace("PREFIX", json.dumps(STORAGE_PREFIX))


@pytest.fixture(scope="module")
def nav_page(open_shared_context, instant_server) -> Page:
    context = open_shared_context(origin=instant_server.url)
    context.add_init_script(COUNTERS)
    return context.new_page()


@pytest.fixture(params=QUIZ_IDS)
def quiz(request: pytest.FixtureRequest) -> Quiz:
    return QUIZZES[request.param]


@pytest.fixture
def quiz_form(nav_page: Page, instant_server, site: Path, quiz: Quiz) -> QuizForm:
    """The quiz's page, reached by clicking the link in an essay that points to it."""
    open_fresh(nav_page, instant_server, essay_linking_to(site, quiz.id))
    nav_page.evaluate("window.__quizStarts = []; window.__quizSaves = []")
    follow(nav_page, instant_server.url + quiz_path(quiz.id))
    return QuizForm(nav_page, quiz).wait_started()


def counted(page: Page, name: str) -> list[str]:
    return page.evaluate(f"window.{name}")


def swapped(page: Page, move: Callable[[], object]) -> None:
    """Moves through history, then waits until instant navigation has replaced the content
    (Playwright returns as soon as the URL changes, before Material has swapped the page)."""
    page.evaluate("document.querySelector('.md-content').setAttribute('data-test-old', '')")
    move()
    page.locator(".md-content[data-test-old]").wait_for(state="detached")


class TestAfterInstantNavigation:
    def test_following_a_link_from_an_essay_keeps_the_page_loaded(
        self, quiz_form: QuizForm
    ) -> None:
        assert marker(quiz_form.page) == MARKER

    def test_the_quiz_starts_exactly_once(self, quiz_form: QuizForm) -> None:
        quiz_form.page.wait_for_timeout(100)  # a second start would come right after the first
        assert counted(quiz_form.page, "__quizStarts") == [quiz_form.quiz.id]

    def test_one_answer_is_saved_once(self, quiz_form: QuizForm) -> None:
        quiz_form.form.locator("input[name]").first.click()
        assert counted(quiz_form.page, "__quizSaves") == [storage_key(quiz_form.quiz)]

    def test_one_submit_gives_one_correct_result(self, quiz_form: QuizForm) -> None:
        answers = random_answers(quiz_form.quiz, random.Random(f"nav/{quiz_form.quiz.id}"))
        quiz_form.apply(answers)
        quiz_form.page.evaluate("window.__quizSaves = []")
        quiz_form.submit()
        state = quiz_form.state()
        assert counted(quiz_form.page, "__quizSaves") == [storage_key(quiz_form.quiz)]
        assert {"score": state["score"], "outcome": state["outcome"]} == expected_result(
            quiz_form.quiz, answers
        )
        assert quiz_form.form.locator(".nw-result__score").count() == 1

    def test_back_and_forth_restarts_the_quiz_with_its_answers(self, quiz_form: QuizForm) -> None:
        page, quiz = quiz_form.page, quiz_form.quiz
        answers = random_answers(quiz, random.Random(f"back/{quiz.id}"))
        quiz_form.apply(answers)
        swapped(page, page.go_back)
        page.evaluate("window.__quizStarts = []")
        swapped(page, page.go_forward)
        quiz_form.wait_started()
        assert marker(page) == MARKER
        assert counted(page, "__quizStarts") == [quiz.id]
        checked = {qid: sorted(chosen) for qid, chosen in quiz_form.checked().items()}
        assert checked == {qid: sorted(chosen) for qid, chosen in answers.items()}
        quiz_form.submit()
        assert {
            "score": quiz_form.state()["score"],
            "outcome": quiz_form.state()["outcome"],
        } == expected_result(quiz, answers)

    def test_back_to_an_older_entry_shows_the_saved_result_with_its_answers(
        self, quiz_form: QuizForm, instant_server
    ) -> None:
        """The quiz's entry from instant navigation is left unanswered; the reader comes to the
        quiz again through the address bar (full loads), answers and checks. Back to the first
        entry loads the page anew, and the browser would restore its form as it was left there
        (nothing ticked) after quiz.js has shown the saved result: what is shown must be the
        saved answers with their result."""
        page, quiz = quiz_form.page, quiz_form.quiz
        quiz_url = page.url
        page.goto(instant_server.url + "about/")
        page.goto(quiz_url)
        quiz_form.wait_started()
        answers = random_answers(quiz, random.Random(f"older/{quiz.id}"))
        quiz_form.apply(answers)
        quiz_form.submit()
        page.go_back()
        swapped(page, page.go_back)
        assert page.url == quiz_url
        quiz_form.wait_started()
        checked = {qid: sorted(chosen) for qid, chosen in quiz_form.checked().items()}
        shown = {"score": quiz_form.state()["score"], "outcome": quiz_form.state()["outcome"]}
        assert (checked, shown) == (
            {qid: sorted(chosen) for qid, chosen in answers.items()},
            expected_result(quiz, answers),
        )


class TestEmbeddedAfterInstantNavigation:
    def test_a_quiz_inside_an_essay_starts_once_and_works(
        self, nav_page: Page, instant_server, site: Path
    ) -> None:
        embedded = essays_with_a_quiz(site)
        assert embedded, "no essay embeds a quiz"
        for essay, quiz_id in embedded:
            quiz = QUIZZES[quiz_id]
            open_fresh(nav_page, instant_server, "blog/")
            nav_page.evaluate("window.__quizStarts = []")
            follow(nav_page, instant_server.url + essay)
            form = QuizForm(nav_page, quiz).wait_started()
            assert marker(nav_page) == MARKER
            assert counted(nav_page, "__quizStarts") == [quiz.id]
            answers = random_answers(quiz, random.Random(f"embedded/{essay}"))
            form.apply(answers)
            form.submit()
            state = form.state()
            got = {"score": state["score"], "outcome": state["outcome"]}
            assert got == expected_result(quiz, answers), essay


class TestBackForwardCache:
    """Playwright turns Chromium's back/forward cache off; readers' browsers have it on, and a
    page restored from it must show what it showed when left, answers and result together."""

    @pytest.fixture(scope="class")
    def cached_page(
        self, browser_type, browser_type_launch_args: dict, browser_context_args: dict
    ) -> Iterator[tuple[Page, list[str]]]:
        """A page in a browser of its own, with the cache on, and what went wrong in it (not
        a watched context: those come from the session's browser)."""
        browser = browser_type.launch(
            **browser_type_launch_args, ignore_default_args=["--disable-back-forward-cache"]
        )
        page = browser.new_context(**browser_context_args).new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"console error: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        yield page, problems
        browser.close()

    def test_back_from_the_cache_shows_the_answers_with_their_result(
        self, cached_page: tuple[Page, list[str]], instant_server, quiz: Quiz
    ) -> None:
        page, problems = cached_page
        page.goto(instant_server.url + quiz_path(quiz.id))
        form = QuizForm(page, quiz).wait_started()
        answers = random_answers(quiz, random.Random(f"cache/{quiz.id}"))
        form.apply(answers)
        form.submit()
        page.evaluate(f"window.__marker = {json.dumps(MARKER)}")
        # A page with a request in flight (the theme's search index, on a busy machine) is not
        # kept in the cache: leave it once the network is quiet.
        page.wait_for_load_state("networkidle")
        page.goto(instant_server.url + "about/")
        page.go_back(wait_until="commit")  # from the cache: no load event
        form.wait_started()
        checked = {qid: sorted(chosen) for qid, chosen in form.checked().items()}
        shown = {"score": form.state()["score"], "outcome": form.state()["outcome"]}
        # Why Chromium did not restore the page, should it not have (empty when it did).
        why = page.evaluate(
            "JSON.stringify(performance.getEntriesByType('navigation')[0]?.notRestoredReasons)"
        )
        assert (marker(page), checked, shown, problems) == (
            MARKER,
            {qid: sorted(chosen) for qid, chosen in answers.items()},
            expected_result(quiz, answers),
            [],
        ), f"not restored from the cache: {why}"
