"""Sections 2 and 3: synthetic sites of 1 to 1,000 quizzes, and the peer's build at 100.

The hook's own work is measured inside each build by the probe hook; preview cards are not drawn
(``BENCH_SKIP``): thousands of PNGs would swamp the quiz work, and section 1 has their cost. Each
run is a cold build (the engine's cache, ``.cache/quizkit/``, deleted first) followed by a warm
one (nothing changed since).
"""

from __future__ import annotations

import compileall
import json
import shutil
from pathlib import Path

import measure
import sites
from floors import floors
from measure import PUBLISHING, QUIZ_EVENTS
from records import Builds, Scale, Stat

RUNS = {1: 3, 10: 3, 100: 3, 1000: 3}
SIZE_CAP_S = 150  # stop repeating a size once another run would pass this (at least one run)
PEER_AT = 100  # quizzes: the size the peer is built at too
DEFER_AT = 100  # quizzes: the size the collector's passes are deferred at (a third warm build)
QUICK_DEFER_AT = 10  # the same, in a quick run


def scaling(work: Path, sizes: tuple[int, ...], quick: bool) -> dict[int, Scale]:
    defer_at = QUICK_DEFER_AT if quick else DEFER_AT
    return {n: _size(work, n, 2 if quick else RUNS[n], n == defer_at) for n in sizes}


def _size(work: Path, n: int, runs: int, defer: bool) -> Scale:
    skip = ",".join(PUBLISHING)
    site_cfg = sites.synthetic_site(work / f"syn-{n}", n)
    compileall.compile_dir(str(site_cfg.parent / "hooks"), quiet=1)
    peer_cfg = sites.synthetic_site(work / f"syn-{n}-peer", n, peer=True) if n == PEER_AT else None
    probe = work / f"probe-{n}.json"
    cache = site_cfg.parent / ".cache" / "quizkit"
    if n < 100:  # warm-up; bigger sites are their own (and their bytecode is compiled above)
        measure.build(site_cfg, work / "site-syn", BENCH_PROBE_OUT=str(probe), BENCH_SKIP=skip)
    cold: dict[str, list] = {"builds": [], "cpu": [], "gc": [], "wall": [], "events": {}}
    warm: dict[str, list] = {"builds": [], "cpu": [], "gc": [], "wall": [], "events": {}}
    # Warm again with the collector waiting outside the quiz events (the probe's
    # $BENCH_DEFER_GC), at one size: is what it did inside them the hook's work?
    deferred: dict[str, list] = {"builds": [], "cpu": [], "gc": [], "wall": [], "events": {}}
    peers = []
    spent = 0.0

    def ours(record: dict, **env: str) -> None:
        nonlocal spent
        timing = measure.build(
            site_cfg, work / "site-syn", BENCH_PROBE_OUT=str(probe), BENCH_SKIP=skip, **env
        )
        record["builds"].append(timing)
        spent += timing.wall
        probed = json.loads(probe.read_text())
        record["cpu"].append(sum(probed["cpu"].get(e, 0.0) for e in QUIZ_EVENTS))
        record["gc"].append(sum(probed.get("gc", {}).get(e, 0.0) for e in QUIZ_EVENTS))
        record["wall"].append(sum(probed["seconds"].get(e, 0.0) for e in QUIZ_EVENTS))
        for event, value in probed["cpu"].items():
            record["events"].setdefault(event, []).append(value)

    for i in range(runs):
        pair = [("ours", site_cfg), ("peer", peer_cfg)] if peer_cfg else [("ours", site_cfg)]
        for name, config in pair if i % 2 == 0 else reversed(pair):
            if name == "peer":
                peers.append(measure.build(config, work / "site-syn-peer"))
                spent += peers[-1].wall
                continue
            # Cold: no cache, as a fresh clone's first build; then warm: the same site again.
            shutil.rmtree(cache, ignore_errors=True)
            ours(cold)
            ours(warm)
            if defer:
                ours(deferred, BENCH_DEFER_GC=",".join(QUIZ_EVENTS))
        if spent + spent / (i + 1) > SIZE_CAP_S:
            break
    questions = n * sites.QUESTIONS_PER_QUIZ
    # At the size the budget judges, the libraries' share: the floor under the engine's work.
    floor = floors(site_cfg.parent, questions) if n == max(RUNS) else None
    scale = Scale(
        quizzes=n,
        questions=questions,
        pages=sum(1 for _ in (work / "site-syn").rglob("*.html")),
        builds=Builds.of(cold["builds"]),
        hook=Stat.of(cold["cpu"]),
        hook_wall=Stat.of(cold["wall"]),
        per_question_us=Stat.of(h / questions * 1e6 for h in cold["cpu"]),
        events={e: Stat.of(v) for e, v in cold["events"].items()},
        peer=Builds.of(peers) if peers else None,
        warm_builds=Builds.of(warm["builds"]),
        warm_hook=Stat.of(warm["cpu"]),
        warm_per_question_us=Stat.of(h / questions * 1e6 for h in warm["cpu"]),
        warm_events={e: Stat.of(v) for e, v in warm["events"].items()},
        gc_us=Stat.of(g / questions * 1e6 for g in cold["gc"]),
        warm_gc_us=Stat.of(g / questions * 1e6 for g in warm["gc"]),
        own_us=_own(cold, questions),
        warm_own_us=_own(warm, questions),
        deferred_builds=Builds.of(deferred["builds"]) if deferred["builds"] else None,
        deferred_us=(
            Stat.of(h / questions * 1e6 for h in deferred["cpu"]) if deferred["cpu"] else None
        ),
        floors=floor,
    )
    shutil.rmtree(work / "site-syn", ignore_errors=True)
    shutil.rmtree(work / "site-syn-peer", ignore_errors=True)
    if n >= 1000:
        shutil.rmtree(site_cfg.parent, ignore_errors=True)
    return scale


def _own(record: dict[str, list], questions: int) -> Stat:
    """µs per question in the quiz events, less the collector's passes that ran inside them."""
    return Stat.of(
        (c - g) / questions * 1e6 for c, g in zip(record["cpu"], record["gc"], strict=True)
    )
