"""Signing in and out of the pages, and the front door (`/`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.errors import RateLimitedError, UnauthorizedError
from steerco.app.workspace.tokens import revoke_token, sign_in
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.account_text import retry_hint
from steerco.web.pages.session import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SignedIn,
    clear_session_cookie,
    login_csrf,
    safe_next,
    set_session_cookie,
)
from steerco.web.pages.templating import render

__all__ = ["router"]

router = APIRouter()


@router.get("/", include_in_schema=False)
def front_door(request: Request) -> Response:
    """The dashboard when signed in (the dashboard asks for a session), else the sign-in form."""
    target = "/dashboard" if request.cookies.get(SESSION_COOKIE) else "/login"
    return RedirectResponse(target, status_code=303)


def _login_form(
    request: Request, next_path: str, *, message: str = "", status: int = 200, name: str = ""
) -> Response:
    token = login_csrf(request)
    response = render(
        request,
        "login.html",
        status_code=status,
        csrf=token,
        next_path=safe_next(next_path),
        message=message,
        name=name,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/login",
    )
    return response


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in form."""
    return _login_form(request, next)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    workspace: CurrentWorkspace,
    name: Annotated[str, Form(max_length=120)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password, start a session (cookie) and go where the user was going."""
    client = request.client.host if request.client else "unknown"
    try:
        issued = sign_in(workspace=workspace, name=name, password=password, client=client)
    except RateLimitedError as error:
        wait = int(error.detail.get("retry_after", 60))
        response = _login_form(request, next, message=retry_hint(wait), status=429, name=name)
        response.headers["Retry-After"] = str(wait)
        return response
    except UnauthorizedError as error:
        return _login_form(request, next, message=error.message, status=401, name=name)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, request, issued.secret)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, workspace: CurrentWorkspace, session: SignedIn) -> Response:
    """End the session: its token is revoked and the cookie forgotten."""
    if session.principal.token_id is not None:
        revoke_token(
            workspace=workspace,
            user=session.name,
            token_id=session.principal.token_id,
        )
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response, request)
    return response
