"""Publishing's own rules: which kind a page is, read from the site's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from publishing.publisher import PageKind, Publisher

RULES = [
    {"pages": "blog/posts/*", "kind": "Essay", "type": "article"},
    {"pages": "quiz/*", "kind": "Quiz"},
]


def publisher(tmp_path: Path) -> Publisher:
    kinds = PageKind.parse(RULES, "extra.card_kinds")
    return Publisher("Site", "https://example.org/", tmp_path, kinds)


def test_the_first_matching_rule_names_the_page(tmp_path: Path) -> None:
    assert publisher(tmp_path).kind_of("blog/posts/x.md") == PageKind(
        "blog/posts/*", "Essay", "article"
    )


def test_a_page_no_rule_names_is_a_website_called_after_the_site(tmp_path: Path) -> None:
    assert publisher(tmp_path).kind_of("about.md") == PageKind("*", "Site", "website")


@pytest.mark.parametrize(
    "rules, message",
    [
        (None, "extra.card_kinds must be a list of {pages: GLOB, kind: TEXT} items"),
        ([], "extra.card_kinds must be a list of {pages: GLOB, kind: TEXT} items"),
        (
            [{"pages": "*"}],
            "extra.card_kinds: item 1 needs text for 'pages' and 'kind' (and optionally 'type'), "
            "nothing else",
        ),
        (
            [{"pages": "*", "kind": "A"}, {"pages": "*", "kind": "B", "colour": "red"}],
            "extra.card_kinds: item 2 needs text for 'pages' and 'kind' (and optionally 'type'), "
            "nothing else",
        ),
        (
            [{"pages": "*", "kind": 3}],
            "extra.card_kinds: item 1 needs text for 'pages' and 'kind' (and optionally 'type'), "
            "nothing else",
        ),
    ],
)
def test_rules_that_cannot_be_used_say_what_to_write(rules, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        PageKind.parse(rules, "extra.card_kinds")
    assert str(caught.value) == message
