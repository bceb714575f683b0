"""Every user's tokens, for a site admin: list them, revoke any one (logged in the audit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from steerco.app.workspace.accounts import find_user
from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import NotFoundError
from steerco.app.workspace.site_admin import require_admin
from steerco.app.workspace.tokens import TokenView, list_tokens
from steerco.store.tables import ApiToken, User, utcnow

__all__ = ["OwnedToken", "list_every_token", "revoke_any_token"]

_MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL


@dataclass(frozen=True)
class OwnedToken:
    """A token (never its secret) and the name of the user it belongs to."""

    user: str
    token: TokenView


def list_every_token(
    *,
    workspace: Workspace,
    principal: Principal,
    user: str | None = None,
    active_only: bool = False,
    now: dt.datetime | None = None,
) -> list[OwnedToken]:
    """The tokens of every user (or of `user`), by user then age (site admins).

    `active_only` leaves out the revoked and expired ones.
    """
    require_admin(principal)
    now = now or utcnow()
    with workspace.transaction() as session:
        names = (
            [find_user(session, user).name]
            if user is not None
            else list(session.scalars(select(User.name).order_by(User.name)))
        )
    owned = [
        OwnedToken(user=name, token=token)
        for name in names
        for token in list_tokens(workspace=workspace, user=name)
    ]
    if active_only:
        owned = [each for each in owned if each.token.state(now) == "active"]
    return owned


def revoke_any_token(
    *, workspace: Workspace, principal: Principal, token_id: int, now: dt.datetime | None = None
) -> bool:
    """Revoke token `token_id` of any user; whether it was still unrevoked (site admins).

    Revoking a revoked token changes nothing and logs nothing.
    """
    require_admin(principal)
    with workspace.transaction() as session:
        token = session.get(ApiToken, token_id) if 0 < token_id <= _MAX_ID else None
        if token is None:
            raise NotFoundError(f"no token {token_id}; the tokens page lists them")
        if token.revoked_at is not None:
            return False
        owner = session.get_one(User, token.user_id)
        token.revoked_at = now or utcnow()
        record_audit(
            session,
            principal=principal,
            project_id=None,
            operation="revoke_token",
            target=f"tokens/{token.id}",
            before={"user": owner.name, "name": token.name, "kind": token.kind},
        )
        return True
