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
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Action, Principal, Role, Workspace
from steerco.app.workspace.errors import ForbiddenError, NotFoundError
from steerco.app.workspace.permissions import Authorized, allowed, authorize, not_found
from steerco.app.workspace.project_gantt import GanttChart, default_open, gantt_chart
from steerco.app.workspace.projects import ProjectView, get_project, pull_project
from steerco.app.workspace.rows import COLLECTIONS, RowView
from steerco.recent import Recent
from steerco.store.tables import Project, ProjectRow, Revision

__all__ = [
    "REPORT_PARAMS",
    "TABS",
    "ProjectPage",
    "baseline_dates",
    "parsed_result",
    "plan_rows",
    "project_gantt",
    "project_page",
]

TABS: Final = ("overview", "gantt", "forecast", "evm", "risks", "gates", "team", "agile")
"""The tabs of the project page, in order (`agile` only when the plan has a backlog)."""

REPORT_PARAMS: Final[dict[str, Any]] = {"audience": "team", "iterations": 10_000, "seed": 0}
"""The team report the page takes its RAG, sections and charts from: the forecast job's
iterations and seed, so its charts agree with the forecast's dates."""

_NOTHING: Final[dict[str, Any]] = {}


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


def _plan_reader(session: Session, principal: Principal, project: str) -> Authorized:
    """The project if the principal reads its plan; a client's answer is "not found"."""
    try:
        return authorize(session, principal, project, Action.read_plan)
    except ForbiddenError:  # a client: the plan's page does not exist for them
        raise not_found(project) from None


def project_page(*, workspace: Workspace, principal: Principal, project: str) -> ProjectPage:
    """The project whose page the principal opens (NotFoundError for a client or a stranger)."""
    with workspace.transaction() as session:
        found = _plan_reader(session, principal, project)
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


_rows_cache: Recent[tuple[str, int, int, str, str], tuple[RowView, ...]] = Recent(64)


def _cached_rows(
    key: tuple[str, int, int, str, str], read: Callable[[], tuple[RowView, ...]]
) -> tuple[RowView, ...]:
    """The rows under `key`, read once: a revision's rows never change (an edit makes a new one)."""
    found = _rows_cache.get(key)
    if found is not None:
        return found
    rows = read()
    _rows_cache.put(key, rows)
    return rows


def top_sections(
    *, workspace: Workspace, principal: Principal, project: str, keys: tuple[str, ...]
) -> dict[str, Any]:
    """The top-level sections `keys` of the current revision (None where absent; read_plan)."""
    from steerco.app.workspace.sections import current_section

    with workspace.transaction() as session:
        found = _plan_reader(session, principal, project)
        return {key: current_section(session, found.project_id, key) for key in keys}


def plan_rows(
    *, workspace: Workspace, principal: Principal, project: str, collection: str
) -> tuple[RowView, ...]:
    """Every row of one collection of the current revision, in file order (read_plan).

    What `rows.list_rows` pages through, whole: kept in this process per revision (its
    number and text hash), so a 1,000-task plan's rows are decoded once, not per page view.
    """
    if collection not in COLLECTIONS:
        raise NotFoundError(f"no collection {collection!r}")
    with workspace.transaction() as session:
        found = _plan_reader(session, principal, project)
        revision, sha256 = session.execute(
            select(Revision.number, Revision.sha256)
            .join(Project, Project.id == Revision.project_id)
            .where(Project.id == found.project_id, Revision.number == Project.revision)
        ).one()
        key = (workspace.url, found.project_id, revision, sha256, collection)

        def read() -> tuple[RowView, ...]:
            rows = session.execute(
                select(ProjectRow.key, ProjectRow.position, ProjectRow.parent, ProjectRow.name,
                       ProjectRow.data)
                .where(ProjectRow.project_id == found.project_id,
                       ProjectRow.collection == collection)
                .order_by(ProjectRow.position)
            ).all()  # fmt: skip
            return tuple(
                RowView(collection, k, pos, par, name, data) for k, pos, par, name, data in rows
            )

        return _cached_rows(key, read)


@lru_cache(maxsize=32)
def _baseline_of(text: str) -> dict[str, tuple[dt.date, dt.date]] | None:
    """The dated tasks of the sidecar's baseline named `baseline`, else of its first one.

    The one `steerco export` shows (`BaselineFile.shown`), so both show the same dates.
    """
    from steerco.formats.baselines_file import parse_baselines

    chosen = parse_baselines(text).shown()
    if chosen is None:
        return None
    return {
        task.id: (task.start, task.finish)
        for task in chosen.tasks
        if isinstance(task.start, dt.date) and isinstance(task.finish, dt.date)
    }


def baseline_dates(
    *, workspace: Workspace, principal: Principal, project: str
) -> dict[str, tuple[dt.date, dt.date]] | None:
    """Each task's start and finish in the revision's baseline (None: no baseline saved).

    The baseline named `baseline`, else the first saved; parsed once per sidecar text and
    shared (not to be changed). A sidecar that cannot be read counts as none (the
    earned-value job says what is wrong).
    """
    from steerco.errors import ProjectError

    pulled = pull_project(workspace=workspace, principal=principal, project=project)
    if not pulled.baselines:
        return None
    try:
        return _baseline_of(pulled.baselines)
    except ProjectError:
        return None


def parsed_result(text: str | None) -> dict[str, Any] | None:
    """A job's JSON result as an object (None when there is none yet); do not change it.

    A job's result never changes: the object is parsed once per text and shared.
    """
    return None if text is None else _parsed(text)


@lru_cache(maxsize=16)
def _parsed(text: str) -> dict[str, Any] | None:
    data = json.loads(text)
    return data if isinstance(data, dict) else None


def project_gantt(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    schedule: dict[str, Any] | None,
    opened: frozenset[str] | None,
    level: int | None,
    zoom: str,
    today: dt.date,
    offset: int = 0,
) -> GanttChart:
    """The page's Gantt of the current revision: its rows under the open summaries, its bars.

    `schedule` is the schedule job's object (None while it runs: rows without bars);
    `opened` the summaries the reader opened (None: those above WBS `level`, by default
    the first levels that fit a page, `project_gantt.default_open`); `offset`
    the first visible row of the page.
    """
    tasks = plan_rows(workspace=workspace, principal=principal, project=project, collection="tasks")
    baseline = baseline_dates(workspace=workspace, principal=principal, project=project)
    return gantt_chart(
        tasks=tasks,
        schedule=schedule or _NOTHING,
        baseline=baseline or _NOTHING,
        opened=default_open(tasks, level) if opened is None else opened,
        zoom=zoom,
        today=today,
        offset=offset,
    )
