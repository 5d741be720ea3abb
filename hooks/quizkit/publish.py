"""What a published site needs beyond its pages: preview cards, robots.txt and a CSP file.

Everything is written into the built site folder, never into docs/ or quiz/. Cards are cached
by content in a folder outside both, so `mkdocs serve` rebuilds do not redraw them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import csp

# Pillow is imported only to draw a card that is not cached yet.
_SOCIAL = Path(__file__).with_name("social.py")

CARD_DIR = "assets/social"


@dataclass(frozen=True)
class Card:
    path: str  # site-relative path of the PNG
    title: str
    kicker: str


def kind_of(src_uri: str) -> str:
    """What a page is, in a word or two, for the top of its preview card."""
    if src_uri.startswith("blog/posts/"):
        return "Essay"
    if src_uri.startswith("quiz/") and "/result/" in src_uri:
        return "Quiz outcome"
    if src_uri == "quiz/index.md":
        return "Quizzes"
    if src_uri.startswith("quiz/"):
        return "Quiz"
    return "Satire about networking"


class Publisher:
    def __init__(self, site_name: str, site_url: str, cache_dir: Path) -> None:
        self.site_name = site_name
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.host = urlsplit(self.site_url).netloc
        self.cache_dir = cache_dir
        self.cards: dict[str, Card] = {}
        self._code = ""

    def page_meta(self, *, url: str, src_uri: str, title: str, description: str) -> dict:
        """Open Graph / Twitter values for one page; remembers its card for :meth:`write`."""
        slug = url.strip("/") or "home"
        card = Card(f"{CARD_DIR}/{slug}.png", title, kind_of(src_uri))
        self.cards[card.path] = card
        return {
            "type": "article" if card.kicker in ("Essay", "Quiz outcome") else "website",
            "title": title,
            "description": description,
            "image": self.site_url + card.path,
            "image_alt": f"{card.kicker}: {title}",
        }

    def write(self, site_dir: Path) -> None:
        for card in self.cards.values():
            target = site_dir / card.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self._draw(card))
        (site_dir / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\n\nSitemap: {self.site_url}sitemap.xml\n", encoding="utf-8"
        )
        hashes = {
            csp.script_hash(script)
            for page in sorted(site_dir.rglob("*.html"))
            for script in csp.inline_scripts(page.read_text(encoding="utf-8"))
        }
        (site_dir / "_headers").write_text(csp.headers_file(csp.policy(hashes)), encoding="utf-8")

    def _draw(self, card: Card) -> bytes:
        code = self._code or hashlib.sha256(_SOCIAL.read_bytes()).hexdigest()
        self._code = code
        key = f"{code}:{card}:{self.site_name}:{self.host}"
        cached = self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()[:20]}.png"
        if cached.is_file():
            return cached.read_bytes()
        from . import social

        data = social.draw_card(card.title, card.kicker, self.site_name, self.host)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
        return data
