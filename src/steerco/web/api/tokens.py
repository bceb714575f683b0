"""`/api/v1/tokens`: the signed-in user's API tokens (list, create, revoke)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, status
from pydantic import Field

from steerco.app.workspace.tokens import (
    IssuedToken,
    TokenView,
    create_token,
    list_tokens,
    revoke_token,
)
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace, Unscoped
from steerco.web.errors import responses
from steerco.web.schemas import IssuedTokenRead, RequestBody, TokenRead

__all__ = ["TokenCreate", "router"]

router = APIRouter(tags=["accounts"])


class TokenCreate(RequestBody):
    """A new API token: its name, the projects it may reach (null: all), when it expires."""

    name: str = Field(min_length=1, max_length=200)
    projects: list[str] | None = None
    expires_at: dt.datetime | None = None


@router.get("/tokens", response_model=list[TokenRead], responses=responses(401, 403))
def get_tokens(principal: Unscoped, workspace: CurrentWorkspace) -> list[TokenView]:
    """The signed-in user's tokens."""
    return list_tokens(workspace=workspace, user=principal.name)


@router.post(
    "/tokens",
    response_model=IssuedTokenRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 404, 422),
)
def post_token(
    body: TokenCreate, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> IssuedToken:
    """A new API token of the signed-in user (its secret is in this answer only).

    A request with a scoped token makes a token of that scope at most.
    """
    return create_token(
        workspace=workspace,
        user=principal.name,
        name=body.name,
        projects=body.projects,
        expires=body.expires_at,
        limit_to=principal.projects,
    )


@router.delete(
    "/tokens/{token_id}", response_model=TokenRead, responses=responses(401, 403, 404, 422)
)
def delete_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    principal: Unscoped,
    workspace: CurrentWorkspace,
) -> TokenView:
    """Revoke one of the signed-in user's tokens."""
    return revoke_token(workspace=workspace, user=principal.name, token_id=token_id)
