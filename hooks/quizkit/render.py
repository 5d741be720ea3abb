"""Quiz models to HTML: the fragments the browser widget enhances and the tests rely on.

Only HTML: which pages exist and what they are called is ``pages``' job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import chart
from .errors import Problem
from .markdown import MarkdownRenderer, relink
from .messages import Messages
from .pages import outcome_path, quiz_path, result_path

if TYPE_CHECKING:  # a build whose quizzes are all cached renders no model (and imports none)
    from .model import Choice, Outcome, Question, Quiz
    from .positions import Orders

Link = Callable[[str], str]
"""Turns a docs-relative target (``essays/x.md#h``) into a URL relative to the current page."""

HEADING_ID = "nw-title"
_REPEATED = ("hint-single", "hint-multiple", "answer-summary", "answer-label", "see-link")
"""The id of a quiz's or an outcome's own page heading (no id from quiz text can be it)."""

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,  # MkDocs' own environment has autoescape off; ours escapes everything
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.globals["heading_id"] = HEADING_ID
# escape() leaves Markup as it is and escapes anything else (Markup.format would do the same
# through a string.Formatter, some 3 µs a call).
_templates.globals["link_to"] = lambda url, text: Markup(
    f'<a href="{escape(url)}">{escape(text)}</a>'
)
_templates.globals["code"] = lambda text: Markup(f"<code>{escape(text)}</code>")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made these
# 3.5 times slower to build (the renderer makes one per choice, and shows them only).
@dataclass(slots=True)
class ShownChoice:
    index: int  # position in the YAML file: the input's value, whatever order it is shown in
    choice: Choice
    text: Markup
    feedback: Markup | None
    worth: Markup | None  # "(2 points)", "(1 vote for The Ghost)"; None: scoring correct


@dataclass(slots=True)
class ShownQuestion:
    """A question as the template shows it: its texts rendered, its choices in shown order."""

    question: Question
    number: Markup  # "Question 3 of 20"
    prompt: Markup
    choices: list[ShownChoice]
    right: list[Markup]  # the right choices' texts (scoring: correct)
    feedback: list[ShownChoice]  # the choices that have feedback
    explanation: Markup | None
    see: str | None


@dataclass(frozen=True)
class _Texts:
    """Quiz text as shown on one page: rendered once per build (the renderer caches), with its
    relative links, docs paths, made relative to this page (which the cache cannot know)."""

    md: MarkdownRenderer
    link: Link

    def block(self, text: str) -> Markup:
        return relink(self.md.block(text), self.link)

    def inline(self, text: str) -> Markup:
        return relink(self.md.inline(text), self.link)

    def plain(self, text: str) -> str:
        return self.md.plain(text)


class QuizRenderer:
    """Renders quizzes with one Markdown renderer, reused for every text of a build. Every text
    an author wrote, titles included, reaches the HTML through it (and so through its
    sanitiser); the templates escape the rest."""

    def __init__(self, markdown: MarkdownRenderer, messages: Messages | None = None) -> None:
        self.md = markdown
        self.t = messages or Messages(None)

    def _render(self, template: str, **context: object) -> Markup:
        return Markup(_templates.get_template(template).render(t=self.t, **context))

    def quiz(
        self, quiz: Quiz, *, link: Link, page_url: str | None = None, orders: Orders | None = None
    ) -> Markup:
        """The quiz form; ``page_url`` set means embedded in another page, titled with a link,
        else on its own page, under the page's heading. ``orders``: the quiz's
        :func:`choice_orders`, when the caller has them already."""
        from .positions import choice_orders

        md = _Texts(self.md, link)
        orders = orders or choice_orders(quiz)
        count = len(quiz.questions)
        titles = self._titles(md, quiz)
        worth = self._worth(quiz.scoring, titles)
        questions = []
        for number, q in enumerate(quiz.questions, 1):
            choices = [self._choice(md, q.choices[i], i, worth) for i in orders[q.id]]
            questions.append(
                ShownQuestion(
                    question=q,
                    number=self.t("question-number", number=number, count=count),
                    prompt=md.inline(q.prompt),
                    choices=choices,
                    right=[c.text for c in choices if c.choice.correct],
                    feedback=[c for c in choices if c.feedback],
                    explanation=md.block(q.explanation) if q.explanation else None,
                    see=link(q.see) if q.see else None,
                )
            )
        return self._render(
            "quiz.html",
            quiz=quiz,
            title=md.inline(quiz.title),
            title_text=md.plain(quiz.title),
            questions=questions,
            outcomes=[
                {
                    "outcome": span.outcome,
                    "title": md.inline(span.outcome.title),
                    "text": md.block(span.outcome.text),
                    "max": span.high,
                    "ranked": span.ranked,
                    "url": link(outcome_path(quiz, span.outcome)),
                }
                for span in quiz.outcome_ranges()
            ],
            **self._chart(quiz, titles),
            description=md.block(quiz.description) if quiz.description else None,
            essay=link(quiz.essay) if quiz.essay else None,
            page_url=page_url,
            level=3 if page_url else 2,
            script_messages=self.t.for_script(),
            # The words every question repeats, looked up once.
            said={key: self.t(key) for key in _REPEATED},
        )

    @staticmethod
    def _choice(
        md: _Texts, choice: Choice, index: int, worth: Callable[[Choice], Markup] | None
    ) -> ShownChoice:
        feedback = md.block(choice.feedback) if choice.feedback else None
        return ShownChoice(
            index, choice, md.inline(choice.text), feedback, worth(choice) if worth else None
        )

    def _worth(self, scoring: str, titles: dict[str, Markup]) -> Callable[[Choice], Markup] | None:
        """What a choice is worth, as the answer shows it: its points, or its votes."""
        t = self.t
        if scoring == "points":
            return lambda choice: t("choice-points", choice.points)
        if scoring == "categories":

            def votes(choice: Choice) -> Markup:
                if not choice.votes:
                    return t("choice-no-votes")
                # Markup.join escapes what is not Markup; Markup.format would cost a
                # string.Formatter per choice.
                said = Markup(", ").join(
                    t("choice-votes", n, outcome=titles[outcome])
                    for outcome, n in choice.votes.items()
                )
                return Markup(f"({said})")

            return votes
        return None

    def index(self, quizzes: Sequence[Quiz | dict[str, Any]], *, link: Link) -> Markup:
        """The list of every quiz, for the quizzes page; with each quiz's version and outcomes,
        for quiz.js to show what the reader finished in this browser. A quiz may be given as
        its :meth:`index_entry` (what the build's cache keeps)."""
        items = []
        for q in quizzes:
            entry = q if isinstance(q, dict) else self.index_entry(q)
            description = entry["description"]
            items.append(
                {
                    # What the template reads of the quiz; the length of its questions only.
                    "quiz": {
                        "id": entry["id"],
                        "version": entry["version"],
                        "scoring": entry["scoring"],
                        "questions": range(entry["questions"]),
                    },
                    "title": entry["title"],
                    "url": link(quiz_path(entry["id"])),
                    "description": relink(Markup(description), link) if description else None,
                    "outcomes": [
                        {
                            "id": outcome,
                            "title": relink(Markup(title), link),
                            "url": link(result_path(entry["id"], outcome)),
                        }
                        for outcome, title in entry["outcomes"]
                    ],
                }
            )
        return self._render("index.html", items=items)

    def index_entry(self, quiz: Quiz) -> dict[str, Any]:
        """What the quizzes page shows of a quiz, as plain data (links still docs paths)."""
        return {
            "id": quiz.id,
            "version": quiz.version,
            "scoring": quiz.scoring,
            "questions": len(quiz.questions),
            "title": self.md.plain(quiz.title),
            "description": str(self.md.block(quiz.description)) if quiz.description else None,
            "outcomes": [[o.id, str(self.md.inline(o.title))] for o, *_ in quiz.outcome_ranges()],
        }

    def outcome(self, quiz: Quiz, outcome: Outcome, *, link: Link) -> Markup:
        """The body of an outcome's own page, its heading included: what a shared result link
        opens."""
        md = _Texts(self.md, link)
        titles = self._titles(md, quiz)
        return self._render(
            "outcome.html",
            quiz=quiz,
            outcome=outcome,
            title=md.inline(outcome.title),
            quiz_title=md.plain(quiz.title),
            text=md.block(outcome.text),
            quiz_url=link(quiz_path(quiz.id)),
            others=[
                {"title": md.plain(o.title), "url": link(outcome_path(quiz, o))}
                for o, *_ in quiz.outcome_ranges()
                if o.id != outcome.id
            ],
            **self._chart(quiz, titles, outcome),
        )

    @staticmethod
    def _titles(md: _Texts, quiz: Quiz) -> dict[str, Markup]:
        return {o.id: md.inline(o.title) for o in quiz.outcomes}

    def _chart(
        self, quiz: Quiz, titles: dict[str, Markup], outcome: Outcome | None = None
    ) -> dict[str, object]:
        """The picture's numbers: the scale, or the bars (for an outcome's page, those of the
        answers the build found that lead to it); and, by outcome, the words beside each band
        ("Ghost: Score 0 to 3") or bar ("2 votes")."""
        t = self.t
        if quiz.scoring != "categories":
            scale = chart.scale(quiz)
            words = {
                b.outcome: t(
                    "band",
                    outcome=titles[b.outcome],
                    range=t("range-one" if b.low == b.high else "range", low=b.low, high=b.high),
                )
                for b in scale.bands
            }
            return {"scale": scale, "bars": None, "chart_words": words}
        totals = quiz.ballot().how_to_win(outcome.id).totals if outcome else None
        bars = chart.bars(quiz, totals)
        words = {o.id: t("chart-votes", bars.totals.get(o.id, 0)) for o in quiz.outcomes}
        return {"scale": None, "bars": bars, "chart_words": words, "chart_titles": titles}

    def problems(self, problems: Sequence[Problem]) -> Markup:
        """What `mkdocs serve` shows in place of quizzes while their files have errors."""
        return self._render("problems.html", problems=problems)
