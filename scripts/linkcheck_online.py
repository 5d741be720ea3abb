"""Opt-in: every external link of a built site answers. ``make linkcheck-online`` runs it.

``python scripts/linkcheck_online.py SITE_DIR [--ignore PREFIX]... [--timeout S] [--workers N]``

One request per unique URL (the #fragment dropped), however many pages link to it: HEAD first,
then GET when the server answers HEAD with an error (many refuse HEAD). A few requests at a time,
each with a timeout. The site's own address (the home page's canonical URL) is skipped: it is where
the site will be deployed, not where it is now. Prints one line per broken URL, exits 1 on any.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.client import HTTPException
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urldefrag, urlsplit
from urllib.request import Request, urlopen

from linkcheck import read_site

USER_AGENT = "notworking-linkcheck/1.0 (+https://www.mkdocs.org/)"


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


def external_urls(site_dir: Path, ignore: Iterable[str] = ()) -> dict[str, list[str]]:
    """Each external http(s) URL, without its fragment, and the pages that link to it."""
    skipped = tuple(ignore)
    found: dict[str, set[str]] = {}
    for page in read_site(site_dir).values():
        for link in page.links:
            if urlsplit(link.url).scheme.lower() not in ("http", "https"):
                continue
            url = urldefrag(link.url).url
            if not url.startswith(skipped):
                found.setdefault(url, set()).add(link.page)
    return {url: sorted(pages) for url, pages in sorted(found.items())}


def fetch(url: str, timeout: float) -> str | None:
    """Why ``url`` is broken (``404 Not Found``, ``timed out``...), or None when it answers."""
    problem = None
    for method in ("HEAD", "GET"):
        request = Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urlopen(request, timeout=timeout):  # http(s) only: see external_urls
                return None
        except HTTPError as error:
            error.close()
            problem = f"{error.code} {error.reason}"  # a server that refuses HEAD may serve GET
        except (URLError, HTTPException, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return f"no answer ({reason})"
    return problem


def check(urls: dict[str, list[str]], *, timeout: float = 15.0, workers: int = 4) -> list[str]:
    """One line per broken URL, with the pages that link to it, sorted by URL."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = dict(zip(urls, pool.map(lambda url: fetch(url, timeout), urls), strict=True))
    return [
        f"{url}: {problem} (linked from {_pages(urls[url])})"
        for url, problem in answers.items()
        if problem
    ]


def _pages(pages: list[str]) -> str:
    shown = ", ".join(pages[:3])
    return shown if len(pages) <= 3 else f"{shown} and {len(pages) - 3} more"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--ignore", action="append", default=[], metavar="PREFIX")
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    own = site_address(args.site_dir)
    urls = external_urls(args.site_dir, [*args.ignore, *([own] if own else [])])
    problems = check(urls, timeout=args.timeout, workers=args.workers)
    for problem in problems:
        print(problem)
    print(f"{len(urls)} external URLs: {len(problems) or 'none'} broken.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
