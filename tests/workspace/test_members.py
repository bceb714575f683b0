"""Project members: owners (and site admins) manage them, the last owner stays, all audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from steerco.app.workspace.accounts import create_user
from steerco.app.workspace.context import Principal, Role, Workspace
from steerco.app.workspace.errors import ForbiddenError, InvalidRequestError, NotFoundError
from steerco.app.workspace.members import MemberView, add_member, list_members, remove_member
from steerco.store.tables import AuditEntry
from workspace.accounts_fixtures import add_project, cheap_passwords  # noqa: F401

PASSWORD = "correct horse battery"


@pytest.fixture
def people(workspace: Workspace) -> dict[str, Principal]:
    """ada owns alpha (resources ml_eng, gpu), bob manages it, cyd and dee are not members."""
    principals = {}
    for name in ("ada", "bob", "cyd", "dee", "root"):
        view = create_user(workspace=workspace, name=name, password=PASSWORD, admin=name == "root")
        principals[name] = Principal(user_id=view.id, name=name, is_admin=view.is_admin)
    add_project(workspace, "alpha", {"ada": "owner", "bob": "manager"}, resources=("ml_eng", "gpu"))
    add_project(workspace, "beta", {"dee": "owner"})
    return principals


def test_owner_adds_a_member_with_a_resource(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    view = add_member(
        workspace=workspace,
        principal=people["ada"],
        project="alpha",
        user="cyd",
        role="member",
        resource="ml_eng",
    )
    assert view == MemberView(user="cyd", role=Role.member, resource="ml_eng")
    assert list_members(workspace=workspace, principal=people["bob"], project="alpha") == [
        MemberView(user="ada", role=Role.owner, resource=None),
        MemberView(user="bob", role=Role.manager, resource=None),
        MemberView(user="cyd", role=Role.member, resource="ml_eng"),
    ]
    with workspace.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.project_id.is_not(None))).one()
    assert (entry.operation, entry.target, entry.user_id, entry.before, entry.after) == (
        "add_member",
        "members/cyd",
        people["ada"].user_id,
        None,
        {"role": "member", "resource": "ml_eng"},
    )


def test_adding_again_changes_the_role(workspace: Workspace, people: dict[str, Principal]) -> None:
    add_member(
        workspace=workspace, principal=people["ada"], project="alpha", user="bob", role=Role.client
    )
    members = list_members(workspace=workspace, principal=people["ada"], project="alpha")
    assert [(m.user, m.role) for m in members] == [("ada", Role.owner), ("bob", Role.client)]
    with workspace.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.project_id.is_not(None))).one()
    assert (entry.operation, entry.before, entry.after) == (
        "change_member",
        {"role": "manager", "resource": None},
        {"role": "client", "resource": None},
    )


def test_manager_may_not_manage_members(workspace: Workspace, people: dict[str, Principal]) -> None:
    with pytest.raises(ForbiddenError):
        add_member(
            workspace=workspace, principal=people["bob"], project="alpha", user="cyd", role="member"
        )
    with pytest.raises(ForbiddenError):
        remove_member(workspace=workspace, principal=people["bob"], project="alpha", user="ada")


def test_non_member_gets_not_found(workspace: Workspace, people: dict[str, Principal]) -> None:
    with pytest.raises(NotFoundError):
        add_member(
            workspace=workspace, principal=people["dee"], project="alpha", user="dee", role="owner"
        )
    with pytest.raises(NotFoundError):
        list_members(workspace=workspace, principal=people["cyd"], project="alpha")


def test_site_admin_manages_any_project(workspace: Workspace, people: dict[str, Principal]) -> None:
    add_member(
        workspace=workspace, principal=people["root"], project="beta", user="cyd", role="manager"
    )
    members = list_members(workspace=workspace, principal=people["root"], project="beta")
    assert [(m.user, m.role) for m in members] == [("dee", Role.owner), ("cyd", Role.manager)]


def test_client_may_not_list_members(workspace: Workspace, people: dict[str, Principal]) -> None:
    add_member(
        workspace=workspace, principal=people["ada"], project="alpha", user="cyd", role="client"
    )
    with pytest.raises(ForbiddenError):
        list_members(workspace=workspace, principal=people["cyd"], project="alpha")


def test_unknown_user_role_or_resource_is_invalid(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    ada = people["ada"]
    with pytest.raises(InvalidRequestError, match="no user 'ghost'"):
        add_member(workspace=workspace, principal=ada, project="alpha", user="ghost", role="member")
    with pytest.raises(InvalidRequestError, match="write one of owner, manager, member, client"):
        add_member(workspace=workspace, principal=ada, project="alpha", user="cyd", role="boss")
    with pytest.raises(InvalidRequestError, match="write one of its resource ids: ml_eng, gpu"):
        add_member(
            workspace=workspace,
            principal=ada,
            project="alpha",
            user="cyd",
            role="member",
            resource="tpu",
        )
    with pytest.raises(InvalidRequestError, match="no resources yet"):
        add_member(
            workspace=workspace,
            principal=people["dee"],
            project="beta",
            user="cyd",
            role="member",
            resource="tpu",
        )
    assert len(list_members(workspace=workspace, principal=ada, project="alpha")) == 2


def test_the_last_owner_stays(workspace: Workspace, people: dict[str, Principal]) -> None:
    ada = people["ada"]
    with pytest.raises(InvalidRequestError, match="last owner of project 'alpha'"):
        remove_member(workspace=workspace, principal=ada, project="alpha", user="ada")
    with pytest.raises(InvalidRequestError, match="last owner of project 'alpha'"):
        add_member(workspace=workspace, principal=ada, project="alpha", user="ada", role="manager")
    add_member(workspace=workspace, principal=ada, project="alpha", user="bob", role="owner")
    remove_member(workspace=workspace, principal=ada, project="alpha", user="ada")
    members = list_members(workspace=workspace, principal=people["bob"], project="alpha")
    assert members == [MemberView(user="bob", role=Role.owner, resource=None)]
    with workspace.transaction() as session:
        operations = session.scalars(
            select(AuditEntry.operation)
            .where(AuditEntry.project_id.is_not(None))
            .order_by(AuditEntry.id)
        ).all()
    assert operations == ["change_member", "remove_member"]


def test_removing_a_non_member_is_not_found(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    for user in ("cyd", "ghost"):
        with pytest.raises(NotFoundError, match=f"'{user}' is not a member of project 'alpha'"):
            remove_member(workspace=workspace, principal=people["ada"], project="alpha", user=user)


def test_a_nul_in_a_user_name_is_not_a_member(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    with pytest.raises(NotFoundError, match="is not a member"):
        remove_member(workspace=workspace, principal=people["ada"], project="alpha", user="ada\x00")
    with pytest.raises(InvalidRequestError, match="no user"):
        add_member(
            workspace=workspace,
            principal=people["ada"],
            project="alpha",
            user="x\x00",
            role="member",
        )
