"""`/api/v1/projects/{project}/jobs`: background analyses (schedule, forecast, evm, report).

A job answers what `steerco <kind> --format json` prints for the project's current
revision (a report: its HTML or Markdown); the same request on the same revision is
answered by the same job, without a new run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from steerco.app.workspace.jobs import (
    JobView,
    cancel_job,
    get_job,
    job_result,
    list_jobs,
    submit_job,
)
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.pagination import PageOut, Paging

__all__ = ["JobCreate", "JobRead", "router"]

router = APIRouter(tags=["jobs"])

_MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}


class JobCreate(BaseModel):
    """A job to run: its kind and the options of the CLI command of that name."""

    kind: Literal["schedule", "forecast", "evm", "report", "status"]
    params: dict[str, Any] = Field(
        default_factory=dict,
        description='The command\'s options by name, e.g. {"iterations": 20000, "seed": 1} '
        "for a forecast; left out: the CLI's defaults.",
    )


class JobRead(BaseModel):
    """A job: what it analyses, its state (queued, running, done, failed, cancelled)."""

    id: str
    project: str
    revision: int
    kind: str
    params: dict[str, Any]
    state: str
    progress: float = Field(description="From 0 to 1.")
    message: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error: dict[str, Any] | None = Field(
        description="A failed job's error body: code, message, diagnostics."
    )


@router.post(
    "/projects/{project}/jobs",
    response_model=JobRead,
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(401, 403, 404, 422),
)
def post_job(
    project: str, body: JobCreate, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> JobView:
    """Run an analysis of the current revision, or answer the job that already did."""
    return submit_job(
        workspace=workspace,
        principal=principal,
        project=project,
        kind=body.kind,
        params=body.params,
    )


@router.get(
    "/projects/{project}/jobs",
    response_model=PageOut[JobRead],
    responses=responses(401, 403, 404, 422),
)
def get_jobs(
    project: str, paging: Paging, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> PageOut[JobRead]:
    """The project's jobs, newest first."""
    page = list_jobs(
        workspace=workspace,
        principal=principal,
        project=project,
        offset=paging.offset,
        limit=paging.limit,
    )
    return PageOut[JobRead](
        items=[JobRead.model_validate(job, from_attributes=True) for job in page.items],
        total=page.total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get(
    "/projects/{project}/jobs/{job_id}",
    response_model=JobRead,
    responses=responses(401, 403, 404, 422),
)
def get_one_job(
    project: str, job_id: str, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> JobView:
    """One job: its state, progress and, when it failed, its error."""
    return get_job(workspace=workspace, principal=principal, project=project, job_id=job_id)


@router.get(
    "/projects/{project}/jobs/{job_id}/result",
    responses={
        200: {
            "description": "The CLI's JSON, or a report's HTML or Markdown.",
            "content": {"application/json": {}, "text/html": {}, "text/markdown": {}},
        },
        **responses(401, 403, 404, 422),
    },
)
def get_job_result(
    project: str, job_id: str, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> Response:
    """A done job's result (422 with the job's state, and error, before that)."""
    job = get_job(workspace=workspace, principal=principal, project=project, job_id=job_id)
    text = job_result(workspace=workspace, principal=principal, project=project, job_id=job_id)
    media = _MEDIA[job.params["format"]] if job.kind == "report" else "application/json"
    return Response(content=text, media_type=media)


@router.post(
    "/projects/{project}/jobs/{job_id}/cancel",
    response_model=JobRead,
    responses=responses(401, 403, 404, 422),
)
def post_cancel(
    project: str, job_id: str, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> JobView:
    """Cancel a job: a queued one at once, a running one at its next block."""
    return cancel_job(workspace=workspace, principal=principal, project=project, job_id=job_id)
