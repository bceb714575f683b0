"""Users of the workspace: create (argon2id hash), list, disable, enable, change a password.

A disabled user's tokens stop working at once: `tokens.principal_for_token` checks the
user on every request. A change made by a site admin (`by`) names them in the audit log; one
made on the machine itself (the CLI, `by` None) is logged without a user.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError
from steerco.app.workspace.login_limits import (
    check_login_allowed,
    clear_failures,
    record_failure,
)
from steerco.app.workspace.passwords import (
    check_password_rules,
    hash_password,
    verify_password,
)
from steerco.app.workspace.site_admin import require_admin
from steerco.app.workspace.text import storable, without_nul
from steerco.app.workspace.timestamps import aware
from steerco.store.tables import ApiToken, User, utcnow

__all__ = [
    "UserView",
    "change_password",
    "check_user_name",
    "create_user",
    "disable_user",
    "enable_user",
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
    user = (
        session.scalars(select(User).where(User.name == name)).one_or_none()
        if storable(name)
        else None  # no user has a NUL in their name, and PostgreSQL refuses to compare one
    )
    if user is None:
        raise NotFoundError(f"no user '{name}'; `steerco users list` shows them")
    return user


def create_user(
    *,
    workspace: Workspace,
    name: str,
    password: str,
    display_name: str = "",
    admin: bool = False,
    by: Principal | None = None,
) -> UserView:
    """A new user `name` with `password` (stored as its argon2id hash only), made `by` an admin."""
    if by is not None:
        require_admin(by)
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
        record_audit(
            session,
            principal=by,
            project_id=None,
            operation="add_user",
            target=f"users/{name}",
            after={"display_name": display_name, "admin": admin},
        )
        return user_view(user)


def get_user(*, workspace: Workspace, name: str) -> UserView:
    """The user called `name` (NotFoundError if there is none)."""
    with workspace.transaction() as session:
        return user_view(find_user(session, name))


def list_users(*, workspace: Workspace) -> list[UserView]:
    """Every user, by name."""
    with workspace.transaction() as session:
        return [user_view(user) for user in session.scalars(select(User).order_by(User.name))]


def _set_disabled(
    workspace: Workspace, name: str, disabled: bool, by: Principal | None
) -> UserView:
    """Disable or enable `name`, logged with the state before and after."""
    if by is not None:
        require_admin(by)
        if disabled and by.name == name:
            raise InvalidRequestError("you cannot disable your own account: ask another site admin")
    with workspace.transaction() as session:
        user = find_user(session, name)
        if user.disabled != disabled:
            record_audit(
                session,
                principal=by,
                project_id=None,
                operation="disable_user" if disabled else "enable_user",
                target=f"users/{name}",
                before={"disabled": user.disabled},
                after={"disabled": disabled},
            )
            user.disabled = disabled
        return user_view(user)


def disable_user(*, workspace: Workspace, name: str, by: Principal | None = None) -> UserView:
    """Disable `name`: no sign-in, and every token of theirs stops working at once."""
    return _set_disabled(workspace, name, True, by)


def enable_user(*, workspace: Workspace, name: str, by: Principal | None = None) -> UserView:
    """Let a disabled `name` sign in again (their unrevoked, unexpired tokens work again)."""
    return _set_disabled(workspace, name, False, by)


def change_password(
    *,
    workspace: Workspace,
    principal: Principal,
    current: str,
    new: str,
    client: str,
    now: dt.datetime | None = None,
) -> int:
    """Change the principal's own password; how many of their other sessions were revoked.

    The current password is checked as a sign-in is: a wrong one counts as a failed
    sign-in of the user from `client` (`login_limits`), and RateLimitedError refuses any
    attempt after too many. Every other session of the user ends (the one of the request,
    `principal.token_id`, stays); API tokens stay. The audit entry holds no password.
    """
    now = now or utcnow()
    client = without_nul(client)
    check_password_rules(new)
    if new == current:
        raise InvalidRequestError("the new password is the current one: choose another")
    with workspace.transaction() as session:
        check_login_allowed(session, name=principal.name, client=client, now=now)
        stored = find_user(session, principal.name).password_hash
    matches, _ = verify_password(stored, current)
    replacement = hash_password(new) if matches else None
    with workspace.transaction() as session:
        user = find_user(session, principal.name)
        if replacement is None:
            record_failure(session, name=principal.name, client=client, now=now)
        elif user.password_hash != stored:
            raise InvalidRequestError(
                "your password was changed meanwhile: sign in again with the new one"
            )
        else:
            user.password_hash = replacement
            clear_failures(session, name=principal.name, client=client)
            others = list(
                session.scalars(
                    select(ApiToken.id).where(
                        ApiToken.user_id == user.id,
                        ApiToken.kind == "session",
                        ApiToken.revoked_at.is_(None),
                        ApiToken.id != (principal.token_id or 0),
                    )
                )
            )
            if others:
                session.execute(
                    update(ApiToken).where(ApiToken.id.in_(others)).values(revoked_at=now)
                )
            record_audit(
                session,
                principal=principal,
                project_id=None,
                operation="change_password",
                target=f"users/{principal.name}",
                after={"sessions_revoked": len(others)},
            )
            return len(others)
    raise InvalidRequestError(
        "the current password is wrong: type the one you sign in with",
        detail={"field": "current"},
    )
