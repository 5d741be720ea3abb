"""axe-core finds no WCAG 2.2 AA violation on each kind of page, in the light and dark palettes,
and on every quiz before and after it is checked. Nothing is filtered: the theme's own
contrast and naming problems are fixed in docs/assets/theme.css and mkdocs.yml.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from quizpage import QUIZ_IDS, QUIZZES, QuizForm, quiz_path, random_answers

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN = """
async (options) => (await axe.run(document, options)).violations.flatMap((violation) =>
  violation.nodes.map((node) => `${violation.id}: ${node.html}: ${node.failureSummary}`))
"""

PAGES = {"home": "", "quizzes": "quiz/"}
CASES = [(name, None) for name in [*PAGES, "essay"]] + [
    (quiz_id, state) for quiz_id in QUIZ_IDS for state in ("before", "after")
]


def essay_path(site: Path) -> str:
    """An essay, one with a quiz inside if there is one."""
    posts = sorted((site / "blog").glob("*/index.html"))
    with_quiz = [p for p in posts if 'data-quiz="' in p.read_text(encoding="utf-8")]
    return (with_quiz or posts)[0].parent.relative_to(site).as_posix() + "/"


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def violations(page: Page, axe: Axe) -> list[str]:
    """Every violation, as 'rule: element: why' lines."""
    # Colours are measured as they are drawn: let transitions (the header's title) finish first.
    page.wait_for_function(
        """() => document.getAnimations().every((animation) => animation.playState !== "running"
          || animation.effect?.getTiming().iterations === Infinity)"""
    )
    page.evaluate(axe.axe_script)
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    return page.evaluate(_RUN, options)


@pytest.mark.parametrize(
    "name, state", CASES, ids=[name + (f"-{state}" if state else "") for name, state in CASES]
)
def test_no_accessibility_violations(
    palette_page: Page, palette: str, palettes, server, site: Path, axe: Axe, name, state
) -> None:
    page = palette_page
    if name in PAGES:
        path = PAGES[name]
    else:
        path = essay_path(site) if name == "essay" else quiz_path(name)
    if page.url.startswith(server.url):
        page.evaluate("localStorage.clear()")  # no result saved by the test before
    page.goto(server.url + path)
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == palettes[palette]["color"]["scheme"]
    if state is not None:
        quiz = QUIZZES[name]
        form = QuizForm(page, quiz).wait_started()
        form.apply(random_answers(quiz, random.Random(f"axe/{quiz.id}")))
        if state == "after":
            form.submit()
        else:  # a keyboard user about to check: the button's focus style is tested too
            form.form.locator("[data-quiz-submit]").focus()
    assert violations(page, axe) == []
