"""``python -m quizkit QUIZ_DIR [--docs DOCS_DIR]``: check quiz files without building the site.

Prints the same ``file:line:col: message`` lines as the build and exits 1 when there are any.
Anchors in ``see`` links are checked by the build, which knows each page's headings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import QuizError
from .loader import load_quizzes
from .schema import schema_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quizkit", description=__doc__.splitlines()[0])
    parser.add_argument("quiz_dir", type=Path, help="the folder of quiz files, e.g. quiz")
    parser.add_argument("--docs", type=Path, help="the docs folder that essay and see point into")
    parser.add_argument(
        "--write-schema", action="store_true", help="write QUIZ_DIR/schema.json from the model"
    )
    args = parser.parse_args(argv)
    if args.write_schema:
        (args.quiz_dir / "schema.json").write_text(schema_text(), encoding="utf-8")
        return 0
    try:
        quizzes = load_quizzes(args.quiz_dir, args.docs)
    except QuizError as error:
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    questions = sum(len(quiz.questions) for quiz in quizzes)
    print(f"{len(quizzes)} quizzes, {questions} questions: no problems found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
