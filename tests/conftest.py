"""Fixtures shared by the whole suite: the real site, built once, and a server for it."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import tmpsite

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, strictly built once per session into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("site")
    result = tmpsite.build(tmpsite.ROOT, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


class _Handler(SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass


class SiteServer:
    """Serves a folder on 127.0.0.1 on a free port, in a daemon thread, until stopped."""

    def __init__(self, root: Path, headers: dict[str, str] | None = None) -> None:
        handler = type("Handler", (_Handler,), {"extra_headers": dict(headers or {})})
        self.httpd = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
        )
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[SiteServer]:
    """The built site over HTTP (instant navigation and localStorage need a real origin)."""
    running = SiteServer(site)
    yield running
    running.stop()


def chromium_path() -> str:
    """Debian's Chromium (or $CHROMIUM); `make test` installs it, and we fail loudly without."""
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not (Path(path).is_file() or shutil.which(path)):
        pytest.fail(f"no Chromium at {path}: run `make browser` or set CHROMIUM", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, pointed at Debian's Chromium (no browser download)."""
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}
