"""A project's page and its Gantt in a real browser: bars once the schedule job is done,
the critical path, collapsing the WBS and zooming without a reload, and who may see it."""

from __future__ import annotations

from playwright.sync_api import expect

from web.browser.axe import assert_accessible
from web.browser.conftest import Sessions

LEAVES = ("data", "model", "report")


def test_a_manager_opens_the_gantt_collapses_the_wbs_and_zooms(sessions: Sessions) -> None:
    page = sessions.sign_in("manager", next_path="/projects/plan/gantt").page
    gantt = page.get_by_test_id("gantt")
    expect(gantt).to_be_visible()
    # The schedule job runs in the background; the page reloads itself when it is done.
    expect(gantt.get_by_test_id("critical").first).to_be_visible()
    for task in (*LEAVES, "build", "launch"):
        expect(page.locator(f"#gantt-row-{task}")).to_have_count(1)
    # One chain data -> model -> report -> launch: every leaf is critical.
    for task in LEAVES:
        expect(page.locator(f"#gantt-row-{task}")).to_have_class("task critical")
        expect(page.locator(f"#gantt-row-{task} .bar.plan.critical")).to_have_count(1)
    expect(page.locator("#gantt-row-launch .bar.milestone")).to_have_count(1)
    assert_accessible(page)

    page.evaluate("() => { window.notReloaded = true; }")
    toggle = page.get_by_test_id("gantt-toggle-build")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    for task in LEAVES:
        expect(page.locator(f"#gantt-row-{task}")).to_have_count(0)
    expect(page.get_by_test_id("gantt-toggle-build")).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#gantt-row-launch")).to_have_count(1)
    page.get_by_test_id("gantt-expand-all").click()
    expect(page.locator("#gantt-row-data")).to_have_count(1)
    page.get_by_test_id("gantt-zoom-month").click()
    expect(page.locator("#gantt")).to_have_attribute("data-zoom", "month")
    assert "zoom=month" in page.url
    assert page.evaluate("() => window.notReloaded === true")  # htmx swapped the chart only


def test_the_project_overview_shows_its_status_and_tabs(sessions: Sessions) -> None:
    page = sessions.sign_in("manager", next_path="/projects/plan").page
    expect(page.get_by_role("heading", level=1)).to_contain_text("API test plan")
    for tab in ("gantt", "forecast", "evm", "risks"):
        expect(page.get_by_test_id(f"tab-{tab}")).to_be_visible()
    expect(page.locator("#project-rag")).to_be_visible()
    expect(page.locator("main progress")).to_have_count(0, timeout=60_000)  # jobs done
    assert_accessible(page)
    page.get_by_test_id("tab-risks").click()
    page.wait_for_url("**/projects/plan/risks")
    expect(page.locator("#risk-r1")).to_contain_text("Vendor late")
    assert_accessible(page)


def test_a_client_and_an_outsider_cannot_open_the_project_page(sessions: Sessions) -> None:
    for role in ("client", "outsider"):
        session = sessions.sign_in(role, next_path="/account")
        url = f"{sessions.server.base}/projects/plan/gantt"
        session.guards.expect_failed_load(url)
        answer = session.page.goto(url)
        assert answer is not None and answer.status == 404, role  # not theirs: not found
        expect(session.page.get_by_test_id("gantt")).to_have_count(0)
