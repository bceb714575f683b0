"""`steerco export FILE --to csv|xlsx --out PATH`: the file written whole, the summary, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from cli_runner import steerco

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "schemas" / "export.schema.json").read_text("utf-8")
)

# a (3d) -> b (2d) from Mon 2027-01-04: a Jan 4-6, b Jan 7-8.
PLAN = """\
name: Demo
start: 2027-01-04
resources:
  - {id: r, name: Engineer, rate: 100}
tasks:
  - {id: a, name: A, duration: 3d, demands: {r: 1}}
  - {id: b, name: B, duration: 2d, after: [a]}
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _records(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_export_writes_the_file_and_says_what_it_wrote(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = steerco("export", plan, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{out}: csv, ")
    assert "2 tasks, milestones and summaries, 1 link;" in result.stdout
    records = _records(out)
    assert [r[0] for r in records] == ["ID", "a", "b"]
    assert records[2][5:7] == ["2027-01-07", "2027-01-08"]


def test_xlsx_export_from_the_suffix(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = steerco("export", plan, "--out", out)
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames == ["Schedule", "Gantt"]
    assert "note: the Gantt sheet has a column per day" in result.stdout


def test_to_overrides_the_suffix(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.txt"
    assert steerco("export", plan, "--to", "csv", "--out", out).exit_code == 0
    assert _records(out)[0][0] == "ID"


def test_an_existing_file_is_replaced_whole(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    out.write_text("old content\n" * 10_000, encoding="utf-8")
    assert steerco("export", plan, "--out", out).exit_code == 0
    fresh = tmp_path / "fresh.csv"
    assert steerco("export", plan, "--out", fresh).exit_code == 0
    assert out.read_bytes() == fresh.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_invalid_plan_leaves_the_existing_file_alone(plan: Path, tmp_path: Path) -> None:
    plan.write_text(PLAN.replace("after: [a]", "after: [nowhere]"), encoding="utf-8")
    out = tmp_path / "plan.csv"
    out.write_text("keep me\n", encoding="utf-8")
    result = steerco("export", plan, "--out", out)
    assert result.exit_code == 2
    assert "unknown_task" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_an_unknown_to_is_refused_with_exit_2(plan: Path, tmp_path: Path) -> None:
    result = steerco("export", plan, "--to", "pdf", "--out", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "--to" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_output_name_without_a_known_suffix_needs_to(plan: Path, tmp_path: Path) -> None:
    result = steerco("export", plan, "--out", tmp_path / "plan.txt")
    assert result.exit_code == 2
    assert "unknown_file_type" in result.stderr and "--to" in result.stderr
    assert not (tmp_path / "plan.txt").exists()


def test_json_output_matches_its_schema(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = steerco("export", plan, "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert (data["format"], data["tasks"], data["links"]) == ("xlsx", 2, 1)
    assert (data["plan"], data["baseline"]) == ("critical path", None)
    assert data["bytes"] == out.stat().st_size


def test_a_saved_baseline_fills_the_baseline_columns(plan: Path, tmp_path: Path) -> None:
    assert steerco("baseline", plan).exit_code == 0
    # a slips a day after the baseline: b moves from Jan 7-8 to Jan 8-11
    plan.write_text(PLAN.replace("duration: 3d", "duration: 4d"), encoding="utf-8")
    out = tmp_path / "plan.csv"
    result = steerco("export", plan, "--out", out, "--format", "json")
    assert json.loads(result.stdout)["baseline"] == "baseline"
    header, _, b = _records(out)
    row = dict(zip(header, b, strict=True))
    assert (row["Start"], row["Finish"]) == ("2027-01-08", "2027-01-11")
    assert (row["Baseline start"], row["Baseline finish"]) == ("2027-01-07", "2027-01-08")


def test_levelling_is_asked_for_with_method(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = steerco("export", plan, "--out", out, "--method", "heuristic", "-f", "json")
    assert json.loads(result.stdout)["plan"] == "levelled (heuristic)"


def test_a_plan_in_bare_periods_cannot_go_to_ms_project(tmp_path: Path) -> None:
    plan = tmp_path / "periods.yaml"
    plan.write_text(
        "name: Periods\nunit: period\ntasks:\n  - {id: a, duration: 3}\n", encoding="utf-8"
    )
    result = steerco("export", plan, "--out", tmp_path / "plan.xml")
    assert result.exit_code == 2
    assert f"{plan}:2:7: bad_value:" in result.stderr
    assert not (tmp_path / "plan.xml").exists()
