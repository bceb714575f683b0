"""Who may open the admin pages: a signed-in site admin (anyone else gets a 403 page)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from steerco.app.workspace.site_admin import require_admin
from steerco.web.pages.session import PageSession, SignedIn

__all__ = ["AdminSession"]


def _admin(session: SignedIn) -> PageSession:
    require_admin(session.principal)  # ForbiddenError: the 403 error page
    return session


AdminSession = Annotated[PageSession, Depends(_admin)]
"""The signed-in site admin of an admin page."""
