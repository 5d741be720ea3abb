"""In the browser: how long quiz.js takes to start, and Lighthouse's category scores.

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
import subprocess
from pathlib import Path

from measure import CHROMIUM, CHROMIUM_ARGS, stat

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

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


def script_start(url: str, runs: int) -> dict:
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
    return {
        "start_ms": stat(starts[1:]),
        "dcl_to_init_ms": stat(widths[1:]),
        "forms": forms,
        "questions": questions,
    }


def lighthouse(url: str, out: Path) -> dict:
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
                failing.append(
                    {
                        "category": name,
                        "id": ref["id"],
                        "score": audit["score"],
                        "shown": shown,
                        "nodes": nodes[:3],
                        "count": len(nodes),
                    }
                )
    return {"scores": scores, "failing": failing}
