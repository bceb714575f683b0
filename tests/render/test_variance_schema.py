"""`steerco variance --format json` on every bundled example, against its schema.

Each example is copied and baselined; then the plan changes (progress on a task, a task
that takes longer) so that the variances are not all zero.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from steerco.cli.main import app
from steerco.formats.loader import load_project
from steerco.render.variance import VARIANCE_FIELDS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMA = ROOT / "docs" / "schemas" / "variance.schema.json"


def steerco(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module", params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp(request.param.stem) / request.param.name
    shutil.copy(request.param, copy)
    project = load_project(copy)
    assert project.start is not None
    # the first task with nothing recorded, started 20 days after the start or after the
    # example's own status date (nothing may be recorded before it)
    progress = project.progress
    fresh = [leaf for leaf in project.leaves() if not leaf.milestone and not progress.of(leaf.id)]
    first = fresh[0].id
    steerco("baseline", str(copy), "--method", "cpm", "--date", "2026-12-01")
    late = str((progress.status_date or project.start) + dt.timedelta(days=20))
    steerco("update", str(copy), first, "--percent", "10", "--start", late, "--date", late)
    return copy


def test_the_schema_lists_every_field() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["properties"]["tasks"]["items"]["required"] == list(VARIANCE_FIELDS)


def test_variance_json_matches_its_schema(example: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data: dict[str, Any] = json.loads(steerco("variance", str(example), "--format", "json"))
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    assert data["project"]["finish_variance"] > 0  # the late start slips the plan


def test_output_writes_what_format_renders(example: Path, tmp_path: Path) -> None:
    printed = steerco("variance", str(example), "--format", "json")
    target = tmp_path / "variance.json"
    assert steerco("variance", str(example), "--format", "json", "-o", str(target)) == ""
    assert target.read_text(encoding="utf-8") == printed
    table = tmp_path / "variance.txt"
    assert steerco("variance", str(example), "--output", str(table)) == ""
    assert "Variance against baseline 'baseline'" in table.read_text(encoding="utf-8")
