"""Where quizzes point, and where their pages go: one set of rules for the build and `make check`.

A quiz points into the site three ways: its ``essay``, each question's ``see``, and relative
links in its Markdown text (``[the essay](blog/posts/x.md#a-heading)``). All three are a path
inside ``docs/`` to a Markdown page, optionally with an ``#anchor``, and :func:`check_links` judges
them with one function. Which pages exist is the caller's to say (the build asks MkDocs, `make
check` looks at the files: :func:`docs_pages`), through ``anchors_of``.

A quiz's own pages (``pages.quiz_path`` and ``pages.outcome_path``) must not land where a page of
``docs/`` already is: :func:`check_paths` refuses such ids, before any page is generated.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .errors import Problem
from .pages import outcome_path, quiz_path

if TYPE_CHECKING:  # the build imports this module without the models when all is cached
    from .loader import Loaded
    from .model import Quiz

AnchorsOf = Callable[[str], "Collection[str] | None"]
"""Docs-relative page path to the ids present on that page, or None when there is no such page."""

Render = Callable[[str], str]
"""Quiz Markdown to HTML, as the build renders it (``MarkdownRenderer.block``)."""

Loc = tuple[str | int, ...]


def check_links(
    loaded: Sequence[Loaded],
    anchors_of: AnchorsOf,
    render: Render,
    *,
    anchors: bool = True,
) -> list[Problem]:
    """Problems for every ``essay``, ``see`` and relative link in quiz text that points at no
    page (or, with ``anchors``, at no id on its page)."""
    problems = []
    for item in loaded:
        for loc, prefix, target in link_targets(item, render):
            message = target_problem(target, anchors_of, check_anchor=anchors)
            if message:
                problems.append(item.document.problem(loc, prefix + message))
    return problems


def link_targets(item: Loaded, render: Render) -> list[tuple[Loc, str, str]]:
    """Where a quiz points: for its ``essay``, each ``see`` and each relative link in its text,
    the place in the quiz's data a problem names, the start of that problem's message, and the
    target. What the targets are depends on the quiz alone; whether they exist, on the site."""
    quiz = item.quiz
    targets = [(("essay",), "", "'essay' ", quiz.essay)]
    targets += [
        (("questions", i, "see"), f"question '{q.id}': ", "'see' ", q.see)
        for i, q in enumerate(quiz.questions)
    ]
    for loc, where, text in text_fields(quiz):
        for href in relative_links(render(text)):
            targets.append((loc, where, f"'{loc[-1]}' has a link that ", href))
    return [
        (loc, f"{where}{what}", target)
        for loc, where, what, target in targets
        if target is not None
    ]


def target_problem(target: str, anchors_of: AnchorsOf, *, check_anchor: bool = True) -> str | None:
    """Why ``target`` is not a page of the site (with an existing anchor), or None.

    The one judge of a target: a path from ``docs/`` to a Markdown page, written as MkDocs
    files are named (no ``..``, no leading ``/``, no backslash), then looked up.
    """
    path, _, anchor = target.partition("#")
    parts = path.split("/")
    if path.startswith("/") or "\\" in path:
        return f"points at '{path}'; write the path from docs/, like blog/posts/x.md"
    if ".." in parts or "." in parts or "" in parts:
        return f"points at '{path}'; write the path from docs/ without '.', '..' or '//'"
    if not path.endswith(".md"):
        return f"points at '{path}', which is not a page (a .md file in docs/)"
    ids = anchors_of(path)
    if ids is None:
        return f"points at '{path}', which is not a page in docs/"
    if check_anchor and anchor and anchor not in ids:
        return f"points at '#{anchor}', which is not an anchor on '{path}'"
    return None


def text_fields(quiz: Quiz) -> Iterator[tuple[Loc, str, str]]:
    """Every Markdown text of a quiz: where it is, how problems name its place, its text."""
    fields: list[tuple[Loc, str, str | None]] = [
        (("title",), "", quiz.title),
        (("description",), "", quiz.description),
    ]
    for i, question in enumerate(quiz.questions):
        where = f"question '{question.id}': "
        fields.append((("questions", i, "prompt"), where, question.prompt))
        for k, choice in enumerate(question.choices):
            at = ("questions", i, "choices", k)
            fields.append(((*at, "text"), f"{where}choice {k + 1}: ", choice.text))
            fields.append(((*at, "feedback"), f"{where}choice {k + 1}: ", choice.feedback))
        fields.append((("questions", i, "explanation"), where, question.explanation))
    for j, outcome in enumerate(quiz.outcomes):
        where = f"outcome '{outcome.id}': "
        fields.append((("outcomes", j, "title"), where, outcome.title))
        fields.append((("outcomes", j, "text"), where, outcome.text))
    for loc, where, text in fields:
        if text is not None and "[" in text:  # every Markdown link is written with a [
            yield loc, where, text


def relative_links(html: str) -> list[str]:
    """The targets of the links in ``html`` that stay on this site and name a page: no scheme,
    no host, not only ``#anchor`` (a footnote) or ``?query``; percent-escapes decoded."""
    parser = _Links()
    parser.feed(str(html))
    parser.close()
    found = []
    for href in parser.hrefs:
        parts = urlsplit(href.strip())
        if parts.scheme or parts.netloc or not parts.path:
            continue
        found.append(unquote(parts.path) + (f"#{parts.fragment}" if parts.fragment else ""))
    return found


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def docs_pages(docs_dir: Path, loaded: Iterable[Loaded]) -> set[str]:
    """The pages a build of ``docs_dir`` has, found without building: its Markdown files (not
    in hidden folders, which MkDocs skips) and the pages the quizzes add."""
    pages = markdown_files(docs_dir)
    for item in loaded:
        pages.add(quiz_path(item.quiz.id))
        pages.update(outcome_path(item.quiz, outcome) for outcome in item.quiz.outcomes)
    return pages


def markdown_files(docs_dir: Path) -> set[str]:
    """The Markdown files of ``docs_dir``, as docs-relative paths (not in hidden folders, which
    MkDocs skips): listed once, then looked up."""
    return {
        path.relative_to(docs_dir).as_posix()
        for path in docs_dir.rglob("*.md")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(docs_dir).parts)
    }


def check_paths(loaded: Sequence[Loaded], docs_dir: Path) -> tuple[list[Loaded], list[Problem]]:
    """The quizzes whose pages land on no page of ``docs_dir``, and a problem for each id that
    would replace one: ``index`` would replace the quizzes page ``quiz/index.md``."""
    kept, problems = [], []
    existing = markdown_files(docs_dir)
    for item in loaded:
        found = [
            item.document.problem(loc, taken_message(what, page, taken))
            for loc, what, page in own_pages(item.quiz)
            if (taken := _taken(existing, page))
        ]
        problems += found
        if not found:
            kept.append(item)
    return kept, problems


def own_pages(quiz: Quiz) -> list[tuple[Loc, str, str]]:
    """The pages a quiz adds: where the id that names each one is written, how a problem
    names it, and the page."""
    pages = [(("id",), f"quiz id '{quiz.id}'", quiz_path(quiz.id))]
    pages += [
        (("outcomes", j, "id"), f"outcome '{o.id}': id '{o.id}'", outcome_path(quiz, o))
        for j, o in enumerate(quiz.outcomes)
    ]
    return pages


def taken_message(what: str, page: str, taken: str) -> str:
    return (
        f"{what} makes the page {page}, but docs/{taken} is already there (it would "
        "be replaced); choose another id"
    )


def taken_by(existing: Collection[str], page: str) -> str | None:
    """The page of ``existing`` that the generated ``page`` would replace, if any."""
    return _taken(existing, page)


def _taken(existing: Collection[str], page: str) -> str | None:
    """The page of ``existing`` that would have the URL of the generated ``page``, if any:
    ``quiz/x.md``, ``quiz/x/index.md`` and ``quiz/x/README.md`` are all ``/quiz/x/``."""
    stem = page.removesuffix(".md")
    candidates = (page, f"{stem}/index.md", f"{stem}/README.md")
    return next((candidate for candidate in candidates if candidate in existing), None)
