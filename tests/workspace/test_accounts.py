"""Users: argon2id hashes at rest, names checked, unique, listed, disabled."""

from __future__ import annotations

import logging

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from steerco.app.workspace.accounts import create_user, disable_user, get_user, list_users
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError
from steerco.store.tables import User
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401

PASSWORD = "correct horse battery"


def test_password_is_stored_as_an_argon2id_hash(workspace: Workspace) -> None:
    view = create_user(workspace=workspace, name="ada", password=PASSWORD, display_name="Ada L.")
    assert (view.name, view.display_name, view.is_admin, view.disabled) == (
        "ada",
        "Ada L.",
        False,
        False,
    )
    with workspace.transaction() as session:
        stored = session.scalars(select(User.password_hash).where(User.name == "ada")).one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)
    assert not hasattr(view, "password_hash")


def test_creating_logs_nothing_of_the_password(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    create_user(workspace=workspace, name="ada", password=PASSWORD)
    assert PASSWORD not in caplog.text


@pytest.mark.parametrize("name", ["", "Ada", "ada lovelace", "-ada", ".ada", "a" * 65, "ada@x"])
def test_invalid_name_is_refused_with_what_to_write(workspace: Workspace, name: str) -> None:
    with pytest.raises(InvalidRequestError, match="lowercase letters, digits"):
        create_user(workspace=workspace, name=name, password=PASSWORD)
    assert list_users(workspace=workspace) == []


@pytest.mark.parametrize("name", ["a", "ada.lovelace", "x_1-2", "7" * 64])
def test_valid_names(workspace: Workspace, name: str) -> None:
    assert create_user(workspace=workspace, name=name, password=PASSWORD).name == name


def test_name_is_unique(workspace: Workspace) -> None:
    create_user(workspace=workspace, name="ada", password=PASSWORD)
    with pytest.raises(InvalidRequestError, match="already exists"):
        create_user(workspace=workspace, name="ada", password="another password")
    assert [user.name for user in list_users(workspace=workspace)] == ["ada"]


@pytest.mark.parametrize("password", ["", "seven77", "x" * 1025])
def test_password_length_is_checked(workspace: Workspace, password: str) -> None:
    with pytest.raises(InvalidRequestError, match="password is too"):
        create_user(workspace=workspace, name="ada", password=password)


def test_list_users_by_name_with_admin_and_disabled(workspace: Workspace) -> None:
    create_user(workspace=workspace, name="zoe", password=PASSWORD, admin=True)
    create_user(workspace=workspace, name="ada", password=PASSWORD)
    disabled = disable_user(workspace=workspace, name="ada")
    assert disabled.disabled
    users = list_users(workspace=workspace)
    assert [(u.name, u.is_admin, u.disabled) for u in users] == [
        ("ada", False, True),
        ("zoe", True, False),
    ]
    assert all(u.created_at.tzinfo is not None for u in users)


def test_disabling_an_unknown_user_is_not_found(workspace: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no user 'ghost'"):
        disable_user(workspace=workspace, name="ghost")


def test_get_user(workspace: Workspace) -> None:
    created = create_user(workspace=workspace, name="ada", password=PASSWORD, admin=True)
    assert get_user(workspace=workspace, name="ada") == created
    with pytest.raises(NotFoundError, match="no user 'bob'"):
        get_user(workspace=workspace, name="bob")
