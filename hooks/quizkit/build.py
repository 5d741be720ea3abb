"""One site build's worth of quizzes: load once, then answer the site engine page by page.

A new ``QuizBuild`` is made for every build, so `mkdocs serve` never shows stale quiz data. The
order of a build: ``pages`` (what to add), ``fill`` (each page's HTML, as it is rendered),
``check`` (links, once every page is known), then ``show_problems`` (each page again, so a
problem box lists every problem of the build, whenever it was found).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from .errors import Problem, QuizError
from .links import AnchorsOf, check_links, check_paths
from .loader import read_quizzes
from .markdown import MarkdownRenderer
from .markers import Marker, near_miss_written_at, near_misses, replace_markers, written_at
from .messages import Messages
from .pages import outcome_path, page_sources, quiz_path
from .positions import check_positions, choice_orders
from .render import HEADING_ID, Link, QuizRenderer
from .similar import similar_prompts


class QuizBuild:
    def __init__(
        self,
        root: Path,
        docs_dir: Path,
        markdown: MarkdownRenderer,
        messages: Messages | None = None,
    ) -> None:
        self.root, self.docs_dir = root, docs_dir
        loaded, self.problems = read_quizzes(root / "quiz", display_root=root)
        # A quiz whose page would replace one of docs/ is not built: its id is reported.
        self.loaded, collisions = check_paths(loaded, docs_dir)
        self.problems += collisions
        # Fairness: no place gives the answers away, no question is asked twice.
        # The order each quiz's choices are shown in: judged here, rendered on every page.
        self.orders = {item.quiz.id: choice_orders(item.quiz) for item in self.loaded}
        unfair, self.notes = check_positions(self.loaded, self.orders)
        self.problems += unfair + similar_prompts(self.loaded)
        self.quizzes = {item.quiz.id: item.quiz for item in self.loaded}
        self.renderer = QuizRenderer(markdown, messages)
        self._own_pages = {quiz_path(q.id) for q in self.quizzes.values()} | {
            outcome_path(q, o) for q in self.quizzes.values() for o in q.outcomes
        }
        # Where a problem box goes, until every problem is known; no page can guess it.
        self._slot = Markup(f"<!-- quizkit problems {secrets.token_hex(8)} -->")

    def pages(self) -> dict[str, str]:
        """Docs-relative path to Markdown source of every page the quizzes add to the site."""
        return page_sources(self.quizzes.values(), self.renderer.md)

    def heading_id(self, page_path: str) -> str | None:
        """The id of the heading our template gives a page the quizzes add, or None for any
        other page: the site engine can point its table of contents (and a "Skip to content"
        link) at it, since that heading is not in the page's Markdown."""
        return HEADING_ID if page_path in self._own_pages else None

    def fill(self, html: str, *, page_path: str, source: Callable[[], str], link: Link) -> str:
        """A page's HTML with each marker replaced by what it asks for; ``source`` reads the
        page's Markdown file, to locate a marker that names no quiz."""
        shown: dict[str, Marker] = {}  # the quizzes already on this page, by their marker

        def problem(at: tuple[int, int], message: str) -> Markup:
            self.problems.append(Problem(self._shown(page_path), *at, message))
            return self._slot

        def replace(marker: Marker) -> str | None:
            if marker.kind == "quiz-outcome":
                return self._outcome(marker.target, page_path, link)
            if marker.target == "*":
                return self.renderer.index(list(self.quizzes.values()), link=link) + self._slot
            quiz = self.quizzes.get(marker.target)
            if quiz is None:
                return problem(written_at(marker, html, source()), self._unknown(marker))
            if quiz.id in shown:
                # Two copies of a form would share its element ids and its saved answers.
                first, _ = written_at(shown[quiz.id], html, source())
                return problem(
                    written_at(marker, html, source()),
                    f"quiz '{quiz.id}' is already on this page at line {first}; "
                    "a page shows a quiz once",
                )
            shown[quiz.id] = marker
            own_page = page_path == quiz_path(quiz.id)
            page_url = None if own_page else link(quiz_path(quiz.id))
            return self.renderer.quiz(
                quiz, link=link, page_url=page_url, orders=self.orders[quiz.id]
            )

        filled = replace_markers(html, replace)
        typos = near_misses(html)
        for near in typos:
            problem(
                near_miss_written_at(near, html, source()),
                f"`{near.text}` is not a quiz marker; did you mean `{near.suggestion}`?",
            )
        for text in {near.text for near in typos}:  # the problem box where the quiz would be
            filled = filled.replace(text, text + self._slot)
        return filled

    def check(self, anchors_of: AnchorsOf) -> QuizError | None:
        """Every problem of this build, once links can be checked, or None."""
        self.problems += check_links(self.loaded, anchors_of, self.renderer.md.block)
        return QuizError(self.problems) if self.problems else None

    def show_problems(self, html: str) -> str:
        """A filled page with every problem of the build where a marker asked for them."""
        if self._slot not in html:
            return html
        box = self.renderer.problems(QuizError(self.problems).problems) if self.problems else ""
        return html.replace(self._slot, box)

    def _outcome(self, target: str, page_path: str, link: Link) -> Markup | None:
        # Only the outcome pages made by pages() are filled; a marker an author copied elsewhere
        # stays the inert comment it is.
        quiz_id, _, outcome_id = target.partition("/")
        quiz = self.quizzes.get(quiz_id)
        for outcome in quiz.outcomes if quiz else ():
            if outcome.id == outcome_id and page_path == outcome_path(quiz, outcome):
                return self.renderer.outcome(quiz, outcome, link=link)
        return None

    def _unknown(self, marker: Marker) -> str:
        listed = ", ".join(sorted(self.quizzes)) or "none"
        return f"unknown quiz '{marker.target}' (quizzes: {listed})"

    def _shown(self, page_path: str) -> str:
        page = self.docs_dir / page_path
        return (
            page.relative_to(self.root).as_posix() if page.is_relative_to(self.root) else str(page)
        )
