"""`steerco calibration` and `steerco throughput`: JSON shapes, tables, dates, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_runner import steerco

EXAMPLES = Path(__file__).parents[2] / "examples" / "history"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _json(*args: str | Path) -> dict:
    result = steerco(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- calibration ------------------------------------------------------------------------------


def test_calibration_json_reports_each_estimator_and_category(tmp_path: Path) -> None:
    history = _write(
        tmp_path,
        "h.csv",
        "task,estimated_by,category,estimate,actual\n"
        "a,mle1,training,2,3\n"  # 1.5
        "b,mle1,training,4,6\n"  # 1.5
        "c,mle1,evaluation,1,2\n"  # 2.0
        "d,,labeling,4,2\n",  # 0.5
    )
    data = _json("calibration", history)
    assert data["records"] == 4
    assert set(data["estimators"]) == {"mle1"}
    mle1 = data["estimators"]["mle1"]
    assert mle1["count"] == 3
    assert mle1["median"] == pytest.approx(1.5)
    assert mle1["mean"] == pytest.approx(5 / 3)
    assert mle1["p10"] == pytest.approx(1.5)
    assert mle1["p90"] == pytest.approx(1.9)  # 1.5 + 0.8 * (2.0 - 1.5), linear
    assert mle1["within_estimate"] == 0.0
    assert set(data["categories"]) == {"evaluation", "labeling", "training"}
    assert data["categories"]["labeling"]["within_estimate"] == 1.0
    assert data["default"]["median"] == pytest.approx(1.2, rel=1e-3)
    assert data["default"]["p10"] == pytest.approx(0.6, rel=0.01)
    assert data["default"]["p90"] == pytest.approx(2.4, rel=0.01)


def test_calibration_table_names_estimators_and_the_default() -> None:
    result = steerco("calibration", str(EXAMPLES / "estimates.csv"))
    assert result.exit_code == 0, result.output
    assert "ml-engineer-1" in result.stdout
    assert "labeling" in result.stdout
    assert "default" in result.stdout


def test_calibration_of_a_bad_file_exits_2_with_located_lines(tmp_path: Path) -> None:
    history = _write(tmp_path, "h.csv", "task,estimate,actual\na,-1,2\nb,2,x\n")
    result = steerco("calibration", str(history))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        f"{history}:2:3: bad_duration: " + lines[0].split(": bad_duration: ")[1],
        f"{history}:3:5: bad_duration: " + lines[1].split(": bad_duration: ")[1],
    ]


def test_calibration_of_a_missing_file(tmp_path: Path) -> None:
    result = steerco("calibration", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'none.yaml'}: file_not_found: ")


# --- throughput -------------------------------------------------------------------------------


def test_when_with_a_constant_daily_history_is_exact(tmp_path: Path) -> None:
    history = _write(tmp_path, "t.csv", "date,count\n2027-03-01,2\n2027-03-02,2\n")
    data = _json("throughput", history, "--items", "10")
    # 2 a day: 10 items take 5 days, from the day after the last one: 3 to 7 March
    assert data["forecast"] == "when"
    assert (data["period"], data["start"], data["items"]) == ("day", "2027-03-03", 10)
    assert data["percentiles"] == {
        f"P{q}": {"periods": 5, "finish": "2027-03-07"} for q in (50, 70, 85, 95)
    }
    assert data["mean_periods"] == 5.0
    assert data["unfinished"] == 0
    assert data["history"] == {
        "periods": 2,
        "first": "2027-03-01",
        "last": "2027-03-02",
        "mean": 2.0,
        "zeros": 0,
        "filled": 0,
        "status_zeros": 0,
        "after_status": 0,
        "items_list": False,
        "skipped": 0,
        "ignored_columns": [],
        "encoding": "utf-8",
    }
    assert data["status"] == "2027-03-02"
    assert data["trend"] is None  # two days: too short to compare


def test_when_with_a_weekly_history_and_a_start(tmp_path: Path) -> None:
    history = _write(
        tmp_path, "t.yaml", "- {date: 2027-01-08, count: 3}\n- {date: 2027-01-15, count: 3}\n"
    )
    data = _json("throughput", history, "--items", "7")
    # 3 a week: 7 items take 3 weeks; the weeks after the last one end 22 Jan, 29 Jan, 5 Feb
    assert data["period"] == "week"
    assert data["percentiles"]["P85"] == {"periods": 3, "finish": "2027-02-05"}
    data = _json("throughput", history, "--items", "7", "--start", "2027-03-05")
    assert data["percentiles"]["P85"] == {"periods": 3, "finish": "2027-03-19"}


def test_how_many_by_a_date_counts_the_periods_up_to_it(tmp_path: Path) -> None:
    history = _write(tmp_path, "t.csv", "date,count\n2027-03-01,3\n2027-03-02,3\n")
    data = _json("throughput", history, "--by", "2027-03-12")
    # 3 to 12 March: 10 days of 3
    assert data["forecast"] == "how_many"
    assert (data["by"], data["periods"]) == ("2027-03-12", 10)
    assert data["percentiles"] == {"P50": 30, "P70": 30, "P85": 30, "P95": 30}
    assert data["mean_items"] == 30.0
    weekly = _write(tmp_path, "w.csv", "date,count\n2027-01-08,4\n2027-01-15,4\n")
    # weeks ending 22 Jan and 29 Jan end by 1 Feb; the one ending 5 Feb does not
    assert _json("throughput", weekly, "--by", "2027-02-01")["percentiles"]["P50"] == 8


def test_hand_computed_resampling_through_the_command(tmp_path: Path) -> None:
    history = _write(tmp_path, "t.csv", "date,count\n2027-03-01,0\n2027-03-02,2\n")
    data = _json(
        "throughput", history, "--by", "2027-03-04", "--iterations", "100000", "--window", "all",
        "--block", "1",
    )  # fmt: skip
    # two days of 0 or 2, each drawn on its own: P(>= 2) = 3/4, P(>= 4) = 1/4
    assert data["percentiles"] == {"P50": 2, "P70": 2, "P85": 0, "P95": 0}


def test_numbered_periods(tmp_path: Path) -> None:
    history = _write(tmp_path, "t.csv", "period,count\n1,5\n2,5\n")
    data = _json("throughput", history, "--items", "12")
    assert (data["period"], data["start"]) == ("period", 3)
    assert data["percentiles"]["P50"] == {"periods": 3, "finish": 5}
    assert _json("throughput", history, "--by", "4")["percentiles"]["P95"] == 10


def test_same_seed_same_output() -> None:
    args = ["throughput", str(EXAMPLES / "throughput.csv"), "--items", "40", "--seed", "7"]
    first, again = (steerco(*args, "-f", "json") for _ in range(2))
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout
    assert json.loads(first.stdout)["seed"] == 7


def test_throughput_table() -> None:
    result = steerco("throughput", str(EXAMPLES / "throughput.csv"), "--items", "40")
    assert result.exit_code == 0, result.output
    assert "P85" in result.stdout
    assert re.search(r"\d{4}-\d\d-\d\d", result.stdout)
    result = steerco("throughput", str(EXAMPLES / "throughput.csv"), "--by", "2027-04-30")
    assert result.exit_code == 0, result.output
    assert "Items" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--items", "3", "--by", "2027-04-01"],
        ["--by", "soon"],
        ["--by", "2027-01-01"],
        ["--items", "3", "--start", "1"],
        ["--items", "0"],
    ],
    ids=["neither", "both", "bad-date", "before-start", "bad-start", "zero-items"],
)
def test_bad_command_lines_exit_2(args: list[str]) -> None:
    result = steerco("throughput", str(EXAMPLES / "throughput.csv"), *args)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_all_zero_history_is_a_located_error(tmp_path: Path) -> None:
    history = _write(tmp_path, "t.csv", "date,count\n2027-03-01,0\n2027-03-02,0\n")
    result = steerco("throughput", str(history), "--items", "5")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{history}: bad_value: every period")


def test_bad_throughput_file_exits_2(tmp_path: Path) -> None:
    history = _write(tmp_path, "t.csv", "date,count\n2027-03-01,1\n2027-03-02,-4\n")
    result = steerco("throughput", str(history), "--items", "5")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{history}:3:12: bad_value: ")
