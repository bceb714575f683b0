"""The real output of `steerco schedule --format json` against docs/schemas/schedule.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from psplib_data import psplib_instance
from steerco.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "schemas" / "schedule.schema.json"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PSPLIB = psplib_instance("j3010_1")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _schedule(*args: str | Path, code: int = 0) -> Any:
    result = CliRunner().invoke(app, ["schedule", *map(str, args), "--format", "json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def _check(validator: jsonschema.Draft202012Validator, data: Any) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.mark.parametrize("path", [*EXAMPLES, PSPLIB], ids=lambda p: p.name)
def test_critical_path_output_matches_the_schema(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    data = _schedule(path, "--method", "cpm")
    _check(validator, data)
    assert data["tasks"] and data["method"] == "cpm"


@pytest.mark.parametrize("path", [*EXAMPLES, PSPLIB], ids=lambda p: p.name)
def test_levelled_output_matches_the_schema(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    data = _schedule(path, "--time-limit", "1")  # auto: the heuristic, then CP-SAT
    _check(validator, data)
    assert data["method"] != "cpm"


def test_unscheduled_output_matches_the_schema(
    validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    plan = tmp_path / "tight.yaml"
    plan.write_text(
        "name: Tight\n"
        "start: 2027-01-04\n"
        "resources: [{id: mle1, name: ML engineer 1}]\n"
        "tasks:\n"
        "  - {id: a, duration: 3, demands: {mle1: 1}, deadline: 2027-01-06}\n"
        "  - {id: b, duration: 3, demands: {mle1: 1}, deadline: 2027-01-06}\n",
        encoding="utf-8",
    )
    data = _schedule(plan, "--hard-deadlines", "--time-limit", "2", code=3)
    _check(validator, data)
    assert set(data) == {
        "project",
        "method",
        "status",
        "bound",
        "message",
        "notes",
        "conflicts",
        "misses",
    }
    assert data["conflicts"][0] == {
        "kind": "capacity",
        "tasks": ["a", "b"],
        "resources": ["mle1"],
        "text": "a and b need mle1 (capacity 1)",
    }
    # one of the two, run second, finishes Mon 11: 3 working days after Wed 6
    (miss,) = data["misses"]
    assert (miss["deadline"], miss["finish"], miss["working_days_late"]) == (
        "2027-01-06",
        "2027-01-11",
        3.0,
    )


def test_the_schema_rejects_a_conflict_of_an_unknown_kind(
    validator: jsonschema.Draft202012Validator,
) -> None:
    data = {
        "project": "p",
        "method": "cp-sat",
        "status": "infeasible",
        "bound": 0,
        "message": "",
        "notes": [],
        "conflicts": [{"kind": "weather", "tasks": [], "resources": [], "text": ""}],
        "misses": [],
    }
    assert not validator.is_valid(data)
    data["conflicts"][0]["kind"] = "unavailability"
    assert validator.is_valid(data)


def test_the_schema_rejects_an_unknown_task_field(
    validator: jsonschema.Draft202012Validator,
) -> None:
    data = _schedule(PSPLIB, "--method", "cpm")
    data["tasks"][0]["slack"] = 0
    assert not validator.is_valid(data)
