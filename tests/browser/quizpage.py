"""Drives the quiz forms of the built site in a Playwright page, and says what Python expects.

The expectations come from quizkit.scoring, the reference the widget in docs/assets/quiz.js must
agree with. Answers are keyed by question id and hold choice positions in the YAML file, which are
also the inputs' values whatever order the choices are shown in.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from quizkit.errors import QuizError
from quizkit.loader import load_quizzes
from quizkit.model import Question, Quiz
from quizkit.scoring import question_score, result

ROOT = Path(__file__).resolve().parents[2]
try:
    QUIZZES: dict[str, Quiz] = {quiz.id: quiz for quiz in load_quizzes(ROOT / "quiz")}
except QuizError as error:
    # Not a reason to drive nothing: every browser test that imports this fails to collect.
    pytest.fail(f"the quizzes do not load, so no quiz can be driven:\n{error}", pytrace=False)
QUIZ_IDS = sorted(QUIZZES)
STORAGE_PREFIX = "notworking-quiz:"

Answers = dict[str, list[int]]


def quiz_path(quiz_id: str) -> str:
    """The quiz's own page, relative to the site root."""
    return f"quiz/{quiz_id}/"


def storage_key(quiz: Quiz, version: str | None = None) -> str:
    """Where quiz.js keeps progress: the quiz id and a hash of its content."""
    return f"{STORAGE_PREFIX}{quiz.id}:{quiz.version if version is None else version}"


# Storage that throws as with cookies blocked, but only for quiz.js: the theme's inline scripts
# (Material's __md_get in base.html) read localStorage without a try and would throw first.
BLOCKED_STORAGE = """(() => {
  const real = Object.getOwnPropertyDescriptor(window, "localStorage");
  Object.defineProperty(window, "localStorage", {
    configurable: true,
    get() {
      if (/quiz\\.js/.test(new Error().stack)) {
        throw new DOMException("The operation is insecure.", "SecurityError");
      }
      return real.get.call(window);
    },
  });
})();"""


# -- What the Python reference expects ---------------------------------------------------------


def _candidates(question: Question) -> Iterator[list[int]]:
    """Every answer a question accepts: one choice, or any set of choices (even none)."""
    positions = range(len(question.choices))
    if not question.multiple:
        yield from ([i] for i in positions)
        return
    for size in range(len(question.choices) + 1):
        yield from (list(c) for c in itertools.combinations(positions, size))


def extreme_answers(quiz: Quiz, *, best: bool) -> Answers:
    """The answers that give every question its highest (or lowest) score."""
    pick = max if best else min
    return {
        q.id: pick(_candidates(q), key=lambda chosen, q=q: question_score(quiz.scoring, q, chosen))
        for q in quiz.questions
    }


def random_answers(quiz: Quiz, rng: random.Random) -> Answers:
    answers: Answers = {}
    for q in quiz.questions:
        if q.multiple:
            answers[q.id] = [i for i in range(len(q.choices)) if rng.random() < 0.5]
        else:
            answers[q.id] = [rng.randrange(len(q.choices))]
    return answers


def answer_sets(quiz: Quiz, count: int) -> list[Answers]:
    """``count`` answer sets: both extremes, then seeded random ones (the same on every run)."""
    rng = random.Random(f"browser/{quiz.id}")
    sets = [extreme_answers(quiz, best=True), extreme_answers(quiz, best=False)]
    while len(sets) < count:
        sets.append(random_answers(quiz, rng))
    return sets


def expected_result(quiz: Quiz, answers: Answers) -> dict[str, str]:
    value, outcome = result(quiz, answers)
    return {"score": str(value), "outcome": outcome.id}


def expected_verdict(quiz: Quiz, question: Question, answers: Answers) -> str:
    """The words quiz.js writes under a question once the quiz is checked."""
    chosen = answers.get(question.id, ())
    if quiz.scoring == "categories":
        votes = Counter[str]()
        for i in set(chosen):
            votes.update(question.choices[i].votes)
        given = [f"{o.title} +{votes[o.id]}" for o in quiz.outcomes if votes[o.id]]
        return f"Votes: {', '.join(given)}." if given else "No votes."
    value = question_score(quiz.scoring, question, chosen)
    if quiz.scoring == "points":
        return f"{value} point." if abs(value) == 1 else f"{value} points."
    return "Right." if value else "Not quite."


def expected_summary(quiz: Quiz, answers: Answers) -> str:
    value, outcome = result(quiz, answers)
    if quiz.scoring == "categories":  # the votes are in the picture, said once
        return f"Your answers lean most toward {outcome.title}."
    if quiz.scoring == "points":
        return f"You scored {value} point." if abs(value) == 1 else f"You scored {value} points."
    return f"You got {value} of {len(quiz.questions)} right."


# -- The page ---------------------------------------------------------------------------------


def _in_form(script: str) -> str:
    """``script``, a function of one argument, with ``inForm`` and ``formIs`` in its scope.

    They search from the document: the scripts here use no property or method of a form, which
    its inputs' names can hide (an input named querySelector replaces form.querySelector), and
    some tests name them so."""
    return f"""(arg) => {{
      const inForm = (quizId, selector) =>
        [...document.querySelectorAll(`form[data-quiz="${{quizId}}"] ${{selector}}`)];
      const formIs = (quizId, state) =>
        document.querySelector(`form[data-quiz="${{quizId}}"][${{state}}]`) !== null;
      return ({script.strip()})(arg);
    }}"""


_APPLY = _in_form("""
([quizId, answers]) => {
  for (const [id, values] of Object.entries(answers)) {
    for (const input of inForm(quizId, `[data-question="${id}"] input[name]`)) {
      // A real click, so the form sees the same events as from a mouse.
      if (input.checked !== values.includes(input.value)) input.click();
    }
  }
}
""")

_SUBMIT_READ_RETAKE = _in_form("""
(quizId) => {
  const [result] = inForm(quizId, "[data-quiz-result]");
  inForm(quizId, "[data-quiz-submit]")[0].click();
  const found = { score: result.dataset.score ?? null, outcome: result.dataset.outcome ?? null };
  inForm(quizId, "[data-quiz-retake]")[0].click();
  return found;
}
""")

_STATE = _in_form("""
(quizId) => {
  const [result] = inForm(quizId, "[data-quiz-result]");
  const questions = {};
  for (const q of inForm(quizId, "[data-question]")) {
    questions[q.dataset.question] = {
      state: q.dataset.state ?? null,
      verdict: q.querySelector("[data-question-verdict]").textContent,
      open: q.querySelector("[data-question-answer]").open,
      chosen: [...q.querySelectorAll("[data-feedback-for][data-chosen]")]
        .map((item) => Number(item.dataset.feedbackFor)),
      checked: [...q.querySelectorAll("input[name]:checked")].map((input) => Number(input.value)),
    };
  }
  return {
    init: formIs(quizId, "data-quiz-init"),
    submitted: formIs(quizId, "data-quiz-submitted"),
    score: result.dataset.score ?? null,
    outcome: result.dataset.outcome ?? null,
    summary: result.querySelector(".nw-result__score")?.textContent ?? null,
    title: result.querySelector(".nw-result__title")?.textContent ?? null,
    text: result.textContent,
    focused: document.activeElement === result,
    questions,
  };
}
""")

_CENTRE = _in_form("""
([quizId, selector]) => {
  const [element] = inForm(quizId, selector);
  element.scrollIntoView({ block: "center", behavior: "instant" });
  const box = element.getBoundingClientRect();
  return [box.x + box.width / 2, box.y + box.height / 2];
}
""")


class QuizForm:
    """One quiz form on a page, driven the quick way (clicks from a script) or by keyboard."""

    def __init__(self, page: Page, quiz: Quiz) -> None:
        self.page = page
        self.quiz = quiz
        self.form = page.locator(f'form[data-quiz="{quiz.id}"]')

    def wait_started(self) -> QuizForm:
        self.page.locator(f'form[data-quiz="{self.quiz.id}"][data-quiz-init]').wait_for(
            state="attached"
        )
        return self

    def apply(self, answers: Answers) -> None:
        values = {qid: [str(i) for i in chosen] for qid, chosen in answers.items()}
        self.page.evaluate(_APPLY, [self.quiz.id, values])

    def check(self, answers: Answers) -> dict[str, str | None]:
        """Answer, submit, read the score and outcome, and retake: the quick way to try many
        answer sets (the clicks come from the page, but the events are the real ones)."""
        self.apply(answers)
        return self.page.evaluate(_SUBMIT_READ_RETAKE, self.quiz.id)

    def submit(self) -> None:
        self.click("[data-quiz-submit]")

    def retake(self) -> None:
        self.click("[data-quiz-retake]")

    def click(self, selector: str) -> None:
        """A mouse click on the middle of an element of the form. Not Playwright's click: its
        selectors and checks call methods of the element's ancestors (the form's matches,
        querySelectorAll, getAttribute), which inputs of those names hide."""
        x, y = self.page.evaluate(_CENTRE, [self.quiz.id, selector])
        self.page.mouse.click(x, y)

    def state(self) -> dict[str, Any]:
        return self.page.evaluate(_STATE, self.quiz.id)

    def checked(self) -> Answers:
        return {qid: q["checked"] for qid, q in self.state()["questions"].items()}

    def saved(self) -> Any:
        raw = self.page.evaluate("(key) => localStorage.getItem(key)", storage_key(self.quiz))
        return None if raw is None else json.loads(raw)

    def result_title(self, outcome_id: str) -> str:
        title = self.form.locator(f'[data-outcome-id="{outcome_id}"] .nw-outcome__title')
        return title.text_content() or ""

    def answer_with_keyboard(self, answers: Answers) -> None:
        """From the top of the page, Tab into the form, answer every question with arrows and
        Space, and stop on the submit button."""
        keyboard = self.page.keyboard
        for _ in range(1000):
            keyboard.press("Tab")
            focused = self._focused()
            if focused["submit"]:
                return
            if focused["type"] == "radio":
                # Tab lands on the first radio of a group with none checked; arrows check others.
                position = focused["group"].index(str(answers[focused["question"]][0]))
                for key in ["Space"] if position == 0 else ["ArrowDown"] * position:
                    keyboard.press(key)
            elif (
                focused["type"] == "checkbox"
                and int(focused["value"]) in answers[focused["question"]]
            ):
                keyboard.press("Space")
        raise AssertionError("Tab never reached the submit button")

    def _focused(self) -> dict[str, Any]:
        return self.page.evaluate(
            """(quizId) => {
              const el = document.activeElement;
              const form = `form[data-quiz="${quizId}"]`;  // no form property: see _in_form
              const name = el.getAttribute("name");
              return {
                submit: el.matches("[data-quiz-submit]"),
                type: el.matches(`${form} input`) ? el.type : null,
                question: el.closest("[data-question]")?.getAttribute("data-question") ?? null,
                value: el.value ?? null,
                group: name ? [...document.querySelectorAll(`${form} input[name="${name}"]`)]
                  .map((input) => input.value) : [],
              };
            }""",
            self.quiz.id,
        )


# -- The site around the quizzes ---------------------------------------------------------------


def essays(site: Path) -> dict[str, BeautifulSoup]:
    return {
        path.parent.relative_to(site).as_posix() + "/": BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser"
        )
        for path in sorted((site / "blog").glob("*/index.html"))
    }


def essay_linking_to(site: Path, quiz_id: str) -> str:
    for path, page in essays(site).items():
        if page.select(f'article a[href$="/{quiz_path(quiz_id)}"]'):
            return path
    pytest.fail(f"no essay links to the quiz {quiz_id}", pytrace=False)


def essays_with_a_quiz(site: Path) -> list[tuple[str, str]]:
    return [
        (path, form["data-quiz"])
        for path, page in essays(site).items()
        for form in page.select("article form[data-quiz]")
    ]


MARKER = "set before following the link"


def fresh_form(page: Page, server, quiz: Quiz) -> QuizForm:
    """The quiz's own page, loaded with nothing saved (``server``: anything with a ``url``)."""
    if page.url.startswith(server.url):
        page.evaluate("localStorage.clear()")
    page.goto(server.url + quiz_path(quiz.id))
    return QuizForm(page, quiz).wait_started()


def open_fresh(page: Page, server, path: str) -> None:
    """Loads a page with nothing saved, once instant navigation is ready: Material takes over
    links only after it has read the sitemap."""
    if page.url.startswith(server.url):
        page.evaluate("localStorage.clear()")
    page.goto(server.url + path)
    page.wait_for_function(
        """() => performance.getEntriesByType("resource")
          .some((entry) => entry.name.endsWith("/sitemap.xml"))"""
    )
    page.wait_for_timeout(50)  # then Material parses it
    page.evaluate(f"window.__marker = {json.dumps(MARKER)}")


def follow(page: Page, url: str) -> None:
    """Clicks the first link in the page's content that leads to ``url``, as a reader would."""
    page.evaluate(
        """(url) => {
          const link = [...document.querySelectorAll(".md-content a[href]")]
            .find((a) => a.href === url);
          if (!link) throw new Error(`no link to ${url}`);
          link.setAttribute("data-test-follow", "");
        }""",
        url,
    )
    page.locator("[data-test-follow]").click()
    page.wait_for_url(url)


def marker(page: Page) -> str | None:
    return page.evaluate("window.__marker ?? null")
