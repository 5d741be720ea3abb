"""Work keyed by content: what the engine made of a quiz file, kept for the next build.

A quiz's entry holds everything a build needs of it (its pages, its rendered HTML, the places
its links and lints point at), so a quiz whose inputs have not changed is neither parsed,
validated nor rendered again. The key names every input that shapes an entry:

- the file's bytes, its name and the path problems show it under;
- the engine (:func:`engine_version`): the source of this package, its templates and message
  catalogues, and the versions of the libraries whose output we keep (Markdown, nh3, ...);
- the site (:func:`site_fingerprint`): its Markdown extensions and their settings, its language
  and its quiz texts (``extra.quiz_messages``).

Entries live in memory for the life of the process (`mkdocs serve` rebuilds reuse them) and as
JSON files in ``.cache/quizkit/`` (separate `mkdocs build` runs reuse them). JSON, never pickle:
a cache file is data and can never run code. A file is written to a temporary name and renamed
into place, so two builds writing one entry each leave a whole file; a file that is not exactly
what this version wrote for this key (corrupt, cut short, foreign, older) is ignored and made
again. A cache folder that cannot be read or written only makes builds slower. Deleting
``.cache/`` is always safe.

Rendered HTML is kept with its links as placeholders (:class:`Recorder`): a link is relative to
the page that shows it, so one entry serves every page; :func:`fill_links` makes them real.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from markupsafe import escape

FORMAT = "quizkit-cache"
VERSION = 1
"""Bumped whenever the layout of an entry changes; entries of other versions are ignored."""
SUFFIX = ".entry"
_MAGIC = f"{FORMAT} {VERSION}\n".encode()

_PACKAGE = Path(__file__).parent
# The libraries whose output an entry keeps: a new version of one may render differently.
_LIBRARIES = (
    *("Markdown", "pymdown-extensions", "nh3", "Jinja2", "MarkupSafe", "Pygments", "PyYAML"),
    "babel",
)

log = logging.getLogger(__name__)


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def engine_version() -> str:
    """A hash of the engine as it is on disk: every file of this package (Python source,
    templates, message catalogues) and the versions of the libraries it renders with."""
    parts: list[str | bytes] = []
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(_PACKAGE).as_posix(), path.read_bytes()]
    return _digest(*parts, *_library_versions())


@functools.cache
def _library_versions() -> tuple[str, ...]:
    # Once per process: the libraries a process has imported cannot change under it.
    found = []
    for name in _LIBRARIES:
        try:
            found += [name, version(name)]
        except PackageNotFoundError:
            found += [name, "?"]
    return tuple(found)


def _stable(value: Any) -> Any:
    """A value of a site's configuration as plain JSON data, the same in every process: a
    callable by its module and qualified name, an object by its class and attributes, never
    by ``id()`` or a ``repr`` holding an address."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_stable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if callable(value) and hasattr(value, "__qualname__"):
        return {"callable": f"{getattr(value, '__module__', '?')}.{value.__qualname__}"}
    kind = type(value)
    described: dict[str, Any] = {"object": f"{kind.__module__}.{kind.__qualname__}"}
    configs = getattr(value, "getConfigs", None)  # a Markdown extension given as an object
    if callable(configs):
        described["config"] = _stable(configs())
    elif hasattr(value, "__dict__"):
        described["attributes"] = _stable(vars(value))
    return described


def site_fingerprint(
    extensions: Iterable[Any],
    configs: Mapping[str, Any] | None,
    language: str | None,
    messages: Mapping[str, Any] | None,
) -> str:
    """A hash of the site settings that change what the engine makes of a quiz."""
    data = {
        "markdown_extensions": _stable(list(extensions)),
        "mdx_configs": _stable(dict(configs or {})),
        "language": language,
        "quiz_messages": _stable(dict(messages or {})),
    }
    return _digest(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str))


def quiz_key(context: str, shown: str, stem: str, raw: bytes) -> str:
    """The key of one quiz file's entry: the engine and site (``context``), the file's name
    as problems show it, its stem (the default id) and its bytes."""
    return _digest("quiz", context, shown, stem, raw)


def site_key(context: str, keys: Iterable[str]) -> str:
    """The key of work that reads every quiz (the near-duplicate prompt lint)."""
    return _digest("site", context, *keys)


class Store:
    """Entries by key: in memory, and in ``folder`` when one is given and usable.

    An entry is a mapping whose values are plain JSON data or bytes (rendered HTML, ASCII). On
    disk it is one file: a line naming the format and its version, a line of JSON (the key,
    the entry's other values, the length and CRC-32 of what follows), then the entry's bytes
    values one after another. The HTML stays raw because decoding it from JSON strings was
    most of a warm build's time; a file is trusted only when every check holds.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, dict[str, Any]] = {}
        self.readable = self.writable = folder is not None
        self.reads = self.writes = 0  # files read and written: for tests and the bench

    def _file(self, key: str) -> str:
        return os.path.join(str(self.folder), f"{key}{SUFFIX}")

    def get(self, key: str) -> dict[str, Any] | None:
        found = self.memory.get(key)
        if found is not None or not self.readable:
            return found
        try:
            raw = _read(self._file(key))
        except OSError:
            return None
        self.reads += 1
        data = _decode(key, raw)
        if data is not None:
            self.memory[key] = data
        return data

    def put(self, key: str, data: dict[str, Any]) -> None:
        """Keep ``data`` in memory, and write it to the folder (best effort)."""
        self.memory[key] = data
        if not self.writable:
            return
        try:
            assert self.folder is not None
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=SUFFIX)
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(_encode(key, data))
                os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from a CI cache step
                os.replace(temporary, self._file(key))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self.writes += 1
        except OSError as error:
            # A read-only or full disk: the build goes on without writing (no warning, which a
            # strict build would turn into a failure).
            log.debug("quiz cache not written: %s", error)
            self.writable = False

    def retain(self, keys: Iterable[str]) -> None:
        """Forget, in memory, every entry but those of ``keys`` (a long `mkdocs serve` session
        would otherwise keep every version of every quiz it has seen)."""
        kept = set(keys)
        self.memory = {key: data for key, data in self.memory.items() if key in kept}


def _read(path: str) -> bytes:
    """A whole file, with one open, one stat and (as a rule) two reads."""
    handle = os.open(path, os.O_RDONLY)
    try:
        size, chunks = os.fstat(handle).st_size, []
        while chunk := os.read(handle, max(size + 1, 1 << 16)):
            chunks.append(chunk)
    finally:
        os.close(handle)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _encode(key: str, data: dict[str, Any]) -> bytes:
    # Bytes, or views of the file an entry was read from (an entry that gains a part is
    # written again with them).
    texts = {name: value for name, value in data.items() if isinstance(value, bytes | memoryview)}
    body = b"".join(texts.values())
    header = {
        "key": key,
        "data": {name: value for name, value in data.items() if name not in texts},
        "texts": [[name, len(value)] for name, value in texts.items()],
        "length": len(body),
        "crc32": zlib.crc32(body),
    }
    line = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return _MAGIC + line + b"\n" + body


def _decode(key: str, raw: bytes) -> dict[str, Any] | None:
    """The entry in ``raw``, or None when it is not exactly one this version wrote for ``key``
    (another format or version, another key, cut short, changed, not ours at all)."""
    if not raw.startswith(_MAGIC):
        return None
    end = raw.find(b"\n", len(_MAGIC))
    if end < 0:
        return None
    try:
        header = json.loads(raw[len(_MAGIC) : end])
        body = memoryview(raw)[end + 1 :]
        if not (
            isinstance(header, dict)
            and header.get("key") == key
            and isinstance(header.get("data"), dict)
            and header.get("length") == len(body)
            and header.get("crc32") == zlib.crc32(body)
        ):
            return None
        data = dict(header["data"])
        at = 0
        for name, length in header["texts"]:
            data[name] = body[at : at + length]  # a view of the file's bytes: no copy
            at += length
    except (ValueError, TypeError, KeyError):  # not JSON, or not the shape written
        return None
    return data if at == len(body) else None


# Link placeholders: a character no author text can put in HTML (control characters become
# U+FFFD on the way in, see markdown.clean_text and sanitize), around an index into the
# recorder's list of targets: "\x00L3\x00".
_MARK = "\x00"
_PLACEHOLDER = re.compile(b"\x00L([0-9]+)\x00")


class Recorder:
    """A ``link`` function for rendering once for every page: each docs-relative target becomes
    a placeholder, and the targets are kept, once each; :meth:`links` then takes the
    placeholders out, for :func:`fill_links`."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, target: str) -> str:
        if target not in self._index:
            self._index[target] = len(self.targets)
            self.targets.append(target)
        return f"{_MARK}L{self._index[target]}{_MARK}"

    @staticmethod
    def links(html: str) -> tuple[bytes, list[list[int]]]:
        """``html`` rendered with this recorder, without its placeholders, and where each link
        goes: ``[offset, index of its target]``, in order.

        The HTML is kept as ASCII, each character beyond it written as a character reference
        (``™`` as ``&#8482;``), which means the same in a page: text with a single character
        beyond ASCII is made from UTF-8 some twenty times slower than text without one, and a
        warm build makes every quiz page from these bytes."""
        raw = html.encode("ascii", "xmlcharrefreplace")
        pieces, places, at, removed = [], [], 0, 0
        for match in _PLACEHOLDER.finditer(raw):
            pieces.append(raw[at : match.start()])
            places.append([match.start() - removed, int(match.group(1))])
            removed += match.end() - match.start()
            at = match.end()
        pieces.append(raw[at:])
        return b"".join(pieces), places


def fill_links(
    html: bytes | memoryview,
    places: list[list[int]],
    targets: list[str],
    link: Callable[[str], str],
) -> str:
    """Cached HTML (ASCII, from :meth:`Recorder.links`) with the URL of each link's target from
    the current page put in its place, escaped as the templates escape it.

    Nothing is searched: a quiz's page is tens of kilobytes, joined once (from views of the
    cache's bytes, when it was read from a file) and made text once."""
    urls: dict[int, bytes] = {}
    pieces: list[bytes | memoryview] = []
    at = 0
    for offset, index in places:
        if index not in urls:
            url = str(escape(link(targets[index]))) if index < len(targets) else ""
            urls[index] = url.encode("ascii", "xmlcharrefreplace")
        pieces += [html[at:offset], urls[index]]
        at = offset
    pieces.append(html[at:])
    return str(b"".join(pieces), "ascii")
