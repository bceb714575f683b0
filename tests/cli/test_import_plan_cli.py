"""`steerco import FILE`: the conversion report, the date check, the files; other commands too.

The plan comes from `fake_foreign` (dates derived by hand there), so these tests check
the command, not a reader; each reader's own tests read real files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cli_runner import steerco
from fake_foreign import install

ROOT = Path(__file__).parents[2]
SCHEMA = ROOT / "docs" / "schemas" / "import-plan.schema.json"
WIDE = {"COLUMNS": "300"}  # long temporary paths on one line


@pytest.fixture
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_help_lists_the_three_uses() -> None:
    result = steerco("import", "--help")
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:")[1].split()
    assert {"file", "jira", "csv"} <= set(commands)
    assert "steerco import FILE" in " ".join(result.stdout.split())


def test_the_table_reports_conversion_dates_and_where_the_yaml_went(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch, pinned=("1",))
    out = tmp_path / "plan.yaml"
    result = steerco("import", tmp_path / "plan.xml", "--out", out, env=WIDE)
    assert result.exit_code == 0, result.output  # mismatches are reported, not failures
    text = result.stdout
    for cell in ("tasks", "FS links", "partial working days", "hyperlinks", "baselines"):
        assert cell in text
    assert "7 carried, 1 approximated, 2 dropped" in text  # 4 tasks, 2 links, 1 baseline
    assert "dates: 2 of 4 tasks match MS Project's dates" in text
    assert "  2 (Build): stored 2027-01-07..2027-01-08, computed 2027-01-08..2027-01-11" in text
    assert "  S (Phase): stored 2027-01-04..2027-01-08, computed 2027-01-04..2027-01-11" in text
    assert "kept their dates: 1" in text
    assert f"written: {out} (baselines: {tmp_path / 'plan.baselines.yaml'})" in text
    assert out.exists()


def test_without_out_nothing_is_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install(monkeypatch)
    result = steerco("import", tmp_path / "plan.xml", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "not written: --out project.yaml writes the project file" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_json_matches_its_schema(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    install(monkeypatch, pinned=("1",))
    out = tmp_path / "plan.yaml"
    result = steerco("import", tmp_path / "plan.xml", "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    validator.validate(data)
    assert data["totals"] == {"carried": 7, "approximated": 1, "dropped": 2}
    assert (data["dates"]["checked"], data["dates"]["matched"]) == (4, 2)
    assert data["dates"]["mismatches"][1] == {
        "id": "2",
        "name": "Build",
        "stored": {"start": "2027-01-07", "finish": "2027-01-08"},
        "computed": {"start": "2027-01-08", "finish": "2027-01-11"},
    }
    assert data["report"][3] == {
        "what": "hyperlinks",
        "outcome": "dropped",
        "count": 2,
        "rule": "steerco has no hyperlinks",
        "examples": ["1", "2"],
    }
    assert (data["pinned"], data["out"]) == (["1"], str(out))
    assert data["baselines"] == str(tmp_path / "plan.baselines.yaml")


def test_an_unknown_project_exits_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install(monkeypatch, project_id="P1", projects=("P1",))
    source = tmp_path / "plan.xml"
    result = steerco("import", source, "--project", "P2")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{source}: unknown_foreign_project: the file holds no project 'P2'; its projects: P1\n"
    )
    assert steerco("import", source, "--project", "P1").exit_code == 0


def test_a_file_of_another_kind_exits_2(tmp_path: Path) -> None:
    result = steerco("import", tmp_path / "plan.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path / 'plan.csv'}: unknown_file_type: cannot read .csv as a plan; "
        "expected .xml, .xer, .gan, .mpp, .mpx\n"
    )


def test_schedule_reads_the_foreign_file_directly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch)
    result = steerco("schedule", tmp_path / "plan.xml", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {t["id"]: (t["start"], t["finish"]) for t in json.loads(result.stdout)["tasks"]}
    assert rows["2"] == ("2027-01-08", "2027-01-11")
    assert rows["3"] == ("2027-01-11", "2027-01-11")


def test_validate_reads_the_foreign_file_directly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch)
    source = tmp_path / "plan.xml"
    result = steerco("validate", source)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{source}: valid: 3 tasks and milestones, 1 summaries, 2 dependencies; "
        "0 errors, 0 warnings\n"
    )


def test_a_file_of_several_projects_is_ambiguous_for_other_commands(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch, format="xer", tool="p6", project_id="A", projects=("A", "B"))
    source = tmp_path / "plan.xer"
    result = steerco("forecast", source)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{source}: unknown_foreign_project: the file holds 2 projects (A, B); write one to a "
        f"project file first: steerco import {source} --project ID --out x.yaml\n"
    )


def test_a_foreign_plan_is_not_edited_in_place(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch)
    source = tmp_path / "plan.xml"
    source.write_text("<Project/>\n", encoding="utf-8")
    result = steerco("update", source, "1", "--percent", "50", "--date", "2027-01-05")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"{source}: unknown_file_type: steerco changes project files (.yaml), not other "
        f"tools' plans: write this one to a project file first (steerco import {source} "
        "--out project.yaml)\n"
    )
    assert source.read_text(encoding="utf-8") == "<Project/>\n"


def test_warnings_on_a_foreign_plan_name_its_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from fake_foreign import data

    progressed = data()
    progressed["progress"] = {"status_date": "2099-01-04"}  # in the future: a warning
    install(monkeypatch, data=progressed)
    source = tmp_path / "plan.xml"
    result = steerco("validate", source)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{source}: warning: status_date_in_future: ")


def test_an_import_without_baselines_says_it_removed_the_old_sidecar(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "plan.yaml"
    sidecar = tmp_path / "plan.baselines.yaml"
    install(monkeypatch)
    assert steerco("import", tmp_path / "plan.xml", "--out", out, env=WIDE).exit_code == 0
    install(monkeypatch, baselines={})
    result = steerco("import", tmp_path / "tiny.xml", "--out", out, env=WIDE)
    assert result.exit_code == 0, result.output
    removed = f"removed {sidecar}, the baselines of the file it replaced: tiny.xml has none"
    assert f"written: {out}; {removed}" in result.stdout
    assert not sidecar.exists()
    variance = steerco("variance", out, "--baseline", "Baseline")
    assert variance.exit_code == 2 and "no_baseline" in variance.stderr


def test_a_new_file_leaves_the_baselines_of_another_file_of_its_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # plan.yml and plan.yaml share plan.baselines.yaml: a new plan.yml replaced nothing
    other = tmp_path / "plan.yaml"
    install(monkeypatch)
    assert steerco("import", tmp_path / "plan.xml", "--out", other, env=WIDE).exit_code == 0
    sidecar = tmp_path / "plan.baselines.yaml"
    kept = sidecar.read_bytes()
    install(monkeypatch, baselines={})
    result = steerco("import", tmp_path / "tiny.xml", "--out", tmp_path / "plan.yml", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "removed" not in result.stdout
    assert sidecar.read_bytes() == kept
