"""Under a strict Content-Security-Policy the quizzes work, directly and after instant
navigation, and the page reports no violation at all.

The policy allows our own origin, the theme's inline scripts by hash (computed here from every
built page), and inline styles (Material sets style attributes at run time). It allows no data:
images: the quiz draws none, so on essays and quiz pages at a desktop width nothing is blocked.
The theme's own icons are data: URLs in its stylesheet: its navigation drawer (drawn off screen
at phone widths) and the blog's index pages need ``img-src data:``, which the site's published
policy (``_headers``) grants; the last test uses that policy on a phone.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from localsite import serve_copy
from playwright.sync_api import BrowserContext, Page
from quizpage import (
    MARKER,
    QUIZ_IDS,
    QUIZZES,
    QuizForm,
    essay_linking_to,
    essays_with_a_quiz,
    expected_result,
    follow,
    marker,
    open_fresh,
    quiz_path,
    random_answers,
)

from publishing.csp import inline_scripts, script_hash

pytestmark = pytest.mark.browser

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolation(`${event.effectiveDirective} blocked ${event.blockedURI} (${where})`);
});
"""


def script_hashes(site: Path) -> set[str]:
    """The hash of every inline script of every built page (the publishing module's helpers)."""
    return {
        script_hash(script)
        for page in site.rglob("*.html")
        for script in inline_scripts(page.read_text(encoding="utf-8"))
    }


@pytest.fixture(scope="module")
def strict_server(site: Path, tmp_path_factory: pytest.TempPathFactory):
    policy = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(sorted(script_hashes(site))),
            "style-src 'self' 'unsafe-inline'",
        ]
    )
    folder = tmp_path_factory.mktemp("strict")
    running = serve_copy(site, folder, {"Content-Security-Policy": policy})
    yield running
    running.stop()


def watch_violations(context: BrowserContext) -> list[str]:
    """Every securitypolicyviolation event in the context's pages, across page loads."""
    found: list[str] = []
    context.expose_function("__cspViolation", lambda violation: found.append(violation))
    context.add_init_script(REPORT_VIOLATIONS)
    return found


@pytest.fixture(scope="module")
def strict(open_shared_context, strict_server) -> tuple[Page, list[str]]:
    context = open_shared_context(origin=strict_server.url)
    return context.new_page(), watch_violations(context)


def check_random_answers(page: Page, quiz_id: str) -> None:
    quiz = QUIZZES[quiz_id]
    form = QuizForm(page, quiz).wait_started()
    answers = random_answers(quiz, random.Random(f"csp/{quiz.id}"))
    form.apply(answers)
    form.submit()
    state = form.state()
    assert {"score": state["score"], "outcome": state["outcome"]} == expected_result(quiz, answers)


class TestStrictPolicy:
    @pytest.mark.parametrize("quiz_id", QUIZ_IDS)
    def test_quiz_page_works_without_a_violation(
        self, strict: tuple[Page, list[str]], strict_server, quiz_id: str
    ) -> None:
        page, violations = strict
        page.goto(strict_server.url + quiz_path(quiz_id))
        check_random_answers(page, quiz_id)
        assert violations == []

    @pytest.mark.parametrize("quiz_id", QUIZ_IDS)
    def test_quiz_reached_from_an_essay_works_without_a_violation(
        self, strict: tuple[Page, list[str]], strict_server, site: Path, quiz_id: str
    ) -> None:
        page, violations = strict
        open_fresh(page, strict_server, essay_linking_to(site, quiz_id))
        follow(page, strict_server.url + quiz_path(quiz_id))
        assert marker(page) == MARKER
        check_random_answers(page, quiz_id)
        assert violations == []

    def test_quiz_inside_an_essay_works_without_a_violation(
        self, strict: tuple[Page, list[str]], strict_server, site: Path
    ) -> None:
        page, violations = strict
        for essay, quiz_id in essays_with_a_quiz(site):
            page.goto(strict_server.url + essay)
            check_random_answers(page, quiz_id)
        assert violations == []


def published_policy(site: Path) -> str:
    headers = site / "_headers"
    assert headers.is_file(), "the build published no _headers file"
    found = re.search(r"^\s*Content-Security-Policy:\s*(.+)$", headers.read_text(), re.M)
    assert found, "_headers sets no Content-Security-Policy"
    return found.group(1).strip()


def test_published_policy_on_a_phone_has_no_violation(
    open_context, site: Path, tmp_path: Path
) -> None:
    policy = published_policy(site)
    running = serve_copy(site, tmp_path / "site", {"Content-Security-Policy": policy})
    try:
        context = open_context(origin=running.url, viewport={"width": 375, "height": 740})
        violations = watch_violations(context)
        page = context.new_page()
        quiz_id = QUIZ_IDS[0]
        open_fresh(page, running, essay_linking_to(site, quiz_id))  # the drawer's icons load
        follow(page, running.url + quiz_path(quiz_id))
        check_random_answers(page, quiz_id)
        assert violations == []
    finally:
        running.stop()
