"""The docs stay true: every model key, diagnostic code and output field is documented.

Checks docs/project-file.md, docs/cli.md and docs/project.schema.json against the code.
"""

from __future__ import annotations

import io
import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from typer.main import get_command
from typer.testing import CliRunner

import steerco
from steerco.cli.main import app
from steerco.codes import Code
from steerco.formats.project_yaml import parse_project_yaml
from steerco.formats.schema import project_schema_json
from steerco.model import Project
from steerco.render.schedule import ROW_FIELDS, write_schedule_json

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "steerco"
PROJECT_FILE = DOCS / "project-file.md"
CLI = DOCS / "cli.md"
SCHEMA = DOCS / "project.schema.json"
CANONICAL = ROOT / "tests" / "cases" / "valid" / "canonical.yaml"

# A diagnostic code is the first argument of one of these calls, possibly on the next line.
_CODE_CALL = re.compile(
    r"\b(?:Diagnostic|PydanticCustomError|error|single)\(\s*\"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\""
)
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every pydantic model class inside a (possibly nested or Annotated) annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _reachable_models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """`root` and every model class reachable through its fields' annotations."""
    seen: list[type[BaseModel]] = []
    stack = [root]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            stack.extend(_models_in(field.annotation))
    return seen


MODELS = _reachable_models(Project)
MODEL_FIELDS = [
    (model.__name__, name, field.alias)
    for model in MODELS
    for name, field in model.model_fields.items()
]


def _literal_codes() -> set[str]:
    """Codes still written as string literals (pydantic's custom errors, mapped error types)."""
    codes: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        codes.update(_CODE_CALL.findall(_text(path)))
    return codes


def _used_members() -> set[str]:
    """The `Code` members the source names (`Code.bad_value`)."""
    used: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        if path.name != "codes.py":
            used.update(re.findall(r"\bCode\.([a-z][a-z0-9_]*)", _text(path)))
    return used


def _source_codes() -> set[str]:
    """Every diagnostic code: the members of the `steerco.codes.Code` enum."""
    return {code.value for code in Code}


def _documented_codes() -> set[str]:
    """The codes in the first column of the table under '### Diagnostic codes'."""
    section = _text(PROJECT_FILE).split("### Diagnostic codes", 1)[1]
    return set(re.findall(r"^\| `([a-z_0-9]+)` \|", section, re.MULTILINE))


def _block_after(text: str, marker: str) -> tuple[str, str]:
    """The language and body of the first fenced block after `marker`."""
    at = text.index(marker)
    match = _FENCE.search(text, at)
    assert match is not None, f"no fenced block after {marker!r}"
    return match.group(1), match.group(2)


def _canonical_data_lines() -> str:
    """canonical.yaml without its comment lines (the expectations) and trailing blanks."""
    lines = [line for line in _text(CANONICAL).splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines).strip() + "\n"


def test_reachable_models_include_every_section() -> None:
    names = {model.__name__ for model in MODELS}
    assert {"Project", "Calendar", "Resource", "Task", "Dependency", "Demand"} <= names
    assert {"Estimate", "Risk", "RiskImpact", "Residual", "DateRange"} <= names


@pytest.mark.parametrize(("model", "name", "alias"), MODEL_FIELDS)
def test_every_model_field_is_documented(model: str, name: str, alias: str | None) -> None:
    text = _text(PROJECT_FILE)
    key = alias or name
    assert f"`{key}`" in text, f"{model}.{name}: `{key}` is not in docs/project-file.md"


def test_diagnostic_codes_are_found_in_the_source() -> None:
    literal = _literal_codes()
    # Guards the regexes: these come from each kind of call they must recognise.
    assert {"bad_duration", "bad_rate", "negative_capacity"} <= literal  # PydanticCustomError
    used = _used_members()
    assert {"unknown_key", "missing_field", "bad_date", "bad_value"} <= used  # mapped
    assert {"dependency_cycle", "duplicate_key", "unknown_file_type"} <= used  # Diagnostic
    assert {"psplib_syntax", "psplib_truncated"} <= used  # _Lines.error


def test_every_code_in_the_source_is_a_member_of_the_enum() -> None:
    stray = _literal_codes() - _source_codes()
    assert not stray, f"codes written as strings but missing from steerco.codes.Code: {stray}"


def test_every_member_of_the_enum_is_emitted_somewhere() -> None:
    unused = _source_codes() - _used_members() - _literal_codes()
    assert not unused, f"steerco.codes.Code members the source never emits: {unused}"


def test_every_diagnostic_code_is_documented() -> None:
    missing = _source_codes() - _documented_codes()
    assert not missing, f"codes missing from the table in docs/project-file.md: {missing}"


def test_documented_codes_exist() -> None:
    stale = _documented_codes() - _source_codes()
    assert not stale, f"docs/project-file.md documents codes the source never emits: {stale}"


def test_canonical_example_parses() -> None:
    language, body = _block_after(_text(PROJECT_FILE), "<!-- canonical -->")
    assert language == "yaml"
    project = parse_project_yaml(body, "docs/project-file.md")
    assert project.name == "Support assistant"


def test_canonical_example_is_verbatim() -> None:
    _, body = _block_after(_text(PROJECT_FILE), "<!-- canonical -->")
    assert body == _canonical_data_lines()


def test_yaml_examples_are_valid_yaml_and_whole_projects_load() -> None:
    for language, body in _FENCE.findall(_text(PROJECT_FILE)):
        if language != "yaml":
            continue
        data = yaml.safe_load(body)
        if isinstance(data, dict) and "name" in data and "tasks" in data:
            parse_project_yaml(body, "docs/project-file.md")


def test_every_row_field_is_documented() -> None:
    text = _text(CLI)
    missing = [name for name in ROW_FIELDS if f"`{name}`" not in text]
    assert not missing, f"task record fields missing from docs/cli.md: {missing}"


def test_every_json_field_is_documented() -> None:
    out = io.StringIO()
    write_schedule_json(steerco.schedule(CANONICAL, method="cpm"), out)
    data = json.loads(out.getvalue())
    text = _text(CLI)
    names = list(data) + [key for row in data["tasks"] for key in row]
    missing = sorted({name for name in names if f"`{name}`" not in text})
    assert not missing, f"JSON fields missing from docs/cli.md: {missing}"


def test_json_example_is_the_real_output() -> None:
    marker = "<!-- schedule-json: tests/cases/valid/canonical.yaml -->"
    language, body = _block_after(_text(CLI), marker)
    assert language == "json"
    out = io.StringIO()
    write_schedule_json(steerco.schedule(CANONICAL, method="cpm"), out)
    assert json.loads(body) == json.loads(out.getvalue())


def test_validate_example_is_the_real_output() -> None:
    result = CliRunner().invoke(app, ["validate", "tests/cases/valid/canonical.yaml"])
    assert result.exit_code == 0
    assert result.stdout.strip() in _text(CLI)


def test_every_command_and_option_is_documented() -> None:
    text = _text(CLI)
    commands = get_command(app).commands
    assert commands
    for name, command in commands.items():
        assert f"steerco {name}" in text, f"command {name} is not in docs/cli.md"
        for param in command.params:
            if param.param_type_name == "option":
                for opt in param.opts:
                    if opt != "--help":
                        assert f"`{opt}`" in text, f"{name} {opt} is not in docs/cli.md"


def test_schema_file_is_up_to_date() -> None:
    assert _text(SCHEMA) == project_schema_json(), (
        "docs/project.schema.json is stale: run `steerco schema --output docs/project.schema.json`"
    )


def test_every_forecast_json_field_is_documented() -> None:
    from steerco.forecast.run import ForecastOptions, forecast
    from steerco.formats.loader import load_project
    from steerco.render.forecast import forecast_object
    from steerco.schedule.network import compile_project

    project = load_project(CANONICAL)
    data = forecast_object(
        forecast(compile_project(project), project, ForecastOptions(iterations=1000))
    )
    section = _text(CLI).split("### The JSON contract of `forecast --format json`", 1)[1]
    names = set(data) | set(data["makespan"]) | set(data["deterministic"]) | set(data["cost"])
    names |= {key for m in data["milestones"].values() for key in m}
    names |= {key for r in data["risks"].values() for key in r}
    missing = sorted(name for name in names if f"`{name}`" not in section)
    assert not missing, f"forecast JSON fields missing from docs/cli.md: {missing}"


def test_every_evm_json_field_is_documented(tmp_path: Path) -> None:
    project = tmp_path / "p.yaml"
    project.write_text(_text(CANONICAL), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["baseline", str(project)]).exit_code == 0
    first = steerco.load_project(project).leaves().__next__().id
    start = str(steerco.load_project(project).start)
    update = ["update", str(project), first, "--percent", "10", "--date", start]
    assert runner.invoke(app, update).exit_code == 0
    result = runner.invoke(app, ["evm", str(project), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    section = _text(CLI).split("### The JSON contract of `evm --format json`", 1)[1]
    names = set(data) | {key for node in data["wbs"].values() for key in node}
    missing = sorted(name for name in names if f"`{name}`" not in section)
    assert not missing, f"evm JSON fields missing from docs/cli.md: {missing}"
