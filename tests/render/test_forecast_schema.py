"""`steerco forecast --format json` validates against docs/schemas/forecast.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from psplib_data import psplib_instance
from steerco.cli.main import app
from steerco.render.forecast import FORECAST_FIELDS

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "forecast.schema.json").read_text("utf-8"))
FILES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    psplib_instance("j3010_1"),
]
runner = CliRunner()


def _stdout(*args: str) -> str:
    result = runner.invoke(app, ["forecast", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_requires_every_field_in_order() -> None:
    assert tuple(SCHEMA["required"]) == FORECAST_FIELDS == tuple(SCHEMA["properties"])


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_forecast_json_of_every_example_matches_the_schema(file: Path) -> None:
    jsonschema.validate(json.loads(_stdout(str(file), "--format", "json", "-n", "500")), SCHEMA)


def test_forecast_json_with_every_option_matches_the_schema() -> None:
    example = ROOT / "examples" / "support-assistant.yaml"
    history = ROOT / "examples" / "history" / "estimates.csv"
    args = ("-n", "2000", "--lhs", "--residual", "--resources", "--history", str(history))
    jsonschema.validate(json.loads(_stdout(str(example), "-f", "json", *args)), SCHEMA)


@pytest.mark.parametrize("output_format", ["json", "table"])
def test_output_writes_what_the_format_renders(output_format: str, tmp_path: Path) -> None:
    args = [str(ROOT / "examples" / "llm-assistant.yaml"), "-n", "500", "-f", output_format]
    written = tmp_path / "out" / "forecast"
    assert _stdout(*args, "--output", str(written)) == ""
    text = written.read_text("utf-8")
    if output_format == "json":
        assert text == _stdout(*args)
    else:
        assert "Forecast — 500 iterations, seed 0" in text and "P80" in text
        assert "\x1b[" not in text  # plain text, no colours
