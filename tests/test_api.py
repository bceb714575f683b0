"""The curated public API: what `import steerco` offers is pinned here."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

import steerco

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_public_names_are_pinned() -> None:
    assert sorted(steerco.__all__) == sorted(
        [
            "CycleError",
            "Diagnostic",
            "ForecastOptions",
            "Network",
            "Project",
            "ProjectError",
            "Schedule",
            "ScheduleStatus",
            "ScheduledTask",
            "SolveOptions",
            "SteercoError",
            "Unscheduled",
            "__version__",
            "adopt_risk",
            "analyse_team",
            "assess_career",
            "calibrate_history",
            "comms_due",
            "compile_project",
            "critical_path",
            "earned_value",
            "earned_value_trend",
            "evaluate_gates",
            "forecast",
            "forecast_throughput",
            "load_network",
            "load_project",
            "new_project",
            "plan",
            "quantify_risks",
            "record_progress",
            "risk_register",
            "save_baseline",
            "schedule",
            "send_due",
            "status_report",
            "suggest_risks",
            "validate",
            "variance",
            "write_report",
            "flow_report",
            "import_csv",
            "import_jira",
            "import_plan",
            "read_foreign",
            "release_forecast",
            "sprint_report",
            "velocity_report",
        ]
    )
    for name in steerco.__all__:
        assert hasattr(steerco, name)


def test_all_equals_the_public_names() -> None:
    """As httpx does: every public name of the package is in `__all__`, and nothing else."""
    for name in steerco.__all__:  # resolve the lazy names, so that they are in vars()
        getattr(steerco, name)
    public = {
        name
        for name, value in vars(steerco).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public | {"__version__"} == set(steerco.__all__)


def test_public_use_cases_are_the_app_functions() -> None:
    """The short names are the very functions the CLI calls, not copies."""
    from steerco.app import earned_value, gates, project, risks

    assert steerco.plan is project.load_project_file
    assert steerco.validate is project.validate_project_file
    assert steerco.earned_value is earned_value.earned_value_at
    assert steerco.evaluate_gates is gates.evaluate_gates
    assert steerco.risk_register is risks.risk_register


def test_forecast_of_a_file_matches_the_app_layer() -> None:
    from steerco.app.forecast import forecast_project

    path = EXAMPLES / "demand-forecast.yaml"
    options = steerco.ForecastOptions(iterations=500, seed=3)
    direct = forecast_project(path=path, options=options).forecast
    public = steerco.forecast(str(path), options=options).forecast
    assert public.finish == direct.finish and public.makespan == direct.makespan


def test_schedule_accepts_a_path_or_a_project() -> None:
    path = EXAMPLES / "support-assistant.yaml"
    from_path = steerco.schedule(path, time_limit=5)
    from_project = steerco.schedule(steerco.load_project(path), time_limit=5)
    assert isinstance(from_path, steerco.Schedule) and isinstance(from_project, steerco.Schedule)
    assert from_path.makespan == from_project.makespan > 0
    assert [r.id for r in from_path.tasks()] == [r.id for r in from_project.tasks()]


def test_error_hierarchy() -> None:
    assert issubclass(steerco.CycleError, steerco.ProjectError)
    assert issubclass(steerco.ProjectError, steerco.SteercoError)


POINTS = Path(__file__).resolve().parent / "data" / "points"


def test_forecast_sizes_points_on_a_history_of_points() -> None:
    from steerco.app.forecast import forecast_project

    release, half = POINTS / "release.yaml", POINTS / "half-day-per-point.csv"
    options = steerco.ForecastOptions(iterations=500, seed=2)
    public = steerco.forecast(
        release, options=options, history=half, history_estimate_unit="points"
    )
    direct = forecast_project(
        path=release, options=options, history=half, history_estimate_unit="points"
    )
    assert public.forecast.makespan == direct.forecast.makespan
    # every point took half a day: ingest (4 points) is planned at 2 days, label (6) at 3
    assert any("ingest 2d, label 3d" in note for note in public.forecast.notes)


def test_forecast_on_a_history_of_time_refuses_a_task_in_points_alone() -> None:
    release, half = POINTS / "release.yaml", POINTS / "half-day-per-point.csv"
    with pytest.raises(steerco.ProjectError) as raised:
        steerco.forecast(release, history=half, history_estimate_unit="time")
    assert [(d.code, d.file, d.path) for d in raised.value.diagnostics] == [
        ("points_need_history", str(release), ("tasks", 0, "points")),
        ("points_need_history", str(release), ("tasks", 1, "points")),
    ]


def test_forecast_passes_the_level_through() -> None:
    from steerco.app.forecast import forecast_project

    path = EXAMPLES / "support-assistant.yaml"
    history = EXAMPLES / "history" / "estimates.csv"
    options = steerco.ForecastOptions(iterations=300, seed=4, resources=False)
    for level in ("past", "fixed"):
        public = steerco.forecast(path, options=options, history=history, level=level).forecast
        direct = forecast_project(path=path, options=options, history=history, level=level)
        assert public.makespan == direct.forecast.makespan
        assert (public.level is None) == (level == "fixed")
