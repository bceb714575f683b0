"""`steerco sprint` and `steerco velocity` on tests/data/agile/sprint-board.yaml.

The board, worked out by hand (two-week sprints, Monday to Friday; Ana 1, Ben 1, Cy 0.5
units; agile focus factor 0.8):
- S1: 9 working days (holiday 01-06), Ben on leave 01-13/14: (9 + 7 + 4.5) x 0.8 = 16.4
  person-days; committed A1 5 + A2 3 + A3 8 = 16, completed 8 (A3 carried over to S2).
- S2: 10 days: (10 + 10 + 5) x 0.8 = 20; completed A3 8 + A4 5 + A5 2 = 15.
- S3: capacity 15 given; completed 5 + 5 + 2 = 12. S4: 20; completed 8 + 5 + 3 = 16 (and a
  bug without points).
- S5 (03-01..03-12), at 2027-03-05: Ben on leave 03-08/09: (10 + 8 + 5) x 0.8 = 18.4;
  committed B1 3 + B2 5 + B3 8 + B4 (none) + B5 2 = 18 points; on 03-03 B6 (3) added and
  B5 (2) removed; done B1 03-02, B4 03-03, B2 03-04, B6 03-05.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cli_runner import steerco
from width_checks import assert_fits, table_at

ROOT = Path(__file__).parents[2]
BOARD = ROOT / "tests" / "data" / "agile" / "sprint-board.yaml"
SCHEMAS = ROOT / "docs" / "schemas"
SPRINT_SCHEMA = json.loads((SCHEMAS / "sprint.schema.json").read_text("utf-8"))
VELOCITY_SCHEMA = json.loads((SCHEMAS / "velocity.schema.json").read_text("utf-8"))


def sprint_json(*args: str | Path) -> dict:
    result = steerco("sprint", BOARD, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.stdout)
    jsonschema.validate(data, SPRINT_SCHEMA)
    return data


def velocity_json(*args: str | Path) -> dict:
    result = steerco("velocity", BOARD, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.stdout)
    jsonschema.validate(data, VELOCITY_SCHEMA)
    return data


def test_the_active_sprint_by_default_commitment_against_capacity() -> None:
    data = sprint_json("--date", "2027-03-05")
    assert (data["sprint"]["id"], data["state"], data["as_of"]) == ("S5", "active", "2027-03-05")
    cap = data["capacity"]
    assert cap["person_days"] == pytest.approx(18.4)
    assert [(m["resource"], m["days"], m["days_off"]) for m in cap["members"]] == [
        ("ana", 10, 0),
        ("ben", 8, 2),
        ("cy", 10, 0),
    ]
    assert data["commitment"] == {
        "items": 5,
        "points": 18,
        "unpointed": 1,
        "person_days": 10,  # B1 1w = 5d, B2 3d, B3 16h = 2d
        "unestimated": 2,
    }
    points = data["points_capacity"]
    # mean velocity of S2..S4 = 43/3 over mean capacity 55/3, times 18.4: 43 x 18.4 / 55
    assert points["points"] == pytest.approx(43 * 18.4 / 55)
    assert (points["basis"], points["sprints"]) == (
        "velocity_scaled_by_capacity",
        ["S2", "S3", "S4"],
    )


def test_burndown_rows_and_totals() -> None:
    data = sprint_json("--date", "2027-03-05")
    rows = [
        (
            d["date"][-2:],
            d["added"]["points"],
            d["removed"]["points"],
            d["scope"]["points"],
            d["done"]["points"],
            d["remaining"]["points"],
            d["remaining"]["items"],
        )
        for d in data["days"]
    ]
    assert rows == [
        ("01", 0, 0, 18, 0, 18, 5),
        ("02", 0, 0, 18, 3, 15, 4),
        ("03", 3, 2, 19, 3, 16, 3),  # B6 in, B5 out; B4 (no points) done
        ("04", 0, 0, 19, 8, 11, 2),
        ("05", 0, 0, 19, 11, 8, 1),
    ]
    assert [d["ideal_points"] for d in data["days"]] == pytest.approx([16.2, 14.4, 12.6, 10.8, 9])
    assert data["completed"] == {"items": 4, "points": 11, "unpointed": 1}
    assert data["remaining"] == {"items": 1, "points": 8, "unpointed": 0}
    assert (data["added"]["points"], data["removed"]["points"]) == (3, 2)


def test_a_planned_and_a_finished_sprint_match_the_schema() -> None:
    planned = sprint_json("--sprint", "S5", "--date", "2027-02-20")
    assert (planned["state"], planned["days"]) == ("planned", [])
    finished = sprint_json("--sprint", "S3", "--date", "2027-03-05")
    assert finished["capacity"]["basis"] == "given"
    assert (finished["capacity"]["person_days"], finished["capacity"]["computed"]) == (15, 20)
    first = sprint_json("--sprint", "S1", "--date", "2027-03-05")
    assert first["points_capacity"] is None
    assert first["capacity"]["working_days"] == 9


def test_velocity_and_the_sprint_report_agree_on_completed_points() -> None:
    vel = velocity_json("--date", "2027-03-05", "--sprints", "4")
    completed = {row["id"]: row["completed_points"] for row in vel["sprints"]}
    assert completed == {"S1": 8, "S2": 15, "S3": 12, "S4": 16}
    for sprint_id, points in completed.items():
        report = sprint_json("--sprint", sprint_id, "--date", "2027-03-05")
        assert report["completed"]["points"] == points
        assert report["commitment"]["points"] == next(
            r["committed_points"] for r in vel["sprints"] if r["id"] == sprint_id
        )


def test_velocity_statistics_over_four_and_three_sprints() -> None:
    four = velocity_json("--date", "2027-03-05", "--sprints", "4")
    # 8, 15, 12, 16: mean 12.75; slope (−1.5·−4.75 − 0.5·2.25 + 0.5·−0.75 + 1.5·3.25) / 5 = 2.1
    assert (four["mean"], four["min"], four["max"]) == (12.75, 8, 16)
    assert (four["slope"], four["trend"]) == (pytest.approx(2.1), "rising")
    three = velocity_json("--date", "2027-03-05")
    assert [r["counted"] for r in three["sprints"]] == [False, True, True, True]
    assert (three["window"], three["slope"], three["trend"]) == (3, 0.5, "flat")


def test_tables() -> None:
    result = steerco("sprint", BOARD, "--date", "2027-03-05", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Sprint 5 (S5), 2027-03-01 to 2027-03-12: active at 2027-03-05" in out
    assert "Commitment against capacity: 10 of 18.4 person-days (54%), 18 of 14.4 points" in out
    assert "removed 2027-03-03" in out and "added 2027-03-03" in out
    result = steerco("velocity", BOARD, "--date", "2027-03-05", env={"COLUMNS": "120"})
    assert "Over the last 3 sprints: mean 14.33 points, range 12 to 16." in result.stdout
    assert "Trend: flat, +0.50 points per sprint" in result.stdout
    early = steerco("velocity", BOARD, "--date", "2027-01-10")
    assert "No sprint has finished by 2027-01-10: no velocity yet." in early.stdout


def test_an_unknown_sprint_names_the_closest() -> None:
    result = steerco("sprint", BOARD, "--sprint", "s5")
    assert result.exit_code == 2
    assert "--sprint" in result.stderr
    assert "no sprint has id 's5'; did you mean 'S5'?" in result.stderr


def test_a_project_without_sprints(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text("name: plain\nstart: 2027-01-04\n", encoding="utf-8")
    for command in ("sprint", "velocity"):
        result = steerco(command, path)
        assert result.exit_code == 2
        assert f"{path}: no_sprints: this project has no sprints; add them under `sprints:`" in (
            result.stderr
        )


def test_a_window_below_one_is_a_usage_error() -> None:
    result = steerco("velocity", BOARD, "--sprints", "0")
    assert result.exit_code == 2
    assert "--sprints" in result.stderr


@pytest.mark.parametrize("command", ["sprint", "velocity"])
def test_tables_fit_80_columns(command: str) -> None:
    text = table_at(command, BOARD, "--date", "2027-03-05", width=80)
    assert_fits(text, 80)


def test_the_date_defaults_to_the_files_status_date(tmp_path: Path) -> None:
    path = tmp_path / "board.yaml"
    text = BOARD.read_text(encoding="utf-8")
    path.write_text(text + "progress:\n  status_date: 2027-02-03\n", encoding="utf-8")
    data = json.loads(steerco("sprint", path, "--format", "json").stdout)
    assert (data["sprint"]["id"], data["state"], data["as_of"]) == ("S3", "active", "2027-02-03")
    one = table_at("velocity", path, "--sprints", "1")
    assert "Over the last sprint: mean 15 points, range 15 to 15." in one
    assert "Trend: needs 3 finished sprints or more." in one
