"""Section 5, live reload: from saving a quiz file to `mkdocs serve` serving the rebuilt page.

The server (``localsite.LiveServer``) runs on a copy of the real site, on a free port of
127.0.0.1, in its own process group, and is always stopped. Each edit puts a new word into the
first question's prompt (what an author does most) or into the quiz's title (which also redraws
preview cards); the quiz page is polled until it contains that word. MkDocs serves no half-built
site (a request waits for the build in progress), so the first response with the word is the
rebuilt page.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from localsite import LiveServer, copy_site
from measure import mkdocs_env
from records import LiveReload, Stat

POLL = 0.02  # seconds between requests while waiting


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, word: str, limit: float) -> float:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        body = _get(url)
        if body is not None and word in body:
            return time.perf_counter()
        time.sleep(POLL)
    raise TimeoutError(f"{url} did not show {word!r} within {limit:.0f} s")


def _edited(data: dict, field: str, word: str) -> dict:
    if field == "title":
        return {**data, "title": f"{data['title']} {word}"}
    first = {**data["questions"][0]}
    first["prompt"] = f"{str(first['prompt']).rstrip()} {word}"
    return {**data, "questions": [first, *data["questions"][1:]]}


def live_reload(work: Path, edits: dict[str, int]) -> LiveReload:
    """Seconds from saving the first quiz file of a copy of the site to its page showing the
    change, per edited field (``edits`` maps "prompt" or "title" to a number of edits; one
    uncounted edit warms up)."""
    site = copy_site(work / "serve")
    quiz_file = sorted(p for p in (site / "quiz").iterdir() if p.suffix in (".yml", ".yaml"))[0]
    original = quiz_file.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    server = LiveServer(site, work / "serve.log", env=mkdocs_env())
    page = f"{server.url}quiz/{data.get('id', quiz_file.stem)}/"
    try:
        started = time.perf_counter()
        _wait_for(page, "data-quiz=", 180)
        first_build = time.perf_counter() - started
        plan = [("warm-up", "prompt")] + [
            (f, f) for f, count in edits.items() for _ in range(count)
        ]
        times: dict[str, list[float]] = {}
        for n, (kind, field) in enumerate(plan):
            time.sleep(0.6 + 0.13 * (n % 4))  # let the watcher settle; vary the phase
            word = f"benchedit{n}x{os.getpid()}"
            text = yaml.safe_dump(_edited(data, field, word), sort_keys=False, allow_unicode=True)
            saved = time.perf_counter()
            quiz_file.write_text(text, encoding="utf-8")
            times.setdefault(kind, []).append(_wait_for(page, word, 120) - saved)
    finally:
        quiz_file.write_text(original, encoding="utf-8")
        server.stop()
    return LiveReload(
        quiz_file=quiz_file.name,
        reload_s={kind: Stat.of(values) for kind, values in times.items() if kind != "warm-up"},
        first_build_s=first_build,
        edits=edits,
    )
