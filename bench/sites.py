"""The sites the benchmark builds, each a folder made from the real one in a scratch directory.

Every variant inherits the real ``mkdocs.yml`` (MkDocs' ``INHERIT``) and overrides only what it
must, so theme, Markdown extensions and validation stay those of the real site:

- ``real``      a verbatim copy of the site, built with the hook;
- ``plain``     the same pages with every quiz pre-rendered into the Markdown as HTML, no hook;
- ``bare``      the same pages with no quiz feature at all (markers removed, no quiz assets),
                the baseline for the bytes a feature adds;
- ``peer``      the same questions written for the mkdocs-quiz plugin, no hook;
- ``synthetic`` N quizzes of 20 questions made from the real quiz texts, hook or peer.
"""

from __future__ import annotations

import functools
import itertools
import json
import posixpath
import random
import re
import shutil
from pathlib import Path

import yaml
from localsite import CONFIG, ROOT, copy_site, load_config

# The markers the hook replaces, as the engine finds them: <!-- quiz: id --> in essays and quiz
# pages, <!-- quiz-outcome: id/outcome --> in the pages it generates for outcomes.
from quizkit.markers import MARKER

BENCH = Path(__file__).resolve().parent
VARIANT = "mkdocs.bench.yml"  # the variant's overrides; INHERITs the copied mkdocs.yml
QUIZ_ASSETS = ("assets/quiz.css", "assets/quiz.js")
QUESTIONS_PER_QUIZ = 20


def write_variant(site: Path, **overrides) -> Path:
    """``mkdocs.bench.yml`` next to the copied ``mkdocs.yml``: INHERIT plus ``overrides``."""
    path = site / VARIANT
    text = yaml.safe_dump({"INHERIT": CONFIG, **overrides}, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def without_quiz_assets(key: str) -> list:
    return [item for item in load_config().get(key, []) if str(item) not in QUIZ_ASSETS]


def probe_hook() -> str:
    return str(BENCH / "probe_hook.py")


# --- the real site, its pre-rendered twin, and the bare baseline -------------------------


def plain_site(site: Path, captured: dict) -> Path:
    """``site`` (a copy) turned into the same pages with quizzes pre-rendered and no hook.

    ``captured`` comes from a build of the real site with the probe hook in capture mode:
    for every page, the source of generated pages and the HTML each real marker became.
    """
    _rewrite_markers(site, captured, lambda uri, kind, arg, html: f"\n{html}\n")
    return write_variant(site, hooks=[])


def bare_site(site: Path, captured: dict) -> Path:
    """``site`` (a copy) with no quiz feature: quizzes removed, no quiz CSS or JavaScript."""
    _rewrite_markers(
        site, captured, lambda uri, kind, arg, html: "" if kind == "quiz" else f"\n{html}\n"
    )
    return write_variant(
        site,
        hooks=[],
        extra_css=without_quiz_assets("extra_css"),
        extra_javascript=without_quiz_assets("extra_javascript"),
    )


def peer_site(site: Path, captured: dict) -> Path:
    """``site`` (a copy) with the same questions written for the mkdocs-quiz plugin."""
    quizzes = {path.stem: _read_yaml(path) for path in _quiz_files(site / "quiz")}
    quizzes = {data.get("id", stem): data for stem, data in quizzes.items()}

    def replace(uri: str, kind: str, quiz_id: str, html: str) -> str:
        if kind != "quiz":  # an outcome's own page: the same static text in every variant
            return f"\n{html}\n"
        if quiz_id == "*":
            return "\n" + "\n".join(
                f"- [{_one_line(q['title'])}]({_relative(uri, f'quiz/{i}.md')})"
                for i, q in quizzes.items()
            )
        own = uri == f"quiz/{quiz_id}.md"
        return "\n" + peer_markdown(quizzes[quiz_id], heading=None if own else "##")

    _rewrite_markers(site, captured, replace)
    plugins = [*load_config().get("plugins", []), "mkdocs_quiz"]
    return write_variant(
        site,
        hooks=[],
        plugins=plugins,
        extra_css=without_quiz_assets("extra_css"),
        extra_javascript=without_quiz_assets("extra_javascript"),
    )


def _rewrite_markers(site: Path, captured: dict, replace) -> None:
    """Write generated pages into docs/ and replace each real marker with ``replace(...)``.

    Outcome pages keep their pre-rendered text in every variant (the peer has no such pages
    of its own), so all variants build the same set of pages.
    """
    docs = site / "docs"
    for uri, page in captured["pages"].items():
        if not page["generated"] and not page.get("occurrences"):
            continue  # nothing to change (blog archive pages and the like are not files)
        path = docs / uri
        source = page["source"] if page["generated"] else path.read_text(encoding="utf-8")
        found = list(MARKER.finditer(source))
        real = page["markers"]  # occurrence index -> HTML, for markers outside code blocks
        if len(found) != page["occurrences"]:
            raise RuntimeError(
                f"{uri}: {len(found)} markers in the file, the build saw a different count"
            )
        out, last = [], 0
        for n, match in enumerate(found):
            if str(n) not in real:
                continue
            out.append(source[last : match.start()])
            out.append(replace(uri, match.group(1), match.group(2), real[str(n)]))
            last = match.end()
        out.append(source[last:])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(out), encoding="utf-8")


def _relative(from_uri: str, to_uri: str) -> str:
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


# --- the peer's syntax -----------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _correct(question: dict) -> list[bool]:
    """Which choices count as right; a points question's best answer is its highest score."""
    choices = question["choices"]
    if any("correct" in c for c in choices):
        return [bool(c.get("correct")) for c in choices]
    best = max(c.get("points", 0) for c in choices)
    first = next(i for i, c in enumerate(choices) if c.get("points", 0) == best)
    return [i == first for i in range(len(choices))]


def peer_markdown(quiz: dict, *, heading: str | None) -> str:
    """One quiz in mkdocs-quiz's syntax: ``<quiz>`` blocks, ``- [x]`` answers, ``>`` feedback.

    It has no outcomes (a score is shown instead); everything else a question says is kept.
    """
    lines = []
    if heading:
        lines += [f"{heading} {_one_line(quiz['title'])}", ""]
    if quiz.get("description"):
        lines += [str(quiz["description"]).strip(), ""]
    lines += ["<!-- mkdocs-quiz intro -->", ""]
    for question in quiz["questions"]:
        lines += ["<quiz>", str(question["prompt"]).strip()]
        for choice, right in zip(question["choices"], _correct(question), strict=True):
            lines.append(f"- [{'x' if right else ' '}] {_one_line(choice['text'])}")
            if choice.get("feedback"):
                lines += [f"> {line}" for line in str(choice["feedback"]).strip().splitlines()]
        if question.get("explanation"):
            lines += ["", str(question["explanation"]).strip()]
        lines += ["</quiz>", ""]
    lines += ["<!-- mkdocs-quiz results -->", ""]
    return "\n".join(lines)


# --- synthetic sites -------------------------------------------------------------------------


def _quiz_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))


def _read_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def question_pool() -> tuple[list[dict], list[dict], list[str]]:
    """Every real question (as pick-one or pick-any with right answers), outcome and description.

    Points questions become "correct" ones whose best answer is the highest-scoring choice, so
    all synthetic quizzes can share one scoring rule; the texts are the real ones, untouched.
    """
    questions, outcomes, descriptions = [], [], []
    for path in _quiz_files(ROOT / "quiz"):
        data = _read_yaml(path)
        for q in data["questions"]:
            right = _correct(q)
            multiple = bool(q.get("multiple")) and 0 < sum(right) < len(right)
            if not multiple and sum(right) != 1:
                right = [i == right.index(True) for i in range(len(right))]
            choices = [
                {k: v for k, v in c.items() if k in ("text", "feedback")} | {"correct": r}
                for c, r in zip(q["choices"], right, strict=True)
            ]
            kept = {k: v for k, v in q.items() if k in ("prompt", "explanation")}
            questions.append({**kept, "multiple": multiple, "choices": choices})
        outcomes += [{"title": o["title"], "text": o["text"]} for o in data["outcomes"]]
        if data.get("description"):
            descriptions.append(data["description"])
    return questions, outcomes, descriptions


@functools.cache
def _zipf(count: int) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights, 1 / (rank + 50): the 50 commonest words of real
    writing are function words, which the lints drop before comparing."""
    return list(itertools.accumulate(1 / (rank + 50) for rank in range(1, count + 1)))


def _vocabulary(questions: list[dict]) -> tuple[list[str], list[float]]:
    real = sorted({w for q in questions for w in re.findall(r"[a-z]{4,}", str(q))})
    words = [f"{word}{k}" if k else word for k in range(20) for word in real]
    return words, _zipf(len(words))


def synthetic_quiz(n: int, pool, questions_per_quiz: int = QUESTIONS_PER_QUIZ) -> dict:
    """Quiz ``n``: real texts cycled from the pool, each tagged "(set n)" so no two quizzes
    share a text (a cache keyed on text must not flatter the result), and fresh prompts."""
    questions, outcomes, descriptions = pool
    tag = f" (set {n})"
    # Prompts are the one text the lints compare across quizzes: tagged copies of the real ones
    # would all be the same question asked a thousand times. Each is a fresh sentence instead,
    # as long as the one it stands for, drawn from a vocabulary the size a thousand quizzes of
    # real writing would have (Heaps' law: some 15,000 words for 200,000), used as unevenly
    # as real words are (Zipf: the k-th most common word is used about 1/k as often).
    words, weights = _vocabulary(questions)
    rng = random.Random(n)

    def tagged(text: str) -> str:
        return str(text).rstrip() + tag

    made = []
    for j in range(questions_per_quiz):
        q = questions[(n * questions_per_quiz + j) % len(questions)]
        made.append(
            {
                "id": f"q{j + 1:02d}",
                "prompt": " ".join(
                    rng.choices(words, cum_weights=weights, k=len(str(q["prompt"]).split()))
                ).capitalize()
                + "?",
                "multiple": q["multiple"],
                "choices": [
                    {"text": tagged(c["text"]), "correct": c["correct"]}
                    | ({"feedback": tagged(c["feedback"])} if c.get("feedback") else {})
                    for c in q["choices"]
                ],
            }
            | ({"explanation": tagged(q["explanation"])} if q.get("explanation") else {})
        )
    mins = [0, questions_per_quiz // 2]  # two outcomes: the hook adds three pages per quiz
    return {
        "id": f"synthetic-{n:04d}",
        "title": f"Synthetic quiz {n}",
        "description": tagged(descriptions[n % len(descriptions)]),
        "scoring": "correct",
        "shuffle": True,  # the real quizzes' order, dealt fairly, as the position lint asks
        "questions": made,
        "outcomes": [
            {"id": f"outcome-{k}", "min": m}
            | {k2: tagged(v) for k2, v in outcomes[(n + k) % len(outcomes)].items()}
            for k, m in enumerate(sorted(set(mins)))
        ],
    }


def synthetic_site(
    dest: Path, count: int, *, peer: bool = False, questions: int = QUESTIONS_PER_QUIZ
) -> Path:
    """A site of ``count`` quizzes of ``questions`` questions: the real theme and Markdown
    settings, a home page, the quiz pages; with the probe hook, or for mkdocs-quiz."""
    copy_site(dest)
    docs = dest / "docs"
    for folder in (docs, dest / "quiz"):
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    (docs / "index.md").write_text(
        "# Synthetic site\n\nQuizzes for the benchmark.\n", encoding="utf-8"
    )
    (dest / "quiz").mkdir()
    pool = question_pool()
    quizzes = [synthetic_quiz(n, pool, questions) for n in range(1, count + 1)]
    nav = [{"Home": "index.md"}, {"Quizzes": "quiz/index.md"}]
    if not peer:
        for quiz in quizzes:
            text = yaml.dump(
                quiz, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100
            )
            (dest / "quiz" / f"{quiz['id']}.yml").write_text(text, encoding="utf-8")
        return write_variant(dest, nav=nav, plugins=["search"], hooks=[probe_hook()], watch=[])
    (docs / "quiz").mkdir()
    for quiz in quizzes:
        title = json.dumps(quiz["title"])
        body = peer_markdown(quiz, heading=None)
        (docs / "quiz" / f"{quiz['id']}.md").write_text(
            f"---\ntitle: {title}\n---\n\n# {quiz['title']}\n\n{body}", encoding="utf-8"
        )
    index = "".join(f"- [{q['title']}]({q['id']}.md)\n" for q in quizzes)
    (docs / "quiz" / "index.md").write_text(f"# Quizzes\n\n{index}", encoding="utf-8")
    # The peer's pages are ordinary pages: list them in the nav's "not in nav" set, as ours are.
    return write_variant(
        dest,
        nav=nav,
        plugins=["search", "mkdocs_quiz"],
        hooks=[],
        watch=[],
        not_in_nav="\n".join(f"/quiz/{q['id']}.md" for q in quizzes),
        extra_css=without_quiz_assets("extra_css"),
        extra_javascript=without_quiz_assets("extra_javascript"),
    )
