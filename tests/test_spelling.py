"""Spell-check the prose: every Markdown page under docs/ and every text field of quiz/*.yml.

A failure names the unknown words. Fix real typos in the text; add legitimate words
(names, jargon) to tests/wordlist.txt, one lowercase word per line, kept sorted.
"""

import re
from pathlib import Path

import pytest
import yaml
from spellchecker import SpellChecker

ROOT = Path(__file__).resolve().parents[1]
WORDLIST = ROOT / "tests" / "wordlist.txt"
SKIPPED_KEYS = {"id", "see", "essay", "scoring"}

MARKUP = [
    re.compile(r"\A---\n.*?\n---\n", re.DOTALL),  # front matter
    re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE),  # fenced code
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"<!--.*?-->", re.DOTALL),  # HTML comments
    re.compile(r"</?[A-Za-z][^>]*>"),  # HTML tags
    re.compile(r"\]\([^)]*\)"),  # link and image targets
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE),  # reference definitions
    re.compile(r"\[\^[^\]]*\]"),  # footnote markers
    re.compile(r"\{\s*[:.#][^}]*\}"),  # attribute lists
    re.compile(r"\b(?:https?://|mailto:)\S+"),  # bare URLs
    re.compile(r"&[a-z]+;|&#\d+;"),  # HTML entities
]
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def words(text: str) -> set[str]:
    text = text.replace("\u2019", "'")
    for pattern in MARKUP:
        text = pattern.sub(" ", text)
    return {w.lower() for w in WORD.findall(text)}


def yaml_strings(node, key=None):
    if key in SKIPPED_KEYS:
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from yaml_strings(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from yaml_strings(item, key)


def prose(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yml":
        return "\n".join(yaml_strings(yaml.safe_load(text)))
    return text


def allowed() -> set[str]:
    lines = WORDLIST.read_text(encoding="utf-8").splitlines()
    return {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}


FILES = sorted(
    [*(ROOT / "docs").rglob("*.md"), *(ROOT / "quiz").glob("*.yml")],
    key=lambda p: p.relative_to(ROOT).as_posix(),
)
SPELL = SpellChecker()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_spelling(path: Path) -> None:
    unknown = sorted(SPELL.unknown(words(prose(path)) - allowed()))
    assert unknown == [], f"unknown words in {path.relative_to(ROOT)}: {', '.join(unknown)}"


def test_wordlist_is_sorted_lowercase_and_unique() -> None:
    lines = WORDLIST.read_text(encoding="utf-8").splitlines()
    entries = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert entries == sorted(set(entries))
    assert all(entry == entry.lower() for entry in entries)
