"""Edits of the plan: applied to the current text, comments kept, no lost update."""

from __future__ import annotations

import pytest

from steerco.app.workspace.audit import list_audit
from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.edits import create_entity, delete_entity, edit_entity
from steerco.app.workspace.errors import EditConflictError, InvalidRequestError, NotFoundError
from steerco.app.workspace.projects import pull_project, push_project
from steerco.app.workspace.rows import get_row
from workspace.projects_support import PLAN, user


def _pushed(workspace: Workspace) -> Principal:
    ann = user(workspace, "ann")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    return ann


def _text(workspace: Workspace, ann: Principal) -> str:
    return pull_project(workspace=workspace, principal=ann, project="p").text


def test_an_edit_changes_one_value_and_keeps_every_other_byte(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    result = edit_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="tasks",
        key="design",
        changes={"duration": 4},
        base_revision=1,
    )
    assert result.revision.number == 2
    assert result.row is not None and result.row.data["duration"] == "4d"
    expected = PLAN.replace("      duration: 3\n", "      duration: 4\n")
    assert _text(workspace, ann) == expected


def test_same_field_from_the_same_base_twice_conflicts(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    bob = user(workspace, "bob", admin=True)
    edit_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="tasks",
        key="code",
        changes={"duration": 7},
        base_revision=1,
    )
    with pytest.raises(EditConflictError) as caught:
        edit_entity(
            workspace=workspace,
            principal=bob,
            project="p",
            collection="tasks",
            key="code",
            changes={"duration": 9},
            base_revision=1,
        )
    assert caught.value.status == 409
    assert caught.value.detail == {"current": {"duration": "7d"}, "revision": 2}
    assert "duration: 7," in _text(workspace, ann)
    log = list_audit(workspace=workspace, principal=ann, project="p").items
    assert [(e.user, e.operation, e.outcome, e.revision_before, e.revision_after) for e in log] == [
        ("bob", "edit", "conflict", 2, None),
        ("ann", "edit", "applied", 1, 2),
        ("ann", "push", "applied", None, 1),
    ]
    assert log[0].before == {"duration": "7d"}
    assert log[1].before == {"duration": "5d"} and log[1].after == {"duration": "7d"}


def test_different_fields_from_the_same_base_are_both_applied(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    for changes in ({"duration": 6}, {"name": "Write the code"}):
        edit_entity(
            workspace=workspace,
            principal=ann,
            project="p",
            collection="tasks",
            key="code",
            changes=changes,
            base_revision=1,
        )
    text = _text(workspace, ann)
    assert "- {id: code, name: Write the code, duration: 6, after: [design]" in text
    assert text.count("\n") == PLAN.count("\n")


def test_based_on_values_that_changed_conflict(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    edit_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="risks",
        key="r1",
        changes={"probability": 0.5},
        based_on={"probability": 0.3},
    )
    with pytest.raises(EditConflictError) as caught:
        edit_entity(
            workspace=workspace,
            principal=ann,
            project="p",
            collection="risks",
            key="r1",
            changes={"title": "Vendor late again"},
            based_on={"probability": 0.3},
        )
    assert caught.value.detail["current"] == {"probability": 0.5, "title": "Vendor late"}
    row = get_row(workspace=workspace, principal=ann, project="p", collection="risks", key="r1")
    assert (row.name, row.data["probability"]) == ("Vendor late", 0.5)


def test_an_invalid_edit_changes_nothing(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    with pytest.raises(InvalidRequestError) as caught:
        edit_entity(
            workspace=workspace,
            principal=ann,
            project="p",
            collection="tasks",
            key="code",
            changes={"duration": "soon"},
        )
    assert [(d.code, d.file, d.line) for d in caught.value.diagnostics] == [
        ("bad_duration", "p.yaml", 15)
    ]
    assert _text(workspace, ann) == PLAN
    log = list_audit(workspace=workspace, principal=ann, project="p").items
    assert [(e.operation, e.outcome, e.revision_after) for e in log] == [
        ("edit", "refused", None),
        ("push", "applied", 1),
    ]


def test_a_link_written_as_shorthand_stays_shorthand(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    result = edit_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="dependencies",
        key="test:code",
        changes={"type": "FS", "lag": 1},
        based_on={"type": "SS", "lag": "2d"},
    )
    assert result.row is not None
    assert (result.row.data["type"], result.row.data["lag"]) == ("FS", "1d")
    assert 'after: ["code FS+1"]   # starts two days after code starts' in _text(workspace, ann)


def test_create_and_delete_tasks_links_and_risks(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    task = create_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="tasks",
        data={"id": "docs", "name": "Docs", "duration": 2},
        parent="build",
    )
    assert task.row is not None and task.row.parent == "build"
    link = create_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="dependencies",
        data={"successor": "docs", "predecessor": "code", "type": "FF"},
    )
    assert link.row is not None and link.row.key == "docs:code"
    create_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="risks",
        data={"id": "r2", "title": "GPU shortage", "probability": 0.2, "tasks": ["docs"]},
    )
    text = _text(workspace, ann)
    assert "        - id: docs\n          name: Docs\n          duration: 2\n" in text
    assert "          after:\n            - code FF\n    - id: ship\n" in text
    with pytest.raises(InvalidRequestError) as caught:  # r2 still names docs
        delete_entity(
            workspace=workspace, principal=ann, project="p", collection="tasks", key="docs"
        )
    assert {d.code for d in caught.value.diagnostics} == {"unknown_task"}
    delete_entity(workspace=workspace, principal=ann, project="p", collection="risks", key="r2")
    delete_entity(
        workspace=workspace, principal=ann, project="p", collection="dependencies", key="docs:code"
    )
    revision = delete_entity(
        workspace=workspace, principal=ann, project="p", collection="tasks", key="docs"
    )
    assert revision.number == 7
    assert _text(workspace, ann) == PLAN
    with pytest.raises(NotFoundError):
        delete_entity(
            workspace=workspace, principal=ann, project="p", collection="tasks", key="docs"
        )


def test_a_delete_conflicts_when_the_entity_changed_since(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    edit_entity(
        workspace=workspace,
        principal=ann,
        project="p",
        collection="resources",
        key="bo",
        changes={"name": "Bo B."},
    )
    with pytest.raises(EditConflictError):
        delete_entity(
            workspace=workspace,
            principal=ann,
            project="p",
            collection="resources",
            key="bo",
            base_revision=1,
        )


def test_ids_and_children_are_not_edited_in_place(workspace: Workspace) -> None:
    ann = _pushed(workspace)
    with pytest.raises(InvalidRequestError, match="cannot be changed"):
        edit_entity(
            workspace=workspace,
            principal=ann,
            project="p",
            collection="tasks",
            key="code",
            changes={"id": "coding"},
        )
    with pytest.raises(NotFoundError):
        edit_entity(
            workspace=workspace,
            principal=ann,
            project="p",
            collection="milestones",
            key="ship",
            changes={"name": "x"},
        )


def test_a_gate_is_edited_in_its_milestone(workspace: Workspace) -> None:
    from pathlib import Path

    ann = user(workspace, "ann")
    case = Path(__file__).resolve().parents[1] / "cases" / "valid" / "communication_plan.yaml"
    text = case.read_text()
    push_project(workspace=workspace, principal=ann, text=text, file_name="churn.yaml")
    result = edit_entity(
        workspace=workspace,
        principal=ann,
        project="churn",
        collection="gates",
        key="m1",
        changes={"decision": "go", "date": "2027-03-19"},
        based_on={"decision": None},
    )
    assert result.row is not None
    assert (result.row.data["decision"], result.row.data["date"]) == ("go", "2027-03-19")
    pulled = pull_project(workspace=workspace, principal=ann, project="churn").text
    assert "gate: {approver: sponsor, decision: go, date: 2027-03-19}}" in pulled
    assert pulled.replace(", decision: go, date: 2027-03-19", "") == text
