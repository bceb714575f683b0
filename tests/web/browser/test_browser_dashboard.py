"""The portfolio dashboard in a real browser: each role's projects, their status, filtering."""

from __future__ import annotations

from playwright.sync_api import expect

from web.browser.axe import assert_accessible
from web.browser.conftest import Sessions


def test_a_manager_lands_on_the_dashboard_and_sees_the_status_of_their_project(
    sessions: Sessions,
) -> None:
    page = sessions.sign_in("manager").page
    page.wait_for_url("**/dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    row = page.get_by_test_id("portfolio-row-plan")
    expect(row).to_be_visible()
    expect(page.get_by_test_id("portfolio-row-other")).to_have_count(0)  # not a member there
    rag = page.get_by_test_id("rag-plan")  # the status job ran; the page reloaded itself
    expect(rag).to_be_visible()
    assert rag.inner_text() in {"Red", "Amber", "Green", "Grey"}  # the word, not colour alone
    expect(row.get_by_role("link", name="API test plan")).to_have_attribute(
        "href", "/projects/plan"
    )
    assert_accessible(page)


def test_the_owner_filters_the_portfolio_by_name_without_a_reload(sessions: Sessions) -> None:
    page = sessions.sign_in("owner", next_path="/dashboard").page
    expect(page.locator("#portfolio-count")).to_have_text("2 of 2 projects shown.")
    # Each project's status job must be done first: the page reloads itself when one ends.
    expect(page.locator("#portfolio-pending")).to_have_count(0)
    expect(page.get_by_test_id("rag-plan")).to_be_visible()
    expect(page.get_by_test_id("rag-other")).to_be_visible()
    page.evaluate("() => { window.notReloaded = true; }")
    page.get_by_label("Project name").fill("other")
    expect(page.locator("#portfolio-count")).to_have_text("1 of 2 projects shown.")
    expect(page.get_by_test_id("portfolio-row-other")).to_be_visible()
    expect(page.get_by_test_id("portfolio-row-plan")).to_have_count(0)
    assert page.evaluate("() => window.notReloaded === true")  # htmx swapped the table only
    assert "q=other" in page.url


def test_a_client_is_sent_to_the_portal_and_an_outsider_sees_no_project(
    sessions: Sessions,
) -> None:
    client = sessions.sign_in("client", next_path="/dashboard").page
    row = client.get_by_test_id("portfolio-row-plan")
    expect(row.get_by_role("link", name="API test plan")).to_have_attribute("href", "/portal/plan")
    expect(client.get_by_test_id("rag-plan")).to_have_count(0)  # the team's status is not theirs
    outsider = sessions.sign_in("outsider", next_path="/dashboard").page
    expect(outsider.locator("#portfolio-count")).to_have_text("0 of 0 projects shown.")
    expect(outsider.locator("main")).to_contain_text("You belong to no project yet")
