"""The role table, its copy in docs/workspace.md, and `authorize`'s 404-versus-403 answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Action, Principal, Role, Workspace
from steerco.app.workspace.errors import ForbiddenError, NotFoundError
from steerco.app.workspace.permissions import allowed, authorize
from steerco.store.tables import Membership, Project, User

DOCS = Path(__file__).parents[2] / "docs" / "workspace.md"

# Hand-written: which roles may do each action (independent of ROLE_ACTIONS).
EXPECTED: dict[str, set[str]] = {
    "read_client": {"owner", "manager", "member", "client"},
    "read_plan": {"owner", "manager", "member"},
    "update_own_progress": {"owner", "manager", "member"},
    "comment": {"owner", "manager", "member"},
    "run_analysis": {"owner", "manager", "member"},
    "edit_plan": {"owner", "manager"},
    "manage_members": {"owner"},
    "delete_project": {"owner"},
}


def test_allowed_matches_the_hand_written_matrix_for_every_role_and_action() -> None:
    assert set(EXPECTED) == {action.value for action in Action}
    for action in Action:
        for role in Role:
            assert allowed(role, action) == (role.value in EXPECTED[action.value]), (role, action)


def _docs_table() -> dict[str, dict[str, bool]]:
    """The role table under 'Who may do what' in docs/workspace.md, as action -> role -> yes."""
    section = DOCS.read_text(encoding="utf-8").split("### Who may do what", 1)[1]
    section = section.split("\n#", 1)[0]  # up to the next heading
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table: dict[str, dict[str, bool]] = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        match = re.fullmatch(r"`([a-z_]+)`", cells[0])
        assert match, line
        assert set(cells[1:]) <= {"yes", "no"}, line
        table[match.group(1)] = {
            role: cell == "yes" for role, cell in zip(header[1:], cells[1:], strict=True)
        }
    assert header[0] == "action"
    return table


def test_docs_role_table_equals_allowed() -> None:
    table = _docs_table()
    assert set(table) == {action.value for action in Action}
    for action in Action:
        assert set(table[action.value]) == {role.value for role in Role}
        for role in Role:
            assert table[action.value][role.value] == allowed(role, action), (role, action)


def _user(session: Session, name: str, *, admin: bool = False) -> Principal:
    user = User(name=name, password_hash="x", is_admin=admin)
    session.add(user)
    session.flush()
    return Principal(user_id=user.id, name=name, is_admin=admin)


def _project(session: Session, slug: str) -> int:
    project = Project(slug=slug, name=slug, file_name=f"{slug}.yaml")
    session.add(project)
    session.flush()
    return project.id


def _seed(workspace: Workspace) -> tuple[dict[str, Principal], dict[str, int]]:
    """Two projects; alice owns alpha, bob manages it, carol is a member with a resource,
    dave is alpha's client and erin owns beta only; root is a site admin."""
    with workspace.transaction() as session:
        people = {name: _user(session, name) for name in ("alice", "bob", "carol", "dave", "erin")}
        people["root"] = _user(session, "root", admin=True)
        projects = {slug: _project(session, slug) for slug in ("alpha", "beta")}
        for name, slug, role, resource in (
            ("alice", "alpha", "owner", None),
            ("bob", "alpha", "manager", None),
            ("carol", "alpha", "member", "ml_eng"),
            ("dave", "alpha", "client", None),
            ("erin", "beta", "owner", None),
        ):
            session.add(
                Membership(
                    project_id=projects[slug],
                    user_id=people[name].user_id,
                    role=role,
                    resource=resource,
                )
            )
    return people, projects


def test_member_gets_the_project_and_their_membership(workspace: Workspace) -> None:
    people, projects = _seed(workspace)
    with workspace.transaction() as session:
        carol = authorize(session, people["carol"], "alpha", Action.read_plan)
    assert (carol.project_id, carol.slug, carol.role, carol.resource) == (
        projects["alpha"],
        "alpha",
        Role.member,
        "ml_eng",
    )


@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("bob", Action.manage_members),
        ("bob", Action.delete_project),
        ("carol", Action.edit_plan),
        ("dave", Action.read_plan),
        ("dave", Action.comment),
    ],
)
def test_role_without_the_action_is_forbidden(
    workspace: Workspace, name: str, action: Action
) -> None:
    people, _projects = _seed(workspace)
    with pytest.raises(ForbiddenError) as raised, workspace.transaction() as session:
        authorize(session, people[name], "alpha", action)
    assert raised.value.status == 403


def test_non_member_and_unknown_project_are_the_same_not_found(workspace: Workspace) -> None:
    people, _projects = _seed(workspace)
    erin = people["erin"]
    with pytest.raises(NotFoundError) as other, workspace.transaction() as session:
        authorize(session, erin, "alpha", Action.read_client)
    with pytest.raises(NotFoundError) as unknown, workspace.transaction() as session:
        authorize(session, erin, "gamma", Action.read_client)
    assert other.value.status == unknown.value.status == 404
    assert other.value.message.replace("alpha", "?") == unknown.value.message.replace("gamma", "?")


def test_token_scope_hides_a_project_the_user_owns(workspace: Workspace) -> None:
    people, projects = _seed(workspace)
    alice = people["alice"]
    beta = projects["beta"]
    scoped = Principal(user_id=alice.user_id, name="alice", projects=frozenset({beta}))
    with pytest.raises(NotFoundError), workspace.transaction() as session:
        authorize(session, scoped, "alpha", Action.read_client)


def test_site_admin_may_do_everything_but_not_outside_a_token_scope(
    workspace: Workspace,
) -> None:
    people, projects = _seed(workspace)
    root = people["root"]
    with workspace.transaction() as session:
        for action in Action:
            granted = authorize(session, root, "beta", action)
            assert (granted.slug, granted.role, granted.resource) == ("beta", None, None)
    alpha = projects["alpha"]
    scoped = Principal(
        user_id=root.user_id, name="root", is_admin=True, projects=frozenset({alpha})
    )
    with pytest.raises(NotFoundError), workspace.transaction() as session:
        authorize(session, scoped, "beta", Action.read_client)
    with pytest.raises(NotFoundError), workspace.transaction() as session:
        authorize(session, root, "gamma", Action.read_client)


def test_owner_may_do_every_action(workspace: Workspace) -> None:
    people, _projects = _seed(workspace)
    with workspace.transaction() as session:
        for action in Action:
            assert authorize(session, people["alice"], "alpha", action).role is Role.owner
