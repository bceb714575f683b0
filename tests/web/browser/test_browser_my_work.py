"""My work in a real browser: a member's own tasks, progress saved in place, nobody else's."""

from __future__ import annotations

from playwright.sync_api import expect

from web.browser.axe import assert_accessible
from web.browser.conftest import Sessions

WEEK = "/my-work?week=2027-01-04"
"""The plan's first two weeks: the member's resource `ana` collects the data then."""


def test_a_member_sees_their_tasks_and_updates_progress_in_place(sessions: Sessions) -> None:
    page = sessions.sign_in("member", next_path=WEEK).page
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    mine = page.locator("#task-plan-data")
    expect(mine).to_be_visible(timeout=60_000)  # once the schedule job is done
    expect(page.locator("#task-plan-model")).to_have_count(0)  # Bo's task, not theirs
    assert_accessible(page)
    page.evaluate("() => { window.notReloaded = true; }")
    form = page.get_by_test_id("progress-data")
    form.get_by_label("Percent done").fill("40")
    form.get_by_label("Remaining work").fill("3d")
    form.get_by_label("Actual start").fill("2027-01-04")
    form.get_by_label("As of").fill("2027-01-06")
    form.get_by_role("button", name="Save progress").click()
    expect(page.locator("#task-plan-data [role=status]")).to_contain_text("Saved")
    assert page.evaluate("() => window.notReloaded === true")
    page.goto(WEEK)
    expect(page.locator("#task-plan-data")).to_contain_text("40% done")
    expect(page.get_by_test_id("progress-data").get_by_label("Percent done")).to_have_value("40")


def test_a_member_cannot_update_someone_elses_task(sessions: Sessions) -> None:
    session = sessions.sign_in("member", next_path=WEEK)
    page = session.page
    url = f"{sessions.server.base}/projects/plan/tasks/model/progress"
    session.guards.expect_failed_load(url)
    answer = page.goto(url)
    assert answer is not None and answer.status == 403
    expect(page.get_by_test_id("progress-model")).to_have_count(0)
    # Nor by posting the form's fields with a valid CSRF token from their own page.
    page.goto(WEEK)
    status = page.evaluate(
        """async (url) => {
            const token = document.querySelector('meta[name="csrf-token"]').content;
            const body = new URLSearchParams({csrf_token: token, percent: "90"});
            const answer = await fetch(url, {method: "POST", body});
            return answer.status;
        }""",
        url,
    )
    assert status == 403
