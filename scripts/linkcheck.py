"""Every link in a built site leads somewhere, offline: ``python scripts/linkcheck.py SITE_DIR``.

Reads every URL attribute of every HTML file in the built site (essays, the pages the quiz hook
generates, the theme's own HTML) and reports, as ``page.html:LINE: message`` lines (exit 1):

- a relative URL whose file is not in the site (a directory URL means its ``index.html``),
  or whose ``#anchor`` is no ``id`` or ``name`` in the target page;
- a scheme other than http, https and mailto (``javascript:``, ``data:``...);
- a malformed URL (spaces or control characters, a bad host or port, ``http:`` with no host).

MkDocs validates the links it writes from Markdown; this checks the HTML it and everything else
wrote. External URLs are only collected here: ``linkcheck_online.py`` fetches them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "cite", "data"}
SCHEMES = {"http", "https", "mailto"}
_BASE = "https://site.invalid/"  # relative URLs are resolved as if the site were served here
_BAD_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


@dataclass(frozen=True)
class Link:
    page: str  # the HTML file, relative to the site folder
    line: int
    attribute: str
    url: str

    def problem(self, message: str) -> str:
        return f"{self.page}:{self.line}: {self.attribute} '{self.url}': {message}"


@dataclass
class Page:
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for attribute, value in attrs:
            if value is None:
                continue
            if attribute == "id" or (attribute == "name" and tag in ("a", "map")):
                self.page.anchors.add(value)
            elif attribute == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.page.links.append(Link(self.name, line, attribute, url))
            elif attribute in URL_ATTRIBUTES:
                # Browsers drop leading and trailing spaces (as in href=" x "), so do we.
                url = value.strip(" \t\n\f\r")
                self.page.links.append(Link(self.name, line, attribute, url))

    handle_startendtag = handle_starttag


def read_page(path: Path, name: str) -> Page:
    reader = _Reader(name)
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    reader.close()
    return reader.page


def read_site(site_dir: Path) -> dict[str, Page]:
    """Every HTML file of the site by its site-relative path (``about/index.html``)."""
    names = {path.relative_to(site_dir).as_posix(): path for path in site_dir.rglob("*.html")}
    return {name: read_page(names[name], name) for name in sorted(names)}


def links(pages: dict[str, Page]) -> Iterator[Link]:
    for page in pages.values():
        yield from page.links


def malformed(url: str) -> str | None:
    """Why ``url`` is not a well-formed URL, or None."""
    bad = _BAD_CHARACTERS.search(url)
    if bad:
        shown = {" ": "a space", "\\": "a backslash"}.get(bad.group(), f"{bad.group()!r}")
        return f"malformed URL: contains {shown}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        return f"malformed URL: {error}"
    if parts.scheme in ("http", "https") and not parts.hostname:
        return "malformed URL: no host"
    if parts.scheme == "mailto" and not parts.path:
        return "malformed URL: no address"
    if not parts.scheme and url.startswith("//"):
        return "protocol-relative URL: write https:// in full"
    return None


def check_link(link: Link, site_dir: Path, pages: dict[str, Page]) -> str | None:
    """The problem with one link, or None."""
    problem = malformed(link.url)
    if problem:
        return problem
    parts = urlsplit(link.url)
    if parts.scheme:
        return None if parts.scheme.lower() in SCHEMES else f"scheme '{parts.scheme}' not allowed"
    target = urlsplit(urljoin(_BASE + link.page, link.url))
    path = unquote(target.path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    file = site_dir / path
    if file.is_dir():
        return f"'{path}' is a folder: end the URL with '/'"
    if not file.is_file():
        return f"no such file in the site: '{path}'"
    anchor = unquote(target.fragment)
    if anchor and path in pages and anchor not in pages[path].anchors:
        return f"no id or name '{anchor}' in '{path}'"
    return None


def check_site(site_dir: Path, pages: dict[str, Page] | None = None) -> list[str]:
    """Every broken, unsafe or malformed link in the built site, sorted by page and line."""
    pages = read_site(site_dir) if pages is None else pages
    found = {
        (link.page, link.line, link.problem(problem))
        for link in links(pages)
        if (problem := check_link(link, site_dir, pages))
    }
    return [text for _, _, text in sorted(found)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python scripts/linkcheck.py SITE_DIR", file=sys.stderr)
        return 2
    site_dir = Path(args[0])
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}: no index.html; build the site first", file=sys.stderr)
        return 2
    pages = read_site(site_dir)
    problems = check_site(site_dir, pages)
    for problem in problems:
        print(problem)
    count = sum(len(page.links) for page in pages.values())
    print(f"{len(pages)} pages, {count} links: {len(problems) or 'no'} problems.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
