"""Bench-only MkDocs hook: the real hook's event functions, each wrapped in a timer.

A variant's config lists this file instead of ``hooks/quiz.py``. It imports the real hook the way
MkDocs does (the hook's folder on ``sys.path`` while it loads), re-exports every ``on_*`` function
wrapped with ``time.perf_counter``, and at the end of the build writes the seconds spent in each
to ``$BENCH_PROBE_OUT`` (JSON). The hook's own work is then measured inside the build process,
with the same files, Markdown settings and theme as a real build.

With ``$BENCH_CAPTURE`` set it also records what the build turned each quiz marker into, for the
pre-rendered twin of the site: the source of every generated page and, per page, the HTML of
every marker that was really a marker (not an example inside a code block). Markers are what the
engine's own ``quizkit.markers.MARKER`` finds. Each one is numbered in the page's Markdown, so
the HTML says which of the source's markers survived as comments (examples in code become text);
the real hook fills the page between two numbered comments, and once ``on_page_context`` has run
(problem boxes are filled there) what stands between them is what the marker became.
"""

from __future__ import annotations

import functools
import gc
import html
import importlib
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

_started, _started_cpu = time.perf_counter(), time.process_time()
REAL_HOOK = Path(os.environ.get("BENCH_REAL_HOOK", "hooks/quiz.py")).resolve()
# A marker numbered in the Markdown: a comment in the HTML if it was a real marker, text if not.
_TAGGED = re.compile(r"<!-- bench-marker-(\d+) -->")
_TAGGED_TEXT = re.compile(r"&lt;!-- bench-marker-(\d+) --&gt;")
_FILLED = re.compile(r"<!-- bench-begin-(\d+) -->(.*?)<!-- bench-end-\1 -->", re.S)


def _load_real_hook():
    """The real hook, loaded as MkDocs loads one (its folder on sys.path meanwhile), and the
    engine's marker module, which the probe finds markers with."""
    spec = importlib.util.spec_from_file_location("notworking_real_hook", REAL_HOOK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    saved = sys.path.copy()
    sys.path.insert(0, str(REAL_HOOK.parent))
    try:
        spec.loader.exec_module(module)
        markers = importlib.import_module("quizkit.markers")
    finally:
        sys.path[:] = saved
    return module, markers


_real, _markers = _load_real_hook()
# Wall seconds and CPU seconds (this process) per event; the build is one thread.
seconds: dict[str, float] = {"import": time.perf_counter() - _started}
cpu_seconds: dict[str, float] = {"import": time.process_time() - _started_cpu}
calls: dict[str, int] = {}
captured: dict = {"pages": {}}
CAPTURE = os.environ.get("BENCH_CAPTURE")


# CPU seconds of the collector's passes that ran inside each event. A pass runs when some
# allocation crosses its threshold, whoever made the objects: in a build, mostly MkDocs' (each
# page's Markdown instance is cyclic garbage). Reported beside the events, never taken off them.
gc_seconds: dict[str, float] = {}
_inside: list[str] = []
_pass_started = [0.0]


def _collector(phase: str, info: dict) -> None:
    if not _inside:
        return
    if phase == "start":
        _pass_started[0] = time.process_time()
    else:
        spent = time.process_time() - _pass_started[0]
        gc_seconds[_inside[-1]] = gc_seconds.get(_inside[-1], 0.0) + spent


gc.callbacks.append(_collector)


# $BENCH_DEFER_GC: events inside which the collector waits (it runs at the build's next
# allocation after them). Only for the bench's check that the passes which land inside the quiz
# events are not their work: if they were, deferring them would not make the build cheaper, and
# if they are the build's, the build costs the same (section 2).
DEFER_GC = set(filter(None, os.environ.get("BENCH_DEFER_GC", "").split(",")))


def _timed(name: str, function):
    @functools.wraps(function)  # keeps MkDocs' event priority attribute, if any
    def wrapper(*args, **kwargs):
        start, start_cpu = time.perf_counter(), time.process_time()
        _inside.append(name)
        deferred = name in DEFER_GC and gc.isenabled()
        if deferred:
            gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if deferred:
                gc.enable()
            _inside.pop()
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
            json.dumps({"seconds": seconds, "cpu": cpu_seconds, "calls": calls, "gc": gc_seconds}),
            encoding="utf-8",
        )
    if CAPTURE:
        Path(CAPTURE).write_text(json.dumps(captured), encoding="utf-8")


_real_post_build = globals().get("on_post_build")


def on_post_build(config):
    if _real_post_build is not None:
        _real_post_build(config)
    _write_results()


if CAPTURE:
    # The real (timed) events these wrap; an event the hook lacks hands its first argument on.
    _timed_files = globals().get("on_files", _skipped("on_files"))
    _timed_content = globals().get("on_page_content", _skipped("on_page_content"))
    _timed_context = globals().get("on_page_context", _skipped("on_page_context"))

    def on_files(files, config):
        before = {f.src_uri for f in files}
        files = _timed_files(files, config)
        for f in files:
            if f.src_uri not in before and f.src_uri.endswith(".md"):
                captured["pages"][f.src_uri] = {"generated": True, "source": f.content_string}
        return files

    def on_page_markdown(markdown, page, config, files):
        """Numbers every marker in the Markdown (the real hook has nothing to do here)."""
        page_info = captured["pages"].setdefault(page.file.src_uri, {"generated": False})
        page_info["markers"] = {}
        originals = page_info["originals"] = []

        def tag(match):
            originals.append(match.group(0))
            return f"<!-- bench-marker-{len(originals) - 1} -->"

        markdown = _markers.MARKER.sub(tag, markdown)
        page_info["occurrences"] = len(originals)
        return markdown

    def on_page_content(html_text, page, config, files):
        """Puts the markers back, each real one between numbered comments, for the real hook."""
        originals = captured["pages"][page.file.src_uri]["originals"]

        def real(match):
            n = match.group(1)
            return f"<!-- bench-begin-{n} -->{originals[int(n)]}<!-- bench-end-{n} -->"

        def example(match):  # in code: text, as Python-Markdown escapes it
            return html.escape(originals[int(match.group(1))], quote=False)

        html_text = _TAGGED_TEXT.sub(example, _TAGGED.sub(real, html_text))
        return _timed_content(html_text, page, config, files)

    def on_page_context(context, page, config, nav):
        context = _timed_context(context, page, config, nav)
        page_info = captured["pages"][page.file.src_uri]
        page_info.pop("originals")

        def record(match):
            page_info["markers"][match.group(1)] = match.group(2)
            return match.group(2)

        page.content = _FILLED.sub(record, page.content)
        return context
