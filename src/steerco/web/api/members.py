"""`/api/v1/projects/{project}/members`: who has which role on a project (owners manage)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import Field

from steerco.app.workspace.context import Role
from steerco.app.workspace.members import MemberView, add_member, list_members, remove_member
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.schemas import MemberRead, RequestBody

__all__ = ["MemberCreate", "router"]

router = APIRouter(tags=["members"])


class MemberCreate(RequestBody):
    """A user's role on the project, and the plan's resource whose tasks they update."""

    user: str = Field(min_length=1, max_length=120)
    role: Role
    resource: str | None = Field(default=None, max_length=200)


@router.get(
    "/projects/{project}/members",
    response_model=list[MemberRead],
    responses=responses(401, 403, 404, 422),
)
def get_members(
    project: str, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> list[MemberView]:
    """The project's members and their roles."""
    return list_members(workspace=workspace, principal=principal, project=project)


@router.post(
    "/projects/{project}/members",
    response_model=MemberRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 404, 422),
)
def post_member(
    project: str, body: MemberCreate, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> MemberView:
    """Give a user a role on the project (or change it)."""
    return add_member(
        workspace=workspace,
        principal=principal,
        project=project,
        user=body.user,
        role=body.role,
        resource=body.resource,
    )


@router.delete(
    "/projects/{project}/members/{user}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=responses(401, 403, 404, 422),
)
def delete_member(
    project: str, user: str, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> None:
    """Take a user's role on the project away."""
    remove_member(workspace=workspace, principal=principal, project=project, user=user)
