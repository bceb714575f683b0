"""Warnings read as warnings: severity in the line and the JSON, validate's summary line,
skills a project declares, and bundled examples that warn about nothing (issue 14, point 7)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.project import validate_project_file
from steerco.codes import Code
from steerco.errors import Diagnostic, Severity, warning
from steerco.formats.loader import load_project

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _write(tmp_path: Path, text: str) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def test_a_warning_says_so_after_its_location_and_an_error_does_not() -> None:
    error = Diagnostic(Code.bad_value, "no", ("x",), "p.yaml", 3, 7)
    assert error.severity is Severity.error
    assert error.format() == "p.yaml:3:7: bad_value: no"
    warned = warning(Code.unknown_skill, "who?", ("x",))
    assert warned.severity is Severity.warning
    assert warned.format() == "warning: unknown_skill: who?"
    located = warned.located("p.yaml", 4, 2)
    assert located.severity is Severity.warning  # locating keeps the severity
    assert located.format() == "p.yaml:4:2: warning: unknown_skill: who?"
    assert warned.located("p.yaml", None, None).format() == "p.yaml: warning: unknown_skill: who?"


# Ann knows `hmi` (unknown, line 4 col 35); `a` finished on Saturday 2025-01-11 (line 11).
# The dates lie in the past, so the status date is no warning of its own.
TWO_WARNINGS = """\
name: x
start: 2025-01-06
resources:
  - {id: ann, skills: {python: 3, hmi: 2}}
tasks:
  - {id: a, duration: 5}
  - {id: b, duration: 2, after: [a]}
progress:
  status_date: 2025-01-13
  tasks:
    a: {actual_start: 2025-01-06, actual_finish: 2025-01-11}
"""


def test_validate_counts_the_warnings_in_its_summary_line(tmp_path: Path) -> None:
    plan = _write(tmp_path, TWO_WARNINGS)
    result = steerco("validate", plan)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{plan}: valid: 2 tasks and milestones, 0 summaries, 1 dependencies; "
        "0 errors, 2 warnings\n"
    )
    lines = result.stderr.splitlines()
    assert [": ".join(line.split(": ")[:3]) for line in lines] == [
        f"{plan}:4:35: warning: unknown_skill",
        f"{plan}:11:50: warning: actual_on_non_working_day",
    ]


def test_one_warning_is_singular(tmp_path: Path) -> None:
    plan = _write(tmp_path, TWO_WARNINGS.replace("hmi", "sql"))
    result = steerco("validate", plan)
    assert result.exit_code == 0
    assert result.stdout.endswith("; 0 errors, 1 warning\n")
    assert result.stderr.startswith(f"{plan}:11:50: warning: actual_on_non_working_day: ")


def test_an_invalid_file_ends_with_the_counts_on_stderr(tmp_path: Path) -> None:
    plan = _write(
        tmp_path, "name: x\nstart: 2027-01-04\ntasks:\n  - {id: a, duration: 8x, colour: red}\n"
    )
    result = steerco("validate", plan)
    assert result.exit_code == 2
    assert result.stdout == ""
    *errors, summary = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in errors] == ["bad_duration", "unknown_key"]
    assert summary == f"{plan}: 2 errors, 0 warnings"
    one = _write(tmp_path, "name: x\nstart: 2027-01-04\ntasks:\n  - {id: a, duration: 8x}\n")
    assert steerco("validate", one).stderr.splitlines()[-1] == f"{plan}: 1 error, 0 warnings"


def test_team_json_carries_the_warning_lines(tmp_path: Path) -> None:
    plan = _write(tmp_path, TWO_WARNINGS)
    result = steerco("team", plan, "--method", "cpm", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["warnings"] == result.stderr.splitlines()
    [line] = data["warnings"]
    assert line.startswith(f"{plan}:4:35: warning: unknown_skill: skill 'hmi' ")


def test_a_status_date_after_today_warns_as_a_warning(tmp_path: Path) -> None:
    plan = _write(tmp_path, "name: x\nstart: 2090-01-02\ntasks:\n  - {id: a, duration: 10}\n")
    result = steerco("update", plan, "a", "--percent", "10", "--date", "2090-01-04")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{plan}: warning: status_date_in_future: ")


DECLARED = """\
name: x
start: 2027-01-04
skills:
  - plc
  - {id: edge-optimization, name: Edge optimisation, aliases: [edge-opt]}
resources:
  - {id: ann, skills: {plc: 4, Edge Optimisation: 3}}
  - {id: bob, skills: {edge_opt: 2, python: 3}}
tasks:
  - {id: a, duration: 5, demands: [{skill: PLC, min_level: 3}]}
  - {id: b, duration: 2, after: [a], demands: [{skill: edge-opt}]}
"""


def test_declared_skills_are_known_to_validate_and_team(tmp_path: Path) -> None:
    plan = _write(tmp_path, DECLARED)
    result = steerco("validate", plan)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.endswith("; 0 errors, 0 warnings\n")
    team = steerco("team", plan, "--method", "cpm", "-f", "json")
    assert team.exit_code == 0, team.output
    data = json.loads(team.stdout)
    assert data["warnings"] == []
    skills = {s["id"]: s for s in data["skills"]}
    assert skills["edge-optimization"] == {
        "id": "edge-optimization",
        "name": "Edge optimisation",
        "category": "project",
        "known": True,
    }
    assert skills["plc"]["name"] == "plc"  # no name: the id
    # Ann (plc 4, edge-optimization 3) and Bob (edge-optimization 2) by the declared names
    assert data["matrix"]["ann"] == {"plc": 4, "edge-optimization": 3}
    assert data["matrix"]["bob"] == {"edge-optimization": 2, "python": 3}
    plc = next(c for c in data["coverage"] if c["skill"] == "plc")
    assert (plc["qualified"], plc["covered"]) == (["ann"], True)


@pytest.mark.parametrize(
    ("declaration", "where", "code"),
    [
        ("[plc, PLC Control]", "3:15", "bad_value"),  # not an id: 'plc-control'
        ("[{id: plc, level: 3}]", "3:20", "unknown_key"),  # levels belong to people
        ("[{name: PLC}]", "3:10", "missing_field"),
        ("[plc, {id: torch, aliases: [PyTorch]}]", "3:15", "duplicate_id"),  # steerco's
        ("[plc, {id: plc-2, name: PLC}]", "3:15", "duplicate_id"),  # declared before
    ],
)
def test_a_bad_declared_skill_is_a_located_error(
    tmp_path: Path, declaration: str, where: str, code: str
) -> None:
    plan = _write(
        tmp_path,
        f"name: x\nstart: 2027-01-04\nskills: {declaration}\ntasks:\n  - {{id: a, duration: 1}}\n",
    )
    result = steerco("validate", plan)
    assert result.exit_code == 2
    first, summary = result.stderr.splitlines()
    assert first.startswith(f"{plan}:{where}: {code}: "), first
    assert summary == f"{plan}: 1 error, 0 warnings"


def test_a_bad_id_message_says_what_to_write(tmp_path: Path) -> None:
    plan = _write(tmp_path, "name: x\nstart: 2027-01-04\nskills: [PLC Control]\n")
    assert "e.g. 'plc-control'" in steerco("validate", plan).stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_bundled_example_validates_without_a_warning(example: Path) -> None:
    result = steerco("validate", example)
    assert result.exit_code == 0, result.output
    # The examples are set in 2027: one that records progress has a status date that may
    # be after the day the tests run (`status_date_in_future`), and none after its year.
    assert validate_project_file(path=example, today=dt.date(2027, 12, 31)).warnings == ()
    if load_project(example).progress.status_date is None:
        assert result.stderr == ""
        assert result.stdout.endswith("; 0 errors, 0 warnings\n")
