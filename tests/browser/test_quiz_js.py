"""With JavaScript: every quiz page scores like the Python reference, gives feedback, is usable by
keyboard alone, and keeps progress in localStorage without ever depending on it."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import BrowserContext, Page
from quizpage import (
    BLOCKED_STORAGE,
    QUIZ_IDS,
    QUIZZES,
    STORAGE_PREFIX,
    Answers,
    QuizForm,
    answer_sets,
    expected_result,
    expected_summary,
    expected_verdict,
    extreme_answers,
    fresh_form,
    quiz_path,
    random_answers,
    storage_key,
)

from quizkit.model import Quiz

pytestmark = pytest.mark.browser

ANSWER_SETS = 50  # per quiz, on one page, with Retake in between

# Saved progress of the wrong shape; "%(question)s" stands for the quiz's first question id.
CORRUPT = {
    "not JSON": "{answers",
    "a number": "42",
    "a list": "[]",
    "answers null": '{"answers": null}',
    "answers a list": '{"answers": [["0"]]}',
    "values not a list": '{"answers": {"%(question)s": "0"}}',
    "values not strings": '{"answers": {"%(question)s": [0, null, {}]}}',
    "submitted without answers": '{"answers": {}, "submitted": true}',
}

# Storage where every save fails, as when it fills up.
FULL_STORAGE = """(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (key.startsWith(PREFIX)) {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    }
    return setItem.call(this, key, value);
  };
})();""".replace("PREFIX", json.dumps(STORAGE_PREFIX))


@pytest.fixture(scope="module", params=QUIZ_IDS)
def quiz(request: pytest.FixtureRequest) -> Quiz:
    return QUIZZES[request.param]


@pytest.fixture(scope="module")
def quiz_page(open_shared_context) -> Page:
    return open_shared_context().new_page()


@pytest.fixture
def form(quiz_page: Page, server, quiz: Quiz) -> QuizForm:
    """The quiz's page, freshly loaded with nothing saved."""
    return fresh_form(quiz_page, server, quiz)


def some_answers(quiz: Quiz, salt: str) -> Answers:
    return random_answers(quiz, random.Random(f"{salt}/{quiz.id}"))


def normalised(answers: Answers) -> Answers:
    return {qid: sorted(chosen) for qid, chosen in answers.items()}


def result_of(form: QuizForm) -> dict[str, str | None]:
    state = form.state()
    return {"score": state["score"], "outcome": state["outcome"]}


def nothing_restored(form: QuizForm) -> bool:
    state = form.state()
    return state["score"] is None and all(not q["checked"] for q in state["questions"].values())


def save(page: Page, key: str, value: str) -> None:
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, value])


class TestScoring:
    def test_score_and_outcome_match_the_python_reference(self, form: QuizForm) -> None:
        mismatches = [
            f"answer set {n} {answers}: got {got}"
            for n, answers in enumerate(answer_sets(form.quiz, ANSWER_SETS))
            if (got := form.check(answers)) != expected_result(form.quiz, answers)
        ]
        assert mismatches == []

    def test_a_reader_who_always_picks_the_same_place_wins_nothing(self, form: QuizForm) -> None:
        """Choice 1 every time, then choice 2, ...: the outcome is the reference's, and never
        the best (right/wrong) or an extreme (points); the position alone decides nothing."""
        shown = {
            q.id: form.form.locator(f'[data-question="{q.id}"] input[name]').evaluate_all(
                "inputs => inputs.map((input) => Number(input.value))"
            )
            for q in form.quiz.questions
        }
        bands = [span.outcome.id for span in form.quiz.outcome_ranges()]
        barred = {bands[-1]} if form.quiz.scoring == "correct" else {bands[0], bands[-1]}
        results = []
        for place in range(max(map(len, shown.values()))):
            answers = self._by_place(form.quiz, shown, place)
            got = form.check(answers)
            assert got == expected_result(form.quiz, answers)
            results.append(got["outcome"])
        if form.quiz.scoring == "categories":  # no outcome is best; none may belong to a place
            assert len(set(results)) > 1, results
        else:
            assert barred.isdisjoint(results), results

    @staticmethod
    def _by_place(quiz, shown: dict[str, list[int]], place: int) -> dict[str, list[int]]:
        """The choice shown at ``place`` in each question; a pick-one question with fewer
        choices gets its last one, a pick-any question nothing."""
        multiple = {q.id: q.multiple for q in quiz.questions}
        return {
            qid: [values[place]] if place < len(values) else ([] if multiple[qid] else [values[-1]])
            for qid, values in shown.items()
        }

    def test_result_names_the_score_and_the_outcome(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "summary")
        form.apply(answers)
        form.submit()
        state = form.state()
        outcome = expected_result(form.quiz, answers)["outcome"]
        assert (state["summary"], state["title"]) == (
            expected_summary(form.quiz, answers),
            form.result_title(outcome),
        )

    def test_focus_moves_to_the_result_status_region(self, form: QuizForm) -> None:
        form.apply(extreme_answers(form.quiz, best=True))
        form.submit()
        result = form.form.locator("[data-quiz-result]")
        assert (form.state()["focused"], result.get_attribute("role")) == (True, "status")


class TestKeyboard:
    def test_keyboard_alone_answers_every_question_and_shows_the_result(
        self, form: QuizForm
    ) -> None:
        answers = some_answers(form.quiz, "keyboard")
        form.answer_with_keyboard(answers)
        form.page.keyboard.press("Enter")
        state = form.state()
        checked = {qid: q["checked"] for qid, q in state["questions"].items()}
        assert normalised(checked) == normalised(answers)
        assert result_of(form) == expected_result(form.quiz, answers)
        assert state["focused"]


class TestFeedback:
    def test_every_question_shows_its_verdict_and_opens_its_answer(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "feedback")
        form.apply(answers)
        form.submit()
        questions = form.state()["questions"]
        assert {qid: (q["verdict"], q["open"]) for qid, q in questions.items()} == {
            q.id: (expected_verdict(form.quiz, q, answers), True) for q in form.quiz.questions
        }

    def test_feedback_on_each_chosen_answer_is_marked(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "chosen")
        form.apply(answers)
        form.submit()
        questions = form.state()["questions"]
        assert {qid: sorted(q["chosen"]) for qid, q in questions.items()} == {
            q.id: sorted(i for i in answers[q.id] if q.choices[i].feedback)
            for q in form.quiz.questions
        }

    def test_changing_an_answer_after_checking_clears_the_result(self, form: QuizForm) -> None:
        form.apply(extreme_answers(form.quiz, best=True))
        form.submit()
        form.apply(extreme_answers(form.quiz, best=False))
        state = form.state()
        assert (state["submitted"], state["score"], state["text"]) == (False, None, "")
        assert {q["verdict"] for q in state["questions"].values()} == {""}


class TestRetake:
    def test_retake_clears_answers_feedback_and_result(self, form: QuizForm) -> None:
        form.apply(some_answers(form.quiz, "retake"))
        form.submit()
        form.retake()
        state = form.state()
        got = (state["submitted"], state["score"], state["outcome"], state["text"])
        assert got == (False, None, None, "")
        cleared = {"state": None, "verdict": "", "open": False, "chosen": [], "checked": []}
        assert state["questions"] == {q.id: cleared for q in form.quiz.questions}

    def test_retake_forgets_saved_progress(self, form: QuizForm) -> None:
        form.apply(some_answers(form.quiz, "retake"))
        form.submit()
        form.retake()
        assert form.saved() is None

    def test_retake_puts_focus_on_the_first_answer(self, form: QuizForm) -> None:
        form.apply(some_answers(form.quiz, "retake"))
        form.submit()
        form.retake()
        first = form.form.locator("input[name]").first.element_handle()
        form.page.wait_for_function("(input) => document.activeElement === input", arg=first)


class TestSavedProgress:
    def test_reload_restores_the_answers(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "reload")
        form.apply(answers)
        form.page.reload()
        form.wait_started()
        assert normalised(form.checked()) == normalised(answers)
        assert form.state()["score"] is None

    def test_reload_after_checking_shows_the_same_result(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "reload")
        form.apply(answers)
        form.submit()
        form.page.reload()
        form.wait_started()
        assert result_of(form) == expected_result(form.quiz, answers)

    def test_answers_saved_for_another_version_are_ignored_and_dropped(
        self, form: QuizForm
    ) -> None:
        stale = storage_key(form.quiz, version="0123456789ab")
        answers = some_answers(form.quiz, "stale")
        saved = {qid: [str(i) for i in chosen] for qid, chosen in answers.items()}
        save(form.page, stale, json.dumps({"answers": saved, "submitted": True}))
        form.page.reload()
        form.wait_started()
        assert nothing_restored(form)
        assert form.page.evaluate("(key) => localStorage.getItem(key)", stale) is None


# Records what quiz.js reads on or inside a question (getAttribute, querySelector...).
QUESTION_READS = """(() => {
  window.__questionReads = [];
  const closest = Element.prototype.closest;
  for (const method of ["getAttribute", "hasAttribute", "querySelector", "querySelectorAll"]) {
    const real = Element.prototype[method];
    Element.prototype[method] = function (...args) {
      if (closest.call(this, "[data-question]") && /quiz\\.js/.test(new Error().stack)) {
        window.__questionReads.push(`${method}(${args.join(", ")})`);
      }
      return real.apply(this, args);
    };
  }
})();"""


class TestStartUp:
    def test_with_nothing_saved_a_quiz_starts_without_reading_its_questions(
        self, context: BrowserContext, server, quiz: Quiz
    ) -> None:
        """What each question holds waits for the reader's first action: on a quiz of 1,000
        questions, reading it all at start was most of the start-up (make bench)."""
        context.add_init_script(QUESTION_READS)
        page = context.new_page()
        page.goto(server.url + quiz_path(quiz.id))
        form = QuizForm(page, quiz).wait_started()
        at_start = page.evaluate("window.__questionReads")
        form.apply(some_answers(quiz, "reads"))
        assert (at_start, page.evaluate("window.__questionReads.length > 0")) == ([], True)


class TestBrokenStorage:
    def test_corrupt_saved_progress_is_ignored(self, form: QuizForm) -> None:
        answers = some_answers(form.quiz, "corrupt")
        failures = []
        for name, value in CORRUPT.items():
            save(form.page, storage_key(form.quiz), value % {"question": form.quiz.questions[0].id})
            form.page.reload()
            form.wait_started()
            if not nothing_restored(form):
                failures.append(f"{name}: restored {form.state()}")
            elif (got := form.check(answers)) != expected_result(form.quiz, answers):
                failures.append(f"{name}: then scored {got}")
        assert failures == []

    def test_blocked_storage_leaves_a_working_quiz(
        self, context: BrowserContext, server, quiz: Quiz
    ) -> None:
        context.add_init_script(BLOCKED_STORAGE)
        self.assert_works_but_forgets(context.new_page(), server, quiz)

    def test_full_storage_leaves_a_working_quiz(
        self, context: BrowserContext, server, quiz: Quiz
    ) -> None:
        context.add_init_script(FULL_STORAGE)
        self.assert_works_but_forgets(context.new_page(), server, quiz)

    @staticmethod
    def assert_works_but_forgets(page: Page, server, quiz: Quiz) -> None:
        page.goto(server.url + quiz_path(quiz.id))
        form = QuizForm(page, quiz).wait_started()
        answers = some_answers(quiz, "no-storage")
        form.apply(answers)
        form.submit()
        assert result_of(form) == expected_result(quiz, answers)
        page.reload()
        form.wait_started()
        assert nothing_restored(form)


# Records what the Share button hands to the platform, instead of opening a share sheet.
WEB_SHARE = """window.__shared = [];
navigator.share = async (data) => { window.__shared.push(data); };"""
CLIPBOARD_ONLY = """delete Navigator.prototype.share;
window.__shared = [];
Object.defineProperty(navigator, "clipboard", { value: {
  writeText: async (text) => { window.__shared.push({ url: text }); } } });"""


class TestSharing:
    def shared_after_checking(self, context: BrowserContext, server, quiz: Quiz, script: str):
        context.add_init_script(script)
        page = context.new_page()
        page.goto(server.url + quiz_path(quiz.id))
        form = QuizForm(page, quiz).wait_started()
        answers = some_answers(quiz, "share")
        form.apply(answers)
        form.submit()
        form.form.locator("[data-quiz-share]").click()
        page.wait_for_function("window.__shared.length > 0")
        outcome = expected_result(quiz, answers)["outcome"]
        return page, page.evaluate("window.__shared"), outcome

    def test_share_offers_the_outcome_page_through_web_share(
        self, context: BrowserContext, server, quiz: Quiz
    ) -> None:
        _, shared, outcome = self.shared_after_checking(context, server, quiz, WEB_SHARE)
        assert [item["url"] for item in shared] == [f"{server.url}quiz/{quiz.id}/result/{outcome}/"]

    def test_share_copies_the_link_where_web_share_is_missing(
        self, context: BrowserContext, server, quiz: Quiz
    ) -> None:
        page, shared, outcome = self.shared_after_checking(context, server, quiz, CLIPBOARD_ONLY)
        url = f"{server.url}quiz/{quiz.id}/result/{outcome}/"
        assert shared == [{"url": url}]
        assert page.locator(".nw-result__shared").text_content() == f"Link copied: {url}"


# -- Pages changed on the way to the browser ---------------------------------------------------


def open_changed(
    context: BrowserContext, server, site: Path, quiz: Quiz, change: Callable[[Tag], None]
) -> Page:
    """Opens the quiz's page as built, but with ``change`` made to its form: the page is served
    from memory (``page.route``), so the built site every other test reads stays as it is."""
    path = quiz_path(quiz.id)
    page_html = BeautifulSoup(
        (site / path / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    change(page_html.select_one(f'form[data-quiz="{quiz.id}"]'))
    page = context.new_page()
    page.route(
        server.url + path,
        lambda route: route.fulfill(body=str(page_html), content_type="text/html; charset=utf-8"),
    )
    page.goto(server.url + path)
    return page


BROKEN = "broken-copy"  # the data-quiz of a damaged copy of a quiz, put before the quiz itself

# quiz.js reports a quiz it cannot start with console.error, which the watched context turns into
# a failure. This keeps the reports about the damaged copy, and only those, off the console and in
# a list for the test to check; any other console error still fails the test.
KEEP_BROKEN_REPORTS = """(() => {
  const report = console.error.bind(console);
  window.__brokenReports = [];
  console.error = (...args) => {
    const text = args.map(String).join(" ");
    if (text.startsWith("Error: quiz BROKEN: ")) window.__brokenReports.push(text);
    else report(...args);
  };
})();""".replace("BROKEN", BROKEN)


def remove_all(scope: Tag, selector: str) -> None:
    for found in scope.select(selector):
        found.decompose()


# Each takes out of a form something quiz.js needs, and says what quiz.js must then report missing.
def no_version(form: Tag) -> str:
    del form["data-quiz-version"]
    return "data-quiz-version"


def no_result_region(form: Tag) -> str:
    remove_all(form, "[data-quiz-result]")
    return "[data-quiz-result]"


def no_questions(form: Tag) -> str:
    remove_all(form, "[data-question]")
    return "[data-question]"


def no_verdict_in_the_last_question(form: Tag) -> str:
    question = form.select("[data-question]")[-1]
    remove_all(question, "[data-question-verdict]")
    return f"[data-question-verdict] in question {question['data-question']}"


def no_inputs_in_the_last_question(form: Tag) -> str:
    question = form.select("[data-question]")[-1]
    remove_all(question, "input[name]")
    return f"input[name] in question {question['data-question']}"


def no_outcomes(form: Tag) -> str:
    remove_all(form, "[data-outcome-id]")
    return "[data-outcome-id]"


def a_min_in_words(form: Tag) -> str:
    outcome = form.select("[data-outcome-id]")[-1]
    outcome["data-min"] = "five"
    return f"a whole number in data-min of outcome {outcome['data-outcome-id']}"


DAMAGES = [no_version, no_result_region, no_questions, no_outcomes, a_min_in_words]

# A question's own parts are looked up when a reader's action first needs them (at start, on a
# long quiz, that was most of the start-up): a quiz missing one stops at that action instead.
QUESTION_DAMAGES = [no_verdict_in_the_last_question, no_inputs_in_the_last_question]


def open_beside_broken_copy(
    context: BrowserContext, server, site: Path, quiz: Quiz, damage: Callable[[Tag], str]
) -> tuple[Page, str]:
    """Opens the quiz's page with a copy of its form, damaged, before it (so quiz.js meets the
    broken one first); returns the page once the quiz has started, and what the copy misses."""
    missing = []

    def add_copy(form: Tag) -> None:
        broken = copy.copy(form)
        broken["data-quiz"] = BROKEN
        for node in broken.select("[id]"):
            del node["id"]  # the outcomes' headings: ids stay unique
        missing.append(damage(broken))
        form.insert_before(broken)

    context.add_init_script(KEEP_BROKEN_REPORTS)
    page = open_changed(context, server, site, quiz, add_copy)
    QuizForm(page, quiz).wait_started()  # start() meets the forms in order: the copy is behind
    return page, missing[0]


class TestBrokenQuiz:
    @pytest.mark.parametrize("quiz_id", QUIZ_IDS[:1])
    @pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.__name__)
    def test_a_quiz_missing_what_it_needs_does_not_start_and_says_what(
        self, context: BrowserContext, server, site: Path, quiz_id: str, damage
    ) -> None:
        page, missing = open_beside_broken_copy(context, server, site, QUIZZES[quiz_id], damage)
        started = page.locator(f'form[data-quiz="{BROKEN}"]').get_attribute("data-quiz-init")
        reports = page.evaluate("window.__brokenReports")
        assert (started, reports) == (None, [f"Error: quiz {BROKEN}: missing {missing}"])

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS[:1])
    @pytest.mark.parametrize("damage", QUESTION_DAMAGES, ids=lambda damage: damage.__name__)
    def test_a_quiz_missing_a_part_of_a_question_stops_at_the_first_change_and_says_what(
        self, context: BrowserContext, server, site: Path, quiz_id: str, damage
    ) -> None:
        page, missing = open_beside_broken_copy(context, server, site, QUIZZES[quiz_id], damage)
        broken = page.locator(f'form[data-quiz="{BROKEN}"]')

        def started_and_reports() -> tuple[str | None, list[str]]:
            return broken.get_attribute("data-quiz-init"), page.evaluate("window.__brokenReports")

        before = started_and_reports()
        inputs = broken.locator("[data-question] input[name]")
        inputs.nth(0).check()
        inputs.nth(1).check()  # a second change: no listener is left to report it again
        assert (before, started_and_reports()) == (
            ("", []),
            (None, [f"Error: quiz {BROKEN}: missing {missing}"]),
        )

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS[:1])
    def test_a_check_that_stops_a_quiz_missing_a_part_is_left_to_the_browser(
        self, context: BrowserContext, server, site: Path, quiz_id: str
    ) -> None:
        damage = no_verdict_in_the_last_question
        page, missing = open_beside_broken_copy(context, server, site, QUIZZES[quiz_id], damage)
        broken = page.locator(f'form[data-quiz="{BROKEN}"]')
        prevented = broken.evaluate(
            "(form) => !form.dispatchEvent(new SubmitEvent('submit', { cancelable: true }))"
        )
        reports = page.evaluate("window.__brokenReports")
        started = broken.get_attribute("data-quiz-init")
        assert (prevented, started, reports) == (
            False,
            None,
            [f"Error: quiz {BROKEN}: missing {missing}"],
        )

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS[:1])
    @pytest.mark.parametrize("damage", QUESTION_DAMAGES, ids=lambda damage: damage.__name__)
    def test_a_quiz_missing_a_part_of_a_question_with_answers_to_restore_does_not_start(
        self, context: BrowserContext, server, site: Path, quiz_id: str, damage
    ) -> None:
        quiz = QUIZZES[quiz_id]
        key = storage_key(quiz).replace(f":{quiz.id}:", f":{BROKEN}:")
        saved = json.dumps({"answers": {}})  # any answers: restoring them needs every question
        context.add_init_script(  # not on about:blank, which has no storage
            f"if (location.href.startsWith({json.dumps(server.url)})) "
            f"localStorage.setItem({json.dumps(key)}, {json.dumps(saved)});"
        )
        page, missing = open_beside_broken_copy(context, server, site, quiz, damage)
        started = page.locator(f'form[data-quiz="{BROKEN}"]').get_attribute("data-quiz-init")
        reports = page.evaluate("window.__brokenReports")
        assert (started, reports) == (None, [f"Error: quiz {BROKEN}: missing {missing}"])

    def test_a_quiz_after_a_broken_one_still_works(
        self, context: BrowserContext, server, site: Path, quiz: Quiz
    ) -> None:
        page, _ = open_beside_broken_copy(context, server, site, quiz, no_result_region)
        form = QuizForm(page, quiz)
        answers = some_answers(quiz, "beside-broken")
        form.apply(answers)
        form.submit()
        assert result_of(form) == expected_result(quiz, answers)


# Methods of a form that a named input would hide (an input named getAttribute replaces
# form.getAttribute). No question id can be one (ids are lowercase: test_input_names.py tries
# those in a real build), but the widget must not depend on that: the page is changed instead.
FORM_METHODS = [
    *("getAttribute", "setAttribute", "hasAttribute", "removeAttribute", "toggleAttribute"),
    *("querySelector", "querySelectorAll", "addEventListener", "removeEventListener"),
    *("dispatchEvent", "checkValidity", "reportValidity", "requestSubmit", "getAttributeNames"),
    *("closest", "matches", "contains", "appendChild", "insertAdjacentHTML", "getRootNode"),
]


def questions_named_like_form_methods(form: Tag) -> None:
    questions = form.select("[data-question]")
    for question, name in zip(questions, FORM_METHODS, strict=False):
        question["data-question"] = name
        for found in question.select("input[name]"):
            found["name"] = name


class TestInputNames:
    """An input's name becomes a property of its form and hides the form's own: whatever the
    inputs are called, the quiz reads and saves the same."""

    @pytest.fixture
    def shadowed(self, context: BrowserContext, server, site: Path, quiz: Quiz) -> QuizForm:
        """The quiz's page with its questions' ids and inputs named like a form's methods."""
        assert len(quiz.questions) <= len(FORM_METHODS)  # every question gets a name
        page = open_changed(context, server, site, quiz, questions_named_like_form_methods)
        return QuizForm(page, quiz).wait_started()

    @staticmethod
    def renamed(quiz: Quiz, answers: Answers) -> Answers:
        names = dict(zip((q.id for q in quiz.questions), FORM_METHODS, strict=False))
        return {names[qid]: chosen for qid, chosen in answers.items()}

    def test_inputs_named_like_form_methods_do_not_change_the_score(
        self, shadowed: QuizForm
    ) -> None:
        answers = some_answers(shadowed.quiz, "shadowed")
        shadowed.apply(self.renamed(shadowed.quiz, answers))
        shadowed.submit()
        assert result_of(shadowed) == expected_result(shadowed.quiz, answers)

    def test_inputs_named_like_form_methods_do_not_change_where_progress_is_saved(
        self, shadowed: QuizForm
    ) -> None:
        answers = self.renamed(shadowed.quiz, some_answers(shadowed.quiz, "shadowed"))
        shadowed.apply(answers)
        saved = shadowed.saved() or {}  # nothing under the quiz's key: the test fails below
        got = {qid: sorted(map(int, chosen)) for qid, chosen in saved.get("answers", {}).items()}
        assert (got, saved.get("submitted")) == (normalised(answers), False)
