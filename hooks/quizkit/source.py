"""YAML text to plain Python data, keeping where every key and value came from.

PyYAML silently keeps the last of two equal keys and forgets line numbers once it has built
Python objects, so we compose the node tree (with libyaml when present) and build the data
ourselves, recording a mark for every path and refusing duplicate keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

try:  # libyaml is ~10x faster; the pure-Python loader gives the same nodes and marks.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

MAX_BYTES = 2_000_000
MAX_NODES = 500_000  # guards against alias bombs ("billion laughs")


@dataclass(frozen=True)
class Mark:
    """Where a node starts (1-based), and its source text when it is a plain scalar."""

    line: int
    col: int
    raw: str | None = None
    plain: bool = False  # an unquoted scalar, whose type YAML guessed


@dataclass
class Document:
    """The data of one YAML file, with the marks of its values and of its keys."""

    path: str
    data: Any = None
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, loc: Path_, *, key: bool = False) -> Mark:
        """The mark of ``loc``, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        while loc:
            if loc in table:
                return table[loc]
            if key and loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Mark(1, 1))

    def problem(self, loc: Path_, message: str, *, key: bool = False) -> Problem:
        mark = self.mark(loc, key=key)
        return Problem(self.path, mark.line, mark.col, message)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


def _hint(problem: str, found: str) -> str:
    if found == "\t":
        return " (a tab; indent with spaces, not tabs)"
    if "mapping values are not allowed" in problem:
        return " (put quotes around text that contains ': ')"
    return ""


def _syntax_problem(path: str, error: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    what = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"YAML syntax error: {what}" + (f" ({context})" if context else "")
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    found = lines[line - 1][col - 1 : col] if line <= len(lines) else ""
    message += _hint(what, found)
    return Problem(path, line, col, message)


def decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a UTF-8 byte-order mark is allowed and dropped), or a problem."""
    if len(raw) > MAX_BYTES:
        return None, Problem(path, 1, 1, f"file is larger than {MAX_BYTES:,} bytes; split it")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        return None, Problem(path, line, col, "file is not UTF-8 text; save it as UTF-8")


def parse(path: str, text: str) -> tuple[Document, list[Problem]]:
    """Parse one YAML document into a :class:`Document`, collecting every problem."""
    document = Document(path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        return document, [_syntax_problem(path, error, text)]
    finally:
        loader.dispose()
    if root is None:
        return document, [Problem(path, 1, 1, "file is empty; a quiz needs at least a title")]
    builder = _Builder(document, yaml.SafeLoader(""))
    try:
        document.data = builder.build(root, ())
    except yaml.YAMLError as error:
        builder.problems.append(_syntax_problem(path, error, text))
    return document, builder.problems


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording marks on the way."""

    def __init__(self, document: Document, constructor: yaml.SafeLoader) -> None:
        self.document = document
        self.constructor = constructor
        self.problems: list[Problem] = []
        self.nodes = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise yaml.YAMLError(f"document has more than {MAX_NODES:,} values")
        start = node.start_mark
        plain = isinstance(node, yaml.ScalarNode) and not node.style
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        self.document.values[loc] = Mark(start.line + 1, start.column + 1, raw, plain)
        if isinstance(node, yaml.ScalarNode):
            return self.constructor.construct_object(node)
        if id(node) in self.active:
            raise yaml.YAMLError("an alias refers to a value that contains it")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, loc)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, loc: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(
                        self.document.path,
                        mark.line + 1,
                        mark.column + 1,
                        "a key must be plain text",
                    )
                )
                continue
            key = key_node.value
            if key in result:
                first = self.document.keys[(*loc, key)]
                self.problems.append(
                    Problem(
                        self.document.path,
                        mark.line + 1,
                        mark.column + 1,
                        f"duplicate key '{key}' (first defined at line {first.line})",
                    )
                )
                continue
            self.document.keys[(*loc, key)] = Mark(mark.line + 1, mark.column + 1, key)
            result[key] = self.build(value_node, (*loc, key))
        return result
