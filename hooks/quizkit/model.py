"""What a quiz is: the format authors write, with every rule that spans several fields.

The model is the spec: ``quiz/schema.json`` is generated from it, and the loader turns its
validation errors into ``file:line:col`` messages. Facts that follow from a quiz's data alone (the
scores its answers can reach, the range of scores each outcome covers) are methods here, so
rendering, scoring and validation share one answer; the order choices are shown in is
``positions``' job.
"""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from .categories import Ballot

ID_PATTERN = r"^[a-z0-9-]+$"
MAX_POINTS = 100
MAX_VOTES = 10
SCORINGS = ("correct", "points", "categories")


# Characters that show as nothing: a soft hyphen, zero-width spaces and joiners, word joiners.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"))


def comparable(text: str) -> str:
    """What a reader sees of ``text``, for telling texts apart: compatibility forms folded
    (NFKC: a no-break space is a space, "ﬁ" is "fi"), invisible characters dropped, runs of
    spaces made one, case ignored."""
    # ASCII text is its own NFKC form and holds no invisible character.
    shown = text if text.isascii() else unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return " ".join(shown.split()).casefold()


def _not_blank(value: str) -> str:
    # For ASCII text, ``comparable`` is empty exactly when the text is all spaces.
    if not (value.strip() if value.isascii() else comparable(value)):
        raise PydanticCustomError("blank", "must not be empty")
    return value


# Lengths, in characters, that real writing never reaches: a title is a heading and a card's
# headline, a choice fits on a line or two. Past them is a paste gone wrong, or an attack.
MAX_ID = 64
MAX_LINK = 300
MAX_TITLE = 120
MAX_CHOICE = 500
MAX_SHORT = 1_000  # description, prompt, feedback
MAX_LONG = 3_000  # explanation, outcome text


# Python-Markdown's link pattern reads on from each "[" to the end of the text: its time grows
# with brackets times length (10,000 "[" take 12 s). Real text has a few; with this bound and the
# lengths above, the worst text renders in well under a second.
MAX_BRACKETS = 100


def _few_brackets(value: str) -> str:
    if (count := value.count("[")) > MAX_BRACKETS:
        raise PydanticCustomError(
            "too_many_brackets", "too many '['", {"count": count, "limit": MAX_BRACKETS}
        )
    return value


def _text(limit: int) -> object:
    return Annotated[
        StrictStr,
        Field(max_length=limit, description=f"Markdown text, at most {limit:,} characters."),
        AfterValidator(_not_blank),
        AfterValidator(_few_brackets),
    ]


Title = _text(MAX_TITLE)
ChoiceText = _text(MAX_CHOICE)
Text = _text(MAX_SHORT)
LongText = _text(MAX_LONG)
Id = Annotated[
    StrictStr,
    Field(pattern=ID_PATTERN, max_length=MAX_ID, description="Lowercase letters, digits, -."),
]
DocsLink = Annotated[
    StrictStr,
    Field(
        max_length=MAX_LINK,
        description="A docs-relative path to a page, optionally with #anchor.",
    ),
    AfterValidator(_not_blank),
]
Points = Annotated[StrictInt, Field(ge=-MAX_POINTS, le=MAX_POINTS)]
Votes = Annotated[StrictInt, Field(ge=1, le=MAX_VOTES)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    """One answer a quiz taker can pick."""

    text: ChoiceText
    correct: StrictBool = Field(False, description="scoring: correct only.")
    points: Points = Field(0, description="scoring: points only.")
    votes: dict[StrictStr, Votes] = Field(
        default_factory=dict,
        description="scoring: categories only. Outcome id to votes (1 to 10), e.g. {ghost: 2}.",
    )
    feedback: Text | None = Field(None, description="Shown for this choice after answering.")


class Question(_Strict):
    """One question: a prompt and its choices, pick one (radio) or pick any (checkbox)."""

    id: Id
    prompt: Text
    multiple: StrictBool = Field(False, description="true: pick any (checkboxes).")
    choices: tuple[Choice, ...] = Field(min_length=2)
    explanation: LongText | None = None
    see: DocsLink | None = Field(None, description="e.g. essays/x.md#heading")


class Outcome(_Strict):
    """A verdict: for the scores from ``min`` up to the next outcome's ``min``, or, with
    ``scoring: categories``, for the answers that give it the most votes."""

    id: Id
    min: StrictInt | None = Field(
        None, description="scoring: correct and points (required); not categories."
    )
    title: Title
    text: LongText


class OutcomeRange(NamedTuple):
    """The scores an outcome covers: ``low`` up to ``high`` (None: no upper end). ``ranked``
    false: the outcome is won by votes (``scoring: categories``) and covers no scores."""

    outcome: Outcome
    low: int
    high: int | None
    ranked: bool = True

    def __contains__(self, score: object) -> bool:
        return (
            self.ranked
            and isinstance(score, int)
            and self.low <= score
            and (self.high is None or score <= self.high)
        )


class Quiz(_Strict):
    """A whole quiz, one per file in ``quiz/``."""

    id: Id = Field(description="Defaults to the file name without extension.")
    title: Title
    description: Text | None = None
    essay: DocsLink | None = Field(None, description="The related essay, docs-relative.")
    scoring: Literal["correct", "points", "categories"] = Field(
        "correct",
        description="correct: count right answers; points: add up points; categories: each "
        "choice votes for outcomes, the most votes wins (ties: the outcome listed first).",
    )
    shuffle: StrictBool = Field(
        False,
        description="true: each question's choices are dealt at build time so that the right "
        "(or highest- and lowest-scoring) answers spread evenly over the places.",
    )
    questions: tuple[Question, ...] = Field(min_length=1)
    outcomes: tuple[Outcome, ...] = Field(min_length=1)
    _ballot: Ballot | None = PrivateAttr(None)
    _version: str | None = PrivateAttr(None)

    @property
    def version(self) -> str:
        """A short hash of the content: saved answers from another version are ignored. Made
        once per quiz (dumping the model takes some 75 µs; a build asks for it on the quiz's
        page, wherever it is embedded and on the list of quizzes)."""
        if self._version is None:
            # Votes count only where they apply: a quiz that predates them keeps its version,
            # and with it the answers its readers saved.
            unused = None if self.scoring == "categories" else _NO_VOTES
            dumped = self.model_dump_json(exclude=unused).encode()
            self._version = hashlib.sha256(dumped).hexdigest()[:12]
        return self._version

    def ballot(self) -> Ballot:
        """``scoring: categories``: the quiz's votes as numbers, with the proof that each outcome
        can win; made once per quiz (validation proves, pages draw what was found)."""
        if self._ballot is None:
            from .categories import Ballot  # imports this module

            self._ballot = Ballot(self)
        return self._ballot

    def outcome_ranges(self) -> list[OutcomeRange]:
        """The outcomes by ``min``, each covering the scores up to the next one's ``min``; with
        ``scoring: categories``, which has no scores to cover, in file order and no range."""
        if self.scoring == "categories":
            return [OutcomeRange(o, 0, None, ranked=False) for o in self.outcomes]
        ordered = sorted(self.outcomes, key=lambda outcome: outcome.min or 0)
        highs = [(following.min or 0) - 1 for following in ordered[1:]] + [None]
        return [OutcomeRange(o, o.min or 0, high) for o, high in zip(ordered, highs, strict=True)]

    def reachable_scores(self) -> set[int]:
        """Every score some set of answers gives, exactly."""
        return _reachable_scores(self.scoring, self.questions)

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


# What each scoring mode reads from a choice, and what to write there instead of another's key.
_SCORED_BY = {"correct": "correct", "points": "points", "categories": "votes"}
_INSTEAD = {
    "correct": "mark the right choice with 'correct: true'",
    "points": "give the choice 'points: N'",
    "categories": "give the choice votes, e.g. 'votes: {{{outcome}: 1}}'",
}
_NO_VOTES = {"questions": {"__all__": {"choices": {"__all__": {"votes"}}}}}


def _question_rules(quiz: Quiz, question: Question) -> list:
    found = []
    texts: dict[str, int] = {}
    outcomes = [outcome.id for outcome in quiz.outcomes]
    instead = _INSTEAD[quiz.scoring].format(outcome=outcomes[0])
    for k, choice in enumerate(question.choices):
        key = comparable(choice.text)
        if key in texts:
            found.append((("choices", k, "text"), f"text repeats choice {texts[key] + 1}"))
        texts.setdefault(key, k)
        for wrong in ("correct", "points", "votes"):
            if wrong in choice.model_fields_set and wrong != _SCORED_BY[quiz.scoring]:
                message = f"'{wrong}' does not apply to scoring: {quiz.scoring}"
                if "votes" in (wrong, _SCORED_BY[quiz.scoring]):
                    message += f"; {instead}"
                found.append((("choices", k, wrong), message))
        if quiz.scoring == "categories":
            for outcome in choice.votes:
                if outcome not in outcomes:
                    found.append(
                        (
                            ("choices", k, "votes", outcome),
                            f"votes for '{outcome}', which is not an outcome of this quiz"
                            + _did_you_mean(outcome, outcomes, ", ".join(outcomes)),
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


def _did_you_mean(word: str, words: Sequence[str], listed: str) -> str:
    match = difflib.get_close_matches(word, words, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else f" (outcomes: {listed})"


def _outcome_rules(quiz: Quiz) -> list:
    if quiz.scoring == "categories":
        return _category_rules(quiz)
    missing = [
        (("outcomes", i, "min"), "missing key 'min'")
        for i, outcome in enumerate(quiz.outcomes)
        if outcome.min is None
    ]
    if missing:
        return missing
    found = []
    position = {id(outcome): i for i, outcome in enumerate(quiz.outcomes)}
    ranges = quiz.outcome_ranges()
    first: dict[int, Outcome] = {}
    for outcome, *_ in ranges:
        if outcome.min in first:
            found.append(
                (
                    ("outcomes", position[id(outcome)], "min"),
                    f"min {outcome.min} is already used by outcome '{first[outcome.min].id}'",
                )
            )
        first.setdefault(outcome.min, outcome)
    if found:
        return found
    reachable = quiz.reachable_scores()
    lowest, low = ranges[0].outcome, min(reachable)
    if lowest.min > low:
        found.append(
            (
                ("outcomes", position[id(lowest)], "min"),
                f"the lowest min is {lowest.min}, but scores start at {low}: "
                f"a score below {lowest.min} would have no outcome",
            )
        )
    for span in ranges:
        if not any(score in span for score in reachable):
            found.append(
                (
                    ("outcomes", position[id(span.outcome)], "min"),
                    f"cannot be reached: no answers score {_span(span)} ({_describe(reachable)})",
                )
            )
    return found


def _category_rules(quiz: Quiz) -> list:
    """Outcomes won by votes: no ``min``, and each one can win (see ``categories``)."""
    found = [
        (
            ("outcomes", i, "min"),
            "'min' does not apply to scoring: categories, where the outcome with the most "
            "votes wins; delete it",
        )
        for i, outcome in enumerate(quiz.outcomes)
        if "min" in outcome.model_fields_set
    ]
    if found:
        return found
    ballot = quiz.ballot()
    for i, outcome in enumerate(quiz.outcomes):
        proof = ballot.how_to_win(outcome.id)
        if proof.reason:
            found.append((("outcomes", i, "id"), f"cannot win: {proof.reason}"))
    return found


def _span(span: OutcomeRange) -> str:
    if span.high is None:
        return f"{span.low} or more"
    return f"{span.low}" if span.high == span.low else f"{span.low} to {span.high}"


def _describe(scores: set[int]) -> str:
    ordered = sorted(scores)
    if len(ordered) <= 12:
        return "possible scores: " + ", ".join(map(str, ordered))
    return f"scores run from {ordered[0]} to {ordered[-1]}"


def _reachable_scores(scoring: str, questions: Sequence[Question]) -> set[int]:
    """Pick-one questions must be answered (their radios are ``required``); pick-any questions may
    be left empty. The set is a bitmask shifted per choice, so 10,000 questions stay cheap."""
    base, bits = 0, 1  # bit i set: score base + i is reachable
    for question in questions:
        if scoring == "correct":
            bits |= bits << 1
        elif question.multiple:
            for choice in question.choices:
                if choice.points >= 0:
                    bits |= bits << choice.points
                else:
                    base += choice.points
                    bits |= bits << -choice.points
        else:
            points = [choice.points for choice in question.choices]
            low = min(points)
            base += low
            combined = 0
            for p in set(points):
                combined |= bits << (p - low)
            bits = combined
    digits = bin(bits)[:1:-1]  # least significant bit first; shifting per bit is quadratic
    return {base + i for i, digit in enumerate(digits) if digit == "1"}
