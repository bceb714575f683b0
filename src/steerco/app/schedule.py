"""Schedule a project: the critical path, or levelled under its resource limits."""

from __future__ import annotations

import threading
from pathlib import Path

from steerco.app.project import ProjectInput, load_project_file
from steerco.model import Project
from steerco.schedule.network import Network
from steerco.schedule.options import ProgressCallback, SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled

__all__ = ["levels", "schedule_project"]


def _input(source: str | Path | Project | ProjectInput) -> ProjectInput:
    if isinstance(source, ProjectInput):
        return source
    if isinstance(source, Project):
        from steerco.schedule.network import compile_project

        return ProjectInput(compile_project(source), source)
    return load_project_file(path=source)


def levels(source: ProjectInput, options: SolveOptions) -> bool:
    """Whether scheduling `source` with `options` levels resources (a search that can take time)."""
    from steerco.schedule.planner import uses_resources

    return options.method != "cpm" and uses_resources(source.network, source.project)


def schedule_project(
    *,
    source: str | Path | Project | ProjectInput,
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
) -> Schedule | Unscheduled:
    """Schedule a project file, a Project or a loaded input; no schedule is an `Unscheduled`.

    `on_progress` hears of each better makespan or bound while levelling; setting `stop`
    ends the search with the best schedule found so far.
    """
    from steerco.app.plan import project_plan
    from steerco.schedule.planner import plan_network

    def planner(
        network: Network, project: Project | None, chosen: SolveOptions
    ) -> Schedule | Unscheduled:
        return plan_network(
            network, project=project, options=chosen, on_progress=on_progress, stop=stop
        )

    loaded = _input(source)
    return project_plan(loaded.network, loaded.project, options=options, planner=planner)
