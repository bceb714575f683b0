"""A project estimated in story points, through every command (tests/data/points)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.forecast import ForecastOptions, forecast_project
from steerco.app.project import validate_project_file
from steerco.errors import ProjectError, Severity
from steerco.forecast.result import TaskPool

DATA = Path(__file__).parents[1] / "data" / "points"
RELEASE = DATA / "release.yaml"
IN_DAYS = DATA / "release-in-days.yaml"
HALF = DATA / "half-day-per-point.csv"
OPTIONS = ForecastOptions(iterations=500)


def _value_at(path: Path, task: str, key: str) -> tuple[int, int]:
    """(line, column) of `key`'s value on the line of task `task`, counted from 1."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if f"id: {task}," in line:
            return number, line.index(f"{key}: ") + len(f"{key}: ") + 1
    raise AssertionError(f"no task {task} in {path}")


def _time_history(tmp_path: Path) -> Path:
    history = tmp_path / "days.csv"
    history.write_text("task,estimated_by,estimate,actual\nh1,mle1,2,3\nh2,mle1,4,4\n", "utf-8")
    return history


def test_every_point_at_half_a_day_forecasts_the_release_by_hand() -> None:
    run = forecast_project(
        path=RELEASE, options=OPTIONS, history=HALF, history_estimate_unit="points", model="ratio"
    ).forecast
    # ingest 4 pt, label 6 pt, train 2 pt, every point half a day: 2 + 3 + 1 = 6 days
    assert {run.makespan[q] for q in ("p10", "p50", "p80", "p95")} == {6.0}
    # the plan: ingest and label at the median of their draws (2d, 3d), train its 3 days
    assert run.deterministic_makespan == 8.0
    assert run.calibration == (
        TaskPool("ingest", "estimator", "mle1", 2),
        TaskPool("label", "estimator", "mle2", 2),
        TaskPool("train", "estimator", "mle1", 2),
    )
    assert any("planned at the median of their draws: ingest 2d, label 3d" in n for n in run.notes)


def test_loglinear_names_the_pools_of_the_points_too() -> None:
    run = forecast_project(
        path=RELEASE, options=OPTIONS, history=HALF, history_estimate_unit="points"
    ).forecast
    assert [p.task for p in run.calibration or ()] == ["ingest", "label", "train"]
    assert all(p.records > 0 for p in run.calibration or ())
    assert run.makespan["p50"] == pytest.approx(6.0, rel=0.15)


def test_points_written_5pt_in_the_history_need_no_option(tmp_path: Path) -> None:
    history = tmp_path / "pt.csv"
    history.write_text("task,estimate,actual\nh1,2pt,1\nh2,4pt,2\n", "utf-8")
    run = forecast_project(path=RELEASE, options=OPTIONS, history=history, model="ratio")
    assert run.forecast.makespan["p50"] == 6.0  # all records: half a day per point


@pytest.mark.parametrize(
    "command",
    [
        ("schedule",),
        ("forecast",),
        ("report", "--status-date", "2027-01-04", "-o", "{tmp}/r.md"),
        ("baseline",),
    ],
)
def test_every_other_command_refuses_a_task_in_points_alone(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    project = tmp_path / "release.yaml"
    project.write_text(RELEASE.read_text("utf-8"), "utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in command[1:]]
    code, out, err = steerco(command[0], project, *args)
    assert code == 2, out + err
    for task in ("ingest", "label"):
        line, column = _value_at(project, task, "points")
        assert f"{project}:{line}:{column}: points_need_history: task {task!r}" in err
    assert not (tmp_path / "release.baselines.yaml").exists()


def test_a_history_in_working_time_refuses_a_task_in_points_alone(tmp_path: Path) -> None:
    history = _time_history(tmp_path)
    with pytest.raises(ProjectError) as raised:
        forecast_project(path=RELEASE, options=OPTIONS, history=history)
    found = raised.value.diagnostics
    assert [(d.code, d.file, (d.line, d.column)) for d in found] == [
        ("points_need_history", str(RELEASE), _value_at(RELEASE, "ingest", "points")),
        ("points_need_history", str(RELEASE), _value_at(RELEASE, "label", "points")),
    ]
    assert str(history) in found[0].message and "working time" in found[0].message


def _mixed(tmp_path: Path) -> Path:
    """RELEASE with a task in working time alone, which a history of points refuses."""
    project = tmp_path / "mixed.yaml"
    text = RELEASE.read_text("utf-8").replace(
        "  - {id: release,", "  - {id: review, duration: 2, after: [train]}\n  - {id: release,"
    )
    project.write_text(text, "utf-8")
    return project


def test_a_history_in_points_refuses_a_task_in_working_time_alone(tmp_path: Path) -> None:
    project = _mixed(tmp_path)
    code, _, err = steerco(
        "forecast", project, "--history", HALF, "--history-estimate-unit", "points"
    )
    line, column = _value_at(project, "review", "duration")
    assert code == 2
    assert f"{project}:{line}:{column}: estimate_unit_mismatch: task 'review'" in err


def test_points_beside_working_time_plan_every_command_on_the_working_time(
    tmp_path: Path,
) -> None:
    code, out, _ = steerco("schedule", IN_DAYS, "-f", "json")
    assert code == 0
    assert json.loads(out)["makespan"] == 7  # ingest 3 days, label likely 4
    # a history in days calibrates the working time; a history in points, the points
    assert forecast_project(path=IN_DAYS, options=OPTIONS, history=_time_history(tmp_path))
    run = forecast_project(
        path=IN_DAYS, options=OPTIONS, history=HALF, history_estimate_unit="points", model="ratio"
    ).forecast
    assert run.deterministic_makespan == 7.0  # the plan stays in days
    assert {run.makespan[q] for q in ("p10", "p50", "p95")} == {5.0}  # 4 pt + 6 pt at 0.5


def test_an_unknown_history_estimate_unit_is_a_usage_error_on_its_flag() -> None:
    code, _, err = steerco(
        "forecast", IN_DAYS, "--history", HALF, "--history-estimate-unit", "hours"
    )
    assert code == 2 and "--history-estimate-unit" in err and "'hours'" in err


def test_validate_warns_of_a_task_in_points_alone_and_names_the_forecast(tmp_path: Path) -> None:
    project = tmp_path / "release.yaml"
    project.write_text(RELEASE.read_text("utf-8"), "utf-8")
    code, out, err = steerco("validate", project)
    assert code == 0, err
    assert "4 tasks and milestones" in out and "0 errors, 2 warnings" in out
    for task in ("ingest", "label"):
        line, column = _value_at(project, task, "points")
        assert f"{project}:{line}:{column}: warning: points_need_history: task {task!r}" in err
    assert f"steerco forecast {project} --history H --history-estimate-unit points" in err


def test_validate_plans_a_task_in_points_alone_at_one_day_for_its_checks(tmp_path: Path) -> None:
    # ingest and label at 1 day each and train's 3 days end on day 5: a deadline on the
    # fourth working day cannot be met however few days a point takes
    project = tmp_path / "release.yaml"
    text = RELEASE.read_text("utf-8").replace(
        "{id: release, milestone: true,", "{id: release, milestone: true, deadline: 2027-01-07,"
    )
    project.write_text(text, "utf-8")
    checked = validate_project_file(path=project)
    assert [(w.code, w.severity, w.path) for w in checked.warnings] == [
        ("points_need_history", Severity.warning, ("tasks", 0, "points")),
        ("points_need_history", Severity.warning, ("tasks", 1, "points")),
    ]
    with pytest.raises(ProjectError) as raised:
        validate_project_file(path=project, hard_deadlines=True)
    assert [d.code for d in raised.value.diagnostics] == ["deadline_unreachable"]
    later = text.replace("deadline: 2027-01-07", "deadline: 2027-01-08")
    project.write_text(later, "utf-8")
    assert len(validate_project_file(path=project, hard_deadlines=True).warnings) == 2


def test_validate_refuses_points_alone_where_no_history_can_date_the_project(
    tmp_path: Path,
) -> None:
    # review has working time alone (a history of points refuses it), ingest and label
    # points alone (a history of time refuses them): no forecast dates this file
    project = _mixed(tmp_path)
    code, _, err = steerco("validate", project)
    assert code == 2
    for task in ("ingest", "label"):
        line, column = _value_at(project, task, "points")
        assert f"{project}:{line}:{column}: points_need_history: task {task!r}" in err
