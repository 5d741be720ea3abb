"""MkDocs hook: quizzes from ``quiz/*.yml`` become pages. Event functions only; see quizkit."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler, get_relative_url

# MkDocs puts hooks/ on sys.path only while it imports this file: import the packages here.
from publishing.lean import lean
from publishing.publisher import PageKind, Publisher
from quizkit.build import QuizBuild
from quizkit.cache import Store
from quizkit.markdown import MarkdownRenderer
from quizkit.messages import Messages, MessagesError

log = logging.getLogger("mkdocs.hooks.quiz")


@dataclass
class _Build:
    """What one build knows, made anew in on_files: `mkdocs serve` keeps this module alive."""

    quizzes: QuizBuild
    publisher: Publisher
    urls: dict[str, str | None] = field(default_factory=dict)  # docs path -> its URL, if a page


class _CompiledTemplates(BytecodeCache):
    """Jinja bytecode by template, in memory; Jinja reuses it only for an unchanged source."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    @staticmethod
    def _key(bucket: Bucket) -> str:
        # Jinja's key names the template and its source; the code also depends on how the
        # environment compiles (its extensions and options), which a config change may change.
        env = bucket.environment
        options = (sorted(env.extensions), env.trim_blocks, env.lstrip_blocks, env.autoescape)
        return f"{bucket.key} {options}"

    def load_bytecode(self, bucket: Bucket) -> None:
        if self._key(bucket) in self.compiled:
            bucket.bytecode_from_string(self.compiled[self._key(bucket)])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[self._key(bucket)] = bucket.bytecode_to_string()


@dataclass
class _Session:
    """This process's command (``build``, ``serve``, ``gh-deploy``) and its current build."""

    command: str = "build"
    build: _Build | None = None
    said_lenient: bool = False
    said_fallback: bool = False
    # What the engine made of each quiz, by content key: kept across `mkdocs serve` rebuilds
    # (and in .cache/quizkit/ across builds). Keys name every input, so nothing stale is shown.
    stores: dict[Path, Store] = field(default_factory=dict)
    templates: _CompiledTemplates = field(default_factory=lambda: _CompiledTemplates())

    def store(self, root: Path) -> Store:
        folder = root / ".cache" / "quizkit"
        if folder not in self.stores:
            self.stores[folder] = Store(folder)
        return self.stores[folder]

    @property
    def current(self) -> _Build:
        if self.build is None:  # pragma: no cover - MkDocs always calls on_files first
            raise PluginError("the quiz hook was used before on_files")
        return self.build


session = _Session()


def on_startup(command, dirty):
    session.command = command


def on_config(config):
    """`mkdocs serve` is never strict: it shows every problem and keeps answering.

    MkDocs' strict mode aborts a build on its first warning; while serving, that stops the
    server from starting or leaves it waiting for a build that never finishes (it answers no
    request until one does). ``strict`` is read before this event, which comes first in a
    build, so the warning counter strict mode attached is taken off too. ``mkdocs build`` and
    ``gh-deploy`` stay as strict as mkdocs.yml says.
    """
    if session.command != "serve" or not config.strict:
        return config
    config.strict = False
    mkdocs_log = logging.getLogger("mkdocs")
    for handler in [h for h in mkdocs_log.handlers if isinstance(h, CountHandler)]:
        mkdocs_log.removeHandler(handler)
    if not session.said_lenient:
        session.said_lenient = True
        log.info("Serving without strict mode: problems are shown; `mkdocs build` stops on them")
    return config


def on_serve(server, config, builder):
    """Live reload when a quiz changes. Watched here, not in mkdocs.yml's ``watch``, so a
    missing ``quiz/`` folder is the build's own clear problem, not a configuration error."""
    quiz_dir = Path(config.config_file_path).parent / "quiz"
    if quiz_dir.is_dir():
        server.watch(str(quiz_dir))
    return server


def on_files(files, config):
    try:
        kinds = PageKind.parse(config.extra.get("card_kinds"), "extra.card_kinds in mkdocs.yml")
    except ValueError as error:
        raise PluginError(str(error)) from None
    root = Path(config.config_file_path).parent
    markdown = MarkdownRenderer(config.markdown_extensions, config.mdx_configs)
    quizzes = QuizBuild(
        root, Path(config.docs_dir), markdown, _messages(config), store=session.store(root)
    )
    publisher = Publisher(config.site_name, config.site_url, root / ".cache" / "social", kinds)
    session.build = _Build(quizzes, publisher)
    for path, source in quizzes.pages().items():
        files.append(
            File.generated(config, path, content=source, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return files


def _messages(config) -> Messages:
    language = config.theme["language"]
    try:
        messages = Messages(language, config.extra.get("quiz_messages"))
    except MessagesError as error:
        raise PluginError(str(error)) from None
    if messages.fallback and not session.said_fallback:
        session.said_fallback = True
        log.info(f"No quiz texts for the language '{language}': quizzes speak English")
    return messages


def on_page_content(html, page, config, files):
    urls = session.current.urls
    relative: dict[str, str] = {}  # docs path -> its URL from this page
    page_url = page.url

    def link(target):
        path, _, anchor = target.partition("#")
        url = relative.get(path)
        if url is None:
            if path not in urls:  # a quiz's pages link to each other: each looked up once
                # The engine's targets are normalised docs paths, as MkDocs keys its files.
                file = files.src_uris.get(path) or files.get_file_from_path(path)
                urls[path] = file.url if file else None
            # A missing page is reported in on_env.
            url = relative[path] = (
                get_relative_url(urls[path], page_url) if urls[path] is not None else "#"
            )
        return url + (f"#{anchor}" if anchor else "")

    quizzes = session.current.quizzes
    heading = quizzes.heading_id(page.file.src_uri)
    if heading and not page.toc.items:
        # The heading comes from our template, not the page's Markdown: point the contents (and
        # the theme's "Skip to content" link) at it.
        page.toc = get_toc([{"level": 1, "id": heading, "name": page.title, "children": []}])
    return quizzes.fill(
        html, page_path=page.file.src_uri, source=lambda: page.file.content_string, link=link
    )


def on_env(env, config, files):
    if session.command == "serve":
        # MkDocs makes a new theme environment for every rebuild, which compiles every
        # template again (a third of a rebuild); compiled templates are kept for the session,
        # each checked against its source, so an edited template is compiled anew.
        env.bytecode_cache = session.templates

    def anchors_of(path):
        file = files.get_file_from_path(path)
        page = file.page if file and file.is_documentation_page() else None
        return None if page is None else (page.present_anchor_ids or set())

    error = session.current.quizzes.check(anchors_of)
    if error is None:
        return env
    for problem in error.problems:
        # Serving goes on (pages show the errors too); a build stops.
        (log.warning if session.command == "serve" else log.error)(str(problem))
    if session.command != "serve":
        raise PluginError(
            f"{len(error.problems)} problem(s) in quiz files or quiz markers, listed above"
        )
    return env


def on_page_context(context, page, config, nav):
    build = session.current
    page.content = build.quizzes.show_problems(page.content)
    page.meta["social"] = build.publisher.page_meta(
        url=page.url,
        src_uri=page.file.src_uri,
        # Titles and descriptions are HTML here (quiz pages escape theirs); the template escapes.
        title=unescape(page.meta.get("share_title") or page.title or config.site_name),
        description=unescape(page.meta.get("description") or config.site_description),
    )
    return context


def on_post_build(config):
    # Readers get our scripts and styles without the comments written for engineers.
    ours = [*config.extra_css, *(str(script) for script in config.extra_javascript)]
    lean(Path(config.site_dir), [path for path in ours if "://" not in path])
    # Cards are decoration: one that cannot be drawn is worth a note, never a failed build.
    # `mkdocs serve` reads no _headers file (a host does): the policy, which reads every page of
    # the site for its inline scripts, is worked out by `mkdocs build` only.
    serving = session.command == "serve"
    for failure in session.current.publisher.write(Path(config.site_dir), headers=not serving):
        log.info(failure)
