"""The client portal: `/portal` (my projects) and `/portal/{p}` (its client report only).

`/portal/{p}` shows the client-audience report of the current revision, from the `report`
job with `audience=client` (its progress bar while it runs), inside the page, and the
decisions the project needs, each with its comments and a form to comment on it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.comments import add_comment
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.portal import decision_threads
from steerco.app.workspace.projects import get_project, list_projects
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.analyses import analysis, may_run_analyses
from steerco.web.pages.portal_report import report_body, report_css
from steerco.web.pages.session import PageSession, SignedIn
from steerco.web.pages.templating import render

__all__ = ["CLIENT_REPORT", "router"]

router = APIRouter()

CLIENT_REPORT: dict[str, Any] = {"audience": "client"}
"""The report job's parameters for the portal (the CLI's defaults otherwise)."""


@router.get("/portal")
def portal(request: Request, workspace: CurrentWorkspace, session: SignedIn) -> Response:
    """The projects whose client report I may read (as a client, or to preview it)."""
    projects = list_projects(workspace=workspace, principal=session.principal)
    return render(request, "portal/index.html", session, projects=projects)


@router.get("/portal/_report.css")
def portal_report_css() -> Response:
    """The report's stylesheet, limited to the report inside the portal's page."""
    return Response(
        report_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
    )


def _project_page(
    request: Request,
    workspace: CurrentWorkspace,
    session: PageSession,
    project: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> Response:
    found = get_project(workspace=workspace, principal=session.principal, project=project)
    report = analysis(
        workspace=workspace,
        principal=session.principal,
        project=found.slug,
        kind="report",
        params=CLIENT_REPORT,
    )
    body = report_body(report.result) if report.result is not None else None
    threads = decision_threads(workspace=workspace, principal=session.principal, project=project)
    context.setdefault("message", "")
    context.setdefault("failed_target", "")
    context.setdefault("text", "")
    return render(
        request,
        "portal/project.html",
        session,
        status_code=status_code,
        project=found,
        report=report,
        body=body,
        threads=threads,
        can_cancel=may_run_analyses(workspace, session.principal, found.slug),
        **context,
    )


@router.get("/portal/{project}")
def portal_project(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """The project's client report (milestones, forecast, RAG, decisions) and decisions' talk."""
    return _project_page(request, workspace, session, project)


# `{decision:path}`: a decision id may hold a `/` (sent as `%2F`, decoded before routing).
@router.post("/portal/{project}/decisions/{decision:path}/comments")
def comment_on_decision(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    decision: str,
    text: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Comment on a decision the project needs; 303 back to it on the portal page."""
    target = f"decisions/{decision}"
    try:
        add_comment(
            workspace=workspace,
            principal=session.principal,
            project=project,
            target=target,
            text=text,
        )
    except InvalidRequestError as error:
        return _project_page(
            request,
            workspace,
            session,
            project,
            status_code=422,
            message=error.message,
            failed_target=target,
            text=text,
        )
    # The fragment encoded like a link's segment: the browser decodes it to find the id.
    return RedirectResponse(
        f"/portal/{project}#decision-{quote(decision, safe=':')}", status_code=303
    )
