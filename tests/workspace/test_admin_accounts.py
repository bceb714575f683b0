"""Users and tokens managed by a site admin: only they may, and each change is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from steerco.app.workspace.accounts import create_user, disable_user, enable_user, get_user
from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import (
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    UnauthorizedError,
)
from steerco.app.workspace.token_admin import list_every_token, revoke_any_token
from steerco.app.workspace.tokens import create_token, principal_for_token, revoke_token, sign_in
from steerco.store.tables import AuditEntry
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401

PASSWORD = "correct horse battery"


@pytest.fixture
def people(workspace: Workspace) -> dict[str, Principal]:
    """root is a site admin, ada and bob are not."""
    principals = {}
    for name in ("root", "ada", "bob"):
        view = create_user(workspace=workspace, name=name, password=PASSWORD, admin=name == "root")
        principals[name] = Principal(user_id=view.id, name=name, is_admin=view.is_admin)
    return principals


def _audit(workspace: Workspace) -> list[tuple[int | None, str, str, object, object]]:
    with workspace.transaction() as session:
        return [
            (e.user_id, e.operation, e.target, e.before, e.after)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_users_made_on_the_machine_are_logged_without_a_user(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    assert _audit(workspace) == [
        (None, "add_user", f"users/{name}", None, {"display_name": "", "admin": name == "root"})
        for name in ("root", "ada", "bob")
    ]


def test_an_admin_adds_a_user_and_is_named_in_the_log(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    view = create_user(
        workspace=workspace,
        name="ml.engineer.1",
        password=PASSWORD,
        display_name="ML engineer 1",
        by=people["root"],
    )
    assert view.name == "ml.engineer.1"
    assert _audit(workspace)[-1] == (
        people["root"].user_id,
        "add_user",
        "users/ml.engineer.1",
        None,
        {"display_name": "ML engineer 1", "admin": False},
    )


@pytest.mark.parametrize("who", ["ada", "scoped root"])
def test_only_an_unscoped_site_admin_manages_users_and_tokens(
    workspace: Workspace, people: dict[str, Principal], who: str
) -> None:
    caller = people["ada"]
    if who == "scoped root":
        caller = Principal(
            user_id=people["root"].user_id, name="root", is_admin=True, projects=frozenset()
        )
    with pytest.raises(ForbiddenError):
        create_user(workspace=workspace, name="eve", password=PASSWORD, by=caller)
    with pytest.raises(ForbiddenError):
        disable_user(workspace=workspace, name="bob", by=caller)
    with pytest.raises(ForbiddenError):
        list_every_token(workspace=workspace, principal=caller)
    with pytest.raises(ForbiddenError):
        revoke_any_token(workspace=workspace, principal=caller, token_id=1)
    with pytest.raises(NotFoundError):
        get_user(workspace=workspace, name="eve")
    assert get_user(workspace=workspace, name="bob").disabled is False


def test_disable_and_enable_are_audited_and_take_effect(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    secret = create_token(workspace=workspace, user="bob", name="ci").secret
    disable_user(workspace=workspace, name="bob", by=people["root"])
    with pytest.raises(UnauthorizedError):
        principal_for_token(workspace=workspace, secret=secret)
    with pytest.raises(UnauthorizedError):
        sign_in(workspace=workspace, name="bob", password=PASSWORD, client="c")
    disable_user(workspace=workspace, name="bob", by=people["root"])  # no change, no entry
    enable_user(workspace=workspace, name="bob", by=people["root"])
    assert principal_for_token(workspace=workspace, secret=secret).name == "bob"
    root = people["root"].user_id
    assert _audit(workspace)[-2:] == [
        (root, "disable_user", "users/bob", {"disabled": False}, {"disabled": True}),
        (root, "enable_user", "users/bob", {"disabled": True}, {"disabled": False}),
    ]


def test_an_admin_cannot_disable_themselves(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    with pytest.raises(InvalidRequestError, match="your own account"):
        disable_user(workspace=workspace, name="root", by=people["root"])
    assert get_user(workspace=workspace, name="root").disabled is False


def test_every_users_tokens_are_listed_and_the_active_ones_kept(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    ada_ci = create_token(workspace=workspace, user="ada", name="ci")
    bob_old = create_token(workspace=workspace, user="bob", name="old")
    bob_new = create_token(workspace=workspace, user="bob", name="new")
    revoke_token(workspace=workspace, user="bob", token_id=bob_old.token.id)
    every = list_every_token(workspace=workspace, principal=people["root"])
    assert [(o.user, o.token.name) for o in every] == [
        ("ada", "ci"),
        ("bob", "old"),
        ("bob", "new"),
    ]
    active = list_every_token(workspace=workspace, principal=people["root"], active_only=True)
    assert [o.token.id for o in active] == [ada_ci.token.id, bob_new.token.id]
    only_bob = list_every_token(workspace=workspace, principal=people["root"], user="bob")
    assert {o.user for o in only_bob} == {"bob"}
    with pytest.raises(NotFoundError):
        list_every_token(workspace=workspace, principal=people["root"], user="nobody")


def test_an_admin_revokes_anyones_token_once_and_it_is_logged(
    workspace: Workspace, people: dict[str, Principal]
) -> None:
    issued = create_token(workspace=workspace, user="ada", name="ci")
    assert revoke_any_token(workspace=workspace, principal=people["root"], token_id=issued.token.id)
    with pytest.raises(UnauthorizedError, match="revoked"):
        principal_for_token(workspace=workspace, secret=issued.secret)
    assert not revoke_any_token(
        workspace=workspace, principal=people["root"], token_id=issued.token.id
    )
    entries = [e for e in _audit(workspace) if e[1] == "revoke_token"]
    assert entries == [
        (
            people["root"].user_id,
            "revoke_token",
            f"tokens/{issued.token.id}",
            {"user": "ada", "name": "ci", "kind": "api"},
            None,
        )
    ]
    for missing in (0, 99999, 2**40):
        with pytest.raises(NotFoundError):
            revoke_any_token(workspace=workspace, principal=people["root"], token_id=missing)
