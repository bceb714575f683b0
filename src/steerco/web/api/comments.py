"""`/api/v1/projects/{project}/comments`: comments on the project or one of its entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import Field

from steerco.app.workspace.comments import CommentView, add_comment, list_comments
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.schemas import CommentRead, RequestBody

__all__ = ["CommentCreate", "router"]

router = APIRouter(tags=["comments"])


class CommentCreate(RequestBody):
    """A comment: on the project (`target` empty) or an entity (`tasks/<id>`)."""

    target: str = Field(default="", max_length=400)
    text: str = Field(min_length=1, max_length=10_000)


@router.get(
    "/projects/{project}/comments",
    response_model=list[CommentRead],
    responses=responses(401, 403, 404, 422),
)
def get_comments(
    project: str,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
    target: Annotated[
        str | None, Query(max_length=400, description="Only those on `tasks/<id>`...")
    ] = None,
) -> list[CommentView]:
    """The project's comments, oldest first."""
    return list_comments(workspace=workspace, principal=principal, project=project, target=target)


@router.post(
    "/projects/{project}/comments",
    response_model=CommentRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 404, 422),
)
def post_comment(
    project: str, body: CommentCreate, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> CommentView:
    """Comment on the project or one of its entities."""
    return add_comment(
        workspace=workspace,
        principal=principal,
        project=project,
        target=body.target,
        text=body.text,
    )
