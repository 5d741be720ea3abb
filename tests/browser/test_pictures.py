"""The picture of a result (hooks/quizkit/chart.py, templates/chart.html, quiz.js's picture()):
with JavaScript in the result of every quiz, one per scoring mode at least, in both palettes;
without JavaScript on every outcome's page. Screenshots go to test-results/pictures/."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page
from quizpage import (
    QUIZ_IDS,
    QUIZZES,
    QuizForm,
    essay_linking_to,
    expected_result,
    follow,
    open_fresh,
    quiz_path,
    random_answers,
)

from quizkit import chart
from quizkit.categories import Ballot
from quizkit.scoring import tally

pytestmark = pytest.mark.browser

# What the picture says in words, and where the words sit.
YOURS, THIS = "(your result)", "(this outcome)"
OUTCOMES = [(quiz_id, o.id) for quiz_id in QUIZ_IDS for o in QUIZZES[quiz_id].outcomes]

# Contrast of a colour against the page behind it (WCAG relative luminance), for the shapes that
# carry the reader's place: graphics need 3:1 to be told apart (WCAG 1.4.11).
_CONTRAST = """
(shape, behind) => {
  const rgb = (color) => {
    const probe = document.createElement("span");
    probe.style.color = color;
    document.body.append(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/[\\d.]+/g).map(Number);
    probe.remove();
    return [r, g, b].map((v) => v / 255)
      .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  };
  const luminance = (color) => {
    const [r, g, b] = rgb(color);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [luminance(getComputedStyle(shape).fill), luminance(behind)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


RESULTS_FOLDER = "pictures"  # under test-results/: the `folder` fixture


def test_the_site_has_a_quiz_of_every_scoring_mode() -> None:
    assert {quiz.scoring for quiz in QUIZZES.values()} == {"correct", "points", "categories"}


def marked(figure: Locator) -> list[str]:
    """The outcomes the picture marks as the reader's (or the page's), by shape and by word."""
    return figure.evaluate(
        """(figure) => [...figure.querySelectorAll("[data-mine]")].map((node) =>
          node.getAttribute("data-of")
          + `${node.querySelector(".nw-chart__mine:not([hidden])")?.textContent ?? ""}`)"""
    )


def bars(figure: Locator) -> dict[str, str]:
    """Each bar's words and drawn length (to a tenth), by outcome id."""
    return figure.evaluate(
        """(figure) => Object.fromEntries([...figure.querySelectorAll(".nw-chart__bar")]
          .map((bar) => [bar.getAttribute("data-of"),
            `${bar.querySelector(".nw-chart__value").textContent}, `
            + Number(bar.querySelector("rect").getAttribute("width")).toFixed(1)]))"""
    )


def expected_bars(quiz, totals: dict[str, int]) -> dict[str, str]:
    drawn = chart.bars(quiz, totals)
    return {
        o.id: f"{totals[o.id]} vote{'' if totals[o.id] == 1 else 's'}, {drawn.width(o.id):.1f}"
        for o in quiz.outcomes
    }


def background(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


class TestWithJavaScript:
    @pytest.fixture
    def checked(self, palette_page: Page, server, quiz_id: str) -> tuple[QuizForm, dict]:
        """The quiz's page, fresh, checked with seeded answers; and the answers."""
        page, quiz = palette_page, QUIZZES[quiz_id]
        if page.url.startswith(server.url):
            page.evaluate("localStorage.clear()")
        page.goto(server.url + quiz_path(quiz_id))
        form = QuizForm(page, quiz).wait_started()
        answers = random_answers(quiz, random.Random(f"picture/{quiz_id}"))
        form.apply(answers)
        form.submit()
        return form, answers

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS)
    def test_the_result_marks_the_readers_outcome_in_shape_and_words(
        self, checked: tuple[QuizForm, dict], palette: str, folder: Path, quiz_id: str
    ) -> None:
        form, answers = checked
        figure = form.form.locator("[data-quiz-result] figure.nw-chart")
        outcome = expected_result(form.quiz, answers)["outcome"]
        form.form.locator("[data-quiz-result]").screenshot(
            path=folder / f"{quiz_id}-{palette}-result.png", animations="disabled"
        )
        if form.quiz.scoring == "categories":
            assert marked(figure) == [f"{outcome}{YOURS}"]
        else:  # the band on the scale, and its line in the legend
            assert marked(figure) == [outcome, f"{outcome}{YOURS}"]

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS)
    def test_the_result_draws_the_score_or_the_votes(
        self, checked: tuple[QuizForm, dict], quiz_id: str
    ) -> None:
        form, answers = checked
        quiz = form.quiz
        figure = form.form.locator("[data-quiz-result] figure.nw-chart")
        if quiz.scoring == "categories":
            assert bars(figure) == expected_bars(quiz, tally(quiz, answers))
        else:
            score = int(expected_result(quiz, answers)["score"])
            marker = figure.locator(".nw-chart__marker")
            x = float(marker.get_attribute("x"))
            assert (x, marker.get_attribute("display")) == (
                pytest.approx(chart.scale(quiz).at(score) - 4),
                None,
            )

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS)
    def test_the_readers_shape_stands_out_from_the_page_in_this_palette(
        self, checked: tuple[QuizForm, dict], quiz_id: str
    ) -> None:
        form, _ = checked
        mine = form.form.locator(
            "[data-quiz-result] :is(.nw-chart__band[data-mine], [data-mine] .nw-chart__fill)"
        )
        assert mine.evaluate(_CONTRAST, background(form.page)) >= 3

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS)
    def test_the_picture_itself_is_hidden_from_screen_readers_its_words_are_not(
        self, checked: tuple[QuizForm, dict], quiz_id: str
    ) -> None:
        """Every number of the picture is in its text, so the drawing is read zero times, not
        twice: the svg is aria-hidden, and the text holds each band's range or bar's votes."""
        form, _ = checked
        figure = form.form.locator("[data-quiz-result] figure.nw-chart")
        hidden = figure.locator("svg").evaluate_all(
            "(svgs) => svgs.map((svg) => svg.getAttribute('aria-hidden'))"
        )
        assert set(hidden) == {"true"}
        read = figure.aria_snapshot()
        for o in form.quiz.outcomes:
            assert o.title in read

    @pytest.mark.parametrize("quiz_id", [q for q in QUIZ_IDS if QUIZZES[q].scoring == "categories"])
    def test_the_result_says_each_total_of_votes_once(
        self, checked: tuple[QuizForm, dict], quiz_id: str
    ) -> None:
        """The result is announced whole (role=status): its sentence names the outcome, the bars
        say the votes, and no total is said by both."""
        form, answers = checked
        read = form.form.locator("[data-quiz-result]").aria_snapshot()
        totals = tally(form.quiz, answers)
        said = {n: read.count(f" {n} vote") for n in set(totals.values())}
        assert said == {n: list(totals.values()).count(n) for n in set(totals.values())}

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS)
    def test_an_outcome_pages_shape_stands_out_from_the_page_in_this_palette(
        self, palette_page: Page, server, palette: str, folder: Path, quiz_id: str
    ) -> None:
        page, quiz = palette_page, QUIZZES[quiz_id]
        page.goto(f"{server.url}{quiz_path(quiz_id)}result/{quiz.outcomes[-1].id}/")
        figure = page.locator("article figure.nw-chart")
        figure.screenshot(path=folder / f"{quiz_id}-{palette}-page.png", animations="disabled")
        mine = figure.locator(":is(.nw-chart__band[data-mine], [data-mine] .nw-chart__fill)")
        assert mine.evaluate(_CONTRAST, background(page)) >= 3

    @pytest.mark.parametrize("quiz_id", [q for q in QUIZ_IDS if QUIZZES[q].scoring == "categories"])
    def test_every_outcome_wins_with_the_answers_the_build_found(
        self, palette_page: Page, server, quiz_id: str
    ) -> None:
        page, quiz = palette_page, QUIZZES[quiz_id]
        page.goto(server.url + quiz_path(quiz_id))
        form = QuizForm(page, quiz).wait_started()
        ballot = Ballot(quiz)
        got, want = {}, {}
        for outcome in quiz.outcomes:
            answers = {q: list(c) for q, c in ballot.how_to_win(outcome.id).answers.items()}
            got[outcome.id] = form.check(answers)
            want[outcome.id] = {**expected_result(quiz, answers), "outcome": outcome.id}
        assert got == want


class TestWithoutJavaScript:
    """The outcome pages, as built: Material picks the palette with JavaScript, so without it a
    page has the light one (the dark palette's outcome pages are checked with JavaScript)."""

    @pytest.fixture(scope="class")
    def page(self, open_shared_context) -> Page:
        return open_shared_context(java_script_enabled=False).new_page()

    @pytest.mark.parametrize("quiz_id, outcome_id", OUTCOMES)
    def test_every_outcome_page_draws_its_outcome(
        self, page: Page, server, folder: Path, quiz_id: str, outcome_id: str
    ) -> None:
        quiz = QUIZZES[quiz_id]
        page.goto(f"{server.url}{quiz_path(quiz_id)}result/{outcome_id}/")
        figure = page.locator("article figure.nw-chart")
        figure.screenshot(path=folder / f"{quiz_id}-{outcome_id}-page.png", animations="disabled")
        if quiz.scoring == "categories":
            assert marked(figure) == [f"{outcome_id}{THIS}"]
            totals = Ballot(quiz).how_to_win(outcome_id).totals
            assert bars(figure) == expected_bars(quiz, totals)
        else:
            assert marked(figure) == [outcome_id, f"{outcome_id}{THIS}"]
            assert figure.locator(".nw-chart__marker").get_attribute("display") == "none"


class TestAfterInstantNavigation:
    @pytest.fixture(scope="class")
    def nav_page(self, open_shared_context, instant_server) -> Page:
        return open_shared_context(origin=instant_server.url).new_page()

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS)
    def test_the_result_reached_from_an_essay_has_its_picture(
        self, nav_page: Page, instant_server, site: Path, quiz_id: str
    ) -> None:
        quiz = QUIZZES[quiz_id]
        open_fresh(nav_page, instant_server, essay_linking_to(site, quiz_id))
        follow(nav_page, instant_server.url + quiz_path(quiz_id))
        form = QuizForm(nav_page, quiz).wait_started()
        answers = random_answers(quiz, random.Random(f"picture/nav/{quiz_id}"))
        form.apply(answers)
        form.submit()
        figure = form.form.locator("[data-quiz-result] figure.nw-chart")
        outcome = expected_result(quiz, answers)["outcome"]
        assert f"{outcome}{YOURS}" in marked(figure)
