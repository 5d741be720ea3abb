"""The engine's cache: an entry is reused only when every input of its key is unchanged.

Each test builds quizzes through ``QuizBuild`` as the hook does (pages, then every page filled,
then the check that saves), once to fill the cache and again to read it. Nothing here is timed:
reuse is seen in what the second build did not do (load a quiz file, read a cache file).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path

import pytest

import quizkit.loader
from quizkit import cache
from quizkit.build import QuizBuild
from quizkit.cache import Recorder, Store, fill_links, site_fingerprint
from quizkit.markdown import MarkdownRenderer
from quizkit.messages import Messages

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
QUIZ = """\
title: The only quiz
description: See [the essay](essay.md#top).
questions:
  - id: first
    prompt: Which one is it?
    choices:
      - text: This one.
        correct: true
      - text: That one.
    explanation: "!!! note\\n    Because."
outcomes:
  - {id: low, min: 0, title: Low, text: Try again.}
  - {id: high, min: 1, title: High, text: Well done.}
"""
EXTENSIONS = ["admonition"]


def site(root: Path, quiz: str = QUIZ) -> Path:
    (root / "quiz").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "essay.md").write_text("# Essay\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("<!-- quiz: only -->\n", encoding="utf-8")
    (root / "quiz" / "only.yml").write_text(quiz, encoding="utf-8")
    return root


def build(
    root: Path,
    store: Store,
    *,
    extensions: list | None = None,
    configs: dict | None = None,
    messages: Messages | None = None,
) -> dict[str, str]:
    """Every page the quizzes fill (their own pages, and the home page that embeds one), as the
    hook fills them, with links made from the page's folder depth."""
    markdown = MarkdownRenderer(EXTENSIONS if extensions is None else extensions, configs)
    quizzes = QuizBuild(root, root / "docs", markdown, messages, store=store)
    pages = {path: source.rsplit("\n\n", 1)[1] for path, source in quizzes.pages().items()}
    pages["index.md"] = "<!-- quiz: only -->\n<!-- quiz: * -->"
    filled = {}
    for path, html in pages.items():
        depth = "../" * path.count("/")
        filled[path] = quizzes.fill(
            html, page_path=path, source=lambda: "", link=lambda target, d=depth: d + target
        )
    error = quizzes.check(lambda path: {"top"} if path == "essay.md" else None)
    filled = {path: quizzes.show_problems(html) for path, html in filled.items()}
    filled["problems"] = str(error or "")
    return filled


def folder(root: Path) -> Path:
    return root / ".cache" / "quizkit"


@pytest.fixture
def no_loading(monkeypatch: pytest.MonkeyPatch):
    """Fails a build that loads a quiz file (parses or validates it) instead of reusing it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a quiz was loaded again")

    def start() -> None:
        monkeypatch.setattr(quizkit.loader, "load_quiz", refuse)

    return start


def test_a_second_build_loads_nothing_and_renders_the_same(tmp_path: Path, no_loading) -> None:
    root = site(tmp_path)
    first = build(root, Store(folder(root)))
    assert "Which one is it?" in first["quiz/only.md"]
    no_loading()
    again = Store(folder(root))  # a new process: only the files are shared
    assert build(root, again) == first
    assert again.writes == 0 and again.reads == 2  # the quiz's entry, and the prompt lint's


def test_serving_reuses_entries_in_memory_across_rebuilds(tmp_path: Path, no_loading) -> None:
    root = site(tmp_path)
    store = Store(folder(root))  # one store for the life of `mkdocs serve`
    first = build(root, store)
    reads = store.reads
    no_loading()
    assert build(root, store) == first
    assert build(root, store) == first
    assert store.reads == reads  # neither rebuild read a file


def test_serving_with_no_cache_folder_still_reuses_entries(tmp_path: Path, no_loading) -> None:
    root = site(tmp_path)
    store = Store(None)
    first = build(root, store)
    no_loading()
    assert build(root, store) == first
    assert not folder(root).exists()


def test_an_entry_read_from_the_folder_keeps_what_a_later_build_adds(tmp_path: Path) -> None:
    root = site(tmp_path)

    def one_build(page: str) -> str:
        quizzes = QuizBuild(
            root, root / "docs", MarkdownRenderer(EXTENSIONS), store=Store(folder(root))
        )
        html = quizzes.fill("<!-- quiz: only -->", page_path=page, source=str, link=lambda t: t)
        assert quizzes.check(lambda path: {"top"} if path == "essay.md" else None) is None
        return html

    own = one_build("quiz/only.md")  # the entry has the quiz's own page, not the embedded form
    embedded = one_build("essay.md")  # read from the folder, given the embedded form, written
    assert one_build("essay.md") == embedded
    assert one_build("quiz/only.md") == own
    assert all(cache._decode(path.stem, path.read_bytes()) for path in entry_files(root))


def test_one_entry_serves_every_page_with_its_own_relative_links(tmp_path: Path) -> None:
    root = site(tmp_path)
    pages = build(root, Store(folder(root)))
    assert 'href="essay.md#top"' in pages["index.md"]
    assert 'href="../essay.md#top"' in pages["quiz/only.md"]
    assert 'href="../../../quiz/only.md"' in pages["quiz/only/result/low.md"]
    assert "\x00" not in "".join(pages.values())


# --- every input of the key -----------------------------------------------------------------


def test_the_prompt_lint_reads_cached_prompts_and_new_ones_alike(tmp_path: Path) -> None:
    root = site(tmp_path, QUIZ.replace("Which one is it?", "Your old boss asks for a favor."))
    first = QuizBuild(root, root / "docs", MarkdownRenderer(), store=Store(folder(root)))
    assert first.problems == []
    first.save()
    later = QUIZ.replace("Which one is it?", "Asks your old boss, a favor.")
    (root / "quiz" / "later.yml").write_text(later, encoding="utf-8")
    partial = QuizBuild(root, root / "docs", MarkdownRenderer(), store=Store(folder(root)))
    assert [item.changed for item in partial.items] == [True, False]  # only.yml: its JSON
    cold = QuizBuild(root, root / "docs", MarkdownRenderer(), store=Store(None))
    found = [str(p) for p in partial.problems]
    assert found == [str(p) for p in cold.problems]
    assert found == [
        "quiz/only.yml:5:13: question 'first': prompt nearly repeats question 'first' "
        "(quiz/later.yml, line 5): similarity 1.00, limit 0.6; ask each question once"
    ]


def test_changed_file_bytes_give_the_new_output(tmp_path: Path) -> None:
    root = site(tmp_path)
    store = Store(folder(root))
    build(root, store)
    site(root, QUIZ.replace("Which one is it?", "Which one, then?"))
    page = build(root, store)["quiz/only.md"]
    assert "Which one, then?" in page and "Which one is it?" not in page


def test_a_changed_file_that_becomes_invalid_shows_its_problem(tmp_path: Path) -> None:
    root = site(tmp_path)
    store = Store(folder(root))
    build(root, store)
    site(root, QUIZ.replace("prompt: Which one is it?", "prompt:"))
    assert (
        "quiz/only.yml:5:12: question 'first': 'prompt' must not be empty"
        in (build(root, store)["problems"])
    )


def test_changed_markdown_extensions_give_the_new_output(tmp_path: Path) -> None:
    root = site(tmp_path)
    store = Store(folder(root))
    assert 'class="admonition note"' in build(root, store)["quiz/only.md"]
    page = build(root, store, extensions=[])["quiz/only.md"]
    assert 'class="admonition note"' not in page and "!!! note" in page


def test_changed_markdown_settings_give_the_new_output(tmp_path: Path) -> None:
    root = site(tmp_path, QUIZ.replace("Try again.", "Try (c) again."))
    store = Store(folder(root))
    symbols = ["pymdownx.smartsymbols"]
    page = build(root, store, extensions=symbols)["quiz/only/result/low.md"]
    assert "Try © again." in unescape(page)
    off = {"pymdownx.smartsymbols": {"copyright": False}}
    page = build(root, store, extensions=symbols, configs=off)["quiz/only/result/low.md"]
    assert "Try (c) again." in page


def test_changed_language_gives_the_new_output(tmp_path: Path) -> None:
    root = site(tmp_path)
    store = Store(folder(root))
    english = build(root, store, messages=Messages("en"))["quiz/only.md"]
    german = build(root, store, messages=Messages("de"))["quiz/only.md"]
    assert german != english
    assert Messages("de")("check") in unescape(german)


def test_changed_site_messages_give_the_new_output(tmp_path: Path) -> None:
    root = site(tmp_path)
    store = Store(folder(root))
    build(root, store, messages=Messages("en"))
    mine = Messages("en", {"en": {"check": "Mark my answers"}})
    assert "Mark my answers" in build(root, store, messages=mine)["quiz/only.md"]


def test_the_same_callable_in_the_settings_gives_the_same_key_in_every_process() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, sys.argv[1])
        from pymdownx.superfences import fence_code_format
        from quizkit.cache import site_fingerprint
        configs = {"pymdownx.superfences": {"custom_fences": [
            {"name": "mermaid", "class": "mermaid", "format": fence_code_format}]}}
        print(site_fingerprint(["pymdownx.superfences"], configs, "en", {}))
        """
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", script, str(HOOKS)], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    assert len(keys) == 1


def test_a_different_callable_in_the_settings_gives_another_key() -> None:
    def one():
        pass

    def other():
        pass

    def configs(function):
        return {"pymdownx.superfences": {"custom_fences": [{"name": "x", "format": function}]}}

    assert site_fingerprint([], configs(one), "en", {}) != site_fingerprint(
        [], configs(other), "en", {}
    )
    assert "0x" not in json.dumps(cache._stable(configs(one)))


ENGINE_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quizkit.build import QuizBuild
from quizkit.cache import Store
from quizkit.markdown import MarkdownRenderer
root = Path(sys.argv[2])
quizzes = QuizBuild(root, root / "docs", MarkdownRenderer(), store=Store(root / ".cache/quizkit"))
html = quizzes.fill("<!-- quiz: only -->", page_path="quiz/only.md", source=str,
                    link=lambda t: "../" + t)
quizzes.check(lambda path: set())
print("loaded:", "pydantic" in sys.modules)
print(html)
"""


def engine_build(hooks: Path, root: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", ENGINE_SCRIPT, str(hooks), str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture
def engine(tmp_path: Path) -> Path:
    """A copy of the engine that a test may edit, as a developer edits theirs."""
    copy = tmp_path / "hooks"
    shutil.copytree(HOOKS / "quizkit", copy / "quizkit", ignore=shutil.ignore_patterns("__py*"))
    return copy


def test_a_fully_cached_build_does_not_import_the_models(tmp_path: Path, engine: Path) -> None:
    root = site(tmp_path / "site")
    first = engine_build(engine, root)
    assert first.startswith("loaded: True")
    again = engine_build(engine, root)
    assert again.startswith("loaded: False")
    assert again.split("\n", 1)[1] == first.split("\n", 1)[1]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("templates/quiz.html", "<form", "<!-- edited template --><form"),
        ("messages/en.yml", "check: ", 'check: "Edited catalogue" # '),
        ("render.py", 'HEADING_ID = "nw-title"', 'HEADING_ID = "nw-edited-source"'),
    ],
)
def test_an_edited_engine_gives_the_new_output(
    tmp_path: Path, engine: Path, file: str, old: str, new: str
) -> None:
    root = site(tmp_path / "site")
    engine_build(engine, root)
    path = engine / "quizkit" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    shown = new.split('"')[1] if '"' in new else "edited template"
    assert shown in engine_build(engine, root)


# --- entries that cannot be trusted --------------------------------------------------------


def entry_files(root: Path) -> list[Path]:
    return sorted(folder(root).glob(f"*{cache.SUFFIX}"))


def quiz_entry(root: Path) -> Path:
    """The quiz's entry (the larger of the two: the other is the prompt lint's)."""
    return max(entry_files(root), key=lambda path: path.stat().st_size)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: raw[:-40] + b"X" * 40, id="corrupt-text"),
        pytest.param(lambda raw: raw.replace(b'"key"', b'"kex"', 1), id="corrupt-header"),
        pytest.param(lambda raw: b"\xff\xfe" + raw, id="garbage"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: b'{"format": "quizkit-cache", "data": {}}', id="foreign-json"),
        pytest.param(
            lambda raw: raw.replace(b"quizkit-cache 1\n", b"quizkit-cache 0\n", 1),
            id="other-version",
        ),
    ],
)
def test_an_entry_that_cannot_be_trusted_is_ignored_and_made_again(tmp_path: Path, spoil) -> None:
    root = site(tmp_path)
    first = build(root, Store(folder(root)))
    path = quiz_entry(root)
    path.write_bytes(spoil(path.read_bytes()))
    again = Store(folder(root))
    assert build(root, again) == first
    assert again.writes == 1  # made again, and written whole
    assert cache._decode(path.stem, path.read_bytes()) is not None


def test_an_entry_under_another_key_is_not_used(tmp_path: Path, no_loading) -> None:
    root = site(tmp_path)
    build(root, Store(folder(root)))
    path = quiz_entry(root)
    raw = path.read_bytes()
    assert cache._decode("0" * 64, raw) is None
    assert cache._decode(path.stem, raw) is not None


def test_a_cache_folder_that_is_a_file_builds_without_a_word(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = site(tmp_path)
    (root / ".cache").write_text("not a folder", encoding="utf-8")
    store = Store(folder(root))
    first = build(root, store)
    assert "Which one is it?" in first["quiz/only.md"]
    assert build(root, Store(folder(root))) == first
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


def test_a_read_only_cache_folder_builds_and_reads_what_it_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root = site(tmp_path)
    first = build(root, Store(folder(root)))
    site(root, QUIZ.replace("Which one is it?", "Which one, then?"))

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Read-only file system")

    # As root, chmod does not stop a write: the file system says no instead.
    monkeypatch.setattr(cache.tempfile, "mkstemp", read_only)
    store = Store(folder(root))
    page = build(root, store)["quiz/only.md"]
    assert "Which one, then?" in page and store.writes == 0 and not store.writable
    site(root)
    assert build(root, Store(folder(root))) == first  # the old entry is still read
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_chmod_read_only_cache_folder_builds(tmp_path: Path) -> None:  # pragma: no cover
    root = site(tmp_path)
    folder(root).mkdir(parents=True)
    folder(root).chmod(0o555)
    try:
        assert "Which one is it?" in build(root, Store(folder(root)))["quiz/only.md"]
    finally:
        folder(root).chmod(0o755)


CONCURRENT_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quizkit.build import QuizBuild
from quizkit.cache import Store
from quizkit.markdown import MarkdownRenderer
root = Path(sys.argv[2])
folder = root / ".cache/quizkit"
for _ in range(int(sys.argv[3])):
    quizzes = QuizBuild(root, root / "docs", MarkdownRenderer(), store=Store(folder))
    for path in quizzes.pages():
        quizzes.fill(f"<!-- quiz: {path[5:-3]} -->", page_path=path, source=str, link=str)
    quizzes.problems = []
    quizzes.check(lambda path: set())
    assert quizzes.store.writable
    for entry in folder.glob("*.entry"):  # every build starts cold again
        entry.unlink(missing_ok=True)
print("ok")
"""


def test_two_builds_writing_the_same_cache_at_once_both_succeed(tmp_path: Path) -> None:
    root = site(tmp_path)
    for n in range(30):
        text = QUIZ.replace("Which one is it?", f"Which one is number {n}?")
        (root / "quiz" / f"quiz-{n}.yml").write_text(text, encoding="utf-8")
    command = [sys.executable, "-c", CONCURRENT_SCRIPT, str(HOOKS), str(root), "3"]
    running = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    assert [p.communicate(timeout=120)[0] for p in running] == ["ok\n", "ok\n"]
    assert [p.returncode for p in running] == [0, 0]
    # Then one more build, and every file in the folder is a whole entry for its key.
    first = build(root, Store(folder(root)))
    assert "Which one is it?" in first["quiz/only.md"]
    entries = entry_files(root)
    assert len(entries) == 32  # 31 quizzes and the prompt lint
    assert all(cache._decode(path.stem, path.read_bytes()) is not None for path in entries)
    assert not [p for p in folder(root).iterdir() if p.name.startswith(".tmp")]


# --- links kept as placeholders ------------------------------------------------------------


def test_placeholders_become_each_pages_links_escaped() -> None:
    record = Recorder()
    html = f'<a href="{record("a.md")}">x</a><a href="{record("b.md#c")}">{record("a.md")}</a>'
    assert record.targets == ["a.md", "b.md#c"]
    raw, places = record.links(html)
    filled = fill_links(raw, places, record.targets, lambda target: f"../{target}?q=1&r='2'")
    assert filled == (
        '<a href="../a.md?q=1&amp;r=&#39;2&#39;">x</a>'
        '<a href="../b.md#c?q=1&amp;r=&#39;2&#39;">../a.md?q=1&amp;r=&#39;2&#39;</a>'
    )


def test_text_beyond_ascii_is_kept_as_character_references() -> None:
    record = Recorder()
    raw, places = record.links(f'<p>“é”<a href="{record("a.md")}">€</a>{record("b.md")}</p>')
    assert raw == b'<p>&#8220;&#233;&#8221;<a href="">&#8364;</a></p>'
    assert places == [[len(b'<p>&#8220;&#233;&#8221;<a href="'), 0], [len(raw) - len(b"</p>"), 1]]
    filled = fill_links(memoryview(raw), places, record.targets, lambda target: f"/é/{target}")
    assert filled == '<p>&#8220;&#233;&#8221;<a href="/&#233;/a.md">&#8364;</a>/&#233;/b.md</p>'


def test_text_without_links_is_returned_as_it_is() -> None:
    raw, places = Recorder().links("<p>x</p>")
    assert places == []
    assert fill_links(raw, places, [], lambda target: "never") == "<p>x</p>"
