"""The admin pages of site admins: overview, users (add, disable, enable), every token.

Project memberships (`admin_members`) and the audit log (`admin_audit`) have their own
modules; this router includes theirs.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.accounts import (
    MAX_DISPLAY_NAME,
    UserView,
    create_user,
    disable_user,
    enable_user,
    list_users,
)
from steerco.app.workspace.errors import WorkspaceError
from steerco.app.workspace.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from steerco.app.workspace.projects import list_projects
from steerco.app.workspace.token_admin import list_every_token, revoke_any_token
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages import admin_audit, admin_members
from steerco.web.pages.account_text import sentence
from steerco.web.pages.admin_access import AdminSession
from steerco.web.pages.session import PageSession
from steerco.web.pages.templating import render

__all__ = ["generated_password", "router"]

router = APIRouter()
router.include_router(admin_members.router)
router.include_router(admin_audit.router)

_GENERATED_BYTES = 15  # 20 url-safe characters
_UserName = Annotated[str, Path(min_length=1, max_length=64)]
_TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def generated_password() -> str:
    """A new random password for a user added without one (20 url-safe characters)."""
    return secrets.token_urlsafe(_GENERATED_BYTES)


@router.get("/admin")
def admin_home(request: Request, workspace: CurrentWorkspace, session: AdminSession) -> Response:
    """The site at a glance: users, projects (with their members' pages), the admin pages."""
    users = list_users(workspace=workspace)
    return render(
        request,
        "admin/index.html",
        session,
        projects=list_projects(workspace=workspace, principal=session.principal),
        users=len(users),
        disabled=sum(user.disabled for user in users),
        admins=sum(user.is_admin for user in users),
    )


def _users_page(
    request: Request,
    workspace: CurrentWorkspace,
    session: PageSession,
    *,
    added: UserView | None = None,
    password: str = "",
    message: str = "",
    status: int = 200,
    form: dict[str, object] | None = None,
) -> Response:
    return render(
        request,
        "admin/users.html",
        session,
        status_code=status,
        users=list_users(workspace=workspace),
        added=added,
        password=password,
        message=message,
        form=form or {"name": "", "display_name": "", "admin": False},
        min_length=MIN_PASSWORD_LENGTH,
        max_length=MAX_PASSWORD_LENGTH,
        max_display=MAX_DISPLAY_NAME,
    )


@router.get("/admin/users")
def users(request: Request, workspace: CurrentWorkspace, session: AdminSession) -> Response:
    """Every user, and the form to add one."""
    return _users_page(request, workspace, session)


@router.post("/admin/users")
def user_add(
    request: Request,
    workspace: CurrentWorkspace,
    session: AdminSession,
    name: Annotated[str, Form(max_length=120)],
    display_name: Annotated[str, Form(max_length=MAX_DISPLAY_NAME)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)] = "",
    admin: Annotated[bool, Form()] = False,
) -> Response:
    """Add a user with the typed password, or a generated one shown on this answer only."""
    shown = password or generated_password()
    try:
        view = create_user(
            workspace=workspace,
            name=name.strip(),
            password=shown,
            display_name=display_name.strip(),
            admin=admin,
            by=session.principal,
        )
    except WorkspaceError as error:
        form = {"name": name, "display_name": display_name, "admin": admin}
        return _users_page(
            request, workspace, session, message=sentence(error.message), status=422, form=form
        )
    return _users_page(
        request,
        workspace,
        session,
        added=view,
        password="" if password else shown,
        status=201,
    )


@router.post("/admin/users/{name}/disable")
def user_disable(workspace: CurrentWorkspace, session: AdminSession, name: _UserName) -> Response:
    """Disable a user: no sign-in, and their tokens stop working at once."""
    disable_user(workspace=workspace, name=name, by=session.principal)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}/enable")
def user_enable(workspace: CurrentWorkspace, session: AdminSession, name: _UserName) -> Response:
    """Let a disabled user sign in again."""
    enable_user(workspace=workspace, name=name, by=session.principal)
    return RedirectResponse("/admin/users", status_code=303)


def _tokens_url(user: str, show_all: bool) -> str:
    """The tokens page filtered to `user` (blank: everyone), with revoked and expired ones."""
    params = {"user": user} if user else {}
    if show_all:
        params["all"] = "1"
    return "/admin/tokens" + (f"?{urlencode(params)}" if params else "")


@router.get("/admin/tokens")
def tokens(
    request: Request,
    workspace: CurrentWorkspace,
    session: AdminSession,
    user: Annotated[str, Query(max_length=64)] = "",
    everything: Annotated[str, Query(alias="all", max_length=1)] = "",
) -> Response:
    """Every user's tokens and sessions (the active ones, or all with `all=1`)."""
    show_all = everything == "1"
    owned = list_every_token(
        workspace=workspace,
        principal=session.principal,
        user=user or None,
        active_only=not show_all,
    )
    return render(
        request,
        "admin/tokens.html",
        session,
        tokens=owned,
        users=[each.name for each in list_users(workspace=workspace)],
        user=user,
        show_all=show_all,
        now=dt.datetime.now(dt.UTC),
    )


@router.post("/admin/tokens/{token_id}/revoke")
def token_revoke(
    workspace: CurrentWorkspace,
    session: AdminSession,
    token_id: _TokenId,
    user: Annotated[str, Form(max_length=64)] = "",
    everything: Annotated[str, Form(alias="all", max_length=1)] = "",
) -> Response:
    """Revoke any user's token or session, then back to the list as it was filtered."""
    revoke_any_token(workspace=workspace, principal=session.principal, token_id=token_id)
    return RedirectResponse(_tokens_url(user, everything == "1"), status_code=303)
