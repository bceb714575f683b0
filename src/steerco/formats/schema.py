"""The JSON Schema of the project file, generated from the model."""

from __future__ import annotations

import json

from steerco.model import Project

__all__ = ["project_schema", "project_schema_json"]


def project_schema() -> dict[str, object]:
    """The JSON Schema of a project file (as data)."""
    schema = Project.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "steerco project file"
    return schema


def project_schema_json() -> str:
    """The JSON Schema of a project file, as indented text with a final newline."""
    return json.dumps(project_schema(), indent=2, sort_keys=True) + "\n"
