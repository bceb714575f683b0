"""`/projects/{project}/analyses`: run a schedule, forecast, evm or report as a background job.

Each run form submits (or finds cached) the job of the current revision through the same
use case as the API (`analysis`, i.e. `submit_job`) and comes back to the page showing that
job: a live progress bar while it runs (the page reloads when it ends), then its result,
which can be opened or downloaded as the CLI's `--format json` output or the report file.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.context import Action, Workspace
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.jobs import JobView, get_job, job_result, list_jobs
from steerco.app.workspace.permissions import allowed
from steerco.app.workspace.projects import get_project
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.analyses import analysis
from steerco.web.pages.session import PageSession, SignedIn
from steerco.web.pages.templating import render

__all__ = ["router"]

router = APIRouter()

_RECENT = 20
_SHOWN_CHARS = 20_000
_RUN_PARAMS = {
    "schedule": ("method",),
    "forecast": ("iterations", "seed"),
    "evm": ("status_date",),
    "report": ("audience", "format"),
}
_INTEGERS = frozenset({"iterations", "seed"})
_ENDED = frozenset({"done", "failed", "cancelled"})


def _params(kind: str, form: dict[str, str]) -> dict[str, Any]:
    """The run form's filled-in parameters; integers as integers (else as typed, refused)."""
    params: dict[str, Any] = {}
    for name in _RUN_PARAMS.get(kind, ()):
        text = form.get(name, "").strip()
        if not text:
            continue
        params[name] = int(text) if name in _INTEGERS and text.isdigit() else text
    return params


def _result_type(job: JobView) -> tuple[str, str]:
    """The media type and file extension of a done job's result."""
    if job.kind != "report":
        return "application/json", "json"
    if job.params.get("format") == "md":
        return "text/markdown; charset=utf-8", "md"
    return "text/html; charset=utf-8", "html"


def _shown(job: JobView, result: str | None) -> str | None:
    """A JSON result pretty-printed for the page (cut at a length a page reads)."""
    if result is None or job.kind == "report":
        return None
    try:
        text = json.dumps(json.loads(result), indent=2)
    except ValueError:
        text = result
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "\n…"


def _page(
    request: Request,
    workspace: Workspace,
    session: PageSession,
    project: str,
    job_id: str | None,
    *,
    status_code: int = 200,
    message: str = "",
    diagnostics: tuple[Any, ...] = (),
    form: dict[str, str] | None = None,
) -> Response:
    principal = session.principal
    found = get_project(workspace=workspace, principal=principal, project=project)
    jobs = list_jobs(workspace=workspace, principal=principal, project=project, limit=_RECENT)
    chosen = result = None
    if job_id:
        chosen = get_job(workspace=workspace, principal=principal, project=project, job_id=job_id)
        if chosen.state == "done":
            result = job_result(
                workspace=workspace, principal=principal, project=project, job_id=job_id
            )
    may_run = session.is_admin or (
        found.role is not None and allowed(found.role, Action.run_analysis)
    )
    return render(
        request,
        "edit/analyses.html",
        session,
        status_code=status_code,
        project=found,
        jobs=jobs,
        chosen=chosen,
        result=result,
        shown=_shown(chosen, result) if chosen is not None else None,
        may_run=may_run,
        ended=_ENDED,
        message=message,
        diagnostics=list(diagnostics),
        typed=form or {},
    )


@router.get("/projects/{project}/analyses")
def analyses_page(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    job: str | None = None,
) -> Response:
    """The run forms, the recent jobs with their state, and the chosen job's result."""
    return _page(request, workspace, session, project, job)


@router.post("/projects/{project}/analyses")
async def run_analysis(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str
) -> Response:
    """Submit the analysis the form asks for, then show its job (progress, then result)."""
    posted = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    kind = posted.get("kind", "")
    params = _params(kind, posted)

    def submit() -> Response:
        try:
            started = analysis(
                workspace=workspace,
                principal=session.principal,
                project=project,
                kind=kind,
                params=params,
            )
        except InvalidRequestError as error:
            return _page(
                request,
                workspace,
                session,
                project,
                None,
                status_code=422,
                message=error.message,
                diagnostics=error.diagnostics,
                form=posted,
            )
        target = f"/projects/{project}/analyses?job={started.job.id}"
        return RedirectResponse(target, status_code=303)

    return await run_in_threadpool(submit)


@router.get("/projects/{project}/analyses/{job_id}/result")
def analysis_result(
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    job_id: str,
    download: bool = False,
) -> Response:
    """A done job's result as a file: JSON, or the report (HTML or Markdown)."""
    principal = session.principal
    job = get_job(workspace=workspace, principal=principal, project=project, job_id=job_id)
    text = job_result(workspace=workspace, principal=principal, project=project, job_id=job_id)
    media, extension = _result_type(job)
    headers = {}
    if download:
        name = f"{job.project}-{job.kind}-r{job.revision}.{extension}"
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(text, media_type=media, headers=headers)
