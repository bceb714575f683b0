"""`/api/v1/projects/{project}/baselines`: the saved baselines; save the current plan as one."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from steerco.app.workspace.edits import save_project_baseline
from steerco.app.workspace.projects import PulledProject, RevisionView, pull_project
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.schemas import RequestBody, RevisionRead

__all__ = ["BaselineCreate", "BaselinesRead", "router"]

router = APIRouter(tags=["plan"])


class BaselineCreate(RequestBody):
    """A baseline's name (default: as `steerco baseline` names it)."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    force: bool = Field(
        default=False, description="Replace a baseline of that name (`steerco baseline --force`)."
    )


@router.post(
    "/projects/{project}/baselines",
    response_model=RevisionRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 404, 409, 422),
)
def post_baseline(
    project: str, body: BaselineCreate, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> RevisionView:
    """Save the current plan as a baseline: a new revision of the baselines sidecar."""
    return save_project_baseline(
        workspace=workspace, principal=principal, project=project, name=body.name, force=body.force
    )


class BaselinesRead(BaseModel):
    """The baselines sidecar of the current revision (None: no baseline saved yet)."""

    revision: int
    baselines: str | None


@router.get(
    "/projects/{project}/baselines",
    response_model=BaselinesRead,
    responses=responses(401, 403, 404, 422),
)
def get_baselines(
    project: str, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> PulledProject:
    """The saved baselines: the current revision's baselines sidecar, as YAML text."""
    return pull_project(workspace=workspace, principal=principal, project=project)
