"""Projects as revisions: push and pull byte for byte, revisions, listing, deleting."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.app.workspace.context import Role, Workspace
from steerco.app.workspace.errors import ForbiddenError, InvalidRequestError, NotFoundError
from steerco.app.workspace.projects import (
    delete_project,
    get_project,
    list_projects,
    list_revisions,
    project_slug,
    pull_project,
    push_project,
)
from steerco.app.workspace.revisions import sha256_of
from workspace.projects_support import PLAN, member, user

ROOT = Path(__file__).resolve().parents[2]


def test_pull_gives_back_the_pushed_bytes(workspace: Workspace) -> None:
    ann = user(workspace, "ann")
    crlf = PLAN.replace("\n", "\r\n")
    first = push_project(workspace=workspace, principal=ann, text=PLAN, file_name="Odd Plan.yaml")
    assert (first.project, first.number, first.author) == ("odd-plan", 1, "ann")
    assert first.sha256 == sha256_of(PLAN)
    second = push_project(
        workspace=workspace,
        principal=ann,
        text=crlf,
        file_name="Odd Plan.yaml",
        project="odd-plan",
        baselines="# baselines\n",
    )
    assert second.number == 2
    pulled = pull_project(workspace=workspace, principal=ann, project="odd-plan")
    assert pulled.text.encode() == crlf.encode()
    assert (pulled.baselines, pulled.snapshots, pulled.revision) == ("# baselines\n", None, 2)
    assert pulled.file_name == "Odd Plan.yaml"
    older = pull_project(workspace=workspace, principal=ann, project="odd-plan", revision=1)
    assert (older.text, older.baselines, older.revision) == (PLAN, None, 1)
    with pytest.raises(NotFoundError):
        pull_project(workspace=workspace, principal=ann, project="odd-plan", revision=3)


def test_the_same_text_again_makes_no_revision(workspace: Workspace) -> None:
    ann = user(workspace, "ann")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="plan.yaml")
    again = push_project(workspace=workspace, principal=ann, text=PLAN, file_name="plan.yaml")
    assert again.number == 1
    page = list_revisions(workspace=workspace, principal=ann, project="plan")
    assert page.total == 1
    assert [r.operation for r in page.items] == ["push"]


def test_sidecars_left_out_stay_as_they_were(workspace: Workspace) -> None:
    ann = user(workspace, "ann")
    push_project(
        workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml", snapshots="s: 1\n"
    )
    edited = PLAN.replace("Vendor late", "Vendor very late")
    push_project(workspace=workspace, principal=ann, text=edited, file_name="p.yaml")
    pulled = pull_project(workspace=workspace, principal=ann, project="p")
    assert (pulled.text, pulled.snapshots, pulled.revision) == (edited, "s: 1\n", 2)


def test_an_invalid_push_is_refused_with_located_diagnostics(workspace: Workspace) -> None:
    ann = user(workspace, "ann")
    broken = PLAN.replace("after: [ build ]", "after: [ nowhere ]")
    with pytest.raises(InvalidRequestError) as caught:
        push_project(workspace=workspace, principal=ann, text=broken, file_name="p.yaml")
    codes = [(d.code, d.file, d.line, d.column) for d in caught.value.diagnostics]
    assert codes == [("unknown_task", "p.yaml", 24, 16)]  # at `nowhere`
    assert list_projects(workspace=workspace, principal=ann) == []


def test_another_tools_plan_is_refused(workspace: Workspace) -> None:
    ann = user(workspace, "ann")
    with pytest.raises(InvalidRequestError, match="steerco import"):
        push_project(workspace=workspace, principal=ann, text="<xml/>", file_name="plan.xml")


def test_slugs_come_from_file_stems() -> None:
    assert project_slug("Odd Plan.yaml") == "odd-plan"
    assert project_slug("dir/Churn_Model v2.YAML") == "churn_model-v2"
    assert project_slug("???.yaml") == "project"


def test_a_new_revision_needs_edit_plan(workspace: Workspace) -> None:
    ann, bob = user(workspace, "ann"), user(workspace, "bob")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="p.yaml")
    edited = PLAN.replace("Vendor late", "Vendor very late")
    with pytest.raises(NotFoundError):  # not a member: the project is not there for bob
        push_project(workspace=workspace, principal=bob, text=edited, file_name="p.yaml")
    member(workspace, "p", bob, Role.member)
    with pytest.raises(ForbiddenError):
        push_project(workspace=workspace, principal=bob, text=edited, file_name="p.yaml")
    assert pull_project(workspace=workspace, principal=bob, project="p").text == PLAN


def test_list_get_and_delete(workspace: Workspace) -> None:
    ann, bob, root = (
        user(workspace, "ann"),
        user(workspace, "bob"),
        user(workspace, "root", admin=True),
    )
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="a.yaml")
    push_project(workspace=workspace, principal=bob, text=PLAN, file_name="b.yaml")
    member(workspace, "b", ann, Role.client)
    assert [(p.slug, p.role) for p in list_projects(workspace=workspace, principal=ann)] == [
        ("a", Role.owner),
        ("b", Role.client),
    ]
    assert [(p.slug, p.role) for p in list_projects(workspace=workspace, principal=root)] == [
        ("a", None),
        ("b", None),
    ]
    view = get_project(workspace=workspace, principal=ann, project="b")
    assert (view.name, view.revision, view.file_name) == ("Odd spacing", 1, "b.yaml")
    with pytest.raises(ForbiddenError):
        delete_project(workspace=workspace, principal=ann, project="b")
    with pytest.raises(ForbiddenError):  # a client does not read the plan
        pull_project(workspace=workspace, principal=ann, project="b")
    delete_project(workspace=workspace, principal=bob, project="b")
    assert [p.slug for p in list_projects(workspace=workspace, principal=root)] == ["a"]
    with pytest.raises(NotFoundError):
        get_project(workspace=workspace, principal=bob, project="b")


def test_a_scoped_token_sees_only_its_projects(workspace: Workspace) -> None:
    from dataclasses import replace

    ann = user(workspace, "ann")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="a.yaml")
    push_project(workspace=workspace, principal=ann, text=PLAN, file_name="b.yaml")
    a_id = next(p for p in list_projects(workspace=workspace, principal=ann) if p.slug == "a")
    assert a_id.slug == "a"
    from sqlalchemy import select

    from steerco.store.tables import Project

    with workspace.transaction() as session:
        only_a = frozenset({session.scalar(select(Project.id).where(Project.slug == "a"))})
    scoped = replace(ann, projects=only_a)
    assert [p.slug for p in list_projects(workspace=workspace, principal=scoped)] == ["a"]
    with pytest.raises(NotFoundError):
        pull_project(workspace=workspace, principal=scoped, project="b")
    with pytest.raises(ForbiddenError):
        push_project(workspace=workspace, principal=scoped, text=PLAN, file_name="c.yaml")
