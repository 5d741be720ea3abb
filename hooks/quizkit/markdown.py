"""Markdown for quiz text: the site's own extensions, with raw HTML shown as text.

Quiz text is data, not page source: a ``<script>`` in a choice must appear as those characters,
and a ``javascript:`` link must not become clickable. Python-Markdown has no safe mode, so we
drop its raw-HTML handlers and clean URLs and event attributes after parsing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

# Extensions that make no sense inside a quiz: permalinks on headings, files pulled in by name.
SKIPPED_EXTENSIONS = {"toc", "markdown.extensions.toc", "pymdownx.snippets"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
# Text with none of these characters renders to itself: skip the parser (most choices).
_PLAIN = re.compile(r"^[^\\`*_{}\[\]<>()#+\-.!|~&:=\"'^$@\n]*$")


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
        self, extensions: Sequence[Any] = (), configs: Mapping[str, Any] | None = None
    ) -> None:
        kept = [e for e in extensions if not (isinstance(e, str) and e in SKIPPED_EXTENSIONS)]
        self._md = markdown.Markdown(
            extensions=[*kept, _Safe()],
            extension_configs={
                k: v for k, v in (configs or {}).items() if k not in SKIPPED_EXTENSIONS
            },
        )

    def block(self, text: str) -> Markup:
        """Markdown as block HTML (paragraphs, lists...)."""
        if _PLAIN.match(text):
            return Markup(f"<p>{escape(text.strip())}</p>") if text.strip() else Markup("")
        self._md.reset()
        return Markup(self._md.convert(text))

    def inline(self, text: str) -> Markup:
        """Markdown as phrasing content for a label or legend: paragraphs become lines."""
        if _PLAIN.match(text):
            return escape(" ".join(text.split()))
        html = str(self.block(text)).strip()
        paragraphs = re.findall(r"<p>(.*?)</p>", html, flags=re.S)
        if paragraphs and re.fullmatch(r"(\s*<p>.*?</p>\s*)+", html, flags=re.S):
            return Markup("<br>".join(paragraphs))
        return Markup(
            re.sub(r"</?(p|ul|ol|li|blockquote|h[1-6]|div|pre)\b[^>]*>", " ", html).strip()
        )
