"""The JSON Schema accepts every file that steerco accepts, and rejects unknown keys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from steerco.formats.schema import project_schema

ROOT = Path(__file__).resolve().parents[2]
VALID = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "cases" / "valid").glob("*.yaml")
)


def as_json(value: Any) -> Any:
    """YAML data as a JSON document would carry it (dates as strings)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = project_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_schema_accepts_valid_files(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    data = as_json(yaml.safe_load(path.read_text()))
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []


def test_schema_rejects_unknown_keys(validator: jsonschema.Draft202012Validator) -> None:
    data = {"name": "x", "start": "2027-01-04", "tasks": [{"id": "a", "duraton": 3}]}
    assert not validator.is_valid(data)
