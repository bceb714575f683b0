"""`app.workspace.edit_forms.edit_context`: what an editing form is based on, and who gets one."""

from __future__ import annotations

import pytest

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.edit_forms import edit_context
from steerco.app.workspace.edits import edit_entity
from steerco.app.workspace.errors import ForbiddenError, NotFoundError
from steerco.app.workspace.tokens import create_token, principal_for_token


def _principal(workspace: Workspace, user: str):  # type: ignore[no-untyped-def]
    token = create_token(workspace=workspace, user=user, name="form")
    return principal_for_token(workspace=workspace, secret=token.secret)


def test_a_task_form_is_based_on_the_current_revision_and_lists_its_links(
    seeded_workspace: Workspace,
) -> None:
    manager = _principal(seeded_workspace, "manager")
    context = edit_context(
        workspace=seeded_workspace,
        principal=manager,
        project="plan",
        collection="tasks",
        key="model",
    )
    assert (context.project, context.project_name, context.revision) == ("plan", "API test plan", 1)
    assert context.row is not None and context.row.data["duration"] == "8d"
    assert [link.key for link in context.links] == ["model:data"]
    assert [c.key for c in context.tasks] == ["build", "data", "model", "report", "launch"]
    assert [(c.key, c.name) for c in context.resources] == [("ana", "Ana"), ("bo", "Bo")]
    edit_entity(
        workspace=seeded_workspace,
        principal=manager,
        project="plan",
        collection="tasks",
        key="model",
        changes={"duration": "9d"},
    )
    after = edit_context(
        workspace=seeded_workspace,
        principal=manager,
        project="plan",
        collection="tasks",
        key="model",
    )
    assert after.revision == 2 and after.row is not None and after.row.data["duration"] == "9d"


def test_a_new_entitys_form_has_no_row(seeded_workspace: Workspace) -> None:
    owner = _principal(seeded_workspace, "owner")
    context = edit_context(
        workspace=seeded_workspace, principal=owner, project="plan", collection="risks"
    )
    assert context.row is None and context.links == []


@pytest.mark.parametrize("user", ["member", "client"])
def test_roles_that_do_not_edit_the_plan_get_no_form(
    seeded_workspace: Workspace, user: str
) -> None:
    who = _principal(seeded_workspace, user)
    with pytest.raises(ForbiddenError):
        edit_context(
            workspace=seeded_workspace,
            principal=who,
            project="plan",
            collection="tasks",
            key="data",
        )


def test_unknown_projects_entities_and_collections_are_not_found(
    seeded_workspace: Workspace,
) -> None:
    manager = _principal(seeded_workspace, "manager")
    outsider = _principal(seeded_workspace, "outsider")
    for principal, collection, key in (
        (outsider, "tasks", "data"),
        (manager, "tasks", "nothing"),
        (manager, "milestones", "launch"),
    ):
        with pytest.raises(NotFoundError):
            edit_context(
                workspace=seeded_workspace,
                principal=principal,
                project="plan",
                collection=collection,
                key=key,
            )
