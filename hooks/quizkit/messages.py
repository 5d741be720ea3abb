"""The words the quiz machinery shows, in the site's language: one catalogue per language.

``messages/<language>.yml`` maps a key to a text, or, for a message about a number, to one text
per CLDR plural category (``one``, ``few``, ``other``, ...; ``other`` always). The language's
plural rules and number format come from CLDR through Babel, not from tables of our own; in the
browser, quiz.js gets the texts it needs from the page and uses ``Intl.PluralRules`` and
``Intl.NumberFormat`` for the same language. Quiz content (titles, prompts, choices) stays as
its author wrote it.

A site can add or replace texts without touching the engine (``extra.quiz_messages`` in
mkdocs.yml, by language). A language with no catalogue of ours and no complete set of texts
from the site falls back to English, and :attr:`Messages.fallback` says so, for the build log.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from markupsafe import Markup

CATALOGUES = Path(__file__).parent / "messages"
DEFAULT = "en"
SCRIPT_KEYS = (
    *("right", "not-quite", "verdict-points", "score-points", "score-correct"),
    *("share", "copied", "copy"),
    *("verdict-votes", "verdict-no-votes", "score-categories", "chart-votes"),
)
"""The texts quiz.js shows; the form carries them (the script holds no words of its own)."""

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FIELD = re.compile(r"\{(\w+)\}")
Text = str | dict[str, str]


class MessagesError(ValueError):
    """Texts a site gave that cannot be used: an unknown key, or a text of the wrong shape."""


def catalogue(language: str) -> dict[str, Text] | None:
    """Our own catalogue for ``language`` (``de``, ``pt_BR``), or None when there is none."""
    path = CATALOGUES / f"{language}.yml"
    if not path.is_file():
        return None
    # libyaml's loader when PyYAML has it: our own files, read every build.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


class Messages:
    """The texts of one language, with its plural rules and number format."""

    def __init__(self, language: str | None, extra: Mapping[str, Any] | None = None) -> None:
        wanted = (language or DEFAULT).replace("-", "_")
        english = catalogue(DEFAULT) or {}
        own = catalogue(wanted) or {}
        given = dict((extra or {}).get(language or DEFAULT) or {})
        unknown = sorted(set(given) - set(english))
        if unknown:
            raise MessagesError(
                f"extra.quiz_messages.{language}: unknown message "
                + ", ".join(f"'{key}'" for key in unknown)
                + f" (messages: {', '.join(sorted(english))})"
            )
        texts = {**own, **given}
        # Texts for only part of the machinery would mix two languages on one page.
        self.fallback = wanted != DEFAULT and set(texts) != set(english)
        self.language = DEFAULT if self.fallback else wanted
        self.texts: dict[str, Text] = english if self.fallback else {**english, **texts}
        for key, text in self.texts.items():
            if not isinstance(text, str) and not (isinstance(text, dict) and "other" in text):
                raise MessagesError(
                    f"message '{key}' must be a text, or texts by plural category with 'other'"
                )
        try:
            self.locale = Locale.parse(self.language)
        except (ValueError, UnknownLocaleError):
            self.locale = Locale.parse(DEFAULT)
        # A page asks for the same few numbers and forms many times (question 3 of 20 ...);
        # Babel takes microseconds for each, so each is worked out once per build.
        self._numbers: dict[int, str] = {}
        self._forms: dict[int | None, str] = {}
        self._said: dict[tuple[Any, ...], Markup] = {}

    @property
    def lang(self) -> str:
        """The language as an HTML ``lang`` value: ``pt-BR``."""
        return self.language.replace("_", "-")

    def number(self, value: int) -> str:
        if value not in self._numbers:
            self._numbers[value] = format_decimal(value, locale=self.locale)
        return self._numbers[value]

    def _form(self, n: int | None) -> str:
        if n not in self._forms:
            self._forms[n] = self.locale.plural_form(n)
        return self._forms[n]

    def __call__(self, key: str, n: int | None = None, **fields: Any) -> Markup:
        """The text of ``key``, its plural form chosen by ``n``, its fields filled in (numbers in
        the language's format; Markup fields as they are, anything else escaped). A page asks
        for the same texts again and again: each is made once."""
        # Types too: a text and Markup of the same characters are filled in differently.
        asked = (key, n, *((name, type(value), value) for name, value in fields.items()))
        try:
            said = self._said.get(asked)
        except TypeError:  # a field that cannot be a key (none of ours): made every time
            return self._say(key, n, fields)
        if said is None:
            said = self._said[asked] = self._say(key, n, fields)
        return said

    def _say(self, key: str, n: int | None, fields: dict[str, Any]) -> Markup:
        text = self.texts[key]
        if isinstance(text, dict):
            text = text.get(self._form(n), text["other"])
        values = {"n": n, **fields}

        def fill(match: re.Match[str]) -> str:
            value = values.get(match.group(1), match.group(0))
            if isinstance(value, int) and not isinstance(value, bool):
                return self.number(value)
            return str(Markup.escape(value))

        return Markup(_FIELD.sub(fill, str(Markup.escape(text))))

    def for_script(self) -> dict[str, Text]:
        """The texts quiz.js needs, unfilled: it fills and chooses plural forms itself."""
        return {key: self.texts[key] for key in SCRIPT_KEYS}
