"""Use cases: what the project page shows, from the current revision's rows and analyses.

The page never schedules or forecasts in a request: it reads the derived rows
(`rows.list_rows`) and the results of the revision's background jobs (schedule, forecast,
evm and the team report, `REPORT_PARAMS`), which these functions turn into data
(`project_gantt`, `project_figures`). The page is the plan's: a client, whose view of a
project is the portal, is answered "not found" here, as someone who is no member.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import func, select

from steerco.app.workspace.context import Action, Principal, Role, Workspace
from steerco.app.workspace.errors import ForbiddenError
from steerco.app.workspace.permissions import allowed, authorize, not_found
from steerco.app.workspace.project_gantt import GanttChart, default_open, gantt_chart
from steerco.app.workspace.projects import ProjectView, get_project, pull_project
from steerco.app.workspace.rows import RowView, list_rows
from steerco.store.tables import ProjectRow

__all__ = [
    "REPORT_PARAMS",
    "TABS",
    "ProjectPage",
    "all_rows",
    "baseline_dates",
    "parsed_result",
    "project_gantt",
    "project_page",
]

TABS: Final = ("overview", "gantt", "forecast", "evm", "risks", "gates", "team", "agile")
"""The tabs of the project page, in order (`agile` only when the plan has a backlog)."""

REPORT_PARAMS: Final[dict[str, Any]] = {"audience": "team", "iterations": 10_000, "seed": 0}
"""The team report the page takes its RAG, sections and charts from: the forecast job's
iterations and seed, so its charts agree with the forecast's dates."""

_PAGE: Final = 1000


@dataclass(frozen=True)
class ProjectPage:
    """The project a page is about: its view, what the reader may do, and its parts.

    `may_edit`: the reader edits the plan (a manager, owner or site admin); `resource`:
    the plan's resource linked to the reader's membership (whose tasks they update);
    `has_backlog`: the plan has work items (the agile tab shows).
    """

    project: ProjectView
    may_edit: bool
    resource: str | None
    has_backlog: bool


def project_page(*, workspace: Workspace, principal: Principal, project: str) -> ProjectPage:
    """The project whose page the principal opens (NotFoundError for a client or a stranger)."""
    with workspace.transaction() as session:
        try:
            found = authorize(session, principal, project, Action.read_plan)
        except ForbiddenError:  # a client: the plan's page does not exist for them
            raise not_found(project) from None
        backlog = session.scalar(
            select(func.count())
            .select_from(ProjectRow)
            .where(ProjectRow.project_id == found.project_id, ProjectRow.collection == "backlog")
        )
    view = get_project(workspace=workspace, principal=principal, project=project)
    may_edit = principal.is_admin or (
        found.role is not None and allowed(Role(found.role), Action.edit_plan)
    )
    return ProjectPage(
        project=view, may_edit=may_edit, resource=found.resource, has_backlog=bool(backlog)
    )


def all_rows(
    *, workspace: Workspace, principal: Principal, project: str, collection: str
) -> list[RowView]:
    """Every row of one collection of the current revision, in file order."""
    rows: list[RowView] = []
    while True:
        page = list_rows(
            workspace=workspace,
            principal=principal,
            project=project,
            collection=collection,
            offset=len(rows),
            limit=_PAGE,
        )
        rows.extend(page.items)
        if not page.items or len(rows) >= page.total:
            return rows


@lru_cache(maxsize=32)
def _baseline_of(text: str) -> tuple[tuple[str, dt.date, dt.date], ...] | None:
    """The dated tasks of the sidecar's baseline named `baseline`, else of its last one."""
    from steerco.formats.baselines_file import parse_baselines
    from steerco.model.baseline import DEFAULT_BASELINE

    saved = parse_baselines(text)
    if not saved.baselines:
        return None
    chosen = saved.get(DEFAULT_BASELINE) or saved.baselines[-1]
    return tuple(
        (task.id, task.start, task.finish)
        for task in chosen.tasks
        if isinstance(task.start, dt.date) and isinstance(task.finish, dt.date)
    )


def baseline_dates(
    *, workspace: Workspace, principal: Principal, project: str
) -> dict[str, tuple[dt.date, dt.date]] | None:
    """Each task's start and finish in the revision's baseline (None: no baseline saved).

    The baseline named `baseline`, else the last saved; parsed once per sidecar text. A
    sidecar that cannot be read counts as none (the earned-value job says what is wrong).
    """
    from steerco.errors import ProjectError

    pulled = pull_project(workspace=workspace, principal=principal, project=project)
    if not pulled.baselines:
        return None
    try:
        dated = _baseline_of(pulled.baselines)
    except ProjectError:
        return None
    return None if dated is None else {task: (start, finish) for task, start, finish in dated}


def parsed_result(text: str | None) -> dict[str, Any] | None:
    """A job's JSON result as an object (None when there is none yet)."""
    if text is None:
        return None
    data = json.loads(text)
    return data if isinstance(data, dict) else None


def project_gantt(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    schedule: dict[str, Any] | None,
    opened: frozenset[str] | None,
    level: int,
    zoom: str,
    today: dt.date,
) -> GanttChart:
    """The page's Gantt of the current revision: its rows under the open summaries, its bars.

    `schedule` is the schedule job's object (None while it runs: rows without bars);
    `opened` the summaries the reader opened (None: those above WBS `level`).
    """
    tasks = all_rows(workspace=workspace, principal=principal, project=project, collection="tasks")
    baseline = baseline_dates(workspace=workspace, principal=principal, project=project)
    return gantt_chart(
        tasks=tasks,
        schedule=schedule or {},
        baseline=baseline or {},
        opened=default_open(tasks, level) if opened is None else opened,
        zoom=zoom,
        today=today,
    )
