"""Links, in three layers, each shown to catch what it is for.

1. MkDocs' own ``validation:`` (warnings, made fatal by ``strict``) checks the links written in
   Markdown: a missing page or anchor fails the build.
2. ``scripts/linkcheck.py`` checks every URL in every built HTML file, whoever wrote it (MkDocs,
   the theme, the quiz hook): files and anchors exist, schemes are safe, URLs are well formed.
3. ``scripts/linkcheck_online.py`` (``make linkcheck-online``, never run by the test suite against
   the internet) fetches each external URL once; here it runs against a server on 127.0.0.1.
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

import localsite
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # the checkers are scripts that `make` runs
linkcheck = importlib.import_module("linkcheck")
linkcheck_online = importlib.import_module("linkcheck_online")


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


# 2. Every URL of the built HTML


def test_the_real_site_has_no_broken_unsafe_or_malformed_link(site):
    assert linkcheck.check_site(site) == []


def test_the_checker_reads_theme_hook_and_page_html(site):
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
<html><head><title>Injected</title></head>
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
</body></html>
"""


@pytest.fixture(scope="module")
def damaged_site(site, tmp_path_factory) -> Path:
    """A copy of the built site with an HTML file of defects and an essay deleted."""
    copy = tmp_path_factory.mktemp("damaged") / "site"
    shutil.copytree(site, copy)
    (copy / "injected").mkdir()
    (copy / "injected" / "index.html").write_text(INJECTED, encoding="utf-8")
    return copy


def test_the_checker_reports_every_defect_of_an_injected_page(damaged_site):
    problems = [p for p in linkcheck.check_site(damaged_site) if p.startswith("injected/")]
    assert problems == [
        "injected/index.html:5: href '../no-such-page/': no such file in the site: "
        "'no-such-page/index.html'",
        "injected/index.html:6: href '../about/#no-such-heading': no id or name "
        "'no-such-heading' in 'about/index.html'",
        "injected/index.html:7: href '#nowhere': no id or name 'nowhere' in 'injected/index.html'",
        "injected/index.html:8: href 'JaVaScRiPt:alert(1)': scheme 'javascript' not allowed",
        "injected/index.html:8: href 'javascript:alert(1)': scheme 'javascript' not allowed",
        "injected/index.html:9: src 'data:image/png;base64,AAAA': scheme 'data' not allowed",
        "injected/index.html:10: href 'http://[::1/': malformed URL: Invalid IPv6 URL",
        "injected/index.html:10: href 'https://exa mple.org/': malformed URL: contains a space",
        "injected/index.html:11: href 'http://example.org:port/': malformed URL: Port could not "
        "be cast to integer value as 'port'",
        "injected/index.html:11: href 'https:///path': malformed URL: no host",
        "injected/index.html:12: href '../about': 'about' is a folder: end the URL with '/'",
        "injected/index.html:13: href '//example.org/': protocol-relative URL: write https:// "
        "in full",
        "injected/index.html:13: href 'mailto:': malformed URL: no address",
        "injected/index.html:15: srcset '../assets/missing.png': no such file in the site: "
        "'assets/missing.png'",
        "injected/index.html:15: srcset '../assets/missing@2x.png': no such file in the site: "
        "'assets/missing@2x.png'",
    ]


def test_the_checker_notices_a_page_that_generated_links_point_at(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    shutil.rmtree(copy / "about")
    problems = linkcheck.check_site(copy)
    assert problems, "nothing noticed the missing about/index.html"
    assert all(p.endswith("no such file in the site: 'about/index.html'") for p in problems)


def test_the_checker_script_exits_1_on_problems_and_0_without(site, damaged_site, capsys):
    assert linkcheck.main([str(site)]) == 0
    assert linkcheck.main([str(damaged_site)]) == 1
    assert capsys.readouterr().out.count("injected/index.html:") == 15


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
        ("https://example.org:99999/", "malformed URL: Port out of range 0-65535"),
    ],
)
def test_malformed(url, problem):
    assert linkcheck.malformed(url) == problem


# 3. The opt-in online check


def write_page(folder: Path, name: str, body: str, canonical: str | None = None) -> None:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")


def test_external_urls_are_collected_once_each_without_fragments(tmp_path):
    own = "https://notworking.example.org/"
    write_page(
        tmp_path,
        "index.html",
        '<a href="https://example.org/a#one">1</a> <a href="https://example.org/a#two">2</a>'
        '<a href="about/">relative</a> <a href="mailto:x@example.org">mail</a>'
        f'<img src="{own}assets/card.png" alt="">'
        '<a href="http://127.0.0.1:8000/">the preview server</a>',
        canonical=own,
    )
    write_page(
        tmp_path,
        "about/index.html",
        '<a href="https://example.org/a">again</a> <a href="HTTPS://example.org/b?q=1">b</a>',
    )
    assert linkcheck_online.site_address(tmp_path) == own
    assert linkcheck_online.external_urls(tmp_path, [own, "http://127.0.0.1:8000/"]) == {
        "HTTPS://example.org/b?q=1": ["about/index.html"],
        "https://example.org/a": ["about/index.html", "index.html"],
    }


class _Answers(BaseHTTPRequestHandler):
    """/ok: 200; /missing: 404; /no-head: 405 to HEAD, 200 to GET. Counts every request."""

    seen: Counter

    def _answer(self, body: bool) -> None:
        self.seen[self.command, self.path] += 1
        if self.path == "/ok" or (self.path == "/no-head" and self.command == "GET"):
            status = 200
        elif self.path == "/no-head":
            status = 405
        else:
            status = 404
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


def test_the_online_check_reports_a_404_and_asks_each_url_once(tmp_path, loopback):
    base, seen = loopback
    links = f'<a href="{base}/ok">ok</a> <a href="{base}/missing#x">gone</a>'
    links += f'<a href="{base}/no-head">HEAD refused</a>'
    write_page(tmp_path, "index.html", links)
    write_page(tmp_path, "about/index.html", links + f'<a href="{base}/missing#y">again</a>')

    assert linkcheck_online.main([str(tmp_path), "--timeout", "5", "--workers", "2"]) == 1
    problems = linkcheck_online.check(linkcheck_online.external_urls(tmp_path), timeout=5)

    assert problems == [
        f"{base}/missing: 404 Not Found (linked from about/index.html, index.html)",
    ]
    assert seen == {  # twice each: main() and check() above
        ("HEAD", "/ok"): 2,
        ("HEAD", "/missing"): 2,
        ("GET", "/missing"): 2,
        ("HEAD", "/no-head"): 2,
        ("GET", "/no-head"): 2,
    }


def test_the_online_check_reports_a_server_that_does_not_answer(tmp_path):
    with ThreadingHTTPServer(("127.0.0.1", 0), _Answers) as server:
        port = server.server_address[1]  # closed on leaving: nothing listens there any more
    url = f"http://127.0.0.1:{port}/"
    problems = linkcheck_online.check({url: ["index.html"]}, timeout=5)
    assert len(problems) == 1
    assert problems[0].startswith(f"{url}: no answer (")
