"""Signing in and out in a real browser, as each role, and the guards every test relies on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error, expect

from web.browser.axe import assert_accessible, axe_violations
from web.browser.conftest import Sessions

ROLES = ("owner", "manager", "member", "client", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_through_the_form_and_out_again(sessions: Sessions, role: str) -> None:
    session = sessions.sign_in(role, next_path="/account")
    page = session.page
    assert page.url.endswith("/account")
    expect(page.locator("main")).to_contain_text(f"Signed in as {role}")
    cookies = {c["name"]: c for c in session.context.cookies()}
    assert cookies["steerco_session"]["httpOnly"] is True
    assert cookies["steerco_session"]["sameSite"] == "Lax"
    assert page.evaluate("() => document.cookie").find("steerco_session") == -1
    admin_link = page.get_by_role("link", name="Admin", exact=True)
    expect(admin_link).to_have_count(1 if role == "admin" else 0)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.goto("/account")
    assert "/login?next=/account" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to steerco")


def test_a_wrong_password_is_refused_in_the_page(sessions: Sessions) -> None:
    _, page, guards = sessions.open()
    page.goto("/login")
    guards.expect_failed_load(page.url)  # the 401 answer to the form's POST
    page.get_by_label("User name").fill("outsider")
    page.get_by_label("Password").fill("not the password")
    with page.expect_response("**/login") as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 401
    expect(page.get_by_role("alert")).to_be_visible()
    assert guards.problems() == []


def test_the_sign_in_and_account_pages_pass_axe(sessions: Sessions) -> None:
    _, page, _ = sessions.open()
    page.goto("/login")
    assert_accessible(page)
    session = sessions.sign_in("manager", next_path="/account")
    assert_accessible(session.page)


def test_the_guards_catch_a_request_off_the_loopback_and_a_console_error(
    sessions: Sessions,
) -> None:
    _, page, guards = sessions.open()
    page.goto("/login")
    page.evaluate("() => console.error('something broke')")
    with pytest.raises(Error, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("https://cdn.example.com/lib.js")
    assert guards.foreign == ["https://cdn.example.com/lib.js"]
    assert any("something broke" in line for line in guards.console)
    guards.foreign.clear()  # caught on purpose: the test's end finds nothing left
    guards.console.clear()


def test_axe_runs_in_the_page_and_reports_a_critical_violation(sessions: Sessions) -> None:
    _, page, _ = sessions.open()
    page.goto("/login")
    page.evaluate("() => document.querySelector('main').append(document.createElement('input'))")
    found = axe_violations(page)
    unlabelled = [v for v in found if v.rule == "label"]
    assert unlabelled and unlabelled[0].impact == "critical"
    with pytest.raises(AssertionError, match="critical: label"):
        assert_accessible(page)
