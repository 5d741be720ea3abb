"""The JSON Schema of a quiz file, generated from the model, for editors' YAML language server."""

from __future__ import annotations

import json
from typing import Any

from .model import Quiz


def quiz_schema() -> dict[str, Any]:
    schema = Quiz.model_json_schema()
    # The loader fills `id` from the file name, so a file may leave it out.
    schema["required"] = [key for key in schema["required"] if key != "id"]
    # Which keys a mode reads: what the model's rules say in words, for the editor to underline.
    schema["allOf"] = [
        {
            "if": {"properties": {"scoring": {"const": "categories"}}, "required": ["scoring"]},
            "then": _keys(
                choice={"properties": {"correct": False, "points": False}},
                outcome={"properties": {"min": False}},
            ),
            "else": _keys(choice={"properties": {"votes": False}}, outcome={"required": ["min"]}),
        }
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from hooks/quizkit/model.py by `make schema`; do not edit.",
        **schema,
    }


def _keys(*, choice: dict[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    """A schema that holds every choice and every outcome of a quiz to a further rule."""
    return {
        "properties": {
            "questions": {"items": {"properties": {"choices": {"items": choice}}}},
            "outcomes": {"items": outcome},
        }
    }


def schema_text() -> str:
    return json.dumps(quiz_schema(), indent=2, ensure_ascii=False) + "\n"
