"""Editing the plan in a real browser: a task's form, inline diagnostics, the 409 merge view."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from web.browser.axe import assert_accessible
from web.browser.conftest import Sessions


def _form_url(task: str) -> str:
    """A task's edit form that comes back to itself once saved (the project page is apart)."""
    own = f"/projects/plan/tasks/{task}/edit"
    return f"{own}?next={own}"


def _save(page: Page, button: str = "Save changes", *, saved: bool = True) -> int:
    """Submit the form (htmx posts it); its outcome's status, once the page moved on if `saved`.

    A saved edit answers 204 with HX-Redirect, and htmx then loads `next`; a refused one
    comes to htmx as a 200 whose `X-Edit-Status` says 409 or 422 (so the browser logs no
    failed request), swapped in place of the form.
    """
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        if saved:
            with page.expect_navigation():
                page.get_by_role("button", name=button).click()
        else:
            page.get_by_role("button", name=button).click()
    return int(answer.value.headers.get("x-edit-status", answer.value.status))


def _open_form(page: Page, task: str) -> None:
    page.goto(_form_url(task))
    expect(page.get_by_test_id("edit-tasks")).to_be_visible()


def test_a_manager_edits_a_task_and_sees_the_saved_value(sessions: Sessions) -> None:
    page = sessions.sign_in("manager", next_path=_form_url("data")).page
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Collect and label data")
    page.get_by_label("Duration").fill("6d")
    assert _save(page) == 204  # htmx: HX-Redirect to `next`
    _open_form(page, "data")  # read back from the server, not from the typed form
    expect(page.get_by_label("Name")).to_have_value("Collect and label data")
    expect(page.get_by_label("Duration")).to_have_value("6d")


def test_an_invalid_edit_shows_the_clis_located_diagnostics_in_place(sessions: Sessions) -> None:
    session = sessions.sign_in("manager", next_path=_form_url("report"))
    page = session.page
    page.evaluate("() => { window.notReloaded = true; }")
    page.get_by_label("Duration").fill("-3 parsecs")
    assert _save(page, saved=False) == 422
    problems = page.locator("#edit-problems, .field-errors")
    expect(problems.first).to_be_visible()
    expect(problems.first).to_contain_text("duration")
    assert page.evaluate("() => window.notReloaded === true")  # htmx swapped the form in place
    expect(page.get_by_label("Duration")).to_have_value("-3 parsecs")  # kept as typed
    _open_form(page, "report")
    expect(page.get_by_label("Duration")).to_have_value("3d")  # nothing was written


def test_two_browsers_edit_the_same_field_and_the_second_sees_the_merge_view(
    sessions: Sessions,
) -> None:
    first = sessions.sign_in("manager", next_path=_form_url("model"))
    second = sessions.sign_in("owner", next_path=_form_url("model"))
    first.page.get_by_label("Name").fill("Train model (manager)")
    second.page.get_by_label("Name").fill("Train model (owner)")
    assert _save(first.page) == 204
    _open_form(first.page, "model")
    expect(first.page.get_by_label("Name")).to_have_value("Train model (manager)")

    assert _save(second.page, saved=False) == 409
    merge = second.page.locator("#merge")
    expect(merge).to_be_visible()
    row = merge.locator('tr[data-field="name"]')
    expect(row.locator(".theirs")).to_have_text("Train model (manager)")
    expect(row.locator(".mine")).to_have_text("Train model (owner)")
    assert_accessible(second.page)
    second.page.get_by_label("Keep mine").check()
    assert _save(second.page, "Save my choices") == 204
    _open_form(second.page, "model")
    expect(second.page.get_by_label("Name")).to_have_value("Train model (owner)")
    expect(second.page.locator("#merge")).to_have_count(0)


def test_a_member_cannot_open_a_tasks_edit_form(sessions: Sessions) -> None:
    session = sessions.sign_in("member", next_path="/account")
    url = f"{sessions.server.base}/projects/plan/tasks/data/edit"
    session.guards.expect_failed_load(url)
    answer = session.page.goto(url)
    assert answer is not None and answer.status == 403  # a member of the project: forbidden
    expect(session.page.get_by_test_id("edit-tasks")).to_have_count(0)
