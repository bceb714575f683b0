"""Progress, baselines and comments through the workspace: the CLI's use cases on a revision."""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.app.workspace.audit import list_audit
from steerco.app.workspace.comments import add_comment, list_comments
from steerco.app.workspace.context import Principal, Role, Workspace
from steerco.app.workspace.edits import record_task_progress, save_project_baseline
from steerco.app.workspace.errors import (
    EditConflictError,
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
)
from steerco.app.workspace.projects import pull_project, push_project
from workspace.projects_support import PLAN, member, user

DAY = dt.date(2027, 1, 6)


def _team(workspace: Workspace) -> tuple[Principal, Principal, Principal]:
    """ann owns the plan; bo is a member linked to resource `bo`; cleo a client."""
    ann, bo, cleo = user(workspace, "ann"), user(workspace, "bo"), user(workspace, "cleo")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    member(workspace, "p", bo, Role.member, resource="bo")
    member(workspace, "p", cleo, Role.client)
    return ann, bo, cleo


def test_a_member_records_progress_of_their_own_task(workspace: Workspace) -> None:
    ann, bo, _ = _team(workspace)
    result = record_task_progress(
        workspace=workspace, principal=bo, project="p", task="code", percent=40, date=DAY
    )
    assert result.revision.number == 2 and result.revision.operation == "progress"
    pulled = pull_project(workspace=workspace, principal=ann, project="p")
    assert pulled.text.startswith(PLAN)
    assert pulled.text[len(PLAN) :] == (
        "progress:\n"
        "  status_date: 2027-01-06\n"
        "  tasks:\n"
        "    code:\n"
        "      actual_start: 2027-01-06\n"
        "      percent_complete: 40\n"
    )
    assert pulled.snapshots is not None and "status_date: 2027-01-06" in pulled.snapshots
    entry = list_audit(workspace=workspace, principal=ann, project="p").items[0]
    assert (entry.user, entry.operation, entry.target) == ("bo", "progress", "tasks/code")
    assert entry.before == {"progress": None}
    assert entry.after == {"progress": {"actual_start": "2027-01-06", "percent_complete": 40}}


def test_a_member_may_not_record_another_persons_task(workspace: Workspace) -> None:
    ann, bo, cleo = _team(workspace)
    with pytest.raises(ForbiddenError, match="does not demand your resource"):
        record_task_progress(
            workspace=workspace, principal=bo, project="p", task="design", percent=40, date=DAY
        )
    with pytest.raises(ForbiddenError):
        record_task_progress(
            workspace=workspace, principal=cleo, project="p", task="code", done=True, date=DAY
        )
    result = record_task_progress(  # the owner records anyone's task
        workspace=workspace, principal=ann, project="p", task="design", done=True, date=DAY
    )
    assert result.revision.number == 2


def test_progress_conflicts_when_the_task_progress_changed_since(workspace: Workspace) -> None:
    ann, bo, _ = _team(workspace)
    record_task_progress(
        workspace=workspace, principal=ann, project="p", task="code", percent=30, date=DAY
    )
    with pytest.raises(EditConflictError) as caught:
        record_task_progress(
            workspace=workspace,
            principal=bo,
            project="p",
            task="code",
            percent=50,
            date=DAY,
            base_revision=1,
        )
    assert caught.value.detail["current"] == {
        "progress": {"actual_start": "2027-01-06", "percent_complete": 30}
    }
    # progress of another task since the base is no conflict
    result = record_task_progress(
        workspace=workspace, principal=ann, project="p", task="design", percent=10, base_revision=1
    )
    assert result.revision.number == 3


def test_progress_the_cli_refuses_is_refused_here(workspace: Workspace) -> None:
    ann, _, _ = _team(workspace)
    with pytest.raises(InvalidRequestError) as caught:
        record_task_progress(
            workspace=workspace, principal=ann, project="p", task="ship", percent=50, date=DAY
        )
    assert [(d.code, d.file) for d in caught.value.diagnostics] == [
        ("milestone_progress", "p.yaml")
    ]
    with pytest.raises(NotFoundError):
        record_task_progress(
            workspace=workspace, principal=ann, project="p", task="nope", done=True
        )
    assert pull_project(workspace=workspace, principal=ann, project="p").revision == 1


def test_a_baseline_goes_to_the_sidecar_of_a_new_revision(workspace: Workspace) -> None:
    ann, bo, _ = _team(workspace)
    revision = save_project_baseline(workspace=workspace, principal=ann, project="p")
    assert (revision.number, revision.operation) == (2, "baseline")
    pulled = pull_project(workspace=workspace, principal=ann, project="p")
    assert pulled.text == PLAN
    assert pulled.baselines is not None and "name: baseline" in pulled.baselines
    with pytest.raises(InvalidRequestError) as caught:
        save_project_baseline(workspace=workspace, principal=ann, project="p")
    assert [d.code for d in caught.value.diagnostics] == ["baseline_exists"]
    with pytest.raises(ForbiddenError):
        save_project_baseline(workspace=workspace, principal=bo, project="p", name="b2")


def test_comments_by_members_not_clients(workspace: Workspace) -> None:
    ann, bo, cleo = _team(workspace)
    add_comment(workspace=workspace, principal=bo, project="p", target="tasks/code", text="On it")
    add_comment(workspace=workspace, principal=ann, project="p", target="", text=" Kickoff ")
    with pytest.raises(ForbiddenError):
        add_comment(workspace=workspace, principal=cleo, project="p", target="", text="Hi")
    with pytest.raises(NotFoundError):
        add_comment(workspace=workspace, principal=bo, project="p", target="tasks/x", text="?")
    listed = list_comments(workspace=workspace, principal=ann, project="p")
    assert [(c.author, c.target, c.text) for c in listed] == [
        ("bo", "tasks/code", "On it"),
        ("ann", "", "Kickoff"),
    ]
    on_code = list_comments(workspace=workspace, principal=bo, project="p", target="tasks/code")
    assert [c.text for c in on_code] == ["On it"]


def test_force_records_a_late_status_date_and_replaces_a_baseline(workspace: Workspace) -> None:
    # The CLI's --force, which the API had no way to say: a project running past its plan
    # finish could not record progress at all, nor a baseline be saved again.
    ann, _, _ = _team(workspace)
    late = dt.date(2027, 6, 1)  # the plan finishes in January
    with pytest.raises(InvalidRequestError) as caught:
        record_task_progress(
            workspace=workspace, principal=ann, project="p", task="code", percent=40, date=late
        )
    [refused] = caught.value.diagnostics
    assert refused.code == "status_date_beyond_plan" and "`force: true`" in refused.message
    forced = record_task_progress(
        workspace=workspace,
        principal=ann,
        project="p",
        task="code",
        percent=40,
        date=late,
        force=True,
    )
    assert forced.revision.number == 2
    pulled = pull_project(workspace=workspace, principal=ann, project="p").text
    assert "  status_date: 2027-06-01\n" in pulled
    save_project_baseline(workspace=workspace, principal=ann, project="p")
    again = save_project_baseline(workspace=workspace, principal=ann, project="p", force=True)
    assert again.operation == "baseline"
