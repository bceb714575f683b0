"""Editing the plan through the forms: create, change and remove each collection, as a browser.

Every form is read as the browser would submit it (`form_values`), a field or two filled
in, and posted; the checks read the stored revision's text and rows back through the use
cases, never the page.
"""

from __future__ import annotations

import difflib

import pytest
from httpx import Response

from steerco.app.workspace.context import Workspace
from web.edit_forms_support import form_values, keys, owner, row, stored_text
from web.pages_support import Browser, pages_client, sign_in

HEADER_COMMENT = "# A small plan the API tests push: comments must survive every edit."
TASK_COMMENT = "# the first step"


def _changed_lines(before: str, after: str) -> list[str]:
    """The lines removed (-) and added (+) from `before` to `after`."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _submit(browser: Browser, url: str, changes: dict[str, str]) -> tuple[dict[str, str], Response]:
    """GET the form at `url`, change some fields, POST it back; the values and the answer."""
    page = browser.get(url)
    assert page.status_code == 200, page.text
    values = {**form_values(page.text), **changes}
    return values, browser.post(url, values)


@pytest.fixture
def manager(seeded_workspace: Workspace) -> Browser:
    return sign_in(pages_client(seeded_workspace), "manager")


def test_a_task_is_added_under_its_parent_and_the_comments_stay(
    seeded_workspace: Workspace, manager: Browser
) -> None:
    reader = owner(seeded_workspace)
    revision, before = stored_text(seeded_workspace, reader)
    page = manager.get("/projects/plan/tasks/new?parent=build")
    assert 'data-testid="edit-tasks"' in page.text
    assert '<option value="build" selected>' in page.text  # the parent comes filled in
    values = {**form_values(page.text), "id": "evaluate", "name": "Evaluate", "duration": "4d"}
    answer = manager.post("/projects/plan/tasks/new", values)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/projects/plan"
    now, after = stored_text(seeded_workspace, reader)
    assert now == revision + 1
    assert HEADER_COMMENT in after and TASK_COMMENT in after
    added = row(seeded_workspace, reader, "tasks", "evaluate")
    assert (added.parent, added.name, added.data["duration"]) == ("build", "Evaluate", "4d")
    assert keys(seeded_workspace, reader, "tasks") == [
        "build", "data", "model", "report", "evaluate", "launch"
    ]  # fmt: skip
    assert all(line.startswith("+") for line in _changed_lines(before, after))


def test_an_edit_writes_only_the_field_that_changed(
    seeded_workspace: Workspace, manager: Browser
) -> None:
    reader = owner(seeded_workspace)
    _, before = stored_text(seeded_workspace, reader)
    _, answer = _submit(manager, "/projects/plan/tasks/data/edit", {"duration": "7d"})
    assert answer.status_code == 303
    _, after = stored_text(seeded_workspace, reader)
    assert _changed_lines(before, after) == [
        "-        duration: 5",
        "+        duration: 7d",
    ]
    assert TASK_COMMENT in after
    changed = row(seeded_workspace, reader, "tasks", "data")
    assert (changed.data["duration"], changed.name) == ("7d", "Collect data")


def test_an_unchanged_form_writes_nothing(seeded_workspace: Workspace, manager: Browser) -> None:
    reader = owner(seeded_workspace)
    revision, _ = stored_text(seeded_workspace, reader)
    for url in (
        "/projects/plan/tasks/data/edit",
        "/projects/plan/risks/r1/edit",
        "/projects/plan/resources/ana/edit",
        "/projects/plan/dependencies/model:data/edit",
    ):
        _, answer = _submit(manager, url, {})
        assert answer.status_code == 303, url
    assert stored_text(seeded_workspace, reader)[0] == revision


def test_a_task_is_removed_after_its_links_and_risks_no_longer_name_it(
    seeded_workspace: Workspace, manager: Browser
) -> None:
    reader = owner(seeded_workspace)
    confirm = manager.get("/projects/plan/tasks/report/delete")
    assert 'data-testid="delete-tasks"' in confirm.text and "Write report" in confirm.text
    refused = manager.post(
        "/projects/plan/tasks/report/delete", form_values(confirm.text, "delete-form")
    )
    assert refused.status_code == 422  # launch still waits for report
    assert "report" in keys(seeded_workspace, reader, "tasks")
    assert "<code>plan.yaml:" in refused.text  # the CLI's located diagnostic
    link = manager.get("/projects/plan/dependencies/launch:report/delete")
    removed = manager.post(
        "/projects/plan/dependencies/launch:report/delete",
        {"base_revision": form_values(link.text, "delete-form")["base_revision"]},
    )
    assert removed.status_code == 303
    again = manager.get("/projects/plan/tasks/report/delete")
    gone = manager.post(
        "/projects/plan/tasks/report/delete", form_values(again.text, "delete-form")
    )
    assert gone.status_code == 303
    assert keys(seeded_workspace, reader, "tasks") == ["build", "data", "model", "launch"]
    _, text = stored_text(seeded_workspace, reader)
    assert HEADER_COMMENT in text and TASK_COMMENT in text


def test_a_dependency_is_added_changed_and_removed(
    seeded_workspace: Workspace, manager: Browser
) -> None:
    reader = owner(seeded_workspace)
    page = manager.get("/projects/plan/dependencies/new?successor=report")
    assert 'data-testid="edit-dependencies"' in page.text
    values = {**form_values(page.text), "predecessor": "data", "type": "SS", "lag": "2d"}
    assert values["successor"] == "report"
    assert manager.post("/projects/plan/dependencies/new", values).status_code == 303
    _, text = stored_text(seeded_workspace, reader)
    assert "after: [model, data SS+2d]" in text
    link = row(seeded_workspace, reader, "dependencies", "report:data")
    assert (link.data["type"], link.data["lag"]) == ("SS", "2d")
    listed = manager.get("/projects/plan/tasks/report/edit")
    assert "/projects/plan/dependencies/report:data/edit" in listed.text
    _, answer = _submit(manager, "/projects/plan/dependencies/report:data/edit", {"lag": "3d"})
    assert answer.status_code == 303
    assert row(seeded_workspace, reader, "dependencies", "report:data").data["lag"] == "3d"
    confirm = manager.get("/projects/plan/dependencies/report:data/delete")
    assert '<th scope="row">Predecessor</th><td>data</td>' in confirm.text
    assert '<th scope="row">Lag</th><td>3d</td>' in confirm.text
    gone = manager.post(
        "/projects/plan/dependencies/report:data/delete", form_values(confirm.text, "delete-form")
    )
    assert gone.status_code == 303
    assert "report:data" not in keys(seeded_workspace, reader, "dependencies")
    _, text = stored_text(seeded_workspace, reader)
    assert "after: [model]" in text


def test_a_resource_is_added_changed_and_removed(
    seeded_workspace: Workspace, manager: Browser
) -> None:
    reader = owner(seeded_workspace)
    page = manager.get("/projects/plan/resources/new")
    values = {
        **form_values(page.text),
        "id": "ml-engineer-1",
        "name": "ML engineer 1",
        "capacity": "0.5",
        "rate": "900",
    }
    assert manager.post("/projects/plan/resources/new", values).status_code == 303
    added = row(seeded_workspace, reader, "resources", "ml-engineer-1")
    assert (added.data["capacity"], added.data["rate"], added.data["kind"]) == (
        0.5,
        "900/d",
        "person",
    )
    _, answer = _submit(manager, "/projects/plan/resources/ml-engineer-1/edit", {"rate": "120/h"})
    assert answer.status_code == 303
    assert row(seeded_workspace, reader, "resources", "ml-engineer-1").data["rate"] == "120/h"
    confirm = manager.get("/projects/plan/resources/ml-engineer-1/delete")
    gone = manager.post(
        "/projects/plan/resources/ml-engineer-1/delete", form_values(confirm.text, "delete-form")
    )
    assert gone.status_code == 303
    assert keys(seeded_workspace, reader, "resources") == ["ana", "bo"]


def test_a_risk_is_added_changed_and_removed(seeded_workspace: Workspace, manager: Browser) -> None:
    reader = owner(seeded_workspace)
    page = manager.get("/projects/plan/risks/new")
    values = {
        **form_values(page.text),
        "id": "r3",
        "title": "Labels late",
        "probability": "0.4",
        "impact": "{delay: 2d..4d..9d, cost: 5000}",
        "tasks": "data, model",
        "owner": "ana",
    }
    assert manager.post("/projects/plan/risks/new", values).status_code == 303
    added = row(seeded_workspace, reader, "risks", "r3")
    assert added.data["tasks"] == ["data", "model"]
    assert added.data["owner"] == "ana"
    assert added.data["impact"]["delay"] == {
        "low": "2d", "likely": "4d", "high": "9d", "distribution": "pert"
    }  # fmt: skip
    assert added.data["impact"]["cost"] == 5000
    edit = manager.get("/projects/plan/risks/r3/edit")
    assert 'value="{delay: 2d..4d..9d, cost: 5000}"' in edit.text
    _, answer = _submit(
        manager, "/projects/plan/risks/r3/edit", {"status": "closed", "probability": "0.1"}
    )
    assert answer.status_code == 303
    changed = row(seeded_workspace, reader, "risks", "r3")
    assert (changed.data["status"], changed.data["probability"]) == ("closed", 0.1)
    confirm = manager.get("/projects/plan/risks/r3/delete")
    assert (
        manager.post(
            "/projects/plan/risks/r3/delete", form_values(confirm.text, "delete-form")
        ).status_code
        == 303
    )
    assert keys(seeded_workspace, reader, "risks") == ["r1", "r2"]


def test_a_task_form_links_its_predecessors_progress_comments_and_removal(
    manager: Browser,
) -> None:
    page = manager.get("/projects/plan/tasks/model/edit").text
    assert '<th scope="row"><code>data</code></th>' in page  # its one predecessor
    assert "/projects/plan/dependencies/model:data/edit" in page
    assert "/projects/plan/dependencies/new?successor=model" in page
    assert 'href="/projects/plan/tasks/model/progress"' in page
    assert 'hx-get="/projects/plan/comments?target=tasks/model"' in page
    assert 'href="/projects/plan/tasks/model/delete"' in page
    risk = manager.get("/projects/plan/risks/r1/edit").text
    assert 'hx-get="/projects/plan/comments?target=risks/r1"' in risk
    assert "/progress" not in risk
