"""Quiz models to HTML: the page fragment the browser widget enhances and the tests rely on."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .errors import Problem
from .markdown import MarkdownRenderer
from .model import Choice, Outcome, Question, Quiz

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


def choice_order(quiz: Quiz, question: Question) -> list[int]:
    """The order choices are shown in: as written, or a shuffle that is the same on every build."""
    order = list(range(len(question.choices)))
    if quiz.shuffle:
        random.Random(f"{quiz.id}/{question.id}").shuffle(order)
    return order


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
                "choices": [self._choice(q.choices[i], i) for i in choice_order(quiz, q)],
                "right": [self.md.inline(c.text) for c in q.choices if c.correct],
            }
            for q in quiz.questions
        ]
        outcomes = sorted(quiz.outcomes, key=lambda o: o.min)
        return Markup(
            _templates.get_template("quiz.html").render(
                quiz=quiz,
                questions=questions,
                outcomes=[
                    {
                        "outcome": o,
                        "title": self.md.inline(o.title),
                        "text": self.md.block(o.text),
                        "max": outcomes[n + 1].min - 1 if n + 1 < len(outcomes) else None,
                        "url": link(outcome_path(quiz, o)),
                    }
                    for n, o in enumerate(outcomes)
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
                "url": link(f"quiz/{q.id}.md"),
                "description": self.md.block(q.description) if q.description else None,
            }
            for q in quizzes
        ]
        return Markup(_templates.get_template("index.html").render(items=items))

    def outcome(self, quiz: Quiz, outcome: Outcome, *, link: Link) -> Markup:
        """The body of an outcome's own page: what a shared result link opens."""
        ordered = sorted(quiz.outcomes, key=lambda o: o.min)
        return Markup(
            _templates.get_template("outcome.html").render(
                quiz=quiz,
                outcome=outcome,
                text=self.md.block(outcome.text),
                quiz_url=link(f"quiz/{quiz.id}.md"),
                others=[
                    {"title": self.md.inline(o.title), "url": link(outcome_path(quiz, o))}
                    for o in ordered
                    if o.id != outcome.id
                ],
            )
        )

    def summary(self, text: str, limit: int = 200) -> str:
        """Plain text of some Markdown, cut at a word before ``limit`` characters."""
        plain = " ".join(self.md.block(text).striptags().split())
        if len(plain) <= limit:
            return plain
        return plain[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    @staticmethod
    def problems(problems: Sequence[Problem]) -> Markup:
        """What `mkdocs serve` shows in place of quizzes while their files have errors."""
        return Markup(_templates.get_template("problems.html").render(problems=problems))


def outcome_path(quiz: Quiz, outcome: Outcome) -> str:
    """The docs path of an outcome's page; its URL is ``/quiz/<id>/result/<outcome-id>/``."""
    return f"quiz/{quiz.id}/result/{outcome.id}.md"


def _page(title: str, description: str, marker: str, **meta: str) -> str:
    # MkDocs and the theme print page titles and descriptions as HTML, unescaped, so quiz text
    # arrives escaped; JSON strings are valid YAML, so any title survives the front matter.
    front = {
        key: str(Markup.escape(value))
        for key, value in (("title", title), ("description", description), *meta.items())
    }
    lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in front.items())
    return f"---\n{lines}---\n\n# {Markup.escape(title)}\n\n<!-- {marker} -->\n"


def page_source(quiz: Quiz, description: str) -> str:
    """The Markdown of a quiz's own page: a title, and the marker the quiz replaces."""
    return _page(quiz.title, description, f"quiz: {quiz.id}")


def outcome_source(quiz: Quiz, outcome: Outcome, description: str) -> str:
    """The Markdown of an outcome's page, filled in by :meth:`QuizRenderer.outcome`."""
    marker = f"quiz-outcome: {quiz.id}/{outcome.id}"
    share_title = f"{outcome.title} | {quiz.title}"
    return _page(outcome.title, description, marker, share_title=share_title)
