"""The real JSON of `steerco risks` (register, --quantify), `risks suggest` and `--adopt` on
every bundled example matches its schema in docs/schemas/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from steerco.cli.main import app

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMAS = ROOT / "docs" / "schemas"
NAME = "Support assistant"
runner = CliRunner()


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _json(*args: str | Path) -> dict[str, Any]:
    result = runner.invoke(app, [*map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_register_json_matches_the_schema(path: Path) -> None:
    data = _json("risks", path, "--as-of", "2027-03-01")
    _validator("risks").validate(data)
    assert "quantify" not in data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_quantified_register_json_matches_the_schema(path: Path) -> None:
    data = _json("risks", path, "--as-of", "2027-03-01", "--quantify", "-n", "300")
    _validator("risks").validate(data)
    assert data["quantify"]["iterations"] == 300


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_suggestions_json_matches_the_schema(path: Path) -> None:
    data = _json("risks", "suggest", path)
    _validator("risks-suggest").validate(data)
    assert data["suggestions"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_adopted_json_matches_the_schema(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    first = _json("risks", "suggest", copy, "--top", "1")["suggestions"][0]["id"]
    data = _json("risks", "suggest", copy, "--adopt", first)
    _validator("risks-adopt").validate(data)
    assert data["adopted"]["library"] == first


def test_the_examples_cover_the_nullable_fields() -> None:
    risks = [r for path in EXAMPLES for r in _json("risks", path, "--as-of", "2027-03-01")["risks"]]
    assert {r["residual"] is None for r in risks} == {True, False}


@pytest.mark.parametrize(
    "args",
    [
        ["risks", "examples/support-assistant.yaml", "--as-of", "2027-03-01"],
        [
            "risks",
            "examples/support-assistant.yaml",
            "--as-of",
            "2027-03-01",
            "--quantify",
            "-n",
            "50",
        ],
        ["risks", "suggest", "examples/support-assistant.yaml", "--top", "3"],
    ],
    ids=["register", "quantify", "suggest"],
)
@pytest.mark.parametrize("output_format", ["json", "table"])
def test_output_writes_what_format_renders(
    args: list[str], output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "risks.out"
    command = [*args, "--format", output_format]
    written = runner.invoke(app, [*command, "--output", str(out)])
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    text = out.read_text(encoding="utf-8")
    if output_format == "json":
        assert text == runner.invoke(app, command).stdout
    else:
        assert NAME in text
        assert "\x1b[" not in text


def test_adopt_output_writes_the_adopted_entry(tmp_path: Path) -> None:
    copy = tmp_path / "p.yaml"
    shutil.copy(ROOT / "examples" / "defect-detector.yaml", copy)
    out = tmp_path / "adopted.json"
    args = ["risks", "suggest", str(copy), "--adopt", "label-noise", "--format", "json"]
    result = runner.invoke(app, [*args, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["adopted"]["id"] == "label-noise"
