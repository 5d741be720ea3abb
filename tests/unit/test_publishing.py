"""Publishing's own rules: which kind a page is, read from the site's configuration, and
preview cards that any title can be drawn on."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from publishing import cards
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


# --- preview cards: any title draws a card, bounded in size and work --------------------------

HOSTILE_TITLES = {
    "unbroken": "W" * 100_000,  # one line of it was a 7-gigapixel image
    "many words": "networking " * 20_000,
    "emoji": "🤝" * 20_000,
    "combining": "e\u0301\u0302\u0303" * 20_000,
    "right to left": "שלום עולם " * 5_000 + "مرحبا " * 5_000,
    "controls": "line\nbreak\x00\x1b[31m\u2028tab\t" * 5_000,
    "lone surrogate": "broken \ud800 half",
    "empty": "",
}


@pytest.mark.parametrize("title", HOSTILE_TITLES.values(), ids=HOSTILE_TITLES)
def test_any_title_draws_a_1200_by_630_png(title: str) -> None:
    with Image.open(io.BytesIO(cards.draw_card(title, "Essay", "Site", "example.org"))) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


@pytest.mark.parametrize("title", HOSTILE_TITLES.values(), ids=HOSTILE_TITLES)
def test_a_title_is_drawn_in_at_most_four_lines_that_fit_the_card(title: str) -> None:
    size, lines = cards.fit_title(title)
    measure = cards._measure(size)
    assert len(lines) <= cards.MAX_LINES
    assert [line for line in lines if measure(line) > cards.WIDTH] == []


def test_a_word_wider_than_the_card_is_broken_and_the_rest_cut_with_an_ellipsis() -> None:
    size, lines = cards.fit_title("W" * 50_000)
    assert size == cards.TITLE_SIZES[-1]
    assert len(lines) == cards.MAX_LINES
    assert all(set(line) == {"W"} for line in lines[:-1])
    assert lines[-1].endswith("…") and set(lines[-1][:-1]) == {"W"}


def test_a_title_that_fits_is_drawn_whole_at_the_largest_size() -> None:
    assert cards.fit_title("Can I pick\nyour brain?") == (76, ["Can I pick your brain?"])


def test_a_title_is_read_up_to_the_character_limit_and_says_it_was_cut() -> None:
    assert cards.clean("a" * (cards.MAX_CHARS + 1)) == ("a" * cards.MAX_CHARS, True)


def test_a_title_on_a_card_is_one_line_of_characters_the_font_can_take() -> None:
    # Line breaks and controls are spaces; invisible format characters and lone surrogates go;
    # an accent typed as a combining mark joins its letter (the font has é, not the mark).
    assert cards.clean("A\nb\x00c\u2028d \u200bz\u200de\u0301 \ud800 ") == ("A b c d zé", False)


def test_kicker_site_name_and_host_are_cut_to_the_card() -> None:
    data = cards.draw_card("Title", "K" * 100_000, "S" * 100_000, "h" * 100_000 + ".org")
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)


def fail_to_draw(error: Exception | Warning) -> Callable[..., bytes]:
    def draw(*args: object) -> bytes:
        if isinstance(error, Warning):
            warnings.warn(error, stacklevel=1)
            return b"never used"
        raise error

    return draw


@pytest.mark.parametrize(
    "error, shown",
    [
        (ValueError("no room"), "ValueError: no room"),
        (Image.DecompressionBombWarning("too big"), "DecompressionBombWarning: too big"),
    ],
)
def test_a_card_that_cannot_be_drawn_is_plain_and_named_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, shown: str
) -> None:
    # Failure injection: no real title makes draw_card fail any more; the fallback must hold.
    monkeypatch.setattr(cards, "draw_card", fail_to_draw(error))
    site = publisher(tmp_path / "cache")
    meta = site.page_meta(url="blog/x/", src_uri="blog/posts/x.md", title="X", description="")
    failures = site.write(tmp_path / "site")
    assert failures == [
        f"blog/posts/x.md: its preview card could not be drawn ({shown}); a plain card stands in"
    ]
    card = tmp_path / "site" / meta["image"].removeprefix("https://example.org/")
    assert card.read_bytes() == cards.plain_card()
    assert not (tmp_path / "cache").exists()  # a stand-in is never cached
