"""Quiz text is data: whatever HTML, Markdown or template tricks it holds, the pages stay inert.

One real build of the site with a quiz whose every text field tries something (raw ``<script>``,
event handlers, ``javascript:`` and ``data:`` URLs plain, entity-encoded and by reference,
attribute lists, Markdown inside HTML, template syntax, quiz markers), then the built HTML,
parsed as a browser would (entities decoded), is searched for anything that could run.
"""

from __future__ import annotations

import re
from pathlib import Path

import localsite
import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow  # one real build, shared by every test here

PAYLOAD = "NW_XSS"  # in every attack, so anything that survives can be traced to the quiz
NASTY = r"""
title: "Nasty </title><script>alert('NW_XSS title')</script> & <b>bold</b> {{ 7*7 }}"
description: |-
  <script>alert('NW_XSS description')</script> <img src=x onerror="alert('NW_XSS')">

  [plain](javascript:alert('NW_XSS')) [decimal](&#106;avascript:alert('NW_XSS'))
  [hex](&#x6A;avascript:alert('NW_XSS')) [named](javascript&colon;alert('NW_XSS'))
  [spaced](  java	script:alert('NW_XSS')) [cased](JaVaScRiPt:alert('NW_XSS'))
  [vb](vbscript:msgbox('NW_XSS')) [data](data:text/html;base64,PHNjcmlwdD5OV19YU1M8L3NjcmlwdD4=)
  [angle](<javascript:alert('NW_XSS')>) [by reference][evil] <javascript:alert('NW_XSS')>
  <https://example.org/autolink> [a safe link](https://example.org/safe)

  [evil]: javascript:alert('NW_XSS')

  A paragraph with attributes.
  {: onclick="alert('NW_XSS')" style="display: none" }

  [attributes](https://example.org/){: onmouseover="alert(1)" href="javascript:alert(1)" }

  ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) ![js](javascript:alert('NW_XSS'))

  <div markdown="1" onclick="alert('NW_XSS')">Markdown in HTML</div>

  !!! note "<script>alert('NW_XSS admonition')</script>"
      An admonition <iframe src="javascript:alert('NW_XSS')"></iframe>

  <!-- quiz: networking-expert -->

  Entities: &lt;script&gt;alert('NW_XSS entity')&lt;/script&gt; &#60;b&#62;
questions:
  - id: first
    prompt: "<script>alert('NW_XSS prompt')</script> **bold** <svg onload=alert('NW_XSS')>"
    choices:
      - text: "<img src=x onerror=alert('NW_XSS')> [x](javascript:alert('NW_XSS'))"
        correct: true
        feedback: "<a href='javascript:alert(1)' onclick='alert(1)'>NW_XSS</a> [y](data:,NW_XSS)"
      - text: "`<script>` in code, and {{ 7*7 }} and {% raw %}"
        feedback: "[z](&#0000106;avascript:alert('NW_XSS'))"
    explanation: >-
      <style>body { display: none }</style>
      <form action="javascript:alert('NW_XSS')">
      <button formaction="javascript:alert(1)">Go</button></form>
outcomes:
  - id: low
    min: 0
    title: "<script>alert('NW_XSS outcome')</script>"
    text: "\"><script>alert('NW_XSS outcome text')</script> [q](javascript:alert('NW_XSS'))"
  - id: high
    min: 1
    title: "High\n---\n<script>alert('NW_XSS front matter')</script>"
    text: "Fine."
"""
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href")
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = localsite.copy_site(tmp_path_factory.mktemp("nasty"))
    (root / "quiz" / "nasty.yml").write_text(NASTY.lstrip(), encoding="utf-8")
    result = localsite.build(root, root / "site")
    assert result.returncode == 0, result.stderr  # hostile text is rendered inert, not refused
    return root / "site"


@pytest.fixture(scope="module")
def pages(built) -> dict[str, BeautifulSoup]:
    """Every built page that shows something of the quiz, parsed (entities decoded)."""
    found = {}
    for path in sorted(built.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if PAYLOAD in html or "nasty" in path.as_posix():
            found[path.relative_to(built).as_posix()] = BeautifulSoup(html, "html.parser")
    return found


@pytest.fixture(scope="module")
def quiz_page(pages) -> BeautifulSoup:
    return pages["quiz/nasty/index.html"]


def test_the_quiz_reaches_its_page_and_the_quiz_list(pages):
    assert {"quiz/nasty/index.html", "quiz/index.html"} <= set(pages)


def test_no_script_element_comes_from_quiz_text(pages):
    found = [
        f"{name}: {script}"[:200]
        for name, soup in pages.items()
        for script in soup.find_all("script")
        if PAYLOAD in str(script) or UNSAFE_SCHEME.match(script.get("src", "").strip())
    ]
    assert not found, "\n".join(found)


def test_no_element_has_an_event_handler_attribute(pages):
    found = [
        f"{name}: <{element.name} {attribute}=...>"
        for name, soup in pages.items()
        for element in soup.find_all(True)
        for attribute in element.attrs
        if attribute.lower().startswith("on")
    ]
    assert not found, "\n".join(found)


def test_no_url_uses_javascript_vbscript_or_data(pages):
    found = []
    for name, soup in pages.items():
        for element in soup.find_all(True):
            for attribute in URL_ATTRIBUTES:
                value = element.get(attribute)
                # Browsers drop control characters and spaces inside the scheme.
                if value and UNSAFE_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)):
                    found.append(f"{name}: <{element.name} {attribute}={value!r}>")
    assert not found, "\n".join(found)


def test_no_style_frame_or_form_comes_from_quiz_text(quiz_page):
    assert quiz_page.find_all(["iframe", "object", "embed", "style"]) == []
    assert quiz_page.select(".md-content form:not(.nw-quiz)") == []
    assert [e for e in quiz_page.find_all(style=True) if "display" in e["style"]] == []


def test_raw_html_in_quiz_text_is_shown_as_text(quiz_page):
    prompt = quiz_page.select_one('[data-question="first"] .nw-question__prompt')
    assert (
        prompt.get_text()
        == "<script>alert('NW_XSS prompt')</script> bold <svg onload=alert('NW_XSS')>"
    )
    choice = quiz_page.select('[data-question="first"] .nw-choice__text')[0]
    assert choice.get_text().startswith("<img src=x onerror=alert('NW_XSS')> ")


def test_safe_links_stay_links(quiz_page):
    hrefs = {a.get("href") for a in quiz_page.select(".nw-quiz__description a")}
    assert {"https://example.org/autolink", "https://example.org/safe"} <= hrefs


def test_template_syntax_in_quiz_text_is_not_evaluated(quiz_page):
    choice = quiz_page.select('[data-question="first"] .nw-choice__text')[1]
    assert choice.get_text() == "<script> in code, and {{ 7*7 }} and {% raw %}"


def test_a_quiz_marker_in_quiz_text_embeds_nothing(quiz_page):
    assert quiz_page.select('form[data-quiz="networking-expert"]') == []


def test_titles_from_quiz_text_are_text_in_the_page_head_and_header(pages):
    soup = pages["quiz/nasty/index.html"]
    title = "Nasty </title><script>alert('NW_XSS title')</script> & <b>bold</b> {{ 7*7 }}"
    assert soup.title.get_text().startswith(title)
    assert soup.find("h1").get_text(strip=True).startswith(title)
