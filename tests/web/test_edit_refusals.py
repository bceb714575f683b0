"""Edits the forms refuse: invalid values (the CLI's diagnostics, nothing written) and roles."""

from __future__ import annotations

import pytest

from steerco.app.workspace.context import Workspace
from web.edit_forms_support import form_values, owner, row, stored_text
from web.pages_support import pages_client, sign_in

URL = "/projects/plan/tasks/data/edit"


def test_an_invalid_duration_shows_the_located_diagnostic_and_writes_nothing(
    seeded_workspace: Workspace,
) -> None:
    reader = owner(seeded_workspace)
    before = stored_text(seeded_workspace, reader)
    manager = sign_in(pages_client(seeded_workspace), "manager")
    values = {**form_values(manager.get(URL).text), "duration": "five days"}
    answer = manager.post(URL, values)
    assert answer.status_code == 422
    assert 'id="edit-problems"' in answer.text
    assert "plan.yaml:" in answer.text and "bad_duration" in answer.text  # file:line:col: code
    assert 'aria-invalid="true"' in answer.text  # marked on the duration field
    assert form_values(answer.text)["duration"] == "five days"  # what I typed stays
    assert stored_text(seeded_workspace, reader) == before


def test_a_value_the_form_cannot_read_is_refused_beside_its_field(
    seeded_workspace: Workspace,
) -> None:
    reader = owner(seeded_workspace)
    before = stored_text(seeded_workspace, reader)
    manager = sign_in(pages_client(seeded_workspace), "manager")
    url = "/projects/plan/risks/r1/edit"
    values = {**form_values(manager.get(url).text), "probability": "likely", "title": "Late"}
    answer = manager.post(url, values)
    assert answer.status_code == 422
    assert "bad_number: Probability: &#39;likely&#39; is not a number" in answer.text
    assert 'id="f-probability-error"' in answer.text
    assert form_values(answer.text)["title"] == "Late"
    assert stored_text(seeded_workspace, reader) == before


def test_a_duplicate_id_is_refused_with_its_message(seeded_workspace: Workspace) -> None:
    reader = owner(seeded_workspace)
    before = stored_text(seeded_workspace, reader)
    manager = sign_in(pages_client(seeded_workspace), "manager")
    page = manager.get("/projects/plan/resources/new")
    values = {**form_values(page.text), "id": "ana", "name": "Another"}
    answer = manager.post("/projects/plan/resources/new", values)
    assert answer.status_code == 422
    assert "already has &#39;ana&#39;" in answer.text
    assert stored_text(seeded_workspace, reader) == before


def test_htmx_gets_the_form_alone_in_place_and_a_redirect_header_when_saved(
    seeded_workspace: Workspace,
) -> None:
    manager = sign_in(pages_client(seeded_workspace), "manager")
    values = form_values(manager.get(URL).text)
    htmx = {"HX-Request": "true"}
    refused = manager.post(URL, {**values, "duration": "-"}, headers=htmx)
    assert (refused.status_code, refused.headers["X-Edit-Status"]) == (200, "422")
    assert "bad_duration" in refused.text
    assert refused.text.lstrip().startswith("<form") and "<html" not in refused.text
    assert 'data-testid="edit-tasks"' in refused.text
    saved = manager.post(URL, {**values, "duration": "6d"}, headers=htmx)
    assert saved.status_code == 204
    assert saved.headers["HX-Redirect"] == "/projects/plan"
    assert row(seeded_workspace, owner(seeded_workspace), "tasks", "data").data["duration"] == "6d"


def test_next_sends_the_editor_back_where_they_came_from_on_this_site_only(
    seeded_workspace: Workspace,
) -> None:
    manager = sign_in(pages_client(seeded_workspace), "manager")
    page = manager.get(URL + "?next=/projects/plan/gantt")
    values = form_values(page.text)
    assert values["next"] == "/projects/plan/gantt"
    assert (
        manager.post(URL, {**values, "name": "Data"}).headers["location"] == "/projects/plan/gantt"
    )
    outside = form_values(manager.get(URL + "?next=//evil.example/").text)
    assert outside["next"] == "/"


@pytest.mark.parametrize("who", ["member", "client"])
def test_members_and_clients_cannot_edit_the_plan(seeded_workspace: Workspace, who: str) -> None:
    reader = owner(seeded_workspace)
    before = stored_text(seeded_workspace, reader)
    manager = sign_in(pages_client(seeded_workspace), "manager")
    values = {**form_values(manager.get(URL).text), "name": "Mine now"}
    browser = sign_in(pages_client(seeded_workspace), who)
    for url in (URL, "/projects/plan/tasks/new", "/projects/plan/tasks/data/delete"):
        page = browser.get(url)
        assert page.status_code == 403, url
        assert "does not allow edit_plan" in page.text
        assert "<form" not in page.text.split("<main", 1)[1].split("</main>")[0]
    assert browser.post(URL, values).status_code == 403
    assert (
        browser.post("/projects/plan/tasks/data/delete", {"base_revision": "1"}).status_code == 403
    )
    new = {"id": "sneaky", "name": "Sneaky", "duration": "1d"}
    assert browser.post("/projects/plan/tasks/new", new).status_code == 403
    assert stored_text(seeded_workspace, reader) == before


def test_an_outsider_does_not_learn_the_project_exists(seeded_workspace: Workspace) -> None:
    outsider = sign_in(pages_client(seeded_workspace), "outsider")
    assert outsider.get(URL).status_code == 404
    assert outsider.post(URL, {"name": "x", "base.name": '"Collect data"'}).status_code == 404


def test_a_collection_the_pages_do_not_edit_is_not_found(seeded_workspace: Workspace) -> None:
    manager = sign_in(pages_client(seeded_workspace), "manager")
    assert manager.get("/projects/plan/milestones/launch/edit").status_code == 404
    assert manager.get("/projects/plan/tasks/nothing/edit").status_code == 404


def test_without_a_session_the_form_asks_to_sign_in(seeded_workspace: Workspace) -> None:
    client = pages_client(seeded_workspace)
    answer = client.get(URL, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=/projects/plan/tasks/data/edit")
