"""The floor under the hook's own work on a synthetic site: what the libraries it must call cost
by themselves, on the same quizzes, measured in this process (section 2).

- compose: libyaml composing each quiz file into nodes, as the engine's loader does (no data is
  built, no mark is read);
- validate: pydantic validating each quiz's data (built by PyYAML beforehand, not counted);
- render: Jinja rendering each quiz's form from a context made beforehand (its texts already
  Markdown, so this is the template alone);
- entries: reading each quiz's cache entry, checking it (length, CRC-32) and decoding its HTML:
  what a warm build cannot skip before it has a page's text.

Each is the best of ``REPEATS`` passes over every quiz (CPU time), per question. The engine is
imported from the site's own copy of ``hooks/``, as its builds import it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

REPEATS = 3


def floors(site: Path, questions: int) -> dict[str, float]:
    """µs per question of each floor, for the quizzes of ``site`` (its cache warm)."""
    sys.path.insert(0, str(site / "hooks"))
    try:
        return _measure(site, questions)
    finally:
        sys.path.remove(str(site / "hooks"))


def _best(work: Callable[[], object], questions: int) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best / questions * 1e6


def _measure(site: Path, questions: int) -> dict[str, float]:
    import yaml

    from quizkit import render, source
    from quizkit.cache import SUFFIX, Store
    from quizkit.markdown import MarkdownRenderer
    from quizkit.messages import Messages
    from quizkit.model import Quiz

    files = sorted((site / "quiz").glob("*.yml"))
    texts = [path.read_text(encoding="utf-8") for path in files]

    def compose() -> None:
        for text in texts:
            loader = source._Loader(text)
            try:
                loader.get_single_node()
            finally:
                loader.dispose()

    data = [
        {"id": path.stem, **yaml.load(text, Loader=yaml.CSafeLoader)}
        for path, text in zip(files, texts, strict=True)
    ]
    models = [Quiz.model_validate(one) for one in data]

    # The form's context, as the renderer makes it, captured on the way to its template.
    contexts: list[dict[str, object]] = []

    def capture(template: str, **context: object) -> str:
        contexts.append(context)
        return ""

    renderer = render.QuizRenderer(MarkdownRenderer(), Messages("en", None))
    renderer._render = capture  # type: ignore[method-assign]
    for model in models:
        renderer.quiz(model, link=lambda target: target)
    template = render._templates.get_template("quiz.html")

    folder = site / ".cache" / "quizkit"
    keys = [path.name.removesuffix(SUFFIX) for path in folder.glob(f"*{SUFFIX}")]

    def entries() -> None:
        store = Store(folder)
        for key in keys:
            entry = store.get(key) or {}
            for value in entry.values():
                if isinstance(value, bytes | memoryview):
                    str(value, "utf-8", "surrogatepass")

    return {
        "compose": _best(compose, questions),
        "validate": _best(lambda: [Quiz.model_validate(one) for one in data], questions),
        "render": _best(lambda: [template.render(t=renderer.t, **c) for c in contexts], questions),
        "entries": _best(entries, questions),
    }
