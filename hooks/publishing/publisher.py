"""Writes what a published site needs beyond its pages: preview cards, robots.txt, a CSP file.

Everything is written into the built site folder, never into docs/ or quiz/. Cards are cached
by content in a folder outside both, so `mkdocs serve` rebuilds do not redraw them. What a page
is called on its card ("Essay") is the site's own copy, given as :class:`PageKind` rules.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import csp

# Pillow is imported only to draw a card that is not cached yet.
_CARDS = Path(__file__).with_name("cards.py")

CARD_DIR = "assets/social"


@dataclass(frozen=True)
class Card:
    path: str  # site-relative path of the PNG
    title: str
    kicker: str
    page: str  # the page's source path, to name it if its card cannot be drawn


@dataclass(frozen=True)
class PageKind:
    """Pages whose source path matches ``pages`` (a glob) are a ``kind``, e.g. an "Essay"."""

    pages: str
    kind: str
    type: str = "website"  # Open Graph type: "article" for writing, "website" for the rest

    @classmethod
    def parse(cls, rules: Any, where: str) -> list[PageKind]:
        """Rules as written in the site's configuration, or a ValueError that says what to fix."""
        if not isinstance(rules, list) or not rules:
            raise ValueError(f"{where} must be a list of {{pages: GLOB, kind: TEXT}} items")
        kinds = []
        for n, rule in enumerate(rules, start=1):
            fields = set(rule) if isinstance(rule, dict) else set()
            if not ({"pages", "kind"} <= fields <= {"pages", "kind", "type"}) or not all(
                isinstance(value, str) and value for value in rule.values()
            ):
                raise ValueError(
                    f"{where}: item {n} needs text for 'pages' and 'kind' (and optionally "
                    "'type'), nothing else"
                )
            kinds.append(cls(**rule))
        return kinds


class Publisher:
    def __init__(
        self, site_name: str, site_url: str, cache_dir: Path, kinds: Sequence[PageKind]
    ) -> None:
        self.site_name = site_name
        self.kinds = kinds
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.host = urlsplit(self.site_url).netloc
        self.cache_dir = cache_dir
        self.cards: dict[str, Card] = {}
        self._code = ""

    def page_meta(self, *, url: str, src_uri: str, title: str, description: str) -> dict:
        """Open Graph / Twitter values for one page; remembers its card for :meth:`write`."""
        slug = url.strip("/") or "home"
        kind = self.kind_of(src_uri)
        card = Card(f"{CARD_DIR}/{slug}.png", title, kind.kind, src_uri)
        self.cards[card.path] = card
        return {
            "type": kind.type,
            "title": title,
            "description": description,
            "image": self.site_url + card.path,
            "image_alt": f"{card.kicker}: {title}",
        }

    def kind_of(self, src_uri: str) -> PageKind:
        """The first rule that matches a page's source path (a page no rule names is untitled)."""
        found = (kind for kind in self.kinds if fnmatchcase(src_uri, kind.pages))
        return next(found, PageKind("*", self.site_name))

    def write(self, site_dir: Path, *, headers: bool = True) -> list[str]:
        """Writes the cards, robots.txt and (with ``headers``) _headers; returns the cards that
        could not be drawn (a plain card stands in for each), one message per page."""
        failures: list[str] = []
        for card in self.cards.values():
            target = site_dir / card.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self._draw(card, failures))
        (site_dir / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\n\nSitemap: {self.site_url}sitemap.xml\n", encoding="utf-8"
        )
        if not headers:
            return failures
        hashes = {
            csp.script_hash(script)
            for page in sorted(site_dir.rglob("*.html"))
            for script in csp.inline_scripts(page.read_text(encoding="utf-8"))
        }
        (site_dir / "_headers").write_text(csp.headers_file(csp.policy(hashes)), encoding="utf-8")
        return failures

    def _draw(self, card: Card, failures: list[str]) -> bytes:
        code = self._code or hashlib.sha256(_CARDS.read_bytes()).hexdigest()
        self._code = code
        key = f"{code}:{card}:{self.site_name}:{self.host}"
        cached = self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()[:20]}.png"
        if cached.is_file():
            return cached.read_bytes()
        from . import cards

        try:
            # A card is decoration: nothing on it may stop a build (a Pillow warning neither).
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                data = cards.draw_card(card.title, card.kicker, self.site_name, self.host)
        except Exception as error:
            failures.append(
                f"{card.page}: its preview card could not be drawn ({type(error).__name__}: "
                f"{str(error)[:200]}); a plain card stands in"
            )
            return cards.plain_card()  # not cached: the next build tries again
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
        return data
