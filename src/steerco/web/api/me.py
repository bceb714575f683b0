"""`GET /api/v1/me`: who the bearer token belongs to."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from steerco.app.workspace.accounts import get_user
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses

__all__ = ["MeRead", "router"]

router = APIRouter(tags=["accounts"])


class MeRead(BaseModel):
    """The signed-in user and what their token may reach."""

    id: int
    name: str
    display_name: str
    is_admin: bool
    token_id: int | None
    scoped: bool = Field(description="Whether the token is limited to some projects.")


@router.get("/me", response_model=MeRead, responses=responses(401))
def me(principal: CurrentPrincipal, workspace: CurrentWorkspace) -> MeRead:
    """The signed-in user."""
    user = get_user(workspace=workspace, name=principal.name)
    return MeRead(
        id=principal.user_id,
        name=principal.name,
        display_name=user.display_name,
        is_admin=principal.is_admin,
        token_id=principal.token_id,
        scoped=principal.projects is not None,
    )
