"""The quizzes index remembers: for each quiz finished in this browser, the reader's outcome
(linking to its page) and a link to take the quiz again; answers to an older version of a quiz
are shown as out of date; one control forgets every saved quiz and says so once. Without
JavaScript, or with nothing finished, the index is the plain list it always was."""

from __future__ import annotations

import json
import random

import pytest
from playwright.sync_api import Page
from quizpage import (
    BLOCKED_STORAGE,
    MARKER,
    QUIZ_IDS,
    QUIZZES,
    STORAGE_PREFIX,
    QuizForm,
    expected_result,
    marker,
    open_fresh,
    quiz_path,
    random_answers,
    storage_key,
)

from quizkit.model import Quiz

pytestmark = pytest.mark.browser

INDEX = "quiz/"
OLD_VERSION = "0123456789ab"  # a version hash no quiz has
OUT_OF_DATE = "Out of date: this quiz has changed since you took it. Take it again"
FORGOTTEN = "Your saved answers are forgotten."
UNRELATED = "someone-else:setting"  # a key of another script, which forgetting leaves alone

# What the index shows, quiz by quiz: the text and links of each line quiz.js added to it (the
# lines inside <template> are not the page's), and the state of the forget control.
_SHOWN = """() => {
  const index = document.querySelector("[data-quiz-index]");
  const lines = {};
  for (const template of index.querySelectorAll("template[data-index-quiz]")) {
    lines[template.getAttribute("data-index-quiz")] = [
      ...template.parentElement.querySelectorAll(":scope > [data-outcome-id]"),
    ].map((line) => ({
      text: line.textContent,
      links: [...line.querySelectorAll("a")].map((a) => [a.textContent, a.href]),
      visible: line.checkVisibility(),
    }));
  }
  const memory = index.querySelector("[data-index-memory]");
  const status = memory.querySelector("[role=status]");
  return {
    lines,
    memory: memory.checkVisibility(),
    button: memory.querySelector("button")?.checkVisibility() ?? false,
    status: status.textContent,
    focused: document.activeElement === status,
  };
}"""

# The index as the page holds it, and as the server sent it (parsed, never run); links made
# absolute in both, as the theme makes them on the page.
_AS_BUILT = """async () => {
  const sent = await (await fetch(location.href)).text();
  const built = new DOMParser().parseFromString(sent, "text/html");
  return [document, built].map((doc) => {
    const index = doc.querySelector("[data-quiz-index]");
    index.querySelectorAll("a[href]").forEach((a) => a.setAttribute("href", a.href));
    return index.innerHTML;
  });
}"""

# Every element of the index that is drawn, and every one that is not inside what the index
# template added for the script (templates and the forget control): each as tag.class.
_OUTLINES = """() => {
  const index = document.querySelector("[data-quiz-index]");
  const name = (el) => el.tagName.toLowerCase() + (el.className ? `.${el.className}` : "");
  const all = [...index.querySelectorAll("*")];
  return [
    all.filter((el) => el.checkVisibility()).map(name),
    all.filter((el) => !el.closest("template, [data-index-memory]")).map(name),
  ];
}"""

# Finished records of the wrong shape under a quiz's current key: none may show a line.
CORRUPT = {
    "not JSON": "{answers",
    "null": "null",
    "a number": "42",
    "a list": "[]",
    "a string": '"%(outcome)s"',
    "not submitted": '{"answers": {}, "submitted": false, "outcome": "%(outcome)s"}',
    "submitted a string": '{"answers": {}, "submitted": "true", "outcome": "%(outcome)s"}',
    "no outcome": '{"answers": {}, "submitted": true}',
    "an unknown outcome": '{"answers": {}, "submitted": true, "outcome": "no-such-outcome"}',
    "an outcome not a string": '{"answers": {}, "submitted": true, "outcome": ["%(outcome)s"]}',
    "the empty outcome": '{"answers": {}, "submitted": true, "outcome": ""}',
}


def record(outcome: str | None, *, submitted: bool = True) -> str:
    """A record as quiz.js saves it (the answers do not matter to the index)."""
    saved = {"answers": {}, "submitted": submitted}
    if outcome is not None:
        saved["outcome"] = outcome
    return json.dumps(saved)


def put(page: Page, key: str, value: str) -> None:
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, value])


def saved_keys(page: Page) -> list[str]:
    return sorted(page.evaluate("Object.keys(localStorage)"))


def finish(page: Page, server, quiz: Quiz, salt: str) -> tuple[str, str]:
    """Takes the quiz on its page and checks it; returns the outcome's id and its title as the
    quiz showed it."""
    page.goto(server.url + quiz_path(quiz.id))
    form = QuizForm(page, quiz).wait_started()
    answers = random_answers(quiz, random.Random(f"index/{salt}/{quiz.id}"))
    form.apply(answers)
    form.submit()
    outcome = expected_result(quiz, answers)["outcome"]
    assert form.state()["outcome"] == outcome
    return outcome, form.result_title(outcome)


def open_index(page: Page, server) -> None:
    page.goto(server.url + INDEX)
    page.locator("[data-quiz-index][data-quiz-init]").wait_for(state="attached")


def shown(page: Page) -> dict:
    return page.evaluate(_SHOWN)


def outcome_line(server, quiz: Quiz, outcome: str, title: str) -> dict:
    return {
        "text": f"Your outcome: {title}. Retake the quiz",
        "links": [
            [title, f"{server.url}quiz/{quiz.id}/result/{outcome}/"],
            ["Retake the quiz", server.url + quiz_path(quiz.id)],
        ],
        "visible": True,
    }


def out_of_date_line(server, quiz: Quiz) -> dict:
    return {
        "text": OUT_OF_DATE,
        "links": [["Take it again", server.url + quiz_path(quiz.id)]],
        "visible": True,
    }


NOTHING_SHOWN = {
    "lines": {quiz_id: [] for quiz_id in QUIZ_IDS},
    "memory": False,
    "button": False,
    "status": "",
    "focused": False,
}


@pytest.fixture(params=QUIZ_IDS)
def quiz(request: pytest.FixtureRequest) -> Quiz:
    return QUIZZES[request.param]


class TestWithoutJavaScript:
    @pytest.fixture(scope="class")
    def no_script_page(self, open_shared_context) -> Page:
        return open_shared_context(java_script_enabled=False).new_page()

    @pytest.fixture
    def page(self, no_script_page: Page, server) -> Page:
        """The index, with a finished quiz and an older version of another saved."""
        no_script_page.goto(server.url + INDEX)
        first, second = QUIZZES[QUIZ_IDS[0]], QUIZZES[QUIZ_IDS[-1]]
        put(no_script_page, storage_key(first), record(first.outcomes[0].id))
        put(no_script_page, storage_key(second, OLD_VERSION), record(second.outcomes[0].id))
        no_script_page.reload()
        return no_script_page

    def test_the_index_shows_no_summary_and_no_control(self, page: Page) -> None:
        assert shown(page) == NOTHING_SHOWN

    def test_what_the_script_would_use_is_never_drawn(self, page: Page) -> None:
        drawn, listed = page.evaluate(_OUTLINES)
        assert drawn == listed

    def test_what_the_script_would_use_is_never_read_aloud(self, page: Page) -> None:
        index = page.locator("[data-quiz-index]")
        with_it = index.aria_snapshot()
        index.evaluate(
            "(index) => index.querySelectorAll('template, [data-index-memory]')"
            ".forEach((el) => el.remove())"
        )
        assert index.aria_snapshot() == with_it


class TestWithJavaScript:
    @pytest.fixture(scope="class")
    def index_page(self, open_shared_context) -> Page:
        return open_shared_context().new_page()

    @pytest.fixture
    def page(self, index_page: Page, server) -> Page:
        """A page of the site with nothing saved."""
        index_page.goto(server.url + INDEX)
        index_page.evaluate("localStorage.clear()")
        return index_page

    def test_with_nothing_saved_the_index_is_as_built(self, page: Page, server) -> None:
        open_index(page, server)
        now, built = page.evaluate(_AS_BUILT)
        assert (now, shown(page)) == (built, NOTHING_SHOWN)

    def test_with_answers_in_progress_the_index_is_as_built(
        self, page: Page, server, quiz: Quiz
    ) -> None:
        put(page, storage_key(quiz), record(None, submitted=False))
        open_index(page, server)
        now, built = page.evaluate(_AS_BUILT)
        assert (now, shown(page)) == (built, NOTHING_SHOWN)

    def test_a_finished_quiz_shows_its_outcome_and_a_link_to_retake(
        self, page: Page, server, quiz: Quiz
    ) -> None:
        outcome, title = finish(page, server, quiz, "finished")
        open_index(page, server)
        lines = {quiz_id: [] for quiz_id in QUIZ_IDS} | {
            quiz.id: [outcome_line(server, quiz, outcome, title)]
        }
        assert shown(page) == NOTHING_SHOWN | {"lines": lines, "memory": True, "button": True}

    def test_every_outcome_is_shown_with_its_title_and_page(
        self, page: Page, server, quiz: Quiz
    ) -> None:
        """Each outcome's line names it as its own page does, and links there."""
        found, expected = [], []
        for outcome in quiz.outcomes:
            put(page, storage_key(quiz), record(outcome.id))
            open_index(page, server)
            found += shown(page)["lines"][quiz.id]
            page.goto(f"{server.url}quiz/{quiz.id}/result/{outcome.id}/")
            title = page.locator("h1").evaluate("(h1) => h1.firstChild.textContent")
            expected.append(outcome_line(server, quiz, outcome.id, title))
        assert found == expected

    def test_an_older_version_is_shown_out_of_date(self, page: Page, server, quiz: Quiz) -> None:
        put(page, storage_key(quiz, OLD_VERSION), record(quiz.outcomes[0].id))
        open_index(page, server)
        assert shown(page)["lines"][quiz.id] == [out_of_date_line(server, quiz)]

    def test_an_older_version_in_progress_shows_nothing(
        self, page: Page, server, quiz: Quiz
    ) -> None:
        put(page, storage_key(quiz, OLD_VERSION), record(None, submitted=False))
        open_index(page, server)
        assert shown(page) == NOTHING_SHOWN

    def test_the_current_outcome_wins_over_an_older_version(
        self, page: Page, server, quiz: Quiz
    ) -> None:
        put(page, storage_key(quiz, OLD_VERSION), record(quiz.outcomes[0].id))
        outcome, title = finish(page, server, quiz, "current")
        open_index(page, server)
        assert shown(page)["lines"][quiz.id] == [outcome_line(server, quiz, outcome, title)]

    def test_corrupt_storage_shows_nothing(self, page: Page, server, quiz: Quiz) -> None:
        """Console errors would fail the test: nothing is logged either."""
        failures = []
        for name, value in CORRUPT.items():
            page.evaluate("localStorage.clear()")
            put(page, storage_key(quiz), value % {"outcome": quiz.outcomes[0].id})
            put(page, storage_key(quiz, OLD_VERSION), value % {"outcome": quiz.outcomes[0].id})
            open_index(page, server)
            if (got := shown(page)) != NOTHING_SHOWN:
                failures.append(f"{name}: {got}")
        assert failures == []

    def test_blocked_storage_shows_nothing(self, open_context, server, quiz: Quiz) -> None:
        page = open_context().new_page()
        page.goto(server.url + INDEX)
        put(page, storage_key(quiz), record(quiz.outcomes[0].id))
        page.context.add_init_script(BLOCKED_STORAGE)
        open_index(page, server)
        assert shown(page) == NOTHING_SHOWN

    def test_forget_clears_every_saved_quiz_and_nothing_else(
        self, page: Page, server, quiz: Quiz
    ) -> None:
        finish(page, server, quiz, "forget")
        put(page, storage_key(quiz, OLD_VERSION), record(quiz.outcomes[0].id))
        put(page, f"{STORAGE_PREFIX}no-such-quiz:{OLD_VERSION}", record(None, submitted=False))
        put(page, UNRELATED, "kept")
        before = saved_keys(page)
        open_index(page, server)
        page.get_by_role("button", name="Forget my answers").click()
        assert saved_keys(page) == [key for key in before if not key.startswith(STORAGE_PREFIX)]
        assert UNRELATED in before

    def test_forget_empties_the_summary_and_removes_its_button(
        self, page: Page, server, quiz: Quiz
    ) -> None:
        finish(page, server, quiz, "forget")
        open_index(page, server)
        page.get_by_role("button", name="Forget my answers").click()
        assert {**shown(page), "status": "", "focused": False} == NOTHING_SHOWN | {"memory": True}

    def test_forget_is_announced_once_and_takes_the_focus(
        self, page: Page, server, quiz: Quiz
    ) -> None:
        finish(page, server, quiz, "announce")
        open_index(page, server)
        live = "[role=status], [role=alert], [aria-live]:not([aria-live=off])"
        regions = page.locator(f"[data-quiz-index] :is({live})")
        before = regions.all_text_contents()
        page.get_by_role("button", name="Forget my answers").click()
        state = shown(page)
        assert (before, regions.all_text_contents(), state["status"], state["focused"]) == (
            [""],
            [FORGOTTEN],
            FORGOTTEN,
            True,
        )

    def test_after_forgetting_the_index_is_as_built(self, page: Page, server, quiz: Quiz) -> None:
        finish(page, server, quiz, "reload")
        open_index(page, server)
        page.get_by_role("button", name="Forget my answers").click()
        open_index(page, server)
        now, built = page.evaluate(_AS_BUILT)
        assert (now, shown(page)) == (built, NOTHING_SHOWN)


# Every start of the quizzes index (data-quiz-init set on it), for the life of the window, which
# instant navigation keeps.
COUNT_STARTS = """(() => {
  window.__indexStarts = 0;
  new MutationObserver((records) => {
    window.__indexStarts += records.filter((r) => r.target.hasAttribute("data-quiz-index")).length;
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-quiz-init"] });
})();"""


class TestAfterInstantNavigation:
    @pytest.fixture(scope="class")
    def nav_page(self, open_shared_context, instant_server) -> Page:
        context = open_shared_context(origin=instant_server.url)
        context.add_init_script(COUNT_STARTS)
        return context.new_page()

    @pytest.fixture
    def finished(self, nav_page: Page, instant_server, quiz: Quiz) -> tuple[str, str]:
        """The quiz, finished on its own page; then the home page, loaded, and the Quizzes tab
        clicked (instant navigation); returns the outcome and its title."""
        open_fresh(nav_page, instant_server, quiz_path(quiz.id))
        outcome = finish(nav_page, instant_server, quiz, "instant")
        open_fresh_keeping_storage(nav_page, instant_server, "")
        nav_page.evaluate("window.__indexStarts = 0")
        nav_page.locator(".md-tabs__link", has_text="Quizzes").click()
        nav_page.wait_for_url(instant_server.url + INDEX)
        nav_page.locator("[data-quiz-index][data-quiz-init]").wait_for(state="attached")
        return outcome

    def test_the_quizzes_tab_shows_the_outcome_without_a_reload(
        self, nav_page: Page, instant_server, quiz: Quiz, finished: tuple[str, str]
    ) -> None:
        outcome, title = finished
        assert (marker(nav_page), shown(nav_page)["lines"][quiz.id]) == (
            MARKER,
            [outcome_line(instant_server, quiz, outcome, title)],
        )

    def test_the_index_starts_once(self, nav_page: Page, finished: tuple[str, str]) -> None:
        nav_page.wait_for_timeout(100)  # a second start would come right after the first
        assert nav_page.evaluate("window.__indexStarts") == 1

    def test_forget_works(self, nav_page: Page, finished: tuple[str, str]) -> None:
        nav_page.get_by_role("button", name="Forget my answers").click()
        keys = [key for key in saved_keys(nav_page) if key.startswith(STORAGE_PREFIX)]
        state = shown(nav_page)
        assert (keys, state["lines"], state["status"]) == (
            [],
            NOTHING_SHOWN["lines"],
            FORGOTTEN,
        )


def open_fresh_keeping_storage(page: Page, server, path: str) -> None:
    """``open_fresh`` without forgetting what is saved: the page, loaded, once instant
    navigation is ready."""
    saved = page.evaluate("JSON.stringify(Object.entries(localStorage))")
    open_fresh(page, server, path)
    page.evaluate(
        "(saved) => JSON.parse(saved).forEach(([key, value]) => localStorage.setItem(key, value))",
        saved,
    )
