"""Quiz Markdown: what it renders, what the sanitiser lets through, and that the plain-text
fast path renders exactly what Python-Markdown would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import localsite
import material
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quizkit
import quizkit.markdown as markdown_module
from quizkit.loader import load_quiz
from quizkit.markdown import MarkdownRenderer, relink, sanitize
from quizkit.render import QuizRenderer


def _site_extensions() -> tuple[list, dict]:
    """The site's Markdown settings, plus the extensions MkDocs always adds."""
    names, configs = ["toc", "tables", "fenced_code"], {}
    for item in localsite.load_config()["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


EXTENSIONS, CONFIGS = _site_extensions()
FAST = MarkdownRenderer(EXTENSIONS, CONFIGS)
PARSED = MarkdownRenderer(EXTENSIONS, CONFIGS, fast=False)
# Mostly the characters of real quiz text, so that many examples take the fast path.
TEXT = st.text(alphabet=st.sampled_from("aZ09 ,.;:!?'\"()-/+=#*_`<>&\n\t™écstndhor"), max_size=60)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(TEXT)
def test_block_fast_path_matches_python_markdown(text: str) -> None:
    assert FAST.block(text) == PARSED.block(text)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(TEXT)
def test_inline_fast_path_matches_python_markdown(text: str) -> None:
    assert FAST.inline(text) == PARSED.inline(text)


# The fast path's gate as first written: three searches, one of them of every position.
_SMART = re.compile(r"\((?:c|r|tm)\)|c/o|\+/-|=/=|-->|<--|\d/\d|\d(?:st|nd|rd|th)\b|!\[", re.I)
_INLINE_SYNTAX = re.compile(r"[^\\`*_{}\[\]<>&|~^$\x00-\x1f\x7f]*")


@settings(max_examples=2000, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from("1234567890٣¹ stndrhcoCOTMſ()/+=-<>[!_ .é"), max_size=30))
def test_plain_gate_finds_what_the_three_searches_found(text: str) -> None:
    stripped = text.rstrip("\n")
    first = bool(
        stripped
        and stripped == stripped.strip()
        and _INLINE_SYNTAX.fullmatch(stripped)
        and not markdown_module._BLOCK_START.match(stripped)
        and not _SMART.search(stripped)
    )
    assert markdown_module._is_plain(text) == first


@settings(max_examples=2000, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from("1234567890 stndrhSTNDRH.,()-_*<&\x01\x7fa"), max_size=30))
def test_the_ascii_gate_accepts_what_the_unicode_gate_accepts(text: str) -> None:
    assert bool(markdown_module._PLAIN_ASCII.fullmatch(text)) == bool(
        markdown_module._PLAIN.fullmatch(text)
    )


def test_raw_html_is_shown_as_text() -> None:
    assert FAST.block("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


# The ids the theme and the page rely on, and the data-* attributes the theme and the widget
# read: quiz text must never be able to set any of them.
MATERIAL = Path(material.__file__).parent / "templates"
ASSETS = localsite.ROOT / "docs" / "assets"
TEMPLATES = localsite.ROOT / "hooks" / "quizkit" / "templates"
_SOURCES = [
    *MATERIAL.rglob("*.html"),
    ASSETS / "quiz.js",
    *TEMPLATES.glob("*.html"),
]
THEME_IDS = sorted(
    {m for f in _SOURCES for m in re.findall(r'\bid="([\w-]+)"', f.read_text(encoding="utf-8"))}
)
DATA_ATTRIBUTES = sorted(
    {m for f in _SOURCES for m in re.findall(r"\b(data-[a-z-]+)", f.read_text(encoding="utf-8"))}
)


def test_the_theme_ids_and_data_attributes_are_found() -> None:
    assert {"__config", "__search", "the-other-outcomes"} <= set(THEME_IDS)
    assert {"data-quiz", "data-outcome-id", "data-share-url", "data-md-component"} <= set(
        DATA_ATTRIBUTES
    )


@pytest.mark.parametrize("name", THEME_IDS)
def test_the_sanitiser_removes_every_theme_id(name: str) -> None:
    assert sanitize(f'<p id="{name}">x</p><a id="{name}" href="#{name}">y</a>') == (
        f'<p>x</p><a href="#{name}">y</a>'
    )


@pytest.mark.parametrize("name", DATA_ATTRIBUTES)
def test_the_sanitiser_removes_every_data_attribute(name: str) -> None:
    assert sanitize(f'<p {name}="x">x</p><span {name}>y</span>') == "<p>x</p><span>y</span>"


def test_the_sanitiser_removes_style_event_handlers_and_autofocus() -> None:
    html = '<p style="display:none" onclick="alert(1)" autofocus onfocus="alert(1)">x</p>'
    assert sanitize(html) == "<p>x</p>"


def test_the_sanitiser_removes_classes_off_its_list() -> None:
    html = '<div class="admonition note md-search nw-quiz"><p class="md-header">x</p></div>'
    assert sanitize(html) == '<div class="admonition note"><p class="">x</p></div>'


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
    ],
)
def test_the_sanitiser_removes_urls_of_other_schemes(url: str) -> None:
    assert sanitize(f'<a href="{url}">x</a><img src="{url}" alt="y">') == '<a>x</a><img alt="y">'


def test_the_sanitiser_keeps_http_mailto_and_relative_urls() -> None:
    html = '<a href="https://e.org/">a</a><a href="mailto:a@e.org">b</a><a href="x.md#h">c</a>'
    assert sanitize(html) == html


ATTRIBUTE_SYNTAX = [
    "{: #__config }",
    "{#__config}",
    "{: data-quiz=x data-share-url=https://evil.example }",
    '{: onclick="alert(1)" autofocus style="display:none" }',
    "{: .md-search .nw-quiz }",
]


@pytest.mark.parametrize("syntax", ATTRIBUTE_SYNTAX)
def test_attribute_syntax_in_block_text_is_shown_as_text(syntax: str) -> None:
    assert FAST.block(f"# Heading {syntax}\n\nA paragraph.\n{syntax}") == (
        f"<h1>Heading {syntax}</h1>\n<p>A paragraph.\n{syntax}</p>"
    )


@pytest.mark.parametrize("syntax", ATTRIBUTE_SYNTAX)
def test_attribute_syntax_in_inline_text_is_shown_as_text(syntax: str) -> None:
    assert FAST.inline(f"A choice [link](https://e.org){syntax}") == (
        f'A choice <a href="https://e.org">link</a>{syntax}'
    )


def test_many_paragraphs_then_a_list_render_in_linear_time() -> None:
    # Used to backtrack exponentially: twenty paragraphs hung the build. A hang guard, not a
    # performance claim: the bound is generous for a slow, busy machine. In a process of its
    # own, because a regex that backtracks holds the GIL and cannot be interrupted otherwise.
    script = (
        "from quizkit.markdown import MarkdownRenderer\n"
        "text = '\\n\\n'.join(f'Paragraph {i}.' for i in range(200)) + '\\n\\n- a\\n- b'\n"
        "print(MarkdownRenderer(['tables']).inline(text)[-46:])\n"
    )
    hooks = Path(quizkit.__file__).parents[1]
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONPATH": str(hooks)},
            capture_output=True,
            text=True,
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("200 paragraphs and a list still rendering after 30 s")
    assert done.stdout == "Paragraph 198.<br>Paragraph 199.<br>• a<br>• b\n", done.stderr


def test_a_list_in_inline_text_becomes_lines() -> None:
    assert FAST.inline("You...\n\n- call\n- write\n\nWhich?") == (
        "You...<br>• call<br>• write<br>Which?"
    )


def test_a_numbered_list_in_inline_text_keeps_its_numbers() -> None:
    assert FAST.inline("Steps:\n\n1. one\n2. two") == "Steps:<br>1. one<br>2. two"


def test_a_code_block_in_inline_text_becomes_code_lines() -> None:
    assert FAST.inline("Run:\n\n    make check\n      --all\n\nthen wait.") == (
        "Run:<br><code>make check<br>&nbsp; --all</code><br>then wait."
    )


def test_footnotes_in_inline_text_become_numbered_lines_without_ids() -> None:
    assert FAST.inline("A choice[^n].\n\n[^n]: The note.") == (
        "A choice<sup>1</sup>.<br>1. The note."
    )


def test_footnote_ids_differ_between_texts_and_their_links_follow() -> None:
    first, second = (FAST.block(f"{w}[^1]\n\n[^1]: Note.") for w in ("One", "Two"))
    ids = [re.findall(r'id="([^"]+)"', str(html)) for html in (first, second)]
    assert len(ids[0]) == 2 and not set(ids[0]) & set(ids[1])
    for html, found in zip((first, second), ids, strict=True):
        assert sorted(re.findall(r'href="#([^"]+)"', str(html))) == sorted(found)


def test_footnote_ids_cannot_take_a_theme_id() -> None:
    html = str(FAST.block("Text[^__config]\n\n[^__config]: Note."))
    assert all(i.startswith("nw-") for i in re.findall(r'id="([^"]+)"', html))


# Not \r: a line break, as in YAML.
@pytest.mark.parametrize("char", [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)])
def test_control_characters_become_replacement_characters(char: str) -> None:
    text = f"a{char}b *c*"
    assert (FAST.block(text), FAST.inline(text), FAST.plain(text)) == (
        "<p>a\ufffdb <em>c</em></p>",
        "a\ufffdb <em>c</em>",
        "a\ufffdb c",
    )


def test_relink_turns_docs_paths_into_urls_from_the_page() -> None:
    html = FAST.block("[a](blog/posts/x.md#h) [b](https://e.org) [c](#top) ![d](assets/i.png)")
    assert relink(html, lambda path: f"../../{path.upper()}") == (
        '<p><a href="../../BLOG/POSTS/X.MD#H">a</a> <a href="https://e.org">b</a> '
        '<a href="#top">c</a> <img alt="d" src="../../ASSETS/I.PNG"></p>'
    )


QUIZ = b"""
title: Links
description: See [the essay](blog/posts/x.md#h).
questions:
  - id: q
    prompt: Read [this](blog/posts/x.md) first.
    choices:
      - text: "Yes"
        correct: true
      - text: "No"
outcomes:
  - id: all
    min: 0
    title: Done
    text: Back to [the essay](blog/posts/x.md).
"""


def test_a_cached_text_gets_the_links_of_each_page_it_is_shown_on() -> None:
    quiz, problems, _ = load_quiz(QUIZ, "quiz/links.yml", default_id="links")
    assert not problems
    renderer = QuizRenderer(MarkdownRenderer(EXTENSIONS, CONFIGS))
    shallow = renderer.quiz(quiz, link=lambda path: f"../{path}")
    deep = renderer.quiz(quiz, link=lambda path: f"../../../../{path}")
    assert (
        shallow.count('href="../blog/posts/x.md'),
        deep.count('"../../../../blog/posts/x.md'),
    ) == (
        3,
        3,
    )


def test_a_text_with_a_hundred_brackets_is_supported_and_renders_quickly() -> None:
    text = "[" * 100 + "x" * 40_000
    started = time.monotonic()
    PARSED.block(text)
    assert time.monotonic() - started < 10  # under a second here: a hang guard
