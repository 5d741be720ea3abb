"""The site on this machine, for the tests and the benchmark alike.

A copy of the site, a real build of it, its config as MkDocs reads it, a static server for a
built site, ``mkdocs serve``, a free port, and how Chromium is started. ``bench/`` imports this
module too (it puts ``tests/`` on ``sys.path``) and runs in its own environment, so nothing here
imports pytest.

A copy holds everything MkDocs reads (the config, docs/, quiz/, hooks/, theme overrides) and none
of the repository's tooling, so it builds exactly like the original, wherever it is.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from mkdocs.utils import yaml_load

ROOT = Path(__file__).resolve().parents[1]
CONFIG = "mkdocs.yml"
MKDOCS = [sys.executable, "-m", "mkdocs"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless in a container (no sandbox, no GPU, a small /dev/shm), and nothing that calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GZIP_LEVEL = 6  # what `gzip` and most servers use by default
# At the top: tooling, output and caches (.cache is written by concurrent builds: a copy could be
# half-written). Dot files inside docs/ (blog/.authors.yml) are site content and are copied.
_NOT_SITE = {"site", "tests", "test-results", "bench", "scripts", "requirements", "node_modules"}
_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR)\s+-\s+(.*)$")
_COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg)")
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


# --- the site's sources and its build ---------------------------------------------------------


def copy_site(dest: Path) -> Path:
    """A copy of the site in ``dest`` (created); returns ``dest``, which holds mkdocs.yml."""
    shutil.copytree(ROOT, dest, ignore=_ignore, dirs_exist_ok=True)
    return dest


def _ignore(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    return {
        name
        for name in names
        if name == "__pycache__" or (top and (name.startswith(".") or name in _NOT_SITE))
    }


def load_config(path: Path = ROOT / CONFIG) -> dict[str, Any]:
    """A config file as MkDocs reads it: ``!ENV`` tags resolved from the environment (or their
    defaults), ``INHERIT`` followed. Not validated: plugins and extensions stay as written."""
    with open(path, encoding="utf-8") as f:
        return yaml_load(f)


def mkdocs_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


def build(
    root: Path,
    site_dir: Path,
    *,
    config_file: Path | None = None,
    quiet: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """A real strict ``mkdocs build`` of the site in ``root`` (its mkdocs.yml, or
    ``config_file``), in a child process; ``quiet`` keeps only errors in its output."""
    command = [*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)]
    if config_file is not None:
        command += ["--config-file", str(config_file)]
    if quiet:
        command.append("--quiet")
    return subprocess.run(
        command,
        cwd=root,
        env=mkdocs_env() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def logged(output: str, level: str) -> list[str]:
    """The messages MkDocs logged at ``level`` (``ERROR``, ``WARNING``...), in order."""
    found = (_LOG_LINE.match(line) for line in output.splitlines())
    return [match.group(2) for match in found if match and match.group(1) == level]


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now (for a server that must be told one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- serving ----------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    root: Path | None = None
    extra_headers: dict[str, str]
    gzip = False
    compressed: dict[Path, bytes]  # gzip bodies, by file, for the folder being served


class _Handler(SimpleHTTPRequestHandler):
    server: _Server

    def __init__(self, request: Any, client_address: Any, server: _Server) -> None:
        super().__init__(request, client_address, server, directory=str(server.root))

    def end_headers(self) -> None:
        for name, value in self.server.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet output
        pass

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path /= "index.html"
        if path.is_dir() or (path.is_file() and not self.server.gzip):
            return super().send_head()  # a folder's redirect, or a file as the library serves it
        status = HTTPStatus.OK
        if not path.is_file():  # as a host does: the site's own 404 page, if it has one
            status, path = HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html"
            if not path.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return None
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") else ""
        self.send_header("Content-Type", kind + charset)
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if self.server.gzip and accepted and _COMPRESSIBLE.match(kind):
            if path not in self.server.compressed:
                self.server.compressed[path] = gzip.compress(body, GZIP_LEVEL, mtime=0)
            body = self.server.compressed[path]
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class SiteServer:
    """A built site on 127.0.0.1 (a free port), in a daemon thread, until ``stop()``.

    ``headers`` are sent with every response. With ``gzip``, text is compressed when the client
    asks, as a real host does (the benchmark weighs pages as they travel).
    """

    def __init__(
        self, root: Path | None = None, *, headers: dict[str, str] | None = None, gzip: bool = False
    ) -> None:
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.extra_headers = dict(headers or {})
        self.httpd.gzip = gzip
        self.httpd.compressed = {}
        self.serve(root)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, root: Path | None) -> None:
        """Serve another folder from the same address (so a build can be told the address
        first); ``None`` serves nothing."""
        self.httpd.root = root
        self.httpd.compressed.clear()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_copy(site: Path, folder: Path, headers: dict[str, str] | None = None) -> SiteServer:
    """Serves a copy of the built site on a free port, its sitemap rewritten for that port.

    Material's instant navigation only takes over links to pages in the sitemap, and maps each
    listed URL to the page's own protocol and host but not its port: on a test server, the
    sitemap of a site built for its real address would send every click to a full page load.
    """
    shutil.copytree(site, folder, dirs_exist_ok=True)
    running = SiteServer(folder, headers=headers)
    canonical = _CANONICAL.search((site / "index.html").read_text(encoding="utf-8"))
    if canonical is None:
        raise ValueError(f"{site / 'index.html'} has no canonical link")
    sitemap = folder / "sitemap.xml"
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace(canonical.group(1), running.url),
        encoding="utf-8",
    )
    return running


class LiveServer:
    """``mkdocs serve`` of the site in ``root`` on a free port of 127.0.0.1, its output in
    ``log``, in its own process group, until ``stop()``; ``options`` go before the address."""

    def __init__(
        self,
        root: Path,
        log: Path,
        env: dict[str, str] | None = None,
        options: tuple[str, ...] = ("--no-strict",),
    ) -> None:
        self.root, self.log = root, log
        self.url = f"http://127.0.0.1:{free_port()}/"
        self._output = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [*MKDOCS, "serve", *options, "--dev-addr", self.url[len("http://") : -1]],
            cwd=root,
            env=mkdocs_env() if env is None else env,
            stdout=self._output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops all of it
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # what Ctrl-C does: MkDocs stops cleanly
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self._output.close()
