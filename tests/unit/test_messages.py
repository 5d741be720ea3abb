"""The message catalogues: complete, consistent, and read with CLDR's plural rules and numbers."""

from __future__ import annotations

import re

import pytest
from babel import Locale
from markupsafe import Markup

from quizkit.messages import CATALOGUES, SCRIPT_KEYS, Messages, MessagesError, catalogue

LANGUAGES = sorted(path.stem for path in CATALOGUES.glob("*.yml"))
ENGLISH = catalogue("en") or {}
FIELD = re.compile(r"\{(\w+)\}")


def fields(text: str | dict[str, str]) -> set[str]:
    texts = text.values() if isinstance(text, dict) else [text]
    return {name for one in texts for name in FIELD.findall(one)}


def test_english_german_and_french_are_shipped() -> None:
    assert {"en", "de", "fr"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_catalogue_has_every_message_and_no_other(language: str) -> None:
    assert sorted(catalogue(language) or {}) == sorted(ENGLISH)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translation_fills_in_the_same_fields(language: str) -> None:
    texts = catalogue(language) or {}
    assert {key: fields(text) for key, text in texts.items()} == {
        key: fields(text) for key, text in ENGLISH.items()
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_are_the_languages_own_categories(language: str) -> None:
    categories = {*Locale.parse(language).plural_form.tags, "other"}
    for key, text in (catalogue(language) or {}).items():
        if isinstance(text, dict):
            assert "other" in text and set(text) <= categories, key


def test_the_script_gets_exactly_the_texts_it_shows() -> None:
    assert set(Messages("de").for_script()) == set(SCRIPT_KEYS)


def test_english_says_one_point_and_two_points() -> None:
    t = Messages("en")
    assert [t("verdict-points", n) for n in (1, 2, 0, -1)] == [
        "1 point.",
        "2 points.",
        "0 points.",
        "-1 point.",
    ]


def test_french_counts_zero_as_one() -> None:
    assert Messages("fr")("verdict-points", 0) == "0 point."


def test_numbers_are_written_the_languages_way() -> None:
    assert [Messages(lang)("score-points", 1234) for lang in ("en", "de", "fr")] == [
        "You scored 1,234 points.",
        "Sie haben 1.234 Punkte erreicht.",
        "Vous avez obtenu 1\u202f234 points.",
    ]


def test_a_language_with_more_forms_uses_them() -> None:
    polish = {
        key: (
            {"one": "{n} punkt.", "few": "{n} punkty.", "many": "{n} punktów.", "other": "{n} pkt."}
            if key == "verdict-points"
            else "x"
        )
        for key in ENGLISH
    }
    t = Messages("pl", {"pl": polish})
    assert [t("verdict-points", n) for n in (1, 2, 5, 22)] == [
        "1 punkt.",
        "2 punkty.",
        "5 punktów.",
        "22 punkty.",
    ]


def test_a_language_without_a_catalogue_falls_back_to_english() -> None:
    t = Messages("es")
    assert (t.fallback, t.lang, t("check")) == (True, "en", "Check my answers")


def test_a_site_can_replace_a_text() -> None:
    t = Messages("en", {"en": {"check": "Score me"}})
    assert (t.fallback, t("check"), t("retake")) == (False, "Score me", "Retake")


def test_a_site_can_add_a_whole_language() -> None:
    t = Messages("es", {"es": {key: f"[{key}]" for key in ENGLISH}})
    assert (t.fallback, t.lang, t("retake")) == (False, "es", "[retake]")


def test_an_unknown_text_from_the_site_is_refused_naming_it() -> None:
    with pytest.raises(MessagesError) as error:
        Messages("de", {"de": {"chek": "Prüfen", "retake": "Nochmal"}})
    assert str(error.value).startswith("extra.quiz_messages.de: unknown message 'chek' (messages: ")


def test_a_plural_text_without_other_is_refused() -> None:
    with pytest.raises(MessagesError) as error:
        Messages("en", {"en": {"verdict-points": {"one": "{n} point."}}})
    assert str(error.value) == (
        "message 'verdict-points' must be a text, or texts by plural category with 'other'"
    )


def test_fields_are_escaped_unless_they_are_markup() -> None:
    t = Messages("en")
    assert t("outcome-of", quiz="<b>") == "An outcome of the quiz &lt;b&gt;."
    assert t("outcome-of", quiz=Markup("<a>Q</a>")) == "An outcome of the quiz <a>Q</a>."


def test_a_text_made_once_is_not_reused_for_markup_of_the_same_characters() -> None:
    t = Messages("en")
    assert t("outcome-of", quiz="<b>Q</b>") == "An outcome of the quiz &lt;b&gt;Q&lt;/b&gt;."
    assert t("outcome-of", quiz=Markup("<b>Q</b>")) == "An outcome of the quiz <b>Q</b>."
    assert t("outcome-of", quiz="<b>Q</b>") == "An outcome of the quiz &lt;b&gt;Q&lt;/b&gt;."
