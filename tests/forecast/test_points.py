"""Tasks in story points calibrated to working time on a history of points (forecast.points)."""

from __future__ import annotations

import numpy as np
import pytest

from steerco.errors import ProjectError
from steerco.forecast.calibrated import (
    CalibrationModel,
    ModelName,
    PointsCalibration,
    calibrate_tasks,
    fit_model,
)
from steerco.forecast.calibration import DEFAULT_POOL, HistoryRecord
from steerco.forecast.points import pointed_leaves, sized_by_points, unpointed
from steerco.forecast.run import ForecastOptions, forecast
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Project
from steerco.schedule.network import compile_project

HEAD = "name: P\nstart: 2027-01-04\nresources: [{id: dev1}, {id: dev2}]\n"


def _project(tasks: str, head: str = HEAD) -> Project:
    return parse_project_yaml(head + "tasks:\n" + tasks, "p.yaml")


def _records(*rows: tuple[str | None, str | None, float, float]) -> list[HistoryRecord]:
    return [
        HistoryRecord(task=f"h{i}", estimated_by=by, category=kind, estimate=e, actual=a)
        for i, (by, kind, e, a) in enumerate(rows)
    ]


HALF_A_DAY = _records(("dev1", "f", 2, 1), ("dev1", "f", 4, 2), ("dev2", "b", 6, 3))
"""Every point took exactly half a working day."""


def _makespan(
    project: Project, calibration: CalibrationModel, iterations: int = 400
) -> dict[str, float | None]:
    sized, _ = sized_by_points(project, calibration)
    options = ForecastOptions(
        iterations=iterations,
        calibration=calibration,
        estimate_unit="points",
    )
    result = forecast(compile_project(sized), sized, options)
    return {
        "plan": result.deterministic_makespan,
        **{f"p{q}": result.makespan[f"p{q}"] for q in (10, 50, 80, 95)},
    }


@pytest.mark.parametrize("model", ["ratio", "loglinear"])
def test_a_4_point_task_at_half_a_day_per_point_is_planned_at_2_days(model: ModelName) -> None:
    project = _project("  - {id: a, points: 4, estimated_by: dev1}\n")
    sized, planned = sized_by_points(project, fit_model(HALF_A_DAY, model, unit="points"))
    assert planned == {"a": pytest.approx(2.0)}
    leaf = next(sized.leaves())
    assert leaf.duration is not None
    assert (leaf.duration.value, leaf.duration.unit, leaf.points) == (2.0, "d", 4.0)


def test_a_4_point_task_at_half_a_day_per_point_takes_2_days_at_every_percentile() -> None:
    project = _project("  - {id: a, points: 4, estimated_by: dev1}\n")
    spans = _makespan(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert spans == {"plan": 2.0, "p10": 2.0, "p50": 2.0, "p80": 2.0, "p95": 2.0}


def test_loglinear_on_many_records_at_half_a_day_per_point_is_2_days_within_a_hair() -> None:
    many = _records(*[("dev1", "f", 1.0 + i % 8, 0.5 * (1 + i % 8)) for i in range(600)])
    project = _project("  - {id: a, points: 4, estimated_by: dev1, category: f}\n")
    spans = _makespan(project, fit_model(many, "loglinear", unit="points"))
    assert spans["plan"] == 2.0
    for q in ("p10", "p50", "p95"):
        assert spans[q] == pytest.approx(2.0, abs=0.01)


def test_an_hour_project_books_the_hours_a_point_took() -> None:
    head = HEAD + "unit: hour\ncalendar: {hours_per_day: 8}\n"
    project = _project("  - {id: a, points: 3, estimated_by: dev1}\n", head)
    sized, planned = sized_by_points(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert planned == {"a": 1.5}  # 3 points x 0.5 day
    assert str(next(sized.leaves()).duration) == "12h"  # 1.5 days of 8 hours


def test_draws_are_points_times_the_pools_days_per_point() -> None:
    # dev1: 1 day per point, then 2; a 3-point task draws 3 or 6 days, half the time each
    history = _records(("dev1", None, 1, 1), ("dev1", None, 1, 2), ("dev2", None, 5, 1))
    calibration = fit_model(history, "ratio", unit="points")
    project = _project("  - {id: a, points: 3, estimated_by: dev1}\n")
    spans = _makespan(project, calibration, iterations=4000)
    assert (spans["p10"], spans["p95"]) == (3.0, 6.0)
    # the engine draws pool[floor(u * 2)]: 3 days for u < 0.5, so P50 is either value
    # planned at the median draw: 3 x median(1, 2) = 4.5, rounded half to even
    assert spans["plan"] == 4.0


def test_a_task_with_points_and_a_duration_keeps_its_duration_as_the_plan() -> None:
    project = _project("  - {id: a, points: 4, duration: 5, estimated_by: dev1}\n")
    sized, planned = sized_by_points(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert planned == {} and sized is project
    spans = _makespan(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert (spans["plan"], spans["p50"]) == (5.0, 2.0)


def test_ratio_on_points_draws_all_records_where_time_draws_the_default() -> None:
    calibration = fit_model(HALF_A_DAY, "ratio", unit="points")
    assert isinstance(calibration, PointsCalibration)
    tasks = calibrate_tasks(calibration, ["nobody"], ["unknown"], [4.0])
    assert tasks.sources == ("all records",) and tasks.records.tolist() == [3]
    assert np.array_equal(tasks.pools[0], [0.5, 0.5, 0.5])
    in_time = calibrate_tasks(fit_model(HALF_A_DAY, "ratio"), ["nobody"], ["unknown"], [4.0])
    assert in_time.sources == ("default",) and in_time.pools[0] is DEFAULT_POOL


def test_pools_and_records_are_named_per_task() -> None:
    project = _project(
        "  - {id: a, points: 4, estimated_by: dev1}\n"
        "  - {id: b, points: 2, category: b}\n"
        "  - {id: c, points: 1}\n"
        "  - {id: m, milestone: true}\n"
    )
    rows, tasks = pointed_leaves(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert rows == [0, 1, 2]
    assert tasks.sources == ("estimator dev1", "category b", "all records")
    assert tasks.records.tolist() == [2, 1, 3]


def test_a_task_in_working_time_without_points_is_a_mismatch_at_its_duration() -> None:
    project = _project(
        "  - {id: a, points: 4}\n"
        "  - {id: b, duration: 3}\n"
        "  - {id: c, estimate: 1..2..3}\n"
        "  - {id: m, milestone: true}\n"
        "  - {id: z, name: no length}\n"
        "  - {id: p, duration: 2, pinned: {start: 2027-01-04, finish: 2027-01-05}}\n"
    )
    found = unpointed(project)
    assert [(d.code, d.path) for d in found] == [
        ("estimate_unit_mismatch", ("tasks", 1, "duration")),
        ("estimate_unit_mismatch", ("tasks", 2, "estimate")),
    ]
    with pytest.raises(ProjectError) as raised:
        sized_by_points(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert [d.code for d in raised.value.diagnostics] == ["estimate_unit_mismatch"] * 2


def test_a_finished_task_needs_no_points() -> None:
    project = _project(
        "  - {id: a, points: 4}\n  - {id: b, duration: 3}\n"
        "progress:\n  status_date: 2027-01-08\n  tasks:\n"
        "    b: {actual_start: 2027-01-04, actual_finish: 2027-01-06, percent_complete: 100}\n"
    )
    assert unpointed(project) == []


def test_compiling_a_task_in_points_alone_is_points_need_history() -> None:
    project = _project("  - {id: a, duration: 1}\n  - {id: b, points: 4, after: [a]}\n")
    with pytest.raises(ProjectError) as raised:
        compile_project(project)
    [found] = raised.value.diagnostics
    assert (found.code, found.path) == ("points_need_history", ("tasks", 1, "points"))
    assert "'b'" in found.message


def test_a_pointed_task_planned_at_no_length_is_not_calibrated() -> None:
    project = _project(
        "  - {id: a, points: 4, duration: 0}\n  - {id: b, points: 2, estimated_by: dev1}\n"
    )
    rows, tasks = pointed_leaves(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert rows == [1] and tasks.likely.tolist() == [2.0]
    spans = _makespan(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert (spans["plan"], spans["p50"]) == (1.0, 1.0)  # b: 2 points at half a day; a: 0


def test_a_task_sized_by_compute_keeps_its_own_estimate_under_points() -> None:
    head = HEAD.replace(
        "resources: [{id: dev1}, {id: dev2}]",
        "resources:\n  - {id: gpus, kind: equipment, accelerator: h100-sxm, capacity: 8}",
    )
    project = _project(
        "  - {id: a, points: 4}\n"
        "  - {id: t, demands: {gpus: 8}, after: [a], compute: {flops: 1.0e+21,"
        " accelerator: gpus, utilisation: 30%..40%..50%}}\n",
        head,
    )
    assert unpointed(project) == []
    rows, _ = pointed_leaves(project, fit_model(HALF_A_DAY, "ratio", unit="points"))
    assert rows == [0]
