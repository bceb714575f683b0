"""The account pages: my projects, password change end to end, my API tokens and sessions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.login_limits import NAME_LIMIT
from steerco.app.workspace.passwords import verify_password
from steerco.app.workspace.tokens import list_tokens
from steerco.store.tables import LoginFailure, User
from steerco.web.pages.account_text import retry_hint
from steerco.web.pages.session import SESSION_COOKIE
from web.pages_support import csrf_in, pages_client, sign_in
from workspace.api_support import PASSWORD

NEW = "a brand new passphrase"
_SECRET = re.compile(
    r'id="token-secret" data-testid="token-secret" class="secret" value="(stc_[^"]+)"'
)


def _signs_in(workspace: Workspace, name: str, password: str) -> int:
    """The status of signing `name` in with `password` from a fresh browser."""
    client = pages_client(workspace)
    form = client.get("/login")
    return client.post(
        "/login",
        data={"csrf_token": csrf_in(form.text), "name": name, "password": password},
        follow_redirects=False,
    ).status_code


def _failures(workspace: Workspace, name: str) -> int:
    with workspace.transaction() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(LoginFailure).where(LoginFailure.name == name)
            )
            or 0
        )


def _password_is(workspace: Workspace, name: str, password: str) -> bool:
    """Whether `name`'s stored hash is `password`'s."""
    with workspace.transaction() as session:
        stored = session.scalars(select(User.password_hash).where(User.name == name)).one()
    return verify_password(stored, password)[0]


def _change(browser, current: str, new: str = NEW, again: str | None = None):  # type: ignore[no-untyped-def]
    return browser.post(
        "/account/password",
        {
            "current_password": current,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
    )


@pytest.mark.parametrize(
    ("user", "rows"),
    [
        ("owner", {"other": "owner", "plan": "owner"}),
        ("member", {"plan": "member"}),
        ("client", {"plan": "client"}),
        ("outsider", {}),
    ],
)
def test_the_account_page_lists_my_projects_and_roles(
    seeded_workspace: Workspace, user: str, rows: dict[str, str]
) -> None:
    page = sign_in(pages_client(seeded_workspace), user).get("/account")
    assert page.status_code == 200
    found = dict(
        re.findall(r'<tr data-project="([^"]+)">.*?</td>\s*<td>([^<]+)</td>', page.text, re.S)
    )
    assert found == rows
    assert 'href="/account/password"' in page.text and 'href="/account/tokens"' in page.text
    if user == "client":
        assert 'href="/portal/plan"' in page.text  # a client reads the portal, not the plan


def test_changing_the_password_signs_out_my_other_browser_and_the_new_one_signs_in(
    seeded_workspace: Workspace,
) -> None:
    here = sign_in(pages_client(seeded_workspace), "member")
    elsewhere = sign_in(pages_client(seeded_workspace), "member")
    form = here.get("/account/password")
    assert form.status_code == 200
    assert 'autocomplete="current-password"' in form.text
    answer = _change(here, PASSWORD)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account?changed=password"
    done = here.get("/account?changed=password")
    assert done.status_code == 200  # this browser stays signed in
    assert "Your password was changed" in done.text
    gone = elsewhere.get("/account")
    assert gone.status_code == 303
    assert gone.headers["location"].startswith("/login")
    assert _signs_in(seeded_workspace, "member", NEW) == 303
    assert _signs_in(seeded_workspace, "member", PASSWORD) == 401
    sessions = [
        t for t in list_tokens(workspace=seeded_workspace, user="member") if t.kind == "session"
    ]
    assert sorted(t.state() for t in sessions) == ["active", "active", "revoked"]
    assert [
        t.state() for t in list_tokens(workspace=seeded_workspace, user="member") if t.kind == "api"
    ] == ["active"]


def test_a_wrong_current_password_is_refused_counted_and_then_rate_limited(
    seeded_workspace: Workspace,
) -> None:
    browser = sign_in(pages_client(seeded_workspace), "member")
    wrong = _change(browser, "not my password")
    assert wrong.status_code == 422
    assert "The current password is wrong" in wrong.text
    assert 'role="alert"' in wrong.text
    assert _failures(seeded_workspace, "member") == 1
    for _ in range(NAME_LIMIT - 1):
        assert _change(browser, "not my password").status_code == 422
    limited = _change(browser, PASSWORD)  # even the right one, now
    assert limited.status_code == 429
    wait = int(limited.headers["retry-after"])
    assert 0 < wait <= 15 * 60
    assert "Too many failed attempts: try again in about" in limited.text
    assert _password_is(seeded_workspace, "member", PASSWORD)  # nothing changed
    assert _signs_in(seeded_workspace, "member", PASSWORD) == 429  # the sign-in's own limit


@pytest.mark.parametrize(
    ("new", "again", "message"),
    [
        (NEW, NEW + "!", "The two new passwords differ"),
        ("short", "short", "The password is too short"),
        (PASSWORD, PASSWORD, "The new password is the current one"),
    ],
)
def test_a_new_password_that_will_not_do_is_refused_and_nothing_changes(
    seeded_workspace: Workspace, new: str, again: str, message: str
) -> None:
    browser = sign_in(pages_client(seeded_workspace), "member")
    answer = _change(browser, PASSWORD, new, again)
    assert answer.status_code == 422
    assert message in answer.text
    assert _failures(seeded_workspace, "member") == 0
    assert _signs_in(seeded_workspace, "member", PASSWORD) == 303


def test_the_password_form_needs_the_csrf_token(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "member")
    forged = browser.client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert _signs_in(seeded_workspace, "member", PASSWORD) == 303


def test_a_new_token_shows_its_secret_once_and_reaches_only_its_scope(
    seeded_workspace: Workspace,
) -> None:
    browser = sign_in(pages_client(seeded_workspace), "owner")
    page = browser.get("/account/tokens")
    assert page.status_code == 200
    assert 'id="scope-plan"' in page.text and 'id="scope-other"' in page.text
    made = browser.post(
        "/account/tokens", {"name": "ci-nightly", "projects": "plan", "expires": "30d"}
    )
    assert made.status_code == 201
    secret = _SECRET.search(made.text)
    assert secret is not None
    api = browser.client
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert me.status_code == 200 and me.json()["name"] == "owner"
    reach = {
        slug: api.get(
            f"/api/v1/projects/{slug}", headers={"Authorization": f"Bearer {secret.group(1)}"}
        ).status_code
        for slug in ("plan", "other")
    }
    assert reach == {"plan": 200, "other": 404}
    again = browser.get("/account/tokens")
    assert secret.group(1) not in again.text
    token = next(
        t for t in list_tokens(workspace=seeded_workspace, user="owner") if t.name == "ci-nightly"
    )
    assert token.projects == ["plan"]
    assert token.expires_at is not None
    days = (token.expires_at - dt.datetime.now(dt.UTC)).total_seconds() / 86400
    assert 29.9 < days <= 30
    row = re.search(rf'<tr data-token="{token.id}">(.*?)</tr>', again.text, re.S)
    assert row is not None and "ci-nightly" in row.group(1) and ">plan<" in row.group(1)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "   ", "expires": "30d"}, "a token&#39;s name is 1 to 200"),
        ({"name": "x", "expires": "soon"}, "Invalid expiry &#39;soon&#39;"),
        ({"name": "x", "expires": "30d", "projects": "nope"}, "No project &#39;nope&#39; among"),
    ],
)
def test_an_invalid_token_form_says_why_and_makes_nothing(
    seeded_workspace: Workspace, form: dict[str, str], message: str
) -> None:
    browser = sign_in(pages_client(seeded_workspace), "member")
    before = len(list_tokens(workspace=seeded_workspace, user="member"))
    answer = browser.post("/account/tokens", form)
    assert answer.status_code == 422
    assert message.lower() in answer.text.lower()
    assert "token-secret" not in answer.text
    assert len(list_tokens(workspace=seeded_workspace, user="member")) == before


def test_revoking_a_token_stops_it_and_another_users_token_is_not_found(
    seeded_workspace: Workspace,
) -> None:
    browser = sign_in(pages_client(seeded_workspace), "member")
    made = browser.post("/account/tokens", {"name": "laptop", "expires": "7d"})
    secret = _SECRET.search(made.text)
    assert secret is not None
    token = next(
        t for t in list_tokens(workspace=seeded_workspace, user="member") if t.name == "laptop"
    )
    answer = browser.post(f"/account/tokens/{token.id}/revoke")
    assert answer.status_code == 303 and answer.headers["location"] == "/account/tokens"
    refused = browser.client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {secret.group(1)}"}
    )
    assert refused.status_code == 401
    owners = list_tokens(workspace=seeded_workspace, user="owner")
    assert browser.post(f"/account/tokens/{owners[0].id}/revoke").status_code == 404
    assert list_tokens(workspace=seeded_workspace, user="owner") == owners  # untouched


def test_ending_another_session_signs_that_browser_out_and_my_own_signs_me_out(
    seeded_workspace: Workspace,
) -> None:
    here = sign_in(pages_client(seeded_workspace), "manager")
    elsewhere = sign_in(pages_client(seeded_workspace), "manager")
    page = here.get("/account/tokens")
    mine = re.findall(r'<tr data-token="(\d+)">\s*<td>[^<]*<strong>\(this session\)', page.text)
    others = [
        t.id
        for t in list_tokens(workspace=seeded_workspace, user="manager")
        if t.kind == "session" and str(t.id) not in mine
    ]
    assert len(mine) == 1 and len(others) == 1
    assert here.post(f"/account/tokens/{others[0]}/revoke").status_code == 303
    assert elsewhere.get("/account").status_code == 303
    assert here.get("/account").status_code == 200
    out = here.post(f"/account/tokens/{mine[0]}/revoke")
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert SESSION_COOKIE not in here.client.cookies
    assert here.get("/account").status_code == 303


def test_the_rate_limited_sign_in_says_when_to_retry(seeded_workspace: Workspace) -> None:
    client = pages_client(seeded_workspace)
    form = client.get("/login")
    for _ in range(NAME_LIMIT):
        client.post(
            "/login", data={"csrf_token": csrf_in(form.text), "name": "client", "password": "no"}
        )
    limited = client.post(
        "/login", data={"csrf_token": csrf_in(form.text), "name": "client", "password": "no"}
    )
    assert limited.status_code == 429
    assert re.search(r"try again in about 15 minutes \(after \d\d:\d\d UTC\)", limited.text)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (1, "try again in 1 second (after 10:00:01 UTC)"),
        (45, "try again in 45 seconds (after 10:00:45 UTC)"),
        (60, "try again in about 1 minute (after 10:01 UTC)"),
        (61, "try again in about 2 minutes (after 10:01 UTC)"),
        (900, "try again in about 15 minutes (after 10:15 UTC)"),
        (0, "try again in 1 second (after 10:00:01 UTC)"),
    ],
)
def test_the_retry_hint_rounds_up_to_whole_minutes(seconds: int, expected: str) -> None:
    now = dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC)
    assert retry_hint(seconds, now=now) == f"Too many failed attempts: {expected}."
