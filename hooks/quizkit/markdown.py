"""Markdown for quiz text: the site's own extensions, with raw HTML shown as text.

Quiz text is data, not page source: a ``<script>`` in a choice must appear as those characters,
and a ``javascript:`` link must not become clickable. Python-Markdown has no safe mode, so we
drop its raw-HTML handlers and clean URLs and event attributes after parsing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# Extensions that make no sense inside a quiz: permalinks on headings, files pulled in by name.
SKIPPED_EXTENSIONS = {"toc", "markdown.extensions.toc", "pymdownx.snippets"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
# One line of text that Python-Markdown, with the extensions below, would only wrap in <p>:
# no inline syntax anywhere, no block syntax at its start, no smartsymbols replacement.
_PLAIN = re.compile(r"[^\\`*_{}\[\]<>&|~^$\x00-\x1f\x7f]*")
_BLOCK_START = re.compile(r"[-+*=>:?!#|~`]|\d+[.)](\s|$)")
_SMART = re.compile(r"\((?:c|r|tm)\)|c/o|\+/-|=/=|-->|<--|\d/\d|\d(?:st|nd|rd|th)\b|!\[", re.I)
# Extensions whose syntax the checks above know; with any other, every text is parsed.
FAST_PATH_EXTENSIONS = {
    "abbr",
    "admonition",
    "attr_list",
    "codehilite",
    "def_list",
    "fenced_code",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.smartsymbols",
}


def _is_plain(text: str) -> bool:
    stripped = text.rstrip("\n")  # YAML's ">" keeps a final newline; Markdown drops it
    return bool(
        stripped
        and stripped == stripped.strip()  # Markdown keeps other edge spaces: leave those to it
        and _PLAIN.fullmatch(stripped)
        and not _BLOCK_START.match(stripped)
        and not _SMART.search(stripped)
    )


def is_safe_url(url: str) -> bool:
    """True for relative URLs and http, https and mailto; false for javascript: and friends."""
    # Python-Markdown writes character references in URLs through unchanged and browsers decode
    # them ("&#106;avascript:" is "javascript:"): check what the browser will see.
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


class _Sanitize(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                if name.lower().startswith("on") or name.lower() in (
                    "style",
                    "srcdoc",
                    "formaction",
                ):
                    del element.attrib[name]
            for name in ("href", "src"):
                if name in element.attrib and not is_safe_url(element.attrib[name]):
                    del element.attrib[name]


class _Safe(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitize(md), "notworking_sanitize", 0)


class MarkdownRenderer:
    """Renders quiz text to HTML with the site's Markdown extensions, raw HTML escaped."""

    def __init__(
        self,
        extensions: Sequence[Any] = (),
        configs: Mapping[str, Any] | None = None,
        *,
        fast: bool = True,
    ) -> None:
        kept = [e for e in extensions if not (isinstance(e, str) and e in SKIPPED_EXTENSIONS)]
        names = {str(e).removeprefix("markdown.extensions.") for e in kept}
        self._fast = fast and names <= FAST_PATH_EXTENSIONS
        # One build's renders: the same text (a quiz embedded in an essay and on its own page,
        # a right answer that is also a choice) is parsed once. A new renderer per build.
        self._cache: dict[tuple[str, str], Markup] = {}
        self._md = markdown.Markdown(
            extensions=[*kept, _Safe()],
            extension_configs={
                k: v for k, v in (configs or {}).items() if k not in SKIPPED_EXTENSIONS
            },
        )

    def block(self, text: str) -> Markup:
        """Markdown as block HTML (paragraphs, lists...)."""
        return self._cached("block", text, self._block)

    def inline(self, text: str) -> Markup:
        """Markdown as phrasing content for a label or legend: paragraphs become lines."""
        return self._cached("inline", text, self._inline)

    def _cached(self, kind: str, text: str, render: Callable[[str], Markup]) -> Markup:
        found = self._cache.get((kind, text))
        if found is None:
            found = self._cache[kind, text] = render(text)
        return found

    def _block(self, text: str) -> Markup:
        if not text.strip():
            return Markup("")
        if self._fast and _is_plain(text):
            return Markup(f"<p>{text.strip()}</p>")  # nothing to escape: no <, > or &
        self._md.reset()
        return Markup(self._md.convert(text))

    def _inline(self, text: str) -> Markup:
        if self._fast and _is_plain(text):
            return Markup(text.strip())
        html = str(self.block(text)).strip()
        paragraphs = re.findall(r"<p>(.*?)</p>", html, flags=re.S)
        if paragraphs and re.fullmatch(r"(\s*<p>.*?</p>\s*)+", html, flags=re.S):
            return Markup("<br>".join(paragraphs))
        return Markup(
            re.sub(r"</?(p|ul|ol|li|blockquote|h[1-6]|div|pre)\b[^>]*>", " ", html).strip()
        )
