"""A WBS task delivered by an epic: its duration from the team's throughput, end to end.

The projects below start on Monday 2026-02-02 with a 5-day data task, then "Model
development" delivered by epic ML, then the milestone `go`. The team's history is written
week by week: week k of w runs from `2026-02-02 - 7w + 1 + 7k` for 7 days (so the last week
ends on the as-of day, the project's start) and its items are done on its third day.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from cli_runner import steerco
from steerco.agile.hybrid import (
    epic_forecasts,
    epic_progress,
    periods_distribution,
    team_throughput,
)
from steerco.forecast.throughput import when_done
from steerco.formats.loader import load_project

START = dt.date(2026, 2, 2)


def _history_items(history: list[int], as_of: dt.date = START) -> list[str]:
    """Items of an earlier epic done `history[k]` in week k, the last week ending on `as_of`."""
    begin = as_of - dt.timedelta(days=7 * len(history) - 1)
    lines = ["  - {id: OLD, type: epic}"]
    n = 0
    for k, count in enumerate(history):
        done = begin + dt.timedelta(days=7 * k + 2)
        for _ in range(count):
            n += 1
            lines.append(f"  - {{id: O{n}, parent: OLD, started: {begin}, done: {done}}}")
    return lines


def _project(
    tmp_path: Path,
    history: list[int],
    ml_items: list[str],
    *,
    progress: str = "",
    as_of: dt.date = START,
    deadline: str = "",
) -> Path:
    backlog = [*_history_items(history, as_of), "  - {id: ML, type: epic, title: Model}"]
    backlog += [f"  - {{id: M{i + 1}, parent: ML{extra}}}" for i, extra in enumerate(ml_items)]
    text = "\n".join(
        [
            "name: Hybrid",
            f"start: {START}",
            "tasks:",
            "  - {id: data, name: Data agreement, duration: 5d}",
            "  - id: model",
            "    name: Model development",
            "    epic: ML",
            "    after: [data]",
            f"  - {{id: go, name: Go-live, milestone: true, after: [model]{deadline}}}",
            "backlog:",
            *backlog,
            progress,
        ]
    )
    path = tmp_path / "hybrid.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _json(*args: str | Path) -> dict[str, object]:
    result = steerco(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def _finish(schedule: dict[str, object], task: str) -> tuple[str, str]:
    tasks = schedule["tasks"]
    assert isinstance(tasks, list)
    row = next(t for t in tasks if t["id"] == task)
    return row["start"], row["finish"]


def _milestone(forecast: dict[str, object], task: str) -> dict[str, str]:
    milestones = forecast["milestones"]
    assert isinstance(milestones, dict)
    dates: dict[str, str] = milestones[task]["dates"]
    return dates


# --- the weeks an epic needs, computed exactly ---------------------------------------------


def test_weeks_of_a_two_valued_history_are_enumerated_exactly() -> None:
    # History 1, 3 (each 1/2), 4 items: two weeks make 2 (1/4), 4 or 6 (3/4); after 1+1,
    # a third week makes 3 (1/2: a fourth is needed) or 5.
    weeks, chance = periods_distribution(np.array([1, 3, 1, 3]), 4)
    assert weeks.tolist() == [2, 3, 4]
    assert chance.tolist() == pytest.approx([3 / 4, 1 / 8, 1 / 8], abs=1e-15)


def test_a_steady_history_needs_exactly_items_over_pace() -> None:
    weeks, chance = periods_distribution(np.array([2, 2, 2]), 10)
    assert weeks.tolist() == [5]
    assert chance.tolist() == [1.0]


def test_zero_weeks_spread_the_weeks_geometrically() -> None:
    # History 0, 1: each week finishes an item with probability 1/2, so one item takes
    # n weeks with probability 2^-n; the tail below 1e-12 is put on the last value.
    weeks, chance = periods_distribution(np.array([0, 1]), 1)
    assert weeks[:5].tolist() == [1, 2, 3, 4, 5]
    assert chance[:5].tolist() == pytest.approx([0.5, 0.25, 0.125, 0.0625, 0.03125])
    assert chance.sum() == pytest.approx(1.0, abs=1e-15)
    assert chance[-1] < 1e-11


def test_the_exact_percentiles_agree_with_the_resampling_forecaster() -> None:
    history = np.array([0, 2, 5, 1, 3, 0, 4, 2])
    weeks, chance = periods_distribution(history, 20)
    cdf = dict(zip(weeks.tolist(), np.cumsum(chance).tolist(), strict=True))
    drawn = when_done(history, 20, 200_000, np.random.default_rng(7))
    for q, value in drawn.percentiles.items():
        assert value is not None
        # the resampled Pq is an exact Pq up to the sampling error of 200,000 runs (the
        # empirical CDF's standard error is at most 0.0012; 0.01 is 8 of them)
        assert cdf[value] >= q / 100 - 0.01
        assert cdf.get(value - 1, 0.0) <= q / 100 + 0.01


# --- the team's throughput -----------------------------------------------------------------


def test_throughput_is_the_whole_teams_in_whole_weeks_ending_on_the_as_of_day(
    tmp_path: Path,
) -> None:
    path = _project(tmp_path, [0, 3, 1], ["", ""])
    project = load_project(path)
    # weeks 2026-01-13..19, 20..26, 27..02-02; the first holds the team's first start
    assert team_throughput(project, START).tolist() == [0, 3, 1]
    found = epic_forecasts(project)["model"]
    assert (found.items, found.done, found.remaining) == (2, 0, 2)
    assert found.rate == pytest.approx(4 / 3)


# --- schedule and forecast ------------------------------------------------------------------


def test_two_items_a_week_and_ten_left_take_exactly_five_weeks(tmp_path: Path) -> None:
    path = _project(tmp_path, [2, 2, 2, 2], [""] * 10)
    schedule = _json("schedule", path)
    # data Feb 2-6; model 25 working days Feb 9 - Mar 13; go on Mar 13
    assert _finish(schedule, "model") == ("2026-02-09", "2026-03-13")
    assert _finish(schedule, "go") == ("2026-03-13", "2026-03-13")
    assert any("duration from epic ML, 10 of 10 items" in n for n in schedule["notes"])  # type: ignore[attr-defined]
    forecast = _json("forecast", path, "--iterations", "2000")
    assert _milestone(forecast, "go") == {
        "p50": "2026-03-13",
        "p80": "2026-03-13",
        "p95": "2026-03-13",
    }


def test_a_milestone_after_the_epic_gets_the_throughputs_spread(tmp_path: Path) -> None:
    # History 1, 3, 1, 3 and 4 items: 2 weeks (3/4), 3 (1/8), 4 (1/8), so the milestone's
    # P50 is after 2 weeks (Feb 20), its P80 after 3 (Feb 27), its P95 after 4 (Mar 6).
    path = _project(tmp_path, [1, 3, 1, 3], [""] * 4, deadline=", deadline: 2026-02-20")
    assert _finish(_json("schedule", path), "go")[1] == "2026-02-20"  # the P50 of the weeks
    forecast = _json("forecast", path)
    # Each percentile falls inside one value's step of the CDF, at least 0.05 from its
    # edges (0.75, 0.875); 10,000 draws put the empirical CDF within 0.0044 (one standard
    # error) of the exact one, so a date off by a week would need an 11-sigma deviation.
    assert _milestone(forecast, "go") == {
        "p50": "2026-02-20",
        "p80": "2026-02-27",
        "p95": "2026-03-06",
    }
    assert forecast["milestones"]["go"]["p_deadline"] == pytest.approx(0.75, abs=0.02)  # type: ignore[index]


def test_an_epic_under_way_is_in_progress_with_its_forecast_left(tmp_path: Path) -> None:
    # Status Sunday Feb 15: data done; M1, M2 done on Feb 12 and M3 started, 8 of 10 left.
    # The history has 2 done in each of the six weeks Jan 5 .. Feb 15 (M1, M2 in the last),
    # so the 8 items take 4 weeks: 20 working days from the data date, Feb 16 - Mar 13.
    as_of = dt.date(2026, 2, 15)
    items = [", started: 2026-02-09, done: 2026-02-12"] * 2 + [", started: 2026-02-12"]
    progress = (
        "progress:\n  status_date: 2026-02-15\n  tasks:\n"
        "    data: {actual_start: 2026-02-02, actual_finish: 2026-02-06}"
    )
    path = _project(tmp_path, [2, 2, 2, 2, 2, 0], items + [""] * 7, progress=progress, as_of=as_of)
    project = load_project(path)
    assert team_throughput(project, as_of).tolist() == [2] * 6
    assert project.progress.of("model") is None  # nothing written: the items tell
    found = epic_progress(project)["model"]
    assert found.actual_start == dt.date(2026, 2, 9)
    assert found.actual_finish is None
    assert found.percent_complete == pytest.approx(20.0)
    assert str(found.remaining) == "20d"
    assert _finish(_json("schedule", path), "model") == ("2026-02-09", "2026-03-13")
    forecast = _json("forecast", path, "--iterations", "2000")
    assert set(_milestone(forecast, "go").values()) == {"2026-03-13"}


def test_an_epic_all_done_finished_on_its_last_items_day(tmp_path: Path) -> None:
    items = [", started: 2026-02-09, done: 2026-02-10", ", started: 2026-02-10, done: 2026-02-12"]
    progress = (
        "progress:\n  status_date: 2026-02-15\n  tasks:\n"
        "    data: {actual_start: 2026-02-02, actual_finish: 2026-02-06}"
    )
    path = _project(tmp_path, [1], items, progress=progress, as_of=dt.date(2026, 2, 15))
    schedule = _json("schedule", path)
    assert _finish(schedule, "model") == ("2026-02-09", "2026-02-12")
    # `go` is not recorded as reached, so it is reached no earlier than the data date
    # (Monday Feb 16): at the end of Friday Feb 13, as for any task of the plan.
    assert _finish(schedule, "go") == ("2026-02-13", "2026-02-13")
    forecast = _json("forecast", path, "--iterations", "1000")
    assert set(_milestone(forecast, "go").values()) == {"2026-02-13"}


def test_what_the_file_records_for_the_task_wins(tmp_path: Path) -> None:
    items = [", started: 2026-02-09, done: 2026-02-12"] * 2 + [""] * 8
    progress = (
        "progress:\n  status_date: 2026-02-15\n  tasks:\n"
        "    data: {actual_start: 2026-02-02, actual_finish: 2026-02-06}\n"
        "    model: {actual_start: 2026-02-10}"
    )
    path = _project(
        tmp_path, [2, 2, 2, 2, 2, 0], items, progress=progress, as_of=dt.date(2026, 2, 15)
    )
    found = epic_progress(load_project(path))["model"]
    assert found.actual_start == dt.date(2026, 2, 10)
    assert found.percent_complete == pytest.approx(20.0)


# --- what cannot be forecast ---------------------------------------------------------------


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_no_history_is_a_located_error_at_the_tasks_epic(tmp_path: Path) -> None:
    path = _project(tmp_path, [], ["", "", ""])
    result = steerco("schedule", path)
    assert result.exit_code == 2
    line = _line_of(path, "epic: ML")
    assert f"{path}:{line}:" in result.stderr
    assert "no_throughput" in result.stderr
    assert "3 remaining items" in result.stderr
    assert steerco("forecast", path).exit_code == 2


def test_an_epic_without_items_is_a_located_error(tmp_path: Path) -> None:
    path = _project(tmp_path, [2], [])
    result = steerco("schedule", path)
    assert result.exit_code == 2
    assert f"{path}:{_line_of(path, 'epic: ML')}:" in result.stderr
    assert "empty_epic" in result.stderr


# --- projects without epics ----------------------------------------------------------------


def test_a_backlog_without_epic_tasks_leaves_the_forecast_unchanged(tmp_path: Path) -> None:
    plan = (
        "name: Plain\nstart: 2026-02-02\ntasks:\n"
        "  - {id: a, duration: 3d..5d..9d}\n  - {id: b, duration: 2d..4d..8d, after: [a]}\n"
    )
    bare = tmp_path / "bare.yaml"
    bare.write_text(plan, encoding="utf-8")
    with_backlog = tmp_path / "with_backlog.yaml"
    with_backlog.write_text(plan + "backlog:\n" + "\n".join(_history_items([2, 1])) + "\n")
    one = _json("forecast", bare, "--iterations", "3000")
    two = _json("forecast", with_backlog, "--iterations", "3000")
    assert one == two


# --- levelling and calibration ----------------------------------------------------------------


def test_the_levelled_schedule_books_the_epic_tasks_demands(tmp_path: Path) -> None:
    # The epic task (25 days at 2 items a week, 10 left) and a 5-day task both need the one
    # ML engineer after the data task: levelled, one waits for the other, 5 + 25 + 5 days.
    path = _project(tmp_path, [2, 2], [""] * 10)
    text = path.read_text(encoding="utf-8")
    text = text.replace("    after: [data]\n", "    after: [data]\n    demands: {mle1: 1}\n")
    text = text.replace(
        "  - {id: go,",
        "  - {id: card, duration: 5d, after: [data], demands: {mle1: 1}}\n  - {id: go,",
    )
    text = text.replace("tasks:\n", "resources:\n  - {id: mle1, name: ML engineer 1}\ntasks:\n")
    path.write_text(text, encoding="utf-8")
    assert _json("schedule", path, "--method", "cpm")["makespan"] == 30
    levelled = _json("schedule", path)
    assert levelled["makespan"] == 35
    assert levelled["method"] != "cpm"


def test_calibration_on_history_leaves_the_epic_task_alone(tmp_path: Path) -> None:
    history = Path(__file__).resolve().parents[2] / "examples" / "history" / "estimates.csv"
    path = _project(tmp_path, [2, 2, 2, 2], [""] * 10)
    forecast = _json("forecast", path, "--history", history, "--iterations", "2000")
    calibrated = {pool["task"] for pool in forecast["calibration"]}  # type: ignore[attr-defined]
    assert calibrated == {"data"}  # the epic task draws its weeks, not ratios of a history
