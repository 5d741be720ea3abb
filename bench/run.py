"""`make bench`: build, serve and load the site side by side with its variants; check the budget.

Prints a table and writes bench/RESULTS.md. Every ratio compares builds made in this run, one
after the other in alternating order (interleaved), so a slower or faster moment of the machine
falls on both sides. Scratch sites live in bench/out/ (ignored by git), rebuilt every run.

    python bench/run.py            # everything, as `make bench` runs it
    python bench/run.py --quick    # fewer runs and sizes, no Lighthouse: for working on bench/
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

import browser
import live
import measure
import sites
from measure import gzipped, stat

BENCH = Path(__file__).resolve().parent
PUBLISHING = ("on_page_context", "on_post_build")  # the hook's link-preview work, not quizzes
QUIZ_EVENTS = ("on_files", "on_page_markdown", "on_page_content", "on_env")
FORM = re.compile(r'<form class="nw-quiz".*?</form>', re.S)

BUDGET = {
    "overhead": 0.10,  # hook build / pre-rendered build - 1
    "us_per_question": 50.0,  # the hook's own work at 1,000 quizzes
    "assets_gzip": 5000,  # quiz.js + quiz.css, gzip, bytes
    "inlined": 0,  # bytes of quiz script or style inlined into pages
    "reload_s": 1.5,
    "start_ms": 20.0,  # quiz.js start() on 200 questions
    "performance": 0.95,
    "others": 1.0,  # accessibility, best practices, SEO
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run for developing bench/")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=BENCH / "out")
    args = parser.parse_args(argv)
    quick = args.quick
    work = args.work
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    started = time.perf_counter()
    clock: dict[str, float] = {}
    results: dict = {"machine": measure.machine(), "quick": quick}

    def timed(name, function, *a, **k):
        print(f"bench: {name}...", flush=True)
        t = time.perf_counter()
        value = function(*a, **k)
        clock[name] = time.perf_counter() - t
        print(f"bench: {name} done in {clock[name]:.0f} s", flush=True)
        return value

    results["real"] = timed(
        "real site: hook, pre-rendered, peer", real_site, work, 2 if quick else 5
    )
    results["weight"] = timed("page weight", page_weight, work, results["real"])
    results["scaling"] = timed(
        "scaling", scaling, work, (1, 10) if quick else (1, 10, 100, 1000), quick
    )
    edits = {"prompt": 2, "title": 1} if quick else {"prompt": 5, "title": 1}
    results["live"] = timed("live reload", live_reload, work, edits)
    results["start"] = timed("script start", script_start, work, 3 if quick else 7)
    results["lighthouse"] = (
        None if quick else timed("lighthouse", lighthouse, work, results["real"])
    )
    clock["total"] = time.perf_counter() - started
    results["clock"] = clock
    results["load_end"] = measure.load()

    checks = budget_checks(results)
    text = report(results, checks)
    print()
    print(text)
    if not quick:
        args.results.write_text(text, encoding="utf-8")
        print(f"bench: wrote {args.results}")
    (work / "results.json").write_text(json.dumps(results, default=_json, indent=1), "utf-8")
    return 0


def _json(value):
    if isinstance(value, measure.Stat):
        return {"median": value.median, "min": value.low, "max": value.high, "n": value.n}
    return str(value)


# --- 1 and 3: the real site, with the hook, pre-rendered without it, and for the peer ---------


def real_site(work: Path, runs: int) -> dict:
    capture = sites.copy_site(work / "capture").parent
    capture_cfg = sites.write_variant(capture, hooks=[sites.probe_hook()])
    cold = work / "probe-cold.json"
    measure.build(
        capture_cfg,
        work / "site-capture",
        BENCH_CAPTURE=str(work / "capture.json"),
        BENCH_PROBE_OUT=str(cold),
    )
    captured = json.loads((work / "capture.json").read_text(encoding="utf-8"))

    variants = {
        "hook": sites.write_variant(
            sites.copy_site(work / "hook").parent, hooks=[sites.probe_hook()]
        ),
        "plain": sites.plain_site(sites.copy_site(work / "plain").parent, captured),
        "peer": sites.peer_site(sites.copy_site(work / "peer").parent, captured),
    }
    bare = sites.bare_site(sites.copy_site(work / "bare").parent, captured)
    measure.build(bare, work / "site-bare")
    probe = work / "probe.json"
    for name, config in variants.items():  # warm-up: caches, bytecode, preview cards
        measure.build(config, work / f"site-{name}", BENCH_PROBE_OUT=str(probe))

    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    events: dict[str, list[float]] = {}
    names = list(variants)
    for i in range(runs):
        order = names[i % len(names) :] + names[: i % len(names)]
        for name in order:
            timing = measure.build(
                variants[name], work / f"site-{name}", BENCH_PROBE_OUT=str(probe)
            )
            wall[name].append(timing.wall)
            cpu[name].append(timing.cpu)
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
    return {
        "runs": runs,
        "wall": {name: stat(values) for name, values in wall.items()},
        "cpu": {name: stat(values) for name, values in cpu.items()},
        "events": {event: stat(values) for event, values in events.items()},
        "cold_events": json.loads(cold.read_text())["cpu"],
        "quiz_html_same": same,
        "quiz_html_differ": differ,
        "quiz_ids": quiz_ids,
        "essays": essays,
        "pages": sum(1 for _ in (work / "site-hook").rglob("*.html")),
    }


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


# --- 3 and 4: bytes --------------------------------------------------------------------------

_INLINE = re.compile(
    r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>|<style\b[^>]*>.*?</style>|\sstyle=\"[^\"]*\"",
    re.S | re.I,
)
_TAGS = re.compile(r"<link\b[^>]*quiz\.css[^>]*>|<script\b[^>]*quiz\.js[^>]*>\s*</script>", re.I)


def _url_path(uri: str) -> str:
    """The built file of a docs page (directory URLs), e.g. quiz/x.md -> quiz/x/index.html."""
    stem = uri[: -len(".md")]
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


def page_weight(work: Path, real: dict) -> dict:
    hook, plain, peer, bare = (work / f"site-{n}" for n in ("hook", "plain", "peer", "bare"))
    quiz_page = _url_path(f"quiz/{real['quiz_ids'][0]}.md")
    plain_page = next(
        (p for p in ("about/index.html", "index.html") if (hook / p).is_file()), "index.html"
    )
    assets = {}
    for name in sites.QUIZ_ASSETS:
        data = (hook / name).read_bytes()
        assets[name] = {"raw": len(data), "gzip": gzipped(data)}
    tags_page = (hook / plain_page).read_text(encoding="utf-8")
    tags = _TAGS.findall(tags_page)
    tags_raw = sum(len(t.encode()) for t in tags)
    tags_gzip = gzipped(tags_page.encode()) - gzipped(_TAGS.sub("", tags_page).encode())

    def delta(site: Path, page: str) -> dict:
        mine, base = (site / page).read_bytes(), (bare / page).read_bytes()
        return {"raw": len(mine) - len(base), "gzip": gzipped(mine) - gzipped(base)}

    def inline(text: str) -> int:
        return sum(len(m.encode()) for m in _INLINE.findall(text))

    inlined = {}
    for site in (plain, peer):
        worst = 0
        for page in bare.rglob("*.html"):
            rel = page.relative_to(bare)
            if (site / rel).is_file():
                grown = inline((site / rel).read_text("utf-8")) - inline(page.read_text("utf-8"))
                worst = max(worst, grown)
        inlined[site.name.removeprefix("site-")] = worst
    peer_files = sorted(
        str(p.relative_to(peer))
        for p in peer.rglob("*")
        if p.suffix in (".js", ".css") and not (bare / p.relative_to(peer)).exists()
    )
    return {
        "quiz_page": quiz_page,
        "plain_page": plain_page,
        "questions": _questions(hook / quiz_page),
        "assets": assets,
        "tags": {"count": len(tags), "raw": tags_raw, "gzip": tags_gzip},
        "ours_quiz_page": delta(plain, quiz_page),
        "ours_plain_page": delta(plain, plain_page),
        "peer_quiz_page": delta(peer, quiz_page),
        "peer_plain_page": delta(peer, plain_page),
        "peer_files": peer_files,
        "inlined": inlined,
    }


def _questions(page: Path) -> int:
    return page.read_text(encoding="utf-8").count("data-question=")


# --- 2 and 3: synthetic sites ----------------------------------------------------------------

RUNS = {1: 3, 10: 3, 100: 3, 1000: 3}
SIZE_CAP_S = 150  # stop repeating a size once another run would pass this (at least one run)


def scaling(work: Path, sizes: tuple[int, ...], quick: bool) -> dict:
    out = {}
    skip = ",".join(PUBLISHING)
    for n in sizes:
        site_cfg = sites.synthetic_site(work / f"syn-{n}", n)
        compileall.compile_dir(str(site_cfg.parent / "hooks"), quiet=1)
        peer_cfg = sites.synthetic_site(work / f"syn-{n}-peer", n, peer=True) if n == 100 else None
        probe = work / f"probe-{n}.json"
        if n < 100:  # warm-up; bigger sites are their own (and their bytecode is compiled above)
            measure.build(site_cfg, work / "site-syn", BENCH_PROBE_OUT=str(probe), BENCH_SKIP=skip)
        builds, hook_cpu, hook_wall, events, peers = [], [], [], {}, []
        spent = 0.0
        for i in range(2 if quick else RUNS[n]):
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
        out[n] = {
            "questions": questions,
            "pages": sum(1 for _ in (work / "site-syn").rglob("*.html")),
            "wall": stat(b.wall for b in builds),
            "cpu": stat(b.cpu for b in builds),
            "hook": stat(hook_cpu),
            "hook_wall": stat(hook_wall),
            "per_question_us": stat(h / questions * 1e6 for h in hook_cpu),
            "events": {e: stat(v) for e, v in events.items()},
            "peer_wall": stat(p.wall for p in peers) if peers else None,
            "peer_cpu": stat(p.cpu for p in peers) if peers else None,
        }
        shutil.rmtree(work / "site-syn", ignore_errors=True)
        shutil.rmtree(work / "site-syn-peer", ignore_errors=True)
        if n >= 1000:
            shutil.rmtree(site_cfg.parent, ignore_errors=True)
    return out


# --- 5 and 6: serving and the browser --------------------------------------------------------


def live_reload(work: Path, edits: dict[str, int]) -> dict:
    site = sites.copy_site(work / "serve").parent
    quiz_file = sorted(p for p in (site / "quiz").iterdir() if p.suffix in (".yml", ".yaml"))[0]
    result = live.live_reload(site, quiz_file, edits, work / "serve.log")
    result["quiz_file"] = quiz_file.name
    return result


def script_start(work: Path, runs: int) -> dict:
    config = sites.synthetic_site(work / "syn-200q", 1, questions=200)
    measure.build(config, work / "site-200q", BENCH_SKIP=",".join(PUBLISHING))
    server = measure.SiteServer(work / "site-200q")
    try:
        return browser.script_start(f"{server.url}quiz/synthetic-0001/", runs)
    finally:
        server.stop()


# Lighthouse's performance score follows the machine's load; more runs give a steadier median.
LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "1"))


def lighthouse(work: Path, real: dict) -> dict:
    server = measure.SiteServer(None)  # the port first: the build's site_url is this address
    try:
        site = sites.copy_site(work / "lighthouse").parent
        measure.build(site / sites.CONFIG, work / "site-lighthouse", SITE_URL=server.url)
        server.serve(work / "site-lighthouse")
        pages = {"home": ""}
        if real["essays"]:
            essay = real["essays"][0]
            slug = _front_matter_slug(site / "docs" / essay)
            pages["essay"] = (
                f"blog/{slug}/" if slug else _url_path(essay).removesuffix("index.html")
            )
        pages["quiz"] = f"quiz/{real['quiz_ids'][0]}/"
        out = {}
        for name, path in pages.items():
            reports = [
                browser.lighthouse(server.url + path, work / f"lighthouse-{name}-{n}.json")
                for n in range(LIGHTHOUSE_RUNS)
            ]
            scores = {
                c: statistics.median(r["scores"][c] for r in reports) for c in browser.CATEGORIES
            }
            # The audits of the run whose performance score is the median one.
            middle = sorted(reports, key=lambda r: r["scores"]["performance"])[len(reports) // 2]
            out[name] = {"path": "/" + path, "scores": scores, "failing": middle["failing"]}
        return out
    finally:
        server.stop()


def _front_matter_slug(path: Path) -> str | None:
    match = re.search(r"^slug:\s*(\S+)\s*$", path.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else None


# --- the budget and the report ----------------------------------------------------------------


def budget_checks(r: dict) -> list[tuple[str, str, bool | None]]:
    real = r["real"]
    checks = []
    ratio = real["cpu"]["hook"].median / real["cpu"]["plain"].median - 1
    wall = real["wall"]["hook"].median / real["wall"]["plain"].median - 1
    checks.append(
        (
            f"Hook overhead <= {BUDGET['overhead']:.0%} of the pre-rendered build",
            f"{ratio:+.1%} CPU ({wall:+.1%} wall)",
            ratio <= BUDGET["overhead"],
        )
    )
    biggest = max(r["scaling"])
    per_q = r["scaling"][biggest]["per_question_us"].median
    checks.append(
        (
            f"Hook's own work < {BUDGET['us_per_question']:.0f} µs per question at 1,000 quizzes",
            f"{per_q:,.0f} µs at {biggest:,} quizzes",
            per_q < BUDGET["us_per_question"] if biggest >= 1000 else None,
        )
    )
    w = r["weight"]
    total = _assets(w, "gzip")
    checks.append(
        ("Quiz JS + CSS <= 5 KB gzip together", f"{total:,} B gzip", total <= BUDGET["assets_gzip"])
    )
    inlined = w["inlined"]["plain"]
    checks.append(("0 bytes of quiz code inlined into pages", f"{inlined} B", inlined == 0))
    reload_s = r["live"]["reload_s"]["prompt"].median
    checks.append(
        (
            f"Live reload after a quiz edit < {BUDGET['reload_s']} s",
            f"{reload_s:.2f} s",
            reload_s < BUDGET["reload_s"],
        )
    )
    start = r["start"]["start_ms"].median
    checks.append(
        (
            f"Script start on {r['start']['questions']} questions < {BUDGET['start_ms']:.0f} ms",
            f"{start:.1f} ms",
            start < BUDGET["start_ms"],
        )
    )
    lh = r["lighthouse"]
    if lh:
        perf = {name: page["scores"]["performance"] for name, page in lh.items()}
        checks.append(
            (
                f"Lighthouse performance >= {BUDGET['performance']} (home, essay, quiz)",
                ", ".join(f"{k} {v:.2f}" for k, v in perf.items()),
                all(v >= BUDGET["performance"] for v in perf.values()),
            )
        )
        for category in ("accessibility", "best-practices", "seo"):
            got = {name: page["scores"][category] for name, page in lh.items()}
            checks.append(
                (
                    f"Lighthouse {category} = 1.0 (home, essay, quiz)",
                    ", ".join(f"{k} {v:.2f}" for k, v in got.items()),
                    all(v >= BUDGET["others"] for v in got.values()),
                )
            )
    return checks


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _ratio(a: measure.Stat, b: measure.Stat) -> str:
    return f"{a.median / b.median:.2f}"


def report(r: dict, checks) -> str:
    m = r["machine"]
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Written by `make bench` (`bench/run.py`) on {m['date']}"
            + (" (quick run: not the full benchmark)" if r["quick"] else "")
            + f", in {r['clock']['total'] / 60:.1f} minutes.",
            "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} memory, {m['os']}; "
            f"Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['material']}, "
            f"mkdocs-quiz {m['mkdocs-quiz']}, Playwright {m['playwright']}, {m['chromium']}, "
            f"Node {m['node']}. Load average (1, 5, 15 min) at the start: {m['load']}; "
            f"at the end: {r['load_end']}.",
            "",
            "Medians of n runs, [min-max] in brackets. A build is a strict `mkdocs build` in a "
            "fresh process, as an author runs it. Builds that are compared are made in the same "
            "run, interleaved (one of each in turn, the order rotating), and compared as the "
            "ratio of their medians. Ratios and the hook's own work use CPU time (user + system "
            "of the build process), which other work on a shared machine does not stretch; wall "
            "time, what an author waits, is shown beside it.",
            "",
            "## Budget",
            "",
            _table(
                ["Budget", "Measured", "Result"],
                [[name, value, _verdict(ok)] for name, value, ok in checks],
            ),
            "",
            *_section_overhead(r),
            *_section_scaling(r),
            *_section_peer(r),
            *_section_weight(r),
            *_section_live(r),
            *_section_browser(r),
            "## Run time",
            "",
            ", ".join(f"{name}: {seconds:.0f} s" for name, seconds in r["clock"].items()) + ".",
            "",
        ]
    )


def _section_overhead(r: dict) -> list[str]:
    real = r["real"]
    cpu, wall = real["cpu"], real["wall"]
    same = (
        f"identical on all {real['quiz_html_same']} pages that have one."
        if not real["quiz_html_differ"]
        else f"DIFFERENT on {', '.join(real['quiz_html_differ'])}."
    )
    quiz_work = sum(real["events"][e].median for e in QUIZ_EVENTS if e in real["events"])
    publish = sum(real["events"][e].median for e in PUBLISHING if e in real["events"])
    imported = real["events"]["import"].median
    plain = cpu["plain"].median
    return [
        "## 1. Hook overhead on the real site",
        "",
        f"The real site ({real['pages']} pages) built with the hook, against the same site with "
        "every quiz pre-rendered into its Markdown as HTML (captured from a build with the hook, "
        "markers in code examples left alone) and no hook in the config. The quiz forms of the "
        f"two builds were compared: {same}",
        "",
        _table(
            ["Build", f"CPU (n={real['runs']})", "Wall", "Hook build / this (CPU)"],
            [
                ["with the hook", cpu["hook"].show(), wall["hook"].show(), "1"],
                [
                    "pre-rendered, no hook",
                    cpu["plain"].show(),
                    wall["plain"].show(),
                    _ratio(cpu["hook"], cpu["plain"]),
                ],
                [
                    "mkdocs-quiz (section 3)",
                    cpu["peer"].show(),
                    wall["peer"].show(),
                    _ratio(cpu["hook"], cpu["peer"]),
                ],
            ],
        ),
        "",
        "Inside the hook build: CPU seconds per build in each event function of the real hook, "
        "measured in the build process by `bench/probe_hook.py`, which wraps them.",
        "",
        _table(
            ["Hook event", "What it does", "Warm build", "Cold build"],
            [
                [
                    e,
                    _EVENT_JOBS.get(e, ""),
                    real["events"][e].show(digits=3),
                    f"{real['cold_events'].get(e, 0):.3f} s",
                ]
                for e in real["events"]
            ],
        ),
        "",
        f"Of the {cpu['hook'].median - plain:+.2f} s the hook build costs over the pre-rendered "
        f"one: importing the hook {imported:.2f} s, quiz events {quiz_work:.2f} s, preview "
        f"cards and headers {publish:.2f} s; the pre-rendered build in turn spends time passing "
        "the quiz HTML through Markdown as raw HTML. Cold is the first build of a fresh copy "
        "with no `.cache/` (a fresh clone's first `make build`); warm builds reuse the cached "
        "preview cards.",
        "",
    ]


def _section_scaling(r: dict) -> list[str]:
    rows = []
    for n, s in r["scaling"].items():
        q = s["questions"]
        rows.append(
            [
                f"{n:,}",
                f"{q:,}",
                f"{s['pages']:,}",
                s["cpu"].show(),
                s["wall"].show(),
                s["hook"].show(digits=3),
                s["per_question_us"].show("µs", digits=0),
                f"{s['events']['on_files'].median / q * 1e6:,.0f} µs",
                f"{s['events']['on_page_content'].median / q * 1e6:,.0f} µs",
            ]
        )
    return [
        "## 2. Scaling: synthetic sites of quizzes with 20 questions",
        "",
        "Each synthetic quiz takes 20 real questions from `quiz/*.yml` in turn (points questions "
        "become pick-one questions whose best answer is right), every text tagged `(set n)` so "
        "no two quizzes share a text. Each has two outcomes, so the hook adds three pages per "
        "quiz. The hook's own work is load + validate + render: CPU time inside its quiz event "
        "functions (`on_files`: load and validate; `on_page_content`: render; `on_page_markdown` "
        "and `on_env`: markers and links), measured in the build process. Preview cards "
        "(`on_page_context`, `on_post_build`) are not run on synthetic sites: drawing thousands "
        "of PNGs would swamp the quiz work; their cost is in section 1. Runs per size stop "
        f"early once another would pass {SIZE_CAP_S} s.",
        "",
        _table(
            [
                "Quizzes",
                "Questions",
                "Pages",
                "Build CPU",
                "Build wall",
                "Hook's own work (CPU)",
                "Per question",
                "load + validate",
                "render",
            ],
            rows,
        ),
        "",
        _linearity(r["scaling"]),
        "",
    ]


def _section_peer(r: dict) -> list[str]:
    m, real, w = r["machine"], r["real"], r["weight"]
    cpu, wall = real["cpu"], real["wall"]
    rows = [
        [
            f"real site (n={real['runs']})",
            cpu["hook"].show(),
            cpu["peer"].show(),
            _ratio(cpu["hook"], cpu["peer"]),
            _ratio(wall["hook"], wall["peer"]),
        ]
    ]
    rows += [
        [
            f"{n:,} synthetic quizzes, no preview cards (n={s['cpu'].n})",
            s["cpu"].show(),
            s["peer_cpu"].show(),
            _ratio(s["cpu"], s["peer_cpu"]),
            _ratio(s["wall"], s["peer_wall"]),
        ]
        for n, s in r["scaling"].items()
        if s["peer_cpu"]
    ]

    def row(label: str, key: str, kind: str) -> list[str]:
        ours = w[f"ours_{key}"][kind]
        return [
            label,
            f"{ours:+,} B",
            f"{ours + _assets(w, kind):+,} B",
            f"{w[f'peer_{key}'][kind]:+,} B",
        ]

    files = f"; it also adds {', '.join(w['peer_files'])}" if w["peer_files"] else ""
    return [
        "## 3. Peer: mkdocs-quiz",
        "",
        f"The same questions written for mkdocs-quiz {m['mkdocs-quiz']} (`<quiz>` blocks, "
        "`- [x]` answers, `>` feedback, the explanation as the content; it has no outcomes, so "
        "those are left out), with its defaults (confetti included), built side by side.",
        "",
        _table(
            ["Site", "Hook: build CPU", "mkdocs-quiz: build CPU", "Hook / peer (CPU)", "(wall)"],
            rows,
        ),
        "",
        "Bytes added to a page, against the same page with no quiz feature at all (no hook, no "
        "plugin, no quiz CSS or JS, the quiz removed), both built without the hook's preview "
        f"metadata. Quiz page: `{w['quiz_page']}` ({w['questions']} questions); page without a "
        f"quiz: `{w['plain_page']}`.",
        "",
        _table(
            ["Page", "Ours: HTML", "Ours: + quiz.js/css, not cached", "mkdocs-quiz: HTML"],
            [
                row("quiz page, raw", "quiz_page", "raw"),
                row("quiz page, gzip", "quiz_page", "gzip"),
                row("page without a quiz, raw", "plain_page", "raw"),
                row("page without a quiz, gzip", "plain_page", "gzip"),
            ],
        ),
        "",
        "mkdocs-quiz writes its script, style and progress sidebar into every page it processes "
        f"(by default all of them, with a quiz or not){files}: inline `<script>`, `<style>` "
        f"and `style=` grow by up to {w['inlined']['peer']:,} B on one page (ours: "
        f"{w['inlined']['plain']} B). Ours are two files, cached across pages.",
        "",
    ]


def _section_weight(r: dict) -> list[str]:
    w = r["weight"]
    rows = [[f"`{name}`", f"{a['raw']:,} B", f"{a['gzip']:,} B"] for name, a in w["assets"].items()]
    rows += [
        ["quiz.js + quiz.css", f"{_assets(w, 'raw'):,} B", f"{_assets(w, 'gzip'):,} B"],
        [
            f"the {w['tags']['count']} tags that load them, on every page",
            f"{w['tags']['raw']:,} B",
            f"{w['tags']['gzip']:,} B",
        ],
        [
            "a page without a quiz pays (tags + files, not cached)",
            f"{w['tags']['raw'] + _assets(w, 'raw'):,} B",
            f"{w['tags']['gzip'] + _assets(w, 'gzip'):,} B",
        ],
        ["quiz script or style inlined into any page", f"{w['inlined']['plain']} B", "-"],
    ]
    return [
        "## 4. Page weight",
        "",
        _table(["What", "Raw", "gzip"], rows),
        "",
        f"gzip at level {measure.GZIP_LEVEL}. The tags' gzip cost is the page's gzip size with "
        "them minus without them. Inlined: the growth of inline `<script>`, `<style>` and "
        "`style=` bytes on any page against the same page with no quiz feature.",
        "",
    ]


def _section_live(r: dict) -> list[str]:
    lv = r["live"]
    rows = [
        [f"save -> rebuilt page served, {field} edit (n={s.n})", s.show()]
        for field, s in lv["reload_s"].items()
    ]
    rows.append(["first build when the server starts", f"{lv['first_build_s']:.2f} s"])
    return [
        "## 5. Live reload",
        "",
        "`mkdocs serve` on a copy of the real site (127.0.0.1, a free port). Each edit rewrites "
        f"`quiz/{lv['quiz_file']}` with a new word in the first question's prompt (the budget) "
        "or in the quiz title (which also redraws preview cards), then polls the quiz page every "
        f"{live.POLL * 1000:.0f} ms until the word is served; one uncounted edit warms up. "
        "MkDocs serves no half-built site, so the first page with the word is the rebuilt one.",
        "",
        _table(["Measure", "Wall"], rows),
        "",
        "MkDocs 1.6 notices changes by polling the files every 0.5 s and waits 0.1 s more, then "
        "rebuilds the whole site: about 0.35 s of each figure is the watcher's, the rest is one "
        "full build (section 1).",
        "",
    ]


def _section_browser(r: dict) -> list[str]:
    st = r["start"]
    out = [
        "## 6. In the browser",
        "",
        f"A synthetic quiz of {st['questions']} questions ({st['forms']} form), served on "
        "127.0.0.1 and loaded in headless Chromium by Playwright, a fresh context per load, "
        "the first load not counted.",
        "",
        _table(
            ["Measure", "Value"],
            [
                [
                    "quiz.js `start()`, performance marks around it",
                    st["start_ms"].show("ms", digits=1),
                ],
                [
                    "`DOMContentLoaded` -> every form has `data-quiz-init`",
                    st["dcl_to_init_ms"].show("ms", digits=1),
                ],
            ],
        ),
        "",
        "Method: an init script, run before the page's own scripts, catches Material's "
        "`window.document$` as it is assigned and wraps its `subscribe`; the subscriber that "
        "quiz.js registers (known by `document.currentScript`) is bracketed by "
        "`performance.mark()` and timed with `performance.measure()`. That is all of quiz.js's "
        "synchronous start-up: finding the forms, one `Quiz` per form, reading storage. The "
        "second figure, from a `MutationObserver`, also counts the rest of Material's start-up "
        "that runs in the same `DOMContentLoaded` task before quiz.js's turn. quiz.js is not "
        "changed.",
        "",
    ]
    lh = r["lighthouse"]
    if not lh:
        return out
    out += [
        "Lighthouse (its defaults: mobile, simulated throttling; "
        + (
            "one run per page"
            if LIGHTHOUSE_RUNS == 1
            else f"the median of {LIGHTHOUSE_RUNS} runs per page"
        )
        + ") on a copy of the real site built with `SITE_URL` set to the local address and "
        "served with gzip, as a host would. Its performance score follows the machine's load "
        "(simulated throttling scales the CPU time it observes); `BENCH_LIGHTHOUSE_RUNS=3 make "
        "bench` takes the median of more runs.",
        "",
        _table(
            ["Page", "Performance", "Accessibility", "Best practices", "SEO"],
            [
                [f"{name} `{page['path']}`"]
                + [f"{page['scores'][c]:.2f}" for c in browser.CATEGORIES]
                for name, page in lh.items()
            ],
        ),
        "",
    ]
    failing = []
    for name, page in lh.items():
        for f in page["failing"]:
            nodes = "; ".join(f"`{n}`" for n in f["nodes"])
            more = f" ({f['count']} elements)" if f["count"] > len(f["nodes"]) else ""
            failing.append(
                f"- {name}: {f['category']} `{f['id']}` {f['score']:.2f} {f['shown']}".rstrip()
                + (f": {nodes}{more}" if nodes else "")
            )
    if failing:
        out += ["Audits that cost points:", "", *failing, ""]
    return out


_EVENT_JOBS = {
    "import": "import hooks/quiz.py and quizkit (pydantic, ...)",
    "on_startup": "note build or serve",
    "on_files": "load + validate quiz files, page sources",
    "on_page_markdown": "find markers",
    "on_page_content": "render quizzes into pages",
    "on_env": "check links and anchors",
    "on_page_context": "preview-card metadata",
    "on_post_build": "draw preview cards, robots.txt, CSP headers",
}


def _assets(w: dict, kind: str) -> int:
    return sum(a[kind] for a in w["assets"].values())


def _linearity(scaling: dict) -> str:
    sizes = sorted(scaling)
    if len(sizes) < 2:
        return ""
    xs = [scaling[n]["questions"] for n in sizes]
    ys = [scaling[n]["hook"].median for n in sizes]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    intercept = mean_y - slope * mean_x
    a, b = sizes[-2], sizes[-1]
    change = scaling[b]["per_question_us"].median / scaling[a]["per_question_us"].median
    verdict = "linear (within 25%)" if 0.75 <= change <= 1.25 else "NOT linear"
    return (
        f"Least-squares fit of the hook's work against questions: {slope * 1e6:,.0f} µs per "
        f"question + {intercept * 1000:.0f} ms. Per-question time at {b:,} quizzes is "
        f"{change:.2f}x that at {a:,}: {verdict}. Small sites carry the fixed costs (the "
        "Markdown instance, compiling the templates), so their per-question figure is higher."
    )


if __name__ == "__main__":
    sys.exit(main())
