"""Sections 2 and 3: synthetic sites of 1 to 1,000 quizzes, and the peer's build at 100.

The hook's own work is measured inside each build by the probe hook; preview cards are not drawn
(``BENCH_SKIP``): thousands of PNGs would swamp the quiz work, and section 1 has their cost.
"""

from __future__ import annotations

import compileall
import json
import shutil
from pathlib import Path

import measure
import sites
from measure import PUBLISHING, QUIZ_EVENTS
from records import Builds, Scale, Stat

RUNS = {1: 3, 10: 3, 100: 3, 1000: 3}
SIZE_CAP_S = 150  # stop repeating a size once another run would pass this (at least one run)
PEER_AT = 100  # quizzes: the size the peer is built at too


def scaling(work: Path, sizes: tuple[int, ...], quick: bool) -> dict[int, Scale]:
    return {n: _size(work, n, 2 if quick else RUNS[n]) for n in sizes}


def _size(work: Path, n: int, runs: int) -> Scale:
    skip = ",".join(PUBLISHING)
    site_cfg = sites.synthetic_site(work / f"syn-{n}", n)
    compileall.compile_dir(str(site_cfg.parent / "hooks"), quiet=1)
    peer_cfg = sites.synthetic_site(work / f"syn-{n}-peer", n, peer=True) if n == PEER_AT else None
    probe = work / f"probe-{n}.json"
    if n < 100:  # warm-up; bigger sites are their own (and their bytecode is compiled above)
        measure.build(site_cfg, work / "site-syn", BENCH_PROBE_OUT=str(probe), BENCH_SKIP=skip)
    builds, hook_cpu, hook_wall, events, peers = [], [], [], {}, []
    spent = 0.0
    for i in range(runs):
        pair = [("ours", site_cfg), ("peer", peer_cfg)] if peer_cfg else [("ours", site_cfg)]
        for name, config in pair if i % 2 == 0 else reversed(pair):
            if name == "peer":
                peers.append(measure.build(config, work / "site-syn-peer"))
                spent += peers[-1].wall
                continue
            timing = measure.build(
                config, work / "site-syn", BENCH_PROBE_OUT=str(probe), BENCH_SKIP=skip
            )
            builds.append(timing)
            spent += timing.wall
            probed = json.loads(probe.read_text())
            hook_cpu.append(sum(probed["cpu"].get(e, 0.0) for e in QUIZ_EVENTS))
            hook_wall.append(sum(probed["seconds"].get(e, 0.0) for e in QUIZ_EVENTS))
            for event, value in probed["cpu"].items():
                events.setdefault(event, []).append(value)
        if spent + spent / (i + 1) > SIZE_CAP_S:
            break
    questions = n * sites.QUESTIONS_PER_QUIZ
    scale = Scale(
        quizzes=n,
        questions=questions,
        pages=sum(1 for _ in (work / "site-syn").rglob("*.html")),
        builds=Builds.of(builds),
        hook=Stat.of(hook_cpu),
        hook_wall=Stat.of(hook_wall),
        per_question_us=Stat.of(h / questions * 1e6 for h in hook_cpu),
        events={e: Stat.of(v) for e, v in events.items()},
        peer=Builds.of(peers) if peers else None,
    )
    shutil.rmtree(work / "site-syn", ignore_errors=True)
    shutil.rmtree(work / "site-syn-peer", ignore_errors=True)
    if n >= 1000:
        shutil.rmtree(site_cfg.parent, ignore_errors=True)
    return scale
