"""Sections 3 and 4: bytes. The quiz files, the tags that load them, and what each variant of
the real site adds to a page against the bare one (the same page with no quiz feature at all)."""

from __future__ import annotations

import re
from pathlib import Path

import sites
from measure import gzipped
from records import Bytes, RealSite, Weight

_INLINE = re.compile(
    r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>|<style\b[^>]*>.*?</style>|\sstyle=\"[^\"]*\"",
    re.S | re.I,
)
_TAGS = re.compile(r"<link\b[^>]*quiz\.css[^>]*>|<script\b[^>]*quiz\.js[^>]*>\s*</script>", re.I)


def url_path(uri: str) -> str:
    """The built file of a docs page (directory URLs), e.g. quiz/x.md -> quiz/x/index.html."""
    stem = uri[: -len(".md")]
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


def page_weight(work: Path, real: RealSite) -> Weight:
    """Reads the builds that ``real_site`` left in ``work``."""
    hook, plain, peer, bare = (work / f"site-{n}" for n in ("hook", "plain", "peer", "bare"))
    quiz_page = url_path(f"quiz/{real.quiz_ids[0]}.md")
    plain_page = next(
        (p for p in ("about/index.html", "index.html") if (hook / p).is_file()), "index.html"
    )
    assets = {name: _bytes(hook / name) for name in sites.QUIZ_ASSETS}
    tags_page = (hook / plain_page).read_text(encoding="utf-8")
    tags = _TAGS.findall(tags_page)
    tags_gzip = gzipped(tags_page.encode()) - gzipped(_TAGS.sub("", tags_page).encode())

    def delta(site: Path, page: str) -> Bytes:
        mine, base = (site / page).read_bytes(), (bare / page).read_bytes()
        return Bytes(len(mine) - len(base), gzipped(mine) - gzipped(base))

    peer_files = sorted(
        str(p.relative_to(peer))
        for p in peer.rglob("*")
        if p.suffix in (".js", ".css") and not (bare / p.relative_to(peer)).exists()
    )
    return Weight(
        quiz_page=quiz_page,
        plain_page=plain_page,
        questions=(hook / quiz_page).read_text(encoding="utf-8").count("data-question="),
        assets=assets,
        tag_count=len(tags),
        tags=Bytes(sum(len(t.encode()) for t in tags), tags_gzip),
        ours_quiz_page=delta(plain, quiz_page),
        ours_plain_page=delta(plain, plain_page),
        peer_quiz_page=delta(peer, quiz_page),
        peer_plain_page=delta(peer, plain_page),
        peer_files=peer_files,
        inlined_ours=_most_inlined(plain, bare),
        inlined_peer=_most_inlined(peer, bare),
    )


def _bytes(path: Path) -> Bytes:
    data = path.read_bytes()
    return Bytes(len(data), gzipped(data))


def _inline(text: str) -> int:
    return sum(len(m.encode()) for m in _INLINE.findall(text))


def _most_inlined(site: Path, bare: Path) -> int:
    """The most inline script and style bytes any page of ``site`` has over the bare page."""
    worst = 0
    for page in bare.rglob("*.html"):
        rel = page.relative_to(bare)
        if (site / rel).is_file():
            grown = _inline((site / rel).read_text("utf-8")) - _inline(page.read_text("utf-8"))
            worst = max(worst, grown)
    return worst
