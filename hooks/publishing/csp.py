"""A Content-Security-Policy for the built site: hashes of the inline scripts the theme writes.

Our own script is a file; Material writes a few small inline scripts (its config, the palette
switch), which differ from page to page only by relative paths, so the site-wide policy lists
the hash of every distinct one.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

# Only the script elements go through the parser: the rest of a page cannot hold one.
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.S | re.I)


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.scripts[-1] += data


def inline_scripts(html: str) -> list[str]:
    """The text of every ``<script>`` without ``src``, exactly as the browser hashes it."""
    parser = _InlineScripts()
    parser.feed("".join(m.group(0) for m in _SCRIPT.finditer(html)))
    parser.close()
    return parser.scripts


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: set[str]) -> str:
    """The site's policy: only our own origin, plus the listed inline scripts."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(sorted(hashes)),
            "style-src 'self' 'unsafe-inline'",  # Material sets style attributes at run time
            "img-src 'self' data:",  # and draws some icons from data: URLs in its stylesheet
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def headers_file(csp: str) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages) applying the policy to every path."""
    return (
        "/*\n"
        f"  Content-Security-Policy: {csp}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
    )
