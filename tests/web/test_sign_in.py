"""Signing in and out of the pages: cookies, CSRF, redirects and the headers of every page."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.tokens import list_tokens
from steerco.web.pages.session import SESSION_COOKIE, csrf_for, safe_next
from web.pages_support import csrf_in, pages_client, sign_in
from workspace.api_support import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_a_page_without_a_session_redirects_to_the_sign_in_form_and_back(
    seeded_workspace: Workspace,
) -> None:
    client = pages_client(seeded_workspace)
    answer = client.get("/account?tab=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/account%3Ftab%3D1"
    form = client.get(answer.headers["location"])
    assert 'name="next" value="/account?tab=1"' in form.text
    signed = client.post(
        "/login",
        data={
            "csrf_token": csrf_in(form.text),
            "name": "manager",
            "password": PASSWORD,
            "next": "/account?tab=1",
        },
        follow_redirects=False,
    )
    assert signed.status_code == 303
    assert signed.headers["location"] == "/account?tab=1"
    page = client.get("/account")
    assert page.status_code == 200
    assert "Signed in as <strong>manager</strong>" in page.text
    assert "API test plan" in page.text


def test_the_session_cookie_is_httponly_and_samesite(seeded_workspace: Workspace) -> None:
    client = pages_client(seeded_workspace)
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={"csrf_token": csrf_in(form.text), "name": "owner", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = next(
        value
        for name, value in answer.headers.multi_items()
        if name == "set-cookie" and value.startswith(SESSION_COOKIE)
    )
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "samesite", "path", "max-age"} <= attributes
    assert "samesite=lax" in cookie.lower()
    assert "secure" not in attributes  # plain HTTP on loopback; Secure over TLS
    secret = client.cookies.get(SESSION_COOKIE)
    assert secret is not None
    assert secret not in client.get("/account").text  # the secret never reaches the page


def test_the_cookie_is_secure_over_tls(seeded_workspace: Workspace) -> None:
    client = pages_client(seeded_workspace)
    client.base_url = "https://testserver"  # type: ignore[assignment]
    form = client.get("https://testserver/login")
    answer = client.post(
        "https://testserver/login",
        data={"csrf_token": csrf_in(form.text), "name": "owner", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = next(
        value
        for name, value in answer.headers.multi_items()
        if name == "set-cookie" and value.startswith(SESSION_COOKIE)
    )
    assert "secure" in {part.strip().lower() for part in cookie.split(";")}


def test_a_wrong_password_shows_the_form_again_with_one_message(
    seeded_workspace: Workspace,
) -> None:
    client = pages_client(seeded_workspace)
    form = client.get("/login")
    for name in ("owner", "nobody"):
        answer = client.post(
            "/login",
            data={"csrf_token": csrf_in(form.text), "name": name, "password": "wrong"},
            follow_redirects=False,
        )
        assert answer.status_code == 401
        assert "wrong user name or password" in answer.text
        assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")


def test_repeated_failures_are_rate_limited(seeded_workspace: Workspace) -> None:
    client = pages_client(seeded_workspace)
    form = client.get("/login")
    statuses = [
        client.post(
            "/login",
            data={"csrf_token": csrf_in(form.text), "name": "owner", "password": "wrong"},
        ).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 401
    assert statuses[-1] == 429
    limited = client.post(
        "/login", data={"csrf_token": csrf_in(form.text), "name": "owner", "password": PASSWORD}
    )
    assert limited.status_code == 429  # even the right password waits
    assert int(limited.headers["retry-after"]) > 0


def test_sign_in_without_the_form_token_is_refused(seeded_workspace: Workspace) -> None:
    client = pages_client(seeded_workspace)
    answer = client.post("/login", data={"name": "owner", "password": PASSWORD})
    assert answer.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_a_change_without_the_session_csrf_token_is_refused(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "owner")
    forged = browser.client.post("/logout", data={}, follow_redirects=False)
    assert forged.status_code == 403
    wrong = browser.client.post(
        "/logout", data={"csrf_token": csrf_for("another secret")}, follow_redirects=False
    )
    assert wrong.status_code == 403
    assert browser.get("/account").status_code == 200  # still signed in
    by_header = browser.client.post(
        "/logout", headers={"X-CSRF-Token": browser.csrf}, follow_redirects=False
    )
    assert by_header.status_code == 303


def test_a_form_sent_after_the_session_expired_comes_back_to_its_page(
    seeded_workspace: Workspace,
) -> None:
    """Not to the form's target, which answers POST only (a GET of it would be a 405)."""
    browser = sign_in(pages_client(seeded_workspace), "manager")
    browser.post("/logout")  # the session ends; the page still holds its cookie and token
    expired = pages_client(seeded_workspace)
    secret = str(browser.client.cookies.get(SESSION_COOKIE))
    expired.cookies.set(SESSION_COOKIE, secret)
    form = {"csrf_token": csrf_for(secret), "name": "x"}
    target = "/projects/plan/tasks/model/edit"
    sent = expired.post(
        target,
        data=form,
        headers={"Referer": "http://testserver/projects/plan/tasks/model/edit?from=gantt"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/login?next=/projects/plan/tasks/model/edit%3Ffrom%3Dgantt"
    htmx = expired.post(
        "/projects/plan/jobs/some-job/cancel",
        data=form,
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/projects/plan"},
        follow_redirects=False,
    )
    assert htmx.status_code == 204
    assert htmx.headers["HX-Redirect"] == "/login?next=/projects/plan"
    elsewhere = expired.post(
        target,
        data=form,
        headers={"Referer": "https://elsewhere.example/x"},
        follow_redirects=False,
    )
    assert elsewhere.headers["location"] == "/login?next=/"
    assert expired.post(target, data=form, follow_redirects=False).headers["location"] == (
        "/login?next=/"
    )


def test_signing_out_revokes_the_session(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "owner")
    secret = browser.client.cookies.get(SESSION_COOKIE)
    assert csrf_in(browser.get("/account").text) == browser.csrf
    answer = browser.post("/logout")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"
    sessions = [
        t for t in list_tokens(workspace=seeded_workspace, user="owner") if t.kind == "session"
    ]
    assert [t.state() for t in sessions] == ["revoked"]
    replayed = pages_client(seeded_workspace)
    replayed.cookies.set(SESSION_COOKIE, str(secret))
    assert replayed.get("/account", follow_redirects=False).status_code == 303


def test_pages_carry_security_headers_and_the_api_keeps_json(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "owner")
    page = browser.get("/account")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    missing = browser.get("/no-such-page")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    api = browser.client.get("/api/v1/projects/nope")
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "unauthorized"


def test_the_front_door_sends_each_visitor_where_they_belong(seeded_workspace: Workspace) -> None:
    client = pages_client(seeded_workspace)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    sign_in(client, "owner")
    assert client.get("/", follow_redirects=False).headers["location"] == "/dashboard"


def test_only_local_paths_are_followed_after_sign_in() -> None:
    assert safe_next("/projects/plan") == "/projects/plan"
    for hostile in ("https://evil.example/", "//evil.example", "/\\evil.example", "", None):
        assert safe_next(hostile) == "/"


def test_a_next_path_with_control_characters_is_refused() -> None:
    # A browser drops tabs and newlines from a URL: `/<TAB>/evil` is `//evil`, another host.
    for hostile in ("/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\x00x"):
        assert safe_next(hostile) == "/"
    assert safe_next("/projects/plan?x=1#y") == "/projects/plan?x=1#y"


def test_the_edit_forms_cancel_link_never_leaves_the_site(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "manager")
    page = browser.get("/projects/plan/tasks/data/edit", params={"next": "/\t/evil.example"})
    assert page.status_code == 200
    assert "evil.example" not in page.text


def test_static_files_are_served_and_the_vendored_ones_are_intact(
    seeded_workspace: Workspace,
) -> None:
    client = pages_client(seeded_workspace)
    script = client.get("/static/vendor/htmx.min.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert client.get("/static/steerco.css").status_code == 200
    checked = subprocess.run(
        [sys.executable, str(ROOT / "tools/vendor_assets.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_an_unexpected_error_on_a_page_is_a_generic_error_page(
    seeded_workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    app = pages_client(seeded_workspace).app
    assert isinstance(app, FastAPI)

    @app.get("/boom-page")
    def boom() -> None:
        raise RuntimeError("kaput")

    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="steerco.web"):
        answer = client.get("/boom-page")
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("text/html")
    assert "internal server error" in answer.text and "kaput" not in answer.text
    assert "GET /boom-page" in caplog.text
