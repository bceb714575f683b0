"""The project page `/projects/{p}` and its tabs: Gantt, forecast, risks, team, sprint board...

Each tab reads the current revision's rows and the results of its background analyses
(`analyses.analysis`: schedule, forecast, evm and the team report); while one runs, the tab
shows its live progress and reloads when it ends. The charts are the report's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import Response

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.project_figures import (
    EVM_SHOWN,
    board,
    board_day,
    evm_summary,
    forecast_summary,
    milestone_lines,
    report_parts,
    risk_lines,
    statuses_on,
    team_lines,
)
from steerco.app.workspace.project_gantt import ZOOMS, toggled
from steerco.app.workspace.project_views import (
    REPORT_PARAMS,
    ProjectPage,
    baseline_dates,
    parsed_result,
    plan_rows,
    project_gantt,
    project_page,
    top_sections,
)
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.analyses import Analysis, analysis
from steerco.web.pages.session import PageSession, SignedIn
from steerco.web.pages.templating import is_htmx, render

__all__ = ["router"]

router = APIRouter()

_PARAMS: dict[str, dict[str, Any]] = {
    "schedule": {},
    "forecast": {},
    "evm": {},
    "report": REPORT_PARAMS,
}
_TITLES = {
    "overview": "Overview",
    "gantt": "Gantt",
    "forecast": "Forecast",
    "evm": "Earned value",
    "risks": "Risks",
    "gates": "Gates",
    "team": "Team load",
    "agile": "Sprint board",
}


def _jobs(
    workspace: Workspace, principal: Principal, project: str, kinds: Sequence[str]
) -> dict[str, Analysis]:
    """The analyses a tab needs, each submitted or found for the current revision."""
    return {
        kind: analysis(
            workspace=workspace,
            principal=principal,
            project=project,
            kind=kind,
            params=_PARAMS[kind],
        )
        for kind in kinds
    }


def _tab(
    request: Request,
    session: PageSession,
    page: ProjectPage,
    tab: str,
    jobs: dict[str, Analysis],
    *,
    template: str | None = None,
    **context: Any,
) -> Response:
    """The tab's page: the project's header and tabs, the jobs' progress, the tab's content."""
    report = jobs.get("report")
    parts = report_parts(report.result) if report is not None and report.result else None
    return render(
        request,
        f"project/{template or tab}.html",
        session,
        page=page,
        project=page.project,
        tab=tab,
        tab_title=_TITLES[tab],
        tabs=[
            (name, title) for name, title in _TITLES.items() if name != "agile" or page.has_backlog
        ],
        jobs=jobs,
        pending=[job for job in jobs.values() if job.pending],
        report=parts,
        **context,
    )


def _schedule(jobs: dict[str, Analysis]) -> dict[str, Any] | None:
    return parsed_result(jobs["schedule"].result) if "schedule" in jobs else None


@router.get("/projects/{project}")
def overview(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """The project at a glance: RAG, forecast finish, next milestones, links to the tabs."""
    page = project_page(workspace=workspace, principal=session.principal, project=project)
    jobs = _jobs(workspace, session.principal, project, ("schedule", "forecast", "report"))
    forecast = forecast_summary(jobs["forecast"].result) if jobs["forecast"].result else None
    schedule = _schedule(jobs)
    milestones = plan_rows(
        workspace=workspace, principal=session.principal, project=project, collection="milestones"
    )
    lines = milestone_lines(milestones, schedule, forecast)
    upcoming = [m for m in lines if m.reached is None][:5]
    return _tab(
        request,
        session,
        page,
        "overview",
        jobs,
        forecast=forecast,
        schedule=schedule,
        upcoming=upcoming,
        milestones_total=len(lines),
    )


def _opened(value: str | None) -> frozenset[str] | None:
    """The `open` query: the summaries the reader opened, comma-separated (absent: None)."""
    if value is None:
        return None
    return frozenset(part for part in value.split(",") if part)


def _level(value: str | None) -> int | None:
    """The `level` query: the WBS depth shown (None: the default, `all`: every level)."""
    if value is None:
        return None
    if value == "all":
        return 1_000
    if not value.isdigit() or int(value) > 1_000:
        raise InvalidRequestError(
            f"query.level: level is a WBS depth (0, 1, 2...) or all, got {value!r}"
        )
    return int(value)


@router.get("/projects/{project}/gantt")
def gantt(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    zoom: str = "week",
    level: str | None = None,
    open: str | None = None,
    offset: int = 0,
) -> Response:
    """The interactive Gantt: zoom, open and close summaries, critical path, baseline, today."""
    if zoom not in ZOOMS:
        raise InvalidRequestError(f"query.zoom: zoom is one of {', '.join(ZOOMS)}, got {zoom!r}")
    page = project_page(workspace=workspace, principal=session.principal, project=project)
    jobs = _jobs(workspace, session.principal, project, ("schedule",))
    schedule = _schedule(jobs)
    chart = project_gantt(
        workspace=workspace,
        principal=session.principal,
        project=project,
        schedule=schedule,
        opened=_opened(open),
        level=_level(level),
        zoom=zoom,
        today=dt.date.today(),
        offset=offset,
    )

    def toggle_url(task: str) -> str:
        opened = quote(",".join(sorted(toggled(chart.opened, task))), safe=",:")
        return f"/projects/{project}/gantt?zoom={zoom}&open={opened}"

    return _tab(
        request,
        session,
        page,
        "gantt",
        jobs,
        template="_gantt" if is_htmx(request) else None,  # a control: only the chart changes
        chart=chart,
        schedule=schedule,
        zooms=tuple(ZOOMS),
        toggle_url=toggle_url,
        opened_query=quote(",".join(sorted(chart.opened)), safe=",:"),
    )


@router.get("/projects/{project}/forecast")
def forecast(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """The finish forecast: P50/P80/P95 dates, milestones, criticality and the report's charts."""
    page = project_page(workspace=workspace, principal=session.principal, project=project)
    jobs = _jobs(workspace, session.principal, project, ("schedule", "forecast", "report"))
    summary = forecast_summary(jobs["forecast"].result) if jobs["forecast"].result else None
    milestones = plan_rows(
        workspace=workspace, principal=session.principal, project=project, collection="milestones"
    )
    tasks = {
        row.key: row.name
        for row in plan_rows(
            workspace=workspace, principal=session.principal, project=project, collection="tasks"
        )
    }
    return _tab(
        request,
        session,
        page,
        "forecast",
        jobs,
        summary=summary,
        schedule=_schedule(jobs),
        milestones=milestone_lines(milestones, _schedule(jobs), summary),
        task_names=tasks,
    )


@router.get("/projects/{project}/evm")
def earned_value(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """Earned value at the status date: CPI, SPI, EAC... and the report's S-curve."""
    page = project_page(workspace=workspace, principal=session.principal, project=project)
    baseline = baseline_dates(workspace=workspace, principal=session.principal, project=project)
    jobs = _jobs(workspace, session.principal, project, ("report",))
    report = jobs["report"].result
    status_date = report_parts(report).status_date if report else None
    if baseline is not None and status_date is not None:
        # At the report's status date (the file's, else today), so both agree.
        jobs["evm"] = analysis(
            workspace=workspace,
            principal=session.principal,
            project=project,
            kind="evm",
            params={"status_date": status_date.isoformat()},
        )
    evm = jobs.get("evm")
    summary = evm_summary(evm.result) if evm is not None and evm.result else None
    return _tab(
        request,
        session,
        page,
        "evm",
        jobs,
        summary=summary,
        measures=EVM_SHOWN,
        has_baseline=baseline is not None,
    )


@router.get("/projects/{project}/risks")
def risks(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """The risk register and the report's probability-impact matrix."""
    page = project_page(workspace=workspace, principal=session.principal, project=project)
    jobs = _jobs(workspace, session.principal, project, ("forecast", "report"))
    summary = forecast_summary(jobs["forecast"].result) if jobs["forecast"].result else None
    rows = plan_rows(
        workspace=workspace, principal=session.principal, project=project, collection="risks"
    )
    return _tab(request, session, page, "risks", jobs, risks=risk_lines(rows, summary))


@router.get("/projects/{project}/gates")
def gates(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """The gated milestones and the report's verdicts (met, not met, likely...)."""
    page = project_page(workspace=workspace, principal=session.principal, project=project)
    jobs = _jobs(workspace, session.principal, project, ("report",))
    rows = plan_rows(
        workspace=workspace, principal=session.principal, project=project, collection="gates"
    )
    return _tab(request, session, page, "gates", jobs, gates=rows)


@router.get("/projects/{project}/team")
def team(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """Each resource's scheduled tasks and the report's weekly load against capacity."""
    page = project_page(workspace=workspace, principal=session.principal, project=project)
    jobs = _jobs(workspace, session.principal, project, ("schedule", "report"))
    rows = plan_rows(
        workspace=workspace, principal=session.principal, project=project, collection="resources"
    )
    return _tab(request, session, page, "team", jobs, team=team_lines(rows, _schedule(jobs)))


@router.get("/projects/{project}/agile")
def agile(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """The sprint board by status, the sprints, and the report's burn-up and burn-down."""
    page = project_page(workspace=workspace, principal=session.principal, project=project)
    jobs = _jobs(workspace, session.principal, project, ("report",) if page.has_backlog else ())
    backlog = plan_rows(
        workspace=workspace, principal=session.principal, project=project, collection="backlog"
    )
    sprints = plan_rows(
        workspace=workspace, principal=session.principal, project=project, collection="sprints"
    )
    sections = top_sections(
        workspace=workspace,
        principal=session.principal,
        project=project,
        keys=("progress", "workflow"),
    )
    day = board_day(sections["progress"], dt.date.today())
    return _tab(
        request,
        session,
        page,
        "agile",
        jobs,
        board=board(statuses_on(backlog, sections["workflow"], day), sprints, day),
        sprints=sprints,
    )
