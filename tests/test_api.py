"""The curated public API: what `import steerco` offers is pinned here."""

from __future__ import annotations

from pathlib import Path

import steerco

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_public_names_are_pinned() -> None:
    assert sorted(steerco.__all__) == sorted(
        [
            "CycleError",
            "Diagnostic",
            "Network",
            "Project",
            "ProjectError",
            "Schedule",
            "SteercoError",
            "Unscheduled",
            "__version__",
            "compile_project",
            "critical_path",
            "load_network",
            "load_project",
            "schedule",
        ]
    )
    for name in steerco.__all__:
        assert hasattr(steerco, name)


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
