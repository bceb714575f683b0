"""Re-scheduling at the status date (P6's data date), on hand-made projects.

Calendar: 2027-01-04 is a Monday; weekends are off. Unit k is the k-th working day, so
Mon 4 = unit 0 ... Fri 8 = unit 4, Mon 11 = unit 5. A status date of Wed 6 puts the data
date at unit 3 (Thu 7): work to the end of Wednesday has happened.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pytest
import yaml

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.forecast.run import ForecastOptions, forecast
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Project
from steerco.render.schedule import task_json
from steerco.schedule.network import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import schedule_cpm
from steerco.schedule.planner import plan_network
from steerco.schedule.status import progress_warnings

D = dt.date


def _project(tasks: list[dict[str, Any]], progress: dict[str, Any], **extra: Any) -> Project:
    data = {"name": "P", "start": "2027-01-04", "tasks": tasks, "progress": progress, **extra}
    return parse_project_yaml(yaml.safe_dump(data), "p.yaml")


def _dates(project: Project) -> dict[str, tuple[Any, Any]]:
    schedule = schedule_cpm(compile_project(project))
    return {row.id: (row.start, row.finish) for row in schedule.tasks()}


CHAIN = [
    {"id": "a", "duration": 3},
    {"id": "b", "duration": 4, "after": ["a"]},
    {"id": "c", "duration": 2, "after": ["b"]},
]


def test_without_progress_nothing_moves() -> None:
    dates = _dates(_project(CHAIN, {"status_date": "2027-01-04"}))
    # a cannot start before the data date (Tue 5): everything moves one day.
    assert dates["a"] == (D(2027, 1, 5), D(2027, 1, 7))
    assert dates["b"] == (D(2027, 1, 8), D(2027, 1, 13))
    assert dates["c"] == (D(2027, 1, 14), D(2027, 1, 15))


def test_finished_work_stays_where_it_happened() -> None:
    progress = {
        "status_date": "2027-01-06",
        "tasks": {"a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-05"}},
    }
    dates = _dates(_project(CHAIN, progress))
    assert dates["a"] == (D(2027, 1, 4), D(2027, 1, 5))  # two days, not the planned three
    # b could start Wed 6 after a, but nothing is planned in the past: Thu 7 .. Tue 12.
    assert dates["b"] == (D(2027, 1, 7), D(2027, 1, 12))


def test_in_progress_keeps_its_actual_start_and_runs_its_remaining_work() -> None:
    progress = {
        "status_date": "2027-01-06",
        "tasks": {
            "a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-04"},
            "b": {"actual_start": "2027-01-05", "remaining": 3},
        },
    }
    dates = _dates(_project(CHAIN, progress))
    # b worked Tue 5 and Wed 6; 3 days remain from Thu 7: Thu, Fri, Mon 11.
    assert dates["b"] == (D(2027, 1, 5), D(2027, 1, 11))
    assert dates["c"] == (D(2027, 1, 12), D(2027, 1, 13))


def test_percent_complete_gives_the_remaining_duration() -> None:
    progress = {
        "status_date": "2027-01-06",
        "tasks": {
            "a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-04"},
            "b": {"actual_start": "2027-01-05", "percent_complete": 25},
        },
    }
    # 75% of 4 days = 3 days remaining from Thu 7.
    assert _dates(_project(CHAIN, progress))["b"] == (D(2027, 1, 5), D(2027, 1, 11))


def test_out_of_sequence_progress_follows_retained_logic() -> None:
    # b started before a, which has not started: b's remaining work waits for a's finish.
    progress = {
        "status_date": "2027-01-06",
        "tasks": {"b": {"actual_start": "2027-01-05", "percent_complete": 50}},
    }
    dates = _dates(_project(CHAIN, progress))
    assert dates["a"] == (D(2027, 1, 7), D(2027, 1, 11))  # Thu 7, Fri 8, Mon 11
    assert dates["b"] == (D(2027, 1, 5), D(2027, 1, 13))  # 2 days left: Tue 12, Wed 13
    assert dates["c"] == (D(2027, 1, 14), D(2027, 1, 15))


def test_a_finished_task_is_not_moved_by_an_unfinished_predecessor() -> None:
    progress = {
        "status_date": "2027-01-06",
        "tasks": {"b": {"actual_start": "2027-01-04", "actual_finish": "2027-01-05"}},
    }
    dates = _dates(_project(CHAIN, progress))
    assert dates["b"] == (D(2027, 1, 4), D(2027, 1, 5))
    assert dates["a"] == (D(2027, 1, 7), D(2027, 1, 11))
    assert dates["c"] == (D(2027, 1, 7), D(2027, 1, 8))  # after b, from the data date


def test_ss_successor_counts_from_the_actual_start() -> None:
    tasks = [
        {"id": "a", "duration": 5},
        {"id": "b", "duration": 2, "after": [{"task": "a", "type": "SS", "lag": 3}]},
    ]
    progress = {"status_date": "2027-01-05", "tasks": {"a": {"actual_start": "2027-01-04"}}}
    dates = _dates(_project(tasks, progress))
    # a started Mon 4 (unit 0): b may start at unit 3 (Thu 7), not data date + 3.
    assert dates["b"] == (D(2027, 1, 7), D(2027, 1, 8))
    assert dates["a"] == (D(2027, 1, 4), D(2027, 1, 8))  # 3 days left from Wed 6


def test_finished_milestone_falls_on_its_actual_day() -> None:
    tasks = [*CHAIN, {"id": "m", "milestone": True, "after": ["a"]}]
    progress = {
        "status_date": "2027-01-06",
        "tasks": {
            "a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-05"},
            "m": {"actual_finish": "2027-01-05"},
        },
    }
    assert _dates(_project(tasks, progress))["m"] == (D(2027, 1, 5), D(2027, 1, 5))


def test_the_levelled_scheduler_honours_progress() -> None:
    tasks = [
        {"id": "a", "duration": 3, "demands": [{"resource": "r"}]},
        {"id": "b", "duration": 3, "demands": [{"resource": "r"}]},
    ]
    progress = {
        "status_date": "2027-01-05",
        "tasks": {"b": {"actual_start": "2027-01-04", "remaining": 1}},
    }
    project = _project(tasks, progress, resources=[{"id": "r"}])
    result = plan_network(
        compile_project(project), project=project, options=SolveOptions(method="heuristic")
    )
    rows = {row.id: (row.start, row.finish) for row in result.tasks()}  # type: ignore[union-attr]
    # b (in progress) and a share r: after the data date (Wed 6) one runs after the other,
    # b's remaining day and a's three days, so the project ends on Mon 11 in either order.
    assert rows["b"][0] == D(2027, 1, 4)
    assert rows["a"][0] >= D(2027, 1, 6)
    assert max(rows["a"][1], rows["b"][1]) == D(2027, 1, 11)
    assert rows["a"][0] > rows["b"][1] or rows["b"][1] == D(2027, 1, 11) > rows["a"][1]


def test_the_forecast_starts_from_the_status_date() -> None:
    tasks = [
        {"id": "a", "estimate": {"low": 2, "likely": 3, "high": 6}},
        {"id": "b", "estimate": {"low": 2, "likely": 4, "high": 10}, "after": ["a"]},
    ]
    progress = {
        "status_date": "2027-01-06",
        "tasks": {"a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-06"}},
    }
    project = _project(tasks, progress)
    result = forecast(compile_project(project), project, ForecastOptions(iterations=4000))
    # a is done at unit 3; b's PERT(2, 4, 10) has mean 14/3; no percentile before unit 5.
    assert result.makespan["p10"] >= 5.0
    assert result.makespan["mean"] == pytest.approx(3 + 14 / 3, abs=0.1)
    assert result.criticality["a"] == 1.0


def test_in_progress_uncertainty_is_scaled_to_the_remaining_work() -> None:
    tasks = [
        {"id": "a", "estimate": {"low": 4, "likely": 8, "high": 12, "distribution": "uniform"}}
    ]
    progress = {
        "status_date": "2027-01-05",
        "tasks": {"a": {"actual_start": "2027-01-04", "remaining": 4}},
    }
    project = _project(tasks, progress)
    result = forecast(compile_project(project), project, ForecastOptions(iterations=20000))
    # Scaled by 4/8: uniform(2, 6) from the data date (unit 2): mean 6, std 4/sqrt(12).
    assert result.makespan["mean"] == pytest.approx(6.0, abs=0.05)
    assert result.makespan["std"] == pytest.approx(4 / np.sqrt(12), abs=0.03)


def test_the_cost_of_an_in_progress_task_counts_the_worked_days() -> None:
    tasks = [{"id": "a", "duration": 4, "demands": [{"resource": "r"}]}]
    resources = [{"id": "r", "rate": 100}]
    progress = {
        "status_date": "2027-01-05",
        "tasks": {"a": {"actual_start": "2027-01-04", "remaining": 3}},
    }
    schedule = schedule_cpm(compile_project(_project(tasks, progress, resources=resources)))
    assert schedule.total_cost() == pytest.approx(500.0)  # 2 worked + 3 remaining days
    recorded = {**progress["tasks"]["a"], "actual_cost": 260}  # type: ignore[index]
    progress_cost = {"status_date": "2027-01-05", "tasks": {"a": recorded}}
    schedule = schedule_cpm(compile_project(_project(tasks, progress_cost, resources=resources)))
    assert schedule.total_cost() == pytest.approx(560.0)  # recorded 260 + 3 x 100


@pytest.mark.parametrize(
    ("entry", "code", "field"),
    [
        (
            {"actual_start": "2027-01-05", "actual_finish": "2027-01-04"},
            "finish_before_start",
            "actual_finish",
        ),
        (
            {"actual_start": "2027-01-04", "percent_complete": 120},
            "bad_percent",
            "percent_complete",
        ),
        ({"actual_start": "2027-01-04", "percent_complete": -1}, "bad_percent", "percent_complete"),
        ({"actual_start": "2027-01-08"}, "actual_after_status_date", "actual_start"),
        (
            {"actual_start": "2027-01-04", "actual_finish": "2027-01-07"},
            "actual_after_status_date",
            "actual_finish",
        ),
        ({"percent_complete": 20}, "missing_actual_start", "percent_complete"),
        ({"actual_finish": "2027-01-05"}, "missing_actual_start", "actual_finish"),
        (
            {"actual_finish": "2027-01-05", "actual_cost": 80},
            "missing_actual_start",
            "actual_finish",
        ),
        (
            {"actual_start": "2027-01-04", "percent_complete": 100},
            "missing_actual_finish",
            "percent_complete",
        ),
        (
            {"actual_start": "2027-01-04", "actual_finish": "2027-01-05", "percent_complete": 60},
            "finished_not_complete",
            "percent_complete",
        ),
        ({"actual_start": "2027-01-04", "actual_cost": -5}, "bad_value", "actual_cost"),
        ({"actual_start": "2027-01-04", "remaining": -2}, "negative_remaining", "remaining"),
        ({"actual_start": "2027-01-04", "remaining": "-2d"}, "negative_remaining", "remaining"),
    ],
)
def test_bad_progress_is_refused_with_its_location(
    entry: dict[str, Any], code: str, field: str
) -> None:
    text = yaml.safe_dump(
        {
            "name": "P",
            "start": "2027-01-04",
            "tasks": CHAIN,
            "progress": {"status_date": "2027-01-06", "tasks": {"a": entry}},
        },
        sort_keys=False,
    )
    with pytest.raises(ProjectError) as raised:
        parse_project_yaml(text, "p.yaml")
    diagnostic = raised.value.diagnostics[0]
    assert diagnostic.code == code
    line = text.splitlines()[diagnostic.line - 1]  # type: ignore[operator]
    assert line.strip().startswith(f"{field}:")


def test_a_finish_alone_dates_a_milestone_or_a_task_of_no_duration_but_not_a_task() -> None:
    tasks = [
        {"id": "a", "duration": 3},
        {"id": "z", "duration": 0, "after": ["a"]},
        {"id": "m", "milestone": True, "after": ["z"]},
    ]
    progress = {
        "status_date": "2027-01-08",
        "tasks": {
            "a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-06"},
            "z": {"actual_finish": "2027-01-07"},
            "m": {"actual_finish": "2027-01-07"},
        },
    }
    dates = _dates(_project(tasks, progress))
    assert dates["z"] == (D(2027, 1, 7), D(2027, 1, 7))
    assert dates["m"] == (D(2027, 1, 7), D(2027, 1, 7))
    # The 3-day task finished on Wed 6 without a start: not a one-day task, an error.
    progress["tasks"]["a"] = {"actual_finish": "2027-01-06"}  # type: ignore[index]
    with pytest.raises(ProjectError) as raised:
        _project(tasks, progress)
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.path) == (
        "missing_actual_start",
        ("progress", "tasks", "a", "actual_finish"),
    )
    assert diagnostic.message == (
        "task 'a' has an actual_finish but no actual_start: "
        "give actual_start as well, the first day worked on it"
    )


def test_progress_on_an_unknown_task_is_located() -> None:
    text = yaml.safe_dump(
        {
            "name": "P",
            "start": "2027-01-04",
            "tasks": CHAIN,
            "progress": {
                "status_date": "2027-01-06",
                "tasks": {"bb": {"actual_start": "2027-01-05"}},
            },
        },
        sort_keys=False,
    )
    with pytest.raises(ProjectError) as raised:
        parse_project_yaml(text, "p.yaml")
    diagnostic = raised.value.diagnostics[0]
    assert diagnostic.code == "unknown_task"
    assert "did you mean 'b'" in diagnostic.message
    assert text.splitlines()[diagnostic.line - 1].strip().startswith("bb:")  # type: ignore[operator]


def test_progress_without_a_status_date_is_refused() -> None:
    with pytest.raises(ProjectError) as raised:
        _project(CHAIN, {"tasks": {"a": {"actual_start": "2027-01-04"}}})
    assert raised.value.code == "missing_status_date"


GATED = [*CHAIN, {"id": "m", "milestone": True, "after": ["c"]}]


def test_a_milestone_with_two_actual_dates_is_refused_with_its_location() -> None:
    entry = {"actual_start": "2027-01-04", "actual_finish": "2027-01-05"}
    text = yaml.safe_dump(
        {
            "name": "P",
            "start": "2027-01-04",
            "tasks": GATED,
            "progress": {"status_date": "2027-01-06", "tasks": {"m": entry}},
        },
        sort_keys=False,
    )
    with pytest.raises(ProjectError) as raised:
        parse_project_yaml(text, "p.yaml")
    diagnostic = raised.value.diagnostics[0]
    assert diagnostic.code == Code.milestone_actual_dates
    assert text.splitlines()[diagnostic.line - 1].strip().startswith("actual_start:")  # type: ignore[operator]


def test_a_milestone_with_one_actual_date_written_twice_is_valid() -> None:
    entry = {"actual_start": "2027-01-05", "actual_finish": "2027-01-05"}
    project = _project(GATED, {"status_date": "2027-01-06", "tasks": {"m": entry}})
    assert _dates(project)["m"] == (D(2027, 1, 5), D(2027, 1, 5))


def test_actual_dates_on_non_working_days_are_reported_as_recorded() -> None:
    # a finished on Saturday 9, b started on Sunday 10, m reached on Saturday 9: the
    # calendar would put them on Fri 8 (a's last unit), Mon 11 and Fri 8.
    progress = {
        "status_date": "2027-01-11",
        "tasks": {
            "a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-09"},
            "b": {"actual_start": "2027-01-10", "percent_complete": 25},
            "m": {"actual_finish": "2027-01-09"},
        },
    }
    project = _project(GATED, progress)
    dates = _dates(project)
    assert dates["a"] == (D(2027, 1, 4), D(2027, 1, 9))
    assert dates["b"][0] == D(2027, 1, 10)
    assert dates["m"] == (D(2027, 1, 9), D(2027, 1, 9))
    warnings = progress_warnings(project)
    assert [(d.code, d.path) for d in warnings] == [
        (Code.actual_on_non_working_day, ("progress", "tasks", "a", "actual_finish")),
        (Code.actual_on_non_working_day, ("progress", "tasks", "b", "actual_start")),
        (Code.actual_on_non_working_day, ("progress", "tasks", "m", "actual_finish")),
    ]


def test_a_holiday_is_a_non_working_day_and_a_weekday_is_not() -> None:
    progress = {
        "status_date": "2027-01-06",
        "tasks": {"a": {"actual_start": "2027-01-05", "actual_finish": "2027-01-06"}},
    }
    assert progress_warnings(_project(CHAIN, progress)) == []
    holiday = {"holidays": ["2027-01-05"]}
    warned = progress_warnings(_project(CHAIN, progress, calendar=holiday))
    assert [d.path[-1] for d in warned] == ["actual_start"]


def test_finished_tasks_have_no_float() -> None:
    # WBS: s = {a, b}, c after s. a finished; b in progress; c not started.
    tasks = [
        {"id": "s", "children": [{"id": "a", "duration": 3}, {"id": "b", "duration": 4}]},
        {"id": "c", "duration": 2, "after": ["s"]},
        {"id": "t", "children": [{"id": "d", "duration": 1}]},
    ]
    progress = {
        "status_date": "2027-01-06",
        "tasks": {
            "a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-06"},
            "b": {"actual_start": "2027-01-04", "remaining": 2},
            "d": {"actual_start": "2027-01-04", "actual_finish": "2027-01-04"},
        },
    }
    schedule = schedule_cpm(compile_project(_project(tasks, progress)))
    rows = {row.id: row for row in schedule.tasks()}
    assert (rows["a"].total_float, rows["a"].free_float) == (None, None)
    assert (rows["d"].total_float, rows["d"].free_float) == (None, None)
    assert (rows["t"].total_float, rows["t"].free_float) == (None, None)  # all finished
    # b: Thu 7 .. Fri 8 (units 3..5), c Mon 11 .. Tue 12 (units 5..7): both critical.
    assert (rows["b"].total_float, rows["c"].total_float) == (0, 0)
    assert rows["s"].total_float == 0  # the smallest of its unfinished tasks'
    records = [json.loads(task_json(row)) for row in schedule.tasks()]
    by_id = {record["id"]: record for record in records}
    assert by_id["a"]["total_float"] is None and by_id["a"]["free_float"] is None
    assert by_id["b"]["total_float"] == 0


def _rows(project: Project) -> dict[str, tuple[Any, Any, Any]]:
    schedule = schedule_cpm(compile_project(project))
    return {row.id: (row.start, row.finish, row.cost) for row in schedule.tasks()}


AFTER_A = [
    {"id": "a", "duration": 5, "demands": [{"resource": "r"}]},
    {"id": "b", "duration": 5, "after": ["a"], "demands": [{"resource": "r"}]},
]


def test_a_task_on_a_calendar_of_its_own_leaves_the_others_actuals_as_they_were() -> None:
    # a worked Mon 4 to Thu 14: 9 working days. An unlinked 24x7 task puts the plan on a
    # calendar-day axis, where those 9 days span 11; a still costs 9 days, and b still
    # starts on the first working day after the status date (Fri 15): Mon 18.
    progress = {
        "status_date": "2027-01-15",
        "tasks": {"a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-14"}},
    }
    resources = [{"id": "r", "rate": 800}]
    alone = _rows(_project(AFTER_A, progress, resources=resources))
    z = {"id": "z", "duration": 1, "calendar": "24x7"}
    beside = _rows(_project([*AFTER_A, z], progress, resources=resources))
    assert alone["a"] == beside["a"] == (D(2027, 1, 4), D(2027, 1, 14), 9 * 800.0)
    assert alone["b"] == beside["b"] == (D(2027, 1, 18), D(2027, 1, 22), 5 * 800.0)


def test_an_in_progress_task_counts_its_working_days_on_a_calendar_day_axis() -> None:
    # a (15 days) started Mon 4; at Fri 15 it has worked 10 working days (not the 12
    # calendar days since): 5 are left, to Fri 22.
    tasks = [{"id": "a", "duration": 15}, {"id": "z", "duration": 1, "calendar": "24x7"}]
    progress = {"status_date": "2027-01-15", "tasks": {"a": {"actual_start": "2027-01-04"}}}
    assert _dates(_project(tasks, progress))["a"] == (D(2027, 1, 4), D(2027, 1, 22))


def test_a_finished_task_over_its_persons_leave_is_placed_and_costed_as_it_worked() -> None:
    # r was on leave Wed 6 and Thu 7: a, 8 days of work, ran Mon 4 to Fri 15 as planned.
    tasks = [
        {"id": "a", "duration": 8, "demands": [{"resource": "r"}]},
        {"id": "b", "duration": 2, "after": ["a"], "demands": [{"resource": "r"}]},
    ]
    resources = [{"id": "r", "rate": 800, "leave": [{"start": "2027-01-06", "end": "2027-01-07"}]}]
    progress = {
        "status_date": "2027-01-15",
        "tasks": {"a": {"actual_start": "2027-01-04", "actual_finish": "2027-01-15"}},
    }
    rows = _rows(_project(tasks, progress, resources=resources))
    assert rows["a"] == (D(2027, 1, 4), D(2027, 1, 15), 8 * 800.0)
    assert rows["b"][:2] == (D(2027, 1, 18), D(2027, 1, 19))
