"""Throughput that follows the team: sampling windows, the status date, the trend warning."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pytest
from typer.testing import CliRunner

from steerco.app.history import DEFAULT_WINDOW, CountForecast, WhenForecast, forecast_throughput
from steerco.cli.history_commands import throughput
from steerco.cli.main import app
from steerco.errors import ProjectError

runner = CliRunner()
DAY = dt.timedelta(days=1)


def _daily(tmp_path: Path, counts: list[int], first: dt.date = dt.date(2027, 1, 4)) -> Path:
    path = tmp_path / "t.csv"
    rows = [f"{first + i * DAY},{count}" for i, count in enumerate(counts)]
    path.write_text("date,count\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_last_weeks_window_draws_only_from_them(tmp_path: Path) -> None:
    # a week of 1 a day, then a week of 3 a day; the window's level taken as known
    path = _daily(tmp_path, [1] * 7 + [3] * 7)
    last = forecast_throughput(path=path, items=9, window="1w", level="fixed")
    assert isinstance(last.forecast, WhenForecast)
    # only the 3s: 9 items take exactly 3 days, in every run
    assert {cell.periods for cell in last.forecast.percentiles.values()} == {3}
    assert (last.window.kind, last.window.periods) == ("last", 7)
    # the same in days, and a window longer than the history is all of it
    assert forecast_throughput(path=path, items=9, window="7d").window.periods == 7
    assert forecast_throughput(path=path, items=9, window="52w").window.periods == 14
    everything = forecast_throughput(path=path, items=9, window="all")
    assert isinstance(everything.forecast, WhenForecast)
    assert everything.forecast.percentiles[95].periods not in (None, 3)  # 1s drawn too


def test_recent_weights_recent_weeks_more(tmp_path: Path) -> None:
    # 8 weeks of 0 a day, then one week of 1 a day; half-life 1 week; days drawn on their own
    path = _daily(tmp_path, [0] * 56 + [1] * 7)
    report = forecast_throughput(
        path=path, by="2027-03-14", window="recent:1w", block="1", iterations=20000
    )
    assert report.window.half_life == 7.0
    assert isinstance(report.forecast, CountForecast)
    # P(a day draws 1) = weight of the last week: (sum_{j<7} 2^(-j/7)) / (sum_{j<63} 2^(-j/7))
    p = sum(2 ** (-j / 7) for j in range(7)) / sum(2 ** (-j / 7) for j in range(63))
    assert p == pytest.approx(0.5 / (1 - 2**-9))
    assert report.forecast.mean_items / report.forecast.periods == pytest.approx(p, rel=0.02)
    plain = forecast_throughput(path=path, by="2027-03-14", window="all", block="1")
    assert isinstance(plain.forecast, CountForecast)
    assert plain.forecast.mean_items / plain.forecast.periods == pytest.approx(7 / 63, rel=0.05)


def test_the_default_window_is_recent_with_a_four_week_half_life(tmp_path: Path) -> None:
    report = forecast_throughput(path=_daily(tmp_path, [1, 2] * 20), items=5)
    assert DEFAULT_WINDOW == "recent"
    # the command line's default is the same (spelled there to keep its start-up light)
    assert inspect.signature(throughput).parameters["window"].default == DEFAULT_WINDOW
    assert (report.window.kind, report.window.half_life) == ("recent", 28.0)
    weekly = tmp_path / "w.csv"
    weekly.write_text("date,count\n2027-01-08,3\n2027-01-15,4\n", encoding="utf-8")
    assert forecast_throughput(path=weekly, items=5).window.half_life == 4.0


@pytest.mark.parametrize(
    ("window", "message"),
    [("soon", "cannot read"), ("0w", "at least 1"), ("recent:0w", "at least 1")],
)
def test_bad_windows_name_the_option(tmp_path: Path, window: str, message: str) -> None:
    with pytest.raises(ProjectError, match=message) as caught:
        forecast_throughput(path=_daily(tmp_path, [1, 2]), items=5, window=window)
    assert caught.value.diagnostics[0].path == ("window",)


def test_weeks_are_refused_for_numbered_periods(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("period,count\n1,3\n2,4\n3,5\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="no weeks"):
        forecast_throughput(path=path, items=5, window="12w")
    assert forecast_throughput(path=path, items=5, window="2").window.periods == 2


def test_the_runs_draw_whole_weeks_unless_told_otherwise(tmp_path: Path) -> None:
    # a daily history: blocks of 7 days; a weekly one: 1 week; a numbered one: 1 period
    daily = forecast_throughput(path=_daily(tmp_path, [1, 2] * 20), items=5)
    assert daily.window.block == 7
    weekly = tmp_path / "w.csv"
    weekly.write_text("date,count\n2027-01-08,3\n2027-01-15,4\n", encoding="utf-8")
    assert forecast_throughput(path=weekly, items=5).window.block == 1
    assert forecast_throughput(path=weekly, items=5, block="3w").window.block == 3
    numbered = tmp_path / "p.csv"
    numbered.write_text("period,count\n1,3\n2,4\n3,5\n", encoding="utf-8")
    assert forecast_throughput(path=numbered, items=5).window.block == 1
    assert forecast_throughput(path=numbered, items=5, block="2").window.block == 2
    # [2, 0] repeated: 2 items in every 2 consecutive days but the last, so 14 days in
    # blocks of 2 days hold 12 or 14 in at least 95% of the runs (a block [0] is 1 in 28);
    # days drawn on their own hold 2 x Binomial(14, 1/2): at least 10 in only 91%
    path = _daily(tmp_path, [2, 0] * 14)
    paired = forecast_throughput(path=path, by="2027-02-14", block="2d", window="all")
    assert isinstance(paired.forecast, CountForecast) and paired.forecast.periods == 14
    assert paired.forecast.percentiles[95] >= 12
    single = forecast_throughput(path=path, by="2027-02-14", block="1", window="all")
    assert isinstance(single.forecast, CountForecast)
    assert single.forecast.percentiles[95] <= 10


@pytest.mark.parametrize(
    ("block", "message"),
    [("soon", "cannot read"), ("0d", "at least 1"), ("0", "at least 1"), ("1.5w", "cannot")],
)
def test_bad_blocks_name_the_option(tmp_path: Path, block: str, message: str) -> None:
    with pytest.raises(ProjectError, match=message) as caught:
        forecast_throughput(path=_daily(tmp_path, [1, 2]), items=5, block=block)
    assert caught.value.diagnostics[0].path == ("block",)


def test_the_status_date_adds_the_zero_days_up_to_it(tmp_path: Path) -> None:
    path = _daily(tmp_path, [2, 2], first=dt.date(2027, 3, 1))
    report = forecast_throughput(path=path, by="2027-03-08", status="2027-03-05", window="3d")
    # 3, 4 and 5 March had nothing done; the forecast starts on the 6th
    assert (report.history.periods, report.history.status_zeros) == (5, 3)
    assert report.history.mean == pytest.approx(0.8)
    assert (report.status, report.start) == (dt.date(2027, 3, 5), dt.date(2027, 3, 6))
    assert isinstance(report.forecast, CountForecast)
    # the last 3 days are all zeros: nothing by the 8th
    assert (report.forecast.periods, report.forecast.percentiles[50]) == (3, 0)


def test_a_status_date_inside_the_history_leaves_the_rest_out(tmp_path: Path) -> None:
    path = _daily(tmp_path, [1, 1, 5, 5], first=dt.date(2027, 3, 1))
    report = forecast_throughput(path=path, items=4, status="2027-03-02", window="all")
    assert (report.history.periods, report.history.after_status) == (2, 2)
    assert isinstance(report.forecast, WhenForecast)
    assert report.forecast.percentiles[50].periods == 4  # 1 a day
    assert report.start == dt.date(2027, 3, 3)
    with pytest.raises(ProjectError, match="before the history's first") as caught:
        forecast_throughput(path=path, items=4, status="2027-02-01")
    assert caught.value.diagnostics[0].path == ("status",)


def test_a_rate_change_is_warned_in_table_and_json(tmp_path: Path) -> None:
    path = _daily(tmp_path, [1] * 70 + [3] * 42)  # 10 weeks of 7, then 6 weeks of 21
    report = forecast_throughput(path=path, items=30)
    assert report.trend is not None and report.trend.changed
    table = runner.invoke(app, ["throughput", str(path), "--items", "30", "--wide"])
    assert table.exit_code == 0, table.output
    assert "warning: the pace has changed: 21.00 items a week over the last 6 weeks" in (
        " ".join(table.stdout.split())
    )
    data = runner.invoke(app, ["throughput", str(path), "--items", "30", "-f", "json"])
    assert '"changed": true' in data.stdout


def test_no_warning_without_a_rate_change(tmp_path: Path) -> None:
    path = _daily(tmp_path, [1, 0, 2, 1, 0, 3, 0] * 16)  # the same week, 16 times
    report = forecast_throughput(path=path, items=30)
    assert report.trend is not None and not report.trend.changed
    table = runner.invoke(app, ["throughput", str(path), "--items", "30"])
    assert table.exit_code == 0, table.output
    assert "pace has changed" not in table.stdout
    data = runner.invoke(app, ["throughput", str(path), "--items", "30", "-f", "json"])
    assert '"changed": false' in data.stdout


def test_read_options_reach_the_file_through_the_command(tmp_path: Path) -> None:
    path = tmp_path / "done.csv"
    path.write_bytes("Clé,Terminé\n1,20/01/2027\n2,20/01/2027\n3,22/01/2027\n".encode("cp1252"))
    args = ["throughput", str(path), "--items", "3", "--window", "all", "--dayfirst"]
    result = runner.invoke(app, [*args, "--columns", "date=Terminé"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Read as cp1252 text." in out
    assert "One row per finished item, counted per day." in out
    assert "Columns not used: Clé." in out
    bad = runner.invoke(app, [*args, "--columns", "when=Terminé"])
    assert bad.exit_code == 2
    assert "--columns" in bad.stderr


def test_a_list_of_items_by_period_is_counted_per_period(tmp_path: Path) -> None:
    path = tmp_path / "done.csv"
    path.write_text("period\n1\n1\n2\n4\n", encoding="utf-8")
    result = runner.invoke(app, ["throughput", str(path), "--items", "5"])
    assert result.exit_code == 0, result.output
    assert "One row per finished item, counted per period." in " ".join(result.stdout.split())


def test_a_window_of_empty_periods_is_named_as_the_window(tmp_path: Path) -> None:
    path = tmp_path / "done.csv"
    path.write_text("date,count\n2027-01-04,2\n2027-01-05,3\n2027-01-06,0\n", encoding="utf-8")
    result = runner.invoke(app, ["throughput", str(path), "--items", "5", "--window", "1"])
    assert result.exit_code != 0
    message = " ".join(result.output.split())
    assert "every period the forecast draws from counts 0" in message
    assert "every period of the throughput history is 0" not in message
