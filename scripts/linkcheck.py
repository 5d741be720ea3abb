"""Every link in a built site leads somewhere, offline: ``python scripts/linkcheck.py SITE_DIR``.

Prints one ``page.html:LINE:COL: message`` line per problem, sorted (exit 1 on any, 2 when it
cannot run). Two checkers, each doing what the other cannot:

lychee (the maintained Rust link checker; pinned in requirements/test.in, set up in lychee.toml)
reads every HTML, CSS, XML and text file of the site, with ``--offline`` (no request leaves the
machine), and reports:

- a relative or root-relative URL whose file is not in the site (a folder URL needs its
  ``index.html``), in any URL attribute (href, src, srcset, action, formaction, poster, cite,
  data...) or CSS ``url()``;
- a ``#fragment`` that is no id or name in the target page;
- a URL on the site's own address (site_url: canonical links, the sitemap, the feeds,
  robots.txt) whose file is not in the site: ``--remap`` points that address at the site folder;
- a URL that cannot be parsed (a bad host, port or IPv6 address).

This script checks the rest itself, on the raw attribute text, because lychee cannot (each shown
by a planted defect in tests/test_links.py):

- schemes other than http, https and mailto: lychee skips ``javascript:`` and ``data:`` silently;
- URLs a browser would repair without a word: spaces, control characters and backslashes (lychee,
  like a browser, percent-encodes or rewrites them), ``https:///path`` and ``http:host`` (it
  reads a host into them), ``mailto:`` with no address (skipped), protocol-relative ``//host``
  (read as ``file://host``);
- a folder URL without its final slash: lychee serves the folder's index.html, the browser then
  resolves that page's relative links against the wrong folder;
- links on elements lychee skips by design (``rel`` exactly ``nofollow``, ``preconnect`` or
  ``dns-prefetch``, or a ``prefix`` attribute): their file and fragment are checked here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from subprocess import PIPE, Popen, TimeoutExpired
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "lychee.toml"
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "cite", "data"}
SCHEMES = {"http", "https", "mailto"}
OFFLINE_TIMEOUT = 300.0  # seconds; offline, lychee needs well under one for this site
_BASE = "https://site.invalid/"  # relative URLs are resolved as if the site were served here
_BAD_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")
# What lychee's HTML extractor leaves out (lychee-lib/src/extract/html/html5gum.rs, flush_links).
_SKIPPED_RELS = {"nofollow", "preconnect", "dns-prefetch"}


class LinkcheckError(Exception):
    """lychee is missing or failed to run: not a verdict on the site."""


@dataclass(frozen=True)
class Link:
    page: str  # the HTML file, relative to the site folder
    line: int
    column: int  # where the attribute's value starts, 1-based, as lychee counts
    attribute: str
    url: str
    skipped_by_lychee: bool = False

    def problem(self, message: str) -> str:
        return f"{self.page}:{self.line}:{self.column}: {self.attribute} '{self.url}': {message}"


@dataclass
class Page:
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.page = Page()

    def _position(self, attribute: str) -> tuple[int, int]:
        """Line and column of ``attribute``'s value in the start tag being read."""
        line, offset = self.getpos()
        text = self.get_starttag_text() or ""
        found = re.search(rf"\s{re.escape(attribute)}\s*=\s*[\"']?", text, re.IGNORECASE)
        index = found.end() if found else 0
        newline = text.rfind("\n", 0, index)
        if newline == -1:
            return line, offset + index + 1
        return line + text.count("\n", 0, index), index - newline

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rel = (values.get("rel") or "").strip()
        skipped = "prefix" in values or any(r.strip() in _SKIPPED_RELS for r in rel.split(","))
        for attribute, value in attrs:
            if value is None:
                continue
            if attribute == "id" or (attribute == "name" and tag in ("a", "map")):
                self.page.anchors.add(value)
            elif attribute == "srcset":
                line, column = self._position(attribute)
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        link = Link(self.name, line, column, attribute, url, skipped)
                        self.page.links.append(link)
            elif attribute in URL_ATTRIBUTES:
                # Browsers drop leading and trailing spaces (as in href=" x "), so do we.
                url = value.strip(" \t\n\f\r")
                line, column = self._position(attribute)
                self.page.links.append(Link(self.name, line, column, attribute, url, skipped))

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
    """Why ``url`` is not a well-formed URL although a browser (and lychee) would use it, or None.

    URLs that cannot be parsed at all (a bad port, host or IPv6 address) are lychee's to report.
    """
    bad = _BAD_CHARACTERS.search(url)
    if bad:
        shown = {" ": "a space", "\\": "a backslash"}.get(bad.group(), f"{bad.group()!r}")
        return f"malformed URL: contains {shown}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return None  # lychee: "Cannot parse ... into a URL"
    if parts.scheme in ("http", "https") and not parts.hostname:
        return "malformed URL: no host"
    if parts.scheme == "mailto" and not parts.path:
        return "malformed URL: no address"
    if not parts.scheme and url.startswith("//"):
        return "protocol-relative URL: write https:// in full"
    return None


def check_link(link: Link, site_dir: Path, pages: dict[str, Page]) -> str | None:
    """The problem lychee cannot see in one link, or None."""
    problem = malformed(link.url)
    if problem:
        return problem
    try:
        parts = urlsplit(link.url)
    except ValueError:
        return None
    if parts.scheme:
        return None if parts.scheme.lower() in SCHEMES else f"scheme '{parts.scheme}' not allowed"
    target = urlsplit(urljoin(_BASE + link.page, link.url))
    path = unquote(target.path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    file = site_dir / path
    if file.is_dir():
        return f"'{path}' is a folder: end the URL with '/'"
    if not link.skipped_by_lychee:
        return None
    if not file.is_file():
        return f"no such file in the site: '{path}'"
    anchor = unquote(target.fragment)
    if anchor and path in pages and anchor not in pages[path].anchors:
        return f"no id or name '{anchor}' in '{path}'"
    return None


# lychee


class _Canonical(HTMLParser):
    href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical" and self.href is None:
            self.href = values.get("href")


def site_address(site_dir: Path) -> str | None:
    """The URL the site will be deployed at: the home page's ``<link rel="canonical">``."""
    home = site_dir / "index.html"
    if not home.is_file():
        return None
    parser = _Canonical()
    parser.feed(home.read_text(encoding="utf-8", errors="replace"))
    return parser.href


def lychee_binary() -> str:
    """The lychee that requirements/test.txt installed next to this Python, or one on PATH."""
    here = Path(sys.executable).parent / "lychee"
    found = str(here) if here.is_file() else shutil.which("lychee")
    if found is None:
        raise LinkcheckError(
            "lychee not found: install the test requirements "
            "(.venv/bin/pip install --require-hashes -r requirements/test.txt, or make lint)"
        )
    return found


def lychee_command(site_dir: Path, *, online: bool = False) -> list[str]:
    """lychee on ``site_dir`` with lychee.toml, its own address mapped onto its files."""
    site = site_dir.resolve()
    command = [lychee_binary(), "--config", str(CONFIG), "--format", "json"]
    command += ["--root-dir", str(site)]
    own = site_address(site_dir)
    if own and urlsplit(own).scheme in ("http", "https"):
        command += ["--remap", f"^{re.escape(own)}(.*)$ {site.as_uri()}/$1"]
    if online:
        # Anchors in other people's pages are often made by scripts; ours were checked offline.
        command += ["--cache", "--include-fragments=none"]
    else:
        command += ["--offline"]
    return [*command, "--", str(site)]


@dataclass(frozen=True)
class Finding:
    """One link lychee found broken."""

    page: str  # relative to the site folder
    line: int
    column: int
    url: str  # as lychee resolved it: a file:// URL inside the site, or the URL as written
    message: str


def start_lychee(site_dir: Path, *, online: bool = False, cwd: Path | None = None) -> Popen[str]:
    """lychee, started in the background: this script reads the pages meanwhile."""
    command = lychee_command(site_dir, online=online)
    env = {**os.environ, "RUST_BACKTRACE": "0", "NO_COLOR": "1"}
    return Popen(command, stdout=PIPE, stderr=PIPE, text=True, cwd=cwd or site_dir, env=env)


def lychee_findings(
    process: Popen[str], site_dir: Path, timeout: float | None = None
) -> list[Finding]:
    """What lychee reported as broken (errors and timeouts), once it has finished."""
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except TimeoutExpired:
        process.kill()
        process.communicate()
        raise LinkcheckError(f"lychee did not finish in {timeout:g} s") from None
    # lychee exits 0 when every link works, 2 when some do not, 1 or 3 when it could not run.
    if process.returncode not in (0, 2):
        shown = stderr.strip().split("\n\nStack backtrace:")[0]
        raise LinkcheckError(f"lychee exited {process.returncode}: {shown}")
    try:
        report = json.loads(stdout)
    except ValueError:
        raise LinkcheckError(f"lychee wrote no JSON report: {stderr.strip()}") from None
    site = site_dir.resolve()
    findings = []
    for key in ("error_map", "timeout_map"):
        for source, entries in (report.get(key) or {}).items():
            page = _relative(Path(source), site)
            for entry in entries:
                status = entry["status"]
                url = entry["url"]
                text, details = status.get("text", ""), status.get("details") or ""
                if url == "error:":  # a URL lychee could not parse: the details say why
                    message = details or text
                else:
                    message = max(text, details, key=len)
                    if text not in details and details not in text:
                        message = f"{text}: {details}"
                span = entry.get("span") or {}
                findings.append(
                    Finding(page, span.get("line", 0), span.get("column", 0), url, message)
                )
    return sorted(findings, key=lambda f: (f.page, f.line, f.column, f.url))


def run_lychee(site_dir: Path, *, online: bool = False, cwd: Path | None = None) -> list[Finding]:
    """What lychee reports as broken in the built site."""
    return lychee_findings(start_lychee(site_dir, online=online, cwd=cwd), site_dir)


def _relative(path: Path, site: Path) -> str:
    path = path if path.is_absolute() else site / path
    try:
        return path.resolve().relative_to(site).as_posix()
    except ValueError:
        return path.as_posix()


def shown_url(url: str, site_dir: Path) -> str:
    """A file:// URL inside the site as a site path (``/about#x``); any other URL as it is."""
    prefix = site_dir.resolve().as_uri()
    if url.startswith(prefix):
        return unquote(url.removeprefix(prefix)) or "/"
    return url


def describe(finding: Finding, site_dir: Path) -> str:
    where = f"{finding.page}:{finding.line}:{finding.column}"
    if finding.url == "error:":
        return f"{where}: {finding.message}"
    return f"{where}: {shown_url(finding.url, site_dir)}: {finding.message}"


def check_site(site_dir: Path) -> list[str]:
    """Every broken, unsafe or malformed link in the built site, sorted by page and line."""
    return _check(site_dir)[1]


def _check(site_dir: Path) -> tuple[dict[str, Page], list[str]]:
    lychee = start_lychee(site_dir)
    try:
        pages = read_site(site_dir)
        found = {
            (link.page, link.line, link.column, link.problem(problem))
            for link in links(pages)
            if (problem := check_link(link, site_dir, pages))
        }
    except BaseException:
        lychee.kill()
        lychee.communicate()
        raise
    findings = lychee_findings(lychee, site_dir, timeout=OFFLINE_TIMEOUT)
    found |= {(f.page, f.line, f.column, describe(f, site_dir)) for f in findings}
    return pages, [text for *_, text in sorted(found)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python scripts/linkcheck.py SITE_DIR", file=sys.stderr)
        return 2
    site_dir = Path(args[0])
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}: no index.html; build the site first", file=sys.stderr)
        return 2
    try:
        pages, problems = _check(site_dir)
    except LinkcheckError as error:
        print(f"linkcheck: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    count = sum(len(page.links) for page in pages.values())
    print(f"{len(pages)} pages, {count} links: {len(problems) or 'no'} problems.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
