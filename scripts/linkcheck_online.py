"""Opt-in: every external link of a built site answers. ``make linkcheck-online`` runs it.

``python scripts/linkcheck_online.py SITE_DIR``

lychee (set up in lychee.toml) does the work: one GET per unique URL however many pages link to
it (the #fragment dropped), a retry after a timeout or a dropped connection, a few requests per
host at a time, and a cache of good answers (``.cache/lychee/.lycheecache``, kept a day) so a
second run soon after asks again only what failed. The site's own address is mapped onto the
built files, as in the offline check, rather than fetched: it is where the site will be deployed,
not where it is now. Prints one line per broken URL with the pages that link to it, exits 1 on
any; when no URL answered at all it says so plainly, since the machine's network, not the links,
is then the likely problem.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urldefrag

from linkcheck import ROOT, LinkcheckError, run_lychee, shown_url

CACHE_DIR = ROOT / ".cache" / "lychee"  # lychee keeps .lycheecache in its working folder
_NO_ANSWER = ("Network error", "Timeout", "timed out")


def check(site_dir: Path, *, cache_dir: Path = CACHE_DIR) -> list[str]:
    """One line per broken URL, with the pages that link to it, sorted by URL."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    broken: dict[str, tuple[str, set[str]]] = {}
    for finding in run_lychee(site_dir, online=True, cwd=cache_dir):
        url = urldefrag(shown_url(finding.url, site_dir)).url
        message, pages = broken.setdefault(url, (finding.message, set()))
        pages.add(finding.page)
        if message.endswith("(cached)"):  # lychee's repeat of an answer it reported in full
            broken[url] = (finding.message, pages)
    return [
        f"{url}: {message} (linked from {_pages(pages)})"
        for url, (message, pages) in sorted(broken.items())
    ]


def _pages(pages: set[str]) -> str:
    names = sorted(pages)
    shown = ", ".join(names[:3])
    return shown if len(names) <= 3 else f"{shown} and {len(names) - 3} more"


def unreachable(problems: list[str]) -> bool:
    """True when every problem is a request that got no answer (no network, a firewall)."""
    return bool(problems) and all(any(s in p for s in _NO_ANSWER) for p in problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir}: no index.html; build the site first", file=sys.stderr)
        return 2
    try:
        problems = check(args.site_dir)
    except LinkcheckError as error:
        print(f"linkcheck-online: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if unreachable(problems):
        print(
            f"No URL answered ({len(problems)} tried): this machine cannot reach them (offline, "
            "or a firewall). Run make linkcheck-online where the internet is reachable.",
            file=sys.stderr,
        )
        return 1
    print(f"{len(problems) or 'No'} broken URLs.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
