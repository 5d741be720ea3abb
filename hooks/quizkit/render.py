"""Quiz models to HTML: the fragments the browser widget enhances and the tests rely on.

Only HTML: which pages exist and what they are called is ``pages``' job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .errors import Problem
from .markdown import MarkdownRenderer
from .model import Choice, Outcome, Quiz
from .pages import outcome_path, quiz_path

Link = Callable[[str], str]
"""Turns a docs-relative target (``essays/x.md#h``) into a URL relative to the current page."""

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,  # MkDocs' own environment has autoescape off; ours escapes everything
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class ShownChoice:
    index: int  # position in the YAML file: the input's value, whatever order it is shown in
    choice: Choice
    text: Markup
    feedback: Markup | None


class QuizRenderer:
    """Renders quizzes with one Markdown renderer, reused for every text of a build."""

    def __init__(self, markdown: MarkdownRenderer) -> None:
        self.md = markdown

    def quiz(self, quiz: Quiz, *, link: Link, page_url: str | None = None) -> Markup:
        """The quiz form; ``page_url`` set means embedded in another page, titled with a link."""
        questions = [
            {
                "question": q,
                "prompt": self.md.inline(q.prompt),
                "explanation": self.md.block(q.explanation) if q.explanation else None,
                "see": link(q.see) if q.see else None,
                "choices": [self._choice(q.choices[i], i) for i in quiz.choice_order(q)],
                "right": [self.md.inline(c.text) for c in q.choices if c.correct],
            }
            for q in quiz.questions
        ]
        return Markup(
            _templates.get_template("quiz.html").render(
                quiz=quiz,
                questions=questions,
                outcomes=[
                    {
                        "outcome": o,
                        "title": self.md.inline(o.title),
                        "text": self.md.block(o.text),
                        "max": high,
                        "url": link(outcome_path(quiz, o)),
                    }
                    for o, _, high in quiz.outcome_ranges()
                ],
                description=self.md.block(quiz.description) if quiz.description else None,
                essay=link(quiz.essay) if quiz.essay else None,
                page_url=page_url,
                level=3 if page_url else 2,
            )
        )

    def _choice(self, choice: Choice, index: int) -> ShownChoice:
        feedback = self.md.block(choice.feedback) if choice.feedback else None
        return ShownChoice(index, choice, self.md.inline(choice.text), feedback)

    def index(self, quizzes: Sequence[Quiz], *, link: Link) -> Markup:
        """The list of every quiz, for the quizzes page."""
        items = [
            {
                "quiz": q,
                "url": link(quiz_path(q.id)),
                "description": self.md.block(q.description) if q.description else None,
            }
            for q in quizzes
        ]
        return Markup(_templates.get_template("index.html").render(items=items))

    def outcome(self, quiz: Quiz, outcome: Outcome, *, link: Link) -> Markup:
        """The body of an outcome's own page: what a shared result link opens."""
        return Markup(
            _templates.get_template("outcome.html").render(
                quiz=quiz,
                outcome=outcome,
                text=self.md.block(outcome.text),
                quiz_url=link(quiz_path(quiz.id)),
                others=[
                    {"title": self.md.inline(o.title), "url": link(outcome_path(quiz, o))}
                    for o, _, _ in quiz.outcome_ranges()
                    if o.id != outcome.id
                ],
            )
        )

    @staticmethod
    def problems(problems: Sequence[Problem]) -> Markup:
        """What `mkdocs serve` shows in place of quizzes while their files have errors."""
        return Markup(_templates.get_template("problems.html").render(problems=problems))
