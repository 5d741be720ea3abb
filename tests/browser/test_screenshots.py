"""Every quiz fits a phone and a desktop width, in both palettes, before and after it is checked;
full-page screenshots of each go to test-results/screenshots/ for a person to look at."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from playwright.sync_api import Page
from quizpage import QUIZ_IDS, QUIZZES, QuizForm, quiz_path, random_answers

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 375, "desktop": 1280}

# Elements of the quiz wider than the page's content column (their text would be cut off or
# scroll sideways), and whether the page itself scrolls sideways.
_OVERFLOW = """
(form) => ({
  page: document.documentElement.scrollWidth > window.innerWidth,
  inside: [...form.querySelectorAll("*")]
    .filter((el) => el.checkVisibility() && el.scrollWidth > el.clientWidth + 1
      && getComputedStyle(el).overflowX !== "visible")
    .map((el) => el.outerHTML.slice(0, 80)),
  beyond: [...form.querySelectorAll("*")]
    .filter((el) => el.checkVisibility()
      && el.getBoundingClientRect().right > form.getBoundingClientRect().right + 1)
    .map((el) => el.outerHTML.slice(0, 80)),
})
"""


RESULTS_FOLDER = "screenshots"  # under test-results/: the `folder` fixture


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_quiz_fits_the_width_before_and_after_checking(
    palette_page: Page, palette: str, server, folder: Path, quiz_id: str, width: str
) -> None:
    page, quiz = palette_page, QUIZZES[quiz_id]
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    if page.url.startswith(server.url):
        page.evaluate("localStorage.clear()")  # no result saved by the test before
    page.goto(server.url + quiz_path(quiz_id))
    form = QuizForm(page, quiz).wait_started()
    form.apply(random_answers(quiz, random.Random(f"screenshot/{quiz_id}")))
    overflow = {}
    for state in ("before", "after"):
        if state == "after":
            form.submit()
        overflow[state] = form.form.evaluate(_OVERFLOW)
        page.evaluate("window.scrollTo(0, 0)")
        path = folder / f"{quiz_id}-{palette}-{width}-{state}.png"
        page.screenshot(path=path, full_page=True, animations="disabled")
    clean = {"page": False, "inside": [], "beyond": []}
    assert overflow == {"before": clean, "after": clean}
