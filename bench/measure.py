"""Small tools the sections share: timed builds, statistics, sizes, a local server, the machine."""

from __future__ import annotations

import gzip
import mimetypes
import os
import platform
import posixpath
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
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


@dataclass(frozen=True)
class Stat:
    """Median and range of repeated measurements."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def n(self) -> int:
        return len(self.values)

    def show(self, unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
        """``1.23 s [1.20-1.31]``: the median, then min-max (no range for one run)."""
        median = f"{self.median * scale:.{digits}f}"
        if self.n == 1:
            return f"{median} {unit} (1 run)"
        return f"{median} {unit} [{self.low * scale:.{digits}f}-{self.high * scale:.{digits}f}]"


def stat(values) -> Stat:
    return Stat(tuple(values))


def mkdocs_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
    for name in ("BENCH_PROBE_OUT", "BENCH_CAPTURE", "BENCH_SKIP"):
        if name not in extra:
            env.pop(name, None)
    return env


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds on the clock
    cpu: float  # user + system seconds of the build process: what the build itself cost


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(config: Path, site_dir: Path, **env: str) -> Timing:
    """A strict ``mkdocs build`` in a child process, as an author runs it.

    Both clocks are kept: wall time is what an author waits, CPU time is what the build costs
    and is not stretched by other processes on a shared machine, so ratios use it.
    """
    cpu = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet"),
            *("--config-file", str(config), "--site-dir", str(site_dir)),
        ],
        cwd=config.parent,
        env=mkdocs_env(**env),
        capture_output=True,
        text=True,
        timeout=900,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"build of {config} failed:\n{result.stdout}\n{result.stderr}")
    return Timing(elapsed, _children_cpu() - cpu)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


# --- the machine -----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError:
        chromium = "not found"
    try:
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        node = "not found"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load": load(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": _memory(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "mkdocs-quiz": version("mkdocs-quiz"),
        "playwright": version("playwright"),
        "chromium": chromium,
        "node": node,
    }


def load() -> str:
    """The load averages (1, 5, 15 min): other work on the machine while the bench ran."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "unknown"


# --- a static server on 127.0.0.1, gzip like a real host ------------------------------------

_COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg)")


class _Handler(SimpleHTTPRequestHandler):
    """Serves a built site; compresses text with gzip when asked, as any real host does."""

    cache: dict[Path, bytes]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.directory) / posixpath.normpath(unquote(urlsplit(self.path).path)).lstrip(
            "/"
        )
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        body = path.read_bytes() if path.is_file() else b"not found"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header(
            "Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else "")
        )
        if _COMPRESSIBLE.match(kind) and "gzip" in self.headers.get("Accept-Encoding", ""):
            key = path
            if key not in self.cache:
                self.cache[key] = gzip.compress(body, GZIP_LEVEL, mtime=0)
            body = self.cache[key]
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SiteServer:
    """A built site on 127.0.0.1 (a free port), in a daemon thread, until ``stop()``."""

    def __init__(self, root: Path | None = None, *, gzip_text: bool = True) -> None:
        self.root = root
        handler = type(
            "Handler", (_Handler if gzip_text else SimpleHTTPRequestHandler,), {"cache": {}}
        )
        handler.log_message = lambda *args: None
        self._handler = handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._make)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def _make(self, *args, **kwargs):
        return self._handler(*args, directory=str(self.root), **kwargs)

    def serve(self, root: Path) -> None:
        """Serve another folder from the same address (the port is chosen before the build)."""
        self.root = root
        self._handler.cache.clear()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
