"""Markers are found once, in the page's HTML: examples in code stay text, unknown ids are located.

Each page goes through the site's own Markdown settings (read from mkdocs.yml by MkDocs), as
MkDocs would render it, then through ``QuizBuild.fill`` as the hook calls it.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import markdown
import pytest
from mkdocs.config import load_config

from quizkit.build import QuizBuild
from quizkit.markdown import MarkdownRenderer

ROOT = Path(__file__).resolve().parents[2]
QUIZ = """\
title: The only quiz
questions:
  - id: first
    prompt: Which?
    choices:
      - text: This one.
        correct: true
      - text: That one.
outcomes:
  - {id: low, min: 0, title: Low, text: Try again.}
  - {id: high, min: 1, title: High, text: Well done.}
"""
FRONT_MATTER = "---\ntitle: A page\n---\n\n"


@pytest.fixture(scope="module")
def site_markdown() -> tuple[list, dict]:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return config.markdown_extensions, config.mdx_configs


@pytest.fixture
def build(tmp_path: Path, site_markdown: tuple[list, dict]) -> QuizBuild:
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz" / "only.yml").write_text(QUIZ, encoding="utf-8")
    return QuizBuild(tmp_path, tmp_path / "docs", MarkdownRenderer(*site_markdown))


def fill(build: QuizBuild, site_markdown: tuple[list, dict], body: str) -> str:
    body = dedent(body)
    html = markdown.Markdown(extensions=site_markdown[0], extension_configs=site_markdown[1])
    return build.fill(
        html.convert(body),
        page_path="essay.md",
        source=lambda: FRONT_MATTER + body,
        link=lambda target: "../" + target,
    )


def test_a_marker_in_a_fenced_block_is_left_as_text(build, site_markdown) -> None:
    page = fill(build, site_markdown, "```markdown\n<!-- quiz: your-quiz-id -->\n```\n")
    assert ("data-quiz=" not in page, build.problems) == (True, [])


def test_a_marker_in_an_inline_code_span_is_left_as_text(build, site_markdown) -> None:
    page = fill(build, site_markdown, "Write `<!-- quiz: only -->` on a line of its own.\n")
    assert "<code>&lt;!-- quiz: only --&gt;</code>" in page
    assert "data-quiz=" not in page


def test_a_marker_in_an_indented_code_block_is_left_as_text(build, site_markdown) -> None:
    page = fill(build, site_markdown, "An example:\n\n    <!-- quiz: your-quiz-id -->\n")
    assert "<pre><code>&lt;!-- quiz: your-quiz-id --&gt;\n</code></pre>" in page
    assert build.problems == []


def test_a_marker_in_an_admonition_embeds_the_quiz(build, site_markdown) -> None:
    page = fill(build, site_markdown, '!!! tip "Try it"\n\n    <!-- quiz: only -->\n')
    assert page.count('<form class="nw-quiz" data-quiz="only"') == 1
    assert page.index('class="admonition tip"') < page.index("data-quiz=") < page.index("</div>")


def test_an_unknown_id_is_reported_once_at_its_line_in_the_file(build, site_markdown) -> None:
    body = """\
        # Title

        The example `<!-- quiz: nope -->` is code.

        ```
        <!-- quiz: nope -->
        ```

        !!! note

            <!-- quiz: nope -->
        """
    fill(build, site_markdown, body)
    # Four lines of front matter, then the marker in the admonition, the body's 11th line.
    assert [str(p) for p in build.problems] == [
        "docs/essay.md:15:5: unknown quiz 'nope' (quizzes: only)"
    ]


def test_an_unknown_id_shows_the_problem_box_in_its_place(build, site_markdown) -> None:
    page = build.show_problems(fill(build, site_markdown, "<!-- quiz: nope -->\n"))
    assert "<code>docs/essay.md:5:1: unknown quiz &#39;nope&#39; (quizzes: only)</code>" in page


def test_a_problem_found_after_a_page_was_filled_reaches_its_box(build, site_markdown) -> None:
    page = fill(build, site_markdown, "<!-- quiz: * -->\n")
    build.problems.append(build.loaded[0].document.problem(("essay",), "a late problem"))
    assert "<code>quiz/only.yml:1:1: a late problem</code>" in build.show_problems(page)


def test_the_quiz_list_has_no_problem_box_when_there_are_none(build, site_markdown) -> None:
    page = build.show_problems(fill(build, site_markdown, "<!-- quiz: * -->\n"))
    assert ("nw-quiz-index" in page, "nw-quiz-problems" in page, "<!--" in page) == (
        True,
        False,
        False,
    )


# Near misses: comments with a marker's words, mistyped


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- Quiz: only -->",
        "<!-- QUIZ: only -->",
        "<!-- quiz only -->",
        "<!-- quiz : only -->",
        "<!--Quiz:only-->",
        "<!--  quiz\tonly  -->",
    ],
)
def test_a_mistyped_marker_is_reported_at_its_line_with_the_right_spelling(
    build, site_markdown, comment
) -> None:
    page = fill(build, site_markdown, f"# Title\n\nSome text.\n\n{comment}\n")
    assert [str(p) for p in build.problems] == [
        f"docs/essay.md:9:1: `{comment.expandtabs(4)}` is not a quiz marker; did you mean "
        "`<!-- quiz: only -->`?"
    ]
    assert "data-quiz=" not in page


def test_a_mistyped_outcome_marker_is_reported(build, site_markdown) -> None:
    fill(build, site_markdown, "<!-- Quiz-Outcome only/low -->\n")
    assert [str(p) for p in build.problems] == [
        "docs/essay.md:5:1: `<!-- Quiz-Outcome only/low -->` is not a quiz marker; did you mean "
        "`<!-- quiz-outcome: only/low -->`?"
    ]


def test_a_mistyped_marker_shows_the_problem_box_in_its_place(build, site_markdown) -> None:
    page = build.show_problems(fill(build, site_markdown, "A\n\n<!-- Quiz: only -->\n\nB\n"))
    assert page.index("<p>A</p>") < page.index("nw-quiz-problems") < page.index("<p>B</p>")


def test_a_mistyped_marker_in_code_is_an_example(build, site_markdown) -> None:
    body = "`<!-- Quiz: only -->` is wrong.\n\n```\n<!-- quiz only -->\n```\n\n<!-- quiz only -->\n"
    fill(build, site_markdown, body)
    assert [str(p) for p in build.problems] == [
        "docs/essay.md:11:1: `<!-- quiz only -->` is not a quiz marker; did you mean "
        "`<!-- quiz: only -->`?"
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- quiz ideas: a quiz about endorsements -->",
        "<!-- TODO: quiz only -->",
        "<!-- quizzes: only -->",
        "<!-- this page needs a quiz -->",
        "<!-- quiz -->",
        "<!-- quiz: only -->",
        "<!--quiz:only-->",
    ],
)
def test_comments_that_mention_quizzes_in_prose_are_left_alone(
    build, site_markdown, comment
) -> None:
    fill(build, site_markdown, f"Text.\n\n{comment}\n")
    assert build.problems == []


# One quiz per page


def test_a_second_marker_for_the_same_quiz_is_reported_at_its_line(build, site_markdown) -> None:
    page = fill(build, site_markdown, "<!-- quiz: only -->\n\nText.\n\n<!-- quiz: only -->\n")
    assert [str(p) for p in build.problems] == [
        "docs/essay.md:9:1: quiz 'only' is already on this page at line 5; a page shows a quiz once"
    ]
    assert page.count('data-quiz="only"') == 1


def test_the_quiz_list_may_come_with_a_quiz_and_twice(build, site_markdown) -> None:
    body = "<!-- quiz: * -->\n\n<!-- quiz: only -->\n\n<!-- quiz: * -->\n"
    page = build.show_problems(fill(build, site_markdown, body))
    assert build.problems == []
    assert (page.count('class="nw-quiz-index"'), page.count('data-quiz="only"')) == (2, 1)
