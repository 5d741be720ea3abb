"""quiz/schema.json is what the model says, so editors complete and check quiz files correctly."""

from __future__ import annotations

import json
from pathlib import Path

from quizkit.schema import quiz_schema, schema_text

SCHEMA = Path(__file__).resolve().parents[2] / "quiz" / "schema.json"


def test_schema_file_is_in_sync_with_the_model() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), "run `make schema`"


def test_schema_lets_a_file_leave_out_its_id() -> None:
    assert quiz_schema()["required"] == ["title", "questions", "outcomes"]


def test_schema_forbids_unknown_keys() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
