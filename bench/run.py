"""`make bench`: build, serve and load the site side by side with its variants; check the budget.

Prints a table and writes bench/RESULTS.md; exits 1 when a row of the budget fails, naming it.
Every ratio compares builds made in this run, one after the other in alternating order
(interleaved), so a slower or faster moment of the machine falls on both sides. Scratch sites
live in bench/out/ (ignored by git), rebuilt every run.

    python bench/run.py            # everything, as `make bench` runs it
    python bench/run.py --quick    # fewer runs and sizes, no Lighthouse: for working on bench/

The sections are modules of their own: real_site (1 and 3), scaling (2 and 3), weight (3 and 4),
live (5), browser (6); budget.py holds the limits, report.md.j2 the words.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TypeVar

# The benchmark builds and serves the site with the tests' helpers (tests/localsite.py), and
# finds quiz markers with the engine's own module (hooks/quizkit/markers.py).
sys.path.append(str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.append(str(Path(__file__).resolve().parents[1] / "hooks"))

import browser
import live
import measure
from budget import budget_checks
from real_site import real_site
from records import Results
from report import render
from scaling import scaling
from weight import page_weight

BENCH = Path(__file__).resolve().parent
T = TypeVar("T")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run for developing bench/")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=BENCH / "out")
    args = parser.parse_args(argv)
    quick, work = args.quick, args.work
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    started = time.perf_counter()
    clock: dict[str, float] = {}
    machine = measure.machine()

    def timed(name: str, function: Callable[..., T], *args: object) -> T:
        print(f"bench: {name}...", flush=True)
        t = time.perf_counter()
        value = function(*args)
        clock[name] = time.perf_counter() - t
        print(f"bench: {name} done in {clock[name]:.0f} s", flush=True)
        return value

    real = timed("real site: hook, pre-rendered, peer", real_site, work, 2 if quick else 5)
    weight = timed("page weight", page_weight, work, real)
    sizes = (1, 10) if quick else (1, 10, 100, 1000)
    scales = timed("scaling", scaling, work, sizes, quick)
    edits = {"prompt": 2, "title": 1} if quick else {"prompt": 5, "title": 1}
    reload = timed("live reload", live.live_reload, work, edits)
    start = timed("script start", browser.script_start, work, 3 if quick else 7)
    lighthouse = None if quick else timed("lighthouse", browser.lighthouse, work, real)
    clock["total"] = time.perf_counter() - started
    results = Results(
        machine, quick, real, weight, scales, reload, start, lighthouse, clock, measure.load()
    )

    checks = budget_checks(results)
    text = render(results, checks)
    print()
    print(text)
    if not quick:
        args.results.write_text(text, encoding="utf-8")
        print(f"bench: wrote {args.results}")
    (work / "results.json").write_text(json.dumps(asdict(results), indent=1), "utf-8")
    failed = [check for check in checks if check.ok is False]
    for check in failed:
        print(f"bench: over budget: {check.budget}: {check.measured}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
