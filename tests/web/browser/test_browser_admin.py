"""The account and admin pages in a real browser: reachable by role, and accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from web.browser.axe import assert_accessible
from web.browser.conftest import Sessions

ADMIN_PAGES = {
    "/admin": "Admin",
    "/admin/users": "Users",
    "/admin/projects/plan/members": "Members of API test plan",
    "/admin/tokens": "Tokens",
    "/admin/audit": "Audit log",
}
ACCOUNT_PAGES = {
    "/account": "Your account",
    "/account/password": "Change your password",
    "/account/tokens": "Your API tokens and sessions",
}


def test_a_site_admin_opens_every_admin_page_and_each_passes_axe(sessions: Sessions) -> None:
    page = sessions.sign_in("admin", next_path="/admin").page
    for path, heading in ADMIN_PAGES.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)


def test_the_account_pages_pass_axe(sessions: Sessions) -> None:
    page = sessions.sign_in("member", next_path="/account").page
    for path, heading in ACCOUNT_PAGES.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_only_site_admins_reach_the_admin_pages(sessions: Sessions, role: str) -> None:
    session = sessions.sign_in(role, next_path="/account")
    url = f"{sessions.server.base}/admin/users"
    session.guards.expect_failed_load(url)
    answer = session.page.goto(url)
    assert answer is not None and answer.status == 403
    expect(session.page.get_by_role("link", name="Admin", exact=True)).to_have_count(0)
