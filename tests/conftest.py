"""Fixtures shared by the whole suite: the real site, built once, and a server for it.

Every test that runs a real build or server is marked ``slow`` (``-m "not slow"`` is the quick
run): tests that use the ``site`` or ``server`` fixtures, even through other fixtures, are marked
here; tests that build or serve by themselves carry the mark in their module. A test that is not
marked and still starts a build or ``mkdocs serve`` through ``localsite`` fails, so the quick run
stays quick.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import localsite
import pytest

SLOW_FIXTURES = {"site", "server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator:
    """Around each unmarked test (its fixtures included), building or serving fails it."""
    if item.get_closest_marker("slow"):
        return (yield)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{item.nodeid} runs mkdocs: mark it slow")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(localsite, "build", refuse)
        patch.setattr(localsite, "LiveServer", refuse)
        return (yield)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, strictly built once per session into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("site")
    result = localsite.build(localsite.ROOT, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[localsite.SiteServer]:
    """The built site over HTTP (instant navigation and localStorage need a real origin)."""
    running = localsite.SiteServer(site)
    yield running
    running.stop()


def chromium_path() -> str:
    """Debian's Chromium (or $CHROMIUM); `make test` installs it, and we fail loudly without."""
    path = localsite.CHROMIUM
    if not (Path(path).is_file() or shutil.which(path)):
        pytest.fail(f"no Chromium at {path}: run `make browser` or set CHROMIUM", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, pointed at Debian's Chromium (no browser download)."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": localsite.CHROMIUM_ARGS,
    }
