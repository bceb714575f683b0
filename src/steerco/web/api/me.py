"""`GET /api/v1/me`: who the bearer token belongs to."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from steerco.web.auth import CurrentPrincipal
from steerco.web.errors import responses

__all__ = ["MeRead", "router"]

router = APIRouter(tags=["accounts"])


class MeRead(BaseModel):
    """The signed-in user and what their token may reach."""

    id: int
    name: str
    is_admin: bool
    token_id: int | None
    scoped: bool = Field(description="Whether the token is limited to some projects.")


@router.get("/me", response_model=MeRead, responses=responses(401))
def me(principal: CurrentPrincipal) -> MeRead:
    """The signed-in user."""
    return MeRead(
        id=principal.user_id,
        name=principal.name,
        is_admin=principal.is_admin,
        token_id=principal.token_id,
        scoped=principal.projects is not None,
    )
