"""What publishing relies on: outcome pages, previews, feed, robots, sitemap and the CSP file."""

from __future__ import annotations

import base64
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import localsite
import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from quizkit.loader import load_quizzes

ROOT = Path(__file__).resolve().parents[1]


SITE_URL = localsite.load_config()["site_url"]  # what the session's build uses too
QUIZZES = load_quizzes(ROOT / "quiz")
OUTCOMES = [(q, o) for q in QUIZZES for o in q.outcomes]
ESSAYS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, f"no <meta> for {key}"
    return tag["content"]


@pytest.mark.parametrize("quiz, outcome", OUTCOMES, ids=[f"{q.id}/{o.id}" for q, o in OUTCOMES])
def test_every_outcome_has_a_page_with_its_title_and_meta(site: Path, quiz, outcome) -> None:
    page = soup(site / "quiz" / quiz.id / "result" / outcome.id / "index.html")
    assert page.h1.get_text(strip=True).rstrip("¶") == outcome.title
    assert meta(page, "og:title") == f"{outcome.title} | {quiz.title}"
    assert meta(page, "og:url") == f"{SITE_URL}quiz/{quiz.id}/result/{outcome.id}/"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "og:description")


@pytest.mark.parametrize("quiz, outcome", OUTCOMES, ids=[f"{q.id}/{o.id}" for q, o in OUTCOMES])
def test_outcome_page_links_to_take_the_quiz(site: Path, quiz, outcome) -> None:
    page = soup(site / "quiz" / quiz.id / "result" / outcome.id / "index.html")
    hrefs = [a["href"] for a in page.select(".nw-outcome-page a.md-button")]
    assert hrefs == ["../../"]


def test_quiz_offers_each_outcome_page_to_share(site: Path) -> None:
    for quiz in QUIZZES:
        page = soup(site / "quiz" / quiz.id / "index.html")
        urls = {s["data-outcome-id"]: s["data-share-url"] for s in page.select("[data-share-url]")}
        assert urls == {o.id: f"result/{o.id}/" for o in quiz.outcomes}


def test_every_og_image_exists_and_is_1200_by_630(site: Path) -> None:
    images = set()
    for html in site.rglob("*.html"):
        tag = soup(html).find("meta", attrs={"property": "og:image"})
        if tag is not None:
            images.add(tag["content"])
    assert len(images) >= len(ESSAYS) + len(QUIZZES) + len(OUTCOMES)
    for url in images:
        assert url.startswith(SITE_URL)
        with Image.open(site / url.removeprefix(SITE_URL)) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), url


def test_feed_is_valid_xml_listing_every_essay(site: Path) -> None:
    channel = ET.parse(site / "feed_rss_created.xml").getroot().find("channel")
    links = sorted(item.findtext("link") for item in channel.findall("item"))
    slugs = sorted(yaml.safe_load(p.read_text().split("---")[1])["slug"] for p in ESSAYS)
    assert links == [f"{SITE_URL}blog/{slug}/" for slug in slugs]


def test_every_page_links_the_feed_in_its_head(site: Path) -> None:
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    missing = [
        str(p.relative_to(site))
        for p in pages
        if not soup(p).head.find("link", rel="alternate", type="application/rss+xml")
    ]
    assert missing == []


def test_robots_points_at_the_sitemap_of_the_site_url(site: Path) -> None:
    assert f"Sitemap: {SITE_URL}sitemap.xml" in (site / "robots.txt").read_text().splitlines()


def test_sitemap_lists_the_outcome_pages(site: Path) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {
        loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iterfind(".//s:loc", namespace)
    }
    assert {f"{SITE_URL}quiz/{q.id}/result/{o.id}/" for q, o in OUTCOMES} <= urls


def test_canonical_links_use_the_site_url(site: Path) -> None:
    canonical = soup(site / "about" / "index.html").find("link", rel="canonical")["href"]
    assert canonical == f"{SITE_URL}about/"


def test_csp_file_allows_exactly_the_inline_scripts_of_the_built_pages(site: Path) -> None:
    expected = set()
    for html in site.rglob("*.html"):
        for script in soup(html).find_all("script", src=False):
            digest = hashlib.sha256(script.string.encode() if script.string else b"").digest()
            expected.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    policy = (site / "_headers").read_text().split("Content-Security-Policy: ")[1].splitlines()[0]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    assert set(script_src.split()[2:]) == expected


@pytest.mark.slow
def test_site_url_is_set_in_one_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://fork.example.net/notworking/")
    result = localsite.build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "site" / "about" / "index.html")
    assert (
        page.find("link", rel="canonical")["href"] == "https://fork.example.net/notworking/about/"
    )
    assert urlsplit(meta(page, "og:image")).netloc == "fork.example.net"
    robots = (tmp_path / "site" / "robots.txt").read_text()
    assert "Sitemap: https://fork.example.net/notworking/sitemap.xml" in robots


@pytest.mark.parametrize(
    "page, kind, og_type",
    [
        ("blog/can-i-pick-your-brain/index.html", "Essay", "article"),
        ("quiz/networking-expert/result/actual-human/index.html", "Quiz outcome", "article"),
        ("quiz/index.html", "Quizzes", "website"),
        ("quiz/networking-expert/index.html", "Quiz", "website"),
        ("about/index.html", "Satire about networking", "website"),
    ],
)
def test_each_page_kind_from_mkdocs_yml_names_its_card(site: Path, page, kind, og_type) -> None:
    html = soup(site / page)
    assert meta(html, "og:image:alt").startswith(f"{kind}: ")
    assert meta(html, "og:type") == og_type


@pytest.mark.slow
def test_an_essay_with_a_50000_character_title_builds_with_its_card(tmp_path: Path) -> None:
    source = localsite.copy_site(tmp_path / "src")
    (source / "docs" / "blog" / "posts" / "long.md").write_text(
        "---\ndate: 2026-11-30\nauthors:\n  - shy\nslug: long\n---\n\n"
        f"# {'W' * 50_000}\n\nA title no card can hold.\n",
        encoding="utf-8",
    )
    result = localsite.build(source, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "site" / "blog" / "long" / "index.html")
    card = urlsplit(meta(page, "og:image")).path.removeprefix(urlsplit(SITE_URL).path)
    with Image.open(tmp_path / "site" / card) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
