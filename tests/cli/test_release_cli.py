"""`steerco release`: the forecast of a board whose velocity and throughput are constant."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from cli_runner import steerco

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "schemas" / "release.schema.json").read_text("utf-8")
)

# Three 14-day sprints, each completing two 4-point items (8 points; done a week apart, so
# one item per week from Wednesday 2027-01-06), then five 4-point items left, ranked 1..5.
BOARD = """\
name: Steady board
start: 2027-01-04
methodology: scrum
deadline: 2027-03-14
progress: {status_date: 2027-02-15}
sprints:
  - {id: S1, start: 2027-01-04, end: 2027-01-17}
  - {id: S2, start: 2027-01-18, end: 2027-01-31}
  - {id: S3, start: 2027-02-01, end: 2027-02-14}
backlog:
  - {id: D1, points: 4, status: Done, sprints: [S1], done: 2027-01-06}
  - {id: D2, points: 4, status: Done, sprints: [S1], done: 2027-01-13}
  - {id: D3, points: 4, status: Done, sprints: [S2], done: 2027-01-20}
  - {id: D4, points: 4, status: Done, sprints: [S2], done: 2027-01-27}
  - {id: D5, points: 4, status: Done, sprints: [S3], done: 2027-02-03}
  - {id: D6, points: 4, status: Done, sprints: [S3], done: 2027-02-10}
  - {id: T1, points: 4, rank: 1}
  - {id: T2, points: 4, rank: 2}
  - {id: T3, points: 4, rank: 3}
  - {id: T4, points: 4, rank: 4}
  - {id: T5, points: 4, rank: 5}
"""


@pytest.fixture
def board(tmp_path: Path) -> Path:
    path = tmp_path / "board.yaml"
    path.write_text(BOARD, encoding="utf-8")
    return path


def forecast(*args: str | Path, code: int = 0) -> dict[str, object]:
    result = steerco("release", *args, "--format", "json", "--iterations", "500")
    assert result.exit_code == code, result.output
    data: dict[str, object] = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


def cells(data: dict[str, object]) -> dict[str, tuple[object, object]]:
    found = data["forecast"]
    assert isinstance(found, dict)
    return {q: (c["periods"], c["end"]) for q, c in found["percentiles"].items()}


def test_velocity_forecast_of_a_steady_board(board: Path) -> None:
    data = forecast(board)
    assert (data["basis"], data["unit"], data["as_of"]) == ("velocity", "points", "2027-02-15")
    assert [h["value"] for h in data["history"]] == [8.0, 8.0, 8.0]  # type: ignore[attr-defined,index]
    # 20 points at 8 per sprint: ceil(20 / 8) = 3 sprints after S3, the third ends 03-28
    assert cells(data) == {q: (3, "2027-03-28") for q in ("P50", "P85", "P95")}
    assert data["deadline_chance"] == 0.0  # two sprints end by 03-14: 16 points only
    burnup = [(p["label"], p["done"], p["scope"]) for p in data["burnup"]]  # type: ignore[attr-defined]
    assert burnup == [("S1", 8.0, 44.0), ("S2", 16.0, 44.0), ("S3", 24.0, 44.0)]


def test_cut_line_takes_the_items_ranked_at_or_above_it(board: Path) -> None:
    data = forecast(board, "--cutline", "T2")
    scope = data["scope"]
    assert isinstance(scope, dict)
    assert (scope["remaining_items"], scope["remaining"], scope["left_out"]) == (2, 8.0, 3)
    assert cells(data) == {q: (1, "2027-02-28") for q in ("P50", "P85", "P95")}
    assert data["deadline_chance"] == 1.0


def test_the_files_cut_line_is_the_default(board: Path) -> None:
    board.write_text(BOARD + "agile: {cutline: T3}\n", encoding="utf-8")
    assert cells(forecast(board))["P50"] == (2, "2027-03-14")  # 12 points: 2 sprints


def test_throughput_forecast_counts_whole_weeks(board: Path) -> None:
    # weeks from 01-06: five whole weeks before 02-15, one item each; 5 items: 5 weeks
    data = forecast(board, "--basis", "throughput")
    assert [h["value"] for h in data["history"]] == [1.0] * 5  # type: ignore[attr-defined,index]
    assert cells(data) == {q: (5, "2027-03-21") for q in ("P50", "P85", "P95")}


def test_unknown_cut_line_says_what_was_meant(board: Path) -> None:
    result = steerco("release", board, "--cutline", "T22")
    assert result.exit_code == 2
    assert "--cutline" in result.stderr and "did you mean 'T2'" in result.stderr


def test_no_finished_sprint_exits_3_with_the_reason(board: Path) -> None:
    data = forecast(board, "--date", "2027-01-10", code=3)
    assert data["forecast"] is None
    assert "no finished sprint" in str(data["reason"])
    table = steerco("release", board, "--date", "2027-01-10")
    assert table.exit_code == 3 and "no finished sprint" in table.stdout


def test_everything_done_is_done_now(board: Path) -> None:
    board.write_text(BOARD.split("  - {id: T1")[0], encoding="utf-8")
    data = forecast(board)
    assert cells(data) == {q: (0, None) for q in ("P50", "P85", "P95")}
    assert data["deadline_chance"] == 1.0


def test_table_names_the_sprint_and_its_end(board: Path) -> None:
    result = steerco("release", board, "--iterations", "500")
    assert result.exit_code == 0, result.output
    assert "sprint 3" in result.stdout and "2027-03-28" in result.stdout
    assert "Release burnup" in result.stdout
    assert "deadline 2027-03-14: 0%" in result.stdout


def test_bad_option_values_are_usage_errors(board: Path) -> None:
    result = steerco("release", board, "--basis", "luck")
    assert result.exit_code == 2
    result = steerco("release", board, "--iterations", "0")
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("change", "basis"),
    [
        (("methodology: scrum", "methodology: kanban"), "throughput"),
        (("methodology: scrum", "methodology: hybrid"), "throughput"),
        (("progress:", "agile: {forecast: throughput}\nprogress:"), "throughput"),
        (("methodology: scrum", "methodology: kanban\nagile: {forecast: velocity}"), "velocity"),
    ],
)
def test_basis_comes_from_the_settings_then_the_methodology(
    board: Path, change: tuple[str, str], basis: str
) -> None:
    board.write_text(BOARD.replace(*change), encoding="utf-8")
    assert forecast(board)["basis"] == basis
    other = "velocity" if basis == "throughput" else "throughput"
    assert forecast(board, "--basis", other)["basis"] == other


def test_a_sprint_under_way_is_the_first_forecast_sprint(board: Path) -> None:
    # as of 2027-02-09, inside S3: S1 and S2 are history, S3 (D5 done, D6 not yet) is the
    # first forecast sprint: 24 points remain (D6 and T1..T5) at 8 per sprint: S3 + 2 more
    data = forecast(board, "--date", "2027-02-09")
    assert [h["label"] for h in data["history"]] == ["S1", "S2"]  # type: ignore[attr-defined,index]
    assert cells(data)["P50"] == (3, "2027-03-14")
    first = data["forecast"]["percentiles"]["P50"]  # type: ignore[index]
    assert first["sprint"] is None
    notes = " ".join(data["notes"])  # type: ignore[arg-type]
    assert "'S3' is under way" in notes


def test_level_past_on_a_short_history_is_fixed_and_says_so(board: Path) -> None:
    past = forecast(board, "--basis", "throughput")
    fixed = forecast(board, "--basis", "throughput", "--level", "fixed")
    assert cells(past) == cells(fixed)
    level = past["level"]
    assert isinstance(level, dict)
    # 5 weeks of history: no moment with 5 weeks before it; every run needs exactly 5 weeks
    assert level["noise_variance"] == pytest.approx(0.0, abs=1e-12)
    assert {k: v for k, v in level.items() if k != "noise_variance"} == {
        "mode": "past",
        "applied": False,
        "moments": 0,
        "windows": 0.0,
        "total_variance": 0.0,
        "sd": 0.0,
    }
    assert fixed["level"] == {"mode": "fixed", "applied": False}
    assert any("too short" in note for note in past["notes"])  # type: ignore[attr-defined]
    assert "the runs take the history's level as known (--level fixed)" in fixed["notes"]  # type: ignore[operator]
    assert not any("too short" in note for note in fixed["notes"])  # type: ignore[attr-defined]


# 48 weeks from Monday 2027-01-04: six at 1 item a week, six at 4, four times over; 20 left
MOVED = [1] * 6 + [4] * 6
TUESDAY = dt.date(2027, 1, 5)
LONG_BOARD = (
    "name: Bursty board\nstart: 2027-01-04\nmethodology: kanban\nbacklog:\n"
    + "".join(
        f"  - {{id: w{w}-{k}, started: 2027-01-04, done: {TUESDAY + dt.timedelta(7 * w)}}}\n"
        for w, count in enumerate(MOVED * 4)
        for k in range(count)
    )
    + "".join(f"  - {{id: t{k}, rank: {k}}}\n" for k in range(20))
)


def test_level_past_on_a_long_history_widens_the_band_and_reports_its_sd(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(LONG_BOARD, encoding="utf-8")
    as_of = ("--date", "2027-12-06")  # the Monday after the 48th week
    past = forecast(path, *as_of)
    fixed = forecast(path, *as_of, "--level", "fixed")
    assert len(past["history"]) == 48  # type: ignore[arg-type]
    level = past["level"]
    assert isinstance(level, dict) and level["applied"] and level["sd"] > 0
    assert level["windows"] >= 1 and level["moments"] >= 2
    periods = {name: cells(data)["P95"][0] for name, data in (("past", past), ("fixed", fixed))}
    assert periods["past"] > periods["fixed"]  # type: ignore[operator]
    assert abs(cells(past)["P50"][0] - cells(fixed)["P50"][0]) <= 1  # type: ignore[operator]
    table = steerco("release", path, *as_of, "--iterations", "500")
    assert table.exit_code == 0, table.output
    assert f"SD {level['sd']:.2f} (log)" in table.stdout
    assert f"about {level['windows']:.0f} independent spans" in table.stdout


def test_a_bad_level_is_the_same_usage_error_as_throughputs(board: Path, tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("period,items\n1,2\n2,3\n3,1\n", encoding="utf-8")
    ours = steerco("release", board, "--level", "sometimes")
    theirs = steerco("throughput", history, "--items", "5", "--level", "sometimes")
    assert ours.exit_code == theirs.exit_code == 2
    error = [line for line in ours.stderr.splitlines() if line.startswith("Error:")]
    assert error == [line for line in theirs.stderr.splitlines() if line.startswith("Error:")]
    assert "--level" in error[0] and "'sometimes'" in error[0]
