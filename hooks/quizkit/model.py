"""What a quiz is: the format authors write, with every rule that spans several fields.

The model is the spec: ``quiz/schema.json`` is generated from it, and the loader turns its
validation errors into ``file:line:col`` messages.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .scoring import reachable_scores

ID_PATTERN = r"^[a-z0-9-]+$"
MAX_POINTS = 100


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


Text = Annotated[StrictStr, AfterValidator(_not_blank), Field(description="Markdown text.")]
Id = Annotated[StrictStr, Field(pattern=ID_PATTERN, description="Lowercase letters, digits, -.")]
DocsLink = Annotated[
    StrictStr,
    AfterValidator(_not_blank),
    Field(description="A docs-relative path to a page, optionally with #anchor."),
]
Points = Annotated[StrictInt, Field(ge=-MAX_POINTS, le=MAX_POINTS)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    """One answer a quiz taker can pick."""

    text: Text
    correct: StrictBool = Field(False, description="scoring: correct only.")
    points: Points = Field(0, description="scoring: points only.")
    feedback: Text | None = Field(None, description="Shown for this choice after answering.")


class Question(_Strict):
    """One question: a prompt and its choices, pick one (radio) or pick any (checkbox)."""

    id: Id
    prompt: Text
    multiple: StrictBool = Field(False, description="true: pick any (checkboxes).")
    choices: tuple[Choice, ...] = Field(min_length=2)
    explanation: Text | None = None
    see: DocsLink | None = Field(None, description="e.g. essays/x.md#heading")


class Outcome(_Strict):
    """A verdict for the scores from ``min`` up to the next outcome's ``min``."""

    id: Id
    min: StrictInt
    title: Text
    text: Text


class Quiz(_Strict):
    """A whole quiz, one per file in ``quiz/``."""

    id: Id = Field(description="Defaults to the file name without extension.")
    title: Text
    description: Text | None = None
    essay: DocsLink | None = Field(None, description="The related essay, docs-relative.")
    scoring: Literal["correct", "points"] = "correct"
    shuffle: StrictBool = False
    questions: tuple[Question, ...] = Field(min_length=1)
    outcomes: tuple[Outcome, ...] = Field(min_length=1)

    @property
    def version(self) -> str:
        """A short hash of the content: saved answers from another version are ignored."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]

    @model_validator(mode="after")
    def _check_rules(self) -> Quiz:
        found: list[tuple[tuple[str | int, ...], str]] = []
        found += _duplicate_ids("questions", self.questions)
        found += _duplicate_ids("outcomes", self.outcomes)
        for i, question in enumerate(self.questions):
            found += [(("questions", i, *loc), msg) for loc, msg in _question_rules(self, question)]
        if not found:
            found += _outcome_rules(self)
        if found:
            # One error carrying every broken rule with its own location; the loader expands it.
            raise PydanticCustomError(
                "quiz_rules",
                "{count} rules broken",
                {"count": len(found), "found": found},
            )
        return self


def _duplicate_ids(field: str, items: tuple[Question, ...] | tuple[Outcome, ...]) -> list:
    seen: dict[str, int] = {}
    found = []
    for i, item in enumerate(items):
        if item.id in seen:
            found.append(
                (
                    (field, i, "id"),
                    f"id '{item.id}' is already used by {field[:-1]} {seen[item.id] + 1}",
                )
            )
        seen.setdefault(item.id, i)
    return found


def _question_rules(quiz: Quiz, question: Question) -> list:
    found = []
    texts: dict[str, int] = {}
    for k, choice in enumerate(question.choices):
        key = " ".join(choice.text.split()).casefold()
        if key in texts:
            found.append((("choices", k, "text"), f"text repeats choice {texts[key] + 1}"))
        texts.setdefault(key, k)
        wrong = "points" if quiz.scoring == "correct" else "correct"
        if wrong in choice.model_fields_set:
            found.append(
                (
                    ("choices", k, wrong),
                    f"'{wrong}' does not apply to scoring: {quiz.scoring}",
                )
            )
    if quiz.scoring == "correct":
        right = sum(choice.correct for choice in question.choices)
        if not question.multiple and right != 1:
            found.append(
                (
                    ("choices",),
                    f"a pick-one question needs exactly one correct choice, found {right}",
                )
            )
        elif question.multiple and right == 0:
            found.append((("choices",), "a pick-any question needs at least one correct choice"))
        elif question.multiple and right == len(question.choices):
            found.append(
                (
                    ("choices",),
                    "a pick-any question needs at least one incorrect choice, "
                    "or ticking every box always wins",
                )
            )
    return found


def _outcome_rules(quiz: Quiz) -> list:
    found = []
    reachable = reachable_scores(quiz.scoring, quiz.questions)
    low = min(reachable)
    order = sorted(range(len(quiz.outcomes)), key=lambda i: quiz.outcomes[i].min)
    seen: dict[int, int] = {}
    for i in order:
        outcome = quiz.outcomes[i]
        if outcome.min in seen:
            other = quiz.outcomes[seen[outcome.min]].id
            found.append(
                (
                    ("outcomes", i, "min"),
                    f"min {outcome.min} is already used by outcome '{other}'",
                )
            )
        seen.setdefault(outcome.min, i)
    if found:
        return found
    first = order[0]
    if quiz.outcomes[first].min > low:
        found.append(
            (
                ("outcomes", first, "min"),
                f"the lowest min is {quiz.outcomes[first].min}, but scores start at {low}: "
                f"a score below {quiz.outcomes[first].min} would have no outcome",
            )
        )
    for n, i in enumerate(order):
        start = quiz.outcomes[i].min
        end = quiz.outcomes[order[n + 1]].min - 1 if n + 1 < len(order) else None
        if not any(start <= s and (end is None or s <= end) for s in reachable):
            span = (
                f"{start} or more"
                if end is None
                else f"{start}"
                if end == start
                else f"{start} to {end}"
            )
            found.append(
                (
                    ("outcomes", i, "min"),
                    f"cannot be reached: no answers score {span} ({_describe(reachable)})",
                )
            )
    return found


def _describe(scores: set[int]) -> str:
    ordered = sorted(scores)
    if len(ordered) <= 12:
        return "possible scores: " + ", ".join(map(str, ordered))
    return f"scores run from {ordered[0]} to {ordered[-1]}"
