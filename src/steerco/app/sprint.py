"""The Scrum use cases: a sprint's report at a date, and the team's velocity.

Both read the project file and take the as-of date from `as_of`, else the file's
`progress.status_date`, else today. A project without sprints is a `no_sprints` error at
the file; an unknown `sprint` id, or a `sprints` window below 1, is an error on the option
(a diagnostic without a file whose path is the option's name).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.app._backlog import as_of_day, backlog_project
from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, did_you_mean

if TYPE_CHECKING:
    from steerco.agile.sprint import SprintReport
    from steerco.agile.velocity import Velocity
    from steerco.model import Project

__all__ = ["sprint_report", "velocity_report"]


def _load(path: Path, project: Project | None) -> Project:
    """The project at `path` (or as loaded); a `no_sprints` error when it has no sprints."""
    project = backlog_project(path, project)
    if not project.sprints:
        message = "this project has no sprints; add them under `sprints:` (id, start, end)"
        raise ProjectError([Diagnostic(Code.no_sprints, message, (), str(path))])
    return project


def sprint_report(
    *,
    path: Path,
    sprint: str | None = None,
    as_of: dt.date | None = None,
    project: Project | None = None,
) -> SprintReport:
    """The report of sprint `sprint` (by default the current one) of the project at `path`.

    The current sprint is the one active at the as-of date, else the last finished one,
    else the next one. `project`: the file as loaded, when the caller has it.
    """
    from steerco.agile.sprint import current_sprint
    from steerco.agile.sprint import sprint_report as report_of

    project = _load(path, project)
    day = as_of_day(project, as_of)
    if sprint is None:
        chosen = current_sprint(project.sprints, day)
        assert chosen is not None  # the project has sprints
    else:
        ids = [s.id for s in project.sprints]
        found = [s for s in project.sprints if s.id == sprint]
        if not found:
            same = [i for i in ids if i.casefold() == sprint.casefold()]
            hint = f"; did you mean {same[0]!r}?" if same else did_you_mean(sprint, ids)
            message = f"no sprint has id {sprint!r}{hint} (the sprints: {', '.join(ids)})"
            raise ProjectError([Diagnostic(Code.unknown_sprint, message, ("sprint",))])
        chosen = found[0]
    return report_of(project, chosen, day)


def velocity_report(
    *,
    path: Path,
    sprints: int | None = None,
    as_of: dt.date | None = None,
    project: Project | None = None,
) -> Velocity:
    """Velocity of the project at `path`: every finished sprint, statistics over the last N.

    N is `sprints`, else the file's `agile.velocity_sprints`. `project`: the file as
    loaded, when the caller has it.
    """
    from steerco.agile.velocity import velocity

    if sprints is not None and sprints < 1:
        message = f"velocity looks back on 1 sprint or more, not {sprints}"
        raise ProjectError([Diagnostic(Code.bad_value, message, ("sprints",))])
    project = _load(path, project)
    return velocity(project, as_of_day(project, as_of), window=sprints)
