"""No lost updates through the forms: two browsers, one field (merge view) or two fields."""

from __future__ import annotations

from steerco.app.workspace.context import Workspace
from web.edit_forms_support import form_values, owner, row, stored_text
from web.pages_support import Browser, pages_client, sign_in

URL = "/projects/plan/tasks/data/edit"


def _two_editors(workspace: Workspace) -> tuple[Browser, Browser, dict[str, str], dict[str, str]]:
    """Two managers' browsers (owner and manager) with the same task's form open."""
    first = sign_in(pages_client(workspace), "owner")
    second = sign_in(pages_client(workspace), "manager")
    return first, second, form_values(first.get(URL).text), form_values(second.get(URL).text)


def test_the_second_editor_of_a_field_gets_the_merge_view_and_keep_mine_applies(
    seeded_workspace: Workspace,
) -> None:
    reader = owner(seeded_workspace)
    first, second, theirs, mine = _two_editors(seeded_workspace)
    assert first.post(URL, {**theirs, "name": "Collect data v2"}).status_code == 303
    revision, text = stored_text(seeded_workspace, reader)
    merge = second.post(URL, {**mine, "name": "Gather the data"})
    assert merge.status_code == 409
    assert 'id="merge"' in merge.text
    assert '<code class="theirs">Collect data v2</code>' in merge.text
    assert '<code class="mine">Gather the data</code>' in merge.text
    assert stored_text(seeded_workspace, reader) == (revision, text)  # nothing written
    resubmit = form_values(merge.text)
    assert resubmit["base_revision"] == str(revision)
    assert resubmit["name"] == "Gather the data"  # what I typed is kept
    applied = second.post(URL, {**resubmit, "keep.name": "mine"})
    assert applied.status_code == 303
    assert row(seeded_workspace, reader, "tasks", "data").name == "Gather the data"
    assert stored_text(seeded_workspace, reader)[0] == revision + 1


def test_keep_theirs_writes_nothing_and_my_other_fields_still_apply(
    seeded_workspace: Workspace,
) -> None:
    reader = owner(seeded_workspace)
    first, second, theirs, mine = _two_editors(seeded_workspace)
    assert first.post(URL, {**theirs, "name": "Collect data v2"}).status_code == 303
    merge = second.post(URL, {**mine, "name": "Gather the data", "duration": "6d"})
    assert merge.status_code == 409
    assert 'data-field="name"' in merge.text and 'data-field="duration"' not in merge.text
    resubmit = form_values(merge.text)
    assert resubmit["duration"] == "6d"
    kept = second.post(URL, {**resubmit, "keep.name": "theirs"})
    assert kept.status_code == 303
    data = row(seeded_workspace, reader, "tasks", "data")
    assert (data.name, data.data["duration"]) == ("Collect data v2", "6d")


def test_keep_theirs_alone_writes_no_revision(seeded_workspace: Workspace) -> None:
    reader = owner(seeded_workspace)
    first, second, theirs, mine = _two_editors(seeded_workspace)
    assert first.post(URL, {**theirs, "milestone": "", "deadline": "2027-02-01"}).status_code == 303
    revision, _ = stored_text(seeded_workspace, reader)
    merge = second.post(URL, {**mine, "deadline": "2027-03-01"})
    assert merge.status_code == 409
    assert '<code class="theirs">2027-02-01</code>' in merge.text
    kept = second.post(URL, {**form_values(merge.text), "keep.deadline": "theirs"})
    assert kept.status_code == 303
    assert stored_text(seeded_workspace, reader)[0] == revision
    assert row(seeded_workspace, reader, "tasks", "data").data["deadline"] == "2027-02-01"


def test_editors_of_different_fields_both_apply(seeded_workspace: Workspace) -> None:
    reader = owner(seeded_workspace)
    first, second, theirs, mine = _two_editors(seeded_workspace)
    assert first.post(URL, {**theirs, "name": "Collect data v2"}).status_code == 303
    assert second.post(URL, {**mine, "duration": "9d"}).status_code == 303
    data = row(seeded_workspace, reader, "tasks", "data")
    assert (data.name, data.data["duration"]) == ("Collect data v2", "9d")
    _, text = stored_text(seeded_workspace, reader)
    assert "# the first step" in text


def test_a_removal_confirmed_on_an_older_revision_asks_again(seeded_workspace: Workspace) -> None:
    reader = owner(seeded_workspace)
    first, second, _, _ = _two_editors(seeded_workspace)
    confirm = second.get("/projects/plan/risks/r2/delete")
    old = form_values(confirm.text, "delete-form")
    risk = form_values(first.get("/projects/plan/risks/r2/edit").text)
    assert (
        first.post("/projects/plan/risks/r2/edit", {**risk, "title": "GPUs short"}).status_code
        == 303
    )
    refused = second.post("/projects/plan/risks/r2/delete", old)
    assert refused.status_code == 409
    assert "GPUs short" in refused.text  # the risk as it stands now
    assert row(seeded_workspace, reader, "risks", "r2").name == "GPUs short"
    again = form_values(refused.text, "delete-form")
    assert int(again["base_revision"]) == int(old["base_revision"]) + 1
    assert second.post("/projects/plan/risks/r2/delete", again).status_code == 303


def test_htmx_gets_the_merge_view_in_place(seeded_workspace: Workspace) -> None:
    first, second, theirs, mine = _two_editors(seeded_workspace)
    assert first.post(URL, {**theirs, "name": "Collect data v2"}).status_code == 303
    merge = second.post(URL, {**mine, "name": "Mine"}, headers={"HX-Request": "true"})
    assert (merge.status_code, merge.headers["X-Edit-Status"]) == (200, "409")
    assert merge.text.lstrip().startswith("<form") and 'id="merge"' in merge.text
