"""One plan behind every number: schedule, forecast, gates and update date by the same plan.

The project below is small enough to level by hand. From Monday 2027-01-04 (no holidays),
`a` (3 days) and `b` (2 days) both need the one person `p`; `c` (1 day) follows `a`; the
gated milestone `m` follows `b`. The critical path ignores `p`: a 0-3, c 3-4, b 0-2, m at 2,
finish 4 (Thursday 7 January), m on Tuesday 5 January. Levelled, `a` goes first (b first
gives b 0-2, a 2-5, c 5-6: finish 6); then b 3-5, c 3-4, m at 5: finish 5 (Friday 8
January), and m on Friday 8 January too (a milestone falls on the day of unit es - 1).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.forecast import ForecastOptions, forecast_project
from steerco.app.gates import evaluate_gates
from steerco.app.plan import dating_plan
from steerco.app.progress import record_progress
from steerco.app.risks import quantify_risks
from steerco.app.schedule import schedule_project
from steerco.formats.loader import load_plan_input
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled
from steerco.schedule.rcpsp.result import ScheduleStatus

SOURCE = """\
name: Shared person
start: 2027-01-04
calendar: {country: null}
resources:
  - {id: p, name: Pat}
tasks:
  - {id: a, duration: 3, demands: {p: 1}}
  - {id: b, duration: 2, demands: {p: 1}}
  - {id: c, duration: 1, after: [a]}
  - id: m
    milestone: true
    after: [b]
    gate: {approver: sponsor}
"""

LEVELLED_FINISH = dt.date(2027, 1, 8)
CRITICAL_PATH_FINISH = dt.date(2027, 1, 7)
CRITICAL_PATH_MILESTONE = dt.date(2027, 1, 5)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    path = tmp_path / "shared.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def test_schedule_forecast_and_gates_date_by_the_same_levelled_plan(shared: Path) -> None:
    plan = schedule_project(source=shared)
    assert isinstance(plan, Schedule)
    finish = plan.project_dates()[1]
    milestone = next(row.finish for row in plan.tasks() if row.id == "m")
    assert (finish, milestone) == (LEVELLED_FINISH, LEVELLED_FINISH)
    assert plan.plan_name.startswith("levelled (")
    forecast = forecast_project(path=shared, options=ForecastOptions(iterations=200)).forecast
    assert forecast.deterministic_finish == finish
    assert forecast.milestones["m"].dates["p50"] == milestone  # fixed durations: no spread
    gates = evaluate_gates(path=shared)
    assert gates.planned["m"] == milestone
    assert forecast.plan == gates.plan == plan.plan_name


def test_no_resources_is_the_critical_path_and_says_so(shared: Path) -> None:
    options = ForecastOptions(iterations=200, resources=False)
    forecast = forecast_project(path=shared, options=options).forecast
    assert forecast.plan == "critical path"
    assert forecast.deterministic_finish == CRITICAL_PATH_FINISH
    assert forecast.milestones["m"].dates["p50"] == CRITICAL_PATH_MILESTONE


def test_every_command_names_its_plan_in_the_table_and_the_json(shared: Path) -> None:
    schedule = json.loads(steerco("schedule", shared, "-f", "json").stdout)
    name = schedule["plan"]
    assert name.startswith("levelled (") and schedule["finish"] == str(LEVELLED_FINISH)
    forecast = json.loads(steerco("forecast", shared, "-n", "100", "-f", "json").stdout)
    assert (forecast["plan"], forecast["deterministic"]["finish"]) == (name, schedule["finish"])
    gates = json.loads(steerco("gates", shared, "-f", "json").stdout)
    assert (gates["plan"], gates["gates"][0]["planned"]) == (name, str(LEVELLED_FINISH))
    quick = steerco("forecast", shared, "-n", "100", "--no-resources", "-f", "json")
    assert json.loads(quick.stdout)["plan"] == "critical path"
    assert f"Plan: {name}" in steerco("schedule", shared, "--wide").stdout
    assert f"Plan: {name}" in steerco("forecast", shared, "-n", "100").stdout
    assert f"Planned dates: {name}" in steerco("gates", shared, "--wide").stdout
    cpm = steerco("schedule", shared, "--method", "cpm").stdout
    assert "Plan: critical path" in cpm


def test_update_takes_the_planned_start_and_finish_from_the_levelled_plan(shared: Path) -> None:
    # The status date Friday 8 January is after the critical path's finish (Thursday 7),
    # not after the levelled plan's; b starts on Thursday 7 January there (unit 3).
    recorded = record_progress(path=shared, task="b", percent=50, date=LEVELLED_FINISH)
    assert recorded.entry.actual_start == dt.date(2027, 1, 7)


def test_without_a_levelled_plan_the_dates_follow_the_critical_path_with_a_note(
    shared: Path,
) -> None:
    network, project = load_plan_input(shared)

    def no_plan(*_: object) -> Unscheduled:
        return Unscheduled(network, "cp-sat", ScheduleStatus.infeasible, 0, "no room")

    plan = dating_plan(network, project, planner=no_plan)
    assert plan.name == "critical path"
    assert plan.schedule.project_dates()[1] == CRITICAL_PATH_FINISH
    assert plan.notes == ("no levelled plan (no room); the dates follow the critical path",)


def test_risk_quantification_starts_from_the_forecast_of_the_same_plan(shared: Path) -> None:
    options = ForecastOptions(iterations=200)
    quantified = quantify_risks(path=shared, options=options)
    forecast = forecast_project(path=shared, options=options).forecast
    assert quantified.p80 == forecast.makespan["p80"] == 5  # the levelled finish, fixed
    assert quantified.p80_finish == LEVELLED_FINISH


def test_team_reads_its_load_from_the_same_plan(shared: Path) -> None:
    schedule = json.loads(steerco("schedule", shared, "-f", "json").stdout)
    team = json.loads(steerco("team", shared, "-f", "json").stdout)
    assert (team["plan"], team["makespan"]) == (schedule["plan"], 5)
    assert f"plan: {schedule['plan']}" in steerco("team", shared, "--wide").stdout


def test_a_baseline_and_its_variance_use_the_same_plan(shared: Path) -> None:
    assert steerco("baseline", shared, "--date", "2027-01-04").exit_code == 0
    variance = json.loads(steerco("variance", shared, "-f", "json").stdout)
    schedule = json.loads(steerco("schedule", shared, "-f", "json").stdout)
    assert variance["plan"] == schedule["plan"]
    assert variance["project"]["finish"] == variance["project"]["baseline_finish"]
    assert variance["project"]["finish"] == str(LEVELLED_FINISH)
    assert f"current plan ({schedule['plan']})" in steerco("variance", shared, "--wide").stdout
