"""The JSON Schema of a quiz file, generated from the model, for editors' YAML language server."""

from __future__ import annotations

import json
from typing import Any

from .model import Quiz


def quiz_schema() -> dict[str, Any]:
    schema = Quiz.model_json_schema()
    # The loader fills `id` from the file name, so a file may leave it out.
    schema["required"] = [key for key in schema["required"] if key != "id"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from hooks/quizkit/model.py by `make schema`; do not edit.",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(quiz_schema(), indent=2, ensure_ascii=False) + "\n"
