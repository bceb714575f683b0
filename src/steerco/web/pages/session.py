"""Who is signed in to the pages: a session cookie holding a session token, and CSRF.

Signing in (`POST /login`) issues the same session token as `POST /api/v1/auth/login`
and keeps its secret in an HttpOnly, SameSite=Lax cookie (Secure when the request came
over TLS). Every form and htmx request that changes something carries a CSRF token: an
HMAC of the session secret, so only a page of this site (which can read it from the page,
not from the cookie) can send it. The sign-in form itself, before any session, uses a
double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from starlette.responses import Response

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import UnauthorizedError
from steerco.app.workspace.tokens import SESSION_LIFETIME, principal_for_token
from steerco.web.auth import CurrentWorkspace

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LOGIN_CSRF_COOKIE",
    "SESSION_COOKIE",
    "CsrfRefusedError",
    "PageSession",
    "SignInRequiredError",
    "SignedIn",
    "check_csrf",
    "clear_session_cookie",
    "csrf_for",
    "login_csrf",
    "safe_next",
    "set_session_cookie",
    "sign_in_redirect",
]

SESSION_COOKIE = "steerco_session"
LOGIN_CSRF_COOKIE = "steerco_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignInRequiredError(Exception):
    """No valid session: the page answers a redirect to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        super().__init__("sign in first")
        self.next_path = next_path


class CsrfRefusedError(Exception):
    """A change without the page's CSRF token (403)."""


@dataclass(frozen=True)
class PageSession:
    """The signed-in user of a page request: their principal and the page's CSRF token."""

    principal: Principal
    secret: str = field(repr=False)
    csrf: str = field(repr=False)

    @property
    def name(self) -> str:
        """The user's name."""
        return self.principal.name

    @property
    def is_admin(self) -> bool:
        """Whether the user is a site admin."""
        return self.principal.is_admin


def csrf_for(secret: str) -> str:
    """The CSRF token of the session whose secret is `secret`."""
    return hmac.new(secret.encode("utf-8"), b"steerco-csrf", hashlib.sha256).hexdigest()


def _is_tls(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, secret: str) -> None:
    """Keep the session's secret in the browser: HttpOnly, SameSite=Lax, Secure over TLS."""
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_is_tls(request),
        path="/",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    """Forget the session in the browser."""
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=_is_tls(request), path="/"
    )


def login_csrf(request: Request) -> str:
    """The sign-in form's double-submit token: the cookie's value, or a new one."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    # A browser drops tabs and newlines inside a URL (`/<TAB>/host` is `//host`).
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return "/"
    return target


def _here(request: Request) -> str:
    """Where to come back after signing in: this page, or for a form sent, the form's page.

    A form's target answers POST only (a GET of it after signing in would be a 405), so
    a change sent with an expired session comes back to the page it was sent from (htmx's
    `HX-Current-URL`, else the Referer) when that page is on this site; else to the start.
    """
    if request.method in _SAFE_METHODS:
        path = request.url.path
        return path + (f"?{request.url.query}" if request.url.query else "")
    sent_from = request.headers.get("HX-Current-URL") or request.headers.get("Referer") or ""
    page = urlsplit(sent_from)
    if page.scheme not in ("http", "https") or page.netloc != request.url.netloc:
        return "/"
    return page.path + (f"?{page.query}" if page.query else "")


def _signed_in(request: Request, workspace: CurrentWorkspace) -> PageSession:
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        raise SignInRequiredError(_here(request))
    try:
        principal = _principal(workspace, secret)
    except UnauthorizedError:
        raise SignInRequiredError(_here(request)) from None
    return PageSession(principal=principal, secret=secret, csrf=csrf_for(secret))


def _principal(workspace: Workspace, secret: str) -> Principal:
    return principal_for_token(workspace=workspace, secret=secret)


SignedIn = Annotated[PageSession, Depends(_signed_in)]
"""The signed-in user of a page (a redirect to /login without a valid session)."""


async def check_csrf(request: Request) -> None:
    """Refuse (403) a change without the CSRF token of the session (or of the sign-in form).

    A router-wide dependency of the pages: GET and HEAD pass; every other method must send
    the token as the form field `csrf_token` or the `X-CSRF-Token` header.
    """
    if request.method in _SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    secret = request.cookies.get(SESSION_COOKIE)
    expected = [csrf_for(secret)] if secret else []
    login = request.cookies.get(LOGIN_CSRF_COOKIE)
    if login and request.url.path == "/login":
        expected.append(login)
    if not sent or not any(hmac.compare_digest(sent, token) for token in expected):
        raise CsrfRefusedError


def sign_in_redirect(next_path: str) -> str:
    """The sign-in page's URL that comes back to `next_path` afterwards."""
    return f"/login?next={quote(safe_next(next_path), safe='/')}"
