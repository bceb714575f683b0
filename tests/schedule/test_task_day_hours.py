"""One working day of a task: its hours, as compute sizing, costs and run progress count them.

Hand-computed: 6.912e20 FLOPs on accelerators of 1000 TFLOP/s at 50% is
6.912e20 / (1000e12 x 0.5 x 3600) = 384 GPU-hours; on 8 of them 48 wall-clock hours.
"""

from __future__ import annotations

import pytest

from steerco.formats.project_yaml import parse_project_yaml
from steerco.library.accelerators import load_accelerators
from steerco.model import Project
from steerco.schedule.compute import task_day_hours
from steerco.schedule.cost import cost_table
from steerco.schedule.network import compile_project
from steerco.track.compute_budget import compute_budget, hourly_rate
from steerco.track.run_progress import run_calendar

EVERY_DAY = "[mon, tue, wed, thu, fri, sat, sun]"
COMPUTE = "compute: {flops: 6.912e20, accelerator: own, utilisation: '50%'}"


def _project(
    calendar: str, *, unit: str = "day", hours: int = 24, rate: str = "'2.50/h'"
) -> Project:
    text = f"""
name: Cluster
start: 2027-03-01
unit: {unit}
calendars:
  cluster: {{workdays: {EVERY_DAY}, hours_per_day: {hours}}}
resources:
  - {{id: own, kind: equipment, capacity: 8, peak_tflops: 1000, rate: {rate}}}
  - {{id: ml, kind: person, rate: '100/h'}}
tasks:
  - {{id: t, calendar: {calendar}, demands: {{own: 8}}, {COMPUTE}}}
  - {{id: tune, calendar: {calendar}, duration: 1, demands: {{ml: 1}}}}
  - {{id: plain, duration: 1, demands: {{own: 1}}}}
  - {{id: soak, duration: 2ed}}
"""
    return parse_project_yaml(text, "cluster.yaml")


def test_the_hours_of_a_day_on_each_calendar() -> None:
    project = _project("cluster", hours=12)
    assert task_day_hours(project, project.task("t")) == 12.0  # the named calendar's own
    assert task_day_hours(project, project.task("plain")) == 8.0  # the project's
    assert task_day_hours(project, project.task("soak")) == 24.0  # elapsed time
    builtin = _project("24x7")
    assert task_day_hours(builtin, builtin.task("t")) == 24.0


def test_a_24_hour_named_calendar_sizes_as_24x7() -> None:
    named, builtin = _project("cluster", hours=24), _project("24x7")
    assert named.task("t").estimate == builtin.task("t").estimate
    estimate = named.task("t").estimate
    assert estimate is not None and (estimate.likely.value, estimate.likely.unit) == (2.0, "d")
    assert float(compile_project(named).duration[0]) == 2.0  # 48 h / 24 h a day
    assert float(compile_project(builtin).duration[0]) == 2.0
    # 2 days x 8 GPUs x 24 h x 2.50 = 960 on both
    for project in (named, builtin):
        table = cost_table(project)
        assert float(table.rate[0]) == pytest.approx(8 * 24 * 2.5)
        assert float(table.rate[0] * compile_project(project).duration[0]) == pytest.approx(960)


def test_a_12_hour_named_calendar_takes_twice_the_days() -> None:
    project = _project("cluster", hours=12)
    estimate = project.task("t").estimate
    assert estimate is not None and estimate.likely.value == pytest.approx(4.0)  # 48 h / 12
    network = compile_project(project)
    assert float(network.duration[0]) == 4.0
    table = cost_table(project)
    assert float(table.rate[0]) == pytest.approx(8 * 12 * 2.5)  # 240 a day of 12 hours
    assert float(table.rate[0] * network.duration[0]) == pytest.approx(960)  # 384 GPU-h x 2.50


def test_a_person_keeps_the_projects_working_day_on_a_named_calendar() -> None:
    table = cost_table(_project("cluster", hours=12))
    assert float(table.rate[1]) == pytest.approx(100 * 8)  # not 100 x 12
    assert float(table.rate[2]) == pytest.approx(2.5 * 8)  # equipment on the project calendar


def test_an_hour_project_books_a_named_days_hours_per_day_units() -> None:
    project = _project("cluster", unit="hour", hours=12)
    estimate = project.task("t").estimate
    assert estimate is not None and (estimate.likely.value, estimate.likely.unit) == (4.0, "d")
    network = compile_project(project)
    assert float(network.duration[0]) == 32.0  # 4 days of the cluster, 8 units each
    assert float(cost_table(project).rate[0] * network.duration[0]) == pytest.approx(960)


def test_an_hour_project_keeps_hours_on_a_named_calendar_of_the_same_day() -> None:
    project = _project("cluster", unit="hour", hours=8)
    estimate = project.task("t").estimate
    assert estimate is not None and (estimate.likely.value, estimate.likely.unit) == (48.0, "h")
    assert float(compile_project(project).duration[0]) == 48.0


def test_hourly_rate_of_a_day_rate_is_over_the_named_days_hours() -> None:
    project = _project("cluster", hours=12, rate="600")
    task, own = project.task("t"), project.resource("own")
    assert hourly_rate(project, task, own) == pytest.approx(600 / 12)
    assert hourly_rate(project, project.task("plain"), own) == pytest.approx(600 / 8)
    assert hourly_rate(project, task, project.resource("ml")) == pytest.approx(100)


def test_compute_budget_books_the_named_days_hours() -> None:
    project = _project("cluster", hours=12)
    budget = compute_budget(project, load_accelerators(), {}, booked_days={"t": 4.0})
    line = next(line for line in budget.lines if line.task == "t")
    assert line.planned is not None and line.planned.likely == pytest.approx(384)
    assert line.booked == pytest.approx(4 * 8 * 12)  # the plan's 4 days reserve 384 GPU-hours


def test_run_progress_counts_the_same_hours() -> None:
    for hours in (12, 24):
        project = _project("cluster", hours=hours)
        task = project.task("t")
        assert run_calendar(project, task).day_hours == task_day_hours(project, task) == hours
