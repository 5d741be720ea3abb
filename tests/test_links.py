"""Links, in three layers, each shown to catch what it is for.

1. MkDocs' own ``validation:`` (warnings, made fatal by ``strict``) checks the links written in
   Markdown: a missing page or anchor fails the build.
2. ``scripts/linkcheck.py`` runs lychee offline over every built HTML, CSS, XML and text file,
   whoever wrote it (MkDocs, the theme, the quiz hook): files, fragments and the site's own
   address; the script itself checks what lychee cannot (schemes, URLs a browser would repair
   without a word, folder URLs without their slash, links lychee skips). Shown on copies of the
   built site with planted broken pages, anchors and assets.
3. ``scripts/linkcheck_online.py`` (``make linkcheck-online``, never run by the test suite against
   the internet) runs lychee online; here against a server on 127.0.0.1.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import localsite
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # the checkers are scripts that `make` runs
linkcheck = importlib.import_module("linkcheck")
linkcheck_online = importlib.import_module("linkcheck_online")

NOT_FOUND = "File not found. Check if file exists and path is correct"


# 1. MkDocs' validation of Markdown links


@pytest.mark.slow
def test_a_broken_markdown_link_or_anchor_fails_the_strict_build(tmp_path):
    root = localsite.copy_site(tmp_path / "src")
    about = root / "docs" / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8")
        + "\n[Gone](no-such-page.md), [not here](#no-such-heading) and "
        "[not there](index.md#no-such-heading).\n",
        encoding="utf-8",
    )
    result = localsite.build(root, tmp_path / "site")
    assert result.returncode == 1
    assert localsite.logged(result.stderr, "WARNING") == [
        "Doc file 'about.md' contains a link 'no-such-page.md', but the target is not found "
        "among documentation files.",
        "Doc file 'about.md' contains a link '#no-such-heading', but there is no such anchor "
        "on this page.",
        "Doc file 'about.md' contains a link 'index.md#no-such-heading', but the doc "
        "'index.md' does not contain an anchor '#no-such-heading'.",
    ]


# 2. Every URL of the built site, offline


def copy_of(site: Path, folder: Path) -> Path:
    """A copy of the built site to plant a defect in."""
    copy = folder / "site"
    shutil.copytree(site, copy)
    return copy


def target(link) -> tuple[str, str]:
    """The site file and #fragment a relative or root-relative link points at."""
    parts = urlsplit(urljoin("https://site.invalid/" + link.page, link.url))
    path = unquote(parts.path).lstrip("/")
    return (path + "index.html" if path == "" or path.endswith("/") else path), parts.fragment


def test_the_real_site_has_no_broken_unsafe_or_malformed_link(site):
    assert linkcheck.check_site(site) == []


def test_the_script_reads_theme_hook_and_page_html(site):
    pages = linkcheck.read_site(site)
    assert {"404.html", "index.html", "quiz/index.html"} <= set(pages)
    quiz_pages = [name for name in pages if name.startswith("quiz/") and name != "quiz/index.html"]
    assert quiz_pages, "no quiz page was generated"
    # The quiz hook's "see" links go from quiz pages to anchors in the essays.
    see = [
        link
        for name in quiz_pages
        for link in pages[name].links
        if "/blog/" in link.url and "#" in link.url
    ]
    assert see, "no link from a quiz page to an essay section"
    # The theme's own links and scripts.
    assert any(
        link.attribute == "src" and link.url.endswith(".js") for link in pages["404.html"].links
    )


INJECTED = """<!doctype html>
<html><head><title>Injected</title>
<script src="../assets/no-such-script.js"></script></head>
<body>
<h1 id="top">Defects</h1>
<a href="../no-such-page/">a page that is not there</a>
<a href="../about/#no-such-heading">a heading that is not there</a>
<a href="#top">fine</a> <a href="#nowhere">not on this page</a>
<a href="javascript:alert(1)">script</a> <a href=" JaVaScRiPt:alert(1)">script, disguised</a>
<img src="data:image/png;base64,AAAA" alt="">
<a href="https://exa mple.org/">a space</a> <a href="http://[::1/">a bad host</a>
<a href="https:///path">no host</a> <a href="http://example.org:port/">a bad port</a>
<a href="../about">a folder without its slash</a>
<a href="mailto:">nobody</a> <a href="//example.org/">no scheme</a>
<a href="https://example.org/#fine">external</a> <a href="mailto:someone@example.org">mail</a>
<img srcset="../assets/missing.png 1x, ../assets/missing@2x.png 2x" alt="">
<noscript><img src="../assets/no-such-image.png" alt=""></noscript>
<a href="{own}no-such-page/">the site's own address</a>
<a href="{own}about/#gone">the site's own address, a heading not there</a>
<a rel="nofollow" href="../not-here-either/">a link lychee skips</a>
<a href="../about/">fine</a> <a href="{own}about/#why">fine</a>
<a href="../assets/">a folder with no index.html</a>
</body></html>
"""


@pytest.fixture(scope="module")
def damaged_site(site, tmp_path_factory) -> Path:
    """A copy of the built site with an HTML file of defects."""
    copy = copy_of(site, tmp_path_factory.mktemp("damaged"))
    (copy / "injected").mkdir()
    page = INJECTED.format(own=linkcheck.site_address(site))
    (copy / "injected" / "index.html").write_text(page, encoding="utf-8")
    return copy


def test_every_defect_of_an_injected_page_is_reported_at_its_line_and_column(damaged_site):
    problems = [p for p in linkcheck.check_site(damaged_site) if p.startswith("injected/")]
    assert problems == [
        f"injected/index.html:3:14: /assets/no-such-script.js: {NOT_FOUND}",
        f"injected/index.html:6:10: /no-such-page: {NOT_FOUND}",
        "injected/index.html:7:10: /about#no-such-heading: Cannot find fragment",
        "injected/index.html:8:34: /injected/index.html#nowhere: Cannot find fragment",
        "injected/index.html:9:10: href 'javascript:alert(1)': scheme 'javascript' not allowed",
        "injected/index.html:9:51: href 'JaVaScRiPt:alert(1)': scheme 'javascript' not allowed",
        "injected/index.html:10:11: src 'data:image/png;base64,AAAA': scheme 'data' not allowed",
        "injected/index.html:11:10: Cannot parse 'https://exa mple.org/' into a URL: invalid "
        "international domain name",
        "injected/index.html:11:10: href 'https://exa mple.org/': malformed URL: contains a space",
        "injected/index.html:11:54: Cannot parse 'http://[::1/' into a URL: invalid IPv6 address",
        "injected/index.html:12:10: href 'https:///path': malformed URL: no host",
        "injected/index.html:12:46: Cannot parse 'http://example.org:port/' into a URL: invalid "
        "port number",
        "injected/index.html:13:10: href '../about': 'about' is a folder: end the URL with '/'",
        "injected/index.html:14:10: href 'mailto:': malformed URL: no address",
        "injected/index.html:14:39: href '//example.org/': protocol-relative URL: write https:// "
        "in full",
        f"injected/index.html:16:14: /assets/missing.png: {NOT_FOUND}",
        f"injected/index.html:16:14: /assets/missing@2x.png: {NOT_FOUND}",
        f"injected/index.html:17:21: /assets/no-such-image.png: {NOT_FOUND}",
        f"injected/index.html:18:10: /no-such-page/: {NOT_FOUND}",
        "injected/index.html:19:10: /about/#gone: Cannot find fragment",
        "injected/index.html:20:25: href '../not-here-either/': no such file in the site: "
        "'not-here-either/index.html'",
        "injected/index.html:22:10: /assets: Cannot find index file within directory: An index "
        "file (index.html) is required",
    ]


def test_a_deleted_page_is_reported_wherever_it_is_linked_and_in_the_sitemap(site, tmp_path):
    copy = copy_of(site, tmp_path)
    shutil.rmtree(copy / "about")
    expected = {
        (link.page, link.line, link.column)
        for link in linkcheck.links(linkcheck.read_site(copy))
        if not urlsplit(link.url).scheme and target(link)[0] == "about/index.html"
    }
    sitemap = (copy / "sitemap.xml").read_text(encoding="utf-8").splitlines()
    own = f"{linkcheck.site_address(site)}about/"
    expected |= {
        ("sitemap.xml", n, line.index(own) + 1) for n, line in enumerate(sitemap, 1) if own in line
    }

    problems = linkcheck.check_site(copy)

    assert len(expected) > 20
    assert {tuple(p.split(": ")[0].split(":")) for p in problems} == {
        (page, str(line), str(column)) for page, line, column in expected
    }
    assert all(p.endswith(f": {NOT_FOUND}") and ": /about" in p for p in problems)


def test_a_deleted_asset_is_reported_on_every_page_that_loads_it(site, tmp_path):
    copy = copy_of(site, tmp_path)
    (copy / "assets" / "quiz.js").unlink()
    loads = [
        link
        for link in linkcheck.links(linkcheck.read_site(copy))
        if link.attribute == "src" and target(link)[0] == "assets/quiz.js"
    ]
    assert len(loads) > 20
    assert linkcheck.check_site(copy) == sorted(
        f"{link.page}:{link.line}:{link.column}: /assets/quiz.js: {NOT_FOUND}" for link in loads
    )


def test_a_renamed_heading_is_reported_wherever_a_link_asks_for_it(site, tmp_path):
    copy = copy_of(site, tmp_path)
    pages = linkcheck.read_site(copy)
    see = next(
        link
        for link in linkcheck.links(pages)
        if link.page.startswith("quiz/") and "/blog/" in link.url and "#" in link.url
    )
    essay, anchor = target(see)
    html = copy / essay
    text = html.read_text(encoding="utf-8")
    assert text.count(f'id="{anchor}"') == 1
    html.write_text(text.replace(f'id="{anchor}"', f'id="{anchor}-renamed"'), encoding="utf-8")
    asking = {  # read again: the longer id moved the links on its own line
        (link.page, link.line, link.column)
        for link in linkcheck.links(linkcheck.read_site(copy))
        if not urlsplit(link.url).scheme and target(link) == (essay, anchor)
    }

    problems = linkcheck.check_site(copy)

    assert (see.page, see.line, see.column) in asking
    assert {tuple(p.split(": ")[0].split(":")) for p in problems} == {
        (page, str(line), str(column)) for page, line, column in asking
    }
    assert all(p.endswith(f"#{anchor}: Cannot find fragment") for p in problems)


def test_a_missing_file_in_a_stylesheet_is_reported(site, tmp_path):
    copy = copy_of(site, tmp_path)
    css = copy / "assets" / "theme.css"
    lines = css.read_text(encoding="utf-8").splitlines()
    css.write_text("\n".join([*lines, '.planted { background: url("gone.png"); }', ""]))
    assert linkcheck.check_site(copy) == [
        f"assets/theme.css:{len(lines) + 1}:24: /assets/gone.png: {NOT_FOUND}"
    ]


def test_the_checker_script_exits_1_on_problems_and_0_without(site, damaged_site, capsys):
    assert linkcheck.main([str(site)]) == 0
    assert linkcheck.main([str(damaged_site)]) == 1
    assert capsys.readouterr().out.count("injected/index.html:") == 22


def test_without_lychee_the_script_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    write_page(tmp_path, "index.html", '<a href="about/">about</a>')
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-venv" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert linkcheck.main([str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "linkcheck: lychee not found: install the test requirements (.venv/bin/pip install "
        "--require-hashes -r requirements/test.txt, or make lint)\n"
    )


def test_a_lychee_that_cannot_run_is_an_error_not_a_verdict(tmp_path, monkeypatch, capsys):
    write_page(tmp_path, "index.html", '<a href="about/">about</a>')
    config = tmp_path / "lychee.toml"
    config.write_text("include_fragments = 1\n", encoding="utf-8")
    monkeypatch.setattr(linkcheck, "CONFIG", config)
    assert linkcheck.main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("linkcheck: lychee exited 3: [ERROR] Error while loading config: ")
    assert "Stack backtrace" not in err


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("page/", None),
        ("../x.html#a", None),
        ("https://example.org/a?b=c#d", None),
        ("mailto:a@example.org", None),
        ("https://example.org/a b", "malformed URL: contains a space"),
        ("https://example.org/a\\b", "malformed URL: contains a backslash"),
        ("https://example.org/\x00", "malformed URL: contains '\\x00'"),
        ("http:example.org", "malformed URL: no host"),
        ("https:///path", "malformed URL: no host"),
        ("mailto:", "malformed URL: no address"),
        ("//example.org/", "protocol-relative URL: write https:// in full"),
        ("http://[::1/", None),  # lychee: "Cannot parse ... into a URL"
    ],
)
def test_malformed(url, problem):
    assert linkcheck.malformed(url) == problem


# 3. Online (and proof that the offline check is offline), against a server on 127.0.0.1


def write_page(folder: Path, name: str, body: str, canonical: str | None = None) -> None:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")


class _Answers(BaseHTTPRequestHandler):
    """/ok: 200; anything else: 404. Counts every request."""

    seen: Counter

    def _answer(self, body: bool) -> None:
        self.seen[self.command, self.path] += 1
        status = 200 if self.path == "/ok" else 404
        self.send_response(status)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[tuple[str, Counter]]:
    seen: Counter = Counter()
    handler = type("Answers", (_Answers,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_the_offline_check_sends_no_request(tmp_path, loopback):
    base, seen = loopback
    write_page(tmp_path, "index.html", f'<a href="{base}/missing">gone</a> <img src="{base}/ok">')
    assert linkcheck.check_site(tmp_path) == []
    assert seen == {}


def test_the_online_check_reports_a_404_once_with_the_pages_linking_to_it(tmp_path, loopback):
    base, seen = loopback
    links = f'<a href="{base}/ok">ok</a> <a href="{base}/missing#x">gone</a>'
    write_page(tmp_path, "index.html", links)
    write_page(tmp_path, "about/index.html", links + f'<a href="{base}/missing#y">again</a>')

    problems = linkcheck_online.check(tmp_path, cache_dir=tmp_path.parent / "cache")

    assert problems == [
        f"{base}/missing: Rejected status code: 404 Not Found "
        "(linked from about/index.html, index.html)",
    ]
    assert seen == {("GET", "/ok"): 1, ("GET", "/missing"): 1}


def test_a_second_online_run_asks_only_what_failed(tmp_path, loopback):
    base, seen = loopback
    write_page(tmp_path, "index.html", f'<a href="{base}/ok">ok</a> <a href="{base}/gone">x</a>')
    cache = tmp_path.parent / "cache"
    assert linkcheck_online.check(tmp_path, cache_dir=cache) == linkcheck_online.check(
        tmp_path, cache_dir=cache
    )
    assert seen == {("GET", "/ok"): 1, ("GET", "/gone"): 2}


def test_the_sites_own_address_is_read_from_the_build_not_fetched(tmp_path, loopback):
    base, seen = loopback
    write_page(
        tmp_path,
        "index.html",
        f'<a href="{base}/about/">own page</a> <a href="{base}/about/#gone">own anchor</a>',
        canonical=f"{base}/",
    )
    write_page(tmp_path, "about/index.html", "<h1 id='here'>About</h1>")
    assert linkcheck_online.check(tmp_path, cache_dir=tmp_path.parent / "cache") == []
    column = (tmp_path / "index.html").read_text().index(f"{base}/about/#gone") + 1
    assert linkcheck.check_site(tmp_path) == [
        f"index.html:1:{column}: /about/#gone: Cannot find fragment"
    ]
    assert seen == {}


def test_no_answer_at_all_is_said_plainly(tmp_path, capsys, monkeypatch):
    with ThreadingHTTPServer(("127.0.0.1", 0), _Answers) as server:
        port = server.server_address[1]  # closed on leaving: nothing listens there any more
    url = f"http://127.0.0.1:{port}/"
    write_page(tmp_path, "index.html", f'<a href="{url}">nobody home</a>')
    monkeypatch.setattr(linkcheck_online, "CACHE_DIR", tmp_path.parent / "cache")

    assert linkcheck_online.main([str(tmp_path)]) == 1

    out, err = capsys.readouterr()
    assert out.startswith(f"{url}: Network error: ")
    assert out.endswith(" (linked from index.html)\n")
    assert err == (
        "No URL answered (1 tried): this machine cannot reach them (offline, or a firewall). "
        "Run make linkcheck-online where the internet is reachable.\n"
    )
