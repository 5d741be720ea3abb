"""Section 6, in the browser: how long quiz.js takes to start, and Lighthouse's category scores.

Both load pages from ``localsite.SiteServer`` with gzip, as a host serves them.

Start-up is measured inside the page with ``performance.now()``. An init script, which runs
before any of the page's own scripts, catches Material's ``window.document$`` as it is assigned
and wraps its ``subscribe``: the subscriber that ``quiz.js`` registers (recognised by
``document.currentScript``) is bracketed by ``performance.mark`` calls, so the measure is exactly
the synchronous work of quiz.js's ``start()`` on that page: finding the forms, one ``Quiz`` per
form, reading storage. quiz.js itself is not changed. A ``MutationObserver`` also notes when every
form carries ``data-quiz-init``: from ``DOMContentLoaded`` to then is the wider figure, which
includes the rest of Material's start-up that runs in the same task before quiz.js's subscriber.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
from pathlib import Path

import measure
import sites
from localsite import CHROMIUM, CHROMIUM_ARGS, CONFIG, SiteServer, copy_site
from measure import PUBLISHING
from records import Audit, PageScores, RealSite, ScriptStart, Stat
from weight import url_path

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Lighthouse's performance score follows the machine's load; more runs give a steadier median.
LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
START_QUESTIONS = 1000

_PROBE = """
(() => {
  const seen = (window.__quizBench = { dcl: null, starts: [], allInit: null, forms: 0 });
  document.addEventListener("DOMContentLoaded", () => {
    seen.dcl = performance.now();
    seen.forms = document.querySelectorAll("form[data-quiz]").length;
  }, { capture: true, once: true });
  new MutationObserver(() => {
    const forms = document.querySelectorAll("form[data-quiz]");
    if (seen.allInit === null && forms.length &&
        document.querySelectorAll("form[data-quiz][data-quiz-init]").length === forms.length) {
      seen.allInit = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-quiz-init"] });
  let subject;
  Object.defineProperty(window, "document$", {
    configurable: true,
    get() { return subject; },
    set(value) {
      subject = value;
      const subscribe = value.subscribe;
      value.subscribe = function (observer, ...rest) {
        const script = document.currentScript;
        if (typeof observer === "function" && script && /quiz\\.js/.test(script.src)) {
          const start = observer;
          observer = function (...args) {
            performance.mark("quiz-start-begin");
            try {
              return start.apply(this, args);
            } finally {
              performance.mark("quiz-start-end");
              seen.starts.push(
                performance.measure("quiz-start", "quiz-start-begin", "quiz-start-end").duration
              );
            }
          };
        }
        return subscribe.call(this, observer, ...rest);
      };
    },
  });
})();
"""


def script_start(work: Path, runs: int) -> ScriptStart:
    """quiz.js's start-up on a synthetic quiz of 1,000 questions, over ``runs`` page loads."""
    config = sites.synthetic_site(work / "syn-start", 1, questions=START_QUESTIONS)
    measure.build(config, work / "site-start", BENCH_SKIP=",".join(PUBLISHING))
    server = SiteServer(work / "site-start", gzip=True)
    try:
        return _script_start(f"{server.url}quiz/synthetic-0001/", runs)
    finally:
        server.stop()


def _script_start(url: str, runs: int) -> ScriptStart:
    """Median start() time of quiz.js on ``url`` over ``runs`` fresh page loads (fresh storage)."""
    from playwright.sync_api import sync_playwright

    starts, widths, forms, questions = [], [], 0, 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(runs + 1):  # the first load warms the HTTP cache and is not counted
                context = browser.new_context()
                page = context.new_page()
                errors = []
                page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
                page.add_init_script(_PROBE)
                page.goto(url, wait_until="load")
                page.wait_for_function("window.__quizBench.allInit !== null", timeout=30_000)
                seen = page.evaluate("window.__quizBench")
                questions = page.evaluate("document.querySelectorAll('[data-question]').length")
                context.close()
                if errors:
                    raise RuntimeError(f"errors on {url}: {errors}")
                if len(seen["starts"]) != 1:
                    raise RuntimeError(f"quiz.js start() was seen {len(seen['starts'])} times")
                starts.append(seen["starts"][0])
                widths.append(seen["allInit"] - seen["dcl"])
                forms = seen["forms"]
        finally:
            browser.close()
    return ScriptStart(
        start_ms=Stat.of(starts[1:]),
        dcl_to_init_ms=Stat.of(widths[1:]),
        forms=forms,
        questions=questions,
    )


def lighthouse(work: Path, real: RealSite) -> dict[str, PageScores]:
    """Lighthouse on the home page, an essay with a quiz and a quiz page of a copy of the real
    site, built for the server's address; each the median of ``LIGHTHOUSE_RUNS`` runs."""
    server = SiteServer(gzip=True)  # the port first: the build's site_url is this address
    try:
        site = copy_site(work / "lighthouse")
        measure.build(site / CONFIG, work / "site-lighthouse", SITE_URL=server.url)
        server.serve(work / "site-lighthouse")
        pages = {"home": ""}
        if real.essays:
            essay = real.essays[0]
            slug = _front_matter_slug(site / "docs" / essay)
            pages["essay"] = f"blog/{slug}/" if slug else url_path(essay).removesuffix("index.html")
        pages["quiz"] = f"quiz/{real.quiz_ids[0]}/"
        out = {}
        for name, path in pages.items():
            runs = [
                _lighthouse(server.url + path, work / f"lighthouse-{name}-{n}.json")
                for n in range(LIGHTHOUSE_RUNS)
            ]
            scores = {c: statistics.median(run.scores[c] for run in runs) for c in CATEGORIES}
            # The audits of the run whose performance score is the median one.
            middle = sorted(runs, key=lambda run: run.scores["performance"])[len(runs) // 2]
            out[name] = PageScores("/" + path, scores, middle.failing)
        return out
    finally:
        server.stop()


def _front_matter_slug(path: Path) -> str | None:
    match = re.search(r"^slug:\s*(\S+)\s*$", path.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else None


def _lighthouse(url: str, out: Path) -> PageScores:
    """Lighthouse's category scores for ``url`` (its defaults: mobile, simulated throttling)."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={flags}",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    failing = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                origin = url.split("/", 3)[:3]  # http://127.0.0.1:PORT: not worth a diff per run
                nodes = [
                    " ".join(item["node"].get("snippet", "").split()).replace("/".join(origin), "")[
                        :120
                    ]
                    for item in (audit.get("details") or {}).get("items", [])
                    if isinstance(item, dict) and isinstance(item.get("node"), dict)
                ]
                failing.append(Audit(name, ref["id"], audit["score"], shown, nodes[:3], len(nodes)))
    return PageScores(url, scores, failing)
