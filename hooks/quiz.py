"""MkDocs hook: quizzes from ``quiz/*.yml`` become pages. Event functions only; see quizkit."""

from __future__ import annotations

import logging
from html import unescape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from publishing.publisher import PageKind, Publisher

# MkDocs puts hooks/ on sys.path only while it imports this file: import the package here.
from quizkit.build import INDEX, QuizBuild
from quizkit.markdown import MarkdownRenderer

log = logging.getLogger("mkdocs.hooks.quiz")
# One QuizBuild and one Publisher per build, never reused: `mkdocs serve` keeps this module.
_state: dict = {"command": "build", "build": None, "publisher": None}


def on_startup(command, dirty):
    _state["command"] = command


def on_files(files, config):
    markdown = MarkdownRenderer(config.markdown_extensions, config.mdx_configs)
    root = Path(config.config_file_path).parent
    build = _state["build"] = QuizBuild(root, markdown)
    try:
        kinds = PageKind.parse(config.extra.get("card_kinds"), "extra.card_kinds in mkdocs.yml")
    except ValueError as error:
        raise PluginError(str(error)) from None
    _state["publisher"] = Publisher(
        config.site_name, config.site_url, root / ".cache" / "social", kinds
    )
    for path, source in build.pages().items():
        inclusion = InclusionLevel.INCLUDED if path == INDEX else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=source, inclusion=inclusion))
    return files


def on_page_markdown(markdown, page, config, files):
    _state["build"].scan(f"{Path(config.docs_dir).name}/{page.file.src_uri}", markdown)
    return markdown


def on_page_content(html, page, config, files):
    def link(target):
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(path)
        url = get_relative_url(file.url, page.url) if file else "#"  # missing: reported in on_env
        return url + (f"#{anchor}" if anchor else "")

    return _state["build"].fill(html, link=link, page_path=page.file.src_uri)


def on_env(env, config, files):
    def anchors_of(path):
        file = files.get_file_from_path(path)
        page = file.page if file and file.is_documentation_page() else None
        return None if page is None else (page.present_anchor_ids or set())

    error = _state["build"].check(anchors_of)
    if error is None:
        return env
    for problem in error.problems:
        # Serving goes on (the quiz pages show the errors too); a build stops.
        (log.warning if _state["command"] == "serve" else log.error)(str(problem))
    if _state["command"] != "serve":
        raise PluginError(
            f"{len(error.problems)} problem(s) in quiz files or quiz markers, listed above"
        )
    return env


def on_page_context(context, page, config, nav):
    page.meta["social"] = _state["publisher"].page_meta(
        url=page.url,
        src_uri=page.file.src_uri,
        # Titles and descriptions are HTML here (quiz pages escape theirs); the template escapes.
        title=unescape(page.meta.get("share_title") or page.title or config.site_name),
        description=unescape(page.meta.get("description") or config.site_description),
    )
    return context


def on_post_build(config):
    _state["publisher"].write(Path(config.site_dir))
