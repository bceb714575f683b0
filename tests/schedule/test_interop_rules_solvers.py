"""The levelling solvers and the Monte Carlo keep the new early bounds and pinned dates.

Worked by hand on a Mon-Fri project from Monday 4 January 2027: units 0-4 = Jan 4-8,
5-9 = Jan 11-15. One person, Ana, works on a and b:
- a: 2 days (Ana), units 0-1;
- b: 2 days (Ana), must start on Tue 12 (unit 6): 6-7;
- c: 1 day, finish no earlier than Fri 8 (f = 5): starts at 5 - 1 = 4 (Fri 8);
- d: 3 days after a, pinned Mon 11 - Wed 13 (units 5-7, the link ignored);
- e: 1 day after d: unit 8 (Thu 14), so the plan ends at 9;
- m: a milestone finishing no earlier than Wed 13: the point 8, shown Wed 13.
Ana's two tasks do not overlap, so levelling changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli_runner import steerco
from steerco.forecast.run import ForecastOptions, forecast
from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network

TASKS: list[dict[str, Any]] = [
    {"id": "a", "estimate": "1d..2d..4d", "demands": {"ana": 1}},
    {"id": "b", "duration": 2, "demands": {"ana": 1}, "must_start_on": "2027-01-12"},
    {"id": "c", "estimate": "1d..1d..3d", "finish_no_earlier_than": "2027-01-08"},
    {
        "id": "d",
        "estimate": "1d..3d..9d",
        "after": ["a"],
        "pinned": {"start": "2027-01-11", "finish": "2027-01-13"},
    },
    {"id": "e", "duration": 1, "after": ["d"]},
    {"id": "m", "milestone": True, "finish_no_earlier_than": "2027-01-13"},
]
# With a task on a Mon-Wed calendar (no links, 1 day) the solvers' calendar variants run.
ON_CALENDAR = {"id": "x", "duration": 1, "calendar": "mtw"}
EXPECTED = {"a": (0, 2), "b": (6, 8), "c": (4, 5), "d": (5, 8), "e": (8, 9), "m": (8, 8)}


def plan_data(calendar: bool) -> dict[str, Any]:
    return {
        "name": "p",
        "start": "2027-01-04",
        "calendars": {"mtw": {"workdays": ["mon", "tue", "wed"]}},
        "resources": [{"id": "ana"}],
        "tasks": [*TASKS, ON_CALENDAR] if calendar else TASKS,
    }


@pytest.mark.parametrize("calendar", [False, True])
@pytest.mark.parametrize("method", ["cpm", "heuristic", "cp-sat"])
def test_levelled_plans_keep_floors_and_pinned_dates(method: str, calendar: bool) -> None:
    p = Project.model_validate(plan_data(calendar))
    network = compile_project(p)
    assert (network.calendars is not None) == calendar
    result = plan_network(network, project=p, options=SolveOptions(method=method, time_limit=10))
    assert isinstance(result, Schedule)
    got = {row.id: (row.es, row.ef) for row in result.tasks() if row.id in EXPECTED}
    assert got == EXPECTED
    dates = {row.id: row.finish for row in result.tasks()}
    assert dates["d"] == dt.date(2027, 1, 13) and dates["m"] == dt.date(2027, 1, 13)


@pytest.mark.parametrize("calendar", [False, True])
def test_the_forecast_keeps_floors_and_pinned_dates(calendar: bool) -> None:
    # Every iteration ends at 9: e follows the pinned d (fixed at 3 days, ef 8), whatever a
    # and c draw (a at most 4 days, c from Fri 8 at most 3: point 7); m stays at 8.
    p = Project.model_validate(plan_data(calendar))
    result = forecast(compile_project(p), p, ForecastOptions(iterations=300, seed=1))
    assert result.makespan["p50"] == result.makespan["p95"] == 9
    milestone = result.milestones["m"]
    assert milestone.units["p50"] == milestone.units["p95"] == 8
    assert milestone.dates["p95"] == dt.date(2027, 1, 13)


def test_steerco_forecast_runs_on_a_plan_with_the_new_fields(tmp_path: Path) -> None:
    data = plan_data(True)
    data["scheduling"] = {"lag_calendar": "successor"}
    data["resources"] = [{"id": "ana", "calendar": "mtw"}]
    data["tasks"] = [*data["tasks"], {"id": "f", "duration": 1, "after": ["e FS+50%"]}]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = steerco("forecast", str(path), "-n", "200", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["makespan"]["p50"] is not None
    code, out, err = steerco("schedule", str(path), "-f", "json")
    assert code == 0, err
    assert "kept its dates: 1 task (manual: d)" in out
