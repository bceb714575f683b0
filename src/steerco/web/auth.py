"""Who is asking: the workspace of the app and the principal of the request's bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import ForbiddenError, UnauthorizedError
from steerco.app.workspace.tokens import principal_for_token

__all__ = ["Admin", "CurrentPrincipal", "CurrentWorkspace", "Unscoped"]

_bearer = HTTPBearer(
    auto_error=False,
    description="An API token (`steerco tokens create`) or the session token of "
    "`POST /api/v1/auth/login`.",
)


def _workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


CurrentWorkspace = Annotated[Workspace, Depends(_workspace)]
"""The workspace the app serves."""


def _principal(
    workspace: CurrentWorkspace,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError("send `Authorization: Bearer <token>`")
    return principal_for_token(workspace=workspace, secret=credentials.credentials)


CurrentPrincipal = Annotated[Principal, Depends(_principal)]
"""The signed-in principal (401 without a valid bearer token)."""


def _unscoped(principal: CurrentPrincipal) -> Principal:
    if principal.projects is not None:
        raise ForbiddenError(
            "a token scoped to projects cannot manage accounts or tokens: "
            "use an unscoped token or sign in"
        )
    return principal


Unscoped = Annotated[Principal, Depends(_unscoped)]
"""A principal whose token is not limited to some projects (accounts and tokens need it)."""


def _admin(principal: Unscoped) -> Principal:
    if not principal.is_admin:
        raise ForbiddenError("only a site admin may manage users")
    return principal


Admin = Annotated[Principal, Depends(_admin)]
"""A site admin on an unscoped token (users need it)."""
