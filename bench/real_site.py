"""Sections 1 and 3: the real site built with the hook, pre-rendered without it, and for the peer.

A first build with the probe hook in capture mode records what every marker became; from it the
pre-rendered, peer and bare (no quiz feature: the baseline of section 4) variants are written.
Then the hook, pre-rendered and peer builds are timed in turn, the order rotating every run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import measure
import sites
from localsite import copy_site
from records import Builds, RealSite, Stat

FORM = re.compile(r'<form class="nw-quiz".*?</form>', re.S)


def real_site(work: Path, runs: int) -> RealSite:
    capture_cfg = sites.write_variant(copy_site(work / "capture"), hooks=[sites.probe_hook()])
    cold = work / "probe-cold.json"
    measure.build(
        capture_cfg,
        work / "site-capture",
        BENCH_CAPTURE=str(work / "capture.json"),
        BENCH_PROBE_OUT=str(cold),
    )
    captured = json.loads((work / "capture.json").read_text(encoding="utf-8"))

    variants = {
        "hook": sites.write_variant(copy_site(work / "hook"), hooks=[sites.probe_hook()]),
        "plain": sites.plain_site(copy_site(work / "plain"), captured),
        "peer": sites.peer_site(copy_site(work / "peer"), captured),
    }
    bare = sites.bare_site(copy_site(work / "bare"), captured)
    measure.build(bare, work / "site-bare")
    probe = work / "probe.json"
    for name, config in variants.items():  # warm-up: caches, bytecode, preview cards
        measure.build(config, work / f"site-{name}", BENCH_PROBE_OUT=str(probe))

    timings: dict[str, list] = {name: [] for name in variants}
    events: dict[str, list[float]] = {}
    names = list(variants)
    for i in range(runs):
        order = names[i % len(names) :] + names[: i % len(names)]
        for name in order:
            timings[name].append(
                measure.build(variants[name], work / f"site-{name}", BENCH_PROBE_OUT=str(probe))
            )
            if name == "hook":
                for event, seconds in json.loads(probe.read_text())["cpu"].items():
                    events.setdefault(event, []).append(seconds)

    same, differ = _same_quiz_html(work / "site-hook", work / "site-plain")
    quiz_ids = sorted(
        uri[len("quiz/") : -len(".md")]
        for uri, page in captured["pages"].items()
        if page["generated"] and uri.count("/") == 1 and uri != "quiz/index.md"
    )
    essays = sorted(
        uri
        for uri, page in captured["pages"].items()
        if not page["generated"] and page.get("markers") and uri.startswith("blog/")
    )
    return RealSite(
        runs=runs,
        hook=Builds.of(timings["hook"]),
        plain=Builds.of(timings["plain"]),
        peer=Builds.of(timings["peer"]),
        events={event: Stat.of(values) for event, values in events.items()},
        cold_events=json.loads(cold.read_text())["cpu"],
        quiz_html_same=same,
        quiz_html_differ=differ,
        quiz_ids=quiz_ids,
        essays=essays,
        pages=sum(1 for _ in (work / "site-hook").rglob("*.html")),
    )


def _same_quiz_html(a: Path, b: Path) -> tuple[int, list[str]]:
    same, differ = 0, []
    for page in sorted(a.rglob("*.html")):
        rel = page.relative_to(a)
        forms = FORM.findall(page.read_text(encoding="utf-8"))
        other = b / rel
        if not forms:
            continue
        if other.is_file() and FORM.findall(other.read_text(encoding="utf-8")) == forms:
            same += 1
        else:
            differ.append(str(rel))
    return same, differ
