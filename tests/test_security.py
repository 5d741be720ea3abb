"""Quiz text is data: whatever HTML, Markdown or template tricks it holds, the pages stay inert.

One real build of the site with a quiz whose every text field tries something (raw ``<script>``,
event handlers, ``javascript:`` and ``data:`` URLs plain, entity-encoded and by reference,
attribute lists, Markdown inside HTML, template syntax, quiz markers), then the built HTML,
parsed as a browser would (entities decoded), is searched for anything that could run. A second
quiz, embedded in an essay too, holds what is not an attack but broke pages: characters outside
the BMP, control characters, footnotes in several texts, relative links, an outcome titled like
the outcome page's own heading.
"""

from __future__ import annotations

import re
from pathlib import Path

import localsite
import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow  # one real build, shared by every test here

PAYLOAD = "NW_XSS"  # in every attack, so anything that survives can be traced to the quiz
# Attribute syntax (attr_list) that would set the theme's ids, the widget's and the theme's data-*
# attributes, classes, event handlers and autofocus: in every text field below.
ATTRS = (
    "{: #__config .md-search data-quiz=NW_XSS data-share-url=https://NW_XSS.example "
    "data-md-component=NW_XSS onfocus=alert(1) autofocus }"
)
# The same, short enough for a title (at most 120 characters).
SHORT_ATTRS = "{: #__config data-quiz=NW_XSS onfocus=alert(1) autofocus }"
NASTY = r"""
title: "Nasty </title><script>alert(1)</script> & <b>b</b> {{ 7*7 }} @SHORT@"
description: |-
  <script>alert('NW_XSS description')</script> <img src=x onerror="alert('NW_XSS')">
  {#__config}

  # A heading @ATTRS@

  [a link](https://example.org/){#__search data-md-component=NW_XSS}

  [plain](javascript:alert('NW_XSS')) [decimal](&#106;avascript:alert('NW_XSS'))
  [hex](&#x6A;avascript:alert('NW_XSS')) [named](javascript&colon;alert('NW_XSS'))
  [tabbed](<java&#9;script:alert('NW_XSS')>) [cased](JaVaScRiPt:alert('NW_XSS'))
  [vb](vbscript:msgbox('NW_XSS')) [data](data:text/html;base64,PHNjcmlwdD5OV19YU1M8L3NjcmlwdD4=)
  [angle](<javascript:alert('NW_XSS')>) [by reference][evil] <javascript:alert('NW_XSS')>
  <https://example.org/autolink> [a safe link](https://example.org/safe)

  [evil]: javascript:alert('NW_XSS')
questions:
  - id: first
    prompt: "<script>alert('NW_XSS prompt')</script> **bold** <svg onload=alert('NW_XSS')>"
    choices:
      - text: "<img src=x onerror=alert('NW_XSS')> [x](javascript:alert('NW_XSS'))"
        correct: true
        feedback: "<a href='javascript:alert(1)' onclick='alert(1)'>NW_XSS</a> [y](data:,NW_XSS)"
      - text: "`<script>` in code, and {{ 7*7 }} and {% raw %}"
        feedback: "[z](&#0000106;avascript:alert('NW_XSS'))"
    explanation: |-
      <style>body { display: none }</style>
      <form action="javascript:alert('NW_XSS')">
      <button formaction="javascript:alert(1)">Go</button></form>

      A paragraph with attributes.
      {: onclick="alert('NW_XSS')" style="display: none" }

      [attributes](https://example.org/){: onmouseover="alert(1)" href="javascript:alert(1)" }

      ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
      ![js](javascript:alert('NW_XSS'))

      <div markdown="1" onclick="alert('NW_XSS')">Markdown in HTML</div>

      !!! note "<script>alert('NW_XSS admonition')</script>"
          An admonition <iframe src="javascript:alert('NW_XSS')"></iframe>

      <!-- quiz: networking-expert -->

      Entities: &lt;script&gt;alert('NW_XSS entity')&lt;/script&gt; &#60;b&#62;
  - id: attributes
    prompt: "A prompt @ATTRS@"
    choices:
      - text: "A choice @ATTRS@"
        correct: true
        feedback: "Feedback @ATTRS@"
      - text: "[A link](https://example.org/){#__config onclick=alert(1)}"
    explanation: "An explanation\n@ATTRS@"
outcomes:
  - id: low
    min: 0
    title: "<script>alert('NW_XSS outcome')</script>"
    text: "\"><script>alert('NW_XSS outcome text')</script> [q](javascript:alert('NW_XSS'))"
  - id: high
    min: 1
    title: "High\n---\n<script>alert('NW_XSS')</script> @SHORT@"
    text: "Fine.\n@ATTRS@"
""".replace("@ATTRS@", ATTRS).replace("@SHORT@", SHORT_ATTRS)
# Not an attack: text that used to break pages. Embedded in an essay as well as on its own page.
ESSAY = "blog/posts/can-i-pick-your-brain.md"
EXTRAS = r"""
title: "Emoji \U0001F600 and \U0001D518 in a title"
description: "A description with \U0001F600, a NUL \0 here, a note[^1] and\
  \ [the essay](ESSAY#asking-well).\n\n[^1]: The description's note."
questions:
  - id: only
    prompt: |-
      Read [the essay](ESSAY) first. Then pick:

      - a list item
      - and another

      ```
      some code
      ```
    choices:
      - text: "Yes\0 \a"
        correct: true
        feedback: "A note[^1] in feedback.\n\n[^1]: The feedback's note."
      - text: "No"
    explanation: "A note[^1] in the explanation.\n\n[^1]: The explanation's note."
outcomes:
  - id: the-other-outcomes
    min: 0
    title: The other outcomes
    text: "Read [the essay](ESSAY) again[^1].\n\n[^1]: The outcome's note."
""".replace("ESSAY", ESSAY)

URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href")
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


def heading_text(heading) -> str:
    """A heading's text, without its permalink."""
    return "".join(
        part.get_text()
        for part in heading.children
        if "headerlink" not in getattr(part, "attrs", {}).get("class", [])
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = localsite.copy_site(tmp_path_factory.mktemp("nasty"))
    (root / "quiz" / "nasty.yml").write_text(NASTY.lstrip(), encoding="utf-8")
    (root / "quiz" / "extras.yml").write_text(EXTRAS.lstrip(), encoding="utf-8")
    essay = root / "docs" / ESSAY
    essay.write_text(essay.read_text(encoding="utf-8") + "\n<!-- quiz: extras -->\n")
    result = localsite.build(root, root / "site")
    assert result.returncode == 0, result.stderr  # hostile text is rendered inert, not refused
    return root / "site"


@pytest.fixture(scope="module")
def pages(built) -> dict[str, BeautifulSoup]:
    """Every built page that shows something of the quiz, parsed (entities decoded)."""
    found = {}
    for path in sorted(built.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if PAYLOAD in html or "nasty" in path.as_posix() or "extras" in path.as_posix():
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
    title = f"Nasty </title><script>alert(1)</script> & <b>b</b> {{{{ 7*7 }}}} {SHORT_ATTRS}"
    assert soup.title.get_text() == f"{title} - Notworking"
    assert heading_text(soup.find("h1")) == title


def test_no_element_has_autofocus_or_a_style_from_quiz_text(pages):
    found = [
        f"{name}: <{element.name} {attribute}=...>"
        for name, soup in pages.items()
        for element in soup.select(".md-content *")
        for attribute in element.attrs
        if attribute in ("autofocus", "style")
    ]
    assert not found, "\n".join(found)


def test_quiz_text_sets_no_id_data_attribute_or_class(pages):
    found = [
        f"{name}: <{element.name} {attribute}={value!r}>"
        for name, soup in pages.items()
        for element in soup.find_all(True)
        for attribute, value in element.attrs.items()
        # data-quiz-title holds the quiz's title, as text: the widget shows it when sharing.
        if (attribute in ("id", "class") or attribute.startswith("data-"))
        and attribute != "data-quiz-title"
        and (PAYLOAD in str(value) or ("md-search" in value and element.name != "div"))
    ]
    assert not found, "\n".join(found)


def test_the_theme_ids_belong_to_the_theme(pages):
    found = {
        name: [(e.name, e.get("id")) for e in soup.find_all(id=["__config", "__search"])]
        for name, soup in pages.items()
    }
    assert found == {name: [("input", "__search"), ("script", "__config")] for name in pages}


def test_no_page_repeats_an_id(pages):
    repeated = {}
    for name, soup in pages.items():
        ids = [element["id"] for element in soup.find_all(id=True)]
        if len(ids) != len(set(ids)):
            repeated[name] = sorted({i for i in ids if ids.count(i) > 1})
    assert repeated == {}


def test_every_link_within_quiz_text_finds_its_target(pages):
    missing = [
        f"{name}: {a['href']}"
        for name, soup in pages.items()
        for a in soup.select(".nw-quiz a[href^='#'], .nw-outcome-page a[href^='#']")
        if soup.find(id=a["href"][1:]) is None
    ]
    assert not missing, "\n".join(missing)
    footnotes = [a["href"] for a in pages["quiz/extras/index.html"].select("a.footnote-ref")]
    assert len(footnotes) == 4  # description, feedback, explanation, outcome text


def test_characters_outside_the_bmp_reach_title_meta_and_heading(pages):
    soup = pages["quiz/extras/index.html"]
    title = "Emoji \U0001f600 and \U0001d518 in a title"
    assert soup.title.get_text() == f"{title} - Notworking"
    assert soup.find("meta", property="og:title")["content"] == title
    assert [heading_text(h1) for h1 in soup.find_all("h1")] == [title]
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("A description with \U0001f600, a NUL \ufffd here")


def test_no_control_character_from_quiz_text_reaches_a_page(built):
    found = [
        f"{path.relative_to(built)}: {char!r}"
        for path in sorted(built.rglob("*.html"))
        for char in ("\x00", "\x07")
        if char in path.read_text(encoding="utf-8")
    ]
    assert not found, "\n".join(found)


def test_lists_and_code_in_a_prompt_are_shown(pages):
    prompt = pages["quiz/extras/index.html"].select_one('[data-question="only"] legend')
    assert prompt.select_one(".nw-question__prompt").decode_contents() == (
        'Read <a href="../../blog/can-i-pick-your-brain/">the essay</a> first. Then pick:<br/>'
        "• a list item<br/>• and another<br/><span></span><code>some code</code>"
    )


@pytest.mark.parametrize(
    "page",
    [
        "quiz/extras/index.html",
        "quiz/extras/result/the-other-outcomes/index.html",
        "blog/can-i-pick-your-brain/index.html",
    ],
)
def test_relative_links_in_quiz_text_lead_to_the_essay_from_every_page(built, pages, page):
    essay = built / "blog" / "can-i-pick-your-brain" / "index.html"
    links = [a["href"] for a in pages[page].select("a") if a.get_text() == "the essay"]
    assert links, page
    for href in links:
        target = (built / page).parent / href.partition("#")[0] / "index.html"
        assert target.resolve() == essay, (page, href)
