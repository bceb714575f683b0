"""app.history: typed calibration and throughput results are what the commands print."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from steerco.app.history import (
    CountForecast,
    FinishBy,
    WhenForecast,
    calibrate_history,
    forecast_throughput,
)
from steerco.cli.main import app
from steerco.errors import ProjectError
from steerco.render.calibration import calibration_object
from steerco.render.throughput import throughput_object

HISTORY = Path(__file__).parents[2] / "examples" / "history"
runner = CliRunner()


def _printed(*args: str | Path) -> dict[str, object]:
    result = runner.invoke(app, [*map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_calibration_is_what_the_command_prints() -> None:
    report = calibrate_history(path=HISTORY / "estimates.csv")
    assert calibration_object(report) == _printed("calibration", HISTORY / "estimates.csv")
    assert report.records > 0
    assert {row.kind for row in report.estimators} == {"estimator"}
    assert {row.kind for row in report.categories} == {"category"}
    assert "ml-engineer-1" in {row.name for row in report.estimators}
    assert report.default.p10 < report.default.median < report.default.p90


def test_when_is_what_the_command_prints() -> None:
    path = HISTORY / "throughput.csv"
    report = forecast_throughput(path=path, items=40, seed=7)
    assert throughput_object(report) == _printed("throughput", path, "--items", "40", "--seed", "7")
    assert report.period == "day"
    assert report.start == dt.date(2027, 3, 27)
    assert isinstance(report.forecast, WhenForecast)


def test_how_many_is_what_the_command_prints() -> None:
    path = HISTORY / "throughput.csv"
    report = forecast_throughput(path=path, by="2027-04-30")
    assert throughput_object(report) == _printed("throughput", path, "--by", "2027-04-30")
    assert isinstance(report.forecast, CountForecast)
    assert report.forecast.by == dt.date(2027, 4, 30)
    assert report.forecast.periods == 35  # 27 March to 30 April


def test_a_constant_history_gives_exact_typed_answers(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,count\n2027-03-01,2\n2027-03-02,2\n")
    when = forecast_throughput(path=path, items=10).forecast
    assert isinstance(when, WhenForecast)
    assert when.percentiles[85] == FinishBy(periods=5, finish=dt.date(2027, 3, 7))
    count = forecast_throughput(path=path, by=dt.date(2027, 3, 12)).forecast
    assert isinstance(count, CountForecast)
    assert (count.periods, count.percentiles[50]) == (10, 20)


def test_a_history_by_period_takes_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path, "period,count\n1,5\n2,5\n")
    report = forecast_throughput(path=path, items=12, start=10)
    assert (report.period, report.start) == ("period", 10)
    assert isinstance(report.forecast, WhenForecast)
    assert report.forecast.percentiles[50] == FinishBy(periods=3, finish=12)


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({}, "items"),
        ({"items": 3, "by": "2027-04-01"}, "items"),
        ({"items": 0}, "items"),
        ({"by": "soon"}, "by"),
        ({"by": "2027-01-01"}, "by"),
        ({"by": 5}, "by"),
        ({"items": 3, "start": "1"}, "start"),
        # out of the dates a project may hold, or too far ahead to simulate
        ({"items": 3, "start": "9999-12-31"}, "start"),
        ({"items": 3, "status": "9999-12-31"}, "status"),
        ({"by": "9999-12-31"}, "by"),
        ({"by": "2199-12-31"}, "by"),
        ({"items": 100_000_000}, "items"),
        ({"items": 3, "status": "2199-12-31"}, "status"),  # 173 years of zeros to it
        # windows and blocks longer than any history (they overflowed NumPy's integers)
        ({"items": 3, "window": "9223372036854775808"}, "window"),
        ({"items": 3, "window": "2000000000000000000w"}, "window"),
        ({"items": 3, "window": "recent:" + "9" * 5000}, "window"),
        ({"items": 3, "block": "99999999999999999999999"}, "block"),
    ],
)
def test_a_bad_option_names_the_option_and_no_file(options: dict[str, object], option: str) -> None:
    with pytest.raises(ProjectError) as caught:
        forecast_throughput(path=HISTORY / "throughput.csv", **options)  # type: ignore[arg-type]
    [problem] = caught.value.diagnostics
    assert (problem.code, problem.path, problem.file) == ("bad_value", (option,), None)


def test_problems_of_the_history_are_located_at_the_file(tmp_path: Path) -> None:
    zeros = _write(tmp_path, "date,count\n2027-03-01,0\n2027-03-02,0\n")
    with pytest.raises(ProjectError) as caught:
        forecast_throughput(path=zeros, items=5)
    assert (caught.value.code, caught.value.diagnostics[0].file) == ("bad_value", str(zeros))
    bad = _write(tmp_path, "task,estimate,actual\na,-1,2\n", "h.csv")
    with pytest.raises(ProjectError) as caught:
        calibrate_history(path=bad)
    assert (caught.value.code, caught.value.line) == ("bad_duration", 2)


def test_a_negative_seed_is_a_bad_option_not_a_crash() -> None:
    with pytest.raises(ProjectError) as raised:
        forecast_throughput(path=HISTORY / "throughput.csv", items=10, seed=-1)
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.path) == ("bad_value", ("seed",))


def test_a_forecast_reaches_as_far_as_the_limit_and_no_further(tmp_path: Path) -> None:
    # 2 items a day: 73,000 items take 36,500 days, the most a forecast looks ahead.
    path = _write(tmp_path, "date,count\n2027-03-01,2\n2027-03-02,2\n")
    when = forecast_throughput(path=path, items=73_000, iterations=10, level="fixed").forecast
    assert isinstance(when, WhenForecast) and when.percentiles[50].periods == 36_500
    with pytest.raises(ProjectError) as caught:
        forecast_throughput(path=path, items=73_002, iterations=10, level="fixed")
    [problem] = caught.value.diagnostics
    assert problem.path == ("items",) and "36,501 periods" in problem.message


def test_periods_missing_from_the_file_are_counted_up_to_the_status_date() -> None:
    import csv

    path = HISTORY / "throughput.csv"
    status = dt.date(2027, 2, 1)
    listed = {
        dt.date.fromisoformat(row["date"]) for row in csv.DictReader(path.open(encoding="utf-8"))
    }
    first = min(listed)
    days = (status - first).days + 1
    missing = days - sum(1 for d in listed if d <= status)
    report = forecast_throughput(path=path, items=10, status=status.isoformat())
    assert (report.history.periods, report.history.filled) == (days, missing)
    whole = forecast_throughput(path=path, items=10)
    assert whole.history.filled == (max(listed) - first).days + 1 - len(listed)
