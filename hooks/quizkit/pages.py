"""The pages quizzes add to a site: where each one lives, and the Markdown it starts from.

Every quiz gets ``quiz/<id>.md`` (served at ``/quiz/<id>/``) and every outcome
``quiz/<id>/result/<outcome-id>.md``. Each page is a title and a marker; the marker is replaced
by the quiz or the outcome once the page is HTML (see ``markers``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from markupsafe import Markup

from .model import Outcome, Quiz

SUMMARY_LIMIT = 200  # characters of a page description (link previews cut longer ones)


def quiz_path(quiz_id: str) -> str:
    """The docs path of a quiz's own page."""
    return f"quiz/{quiz_id}.md"


def outcome_path(quiz: Quiz, outcome: Outcome) -> str:
    """The docs path of an outcome's page; its URL is ``/quiz/<id>/result/<outcome-id>/``."""
    return f"quiz/{quiz.id}/result/{outcome.id}.md"


def page_sources(quizzes: Iterable[Quiz], render: Callable[[str], Markup]) -> dict[str, str]:
    """Docs path to Markdown source of every page the quizzes add; ``render`` turns Markdown
    into HTML, for the descriptions."""
    pages = {}
    for quiz in quizzes:
        about = summary(render(quiz.description)) if quiz.description else quiz.title
        pages[quiz_path(quiz.id)] = _page(quiz.title, about, f"quiz: {quiz.id}")
        for outcome in quiz.outcomes:
            pages[outcome_path(quiz, outcome)] = _page(
                outcome.title,
                summary(render(outcome.text)),
                f"quiz-outcome: {quiz.id}/{outcome.id}",
                share_title=f"{outcome.title} | {quiz.title}",
            )
    return pages


def summary(html: Markup, limit: int = SUMMARY_LIMIT) -> str:
    """Plain text of some HTML, cut at a word before ``limit`` characters."""
    plain = " ".join(html.striptags().split())
    if len(plain) <= limit:
        return plain
    return plain[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _page(title: str, description: str, marker: str, **meta: str) -> str:
    # MkDocs and the theme print page titles and descriptions as HTML, unescaped, so quiz text
    # arrives escaped; JSON strings are valid YAML, so any title survives the front matter.
    front = {
        key: str(Markup.escape(value))
        for key, value in (("title", title), ("description", description), *meta.items())
    }
    lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in front.items())
    return f"---\n{lines}---\n\n# {Markup.escape(title)}\n\n<!-- {marker} -->\n"
