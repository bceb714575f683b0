"""`steerco team --format json` on every bundled example validates against its JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from steerco.cli.main import app

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "team.schema.json").read_text("utf-8"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
runner = CliRunner()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_team_json_of_every_example_matches_the_schema(example: Path) -> None:
    result = runner.invoke(app, ["team", str(example), "--format", "json", "--time-limit", "0.1"])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(result.stdout), SCHEMA)


def test_output_writes_the_json_and_the_table(tmp_path: Path) -> None:
    args = ["team", str(ROOT / "examples" / "team.yaml"), "--method", "cpm"]
    printed = runner.invoke(app, [*args, "--format", "json"])
    written = tmp_path / "team.json"
    result = runner.invoke(app, [*args, "--format", "json", "--output", str(written)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert written.read_text("utf-8") == printed.stdout
    table = tmp_path / "team.txt"
    result = runner.invoke(app, [*args, "--output", str(table)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "Skills matrix" in table.read_text("utf-8")
