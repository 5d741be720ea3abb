"""Quiz files to validated models, with every mistake reported as ``file:line:col: message``."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem, QuizError
from .files import MISSING_FOLDER, SUFFIXES, quiz_files, read_file, read_folder
from .model import ID_PATTERN, MAX_POINTS, MAX_VOTES, Choice, Outcome, Question, Quiz
from .source import Document, decode, gc_paused, parse

__all__ = [
    "MISSING_FOLDER",
    "SUFFIXES",
    "Loaded",
    "load_quiz",
    "quiz_files",
    "read_file",
    "read_quizzes",
]

_YAML_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "true", "false"}

# Which model each list of the format holds, to suggest keys that exist at that level.
_CHILD_MODEL: dict[str, type[BaseModel]] = {
    "questions": Question,
    "choices": Choice,
    "outcomes": Outcome,
}


@dataclass(frozen=True)
class Loaded:
    """A valid quiz and the document it came from, whose marks later checks point into."""

    quiz: Quiz
    document: Document


def read_quizzes(
    quiz_dir: Path, *, display_root: Path | None = None
) -> tuple[list[Loaded], list[Problem]]:
    """Load every quiz in ``quiz_dir``: the valid quizzes and the problems of all the others.

    Paths in problems are relative to ``display_root`` (default: the parent of ``quiz_dir``).
    """
    root = display_root or quiz_dir.parent
    quizzes: list[Loaded] = []
    owners: dict[str, str] = {}
    files, problems = read_folder(quiz_dir, root)
    with gc_paused():  # across files too: see source.gc_paused
        loaded = [
            (shown, *load_quiz(raw, shown, default_id=path.stem)) for path, shown, raw in files
        ]
    for shown, quiz, found, document in loaded:
        problems += found
        if quiz is None:
            continue
        if quiz.id in owners:
            problems.append(
                document.problem(
                    ("id",), f"quiz id '{quiz.id}' is already used by {owners[quiz.id]}"
                )
            )
            continue
        owners[quiz.id] = shown
        quizzes.append(Loaded(quiz, document))
    return quizzes, sorted(problems)


def load_quizzes(quiz_dir: Path) -> list[Quiz]:
    """Every quiz in ``quiz_dir``, or a :class:`QuizError` with every problem in every file."""
    loaded, problems = read_quizzes(quiz_dir)
    if problems:
        raise QuizError(problems)
    return [item.quiz for item in loaded]


def load_quiz(
    raw: bytes, path: str, *, default_id: str
) -> tuple[Quiz | None, list[Problem], Document]:
    """One quiz from the bytes of a file shown as ``path`` in messages."""
    text, problem = decode(path, raw)
    if problem:
        return None, [problem], Document(path)
    with gc_paused():
        document, problems = parse(path, text)
        if problems:
            return None, problems, document
        data = document.data
        if not isinstance(data, dict):
            return (
                None,
                [
                    document.problem(
                        (),
                        f"a quiz file must be a mapping of keys (title: ...), not {_kind(data)}",
                    )
                ],
                document,
            )
        data = {"id": default_id, **data}
        try:
            return Quiz.model_validate(data), [], document
        except ValidationError as error:
            return (
                None,
                [p for e in error.errors() for p in _problems(document, data, e)],
                document,
            )


def _problems(document: Document, data: dict[str, Any], error: dict[str, Any]) -> Iterable[Problem]:
    loc = tuple(error["loc"])
    if error["type"] == "too_short" and len(error["input"]) >= error["ctx"]["min_length"]:
        return  # enough items were written, some are invalid: those errors say which
    if error["type"] == "quiz_rules":
        for sub, message in error["ctx"]["found"]:
            yield document.problem(
                sub, _where(data, sub[:-1]) + message, key=isinstance(sub[-1], str)
            )
        return
    yield document.problem(
        loc,
        _where(data, loc[:-1]) + _message(document, data, loc, error),
        key=error["type"] in ("extra_forbidden",),
    )


def _message(document: Document, data: dict[str, Any], loc: tuple, error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    name = _name(loc)
    value = error.get("input")
    if kind == "missing":
        return f"missing key '{loc[-1]}'"
    if kind == "extra_forbidden":
        if loc[-1] == "<<":
            return "unknown key '<<' (YAML merge keys are not supported; repeat the keys)"
        return f"unknown key {_shown(loc[-1])}" + _did_you_mean(str(loc[-1]), _model_at(loc[:-1]))
    if kind == "string_type" and value is None:
        return f"{name} must not be empty"
    if kind in ("string_type",):
        return f"{name} must be text, not {_kind(value)}" + _quote_hint(document, loc)
    if kind in ("int_type", "int_from_float") and "votes" in loc[-2:-1]:
        shown = value if isinstance(value, float) else _kind(value)
        return f"votes for {name} must be a whole number from 1 to {MAX_VOTES}, not {shown}"
    if kind in ("int_type", "int_from_float"):
        shown = value if isinstance(value, float) else _kind(value)
        return f"{name} must be a whole number, not {shown}"
    if kind == "bool_type":
        return f"{name} must be true or false, not {_kind(value)}"
    if kind in ("less_than_equal", "greater_than_equal") and "votes" in loc[-2:-1]:
        return f"votes for {name} must be from 1 to {MAX_VOTES}, not {value}"
    if kind in ("less_than_equal", "greater_than_equal"):
        return f"{name} must be between -{MAX_POINTS} and {MAX_POINTS}, not {value}"
    if kind == "literal_error":
        return f"{name} must be one of {ctx['expected']}, not {_shown(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"{name} must be a list, not {_kind(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name} must be a mapping of keys, not {_kind(value)}"
    if kind == "too_short":
        n = ctx["min_length"]
        return f"{name} must have at least {n} item{'s' if n != 1 else ''}"
    if kind == "blank" or kind == "string_too_short":
        return f"{name} must not be empty"
    if kind == "string_too_long":
        return (
            f"{name} is {len(value):,} characters long; keep it to {ctx['max_length']:,} or fewer"
        )
    if kind == "too_many_brackets":
        return (
            f"{name} has {ctx['count']:,} '[' characters; keep it to {ctx['limit']} or fewer "
            "(each may start a link, and every one slows the Markdown down)"
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        if loc == ("id",) and "id" not in document.data:
            return (
                f"the file name makes the quiz id {_shown(value)}, which must use only lowercase "
                "letters, digits and hyphens; rename the file or add an 'id' key"
            )
        return f"{name} must use only lowercase letters, digits and hyphens, not {_shown(value)}"
    return f"{name}: {error['msg']}"


def _name(loc: tuple) -> str:
    if loc and isinstance(loc[-1], str):
        return f"'{loc[-1]}'"
    if len(loc) >= 2 and isinstance(loc[-2], str):
        return f"{_singular(loc[-2])} {loc[-1] + 1}"
    return "the file"


def _singular(field: str) -> str:
    return field[:-1] if field.endswith("s") else field


def _where(data: Any, loc: tuple) -> str:
    """A readable prefix for a location: ``question 'silent-invite': choice 2: ``."""
    parts = []
    node = data
    for i, step in enumerate(loc):
        node = node[step] if _has(node, step) else None
        if isinstance(step, int) and i > 0 and isinstance(loc[i - 1], str):
            label = _singular(loc[i - 1])
            ident = node.get("id") if isinstance(node, dict) else None
            if label != "choice" and isinstance(ident, str) and ident:
                parts.append(f"{label} {_shown(ident)}")
            else:
                parts.append(f"{label} {step + 1}")
    return "".join(f"{p}: " for p in parts)


def _has(node: Any, step: str | int) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def _model_at(loc: tuple) -> type[BaseModel]:
    model: type[BaseModel] = Quiz
    for step in loc:
        if isinstance(step, str) and step in _CHILD_MODEL:
            model = _CHILD_MODEL[step]
    return model


def _did_you_mean(key: str, model: type[BaseModel]) -> str:
    match = difflib.get_close_matches(key, list(model.model_fields), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _quote_hint(document: Document, loc: tuple) -> str:
    mark = document.value_mark(loc)
    if mark is None or not mark.plain or mark.raw is None:
        return ""
    if mark.raw.lower() in _YAML_BOOLEANS:
        return f' (YAML reads a bare {mark.raw} as true or false; write "{mark.raw}" in quotes)'
    return f' (write "{mark.raw}" in quotes)'


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    return f"a {type(value).__name__}"


def _shown(value: Any) -> str:
    if not isinstance(value, str):
        return _kind(value)
    return f"'{value}'" if len(value) <= 40 else f"'{value[:37]}...'"
