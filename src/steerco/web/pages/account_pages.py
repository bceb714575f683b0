"""The signed-in user's own account: projects and roles, password change, API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.accounts import change_password
from steerco.app.workspace.errors import InvalidRequestError, RateLimitedError, WorkspaceError
from steerco.app.workspace.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from steerco.app.workspace.projects import list_projects
from steerco.app.workspace.tokens import (
    IssuedToken,
    create_token,
    list_tokens,
    parse_expiry,
    revoke_token,
)
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.account_text import retry_hint, sentence
from steerco.web.pages.session import PageSession, SignedIn, clear_session_cookie
from steerco.web.pages.templating import render

__all__ = ["EXPIRY_CHOICES", "router"]

router = APIRouter()

EXPIRY_CHOICES = (
    ("7d", "in 7 days"),
    ("30d", "in 30 days"),
    ("90d", "in 90 days"),
    ("365d", "in a year"),
    ("never", "never"),
)
"""The expiry choices of the new-token form (`parse_expiry`'s wording, and the label)."""

_NOTICES = {
    "password": "Your password was changed. Your other sessions were signed out.",
}

_TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/account")
def account(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, changed: str = ""
) -> Response:
    """Who I am, my projects and roles, and what I can change."""
    projects = list_projects(workspace=workspace, principal=session.principal)
    return render(
        request, "account.html", session, projects=projects, notice=_NOTICES.get(changed, "")
    )


def _password_form(
    request: Request, session: PageSession, *, message: str = "", status: int = 200
) -> Response:
    return render(
        request,
        "account_password.html",
        session,
        status_code=status,
        message=message,
        min_length=MIN_PASSWORD_LENGTH,
        max_length=MAX_PASSWORD_LENGTH,
    )


@router.get("/account/password")
def password_form(request: Request, session: SignedIn) -> Response:
    """The password change form."""
    return _password_form(request, session)


@router.post("/account/password")
def password_change(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    current_password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)],
    new_password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)],
    new_password_again: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)],
) -> Response:
    """Change my password (the current one checked as a sign-in); my other sessions end."""
    if new_password != new_password_again:
        message = "The two new passwords differ: type the same one twice."
        return _password_form(request, session, message=message, status=422)
    try:
        change_password(
            workspace=workspace,
            principal=session.principal,
            current=current_password,
            new=new_password,
            client=_client(request),
        )
    except RateLimitedError as error:
        wait = int(error.detail.get("retry_after", 60))
        response = _password_form(request, session, message=retry_hint(wait), status=429)
        response.headers["Retry-After"] = str(wait)
        return response
    except InvalidRequestError as error:
        return _password_form(request, session, message=sentence(error.message), status=422)
    return RedirectResponse("/account?changed=password", status_code=303)


def _tokens_page(
    request: Request,
    workspace: CurrentWorkspace,
    session: PageSession,
    *,
    issued: IssuedToken | None = None,
    message: str = "",
    status: int = 200,
    form: dict[str, object] | None = None,
) -> Response:
    tokens = list_tokens(workspace=workspace, user=session.name)
    now = dt.datetime.now(dt.UTC)
    return render(
        request,
        "account_tokens.html",
        session,
        status_code=status,
        api_tokens=[t for t in tokens if t.kind == "api"],
        sessions=[t for t in tokens if t.kind == "session" and t.state(now) == "active"],
        current_token=session.principal.token_id,
        projects=list_projects(workspace=workspace, principal=session.principal),
        expiries=EXPIRY_CHOICES,
        issued=issued,
        message=message,
        form=form or {"name": "", "projects": [], "expires": "90d"},
        now=now,
    )


@router.get("/account/tokens")
def tokens(request: Request, workspace: CurrentWorkspace, session: SignedIn) -> Response:
    """My API tokens and sessions, and the form for a new token."""
    return _tokens_page(request, workspace, session)


@router.post("/account/tokens")
def token_create(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    name: Annotated[str, Form(max_length=200)],
    expires: Annotated[str, Form(max_length=20)] = "90d",
    projects: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """A new API token of mine: its secret is on this answer only."""
    form: dict[str, object] = {"name": name, "projects": projects or [], "expires": expires}
    try:
        issued = create_token(
            workspace=workspace,
            user=session.name,
            name=name,
            projects=projects or None,
            expires=parse_expiry(expires),
            limit_to=session.principal.projects,
        )
    except WorkspaceError as error:
        return _tokens_page(
            request, workspace, session, message=sentence(error.message), status=422, form=form
        )
    return _tokens_page(request, workspace, session, issued=issued, status=201)


@router.post("/account/tokens/{token_id}/revoke")
def token_revoke(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, token_id: _TokenId
) -> Response:
    """Revoke one of my tokens or sessions (this session's: I am signed out)."""
    revoke_token(workspace=workspace, user=session.name, token_id=token_id)
    if token_id == session.principal.token_id:
        response = RedirectResponse("/login", status_code=303)
        clear_session_cookie(response, request)
        return response
    return RedirectResponse("/account/tokens", status_code=303)
