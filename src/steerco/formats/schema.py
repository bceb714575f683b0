"""The JSON Schema of the project file, generated from the model.

The model describes objects in their long form; the file also accepts shorthands that
the model reads before validation (a dependency as `"design SS+2d"`, demands as a
mapping, leave as dates or `"a..b"`, a three-point duration `"3d..5d..10d"`). The schema
adds those written forms, so that an editor accepts every file that `steerco validate`
accepts.
"""

from __future__ import annotations

import json
from typing import Any

from steerco.model import Project

__all__ = ["project_schema", "project_schema_json"]

_TIME = r"[+-]?[0-9]+(\.[0-9]+)?\s*(d|h|w|days?|hours?|weeks?)?"
_THREE_POINT = {
    "type": "string",
    "pattern": rf"^\s*{_TIME}\s*\.\.\s*{_TIME}\s*\.\.\s*{_TIME}\s*$",
    "description": "three-point estimate 'low..likely..high', read as PERT",
}

_POINTS = {
    "type": "string",
    "pattern": r"(?i)^\s*[0-9]+(\.[0-9]+)?\s*(pts?|sp|points?)?\s*$",
    "description": "story points with a unit: '5pt', '5 sp', '5 points'",
}


def _either(written: dict[str, Any], long_form: dict[str, Any]) -> dict[str, Any]:
    """A schema that accepts a shorthand or the long form (keeping the long form's notes)."""
    notes: dict[str, Any] = {
        k: long_form.pop(k) for k in ("default", "description", "title") if k in long_form
    }
    return {"anyOf": [written, long_form], **notes}


def _add_shorthands(defs: dict[str, Any]) -> None:
    task = defs["Task"]["properties"]
    defs["Dependency"] = _either(
        {
            "anyOf": [{"type": "string"}, {"type": "integer"}],
            "description": "predecessor id, optionally with type and lag: 'design SS+2d'",
        },
        defs["Dependency"],
    )
    task["demands"] = _either(
        {
            "type": "object",
            "additionalProperties": {"type": "number", "exclusiveMinimum": 0},
            "description": "resource id -> units",
        },
        task["demands"],
    )
    task["duration"]["anyOf"].insert(0, _THREE_POINT)
    task["points"]["anyOf"].insert(0, _POINTS)
    defs["Estimate"] = _either(_THREE_POINT, defs["Estimate"])
    defs["DateRange"] = _either(
        {"type": "string", "description": "a date, or an inclusive range 'YYYY-MM-DD..YYYY-MM-DD'"},
        defs["DateRange"],
    )
    for name in ("Task", "Resource"):
        defs[name]["properties"]["id"] = {
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}],
            "title": "Id",
        }
    workdays = defs["Calendar"]["properties"]["workdays"]
    workdays["items"] = {
        "type": "string",
        "pattern": "(?i)^(mon|tue|wed|thu|fri|sat|sun)",
        "description": "a weekday: mon..sun (full names accepted)",
    }


def project_schema() -> dict[str, Any]:
    """The JSON Schema of a project file (as data)."""
    schema = Project.model_json_schema(mode="validation")
    _add_shorthands(schema["$defs"])
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "steerco project file"
    return schema


def project_schema_json() -> str:
    """The JSON Schema of a project file, as indented text with a final newline."""
    return json.dumps(project_schema(), indent=2, sort_keys=True) + "\n"
