"""axe-core, with its default rules (WCAG 2.x A and AA and its best practices), finds nothing on
each kind of page in the light and the dark palette: at rest, on every quiz before and after it
is checked, and while each kind of interactive element is focused from the keyboard or hovered
by the pointer, where focus and hover colours can fail contrast that the resting page passes.

Nothing is filtered but ``EXEMPT``: one exact exemption, with its reason. The theme's own
problems are fixed in docs/assets/theme.css, docs/assets/quiz.css and overrides/.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect
from quizpage import QUIZ_IDS, QUIZZES, QuizForm, quiz_path, random_answers, storage_key

pytestmark = pytest.mark.browser

# Rule id: the only elements it is not applied to. Material draws a tooltip (role="tooltip",
# named by aria-describedby on the element it describes) at the end of <body> while a link with
# a title is hovered or focused: a transient overlay that repeats that element's title, which
# is in a landmark, so `region` ("all content is in a landmark") does not fit it. Its colours
# and everything else are still checked.
EXEMPT = {"region": "body > .md-tooltip2[role=tooltip]"}

# The whole page at rest; in a focused or hovered state, the element in that state (and any
# tooltip it shows), with the same rules: what a state changes is drawn there, and the rest of
# the page is checked at rest. That keeps some 500 axe runs of the state tests quick.
_RUN = """
async ([options, exempt, state]) => (await axe.run(
  state === null ? document : { include: [
    state === "focus" ? document.activeElement : [...document.querySelectorAll(":hover")].pop(),
    ...document.querySelectorAll(".md-tooltip2"),
  ] },
  options,
)).violations.flatMap((violation) =>
  violation.nodes
    .filter((node) => !(violation.id in exempt && typeof node.target[0] === "string"
      && document.querySelector(node.target[0])?.matches(exempt[violation.id])))
    .map((node) => `${violation.id}: ${node.html}: ${node.failureSummary}`))
"""

RESTING = {
    "home": "",
    "essays": "blog/",
    "quizzes": "quiz/",
    "authors-guide": "authors-guide/",
}
# The quizzes index showing the reader's outcomes (see remember_outcomes), and once forgotten.
MEMORY = {"remembered": False, "forgotten": True}
OUTCOME = "outcome-of-"
CASES = (
    [(name, None) for name in [*RESTING, "essay", *MEMORY]]
    + [(OUTCOME + quiz_id, None) for quiz_id in QUIZ_IDS]
    + [(quiz_id, state) for quiz_id in QUIZ_IDS for state in ("before", "after")]
)


def essay_path(site: Path) -> str:
    """An essay, one with a quiz inside if there is one."""
    posts = sorted((site / "blog").glob("*/index.html"))
    with_quiz = [p for p in posts if 'data-quiz="' in p.read_text(encoding="utf-8")]
    return (with_quiz or posts)[0].parent.relative_to(site).as_posix() + "/"


def outcome_path(quiz_id: str) -> str:
    """The page of a quiz outcome, the one a shared result links to (with its picture)."""
    quiz = QUIZZES[quiz_id]
    return f"{quiz_path(quiz.id)}result/{quiz.outcomes[0].id}/"


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def violations(page: Page, axe: Axe, state: str | None = None) -> list[str]:
    """Every violation, as 'rule: element: why' lines; ``state`` "focus" or "hover" checks the
    element in that state (see _RUN)."""
    # Colours are measured as they end up: transitions (the header's title, a hovered link's
    # colour) are taken to their end first.
    page.evaluate(
        """() => new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)))
          .then(() => document.getAnimations().forEach((animation) => {
            if (animation.effect?.getTiming().iterations !== Infinity) animation.finish();
          }))"""
    )
    if not page.evaluate("typeof axe === 'object'"):
        page.evaluate(axe.axe_script)
    return page.evaluate(_RUN, [{"resultTypes": ["violations"]}, EXEMPT, state])


def open_page(page: Page, server, palettes, palette: str, path: str) -> None:
    """Loads a page with nothing saved by an earlier test, in the palette under test."""
    if page.url.startswith(server.url):
        page.evaluate("localStorage.clear()")
    page.goto(server.url + path)
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == palettes[palette]["color"]["scheme"]


def remember_outcomes(page: Page, *, forget: bool) -> None:
    """On the quizzes index, shows a line of each kind: an outcome of the first quiz, and an
    older version of the last one (out of date); ``forget`` then forgets them."""
    first, last = QUIZZES[QUIZ_IDS[0]], QUIZZES[QUIZ_IDS[-1]]
    for key, outcome in [
        (storage_key(first), first.outcomes[0].id),
        (storage_key(last, "0123456789ab"), last.outcomes[-1].id),
    ]:
        saved = json.dumps({"answers": {}, "submitted": True, "outcome": outcome})
        page.evaluate("([key, saved]) => localStorage.setItem(key, saved)", [key, saved])
    page.reload()
    expect(page.locator(".nw-quiz-index__yours")).to_have_count(2 if len(QUIZ_IDS) > 1 else 1)
    if forget:
        page.get_by_role("button", name="Forget my answers").click()
        expect(page.locator(".nw-quiz-index__status")).not_to_be_empty()


def answer_quiz(page: Page, quiz_id: str, *, submit: bool) -> QuizForm:
    quiz = QUIZZES[quiz_id]
    form = QuizForm(page, quiz).wait_started()
    form.apply(random_answers(quiz, random.Random(f"axe/{quiz.id}")))
    if submit:
        form.submit()
    return form


@pytest.mark.parametrize(
    "name, state", CASES, ids=[name + (f"-{state}" if state else "") for name, state in CASES]
)
def test_no_accessibility_violations(
    palette_page: Page, palette: str, palettes, server, site: Path, axe: Axe, name, state
) -> None:
    page = palette_page
    if name in RESTING:
        path = RESTING[name]
    elif name == "essay":
        path = essay_path(site)
    elif name.startswith(OUTCOME):
        path = outcome_path(name.removeprefix(OUTCOME))
    elif name in MEMORY:
        path = RESTING["quizzes"]
    else:
        path = quiz_path(name)
    open_page(page, server, palettes, palette, path)
    if name in MEMORY:
        remember_outcomes(page, forget=MEMORY[name])
    if state is not None:
        form = answer_quiz(page, name, submit=state == "after")
        if state == "before":  # a keyboard user about to check: the button's focus style too
            form.form.locator("[data-quiz-submit]").focus()
    assert violations(page, axe) == []


# -- Focused and hovered -----------------------------------------------------------------------


def show_back_to_top(page: Page) -> None:
    """Material shows the button once the reader scrolls back up from far down the page."""
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(100)
    page.evaluate("window.scrollBy(0, -200)")
    page.locator(".md-top").wait_for(state="visible")


def search_for_quiz(page: Page) -> None:
    box = page.locator("input.md-search__input")
    box.focus()
    box.press_sequentially("quiz")
    page.locator(".md-search-result__link").first.wait_for(state="visible")
    # Material renders results as each keystroke's search returns: wait until they stop
    # changing, or the result focused next may be replaced under the test (a busy machine).
    page.wait_for_function(
        """() => new Promise((done) => {
          const list = document.querySelector(".md-search-result__list");
          const before = list.innerHTML;
          setTimeout(() => done(before !== "" && list.innerHTML === before), 300);
        })"""
    )


def close_search(page: Page) -> None:
    page.locator("input.md-search__input").fill("")
    # Material closes the search when its toggle changes (Escape is ignored while it opens).
    page.evaluate(
        "() => { const toggle = document.getElementById('__search'); "
        "if (toggle.checked) toggle.click(); }"
    )


@dataclass(frozen=True)
class Control:
    """A kind of interactive element: the first visible match of ``selector`` is focused; the
    pointer rests on ``pointer`` (default: the same element; None: nothing to point at, as the
    element shows only when focused). ``before`` brings it into view, ``after`` tidies up."""

    selector: str
    pointer: str | None = ""
    before: Callable[[Page], None] | None = None
    after: Callable[[Page], None] | None = None


PALETTE_SWITCH = "form[data-md-component=palette]"
CONTROLS = {
    "skip link": Control("a.md-skip", pointer=None),
    "logo": Control("a.md-logo"),
    "tab": Control(".md-tabs__item:not(.md-tabs__item--active) > .md-tabs__link"),
    "current tab": Control(".md-tabs__item--active > .md-tabs__link"),
    # The focus goes to the current palette's radio (drawn as its label); the pointer to the label.
    "palette toggle": Control(
        f"{PALETTE_SWITCH} input:has(+ label:not([hidden]))",
        pointer=f"{PALETTE_SWITCH} label:not([hidden])",
    ),
    "current nav link": Control(".md-sidebar--primary a.md-nav__link--active"),
    "nav section": Control(".md-sidebar--primary label.md-nav__link[tabindex='0']"),
    "essay sidebar link": Control(".md-sidebar--post .md-post__back a"),
    "essay category": Control(".md-sidebar--post .md-post__meta a"),
    "toc link": Control(".md-sidebar--secondary a.md-nav__link"),
    "content link": Control(".md-content article a:not(.md-button, .headerlink)"),
    "button link": Control(".md-content a.md-button"),
    "permalink": Control(".md-content a.headerlink"),
    "essay title": Control(".md-post--excerpt .md-post__content h2 a"),
    "essay card category": Control(".md-post--excerpt .md-meta__link"),
    "continue reading": Control(".md-post--excerpt .md-post__action a"),
    "quiz radio": Control(".nw-choice input[type=radio]", pointer=".nw-choice:has([type=radio])"),
    "quiz checkbox": Control(
        ".nw-choice input[type=checkbox]", pointer=".nw-choice:has([type=checkbox])"
    ),
    "details": Control(".md-content summary"),
    "check button": Control("[data-quiz-submit]"),
    "retake button": Control("[data-quiz-retake]"),
    "share button": Control(".nw-result__share"),
    "saved outcome link": Control(".nw-quiz-index__yours a"),
    "forget button": Control("[data-index-memory] button"),
    "quiz result": Control(".nw-quiz__result", pointer=None),
    "previous/next": Control("a.md-footer__link"),
    "footer link": Control(".md-copyright a"),
    "back to top": Control(".md-top", before=show_back_to_top),
    # Last on a page: the search covers it until closed.
    "search box": Control("input.md-search__input", after=close_search),
    "search result": Control(".md-search-result__link", before=search_for_quiz, after=close_search),
}

HEADER = ["skip link", "logo", "tab", "palette toggle"]  # "current tab": pages in the nav
FOOTER = ["previous/next", "footer link", "back to top"]
SEARCH = ["search box", "search result"]
QUIZ = ["quiz radio", "quiz checkbox", "details"]
# Each kind of page, where it is, and the kinds of control on it (each must be found).
PAGE_KINDS: dict[str, tuple[Callable[[Path], str], list[str]]] = {
    "home": (
        lambda site: "",
        [
            *HEADER,
            "current tab",
            "toc link",
            "content link",
            "permalink",
            *FOOTER,
        ],
    ),
    "essay": (
        essay_path,
        [
            *HEADER,
            "current tab",
            "essay sidebar link",
            "essay category",
            "toc link",
            "content link",
            "permalink",
            *QUIZ,
            "check button",
            "retake button",
            *FOOTER,
        ],
    ),
    "essays": (
        lambda site: "blog/",
        [
            *HEADER,
            "current tab",
            "current nav link",
            "nav section",
            "essay title",
            "essay card category",
            "content link",
            "continue reading",
            "permalink",
            *FOOTER,
        ],
    ),
    "quiz": (
        lambda site: quiz_path(QUIZ_IDS[0]),
        [
            *HEADER,
            "content link",
            "permalink",
            *QUIZ,
            "check button",
            "retake button",
            "footer link",
        ],
    ),
    "quiz-checked": (
        lambda site: quiz_path(QUIZ_IDS[0]),
        [
            *HEADER,
            "content link",
            "permalink",
            *QUIZ,
            "check button",
            "quiz result",
            "retake button",
            "share button",
            "footer link",
        ],
    ),
    "outcome": (
        lambda site: outcome_path(QUIZ_IDS[0]),
        [*HEADER, "content link", "button link", "permalink", "footer link"],
    ),
    "remembered": (
        lambda site: RESTING["quizzes"],
        [
            *HEADER,
            "current tab",
            "content link",
            "permalink",
            "saved outcome link",
            "forget button",
            *FOOTER,
        ],
    ),
    "authors-guide": (
        lambda site: "authors-guide/",
        [
            *HEADER,
            "current tab",
            "toc link",
            "content link",
            "permalink",
            *FOOTER,
        ],
    ),
}
STATE_CASES = [(kind, state) for kind in PAGE_KINDS for state in ("focus", "hover")]


def focus(target: Locator) -> None:
    """Focuses as the keyboard does: the page shows its focus ring (:focus-visible)."""
    target.page.keyboard.press("Shift")  # keyboard modality, for the browser and Material
    target.focus()
    assert target.evaluate("(el) => el === document.activeElement && el.matches(':focus-visible')")


def hover(target: Locator) -> None:
    target.hover(timeout=5000)
    assert target.evaluate("(el) => el.matches(':hover')")


def rest(page: Page) -> None:
    """Nothing focused, the pointer on no control, the top of the page."""
    page.evaluate("document.activeElement?.blur(); window.scrollTo(0, 0)")
    page.mouse.move(0, 0)


@pytest.mark.parametrize("kind, state", STATE_CASES, ids=[f"{k}-{s}" for k, s in STATE_CASES])
def test_no_accessibility_violations_in_focus_or_hover(
    palette_page: Page, palette: str, palettes, server, site: Path, axe: Axe, kind, state
) -> None:
    page = palette_page
    where, names = PAGE_KINDS[kind]
    open_page(page, server, palettes, palette, where(site))
    if kind.startswith("quiz"):
        answer_quiz(page, QUIZ_IDS[0], submit=kind == "quiz-checked")
    if kind in MEMORY:
        remember_outcomes(page, forget=MEMORY[kind])
    rest(page)
    found: list[str] = []
    for name in [*names, *SEARCH]:
        control = CONTROLS[name]
        if state == "hover" and control.pointer is None:
            continue
        if control.before:
            control.before(page)
        selector = control.selector if state == "focus" else control.pointer or control.selector
        matches = page.locator(selector)
        expect(matches.first, f"no {name} ({selector}) on {kind}").to_be_attached()
        # The first one on screen; a radio that is drawn as its label can only be focused.
        shown = matches.filter(visible=True)
        target = shown.first if shown.count() or state == "hover" else matches.first
        focus(target) if state == "focus" else hover(target)
        found += [f"{name}: {line}" for line in violations(page, axe, state)]
        if control.after:
            control.after(page)
        rest(page)
    assert found == [], "\n".join(found)
