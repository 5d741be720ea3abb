"""One site build's worth of quizzes: load once, then answer the site engine page by page.

A new ``QuizBuild`` is made for every build, so `mkdocs serve` never shows stale quiz data. The
order of a build: ``pages`` (what to add), ``fill`` (each page's HTML, as it is rendered),
``check`` (links, once every page is known), then ``show_problems`` (each page again, so a
problem box lists every problem of the build, whenever it was found).

What the build makes of each quiz file is kept in a :class:`~quizkit.cache.Store` under a key
that names every input (see ``cache``): a quiz whose file, engine and site settings have not
changed is neither parsed, validated nor rendered again, and the models (and pydantic) are not
even imported. Each part of an entry is made when a build first asks for it, from the model,
which is loaded then; invalid quizzes are never cached (their problems are found anew, so the
messages always come from the loader itself). Work that reads every quiz (the near-duplicate
prompt lint) is kept under a key made of every quiz's key.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .cache import Recorder, Store, engine_version, fill_links, quiz_key, site_fingerprint, site_key
from .errors import Problem, QuizError
from .files import read_folder
from .links import AnchorsOf, markdown_files, taken_by, taken_message, target_problem
from .markdown import MarkdownRenderer
from .markers import Marker, near_miss_written_at, near_misses, replace_markers, written_at
from .messages import Messages
from .pages import quiz_path, result_path
from .render import HEADING_ID, Link, QuizRenderer
from .similar import Prompt, Stems, prompts_of, similar_in
from .source import Document, decode, gc_paused, parse

if TYPE_CHECKING:
    from .loader import Loaded
    from .positions import Orders


def _problem(path: str, found: list) -> Problem:
    return Problem(path, *found)


class _Quiz:
    """One valid quiz of a build: its cache entry, and its model only once a part of the entry
    is missing (the model is then loaded from the bytes this build read)."""

    def __init__(self, key: str, shown: str, stem: str, raw: bytes, data: dict[str, Any]):
        self.key, self.shown, self.stem, self.raw, self.data = key, shown, stem, raw, data
        self.changed = False
        self._loaded: Loaded | None = None
        self._document: Document | None = None
        self._orders: Orders | None = None

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def loaded(self) -> Loaded:
        if self._loaded is None:
            from .loader import Loaded, load_quiz

            quiz, problems, document = load_quiz(self.raw, self.shown, default_id=self.stem)
            if quiz is None:  # pragma: no cover - the entry was made from these very bytes
                raise QuizError(problems)
            self._loaded = Loaded(quiz, document)
        return self._loaded

    @property
    def document(self) -> Document:
        """The quiz's file as data with its marks: parsed, not validated, when only a place in
        the file is wanted (a message about a quiz the cache had)."""
        if self._loaded is not None:
            return self._loaded.document
        if self._document is None:
            text, _ = decode(self.shown, self.raw)
            self._document = parse(self.shown, text or "")[0]
        return self._document

    @property
    def orders(self) -> Orders:
        if self._orders is None:
            from .positions import choice_orders

            self._orders = choice_orders(self.loaded.quiz)
        return self._orders

    def part(self, name: str, make: Callable[[], Any]) -> Any:
        """The entry's ``name``, made (and kept) when it has none."""
        if name not in self.data:
            self.data[name] = make()
            self.changed = True
        return self.data[name]


class QuizBuild:
    def __init__(
        self,
        root: Path,
        docs_dir: Path,
        markdown: MarkdownRenderer,
        messages: Messages | None = None,
        *,
        store: Store | None = None,
    ) -> None:
        self.root, self.docs_dir = root, docs_dir
        self.renderer = QuizRenderer(markdown, messages)
        self.store = store if store is not None else Store(None)
        t = self.renderer.t
        self._context = engine_version() + site_fingerprint(
            [*markdown.extensions, f"fast={markdown.fast}"], markdown.configs, t.language, t.texts
        )
        # Loading, linting and page sources make many containers and no cyclic garbage: the
        # collector, which would rescan them all again and again, waits until they are made.
        with gc_paused():
            self.items, self.problems = self._read(root / "quiz")
            # A quiz whose page would replace one of docs/ is not built: its id is reported.
            existing = markdown_files(docs_dir)
            kept = []
            for item in self.items:
                found = [
                    Problem(item.shown, *self._at(item, loc), taken_message(what, page, taken))
                    for page, loc, what in item.part("paths", lambda i=item: self._paths(i))
                    if (taken := taken_by(existing, page))
                ]
                self.problems += found
                kept += [] if found else [item]
            self.items = kept
            self.quizzes = {item.id: item for item in self.items}
            # Fairness: no place gives the answers away, no question is asked twice.
            self.notes: list[Problem] = []
            for item in self.items:
                unfair, notes = item.part("positions", lambda i=item: self._positions(i))
                self.problems += [_problem(item.shown, p) for p in unfair]
                self.notes += [_problem(item.shown, p) for p in notes]
            self._site_key = site_key(self._context, [item.key for item in self.items])
            self.problems += self._similar()
            self._own_pages = {path for item in self.items for path in self._pages(item)}
        # Where a problem box goes, until every problem is known; no page can guess it.
        self._slot = Markup(f"<!-- quizkit problems {secrets.token_hex(8)} -->")

    # -- reading, and the parts of an entry -------------------------------------------------

    def _read(self, quiz_dir: Path) -> tuple[list[_Quiz], list[Problem]]:
        files, problems = read_folder(quiz_dir, self.root)
        items: list[_Quiz] = []
        owners: dict[str, _Quiz] = {}
        for path, shown, raw in files:
            key = quiz_key(self._context, shown, path.stem, raw)
            data = self.store.get(key)
            item = _Quiz(key, shown, path.stem, raw, dict(data) if data is not None else {})
            if data is None:
                from .loader import Loaded, load_quiz

                quiz, found, document = load_quiz(raw, shown, default_id=path.stem)
                if quiz is None:
                    problems += found  # never cached: see the module docstring
                    continue
                item._loaded = Loaded(quiz, document)
                item.data["id"] = quiz.id
                item.changed = True
            if item.id in owners:
                line, col = item.part("id_at", lambda i=item: self._at(i, ("id",)))
                problems.append(
                    Problem(
                        shown,
                        line,
                        col,
                        f"quiz id '{item.id}' is already used by {owners[item.id].shown}",
                    )
                )
                continue
            owners[item.id] = item
            items.append(item)
        return items, problems

    @staticmethod
    def _at(item: _Quiz, loc: Iterable[str | int]) -> list[int]:
        """The line and column of ``loc`` in the quiz's file (parsed again for it if the build
        had the quiz from the cache: only a message needs one)."""
        mark = item.document.mark(tuple(loc))
        return [mark.line, mark.col]

    @staticmethod
    def _paths(item: _Quiz) -> list[list[Any]]:
        from .links import own_pages

        return [[page, list(loc), what] for loc, what, page in own_pages(item.loaded.quiz)]

    @staticmethod
    def _positions(item: _Quiz) -> list[list[list[Any]]]:
        from .positions import check_positions

        unfair, notes = check_positions([item.loaded], {item.id: item.orders})
        return [[[p.line, p.col, p.message] for p in found] for found in (unfair, notes)]

    def _similar(self) -> list[Problem]:
        key = self._site_key
        found = self.store.get(key)
        if found is None:
            known = Stems()
            prompts = [self._prompts(item, known) for item in self.items]
            shown = {item.shown: item for item in self.items}
            problems = similar_in(prompts, lambda p: tuple(self._at(shown[p.path], p.loc)))
            found = {"problems": [[p.path, p.line, p.col, p.message] for p in problems]}
            self.store.put(key, found)
        return [Problem(*p) for p in found["problems"]]

    @staticmethod
    def _prompts(item: _Quiz, known: Stems) -> list[Prompt]:
        """The quiz's prompts for the near-duplicate lint. Kept as JSON text, which only a build
        that redoes the lint reads (a warm one does not: its result is kept under the site
        key), and only for a quiz it did not read itself: one it read has them at hand."""
        if "prompts" in item.data:
            return [
                Prompt(item.shown, tuple(loc), question, frozenset(stems))
                for loc, question, stems in json.loads(bytes(item.data["prompts"]))
            ]
        prompts = prompts_of(item.loaded, known)
        found = [[list(p.loc), p.question, sorted(p.stems)] for p in prompts]
        item.part("prompts", lambda: json.dumps(found).encode())
        return prompts

    def _pages(self, item: _Quiz) -> dict[str, str]:
        from .pages import page_sources

        return item.part("pages", lambda: page_sources([item.loaded.quiz], self.renderer.md))

    def _html(self, item: _Quiz, name: str, render: Callable[[Link], Markup], link: Link) -> str:
        """A rendering of ``item``, kept without its links, with them filled in for this page."""

        if name not in item.data:
            recorder = Recorder()
            with gc_paused():
                item.data[name], item.data[f"{name} links"] = recorder.links(str(render(recorder)))
            item.data[f"{name} targets"] = recorder.targets
            item.changed = True
        data = item.data
        return fill_links(data[name], data[f"{name} links"], data[f"{name} targets"], link)

    def save(self) -> None:
        """Keep what this build made of each quiz for the next one."""
        for item in self.items:
            if item.changed:
                self.store.put(item.key, item.data)
                item.changed = False
        self.store.retain([self._site_key, *(item.key for item in self.items)])

    @property
    def loaded(self) -> list[Loaded]:
        """Every valid quiz as loaded from its file (parsed now if the cache had it)."""
        return [item.loaded for item in self.items]

    # -- what the site engine asks ----------------------------------------------------------

    def pages(self) -> dict[str, str]:
        """Docs-relative path to Markdown source of every page the quizzes add to the site."""
        return {path: source for item in self.items for path, source in self._pages(item).items()}

    def heading_id(self, page_path: str) -> str | None:
        """The id of the heading our template gives a page the quizzes add, or None for any
        other page: the site engine can point its table of contents (and a "Skip to content"
        link) at it, since that heading is not in the page's Markdown."""
        return HEADING_ID if page_path in self._own_pages else None

    def fill(self, html: str, *, page_path: str, source: Callable[[], str], link: Link) -> str:
        """A page's HTML with each marker replaced by what it asks for; ``source`` reads the
        page's Markdown file, to locate a marker that names no quiz."""
        shown: dict[str, Marker] = {}  # the quizzes already on this page, by their marker

        def problem(at: tuple[int, int], message: str) -> Markup:
            self.problems.append(Problem(self._shown(page_path), *at, message))
            return self._slot

        def replace(marker: Marker) -> str | None:
            if marker.kind == "quiz-outcome":
                return self._outcome(marker.target, page_path, link)
            if marker.target == "*":
                return self._index(link) + self._slot
            item = self.quizzes.get(marker.target)
            if item is None:
                return problem(written_at(marker, html, source()), self._unknown(marker))
            if item.id in shown:
                # Two copies of a form would share its element ids and its saved answers.
                first, _ = written_at(shown[item.id], html, source())
                return problem(
                    written_at(marker, html, source()),
                    f"quiz '{item.id}' is already on this page at line {first}; "
                    "a page shows a quiz once",
                )
            shown[item.id] = marker
            own_page = page_path == quiz_path(item.id)
            # Rendered once as the quiz's own page and once as embedded in any other page.
            return self._html(
                item,
                "html-own" if own_page else "html-embedded",
                lambda record: self.renderer.quiz(
                    item.loaded.quiz,
                    link=record,
                    page_url=None if own_page else record(quiz_path(item.id)),
                    orders=item.orders,
                ),
                link,
            )

        filled = replace_markers(html, replace)
        typos = near_misses(html)
        for near in typos:
            problem(
                near_miss_written_at(near, html, source()),
                f"`{near.text}` is not a quiz marker; did you mean `{near.suggestion}`?",
            )
        for text in {near.text for near in typos}:  # the problem box where the quiz would be
            filled = filled.replace(text, text + self._slot)
        return filled

    def check(self, anchors_of: AnchorsOf) -> QuizError | None:
        """Every problem of this build, once links can be checked, or None. Every page has been
        filled by now: what the build made is saved for the next one."""
        for item in self.items:
            for loc, prefix, target in item.part("links", lambda i=item: self._links(i)):
                message = target_problem(target, anchors_of)
                if message:
                    line, col = self._at(item, loc)
                    self.problems.append(Problem(item.shown, line, col, prefix + message))
        self.save()
        return QuizError(self.problems) if self.problems else None

    def _links(self, item: _Quiz) -> list[list[Any]]:
        from .links import link_targets

        return [
            [list(loc), prefix, target]
            for loc, prefix, target in link_targets(item.loaded, self.renderer.md.block)
        ]

    def show_problems(self, html: str) -> str:
        """A filled page with every problem of the build where a marker asked for them."""
        if self._slot not in html:
            return html
        box = self.renderer.problems(QuizError(self.problems).problems) if self.problems else ""
        return html.replace(self._slot, box)

    def _index(self, link: Link) -> Markup:
        entries = [
            item.part("index", lambda i=item: self.renderer.index_entry(i.loaded.quiz))
            for item in self.items
        ]
        return self.renderer.index(entries, link=link)

    def _outcome(self, target: str, page_path: str, link: Link) -> str | None:
        # Only the outcome pages made by pages() are filled; a marker an author copied elsewhere
        # stays the inert comment it is.
        quiz_id, _, outcome_id = target.partition("/")
        item = self.quizzes.get(quiz_id)
        if item is None or page_path != result_path(quiz_id, outcome_id):
            return None
        if page_path not in self._pages(item):  # no such outcome
            return None

        def render(record: Link) -> Markup:
            quiz = item.loaded.quiz
            outcome = next(o for o in quiz.outcomes if o.id == outcome_id)
            return self.renderer.outcome(quiz, outcome, link=record)

        return self._html(item, f"html-outcome-{outcome_id}", render, link)

    def _unknown(self, marker: Marker) -> str:
        listed = ", ".join(sorted(self.quizzes)) or "none"
        return f"unknown quiz '{marker.target}' (quizzes: {listed})"

    def _shown(self, page_path: str) -> str:
        page = self.docs_dir / page_path
        return (
            page.relative_to(self.root).as_posix() if page.is_relative_to(self.root) else str(page)
        )
