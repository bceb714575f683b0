"""`--level`: a throughput forecast's runs move their level by the forecast's own past errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from steerco.app.backtest import backtest_throughput
from steerco.app.history import (
    DEFAULT_LEVEL,
    CountForecast,
    WhenForecast,
    forecast_throughput,
    window_at,
)
from steerco.cli.main import app
from steerco.errors import ProjectError
from steerco.forecast.level import past_errors
from steerco.forecast.throughput import how_many, recency_weights, when_done

runner = CliRunner()
DAY = dt.timedelta(days=1)


def _daily(tmp_path: Path, counts: list[int]) -> Path:
    path = tmp_path / "t.csv"
    first = dt.date(2027, 1, 4)
    rows = [f"{first + i * DAY},{count}" for i, count in enumerate(counts)]
    path.write_text("date,count\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _swings(seed: int = 4) -> list[int]:
    """Fortnights at 0.5 or 3 items a day: a level that moves."""
    rng = np.random.default_rng(seed)
    return [int(c) for c in rng.poisson(np.repeat(rng.choice([0.5, 3.0], size=12), 14))]


def test_the_default_moves_the_level_as_the_core_does_with_the_same_draws(
    tmp_path: Path,
) -> None:
    counts = _swings()
    path = _daily(tmp_path, counts)
    report = forecast_throughput(path=path, items=40, seed=3)
    assert DEFAULT_LEVEL == "past"
    assert isinstance(report.forecast, WhenForecast)
    assert report.level is not None and report.level.applied and report.level.sd > 0.1
    # The same forecast from the core: the recent window (4-week half-life), blocks of 7
    # days, the errors of that forecaster replayed over the whole history.
    history = np.array(counts, dtype=np.int64)
    errors = past_errors(history, window=window_at("recent", 1), items=40)
    core = when_done(
        history,
        40,
        10000,
        np.random.default_rng(3),
        weights=recency_weights(history.size, 28.0),
        block=7,
        level=errors,
    )
    assert {q: c.periods for q, c in report.forecast.percentiles.items()} == core.percentiles
    # The band is wider than with the level taken as known.
    fixed = forecast_throughput(path=path, items=40, seed=3, level="fixed")
    assert isinstance(fixed.forecast, WhenForecast) and fixed.level is None
    p50, p95 = (report.forecast.percentiles[q].periods for q in (50, 95))
    f50, f95 = (fixed.forecast.percentiles[q].periods for q in (50, 95))
    assert p50 is not None and p95 is not None and f50 is not None and f95 is not None
    assert p95 - p50 > f95 - f50


def test_a_count_by_a_date_moves_with_the_level_too(tmp_path: Path) -> None:
    counts = _swings()
    path = _daily(tmp_path, counts)
    report = forecast_throughput(path=path, by="2027-07-31", seed=1)
    assert isinstance(report.forecast, CountForecast)
    history = np.array(counts, dtype=np.int64)
    errors = past_errors(history, window=window_at("recent", 1), horizon=report.forecast.periods)
    core = how_many(
        history,
        report.forecast.periods,
        10000,
        np.random.default_rng(1),
        weights=recency_weights(history.size, 28.0),
        block=7,
        level=errors,
    )
    assert report.forecast.percentiles == core.percentiles


def test_a_short_history_keeps_the_windows_level_and_says_so(tmp_path: Path) -> None:
    path = _daily(tmp_path, [1, 2, 0, 3, 1, 2, 1, 0, 2, 1])
    report = forecast_throughput(path=path, by="2027-02-14")
    assert report.level is not None and not report.level.applied
    fixed = forecast_throughput(path=path, by="2027-02-14", level="fixed")
    assert isinstance(report.forecast, CountForecast)
    assert isinstance(fixed.forecast, CountForecast)
    assert report.forecast.percentiles == fixed.forecast.percentiles
    table = runner.invoke(app, ["throughput", str(path), "--by", "2027-02-14", "--wide"])
    assert table.exit_code == 0, table.output
    assert "too short" in table.output
    data = json.loads(
        runner.invoke(app, ["throughput", str(path), "--by", "2027-02-14", "-f", "json"]).output
    )
    assert data["level"]["mode"] == "past" and data["level"]["applied"] is False


def test_the_table_and_json_give_the_level_factor(tmp_path: Path) -> None:
    path = _daily(tmp_path, _swings())
    args = ["throughput", str(path), "--items", "40"]
    table = runner.invoke(app, [*args, "--wide"])
    assert table.exit_code == 0, table.output
    assert "--level past" in table.output
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).output)
    assert data["level"]["mode"] == "past" and data["level"]["applied"] is True
    assert data["level"]["sd"] > 0.1
    fixed = json.loads(runner.invoke(app, [*args, "-f", "json", "--level", "fixed"]).output)
    assert fixed["level"] == {"mode": "fixed", "applied": False}


def test_a_bad_level_names_the_option(tmp_path: Path) -> None:
    path = _daily(tmp_path, [1, 2, 3])
    with pytest.raises(ProjectError, match="cannot read") as caught:
        forecast_throughput(path=path, items=5, level="moving")
    assert caught.value.diagnostics[0].path == ("level",)
    for command in (
        ["throughput", str(path), "--items", "5"],
        ["backtest", "throughput", str(path)],
    ):
        result = runner.invoke(app, [*command, "--level", "moving"])
        assert result.exit_code == 2
        assert "--level" in result.output


def test_the_backtest_reports_its_level_and_widens_the_bands(tmp_path: Path) -> None:
    path = _daily(tmp_path, _swings() + _swings(5))
    moved = backtest_throughput(path=path, cuts=12, horizon=14, iterations=400)
    fixed = backtest_throughput(path=path, cuts=12, horizon=14, iterations=400, level="fixed")
    assert (moved.level, fixed.level) == ("past", "fixed")
    assert moved.overall is not None and fixed.overall is not None
    assert moved.overall.coverage > fixed.overall.coverage
