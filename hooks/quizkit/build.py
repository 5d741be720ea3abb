"""One site build's worth of quizzes: load once, then answer the engine's questions page by page.

A new ``QuizBuild`` is made for every build, so `mkdocs serve` never shows stale quiz data.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from .errors import Problem, QuizError
from .links import MARKER, AnchorsOf, check_links, check_markers, find_markers
from .loader import read_quizzes
from .markdown import MarkdownRenderer
from .render import Link, QuizRenderer, outcome_path, outcome_source, page_source

OUTCOME_MARKER = re.compile(r"<!-- quiz-outcome: ([a-z0-9-]+)/([a-z0-9-]+) -->")

INDEX = "quiz/index.md"
_INDEX_SOURCE = (
    "---\ntitle: Quizzes\ndescription: Self-assessment quizzes on networking habits.\n---\n\n"
    "# Quizzes\n\nFind out how much of a Networking Expert™ you are, and whether that is "
    "good news.\n\n<!-- quiz: * -->\n"
)


class QuizBuild:
    def __init__(self, root: Path, markdown: MarkdownRenderer) -> None:
        self.loaded, self.problems = read_quizzes(root / "quiz", display_root=root)
        self.quizzes = {item.quiz.id: item.quiz for item in self.loaded}
        self.renderer = QuizRenderer(markdown)

    def pages(self) -> dict[str, str]:
        """Docs-relative path to Markdown source of every page the quizzes add to the site."""
        pages = {INDEX: _INDEX_SOURCE}
        summary = self.renderer.summary
        for quiz in self.quizzes.values():
            about = summary(quiz.description) if quiz.description else quiz.title
            pages[f"quiz/{quiz.id}.md"] = page_source(quiz, about)
            for outcome in quiz.outcomes:
                pages[outcome_path(quiz, outcome)] = outcome_source(
                    quiz, outcome, summary(outcome.text)
                )
        return pages

    def scan(self, shown_path: str, markdown: str) -> None:
        """Note markers in a page's Markdown that name no quiz (``*`` is the list of all)."""
        markers = [m for m in find_markers(markdown) if m.quiz_id != "*"]
        self.problems += check_markers(shown_path, markers, self.quizzes)

    def fill(self, html: str, *, link: Link, page_path: str) -> str:
        """Replace each marker in a page's HTML with its quiz (or the list of quizzes)."""

        def replace(match) -> str:
            quiz_id = match.group(1)
            if quiz_id == "*":
                index = self.renderer.index(list(self.quizzes.values()), link=link)
                return index + (
                    self.renderer.problems(self.problems) if self.problems else Markup()
                )
            quiz = self.quizzes.get(quiz_id)
            if quiz is None:
                return self.renderer.problems(self.problems)
            own_page = page_path == f"quiz/{quiz_id}.md"
            return self.renderer.quiz(
                quiz, link=link, page_url=None if own_page else link(f"quiz/{quiz_id}.md")
            )

        def replace_outcome(match) -> str:
            # Only the outcome pages generated in pages() carry this marker; one an author
            # copied elsewhere stays the inert comment it is.
            quiz = self.quizzes.get(match.group(1))
            for outcome in quiz.outcomes if quiz else ():
                if outcome.id == match.group(2) and page_path == outcome_path(quiz, outcome):
                    return self.renderer.outcome(quiz, outcome, link=link)
            return match.group(0)

        return OUTCOME_MARKER.sub(replace_outcome, MARKER.sub(replace, html))

    def check(self, anchors_of: AnchorsOf) -> QuizError | None:
        """Every problem of this build, once links can be checked, or None."""
        self.problems += check_links(self.loaded, anchors_of)
        return QuizError(self.problems) if self.problems else None


__all__ = ["INDEX", "Problem", "QuizBuild"]
