"""`steerco calibration` and `steerco throughput` JSON validate against their JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from steerco.cli.main import app

ROOT = Path(__file__).parents[2]
SCHEMAS = ROOT / "docs" / "schemas"
CALIBRATION = json.loads((SCHEMAS / "calibration.schema.json").read_text("utf-8"))
THROUGHPUT = json.loads((SCHEMAS / "throughput.schema.json").read_text("utf-8"))
ESTIMATES = ROOT / "examples" / "history" / "estimates.csv"
DONE = ROOT / "examples" / "history" / "throughput.csv"
runner = CliRunner()

COMMANDS = {
    "calibration": ["calibration", str(ESTIMATES)],
    "when": ["throughput", str(DONE), "--items", "40"],
    "how-many": ["throughput", str(DONE), "--by", "2027-04-30"],
}


def _stdout(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("schema", [CALIBRATION, THROUGHPUT], ids=["calibration", "throughput"])
def test_the_schemas_are_valid_draft_2020_12_schemas(schema: dict[str, object]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)


def test_calibration_json_of_the_example_matches_the_schema() -> None:
    data = json.loads(_stdout(*COMMANDS["calibration"], "-f", "json"))
    jsonschema.validate(data, CALIBRATION)


@pytest.mark.parametrize("command", ["when", "how-many"])
def test_throughput_json_of_the_example_matches_the_schema(command: str) -> None:
    jsonschema.validate(json.loads(_stdout(*COMMANDS[command], "-f", "json")), THROUGHPUT)


@pytest.mark.parametrize("option", [["--items", "12"], ["--by", "5"]], ids=["when", "how-many"])
def test_a_history_by_period_matches_the_schema(option: list[str], tmp_path: Path) -> None:
    history = tmp_path / "t.csv"
    history.write_text("period,count\n1,5\n2,0\n4,3\n", encoding="utf-8")
    data = json.loads(_stdout("throughput", str(history), *option, "-f", "json"))
    jsonschema.validate(data, THROUGHPUT)
    assert isinstance(data["start"], int)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("output_format", ["json", "table"])
def test_output_writes_what_the_format_renders(
    command: str, output_format: str, tmp_path: Path
) -> None:
    args = [*COMMANDS[command], "-f", output_format]
    written = tmp_path / "out"
    assert _stdout(*args, "--output", str(written)) == ""
    text = written.read_text("utf-8")
    if output_format == "json":
        assert text == _stdout(*args)
    else:
        assert "P90" in text if command == "calibration" else "P85" in text
