"""Users of the workspace: create (with an argon2id password hash), list, disable.

A disabled user's tokens stop working at once: `tokens.principal_for_token` checks the
user on every request.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError
from steerco.app.workspace.passwords import check_password_rules, hash_password
from steerco.app.workspace.timestamps import aware
from steerco.store.tables import User

__all__ = [
    "UserView",
    "check_user_name",
    "create_user",
    "disable_user",
    "find_user",
    "get_user",
    "list_users",
    "user_view",
]

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
MAX_DISPLAY_NAME = 200


@dataclass(frozen=True)
class UserView:
    """A user as the API and the CLI show it (never the password hash)."""

    id: int
    name: str
    display_name: str
    is_admin: bool
    disabled: bool
    created_at: dt.datetime


def user_view(user: User) -> UserView:
    """The view of a `User` row."""
    return UserView(
        id=user.id,
        name=user.name,
        display_name=user.display_name,
        is_admin=user.is_admin,
        disabled=user.disabled,
        created_at=aware(user.created_at),
    )


def check_user_name(name: str) -> None:
    """Refuse a login name that is not 1-64 lowercase letters, digits, '.', '_' or '-'."""
    if not _NAME.fullmatch(name):
        raise InvalidRequestError(
            f"invalid user name {name!r}: write 1 to 64 lowercase letters, digits, '.', '_' "
            "or '-', starting with a letter or digit (for example 'ada.lovelace')"
        )


def find_user(session: Session, name: str) -> User:
    """The user called `name` (NotFoundError if there is none)."""
    user = session.scalars(select(User).where(User.name == name)).one_or_none()
    if user is None:
        raise NotFoundError(f"no user '{name}'; `steerco users list` shows them")
    return user


def create_user(
    *, workspace: Workspace, name: str, password: str, display_name: str = "", admin: bool = False
) -> UserView:
    """A new user `name` with `password` (stored as its argon2id hash only)."""
    check_user_name(name)
    check_password_rules(password)
    if len(display_name) > MAX_DISPLAY_NAME:
        raise InvalidRequestError(
            f"the display name is too long: use at most {MAX_DISPLAY_NAME} characters"
        )
    password_hash = hash_password(password)
    with workspace.transaction() as session:
        taken = session.scalar(select(func.count()).select_from(User).where(User.name == name))
        if taken:
            raise InvalidRequestError(f"a user '{name}' already exists: choose another name")
        user = User(
            name=name,
            display_name=display_name,
            password_hash=password_hash,
            is_admin=admin,
            disabled=False,
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError:  # created at the same moment by another request
            raise InvalidRequestError(
                f"a user '{name}' already exists: choose another name"
            ) from None
        return user_view(user)


def get_user(*, workspace: Workspace, name: str) -> UserView:
    """The user called `name` (NotFoundError if there is none)."""
    with workspace.transaction() as session:
        return user_view(find_user(session, name))


def list_users(*, workspace: Workspace) -> list[UserView]:
    """Every user, by name."""
    with workspace.transaction() as session:
        return [user_view(user) for user in session.scalars(select(User).order_by(User.name))]


def disable_user(*, workspace: Workspace, name: str) -> UserView:
    """Disable `name`: no sign-in, and every token of theirs stops working at once."""
    with workspace.transaction() as session:
        user = find_user(session, name)
        user.disabled = True
        return user_view(user)
