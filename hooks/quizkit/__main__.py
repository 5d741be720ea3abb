"""``python -m quizkit QUIZ_DIR [--docs DOCS_DIR] [--explain]``: check quiz files without building
the site.

Prints the same ``file:line:col: message`` lines as the build and exits 1 when there are any:
the same rules decide which ``essay``, ``see`` and links in quiz text point at a page, and which
ids would replace a page of ``docs/``. Anchors are checked by the build, which knows each page's
headings; quiz text is rendered with plain Markdown here, the site's extensions in the build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import Problem, QuizError
from .explain import explain
from .links import check_links, check_paths, docs_pages
from .loader import read_quizzes
from .markdown import MarkdownRenderer
from .positions import check_positions, choice_orders
from .schema import schema_text
from .similar import similar_prompts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quizkit", description=" ".join(__doc__.split("\n\n")[0].split())
    )
    parser.add_argument("quiz_dir", type=Path, help="the folder of quiz files, e.g. quiz")
    parser.add_argument("--docs", type=Path, help="the docs folder that essay and see point into")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="once all is well, print for each outcome answers that lead to it",
    )
    parser.add_argument(
        "--write-schema", action="store_true", help="write QUIZ_DIR/schema.json from the model"
    )
    args = parser.parse_args(argv)
    if args.write_schema:
        (args.quiz_dir / "schema.json").write_text(schema_text(), encoding="utf-8")
        return 0
    loaded, problems = read_quizzes(args.quiz_dir)
    if args.docs is not None and not args.docs.is_dir():
        problems.append(Problem(str(args.docs), 1, 1, "no such folder"))
    elif args.docs is not None:
        loaded, collisions = check_paths(loaded, args.docs)
        pages = docs_pages(args.docs, loaded)
        # Which ids a page will have is known only once it is built: pages only, here.
        problems += collisions + check_links(
            loaded,
            lambda path: () if path in pages else None,
            MarkdownRenderer().block,
            anchors=False,
        )
    # Fairness, of the quizzes the build would show: no place gives the answers away, no
    # question is asked twice.
    unfair, notes = check_positions(loaded)
    problems += unfair + similar_prompts(loaded)
    if problems:
        error = QuizError(problems)
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    questions = sum(len(item.quiz.questions) for item in loaded)
    print(f"{len(loaded)} quizzes, {questions} questions: no problems found.")
    for note in notes:  # what was not judged, and why: only worth reading once all is well
        print(note)
    for item in loaded if args.explain else ():
        print(f"\n{item.document.path}: answers that lead to each outcome")
        for line in explain(item.quiz, choice_orders(item.quiz)):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
