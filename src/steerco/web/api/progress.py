"""`POST /api/v1/projects/{project}/tasks/{task}/progress`: what happened to a task."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import Field

from steerco.app.workspace.edits import EditResult, record_task_progress
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.revisions import IfMatch, base_revision
from steerco.web.schemas import EditResultRead, RequestBody

__all__ = ["ProgressCreate", "router"]

router = APIRouter(tags=["plan"])


class ProgressCreate(RequestBody):
    """A progress record, as `steerco progress` takes it."""

    done: bool = Field(default=False, description="The task finished on the status date.")
    percent: float | None = Field(default=None, ge=0, le=100, description="Percent complete.")
    remaining: str | None = Field(
        default=None, max_length=40, description="Remaining working time: `3`, `3d`, `12h`."
    )
    cost: float | None = Field(default=None, ge=0, description="Cumulative actual cost.")
    start: dt.date | None = Field(default=None, description="The actual start.")
    date: dt.date | None = Field(default=None, description="The status date.")
    base_revision: int | None = Field(default=None, ge=0, le=2**31 - 1)
    force: bool = Field(
        default=False,
        description="The status date is right though it is after the plan's finish (a late "
        "project): `steerco update --force`.",
    )


# `{task:path}`: a task id may hold a `/` (sent as `%2F`, decoded before routing).
@router.post(
    "/projects/{project}/tasks/{task:path}/progress",
    response_model=EditResultRead,
    responses=responses(401, 403, 404, 409, 422),
)
def post_progress(
    project: str,
    task: Annotated[str, Path(description="A leaf task or milestone id.")],
    body: ProgressCreate,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
    if_match: IfMatch = None,
) -> EditResult:
    """Record a task's progress (a member: only on tasks of their own resource)."""
    return record_task_progress(
        workspace=workspace,
        principal=principal,
        project=project,
        task=task,
        done=body.done,
        percent=body.percent,
        remaining=body.remaining,
        cost=body.cost,
        start=body.start,
        date=body.date,
        base_revision=base_revision(body.base_revision, if_match),
        force=body.force,
    )
