"""The real JSON of `steerco gates` on every bundled example matches its JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from steerco.cli.main import app

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMA = ROOT / "docs" / "schemas" / "gates.schema.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _gates(*args: str | Path) -> dict[str, Any]:
    result = runner.invoke(app, ["gates", *map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_examples_include_gates_of_both_kinds_and_every_status() -> None:
    records = [g for path in EXAMPLES for g in _gates(path)["gates"]]
    assert {g["kind"] for g in records} == {"metric", "manual"}
    assert {g["status"] for g in records} == {"met", "not_met", "unknown", "likely"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_gates_json_of_every_example_matches_the_schema(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    validator.validate(_gates(path))


def test_a_project_in_periods_plans_its_gates_in_periods(
    tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    project = tmp_path / "p.yaml"
    project.write_text(
        "name: P\nunit: period\ntasks:\n  - {id: a, duration: 3}\n"
        "  - {id: ok, milestone: true, after: [a], gate: {approver: sponsor}}\n",
        encoding="utf-8",
    )
    data = _gates(project)
    validator.validate(data)
    assert data["gates"][0]["planned"] == 3


@pytest.mark.parametrize("output_format", ["json", "table"])
def test_output_writes_what_format_renders(tmp_path: Path, output_format: str) -> None:
    example = ROOT / "examples" / "llm-assistant.yaml"
    out = tmp_path / "gates.out"
    args = ["gates", str(example), "--format", output_format]
    written = runner.invoke(app, [*args, "--output", str(out)])
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    text = out.read_text(encoding="utf-8")
    if output_format == "json":
        assert text == runner.invoke(app, args).stdout
    else:
        assert "2 met, 1 likely, 1 not met, 2 unknown of 6 gates" in text
        assert "\x1b[" not in text  # plain text, no colours
