"""`steerco backtest estimates|throughput`: JSON against its schema, tables, options."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cli_runner import steerco
from steerco.app.backtest import parse_cuts
from steerco.errors import ProjectError

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "backtest.schema.json").read_text("utf-8"))
ESTIMATES = ROOT / "examples" / "history" / "estimates.csv"
DONE = ROOT / "examples" / "history" / "throughput.csv"


def _json(*args: str | Path) -> dict:
    result = steerco("backtest", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


def test_estimates_backtest_of_the_example_matches_the_schema_and_its_cuts() -> None:
    data = _json("estimates", ESTIMATES, "--iterations", "200")
    assert (data["backtest"], data["target"], data["model"]) == ("estimates", "total", "loglinear")
    assert [c["known"] for c in data["cuts"]] == [20, 28, 36]  # 50%, 70%, 90% of 40 records
    assert data["overall"]["cuts"] == 3


def test_each_cut_scores_the_real_total_against_the_sum_of_the_estimates() -> None:
    import csv

    rows = list(csv.DictReader(ESTIMATES.open(encoding="utf-8")))
    data = _json("estimates", ESTIMATES, "--cut", "75%", "--model", "ratio", "-n", "100")
    (cut,) = data["cuts"]
    rest = rows[30:]
    days = [
        (
            float(r["estimate"].rstrip("h")) / 8
            if r["estimate"].endswith("h")
            else float(r["estimate"])
        )
        for r in rest
    ]
    actual = [
        (float(r["actual"].rstrip("h")) / 8 if r["actual"].endswith("h") else float(r["actual"]))
        for r in rest
    ]
    assert cut["reference"] == pytest.approx(sum(days))
    assert cut["actual"] == pytest.approx(sum(actual))
    assert cut["reference_error"] == pytest.approx(abs(sum(days) - sum(actual)) / sum(actual))
    assert data["model"] == "ratio"


def test_estimates_backtest_per_group(tmp_path: Path) -> None:
    lines = ["task,project,estimate,actual"]
    lines += [f"a{i},alpha,1,2" for i in range(10)] + [f"b{i},beta,2,2" for i in range(10)]
    path = tmp_path / "h.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = _json("estimates", path, "--group", "project", "--cut", "50%", "-n", "100")
    assert [(c["group"], c["actual"], c["reference"]) for c in data["cuts"]] == [
        ("alpha", 10.0, 5.0),
        ("beta", 10.0, 10.0),
    ]


@pytest.mark.parametrize("target", [["--items", "10"], ["--horizon", "7"]])
def test_throughput_backtest_matches_the_schema(target: list[str]) -> None:
    data = _json("throughput", DONE, "--cuts", "4", *target, "-n", "200")
    assert data["backtest"] == "throughput"
    assert data["target"] == ("periods" if target[0] == "--items" else "items")
    assert data["unit"] == "day"
    assert len(data["cuts"]) == 4


def test_the_table_reports_coverage_and_the_curve() -> None:
    result = steerco("backtest", "estimates", str(ESTIMATES), "-n", "100", "--wide")
    assert result.exit_code == 0, result.output
    assert "within P10–P90" in result.stdout
    assert "Calibration curve" in result.stdout
    assert "P95" in result.stdout


def test_the_table_fits_80_columns_and_leaves_columns_out_below() -> None:
    from width_checks import LEFT_OUT, assert_fits, table_at

    text = table_at("backtest", "estimates", ESTIMATES, "-n", "100")
    assert_fits(text, 80)
    narrow = table_at("backtest", "estimates", ESTIMATES, "-n", "100", width=60)
    assert_fits(narrow, 60)
    assert LEFT_OUT in narrow


def test_a_bad_cut_is_a_usage_error_on_its_flag() -> None:
    result = steerco("backtest", "estimates", str(ESTIMATES), "--cut", "120%")
    assert result.exit_code == 2
    assert "--cut" in result.output


def test_cuts_are_shares_in_percent_or_fractions() -> None:
    assert parse_cuts("90%, 0.5,50%") == (0.5, 0.9)
    with pytest.raises(ProjectError) as error:
        parse_cuts("half")
    assert error.value.diagnostics[0].path == ("cut",)


def test_items_and_horizon_exclude_each_other() -> None:
    result = steerco("backtest", "throughput", str(DONE), "--items", "3", "--horizon", "3")
    assert result.exit_code == 2
    assert "--items" in result.output


def test_throughput_backtest_draws_from_the_same_default_window_as_throughput() -> None:
    from steerco.app.history import DEFAULT_WINDOW

    data = _json("throughput", DONE, "--cuts", "2", "--horizon", "7", "-n", "100")
    assert data["window"] == DEFAULT_WINDOW == "recent"
    assert _json("estimates", ESTIMATES, "-n", "50")["window"] is None


def test_a_throughput_backtest_draws_from_the_last_periods_of_its_window() -> None:
    import numpy as np

    from steerco.forecast.backtest import CURVE_LEVELS, LEVELS
    from steerco.forecast.throughput import how_many
    from steerco.formats.history import load_throughput

    # One cut, in the middle of the history: its forecast draws from the 14 days before it
    # (`--window 14d`) in blocks of 7 days (the default of a daily history), with the first
    # draws of seed 0 and the 2,000 runs of the default; the window's level as known.
    counts = load_throughput(DONE).counts
    at = round(counts.size / 2)
    data = _json(
        "throughput", DONE, "--cuts", "1", "--horizon", "7", "--window", "14d", "--level", "fixed"
    )
    assert (data["window"], data["block"]) == ("14d", 7)
    assert data["cuts"][0]["known"] == at
    levels = sorted(set(LEVELS) | set(CURVE_LEVELS))
    rng = np.random.default_rng(0)
    expected = how_many(counts[at - 14 : at], 7, 2000, rng, percentiles=levels, block=7)
    assert data["cuts"][0]["percentiles"] == {f"P{q}": v for q, v in expected.percentiles.items()}


def test_a_bad_block_is_a_usage_error_on_its_flag() -> None:
    result = steerco("backtest", "throughput", str(DONE), "--block", "a week")
    assert result.exit_code == 2
    assert "--block" in result.output


def test_a_bad_window_is_a_usage_error_on_its_flag() -> None:
    result = steerco("backtest", "throughput", str(DONE), "--window", "lately")
    assert result.exit_code == 2
    assert "--window" in result.output


@pytest.mark.parametrize("kind, history", [("estimates", ESTIMATES), ("throughput", DONE)])
def test_a_backtest_shows_its_progress_on_a_terminal_and_nothing_elsewhere(
    kind: str, history: Path
) -> None:
    shown = steerco("backtest", kind, history, "-n", "50", "-f", "json", env={"FORCE_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    assert "backtesting" in shown.stderr
    quiet = steerco("backtest", kind, history, "-n", "50", "-f", "json")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""
    assert quiet.stdout == shown.stdout


def test_backtests_read_histories_as_the_other_commands_do(tmp_path: Path) -> None:
    # an export with other column names, a cp1252 byte, NA and 0 rows, day-first dates
    estimates = tmp_path / "e.csv"
    rows = ["Ticket,Bemerkung,HoursEstimate,HoursActual"]
    rows += [f"t{i},Größe,{1 + i % 3},{2 + i % 2}" for i in range(12)] + ["x,,NA,3", "y,,2,0"]
    estimates.write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    mapped = "estimate=HoursEstimate,actual=HoursActual,task=Ticket"
    data = _json("estimates", estimates, "--columns", mapped, "--cut", "50%", "-n", "100")
    assert data["read"] == {
        "encoding": "cp1252",
        "ignored_columns": ["Bemerkung"],
        "estimate_unit": "time",
        "items_list": False,
        "skipped": {"no_value": 1, "zero": 1, "undone_items": 0},
    }
    assert data["cuts"][0]["known"] == 6  # half of the 12 records read
    done = tmp_path / "d.csv"
    done.write_text(
        "Erledigt\n" + "".join(f"{d:02d}/01/2027\n" for d in range(13, 32)), encoding="utf-8"
    )
    args = ("throughput", done, "--columns", "date=Erledigt", "--dayfirst", "--horizon", "3")
    data = _json(*args, "--cuts", "2", "-n", "100")
    assert (data["read"]["items_list"], data["unit"]) == (True, "day")
    assert [c["actual"] for c in data["cuts"]] == [3.0, 3.0]  # one item a day


def test_a_points_history_is_backtested_against_points_at_the_mean_pace(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "task,estimated_by,estimate,actual\n" + "".join(f"T{i},dev{i},2pt,1\n" for i in range(10)),
        encoding="utf-8",
    )
    data = _json("estimates", path, "--cut", "50%", "--model", "ratio", "-n", "100")
    assert (data["reference"], data["read"]["estimate_unit"]) == ("points_at_mean_pace", "points")
    (cut,) = data["cuts"]
    # 5 tasks of 2 points at 0.5 days a point, each estimator new: 5 days, as it was
    assert (cut["reference"], cut["actual"], cut["percentiles"]["P50"]) == (5.0, 5.0, 5.0)
    table = steerco("backtest", "estimates", path, "--cut", "50%", "-n", "50").stdout
    assert "points at the mean pace" in table and "story points" in table
