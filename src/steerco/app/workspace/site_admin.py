"""The one check of the site-wide use cases (users, every token, the whole audit log)."""

from __future__ import annotations

from steerco.app.workspace.context import Principal
from steerco.app.workspace.errors import ForbiddenError

__all__ = ["require_admin"]


def require_admin(principal: Principal) -> None:
    """ForbiddenError unless `principal` is a site admin on an unscoped session or token."""
    if not principal.is_admin:
        raise ForbiddenError(
            "only a site admin may manage users, every token and the whole audit log"
        )
    if principal.projects is not None:
        raise ForbiddenError(
            "a token scoped to projects cannot manage the site: use an unscoped token or sign in"
        )
