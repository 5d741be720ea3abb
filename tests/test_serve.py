"""`mkdocs serve` survives an author's mistakes: it shows them, keeps serving, and recovers.

Real ``mkdocs serve`` processes on a free port, over a copy of the site, started both as
``make serve`` starts it (the options are read from the Makefile) and as plain ``mkdocs serve``
(strict, as mkdocs.yml says); the tests edit files as an author would and watch the served
pages change. A real ``mkdocs build`` and ``gh-deploy`` of the same mistakes still fail.
"""

from __future__ import annotations

import html
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import localsite
import pytest

QUIZ_ID = "networking-expert"
ESSAY = "docs/blog/posts/can-i-pick-your-brain.md"
TIMEOUT = 90  # seconds for one rebuild to show, on a slow and busy machine

pytestmark = pytest.mark.slow


def make_serve_options() -> tuple[str, ...]:
    """The options `make serve` gives `mkdocs serve`, read from the Makefile, less the address."""
    makefile = (localsite.ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^serve:.*\n\t(.+)$", makefile, re.M)
    assert recipe is not None, "the Makefile has no serve target"
    words = recipe.group(1).split()
    words = words[words.index("serve") + 1 :]
    at = words.index("--dev-addr")
    return tuple(words[:at] + words[at + 2 :])


COMMANDS = {"make serve": make_serve_options(), "mkdocs serve": ()}


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


def line_of(name: str, start: str | None = None) -> int:
    """The line of ``name`` (in the real site) that starts with ``start``, or its last line."""
    lines = (localsite.ROOT / name).read_text(encoding="utf-8").splitlines()
    if start is None:
        return len(lines)
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


# The quizzes that still load once QUIZ_ID is broken, as an unknown marker lists them.
OTHER_QUIZZES = sorted(p.stem for p in (localsite.ROOT / "quiz").glob("*.yml") if p.stem != QUIZ_ID)


@dataclass
class Mistakes:
    """Three kinds of author mistake in a copy of the site, and how to undo them."""

    root: Path
    originals: dict[Path, str]

    # What each mistake looks like: on the page (the hook's problems) and in the terminal.
    quiz = (
        f"quiz/{QUIZ_ID}.yml:{line_of(f'quiz/{QUIZ_ID}.yml', 'scoring:')}:1: "
        "unknown key 'scorring' (did you mean 'scoring'?)"
    )
    marker = (
        f"docs/about.md:{line_of('docs/about.md') + 2}:1: "
        f"unknown quiz 'no-such-quiz' (quizzes: {', '.join(OTHER_QUIZZES)})"
    )
    essay_link = (
        "Doc file 'blog/posts/can-i-pick-your-brain.md' contains a link 'no-such-essay.md', but "
        "the target 'blog/posts/no-such-essay.md' is not found among documentation files."
    )

    @classmethod
    def make(cls, root: Path, *, quiz=True, marker=True, essay_link=True) -> Mistakes:
        edits = {
            f"quiz/{QUIZ_ID}.yml": (quiz, lambda s: s.replace("\nscoring:", "\nscorring:", 1)),
            "docs/about.md": (marker, lambda s: s + "\n<!-- quiz: no-such-quiz -->\n"),
            ESSAY: (essay_link, lambda s: s + "\nSee [the sequel](no-such-essay.md).\n"),
        }
        originals = {}
        for name, (wanted, edit) in edits.items():
            if wanted:
                path = root / name
                originals[path] = path.read_text(encoding="utf-8")
                path.write_text(edit(originals[path]), encoding="utf-8")
        return cls(root, originals)

    def undo(self) -> None:
        for path, text in self.originals.items():
            path.write_text(text, encoding="utf-8")


@pytest.fixture
def source(tmp_path) -> Path:
    return localsite.copy_site(tmp_path / "src")


@pytest.fixture(params=list(COMMANDS.values()), ids=list(COMMANDS))
def serve(request, source, tmp_path) -> Iterator[Callable[[], localsite.LiveServer]]:
    """Starts the parametrised serve command on ``source`` when called; stops it after."""
    started: list[localsite.LiveServer] = []

    def start() -> localsite.LiveServer:
        started.append(localsite.LiveServer(source, tmp_path / "serve.log", options=request.param))
        return started[-1]

    yield start
    for running in started:
        running.stop()


def assert_shows(served: localsite.LiveServer, mistakes: Mistakes) -> None:
    quizzes, about = f"{served.url}quiz/", f"{served.url}about/"
    wait_for(lambda: mistakes.quiz in get(quizzes)[1], "the quiz problem on the page", served.log)
    assert mistakes.marker in get(quizzes)[1]  # every problem, on the page that lists them
    assert mistakes.marker in get(about)[1]  # and where the marker was written
    log = served.log.read_text()
    for problem in (mistakes.quiz, mistakes.marker, mistakes.essay_link):
        assert f"WARNING -  {problem}" in log
    assert get(f"{served.url}quiz/{QUIZ_ID}/")[0] == 404  # no stale quiz from a last good build
    assert served.process.poll() is None


def assert_recovers(served: localsite.LiveServer, mistakes: Mistakes) -> None:
    quiz_page = f"{served.url}quiz/{QUIZ_ID}/"
    wait_for(lambda: get(quiz_page)[0] == 200, "the quiz page to come back", served.log)
    assert mistakes.quiz not in get(f"{served.url}quiz/")[1]
    assert mistakes.marker not in get(f"{served.url}about/")[1]
    assert served.process.poll() is None
    assert "Traceback" not in served.log.read_text()


def test_serve_starts_with_mistakes_present_shows_them_and_recovers(serve, source):
    mistakes = Mistakes.make(source)
    served = serve()
    assert_shows(served, mistakes)
    mistakes.undo()
    assert_recovers(served, mistakes)


def test_serve_keeps_answering_when_mistakes_appear_and_recovers(serve, source):
    served = serve()
    wait_for(lambda: get(f"{served.url}quiz/{QUIZ_ID}/")[0] == 200, "the first build", served.log)
    mistakes = Mistakes.make(source)
    assert_shows(served, mistakes)
    assert get(served.url)[0] == 200  # the rest of the site is still served
    mistakes.undo()
    assert_recovers(served, mistakes)


def test_serve_says_once_that_it_is_not_strict(serve, source):
    served = serve()
    wait_for(lambda: get(served.url)[0] == 200, "the first build", served.log)
    essay = source / ESSAY
    essay.write_text(essay.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    wait_for(
        lambda: "One more line." in get(f"{served.url}blog/can-i-pick-your-brain/")[1],
        "a rebuild",
        served.log,
    )
    notes = localsite.logged(served.log.read_text(), "INFO")
    lenient = "Serving without strict mode: problems are shown; `mkdocs build` stops on them"
    # Only plain `mkdocs serve` is strict by mkdocs.yml; `make serve` asks for --no-strict.
    assert notes.count(lenient) == (0 if "--no-strict" in served.process.args else 1)


def test_serve_lists_a_link_problem_found_at_the_end_of_the_build(serve, source):
    served = serve()
    quizzes = f"{served.url}quiz/"
    wait_for(lambda: get(quizzes)[0] == 200, "the first build", served.log)

    quiz = source / "quiz" / f"{QUIZ_ID}.yml"
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


def test_serve_draws_a_card_for_an_essay_with_a_50000_character_title(serve, source):
    (source / "docs" / "blog" / "posts" / "long.md").write_text(
        "---\ndate: 2026-11-30\nauthors:\n  - shy\nslug: long\n---\n\n"
        f"# {'W' * 50_000}\n\nA title no card can hold.\n",
        encoding="utf-8",
    )
    served = serve()
    wait_for(lambda: get(f"{served.url}blog/long/")[0] == 200, "the essay", served.log)
    assert get(f"{served.url}assets/social/blog/long.png")[0] == 200
    assert "Traceback" not in served.log.read_text()


def run_mkdocs(source: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real MkDocs command with no strictness option: what mkdocs.yml says decides."""
    return subprocess.run(
        [*localsite.MKDOCS, *args],
        cwd=source,
        env=localsite.mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("command", [["build"], ["gh-deploy", "--remote-name", "no-such-remote"]])
def test_a_plain_build_fails_on_a_quiz_problem(source, tmp_path, command):
    mistakes = Mistakes.make(source, marker=False, essay_link=False)
    result = run_mkdocs(source, *command, "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert localsite.logged(result.stderr, "ERROR") == [
        mistakes.quiz,
        "1 problem(s) in quiz files or quiz markers, listed above",
    ]


def test_a_plain_build_fails_on_a_warning_of_mkdocs_own(source, tmp_path):
    mistakes = Mistakes.make(source, quiz=False, marker=False)
    result = run_mkdocs(source, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert localsite.logged(result.stderr, "WARNING") == [mistakes.essay_link]
    assert result.stdout.strip() == "Aborted with 1 warnings in strict mode!"
