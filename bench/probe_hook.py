"""Bench-only MkDocs hook: the real hook's event functions, each wrapped in a timer.

A variant's config lists this file instead of ``hooks/quiz.py``. It imports the real hook the way
MkDocs does (the hook's folder on ``sys.path`` while it loads), re-exports every ``on_*`` function
wrapped with ``time.perf_counter``, and at the end of the build writes the seconds spent in each
to ``$BENCH_PROBE_OUT`` (JSON). The hook's own work is then measured inside the build process,
with the same files, Markdown settings and theme as a real build.

With ``$BENCH_CAPTURE`` set it also records what the build turned each quiz marker into, for the
pre-rendered twin of the site: the source of every generated page and, per page, the HTML of
every marker that was really a marker (not an example inside a code block).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

_started, _started_cpu = time.perf_counter(), time.process_time()
REAL_HOOK = Path(os.environ.get("BENCH_REAL_HOOK", "hooks/quiz.py")).resolve()
# The markers the hook replaces in a page's HTML: <!-- quiz: id -->, <!-- quiz-outcome: id/o -->.
MARKER = re.compile(r"<!--\s*quiz(?:-[a-z]+)?:\s*\S*?\s*-->")
# A marker numbered in the Markdown, to tell real ones from examples in code blocks in the HTML.
_TAGGED = re.compile(r"<!-- bench-marker-(\d+) -->")


def _load_real_hook():
    spec = importlib.util.spec_from_file_location("notworking_real_hook", REAL_HOOK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    saved = sys.path.copy()
    sys.path.insert(0, str(REAL_HOOK.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


_real = _load_real_hook()
# Wall seconds and CPU seconds (this process) per event; the build is one thread.
seconds: dict[str, float] = {"import": time.perf_counter() - _started}
cpu_seconds: dict[str, float] = {"import": time.process_time() - _started_cpu}
calls: dict[str, int] = {}
captured: dict = {"pages": {}}
CAPTURE = os.environ.get("BENCH_CAPTURE")


def _timed(name: str, function):
    @functools.wraps(function)  # keeps MkDocs' event priority attribute, if any
    def wrapper(*args, **kwargs):
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
            cpu_seconds[name] = cpu_seconds.get(name, 0.0) + time.process_time() - start_cpu
            calls[name] = calls.get(name, 0) + 1

    return wrapper


def _skipped(name: str):
    def passthrough(*args, **kwargs):
        return args[0] if args else None  # every event hands back its first argument, or None

    passthrough.__name__ = name
    return passthrough


# $BENCH_SKIP: events not run at all (synthetic sites skip drawing thousands of preview cards).
SKIP = set(filter(None, os.environ.get("BENCH_SKIP", "").split(",")))
for _name in dir(_real):
    if _name.startswith("on_") and callable(getattr(_real, _name)):
        function = getattr(_real, _name)
        globals()[_name] = _skipped(_name) if _name in SKIP else _timed(_name, function)


def _write_results() -> None:
    out = os.environ.get("BENCH_PROBE_OUT")
    if out:
        Path(out).write_text(
            json.dumps({"seconds": seconds, "cpu": cpu_seconds, "calls": calls}), encoding="utf-8"
        )
    if CAPTURE:
        Path(CAPTURE).write_text(json.dumps(captured), encoding="utf-8")


_real_post_build = globals().get("on_post_build")


def on_post_build(config):
    if _real_post_build is not None:
        _real_post_build(config)
    _write_results()


if CAPTURE:
    _timed_files = globals()["on_files"]
    _timed_markdown = globals()["on_page_markdown"]
    _timed_content = globals()["on_page_content"]

    def on_files(files, config):
        before = {f.src_uri for f in files}
        files = _timed_files(files, config)
        for f in files:
            if f.src_uri not in before and f.src_uri.endswith(".md"):
                captured["pages"][f.src_uri] = {"generated": True, "source": f.content_string}
        return files

    def on_page_markdown(markdown, page, config, files):
        markdown = _timed_markdown(markdown, page, config, files)
        page_info = captured["pages"].setdefault(page.file.src_uri, {"generated": False})
        page_info["markers"] = {}
        originals = page_info["originals"] = []

        def tag(match):
            originals.append(match.group(0))
            return f"<!-- bench-marker-{len(originals) - 1} -->"

        markdown = MARKER.sub(tag, markdown)
        page_info["occurrences"] = len(originals)
        return markdown

    def on_page_content(html, page, config, files):
        page_info = captured["pages"][page.file.src_uri]

        originals = page_info.pop("originals")

        def render(match):
            marker = originals[int(match.group(1))]
            html = _real.on_page_content(marker, page, config, files)
            page_info["markers"][match.group(1)] = str(html)
            return marker

        html = _TAGGED.sub(render, html)
        return _timed_content(html, page, config, files)
