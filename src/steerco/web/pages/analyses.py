"""Analyses a page shows: a background job's result once done, its progress until then.

A page asks `analysis(...)` for what it needs (a schedule, a forecast, a report...): the
job of that kind and parameters on the project's current revision is submitted, or the
cached one found, and its result comes back when it is done. Until then the page renders
`macros/jobs.html`'s `job_progress(analysis.job)`, which polls
`/projects/{project}/jobs/{id}/progress` and reloads the page when the job ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.jobs import JobView, cancel_job, get_job, job_result, submit_job
from steerco.app.workspace.permissions import allowed
from steerco.app.workspace.projects import get_project
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.session import SignedIn
from steerco.web.pages.templating import render

__all__ = ["Analysis", "analysis", "may_run_analyses", "router"]

router = APIRouter()

_ENDED = frozenset({"done", "failed", "cancelled"})


@dataclass(frozen=True)
class Analysis:
    """A job of the current revision and, once it is done, its result (JSON or a report)."""

    job: JobView
    result: str | None

    @property
    def pending(self) -> bool:
        """Whether the job is still queued or running."""
        return self.job.state not in _ENDED

    @property
    def failed(self) -> bool:
        """Whether the job failed or was cancelled (its error says why)."""
        return self.job.state in ("failed", "cancelled")


def analysis(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    kind: str,
    params: dict[str, Any] | None = None,
) -> Analysis:
    """The `kind` job of `project`'s current revision (submitted if new) and its result."""
    job = submit_job(
        workspace=workspace, principal=principal, project=project, kind=kind, params=params or {}
    )
    result = None
    if job.state == "done":
        result = job_result(
            workspace=workspace, principal=principal, project=project, job_id=job.id
        )
    return Analysis(job=job, result=result)


def may_run_analyses(workspace: Workspace, principal: Principal, project: str) -> bool:
    """Whether `principal` may run and cancel `project`'s analyses (not a client)."""
    if principal.is_admin:
        return True
    found = get_project(workspace=workspace, principal=principal, project=project)
    return found.role is not None and allowed(found.role, Action.run_analysis)


@router.get("/projects/{project}/jobs/{job_id}/progress")
def job_progress(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str, job_id: str
) -> Response:
    """The job's progress bar (htmx polls it); when the job ends, the page reloads."""
    job = get_job(workspace=workspace, principal=session.principal, project=project, job_id=job_id)
    headers = {"HX-Refresh": "true"} if job.state in _ENDED else None
    can_cancel = may_run_analyses(workspace, session.principal, project)
    return render(
        request,
        "fragments/job_progress.html",
        session,
        job=job,
        can_cancel=can_cancel,
        headers=headers,
    )


@router.post("/projects/{project}/jobs/{job_id}/cancel")
def job_cancel(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str, job_id: str
) -> Response:
    """Cancel the job (a running one stops at its next block)."""
    job = cancel_job(
        workspace=workspace, principal=session.principal, project=project, job_id=job_id
    )
    return render(request, "fragments/job_progress.html", session, job=job, can_cancel=True)
