"""Whatever the bytes, the loader answers with a quiz or with problems that point into the file.

Property tests over arbitrary YAML documents, arbitrary text and bytes, and mutations of the real
quiz files (lines dropped, doubled, swapped, re-indented; characters inserted; keys dropped,
renamed, doubled; values of the wrong type). Derandomized and bounded, so every run checks the
same examples and the whole file takes seconds.
"""

from __future__ import annotations

import copy
import string
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizkit.errors import Problem, QuizError
from quizkit.loader import load_quiz

ROOT = Path(__file__).resolve().parents[1]
REAL = {path.name: path.read_bytes() for path in sorted((ROOT / "quiz").glob("*.yml"))}
REAL_DATA = {
    name: yaml.load(raw, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for name, raw in REAL.items()
}
PATH = "quiz/fuzz.yml"

FUZZ = settings(
    derandomize=True,  # the same examples on every run and every machine
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KEYS = [
    *("id", "title", "description", "essay", "scoring", "shuffle", "questions", "outcomes"),
    *("prompt", "multiple", "choices", "explanation", "see", "text", "correct", "points"),
    *("feedback", "min", "<<", "Title", "titel", ""),
]
# Snippets that YAML reads in surprising ways, for values and for insertion into the files.
TRAPS = [
    *("yes", "no", "on", "off", "~", "null", "''", '""', "0", "-1", "1e3", "0x1F", "0o17", ".inf"),
    *(".nan", "2026-11-30", "2026-13-45", "12:30:00", "!!int x", "!!binary ***", "!!set {a: 1}"),
    *("!foo x", "&a x", "*a", "*missing", "[", "]", "{", "}", "[a, b", "{a: 1", "- x", "? x"),
    *(": x", "a: b: c", '"unclosed', "'unclosed", "|", ">-", "%TAG", "@x", "`x`", "#", "\t"),
    *("\x00", "\x07", "\ufeff", "\u2028", "\x85", "é", "9" * 5000, "[" * 60, "- " * 60),
]


def check(raw: bytes) -> None:
    """The property: a quiz and no problems, or no quiz and problems inside the file."""
    try:
        quiz, problems, _ = load_quiz(raw, PATH, default_id="fuzz")
    except Exception as error:  # the property is exactly "no other exception", so show it
        raise AssertionError(f"load_quiz raised {error!r}") from error
    assert (quiz is None) == bool(problems)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    # Python's splitlines() breaks at every line break YAML knows (and a few more).
    last_line = len(text.splitlines()) + 1 if text is not None else raw.count(b"\n") + 1
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == PATH
        assert 1 <= problem.line <= last_line, problem
        assert problem.col >= 1, problem
        assert problem.message.isprintable() and problem.message, problem  # one line, always
    if problems:
        assert str(QuizError(problems)).count("\n") == len(set(problems)) - 1


# Arbitrary YAML documents


def dump(data: Any, **options: Any) -> bytes:
    """YAML text for ``data``, with libyaml's emitter (PyYAML's own is 20 times slower)."""
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), **options).encode()


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(TRAPS),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=8))
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
    max_leaves=40,
)
small_documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=8,
)


@FUZZ
@given(document=documents, flow=st.sampled_from([None, True, False]), unicode=st.booleans())
def test_any_yaml_document(document, flow, unicode):
    check(yaml.safe_dump(document, default_flow_style=flow, allow_unicode=unicode).encode("utf-8"))


@FUZZ
@given(document=st.dictionaries(keys, small_documents, min_size=1, max_size=8))
def test_any_yaml_mapping(document):
    check(dump(document, sort_keys=False, allow_unicode=True))


# Arbitrary text and bytes

yamlish = st.text(alphabet=string.ascii_letters[:6] + " :-[]{}#&*!|>?'\"%@`,.\n\t\r", max_size=200)


@FUZZ
@given(text=st.one_of(st.text(max_size=300), yamlish))
def test_any_text(text):
    check(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(raw=st.binary(max_size=300))
def test_any_bytes(raw):
    check(raw)


# Mutations of the real quiz files, as text


@st.composite
def line_edits(draw) -> bytes:
    name = draw(st.sampled_from(sorted(REAL)))
    lines = REAL[name].decode("utf-8").split("\n")
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        edit = draw(
            st.sampled_from(["delete", "duplicate", "swap", "indent", "insert", "value", "trap"])
        )
        if edit == "delete" and len(lines) > 1:
            del lines[i]
        elif edit == "duplicate":
            lines.insert(j, lines[i])
        elif edit == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "indent":
            shift = draw(st.integers(-3, 3))
            stripped = lines[i].lstrip(" ")
            width = max(0, len(lines[i]) - len(stripped) + shift)
            lines[i] = " " * width + stripped
        elif edit == "insert":
            at = draw(st.integers(0, len(lines[i])))
            piece = draw(st.sampled_from(TRAPS) | st.characters())
            lines[i] = lines[i][:at] + piece + lines[i][at:]
        elif edit in ("value", "trap") and ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(TRAPS))}"
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@FUZZ
@given(raw=line_edits())
def test_real_quiz_with_lines_edited(raw):
    check(raw)


# Mutations of the real quiz files, as data


def _paths(data: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*here, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*here, i))
    return found


def _get(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def data_edits(draw) -> bytes:
    data = copy.deepcopy(REAL_DATA[draw(st.sampled_from(sorted(REAL)))])
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(data)[1:]))
        parent, last = _get(data, path[:-1]), path[-1]
        edit = draw(st.sampled_from(["drop", "rename", "retype", "copy", "empty", "swap"]))
        if edit == "drop":
            del parent[last]
        elif edit == "rename" and isinstance(parent, dict):
            parent[draw(keys)] = parent.pop(last)
        elif edit == "retype":
            parent[last] = draw(scalars | st.lists(scalars, max_size=3) | st.just({}))
        elif edit == "copy" and isinstance(parent, list):
            parent.insert(draw(st.integers(0, len(parent))), parent[last])
        elif edit == "empty":
            parent[last] = type(parent[last])() if isinstance(parent[last], list | dict) else ""
        elif edit == "swap" and isinstance(parent, dict) and len(parent) > 1:
            other = draw(st.sampled_from(sorted(parent)))
            parent[last], parent[other] = parent[other], parent[last]
    return dump(data, sort_keys=False, allow_unicode=True)


@FUZZ
@given(raw=data_edits())
def test_real_quiz_with_data_edited(raw):
    check(raw)
