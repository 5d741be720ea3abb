"""The performance budget, and one row per limit: what was measured and whether it passed."""

from __future__ import annotations

from records import Check, Results

BUDGET = {
    "overhead": 0.10,  # hook build / pre-rendered build - 1
    "us_per_question": 50.0,  # the hook's own work at 1,000 quizzes
    "assets_gzip": 6000,  # quiz.js + quiz.css, gzip, bytes (issues 13 and 14 set 6 KB)
    "inlined": 0,  # bytes of quiz script or style inlined into pages
    "reload_s": 1.5,
    "start_ms": 20.0,  # quiz.js start() on 200 questions
    "performance": 0.95,
    "others": 1.0,  # accessibility, best practices, SEO
}


def budget_checks(r: Results) -> list[Check]:
    real = r.real
    ratio = real.hook.cpu.median / real.plain.cpu.median - 1
    wall = real.hook.wall.median / real.plain.wall.median - 1
    biggest = max(r.scaling)
    per_q = r.scaling[biggest].per_question_us.median
    total = r.weight.assets_total.gzip
    inlined = r.weight.inlined_ours
    reload_s = r.live.reload_s["prompt"].median
    start = r.start.start_ms.median
    checks = [
        Check(
            f"Hook overhead <= {BUDGET['overhead']:.0%} of the pre-rendered build",
            f"{ratio:+.1%} CPU ({wall:+.1%} wall)",
            ratio <= BUDGET["overhead"],
        ),
        Check(
            f"Hook's own work < {BUDGET['us_per_question']:.0f} µs per question at 1,000 quizzes",
            f"{per_q:,.0f} µs at {biggest:,} quizzes",
            per_q < BUDGET["us_per_question"] if biggest >= 1000 else None,
        ),
        Check(
            "Quiz JS + CSS <= 6 KB gzip together",
            f"{total:,} B gzip",
            total <= BUDGET["assets_gzip"],
        ),
        Check(
            "0 bytes of quiz code inlined into pages", f"{inlined} B", inlined == BUDGET["inlined"]
        ),
        Check(
            f"Live reload after a quiz edit < {BUDGET['reload_s']} s",
            f"{reload_s:.2f} s",
            reload_s < BUDGET["reload_s"],
        ),
        Check(
            f"Script start on {r.start.questions} questions < {BUDGET['start_ms']:.0f} ms",
            f"{start:.1f} ms",
            start < BUDGET["start_ms"],
        ),
    ]
    if r.lighthouse:
        perf = {name: page.scores["performance"] for name, page in r.lighthouse.items()}
        checks.append(
            Check(
                f"Lighthouse performance >= {BUDGET['performance']} (home, essay, quiz)",
                ", ".join(f"{k} {v:.2f}" for k, v in perf.items()),
                all(v >= BUDGET["performance"] for v in perf.values()),
            )
        )
        for category in ("accessibility", "best-practices", "seo"):
            got = {name: page.scores[category] for name, page in r.lighthouse.items()}
            checks.append(
                Check(
                    f"Lighthouse {category} = 1.0 (home, essay, quiz)",
                    ", ".join(f"{k} {v:.2f}" for k, v in got.items()),
                    all(v >= BUDGET["others"] for v in got.values()),
                )
            )
    return checks
