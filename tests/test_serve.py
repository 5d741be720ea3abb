"""`mkdocs serve` survives a broken quiz: it logs the problem, keeps serving, and recovers.

A real ``mkdocs serve`` process on a free port, over a copy of the site; the test edits a quiz
file as an author would and watches the served pages change.
"""

from __future__ import annotations

import html
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import localsite
import pytest

QUIZ_ID = "networking-expert"
TIMEOUT = 90  # seconds for one rebuild to show, on a slow and busy machine

pytestmark = pytest.mark.slow


def get(url: str) -> tuple[int, str]:
    """Status and page text (tags and entities removed); 0 while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode("utf-8", "replace")
            return response.status, html.unescape(re.sub(r"<[^>]+>", " ", body))
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(condition: Callable[[], bool], what: str, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}; mkdocs said:\n{log.read_text()}")


@pytest.fixture
def served(tmp_path) -> Iterator[localsite.LiveServer]:
    running = localsite.LiveServer(localsite.copy_site(tmp_path / "src"), tmp_path / "serve.log")
    try:
        yield running
    finally:
        running.stop()


def test_serve_reports_a_broken_quiz_keeps_serving_and_recovers(served):
    quiz_page, quizzes = f"{served.url}quiz/{QUIZ_ID}/", f"{served.url}quiz/"
    wait_for(lambda: get(quiz_page)[0] == 200, "the first build", served.log)

    quiz = served.root / "quiz" / f"{QUIZ_ID}.yml"
    original = quiz.read_text(encoding="utf-8")
    line = original[: original.index("\nscoring:")].count("\n") + 2
    quiz.write_text(original.replace("\nscoring:", "\nscorring:", 1), encoding="utf-8")
    problem = f"quiz/{QUIZ_ID}.yml:{line}:1: unknown key 'scorring' (did you mean 'scoring'?)"

    wait_for(lambda: problem in get(quizzes)[1], "the problem on the quizzes page", served.log)
    assert served.process.poll() is None
    assert f"WARNING -  {problem}" in served.log.read_text()
    assert get(served.url)[0] == 200  # the rest of the site is still served
    assert get(quiz_page)[0] == 404  # no stale quiz from the last good build

    quiz.write_text(original, encoding="utf-8")

    wait_for(lambda: get(quiz_page)[0] == 200, "the quiz page to come back", served.log)
    assert problem not in get(quizzes)[1]
    assert served.process.poll() is None
    assert "Traceback" not in served.log.read_text()


def test_serve_lists_a_link_problem_found_at_the_end_of_the_build(served):
    quizzes = f"{served.url}quiz/"
    wait_for(lambda: get(quizzes)[0] == 200, "the first build", served.log)

    quiz = served.root / "quiz" / f"{QUIZ_ID}.yml"
    original = quiz.read_text(encoding="utf-8")
    anchor = "#a-gift-that-costs-nothing"
    line = original[: original.index(anchor)].count("\n") + 1
    column = original.splitlines()[line - 1].index("blog/") + 1
    question = re.findall(r"- id: (\S+)", original[: original.index(anchor)])[-1]
    quiz.write_text(original.replace(anchor, "#no-such-heading", 1), encoding="utf-8")
    problem = (
        f"quiz/{QUIZ_ID}.yml:{line}:{column}: question '{question}': 'see' points at "
        "'#no-such-heading', which is not an anchor on "
        "'blog/posts/endorsed-for-skills-you-never-saw.md'"
    )

    wait_for(lambda: problem in get(quizzes)[1], "the link problem on the page", served.log)
    assert f"WARNING -  {problem}" in served.log.read_text()
