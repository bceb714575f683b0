"""The signed-in user's own account page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from steerco.app.workspace.projects import list_projects
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.session import SignedIn
from steerco.web.pages.templating import render

__all__ = ["router"]

router = APIRouter()


@router.get("/account")
def account(request: Request, workspace: CurrentWorkspace, session: SignedIn) -> Response:
    """Who I am, my projects and roles."""
    projects = list_projects(workspace=workspace, principal=session.principal)
    return render(request, "account.html", session, projects=projects)
