"""The built site's copies of our scripts and styles: the same code, without the comments."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import pytest

from publishing.lean import lean, without_comments

ASSETS = Path(__file__).resolve().parents[2] / "docs" / "assets"
OURS = ["quiz.js", "quiz.css", "theme.css"]


def removed(original: str, lean_text: str) -> list[str]:
    """What the lean copy lacks, chunk by chunk, less whitespace; nothing may have been added."""
    matcher = difflib.SequenceMatcher(None, original, lean_text, autojunk=False)
    chunks = []
    for op, a, b, c, d in matcher.get_opcodes():
        assert op in ("equal", "delete") or not lean_text[c:d].strip(), (op, lean_text[c:d])
        if op in ("delete", "replace") and original[a:b].strip():
            chunks.append(original[a:b].strip())
    return chunks


@pytest.mark.parametrize("name", OURS)
def test_only_comments_and_blank_lines_are_left_out(name: str) -> None:
    original = (ASSETS / name).read_text(encoding="utf-8")
    chunks = removed(original, without_comments(original, script=name.endswith(".js")))
    assert chunks and all(chunk.startswith(("/*", "//")) for chunk in chunks), chunks


def test_the_lean_script_is_still_javascript(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node is part of the base image"
    script = tmp_path / "quiz.js"
    script.write_text(without_comments((ASSETS / "quiz.js").read_text("utf-8"), script=True))
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


def test_strings_templates_and_regular_expressions_keep_what_looks_like_comments() -> None:
    text = (
        'const a = "// kept"; /* gone */\n'
        'const b = `x ${"/* kept */" + `y ${1 /* gone */}`} // kept\n z`; // gone\n'
        "const r = /\\/\\/[/]x/g.test(a) / 2; // gone\n"
        "// gone\n"
    )
    assert without_comments(text, script=True) == (
        'const a = "// kept";\n'
        'const b = `x ${"/* kept */" + `y ${1 }`} // kept\n z`;\n'
        "const r = /\\/\\/[/]x/g.test(a) / 2;\n"
    )


def test_css_strings_keep_what_looks_like_a_comment() -> None:
    text = 'a::before { content: "/* kept */"; } /* gone */\n/* gone */\nb { color: red }\n'
    assert without_comments(text, script=False) == (
        'a::before { content: "/* kept */"; }\nb { color: red }\n'
    )


def test_lean_rewrites_the_site_copies_only(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.js").write_text("let a = 1; // gone\n", encoding="utf-8")
    (tmp_path / "assets" / "x.png").write_bytes(b"// not text")
    lean(tmp_path, ["assets/x.js", "assets/x.png", "assets/missing.css"])
    assert (tmp_path / "assets" / "x.js").read_text(encoding="utf-8") == "let a = 1;\n"
    assert (tmp_path / "assets" / "x.png").read_bytes() == b"// not text"
