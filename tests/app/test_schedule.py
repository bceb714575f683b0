"""Scheduling through the application layer: a file, a Project or a loaded input."""

from __future__ import annotations

import threading
from pathlib import Path

import steerco
from psplib_data import psplib_instance
from steerco.app.project import load_project_file
from steerco.app.schedule import levels, schedule_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule, ScheduleStatus
from steerco.schedule.planner import Unscheduled

ROOT = Path(__file__).resolve().parents[2]
PSPLIB = psplib_instance("j3010_1")
TEAM = ROOT / "examples" / "team.yaml"
CPM = SolveOptions(method="cpm")


def test_a_file_a_project_and_a_loaded_input_give_the_same_plan() -> None:
    from_path = schedule_project(source=TEAM, options=CPM)
    from_project = schedule_project(source=steerco.load_project(TEAM), options=CPM)
    from_input = schedule_project(source=load_project_file(path=TEAM), options=CPM)
    plans = [from_path, from_project, from_input]
    assert all(isinstance(p, Schedule) for p in plans)
    tasks = [list(p.tasks()) for p in plans if isinstance(p, Schedule)]
    assert tasks[0] == tasks[1] == tasks[2]
    assert from_path.notes == from_input.notes


def test_the_critical_path_is_optimal_and_typed() -> None:
    plan = schedule_project(source=PSPLIB, options=CPM)
    assert isinstance(plan, Schedule)
    assert plan.status is ScheduleStatus.optimal and plan.status == "optimal"
    assert plan.method == "cpm" and plan.makespan == plan.lower_bound


def test_only_levelling_is_reported_as_levelling() -> None:
    loaded = load_project_file(path=PSPLIB)
    assert levels(loaded, SolveOptions())
    assert not levels(loaded, CPM)


def test_progress_and_stop_pass_through_to_the_search() -> None:
    heard: list[tuple[int, int]] = []
    stop = threading.Event()
    plan = schedule_project(
        source=PSPLIB,
        options=SolveOptions(method="heuristic", time_limit=5, schedules=200),
        on_progress=lambda best, bound: heard.append((best, bound)),
        stop=stop,
    )
    assert isinstance(plan, Schedule) and plan.status in {"optimal", "feasible"}
    assert heard and heard[-1][0] >= plan.makespan


def test_unmeetable_hard_deadlines_are_an_outcome_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "tight.yaml"
    path.write_text(
        "name: Tight\n"
        "start: 2027-01-04\n"
        "resources: [{id: mle1}]\n"
        "tasks:\n"
        "  - {id: a, duration: 3, demands: {mle1: 1}, deadline: 2027-01-06}\n"
        "  - {id: b, duration: 3, demands: {mle1: 1}, deadline: 2027-01-06}\n",
        encoding="utf-8",
    )
    result = schedule_project(source=path, options=SolveOptions(hard_deadlines=True, time_limit=3))
    assert isinstance(result, Unscheduled)
    assert result.status is ScheduleStatus.infeasible
