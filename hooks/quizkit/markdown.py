"""Markdown for quiz text, and the one gate every piece of it passes on its way to a page.

Quiz text is data, not page source: a ``<script>`` in a choice must appear as those characters,
a ``javascript:`` link must not become clickable, and nothing an author writes may set an id, a
``data-*`` attribute, a style or an event handler (the theme reads its configuration from an
element with a known id; the widget trusts its own ``data-*`` attributes). So:

- Python-Markdown renders it with the site's extensions, minus raw HTML (shown as text) and minus
  the extensions that let text set attributes (``attr_list``, ``md_in_html``) or ids (``toc``).
- Every rendered fragment then goes through ``sanitize``: nh3 (ammonia) with an allow-list of
  tags, attributes, classes and URL schemes. (Plain text, the fast path, holds no markup and no
  "<", ">", "&" or control character: nothing to sanitise.) Our own code does only what an
  allow-list cannot: ids are namespaced per text (footnotes stay unique on a page and can never
  be a theme's or template's id), and text for a label or legend is made phrasing content.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from collections.abc import Callable, Mapping, Sequence
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape
from pygments.token import STANDARD_TYPES

# Extensions quiz text does without: permalinks and ids on headings, files pulled in by name,
# and attribute syntax (quiz text sets no attributes at all: see the module docstring).
SKIPPED_EXTENSIONS = {"toc", "attr_list", "md_in_html", "pymdownx.snippets"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
# C0 controls but tab and newline (a YAML "\0" escape, say): never written into a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# One line of text that Python-Markdown, with the extensions below, would only wrap in <p>:
# no inline syntax anywhere, no block syntax at its start, no smartsymbols replacement. _PLAIN:
# no inline syntax character, no control character, no ordinal (smartsymbols makes 2nd
# 2<sup>nd</sup>); possessive, so a refused text costs no backtracking.
_PLAIN = re.compile(r"(?:[^\\`*_{}\[\]<>&|~^$\x00-\x1f\x7f\d]++|\d++(?!(?i:st|nd|rd|th)\b))*+")
# The same for ASCII text (most quiz text), with [0-9] for \d: a set of ASCII characters the
# regex engine tests with one table lookup, where \d (any Unicode digit) is a category it must
# check at every character. 0.49 µs for a text of 100 characters instead of 1.15.
_PLAIN_ASCII = re.compile(
    r"(?:[^\\`*_{}\[\]<>&|~^$\x00-\x1f\x7f0-9]++|[0-9]++(?!(?i:st|nd|rd|th)\b))*+"
)
_BLOCK_START = re.compile(r"[-+*=>:?!#|~`]|\d+[.)](\s|$)")
# The other smartsymbols replacements in text _PLAIN accepts (which has no "<", ">" or "["):
# each starts at a "(" or a "/".
_SMART_SYMBOL = re.compile(r"\((?:c|r|tm)\)", re.I)
_SMART_SLASH = re.compile(r"c/o|\+/-|=/=|\d/\d", re.I)
# Extensions whose syntax the checks above know; with any other, every text is parsed.
FAST_PATH_EXTENSIONS = {
    "abbr",
    "admonition",
    "codehilite",
    "def_list",
    "fenced_code",
    "footnotes",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.smartsymbols",
}

# The allow-list. Tags: what Python-Markdown and the site's extensions write for Markdown.
TAGS = {
    *("a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt"),
    *("em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark"),
    *("ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup"),
    *("table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var"),
}
ATTRIBUTES = {
    "*": {"id"},  # only the ids we namespaced: see _keep_attribute
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "details": {"open"},
    "td": {"align"},
    "th": {"align"},
}
# The admonition types Material styles (and their aliases): `!!! note`, `??? warning`...
ADMONITIONS = {
    *("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important"),
    *("success", "check", "done", "question", "help", "faq", "warning", "caution", "attention"),
    *("failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"),
}
CLASSES = {
    "div": {"admonition", "footnote", "highlight", *ADMONITIONS},
    "details": ADMONITIONS,
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
    "span": {token for token in STANDARD_TYPES.values() if token},  # Pygments' highlighting
}
ID_PREFIX = "nw-"
_OUR_ID = re.compile(rf"{ID_PREFIX}[0-9a-f]{{8}}-")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # An allow-list names attributes, not values: an id passes only in our namespace.
    if attribute == "id" and not _OUR_ID.match(value):
        return None
    return value


def sanitize(fragment: str) -> Markup:
    """HTML reduced to the allow-list: the last step of every route author text takes."""
    return Markup(
        nh3.clean(
            _CONTROL.sub("\ufffd", fragment),
            tags=TAGS,
            attributes=ATTRIBUTES,
            allowed_classes=CLASSES,
            attribute_filter=_keep_attribute,
            url_schemes=SAFE_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )
    )


def clean_text(text: str) -> str:
    """Author text with line breaks made ``\\n`` and other control characters made U+FFFD."""
    # Searched first: most text has neither, and a search costs less than a substitution.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("\ufffd", text) if _CONTROL.search(text) else text


def is_docs_path(url: str) -> bool:
    """True for a relative URL that names a file in docs/ (``essays/x.md#h``): not a fragment,
    not absolute, no scheme."""
    return bool(url) and url[0] not in "#/?" and _SCHEME.match(url) is None


_URL_ATTRIBUTE = re.compile(r'(<(?:a|img)\s[^>]*?\b(?:href|src)=")([^"]*)"')


def relink(fragment: Markup, link: Callable[[str], str]) -> Markup:
    """Sanitised HTML with each relative URL, a docs path, replaced by ``link(path)``: the URL
    from the page the fragment is shown on."""

    if "href=" not in fragment and "src=" not in fragment:  # most text: no copy made
        return fragment
    text = str(fragment)

    def one(match: re.Match[str]) -> str:
        url = html_lib.unescape(match.group(2))
        if not is_docs_path(url):
            return match.group(0)
        return f'{match.group(1)}{escape(link(url))}"'

    # nh3 writes every attribute in double quotes, with any '"' or '>' in a value escaped.
    return Markup(_URL_ATTRIBUTE.sub(one, text))


def _is_plain(text: str) -> bool:
    stripped = text.rstrip("\n")  # YAML's ">" keeps a final newline; Markdown drops it
    return bool(
        stripped
        and stripped == stripped.strip()  # Markdown keeps other edge spaces: leave those to it
        and (_PLAIN_ASCII if stripped.isascii() else _PLAIN).fullmatch(stripped)
        and not _BLOCK_START.match(stripped)
        and not _smart_symbol(stripped)
    )


def _smart_symbol(text: str) -> bool:
    """Whether smartsymbols would replace something in ``text`` (which ``_PLAIN`` accepts): a
    symbol such as (c) or a fraction such as 1/2. Found from each "(" and "/", which few texts
    have many of, rather than by searching every position of every text."""
    if "(" in text and _SMART_SYMBOL.search(text):
        return True
    slash = text.find("/", 1)
    while slash != -1:
        if _SMART_SLASH.match(text, slash - 1):
            return True
        slash = text.find("/", slash + 1)
    return False


class _Namespace(Treeprocessor):
    """Prefixes every id in a text's tree with one per text, and the links that point at them,
    so two texts on a page (each with a footnote ``[^1]``) never share an id."""

    prefix = ID_PREFIX

    def run(self, root: Element) -> None:
        renamed = {}
        for element in root.iter():
            if "id" in element.attrib:
                renamed[element.attrib["id"]] = self.prefix + element.attrib["id"]
                element.attrib["id"] = renamed[element.attrib["id"]]
        for element in root.iter("a"):
            href = element.get("href", "")
            if href.startswith("#") and href[1:] in renamed:
                element.set("href", "#" + renamed[href[1:]])


class _Safe(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After footnotes (50, 15) and prettify (10) have set every id.
        md.treeprocessors.register(_Namespace(md), "notworking_namespace", 1)


def _name(extension: Any) -> str:
    return str(extension).removeprefix("markdown.extensions.")


class MarkdownRenderer:
    """Renders quiz text to sanitised HTML with the site's Markdown extensions."""

    def __init__(
        self,
        extensions: Sequence[Any] = (),
        configs: Mapping[str, Any] | None = None,
        *,
        fast: bool = True,
    ) -> None:
        # What the renderer was made from: the build's cache key names it.
        self.extensions, self.configs, self.fast = list(extensions), dict(configs or {}), fast
        kept = [e for e in extensions if _name(e) not in SKIPPED_EXTENSIONS]
        self._fast = fast and {_name(e) for e in kept} <= FAST_PATH_EXTENSIONS
        configs = {k: v for k, v in (configs or {}).items() if _name(k) not in SKIPPED_EXTENSIONS}
        for name in (e for e in kept if isinstance(e, str) and _name(e) == "tables"):
            # An align attribute, not a style: quiz text gets no style attributes.
            configs[name] = {**configs.get(name, {}), "use_align_attribute": True}
        # One build's renders: the same text (a quiz embedded in an essay and on its own page,
        # a right answer that is also a choice) is parsed once. A new renderer per build.
        # One dict per kind: a lookup makes no key tuple (a form looks up some ten texts a
        # question).
        self._blocks: dict[str, Markup] = {}
        self._inlines: dict[str, Markup] = {}
        self._plains: dict[str, str] = {}  # an outcome's page names every other outcome
        self._md = markdown.Markdown(extensions=[*kept, _Safe()], extension_configs=configs)
        self._namespace: _Namespace = self._md.treeprocessors["notworking_namespace"]

    def block(self, text: str) -> Markup:
        """Markdown as block HTML (paragraphs, lists...)."""
        found = self._blocks.get(text)
        if found is None:
            found = self._blocks[text] = self._block(clean_text(text))
        return found

    def inline(self, text: str) -> Markup:
        """Markdown as phrasing content for a label, legend or heading: paragraphs, list items,
        code lines and footnotes become lines (see ``_Phrasing``)."""
        found = self._inlines.get(text)
        if found is None:
            found = self._inlines[text] = self._inline(clean_text(text))
        return found

    def plain(self, text: str) -> str:
        """The text a reader sees of ``inline(text)``: for page titles, meta tags and cards."""
        found = self._plains.get(text)
        if found is None:
            # striptags unescapes too
            found = self._plains[text] = " ".join(self.inline(text).striptags().split())
        return found

    def _convert(self, text: str) -> str:
        # Ids from this text (footnotes) are namespaced by its content: unique per text, the
        # same in every build.
        digest = hashlib.blake2s(text.encode("utf-8", "surrogatepass"), digest_size=4)
        self._namespace.prefix = f"{ID_PREFIX}{digest.hexdigest()}-"
        self._md.reset()
        return self._md.convert(text)

    def _block(self, text: str) -> Markup:
        if not text.strip():
            return Markup("")
        if self._fast and _is_plain(text):
            return Markup(f"<p>{text.strip()}</p>")  # see _inline
        return sanitize(self._convert(text))

    def _inline(self, text: str) -> Markup:
        if not text.strip():
            return Markup("")
        if self._fast and _is_plain(text):
            # No markup, no "<", ">", "&" or control character: nothing a sanitiser could act
            # on, so the gate is passed by construction (it costs 36 of this path's 40 µs).
            return Markup(text.strip())
        return sanitize(_Phrasing.convert(self._convert(text)))


class _Phrasing(HTMLParser):
    """Block HTML made phrasing content (what a ``<legend>`` or ``<label>`` may hold), in one
    linear pass: each paragraph, list item, heading, table row, code line and footnote starts a
    new line (a ``<br>``); list items keep a bullet or their number; headings become
    ``<strong>``. A choice is shown up to four times on a page, so nothing keeps an id: footnote
    references become plain superscript numbers and the notes numbered lines."""

    PHRASING = frozenset(
        {
            *("a", "abbr", "b", "br", "code", "del", "em", "i", "img", "ins", "kbd", "mark"),
            *("q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var"),
        }
    )
    VOID = frozenset({"br", "img"})
    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.line_break = False  # a new line is due before the next content
        self.fresh = False  # just after a bullet: the item's first paragraph goes on its line
        self.lists: list[list[int]] = []  # per open list: [next number], or [] for bullets
        self.links: list[str | None] = []  # per open <a>: its end tag, or None if left out
        self.hidden = 0  # inside a footnote's back link: left out, content and all
        self.in_pre = 0
        self.in_row = self.in_cell = False
        self.cells = 0

    @classmethod
    def convert(cls, fragment: str) -> str:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return "".join(parser.out).strip()

    def _content(self, piece: str) -> None:
        if self.line_break and self.out:
            self.out.append("<br>")
        self.line_break = self.fresh = False
        self.out.append(piece)

    def _new_line(self) -> None:
        if not self.fresh:
            self.line_break = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            self.hidden += tag == "a"
            return
        if tag == "a":
            classes = (dict(attrs).get("class") or "").split()
            if "footnote-backref" in classes:
                self.hidden = 1
                return
            self.links.append(None if "footnote-ref" in classes else "</a>")
            if self.links[-1] is None:
                return
        if tag in self.PHRASING:
            shown = "".join(
                f' {name}="{html_lib.escape(value or "")}"' for name, value in attrs if name != "id"
            )
            self._content(f"<{tag}{shown}>")
        elif tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.lists.append([int(start)] if tag == "ol" and start.isdigit() else [])
            self._new_line()
        elif tag == "li":
            self.line_break = True
            numbered = self.lists[-1] if self.lists else []
            self._content(f"{numbered[0]}. " if numbered else "\u2022 ")
            if numbered:
                numbered[0] += 1
            self.fresh = True
        elif tag in ("td", "th"):
            self.in_cell = True
            self.cells += 1
            if self.cells > 1:
                self._content(" | ")
        else:
            self._new_line()
            if tag == "tr":
                self.in_row, self.cells = True, 0
            elif tag == "pre":
                self.in_pre += 1
            elif tag in self.HEADINGS:
                self._content("<strong>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            self.hidden -= tag == "a"
            return
        if tag == "a":
            end = self.links.pop() if self.links else None
            if end:
                self.out.append(end)
        elif tag in self.PHRASING:
            if tag not in self.VOID:
                self.out.append(f"</{tag}>")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.line_break = True
        elif tag in self.HEADINGS:
            self.out.append("</strong>")
            self.line_break = True
        elif tag in ("td", "th"):
            self.in_cell = False
        else:
            self.line_break = True
            if tag == "tr":
                self.in_row = False
            elif tag == "pre":
                self.in_pre = max(0, self.in_pre - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.in_pre:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self.line_break = True
                if line:
                    # Code keeps its indentation: spaces that HTML would otherwise collapse.
                    self._content(html_lib.escape(line, quote=False).replace("  ", "\u00a0 "))
        elif data.strip():
            self._content(html_lib.escape(data, quote=False))
        elif not (self.line_break or self.fresh or (self.in_row and not self.in_cell)):
            self.out.append(data)  # a space between two words or elements of one line
