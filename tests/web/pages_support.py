"""Signed-in browsers (TestClients) on a seeded workspace, shared by the page tests.

The workspace is `workspace.api_support.seed`'s: users owner, manager, member (linked to
resource `ana` of project `plan`), client, outsider and admin, all with PASSWORD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient
from httpx import Response

from steerco.app.workspace.context import Workspace
from steerco.web.app import create_app
from workspace.api_support import PASSWORD

_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_in(html: str) -> str:
    """The CSRF token a page carries (its meta tag, else its first form's field)."""
    found = _CSRF_META.search(html) or _CSRF_FIELD.search(html)
    assert found is not None, "the page carries no CSRF token"
    return found.group(1)


@dataclass
class Browser:
    """A TestClient with a session cookie, and the CSRF token of its pages."""

    client: TestClient
    csrf: str

    def get(self, url: str, **kwargs: object) -> Response:
        """GET a page (redirects are not followed)."""
        return self.client.get(url, follow_redirects=False, **kwargs)  # type: ignore[arg-type]

    def post(self, url: str, data: dict[str, str] | None = None, **kwargs: object) -> Response:
        """POST a form with this session's CSRF token (redirects are not followed)."""
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=form, follow_redirects=False, **kwargs)  # type: ignore[arg-type]


def pages_client(workspace: Workspace, *, start_jobs: bool = False) -> TestClient:
    """A fresh browser (no cookies) on the workspace's app; use it in a `with` for jobs."""
    return TestClient(create_app(workspace, start_jobs=start_jobs))


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> Browser:
    """Sign `name` in through the sign-in form; the browser keeps the session cookie."""
    form = client.get("/login")
    assert form.status_code == 200, form.text
    answer = client.post(
        "/login",
        data={"csrf_token": csrf_in(form.text), "name": name, "password": password},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return Browser(client=client, csrf=_csrf_from_cookie(client))


def _csrf_from_cookie(client: TestClient) -> str:
    from steerco.web.pages.session import SESSION_COOKIE, csrf_for

    secret = client.cookies.get(SESSION_COOKIE)
    assert secret, "no session cookie after signing in"
    return csrf_for(secret)
