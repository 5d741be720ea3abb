"""Quiz Markdown: the plain-text fast path renders exactly what Python-Markdown would."""

from __future__ import annotations

import localsite
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.markdown import MarkdownRenderer, is_safe_url


def _site_extensions() -> tuple[list, dict]:
    """The site's Markdown settings, plus the extensions MkDocs always adds."""
    names, configs = ["toc", "tables", "fenced_code"], {}
    for item in localsite.load_config()["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


EXTENSIONS, CONFIGS = _site_extensions()
FAST = MarkdownRenderer(EXTENSIONS, CONFIGS)
PARSED = MarkdownRenderer(EXTENSIONS, CONFIGS, fast=False)
# Mostly the characters of real quiz text, so that many examples take the fast path.
TEXT = st.text(alphabet=st.sampled_from("aZ09 ,.;:!?'\"()-/+=#*_`<>&\n\t™é"), max_size=60)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(TEXT)
def test_block_fast_path_matches_python_markdown(text: str) -> None:
    assert FAST.block(text) == PARSED.block(text)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(TEXT)
def test_inline_fast_path_matches_python_markdown(text: str) -> None:
    assert FAST.inline(text) == PARSED.inline(text)


def test_raw_html_is_shown_as_text() -> None:
    assert FAST.block("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


def test_entity_encoded_javascript_is_not_a_safe_url() -> None:
    assert [is_safe_url(u) for u in ("&#106;avascript:x", "https://e.org", "../a/")] == [
        False,
        True,
        True,
    ]
