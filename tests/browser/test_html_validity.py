"""The built quiz and essay pages pass the Nu HTML Checker, apart from the errors the theme's
own templates make, each listed below with the template it comes from.

The checker is the npm package vnu-jar, pinned, installed on first use under .venv/node (its
install script, which would download a Java runtime, is skipped: Java 17 is on the PATH).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from quizpage import ROOT

pytestmark = pytest.mark.browser

VNU_VERSION = "26.9.27"
VNU_PREFIX = ROOT / ".venv" / "node"
VNU_PACKAGE = VNU_PREFIX / "node_modules" / "vnu-jar"

# (message, text of the offending markup): Material for MkDocs 9.8.1's templates, not ours.
THEME_ERRORS = [
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off".
    (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
        "“search”, “tel”, “text”, “time”, “url”, or “week”.",
        'type="checkbox" id="__drawer" autocomplete="off"',
    ),
    (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
        "“search”, “tel”, “text”, “time”, “url”, or “week”.",
        'type="checkbox" id="__search" autocomplete="off"',
    ),
    # partials/nav-item.html: a nav section's label gets tabindex="" (its "0" is for pages only).
    (
        "Bad value “” for attribute “tabindex” on element “label”: "
        "The empty string is not a valid integer.",
        'class="md-nav__link" for="__nav_',
    ),
    # partials/toc.html: the table of contents' title points to the __toc toggle, which the
    # navigation only renders for pages listed in it (blog posts are not).
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
        "form control.",
        '<label class="md-nav__title" for="__toc">',
    ),
]


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """The pinned checker, installed with npm if it is missing or another version."""
    if shutil.which("java") is None:
        pytest.fail("the Nu HTML Checker needs Java (17 or later) on the PATH", pytrace=False)
    manifest = VNU_PACKAGE / "package.json"
    installed = json.loads(manifest.read_text())["version"] if manifest.is_file() else None
    if installed != VNU_VERSION:
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"npm is needed to install vnu-jar@{VNU_VERSION}", pytrace=False)
        options = ["--no-save", "--no-audit", "--no-fund", "--ignore-scripts"]
        subprocess.run(
            [npm, "install", "--prefix", str(VNU_PREFIX), *options, f"vnu-jar@{VNU_VERSION}"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return VNU_PACKAGE / "build" / "dist" / "vnu.jar"


def checked_pages(site: Path) -> list[Path]:
    """Every quiz page (quizzes, outcomes, the index), every essay, every page with a quiz."""
    pages = set((site / "quiz").rglob("index.html")) | set((site / "blog").glob("*/index.html"))
    pages |= {p for p in site.rglob("*.html") if 'class="nw-quiz"' in p.read_text("utf-8")}
    return sorted(pages)


def is_theme_error(message: dict) -> bool:
    return any(
        message.get("message") == text and markup in message.get("extract", "")
        for text, markup in THEME_ERRORS
    )


def test_quiz_and_essay_pages_pass_the_nu_html_checker(vnu_jar: Path, site: Path) -> None:
    pages = checked_pages(site)
    assert any("/quiz/" in p.as_posix() for p in pages) and any(
        "/blog/" in p.as_posix() for p in pages
    )
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--format", "json", "--stdout", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    problems = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(site)}:{m.get('lastLine')}: "
        f"{m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if (m["type"] == "error" or m.get("subType") == "warning") and not is_theme_error(m)
    ]
    assert problems == []
