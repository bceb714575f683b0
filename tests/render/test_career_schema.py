"""`steerco career assess` and `career roles` JSON validate against their JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from steerco.cli.main import app

ROOT = Path(__file__).parents[2]
SCHEMAS = ROOT / "docs" / "schemas"
ASSESS = json.loads((SCHEMAS / "career.schema.json").read_text("utf-8"))
ROLES = json.loads((SCHEMAS / "career-roles.schema.json").read_text("utf-8"))
PROFILES = sorted((ROOT / "examples" / "profiles").glob("*.yaml"))
runner = CliRunner()


def _stdout(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("schema", [ASSESS, ROLES], ids=["assess", "roles"])
def test_the_schemas_are_valid_draft_2020_12_schemas(schema: dict[str, object]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_assess_json_of_every_example_profile_matches_the_schema(profile: Path) -> None:
    jsonschema.validate(json.loads(_stdout("career", "assess", str(profile), "-f", "json")), ASSESS)


def test_assess_json_for_every_target_role_matches_the_schema() -> None:
    roles = json.loads(_stdout("career", "roles", "-f", "json"))
    for role in roles["roles"]:
        args = ("career", "assess", str(PROFILES[0]), "--target", role["id"], "-f", "json")
        jsonschema.validate(json.loads(_stdout(*args)), ASSESS)


def test_roles_json_matches_the_schema() -> None:
    jsonschema.validate(json.loads(_stdout("career", "roles", "-f", "json")), ROLES)


@pytest.mark.parametrize("output_format", ["json", "html", "table"])
def test_assess_output_writes_what_the_format_renders(output_format: str, tmp_path: Path) -> None:
    args = ["career", "assess", str(PROFILES[0]), "-f", output_format]
    written = tmp_path / "out"
    assert _stdout(*args, "--output", str(written)) == ""
    text = written.read_text("utf-8")
    if output_format == "table":
        assert "Readiness" in text and "Within 90 days" in text
    else:
        assert text == _stdout(*args)


@pytest.mark.parametrize("output_format", ["json", "table"])
def test_roles_output_writes_what_the_format_renders(output_format: str, tmp_path: Path) -> None:
    written = tmp_path / "out"
    assert _stdout("career", "roles", "-f", output_format, "--output", str(written)) == ""
    text = written.read_text("utf-8")
    if output_format == "json":
        assert text == _stdout("career", "roles", "-f", "json")
    else:
        assert "Role profiles" in text
