"""Small tools the sections share: timed builds, sizes, the hook's events, the machine."""

from __future__ import annotations

import gzip
import os
import platform
import resource
import subprocess
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import localsite
from localsite import CHROMIUM, GZIP_LEVEL
from records import Machine, Timing

# The hook's events, as bench/probe_hook.py names them: its quiz work, and its link-preview work
# (on_page_context also fills problem boxes: nothing to do when the quizzes are valid).
QUIZ_EVENTS = ("on_files", "on_page_content", "on_env")
PUBLISHING = ("on_page_context", "on_post_build")
_PROBE_SETTINGS = ("BENCH_PROBE_OUT", "BENCH_CAPTURE", "BENCH_SKIP")


def mkdocs_env(**extra: str) -> dict[str, str]:
    """The environment of a build: the probe's settings are the ones given here, or none."""
    env = localsite.mkdocs_env(**extra)
    for name in _PROBE_SETTINGS:
        if name not in extra:
            env.pop(name, None)
    return env


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
    result = localsite.build(
        config.parent,
        site_dir,
        config_file=config,
        quiet=True,
        env=mkdocs_env(**env),
        timeout=900,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"build of {config} failed:\n{result.stdout}\n{result.stderr}")
    return Timing(elapsed, _children_cpu() - cpu)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


# --- the machine -----------------------------------------------------------------------------


def machine() -> Machine:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return Machine(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        load=load(),
        cpu=cpu,
        cores=str(os.cpu_count()),
        memory=_memory(),
        os=f"{platform.system()} {platform.release()}",
        python=platform.python_version(),
        mkdocs=version("mkdocs"),
        material=version("mkdocs-material"),
        mkdocs_quiz=version("mkdocs-quiz"),
        playwright=version("playwright"),
        chromium=_version_of([CHROMIUM, "--version"], timeout=30),
        node=_version_of(["node", "--version"]),
    )


def _version_of(command: list[str], timeout: float | None = None) -> str:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout
        ).stdout.strip()
    except OSError:
        return "not found"


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
