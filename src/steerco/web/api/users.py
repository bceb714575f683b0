"""`/api/v1/users`: user accounts (site admins only)."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import Field

from steerco.app.workspace.accounts import UserView, create_user, list_users
from steerco.web.auth import Admin, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.schemas import RequestBody, UserRead

__all__ = ["UserCreate", "router"]

router = APIRouter(tags=["accounts"])


class UserCreate(RequestBody):
    """A new user: login name, password, display name, whether a site admin."""

    name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1024)
    display_name: str = Field(default="", max_length=200)
    admin: bool = False


@router.get("/users", response_model=list[UserRead], responses=responses(401, 403))
def get_users(_: Admin, workspace: CurrentWorkspace) -> list[UserView]:
    """Every user account."""
    return list_users(workspace=workspace)


@router.post(
    "/users",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 409, 422),
)
def post_user(body: UserCreate, admin: Admin, workspace: CurrentWorkspace) -> UserView:
    """A new user account (the audit log names the admin who made it)."""
    return create_user(
        workspace=workspace,
        name=body.name,
        password=body.password,
        display_name=body.display_name,
        admin=body.admin,
        by=admin,
    )
