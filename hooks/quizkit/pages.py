"""The pages quizzes add to a site: where each one lives, and the Markdown it starts from.

Every quiz gets ``quiz/<id>.md`` (served at ``/quiz/<id>/``) and every outcome
``quiz/<id>/result/<outcome-id>.md``. Each page is front matter (title, description) and a
marker, nothing else: no author text is ever Markdown for MkDocs to render. The marker is replaced
by the quiz or the outcome, heading included, once the page is HTML (see ``markers``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import yaml
from markupsafe import Markup

from .markdown import MarkdownRenderer

if TYPE_CHECKING:
    from .model import Outcome, Quiz

_CDumper = getattr(yaml, "CSafeDumper", None)
SUMMARY_LIMIT = 200  # characters of a page description (link previews cut longer ones)


def quiz_path(quiz_id: str) -> str:
    """The docs path of a quiz's own page."""
    return f"quiz/{quiz_id}.md"


def outcome_path(quiz: Quiz, outcome: Outcome) -> str:
    """The docs path of an outcome's page; its URL is ``/quiz/<id>/result/<outcome-id>/``."""
    return result_path(quiz.id, outcome.id)


def result_path(quiz_id: str, outcome_id: str) -> str:
    """:func:`outcome_path`, from the two ids."""
    return f"quiz/{quiz_id}/result/{outcome_id}.md"


def page_sources(quizzes: Iterable[Quiz], markdown: MarkdownRenderer) -> dict[str, str]:
    """Docs path to Markdown source of every page the quizzes add. Titles and descriptions are
    the text of their rendering, the same the page shows."""
    pages = {}
    for quiz in quizzes:
        title = markdown.plain(quiz.title)
        about = summary(markdown.block(quiz.description)) if quiz.description else title
        pages[quiz_path(quiz.id)] = _page(title, about, f"quiz: {quiz.id}")
        for outcome in quiz.outcomes:
            pages[outcome_path(quiz, outcome)] = _page(
                markdown.plain(outcome.title),
                summary(markdown.block(outcome.text)),
                f"quiz-outcome: {quiz.id}/{outcome.id}",
                share_title=f"{markdown.plain(outcome.title)} | {title}",
            )
    return pages


def summary(html: Markup, limit: int = SUMMARY_LIMIT) -> str:
    """Plain text of some HTML, cut at a word before ``limit`` characters."""
    text = " ".join(html.striptags().split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _page(title: str, description: str, marker: str, **meta: str) -> str:
    # MkDocs and the theme print page titles and descriptions as HTML, unescaped, so the text
    # arrives escaped. Written by the YAML library that reads it: double-quoted with escapes, so
    # any character (outside the BMP, a line break, "---") comes back as it went in.
    front = {
        key: str(Markup.escape(value))
        for key, value in (("title", title), ("description", description), *meta.items())
    }
    if _CDumper is not None:  # libyaml writes the same text, a page in 10 µs instead of 200
        lines = yaml.dump(
            front, Dumper=_CDumper, allow_unicode=True, default_style='"', width=-1, sort_keys=False
        )
    else:  # pragma: no cover - depends on how PyYAML was built
        lines = yaml.safe_dump(
            front, allow_unicode=True, default_style='"', width=float("inf"), sort_keys=False
        )
    # The heading is the template's (render), like everything else shown from quiz text.
    return f"---\n{lines}---\n\n<!-- {marker} -->\n"
