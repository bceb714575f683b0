"""A workspace edit of one entity goes through the one-entry editor and writes what the
whole-file editor writes; the rows compared in memory are those derived from the text.

Creations and removals inside one task's entry (a child task, a link) take it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.edits import create_entity, delete_entity, edit_entity
from steerco.app.workspace.entities import add_entity, change_entity, remove_entity
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.projects import pull_project, push_project
from steerco.app.workspace.rows import derive_rows
from steerco.errors import ProjectError
from steerco.formats import yaml_edit
from steerco.formats.project_yaml import parse_project_yaml
from steerco.store.tables import Project, ProjectRow
from workspace.projects_support import PLAN, user

WHOLE_FILE = yaml_edit.edit_project_text

EDITS: list[tuple[str, str, dict[str, Any]]] = [
    ("tasks", "design", {"name": "Design it"}),
    ("tasks", "test", {"duration": 3, "description": "Run the suite"}),
    ("tasks", "code", {"name": "Write the code, then review it"}),
    ("resources", "bo", {"name": "ML engineer 2"}),
    ("risks", "r1", {"title": "Vendor very late", "probability": 0.5}),
    ("dependencies", "test:code", {"lag": "3d"}),
    ("tasks", "ship", {"deadline": "2027-03-01"}),
    ("tasks", "design", {"demands": None}),
]


@pytest.fixture
def whole_file_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The whole-file editor's calls during the test (the workspace imports it per call)."""
    calls: list[str] = []

    def counted(text: str, file: str, mutate: Callable[[Any], None], **options: Any) -> Any:
        calls.append(file)
        return WHOLE_FILE(text, file, mutate, **options)

    monkeypatch.setattr(yaml_edit, "edit_project_text", counted)
    yield calls


def _stored_rows(workspace: Workspace) -> set[tuple[Any, ...]]:
    with workspace.transaction() as session:
        project_id = session.scalar(select(Project.id).where(Project.slug == "p"))
        rows = session.execute(
            select(
                ProjectRow.collection,
                ProjectRow.key,
                ProjectRow.position,
                ProjectRow.parent,
                ProjectRow.name,
                ProjectRow.data,
            ).where(ProjectRow.project_id == project_id)
        ).all()
    return {(c, k, p, parent, n, repr(sorted(d.items()))) for c, k, p, parent, n, d in rows}


def _derived_rows(text: str) -> set[tuple[Any, ...]]:
    return {
        (r.collection, r.key, r.position, r.parent, r.name, repr(sorted(r.data.items())))
        for r in derive_rows(parse_project_yaml(text, "p.yaml"))
    }


def _pushed(workspace: Workspace) -> Principal:
    ann = user(workspace, "ann")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    return ann


def test_entity_edits_write_the_whole_file_editors_text_and_rows(
    workspace: Workspace, whole_file_calls: list[str]
) -> None:
    ann = _pushed(workspace)
    text = PLAN
    for number, (collection, key, changes) in enumerate(EDITS, start=2):
        expected, _ = WHOLE_FILE(
            text, "p.yaml", change_entity(collection, key, changes), valid=True
        )
        result = edit_entity(
            workspace=workspace,
            principal=ann,
            project="p",
            collection=collection,
            key=key,
            changes=changes,
            base_revision=number - 1,
        )
        assert result.revision.number == number
        text = pull_project(workspace=workspace, principal=ann, project="p").text
        assert text == expected
        assert _stored_rows(workspace) == _derived_rows(text)
    assert whole_file_calls == []  # every one of these edits took the one-entry path


def test_an_invalid_edit_is_refused_at_the_line_the_whole_file_editor_gives(
    workspace: Workspace,
) -> None:
    ann = _pushed(workspace)
    change = {"after": ["nowhere"]}
    with pytest.raises(ProjectError) as whole:
        WHOLE_FILE(PLAN, "p.yaml", change_entity("tasks", "test", change), valid=True)
    with pytest.raises(InvalidRequestError) as caught:
        edit_entity(
            workspace=workspace,
            principal=ann,
            project="p",
            collection="tasks",
            key="test",
            changes=change,
        )
    shown = [(d.code, d.line, d.column) for d in caught.value.diagnostics]
    assert shown == [(d.code, d.line, d.column) for d in whole.value.diagnostics]
    assert pull_project(workspace=workspace, principal=ann, project="p").text == PLAN
    assert _stored_rows(workspace) == _derived_rows(PLAN)


def test_creations_and_removals_inside_one_entry_take_the_one_entry_path(
    workspace: Workspace, whole_file_calls: list[str]
) -> None:
    ann = _pushed(workspace)
    text = PLAN
    steps: list[tuple[str, str, Any]] = [
        ("create", "tasks", ({"id": "docs", "name": "Docs", "duration": 1}, "build")),
        ("create", "dependencies", ({"successor": "ship", "predecessor": "design"}, None)),
        ("delete", "dependencies", "ship:design"),
        ("delete", "tasks", "docs"),
        ("create", "tasks", ({"id": "later", "duration": 2}, None)),  # a top-level task
    ]
    for operation, collection, what in steps:
        if operation == "create":
            data, parent = what
            mutate = add_entity(collection, data, parent)
        else:
            mutate = remove_entity(collection, what)
        expected, _ = WHOLE_FILE(text, "p.yaml", mutate, valid=True)
        if operation == "create":
            create_entity(
                workspace=workspace,
                principal=ann,
                project="p",
                collection=collection,
                data=data,
                parent=parent,
            )
        else:
            delete_entity(
                workspace=workspace, principal=ann, project="p", collection=collection, key=what
            )
        text = pull_project(workspace=workspace, principal=ann, project="p").text
        assert text == expected
        assert _stored_rows(workspace) == _derived_rows(text)
    assert whole_file_calls == ["p.yaml"]  # only the top-level task changed a whole list
