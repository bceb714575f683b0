"""`POST /api/v1/auth/login`: a password sign-in that answers a session token."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from pydantic import Field

from steerco.app.workspace.tokens import IssuedToken, sign_in
from steerco.web.auth import CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.schemas import IssuedTokenRead, RequestBody

__all__ = ["LoginRequest", "router"]

router = APIRouter(tags=["auth"])


class LoginRequest(RequestBody):
    """A user's name and password."""

    name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1024)


@router.post(
    "/auth/login",
    response_model=IssuedTokenRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 422, 429),
)
def login(body: LoginRequest, request: Request, workspace: CurrentWorkspace) -> IssuedToken:
    """Sign in with a password: a session token (429 with Retry-After after repeated failures)."""
    client = request.client.host if request.client else "unknown"
    return sign_in(workspace=workspace, name=body.name, password=body.password, client=client)
