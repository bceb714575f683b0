"""Schedule a project: the critical path, or levelled under its resource limits."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from steerco.app.project import ProjectInput, load_project_file
from steerco.errors import ProjectError
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
        from steerco.library.people import load_people_data
        from steerco.people.skills import canonical_project
        from steerco.schedule.network import compile_project

        # skill names resolved as the file loader resolves them (`training` = facilitation)
        taxonomy = load_people_data().taxonomy.declaring(source.skills)
        project = canonical_project(source, taxonomy)
        return ProjectInput(compile_project(project), project)
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

    What makes levelling impossible and is known without solving raises a located
    ProjectError first (`check_schedulable`): a demand above every candidate's capacity
    when levelling, a deadline before its earliest finish with hard deadlines.
    `on_progress` hears of each better makespan or bound while levelling; setting `stop`
    ends the search with the best schedule found so far. The schedule carries the tasks'
    own deadlines, so that the deadlines it misses can be listed, and notes (in its
    findings) on where each duration that comes from an epic's forecast comes from and on
    the tasks that keep pinned dates.
    """
    from steerco.agile.hybrid import epic_notes
    from steerco.app.plan import project_plan
    from steerco.app.project import check_schedulable
    from steerco.formats.plan_store import default_plan_store
    from steerco.schedule.constraints import pinned_notes
    from steerco.schedule.deadlines import task_deadlines
    from steerco.schedule.planner import plan_network

    def planner(
        network: Network, project: Project | None, chosen: SolveOptions
    ) -> Schedule | Unscheduled:
        return plan_network(
            network,
            project=project,
            options=chosen,
            on_progress=on_progress,
            stop=stop,
            store=default_plan_store(),
        )

    loaded = _input(source)
    options = options or SolveOptions()
    check_schedulable(
        loaded, demands=levels(loaded, options), hard_deadlines=options.hard_deadlines
    )
    try:
        result = project_plan(loaded.network, loaded.project, options=options, planner=planner)
    except ProjectError as error:
        if loaded.path is None:
            raise
        from steerco.formats.located import locate_in_file

        raise ProjectError(locate_in_file(loaded.path, error.diagnostics)) from None
    deadlines = {} if loaded.project is None else task_deadlines(loaded.project)
    if isinstance(result, Schedule) and deadlines:
        result = dataclasses.replace(result, deadlines=deadlines)
    epics = [] if loaded.project is None else epic_notes(loaded.project)
    epics += [] if loaded.project is None else pinned_notes(loaded.project)
    if isinstance(result, Schedule) and epics:
        result = dataclasses.replace(result, findings=[*result.findings, *epics])
    return result
