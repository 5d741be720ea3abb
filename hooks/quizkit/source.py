"""YAML text to plain Python data, keeping where every key and value came from.

PyYAML silently keeps the last of two equal keys and forgets line numbers once it has built
Python objects, so we compose the node tree (with libyaml when present) and build the data
ourselves, recording a mark for every path and refusing duplicate keys. Whatever the bytes,
the result is data or a list of problems: never an exception, never a crashed build.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import yaml

from .errors import Problem

try:  # libyaml is ~10x faster; the pure-Python loader gives the same nodes and marks.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

MAX_BYTES = 2_000_000
MAX_NODES = 500_000  # guards against alias bombs ("billion laughs") of many small values
# ... and of a few long ones: the text of every key and value, each alias counted in full. A
# file without aliases cannot pass it (a character takes at least a byte).
MAX_EXPANDED = MAX_BYTES
MAX_DEPTH = 50  # a quiz nests 5 deep; our builder recurses once per level
# libyaml's composer recurses in C and kills the process somewhere past 20,000 levels
# ("- - - - ..." or "[[[[..."), so deeper text is measured with its flat event parser first.
_COMPOSE_SAFELY = 1_000

_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks: its marks count these
_TOO_LONG_NUMBER = re.compile(r"Exceeds the limit .* for integer string conversion")
_STR = "tag:yaml.org,2002:str"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_BOOLS = yaml.SafeLoader.bool_values  # yes, no, true, false, on, off (their case folded)
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SCALAR_KINDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "base64 binary data",
}


class Mark(NamedTuple):
    """Where a node starts (1-based), and its source text when it is a scalar."""

    line: int
    col: int
    raw: str | None = None
    plain: bool = False  # an unquoted scalar, whose type YAML guessed


@dataclass
class Document:
    """The data of one YAML file, and where each of its keys and values was written.

    Marks are looked up when a message needs one, in the file's node tree: building the data
    records none, and keeps no tree, since most files never need a mark. The tree is composed
    again from ``text`` for the first mark asked of a file that had no problem.
    """

    path: str
    data: Any = None
    text: str | None = None
    root: yaml.Node | None = None

    def _tree(self) -> yaml.Node | None:
        if self.root is None and self.text is not None:
            loader = _Loader(self.text)
            try:
                self.root = loader.get_single_node()
            except yaml.YAMLError:  # pragma: no cover - the text was composed once already
                self.text = None
            finally:
                loader.dispose()
        return self.root

    def _trail(self, loc: Path_) -> tuple[yaml.Node | None, yaml.Node | None, int]:
        """The value node of the longest start of ``loc`` that the data holds, the key node it
        sits under (None at the top or in a list), and how many steps of ``loc`` that is."""
        node, key_node, steps = self._tree(), None, 0
        for step in loc:
            if type(node) is yaml.MappingNode and isinstance(step, str):
                # The first of equal keys: the one the data kept (a repeat is a problem).
                pair = next((pair for pair in node.value if _is_key(pair[0], step)), None)
                if pair is None:
                    break
                key_node, node = pair
            elif type(node) is yaml.SequenceNode and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                key_node, node = None, node.value[step]
            else:
                break
            steps += 1
        return node, key_node, steps

    def mark(self, loc: Path_, *, key: bool = False) -> Mark:
        """The mark of ``loc`` (of its key, with ``key``), or of its nearest ancestor."""
        node, key_node, _ = self._trail(loc)
        if node is None:
            return Mark(1, 1)
        return _mark(key_node if key and key_node is not None else node)

    def value_mark(self, loc: Path_) -> Mark | None:
        """The mark of the value at exactly ``loc``, or None when the data has none there."""
        node, _, steps = self._trail(loc)
        return _mark(node) if node is not None and steps == len(loc) else None

    def problem(self, loc: Path_, message: str, *, key: bool = False) -> Problem:
        mark = self.mark(loc, key=key)
        return Problem(self.path, mark.line, mark.col, message)


def _is_key(node: yaml.Node, key: str) -> bool:
    return type(node) is yaml.ScalarNode and node.value == key


def _mark(node: yaml.Node) -> Mark:
    start = node.start_mark
    if type(node) is yaml.ScalarNode:
        return Mark(start.line + 1, start.column + 1, node.value, not node.style)
    return Mark(start.line + 1, start.column + 1)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers.

    Loading a 10,000-question quiz makes ~10^6 objects, none of them cyclic garbage; every
    collection pass rescans all of them, which triples the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader with its resolver's per-node work cut to what quiz files use.

    libyaml composes in C but asks this Python class for every node's tag (``resolve``) and
    tells it of every step down and up the tree (for path resolvers, which the safe loader has
    none of): about 90 calls per question, a fifth of a cold load. Same tags, fewer steps.
    """

    _implicit: ClassVar[dict[str, list[tuple[str, Any]]]] = {}  # first character -> resolvers

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers are registered on the safe loader

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:  # a plain scalar: the implicit resolvers of its first character
                first = value[:1]
                resolvers = self._implicit.get(first)
                if resolvers is None:
                    table = self.yaml_implicit_resolvers
                    resolvers = self._implicit[first] = table.get(first, []) + table.get(None, [])
                for tag, pattern in resolvers:
                    if pattern.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG


assert not _BaseLoader.yaml_path_resolvers  # what descend_resolver and resolve rely on


class _GiveUpError(Exception):
    """The builder gives up on a document that is too big or too deep, at this problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def too_big(path: str) -> Problem:
    return Problem(path, 1, 1, f"file is larger than {MAX_BYTES:,} bytes; split it")


def decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a UTF-8 byte-order mark is allowed and dropped), or a problem."""
    if len(raw) > MAX_BYTES:
        return None, too_big(path)
    body = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = body[: error.start]
        line = before.count(b"\n") + 1
        start = before[before.rfind(b"\n") + 1 :]
        col = len(start.decode("utf-8", "replace")) + 1  # editors count characters, not bytes
        return None, Problem(path, line, col, "file is not UTF-8 text; save it as UTF-8")


def parse(path: str, text: str) -> tuple[Document, list[Problem]]:
    """Parse one YAML document into a :class:`Document`, collecting every problem."""
    document = Document(path)
    deep = _too_deep(path, text) if _depth_bound(text) > _COMPOSE_SAFELY else None
    if deep:
        return document, [deep]
    big = _expands_too_far(path, text) if "*" in text and "&" in text else None
    if big:
        return document, [big]
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        return document, [_syntax_problem(path, text, error)]
    finally:
        loader.dispose()
    if root is None or _is_null(root):
        line, col = (root.start_mark.line + 1, root.start_mark.column + 1) if root else (1, 1)
        return document, [Problem(path, line, col, "file is empty; a quiz needs at least a title")]
    document.root, document.text = root, text
    builder = _Builder(document, aliases="*" in text)
    try:
        document.data = builder.build(root, 0)
    except _GiveUpError as stop:
        builder.problems.append(stop.problem)
    if not builder.problems:
        # Valid YAML: its messages, if any, come later and are rare. Not keeping the tree saves
        # the collector tracking several objects for every node of every quiz.
        document.root = None
    return document, builder.problems


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _depth_bound(text: str) -> int:
    """More than the nesting depth of any YAML in ``text``, cheaply.

    Block collections nest only by indenting (at most a level per column) and flow ones only
    inside brackets (at most two levels per bracket: ``[a: [b: c]]``).
    """
    longest = max(map(len, text.splitlines()), default=0)
    return longest + 2 * (text.count("[") + text.count("{")) + 2


def _too_deep(path: str, text: str) -> Problem | None:
    """The first collection nested more than MAX_DEPTH deep, found without recursing."""
    loader = _Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return _depth_problem(path, event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports it, with the same mark
    finally:
        loader.dispose()
    return None


def _expands_too_far(path: str, text: str) -> Problem | None:
    """The first alias past which the file's text, aliases expanded, passes MAX_EXPANDED.

    One pass over the parser's events, without building anything: the size of an anchored
    value is known when it ends, and an alias adds that size again.
    """
    loader = _Loader(text)
    total = 0
    sizes: dict[str, int] = {}
    open_anchors: list[tuple[str | None, int]] = []
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.ScalarEvent):
                total += len(event.value)
                if event.anchor:
                    sizes[event.anchor] = len(event.value)
            elif isinstance(event, yaml.CollectionStartEvent):
                open_anchors.append((event.anchor, total))
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, start = open_anchors.pop()
                if anchor:
                    sizes[anchor] = total - start
            elif isinstance(event, yaml.AliasEvent):
                total += sizes.get(event.anchor, 0)  # an alias inside its own anchor: 0 here
                if total > MAX_EXPANDED:
                    return _problem_at(
                        path,
                        event.start_mark,
                        f"by this alias, the file passes {MAX_EXPANDED:,} characters of text once "
                        "aliases are expanded; repeat less, or split the file",
                    )
    except yaml.YAMLError:
        return None  # composing reports it, with the same mark
    finally:
        loader.dispose()
    return None


def _problem_at(path: str, mark: yaml.Mark, message: str) -> Problem:
    """A problem at a place libyaml marked (0-based) in the file."""
    return Problem(path, mark.line + 1, mark.column + 1, message)


def _depth_problem(path: str, mark: yaml.Mark) -> Problem:
    return _problem_at(
        path, mark, f"lists and mappings are nested more than {MAX_DEPTH} deep here; a quiz needs 5"
    )


def _syntax_problem(path: str, text: str, error: yaml.YAMLError) -> Problem:
    """A YAML error as one line in plain English, at the place the author has to look."""
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml counts the position in bytes, PyYAML in characters: find the character.
        code = error.character if isinstance(error.character, int) else 0
        line, col = _line_col(text, max(text.find(chr(code)), 0))
        return Problem(
            path,
            line,
            col,
            f"YAML syntax error: the character U+{code:04X} is not allowed in YAML; delete it "
            "(it is usually invisible)",
        )
    problem = getattr(error, "problem", None) or (str(error).splitlines() or ["invalid"])[0]
    context = getattr(error, "context", None) or ""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    start = getattr(error, "context_mark", None) or mark
    message = f"{problem} ({context})" if context else problem
    if context and start is not None and mark is not None and start.line != mark.line:
        message = f"{problem} ({context} that starts at line {start.line + 1})"
    if "quoted scalar" in context and "end of stream" in problem:
        mark, message = start, "this quoted text has no closing quote"
    elif "while parsing a flow" in context and mark and start and _only_space_after(text, mark):
        opening = _char_at(text, start)
        closing = {"[": "]", "{": "}"}.get(opening, "closing bracket")
        mark, message = start, f"this '{opening}' has no matching '{closing}'"
    elif "found a tab character" in problem:
        message = "a tab in the indentation; indent with spaces, not tabs"
    elif "cannot start any token" in problem and mark is not None:
        char = _char_at(text, mark)
        if char == "\t":
            message = "a tab in the indentation; indent with spaces, not tabs"
        elif char:
            message = f"text cannot start with '{char}'; put the whole text in quotes"
    elif "mapping values are not allowed" in problem:
        message = "a ': ' inside unquoted text; put the text in quotes, or check the indentation"
    elif problem == "could not find expected ':'":
        mark, message = start, "this line has no ':' after its key; check it and the next line"
    elif "expected a single document" in context:
        message = "a second YAML document starts here; a quiz file holds one (remove the '---')"
    elif problem == "found undefined alias":
        message = "an *alias with no &anchor of that name before it"
    elif "expected '-' indicator" in problem or "did not find expected key" in problem:
        message += "; check the indentation of this line"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(path, line, col, f"YAML syntax error: {message}")


def _lines(text: str) -> list[str]:
    """The lines as YAML counts them (its marks count these breaks, and only these)."""
    return _BREAKS.split(text)


def _char_at(text: str, mark: yaml.Mark) -> str:
    lines = _lines(text)
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _only_space_after(text: str, mark: yaml.Mark) -> bool:
    lines = _lines(text)
    rest = lines[mark.line][mark.column :] if mark.line < len(lines) else ""
    return not rest.strip() and not "".join(lines[mark.line + 1 :]).strip()


def _line_col(text: str, index: int) -> tuple[int, int]:
    lines = _lines(text[:index])
    return len(lines), len(lines[-1]) + 1


def _is_yaml11_number(node: yaml.ScalarNode) -> bool:
    """A bare number that only YAML 1.1 reads as one, or reads differently from YAML 1.2 and
    from a person: ``010`` (octal 8), ``1:00`` (base 60: 60), ``0x1A``, ``0b11``, ``1_000``."""
    if node.tag == _INT:
        return not _PLAIN_INT.fullmatch(node.value)
    return node.tag == _FLOAT and ("_" in node.value or ":" in node.value)


def _yaml11_number_message(raw: str) -> str:
    value = yaml.safe_load(raw)
    digits = raw.lstrip("+-")
    meant = value
    if ":" in raw:
        why = "colons make it a base-60 number"
    elif digits[:2] in ("0x", "0b"):
        why = f"{digits[:2]} makes it {'hexadecimal' if digits[1] == 'x' else 'binary'}"
    elif digits[:1] == "0" and "." not in raw:
        why = "a leading 0 makes it octal"
        meant = int(raw.replace("_", ""), 10)
    else:
        why = "YAML 1.1 drops the underscores"
    return (
        f"'{raw}' is read as {value} ({why}); write {meant} for a number, "
        f'or "{raw}" in quotes for text'
    )


def _tag(node: yaml.Node) -> str:
    """A tag as written: ``!!set``, not ``tag:yaml.org,2002:set``."""
    return re.sub(r"^tag:yaml\.org,2002:", "!!", node.tag)


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, refusing what quiz files may not
    hold. Marks are not recorded: :class:`Document` finds one in the tree when it is asked."""

    def __init__(self, document: Document, aliases: bool) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.nodes = 0
        self.aliases = aliases  # only then can a node be met twice, or inside itself
        self.active: set[int] = set()
        self._constructor: yaml.SafeLoader | None = None

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _GiveUpError(
                _problem_at(
                    self.document.path,
                    node.start_mark,
                    f"the file has more than {MAX_NODES:,} values (aliases count each time "
                    "they are used); split it",
                )
            )
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else self._scalar(node)
        if depth >= MAX_DEPTH:
            raise _GiveUpError(_depth_problem(self.document.path, node.start_mark))
        if node.tag not in _COLLECTION_TAGS:
            self._problem(node, f"the YAML tag '{_tag(node)}' is not supported in quiz files")
        if self.aliases:
            if id(node) in self.active:
                raise _GiveUpError(
                    _problem_at(
                        self.document.path,
                        node.start_mark,
                        "an alias refers to a value that contains it",
                    )
                )
            self.active.add(id(node))
        try:
            if kind is yaml.SequenceNode:
                return [self.build(item, depth + 1) for item in node.value]
            return self._mapping(node, depth)
        finally:
            self.active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        # The two a quiz is full of, as PyYAML's constructors make them (without their cost).
        if tag == _BOOL and value.lower() in _BOOLS:
            return _BOOLS[value.lower()]
        if tag == _INT and len(value) < 20 and _PLAIN_INT.fullmatch(value):
            return int(value)
        if not node.style and _is_yaml11_number(node):
            self._problem(node, _yaml11_number_message(value))
            return value
        if tag not in yaml.SafeLoader.yaml_constructors:
            self._problem(node, f"the YAML tag '{_tag(node)}' is not supported in quiz files")
            return value
        if self._constructor is None:
            self._constructor = yaml.SafeLoader("")
        try:
            return self._constructor.construct_object(node)
        except Exception as error:
            # PyYAML's constructors raise whatever int(), date() or a missed regex raise: a bare
            # 2026-13-45 is resolved as a date and then fails to become one, and so do explicit
            # tags (!!int abc) and numbers too long for Python to convert.
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            kind = _SCALAR_KINDS.get(node.tag, "a valid value")
            what = "too long a number" if _TOO_LONG_NUMBER.search(str(error)) else f"not {kind}"
            hint = f' (write "{shown}" in quotes to keep it as text)' if not node.style else ""
            self._problem(node, f"'{shown}' is {what}{hint}")
            return node.value

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(_problem_at(self.document.path, node.start_mark, message))

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                self._problem(key_node, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if key in result:
                first = next(k for k, _ in node.value if _is_key(k, key))
                self._problem(
                    key_node,
                    f"duplicate key '{key}' (first defined at line {first.start_mark.line + 1})",
                )
                continue
            result[key] = self.build(value_node, depth + 1)
        return result
