"""The client portal in a real browser: the client report of their projects and nothing else."""

from __future__ import annotations

from playwright.sync_api import expect

from web.browser.axe import assert_accessible
from web.browser.conftest import Sessions


def test_a_client_sees_only_the_client_report_of_their_project(sessions: Sessions) -> None:
    session = sessions.sign_in("client", next_path="/portal")
    page = session.page
    projects = page.locator("#portal-projects tbody tr")
    expect(projects).to_have_count(1)
    expect(projects.first).to_contain_text("API test plan")
    projects.first.get_by_role("link").click()
    page.wait_for_url("**/portal/plan")
    report = page.locator("#client-report")
    expect(report).to_be_visible(timeout=60_000)  # once the report job is done
    expect(report).to_contain_text("Launch")  # the milestone
    assert_accessible(page)
    base = sessions.server.base
    for refused in ("/portal/other", "/projects/plan", "/projects/plan/risks", "/projects/other"):
        session.guards.expect_failed_load(f"{base}{refused}")
        answer = page.goto(refused)
        assert answer is not None and answer.status == 404, refused
        expect(page.locator("#client-report, #risk-register, [data-testid=gantt]")).to_have_count(0)
