"""Browser fixtures: watched contexts, failure artifacts, and the light and dark palettes.

Every context comes from ``open_context`` (one test) or ``open_shared_context`` (one module: page
loads are the slow part of these tests). Each is watched: a console error, an uncaught page error
or a request to another origin fails the test during which it happened. Each records a Playwright
trace in chunks, one per test; when a test fails, its chunk and a screenshot of every open page
are kept in ``test-results/<test>/`` (``--output`` moves the folder).

The trace holds actions, console and network. DOM snapshots and a screencast would make the suite
several times slower; ``--tracing retain-on-failure`` (or ``on``, which keeps every test's trace)
records them for a debugging run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from localsite import serve_copy
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, WebError

PALETTE_SCHEMES = {"light": "default", "dark": "slate"}  # Material's names for the two schemes
PALETTE_KEY = "/.__palette"  # where __md_get("__palette") looks at the site root
FAILED = pytest.StashKey[bool]()

OpenContext = Callable[..., BrowserContext]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(eq=False)
class Watched:
    """A context and what it did that should fail a test: collected here, asserted per test."""

    context: BrowserContext
    origin: str
    scope: str
    problems: list[str] = field(default_factory=list)
    reported: int = 0  # problems before this index were asserted on by an earlier test
    recording: bool = False  # a trace chunk is open

    def __post_init__(self) -> None:
        self.context.on("console", self._console)
        self.context.on("weberror", self._error)
        self.context.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.page.url if message.page else "?"
            self.problems.append(f"console error on {where}: {message.text}")

    def _error(self, error: WebError) -> None:
        where = error.page.url if error.page else "?"
        self.problems.append(f"uncaught error on {where}: {error.error}")

    def _request(self, request: Request) -> None:
        if urlsplit(request.url).scheme in ("data", "blob"):
            return  # made inside the page: nothing leaves it
        if origin_of(request.url) != self.origin:
            self.problems.append(f"request to another origin: {request.method} {request.url}")

    def new_problems(self) -> list[str]:
        found = self.problems[self.reported :]
        self.reported = len(self.problems)
        return found

    def close(self) -> None:
        if self.recording:
            self.context.tracing.stop_chunk()
        self.context.tracing.stop()
        self.context.close()


_live: list[Watched] = []  # every open watched context, whatever its scope
_running: list[str] = []  # the node id of the test being run, if any


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture(scope="session")
def palettes(site: Path) -> dict[str, dict[str, Any]]:
    """What Material stores for the light and the dark palette, read from the built palette
    switch (its inputs, in order, are the palettes of mkdocs.yml)."""
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    stored: dict[str, dict[str, Any]] = {}
    for index, option in enumerate(page.select("input[name=__palette]")):
        color = {
            key: option[f"data-md-color-{key}"] for key in ("media", "scheme", "primary", "accent")
        }
        for name, scheme in PALETTE_SCHEMES.items():
            if color["scheme"] == scheme and "prefers-color-scheme:" in color["media"]:
                stored.setdefault(name, {"index": index, "color": color})
    assert set(stored) == set(PALETTE_SCHEMES), f"no light and dark palette in {stored}"
    return stored


@pytest.fixture(scope="session")
def instant_server(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """The built site where instant navigation works (see ``serve_copy``)."""
    running = serve_copy(site, tmp_path_factory.mktemp("instant"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def _opener(
    browser: Browser, browser_context_args: dict, server, palettes, pytestconfig: pytest.Config
) -> Callable[..., BrowserContext]:
    rich = pytestconfig.getoption("--tracing") != "off"

    def open_(
        scope: str, *, palette: str | None = None, origin: str | None = None, **kwargs: Any
    ) -> BrowserContext:
        if palette is not None:
            kwargs.setdefault("color_scheme", palette)
        context = browser.new_context(**{**browser_context_args, **kwargs})
        watched = Watched(context, origin_of(origin or server.url), scope)
        _live.append(watched)
        context.tracing.start(snapshots=rich, screenshots=rich, sources=rich)
        watched.recording = True
        if not _running:
            context.tracing.stop_chunk()  # opened between tests: the next test starts a chunk
            watched.recording = False
        if palette is not None:
            # Before the theme's own scripts read it; about:blank has no storage to write to.
            stored = json.dumps(palettes[palette])
            context.add_init_script(
                f"if (location.protocol.startsWith('http')) "
                f"localStorage.setItem({json.dumps(PALETTE_KEY)}, {json.dumps(stored)});"
            )
        return context

    return open_


@pytest.fixture
def open_context(_opener: Callable[..., BrowserContext]) -> OpenContext:
    """Opens a watched context for this test: ``palette="light"|"dark"`` picks the theme's
    palette, ``origin`` the only origin requests may go to (default: the session server), and
    the rest goes to Playwright's ``browser.new_context``."""
    return lambda **kwargs: _opener("function", **kwargs)


@pytest.fixture(scope="module")
def open_shared_context(_opener: Callable[..., BrowserContext]) -> Iterator[OpenContext]:
    """Like ``open_context``, for a context that every test of a module may use."""
    opened: list[BrowserContext] = []

    def open_(**kwargs: Any) -> BrowserContext:
        opened.append(_opener("module", **kwargs))
        return opened[-1]

    yield open_
    for watched in [w for w in _live if w.context in opened]:
        _live.remove(watched)
        watched.close()


@pytest.fixture
def context(open_context: OpenContext) -> BrowserContext:
    """pytest-playwright's ``context`` (and so its ``page``), watched and recorded."""
    return open_context()


@pytest.fixture(autouse=True)
def _watch_and_record(request: pytest.FixtureRequest, pytestconfig: pytest.Config) -> Iterator:
    """Opens a trace chunk on every context for this test; afterwards fails the test on what
    its contexts saw, keeps the chunk and screenshots if it failed, and closes its contexts."""
    _running.append(request.node.nodeid)
    for watched in _live:
        watched.context.tracing.start_chunk(title=request.node.nodeid)
        watched.recording = True
    yield
    _running.pop()
    problems = [problem for watched in _live for problem in watched.new_problems()]
    failed = request.node.stash.get(FAILED, False) or bool(problems)
    if failed or pytestconfig.getoption("--tracing") == "on":
        _keep_artifacts(request.node, pytestconfig, "failed" if failed else "finished")
    for watched in list(_live):
        if watched.recording:
            watched.context.tracing.stop_chunk()
            watched.recording = False
        if watched.scope == "function":
            _live.remove(watched)
            watched.close()
    assert not problems, "\n".join(problems)


def _output(config: pytest.Config) -> Path:
    """test-results/ (pytest-playwright's --output), where failures and pictures are kept."""
    folder = Path(config.getoption("--output"))
    return folder if folder.is_absolute() else config.rootpath / folder


@pytest.fixture(scope="module")
def folder(request: pytest.FixtureRequest) -> Path:
    """The module's folder of files for a person to look at: test-results/<RESULTS_FOLDER>/."""
    folder = _output(request.config) / request.module.RESULTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep_artifacts(node: pytest.Item, config: pytest.Config, outcome: str) -> None:
    folder = _output(config)
    folder /= re.sub(r"[^A-Za-z0-9]+", "-", node.nodeid).strip("-").lower()[:200]
    folder.mkdir(parents=True, exist_ok=True)
    for n, watched in enumerate(_live, start=1):
        if watched.recording:
            watched.context.tracing.stop_chunk(path=folder / f"trace-{n}.zip")
            watched.recording = False
        for m, page in enumerate(watched.context.pages, start=1):
            if not page.is_closed():
                page.screenshot(path=folder / f"test-{outcome}-{n}-{m}.png", timeout=5000)


@pytest.fixture(scope="module", params=["light", "dark"])
def palette(request: pytest.FixtureRequest) -> str:
    """The theme's palette, one module-wide context for each."""
    return request.param


@pytest.fixture(scope="module")
def palette_page(open_shared_context: OpenContext, palette: str) -> Page:
    return open_shared_context(palette=palette).new_page()
