"""Our scripts and styles as readers download them: without the comments.

The comments in docs/assets/ are written for the next engineer, and they are a fifth of the
bytes (gzip) a reader downloads. The built site's copies leave them out; the files in docs/
keep them. Only comments go: every string, template literal and regular expression is copied as
it is, so the code that runs is the code that was written (the browser tests run on these
copies).
"""

from __future__ import annotations

from pathlib import Path

# After these, a "/" starts a regular expression, not a division.
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^")
_KEYWORDS_BEFORE_REGEX = {"return", "typeof", "case", "do", "else", "in", "of", "new", "void"}


def without_comments(text: str, *, script: bool) -> str:
    """``text`` (JavaScript with ``script``, else CSS) without its comments, and without the
    lines that held only a comment."""
    out: list[str] = []
    i, n = 0, len(text)
    braces: list[int] = []  # per open template ${...}: the depth of { inside it
    while i < n:
        c = text[i]
        pair = text[i : i + 2]
        if pair == "/*":
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif script and pair == "//":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "'\"" or (script and c == "`"):
            i = _string(text, i, out, braces)
        elif script and c == "/" and _regex_may_start(out):
            i = _regex(text, i, out)
        elif script and braces and c in "{}":
            braces[-1] += 1 if c == "{" else -1
            if braces[-1] < 0:  # the } that closes ${: back inside the template literal
                braces.pop()
                i = _string(text, i, out, braces, resume="`")
                continue
            out.append(c)
            i += 1
        else:
            out.append(c)
            i += 1
    lines = "".join(out).split("\n")
    kept = [line.rstrip() for line in lines if line.strip()]
    return "\n".join(kept) + "\n"


def _string(text: str, i: int, out: list[str], braces: list[int], resume: str = "") -> int:
    """Copies a string from ``text[i]`` (its opening quote, or with ``resume`` the } that ends
    a template's ${...}) to its end; returns where the code goes on."""
    quote = resume or text[i]
    start, i = i, i + 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            i += 1
            break
        if quote == "`" and text[i : i + 2] == "${":
            out.append(text[start : i + 2])
            braces.append(0)
            return i + 2
        i += 1
    out.append(text[start:i])
    return i


def _regex_may_start(out: list[str]) -> bool:
    code = "".join(out[-40:]).rstrip()
    if not code:
        return True
    if code[-1] in _BEFORE_REGEX:
        return True
    word = code.split()[-1] if code.split() else ""
    return word in _KEYWORDS_BEFORE_REGEX


def _regex(text: str, i: int, out: list[str]) -> int:
    start, i, in_class = i, i + 1, False
    while i < len(text) and text[i] != "\n":
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            i += 1
            break
        i += 1
    out.append(text[start:i])
    return i


def lean(site_dir: Path, paths: list[str]) -> None:
    """Rewrites each of ``paths`` (site-relative, ``.js`` or ``.css``) without its comments."""
    for path in paths:
        target = site_dir / path
        if target.suffix in (".js", ".css") and target.is_file():
            text = target.read_text(encoding="utf-8")
            target.write_text(without_comments(text, script=target.suffix == ".js"), "utf-8")
