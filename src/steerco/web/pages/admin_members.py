"""A project's members for a site admin: add, change a role, remove (never the last owner).

A member may be linked to one of the plan's resources (whose tasks they update).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.accounts import list_users
from steerco.app.workspace.context import Role
from steerco.app.workspace.errors import WorkspaceError
from steerco.app.workspace.members import add_member, list_members, remove_member
from steerco.app.workspace.projects import get_project
from steerco.app.workspace.rows import list_rows
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.account_text import sentence
from steerco.web.pages.admin_access import AdminSession
from steerco.web.pages.session import PageSession
from steerco.web.pages.templating import render

__all__ = ["router"]

router = APIRouter()

_MAX_RESOURCES = 1000
_Slug = Annotated[str, Path(min_length=1, max_length=200)]
_UserName = Annotated[str, Path(min_length=1, max_length=64)]


def _members_url(project: str) -> str:
    """The members page of `project`."""
    return f"/admin/projects/{project}/members"


def _members_page(
    request: Request,
    workspace: CurrentWorkspace,
    session: PageSession,
    project: str,
    *,
    message: str = "",
    status: int = 200,
) -> Response:
    principal = session.principal
    found = get_project(workspace=workspace, principal=principal, project=project)
    members = list_members(workspace=workspace, principal=principal, project=project)
    taken = {member.user for member in members}
    resources = list_rows(
        workspace=workspace,
        principal=principal,
        project=project,
        collection="resources",
        limit=_MAX_RESOURCES,
    ).items
    return render(
        request,
        "admin/members.html",
        session,
        status_code=status,
        project=found,
        members=members,
        candidates=[u for u in list_users(workspace=workspace) if u.name not in taken],
        resources=[(row.key, row.name) for row in resources],
        roles=[role.value for role in Role],
        message=message,
    )


@router.get("/admin/projects/{project}/members")
def members(
    request: Request, workspace: CurrentWorkspace, session: AdminSession, project: _Slug
) -> Response:
    """The project's members, the form to add one, and each member's role to change."""
    return _members_page(request, workspace, session, project)


@router.post("/admin/projects/{project}/members")
def member_set(
    request: Request,
    workspace: CurrentWorkspace,
    session: AdminSession,
    project: _Slug,
    user: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=20)],
    resource: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add `user` with `role` (and the plan resource they are), or change their role."""
    try:
        add_member(
            workspace=workspace,
            principal=session.principal,
            project=project,
            user=user,
            role=role,
            resource=resource or None,
        )
    except WorkspaceError as error:
        if error.status == 404:
            raise
        message = sentence(error.message)
        return _members_page(request, workspace, session, project, message=message, status=422)
    return RedirectResponse(_members_url(project), status_code=303)


@router.post("/admin/projects/{project}/members/{user}/remove")
def member_remove(
    request: Request,
    workspace: CurrentWorkspace,
    session: AdminSession,
    project: _Slug,
    user: _UserName,
) -> Response:
    """Take `user` off the project (the last owner stays: the page says why)."""
    try:
        remove_member(workspace=workspace, principal=session.principal, project=project, user=user)
    except WorkspaceError as error:
        if error.status == 404:
            raise
        message = sentence(error.message)
        return _members_page(request, workspace, session, project, message=message, status=422)
    return RedirectResponse(_members_url(project), status_code=303)
