"""`steerco flow`: tables, JSON against its schema, the window's options and clear refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cli_runner import steerco
from steerco.app.flow import flow_report
from steerco.errors import ProjectError
from width_checks import LEFT_OUT, assert_fits, table_at

ROOT = Path(__file__).parents[2]
BOARD = ROOT / "tests" / "data" / "agile" / "reopened_board.yaml"
SCHEMA = ROOT / "docs" / "schemas" / "flow.schema.json"
WIDE = {"COLUMNS": "200"}


def _json(*args: str | Path) -> dict[str, Any]:
    result = steerco("flow", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize(
    "args", [[], ["--weeks", "1"], ["--date", "2027-03-04", "--from", "2027-03-01"]]
)
def test_flow_json_matches_the_schema(
    args: list[str], validator: jsonschema.Draft202012Validator
) -> None:
    validator.validate(_json(BOARD, *args))


def test_flow_json_of_the_reopened_board(validator: jsonschema.Draft202012Validator) -> None:
    # as of the file's status date 03-07, one week: 03-01 .. 03-07 (hand count in the file)
    data = _json(BOARD, "--weeks", "1")
    assert (data["start"], data["as_of"], data["items"]) == ("2027-03-01", "2027-03-07", 4)
    assert [row["counts"] for row in data["cfd"]][2] == {"To Do": 1, "Doing": 2, "Done": 0}
    doing = data["wip"][1]
    assert doing == {
        "status": "Doing",
        "category": "in_progress",
        "count": 1,
        "limit": 1,
        "over": False,
        "days_over": ["2027-03-03", "2027-03-04", "2027-03-05"],
    }
    # cycle times 2 (C) and 5 (A): P50 = element ceil(1) - 1 = 0 -> 2; P85, P95 -> 5
    assert data["cycle_time"]["percentiles"] == [
        {"percentile": 50, "days": 2},
        {"percentile": 85, "days": 5},
        {"percentile": 95, "days": 5},
    ]
    assert data["cycle_time"]["mean"] == 3.5
    assert data["throughput"]["total"] == 2
    assert data["throughput"]["per_week"] == [
        {"start": "2027-03-01", "end": "2027-03-07", "count": 2}
    ]
    # B, in Doing since 03-03: age 7 - 3 + 1 = 5 days, above P50 (2), not above P85 (5)
    assert data["aging"] == [
        {"id": "B", "status": "Doing", "started": "2027-03-03", "age": 5, "beyond": 50}
    ]
    assert data["flow_efficiency"]["value"] is None


def test_flow_tables_highlight_a_wip_violation() -> None:
    # on 03-04 A is Done (before it reopens), B and C are in Doing: 2 > its limit 1
    result = steerco("flow", BOARD, "--date", "2027-03-04", "--weeks", "1", env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for title in ("Cycle time", "Throughput per week", "Work in progress on 2027-03-04"):
        assert title in out
    assert "Aging work in progress" in out and "Cumulative flow" in out
    assert "Doing (over)" in out
    # A is done for good on 03-06 and C on 03-05: nothing done by 03-04
    assert "Cycle time: unknown (no item was done from 2027-02-26 through 2027-03-04)" in out
    assert "Against cycle time" not in out
    assert "Flow efficiency: unknown" in out


def test_a_long_window_shows_the_cfd_week_by_week() -> None:
    result = steerco("flow", BOARD, env=WIDE)  # 12 weeks: 84 days -> 12 rows
    assert result.exit_code == 0, result.output
    assert "week by week" in result.stdout
    assert "Done that week" in result.stdout


def test_flow_writes_to_output(tmp_path: Path) -> None:
    target = tmp_path / "flow.json"
    result = steerco("flow", BOARD, "-f", "json", "--output", target)
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["as_of"] == "2027-03-07"


def test_from_and_weeks_together_are_refused() -> None:
    result = steerco("flow", BOARD, "--from", "2027-03-01", "--weeks", "2")
    assert result.exit_code == 2
    assert "bad_value" in result.stderr and "not both" in result.stderr


def test_a_window_starting_after_the_as_of_date_is_refused() -> None:
    with pytest.raises(ProjectError) as caught:
        flow_report(path=BOARD, start=dt.date(2027, 3, 8))
    assert caught.value.diagnostics[0].code == "bad_value"


def test_an_empty_backlog_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("name: Empty\nstart: 2027-03-01\nbacklog:\n  - {id: E, type: epic}\n")
    result = steerco("flow", path)
    assert result.exit_code == 2
    assert str(path) in result.stderr
    assert "missing_field" in result.stderr and "no work items" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--weeks", "522"],  # more than MAX_WEEKS
        ["--weeks", "0"],
        ["--date", "0001-01-05"],  # 12 weeks before it is before year 1
        ["--from", "2000-01-01"],  # more than 521 weeks of days before 2027-03-07
    ],
)
def test_a_window_too_long_or_out_of_the_calendar_is_refused(args: list[str]) -> None:
    result = steerco("flow", BOARD, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_many_long_status_names_fit_80_columns_leaving_columns_out() -> None:
    board = ROOT / "tests" / "data" / "agile" / "long_statuses.yaml"
    text = table_at("flow", board, "--weeks", "2", width=80)
    assert_fits(text, 80)
    assert "│ 2027-03-07 │" in text  # dates whole
    assert LEFT_OUT in text and "Selected for development" in text.split(LEFT_OUT)[-1]
    wide = table_at("flow", board, "--weeks", "2", "--wide", width=80)
    assert LEFT_OUT not in wide and "Done that day" in wide
