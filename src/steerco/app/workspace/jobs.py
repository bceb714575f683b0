"""Use cases: background analyses of a project's current revision (schedule, forecast, evm, report).

A job runs the CLI's own use case on the revision (`job_kinds`), so the server answers what
`steerco <command> --format json` prints. Jobs are cached per revision and parameters: the
same request again answers with the job already done (or still running) without a new run.
Permissions: submitting needs run_analysis, reading needs read_plan; a client may submit and
read only the client-audience report (`job_kinds.client_may_run`), which needs read_client.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.errors import ForbiddenError, InvalidRequestError, NotFoundError
from steerco.app.workspace.job_kinds import canonical_params, client_may_run
from steerco.app.workspace.permissions import Authorized, allowed, authorize
from steerco.app.workspace.timestamps import aware
from steerco.store.tables import Job, Project, Revision, utcnow

__all__ = [
    "JobList",
    "JobView",
    "cache_key",
    "cancel_job",
    "get_job",
    "job_result",
    "list_jobs",
    "revision_cache_key",
    "run_worker",
    "submit_job",
]


@dataclass(frozen=True)
class JobView:
    """A job as the API shows it: what it analyses, where it is, how it ended."""

    id: str
    project: str
    revision: int
    kind: str
    params: dict[str, Any]
    state: str
    progress: float
    message: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error: dict[str, Any] | None


@dataclass(frozen=True)
class JobList:
    """One page of a project's jobs, newest first, and how many there are in all."""

    items: list[JobView]
    total: int
    offset: int
    limit: int


def cache_key(kind: str, params: dict[str, Any], text_sha256: str) -> str:
    """SHA-256 of the kind, the canonical parameters and the revision's text hash."""
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{kind}\n{canonical}\n{text_sha256}".encode()).hexdigest()


def _revision_hash(revision: Revision) -> str:
    """The hash of a revision's text and sidecars (evm and reports read the sidecars too)."""
    digest = hashlib.sha256(revision.sha256.encode())
    for sidecar in (revision.baselines, revision.snapshots):
        digest.update(b"\0" if sidecar is None else b"\1" + sidecar.encode())
    return digest.hexdigest()


def revision_cache_key(kind: str, canonical: dict[str, Any], revision: Revision) -> str:
    """The cache key of a `kind` job with `canonical` parameters on `revision`.

    A job without a status date (evm, report, status) is keyed by today's date too: the
    file's date may default to today, so its answer holds for the day.
    """
    keyed = dict(canonical)
    if "status_date" in canonical and canonical["status_date"] is None:
        keyed["today"] = dt.date.today().isoformat()  # the default date: today's answer
    return cache_key(kind, keyed, _revision_hash(revision))


def _view(job: Job, slug: str) -> JobView:
    return JobView(
        id=job.id,
        project=slug,
        revision=job.revision,
        kind=job.kind,
        params=dict(job.params),
        state=job.state,
        progress=job.progress,
        message=job.message,
        created_at=aware(job.created_at),
        started_at=aware(job.started_at) if job.started_at is not None else None,
        finished_at=aware(job.finished_at) if job.finished_at is not None else None,
        error=job.error,
    )


def _may_read_plan(principal: Principal, authorized: Authorized) -> bool:
    """Whether the caller reads every job of the project (else a client's reports only)."""
    role = authorized.role
    return principal.is_admin or (role is not None and allowed(role, Action.read_plan))


def _readable_job(
    session: Session, principal: Principal, project: str, job_id: str
) -> tuple[Job, Authorized]:
    """The job `job_id` of `project` if the caller may read it (404 for another project's)."""
    authorized = authorize(session, principal, project, Action.read_client)
    job = session.get(Job, job_id)
    if job is None or job.project_id != authorized.project_id:
        raise NotFoundError(f"no job '{job_id}' in project '{authorized.slug}'")
    if not _may_read_plan(principal, authorized) and not client_may_run(job.kind, job.params):
        raise ForbiddenError(
            f"your role on project '{authorized.slug}' reads the client-audience report jobs only"
        )
    return job, authorized


def submit_job(
    *, workspace: Workspace, principal: Principal, project: str, kind: str, params: dict[str, Any]
) -> JobView:
    """Queue `kind` with `params` on `project`'s current revision, or answer the cached job.

    A job of the same kind, parameters and revision text that is done, queued or running
    is answered as it is (a failed or cancelled one is run again); an evm or report job
    without a status date is cached for the day (the file's date may default to today).
    On PostgreSQL the job goes to procrastinate for `steerco worker`; on SQLite the
    server's in-process runner takes it.
    """
    canonical = canonical_params(kind, params)
    action = Action.read_client if client_may_run(kind, canonical) else Action.run_analysis
    with workspace.transaction() as session:
        authorized = authorize(session, principal, project, action)
        number = session.execute(
            select(Project.revision).where(Project.id == authorized.project_id)
        ).scalar_one()
        revision = session.get(Revision, (authorized.project_id, number))
        if revision is None:
            raise InvalidRequestError(f"project '{authorized.slug}' has no revision yet")
        key = revision_cache_key(kind, canonical, revision)
        cached = session.execute(
            select(Job)
            .where(
                Job.project_id == authorized.project_id,
                Job.cache_key == key,
                Job.state.in_(("done", "queued", "running")),
            )
            .order_by(Job.created_at.desc())
            .limit(1)
        ).scalar_one_or_none()
        if cached is not None:
            return _view(cached, authorized.slug)
        job = Job(
            id=str(uuid.uuid4()),
            project_id=authorized.project_id,
            revision=number,
            kind=kind,
            params=canonical,
            cache_key=key,
            state="queued",
            progress=0.0,
            message="queued",
            created_by=principal.user_id,
            created_at=utcnow(),
        )
        session.add(job)
        session.flush()
        view = _view(job, authorized.slug)
    if workspace.is_postgresql:
        from steerco.app.workspace.job_queue import defer_job

        try:
            defer_job(workspace, job.id)
        except Exception as error:  # no queue: the job would wait forever, end it failed
            _unqueued(workspace, job.id, error)
            raise
    else:
        from steerco.app.workspace.job_local import wake_runners

        wake_runners(workspace)
    return view


def _unqueued(workspace: Workspace, job_id: str, error: Exception) -> None:
    """End a job procrastinate's queue refused: failed, with why (a repeat runs it again)."""
    with workspace.transaction() as session:
        job = session.get(Job, job_id)
        if job is not None and job.state == "queued":
            job.state, job.finished_at = "failed", utcnow()
            job.message = "the job queue refused it"
            job.error = {
                "code": "queue_unavailable",
                "message": f"the job queue refused the job: {type(error).__name__}: {error}",
                "diagnostics": [],
            }


def get_job(*, workspace: Workspace, principal: Principal, project: str, job_id: str) -> JobView:
    """The job `job_id` of `project` (read_plan; a client: their client-audience reports)."""
    with workspace.transaction() as session:
        job, authorized = _readable_job(session, principal, project, job_id)
        return _view(job, authorized.slug)


def list_jobs(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    offset: int = 0,
    limit: int = 50,
) -> JobList:
    """`project`'s jobs, newest first (a client sees their client-audience reports only)."""
    with workspace.transaction() as session:
        authorized = authorize(session, principal, project, Action.read_client)
        if _may_read_plan(principal, authorized):
            total = session.execute(
                select(func.count()).select_from(Job).where(Job.project_id == authorized.project_id)
            ).scalar_one()
            page = list(
                session.execute(
                    select(Job)
                    .where(Job.project_id == authorized.project_id)
                    .order_by(Job.created_at.desc(), Job.id)
                    .offset(offset)
                    .limit(limit)
                ).scalars()
            )
        else:
            jobs = session.execute(
                select(Job)
                .where(Job.project_id == authorized.project_id, Job.kind == "report")
                .order_by(Job.created_at.desc(), Job.id)
            ).scalars()
            mine = [job for job in jobs if client_may_run(job.kind, job.params)]
            total, page = len(mine), mine[offset : offset + limit]
        items = [_view(job, authorized.slug) for job in page]
        return JobList(items=items, total=total, offset=offset, limit=limit)


def cancel_job(*, workspace: Workspace, principal: Principal, project: str, job_id: str) -> JobView:
    """Cancel a job: a queued one at once, a running one at its next block (run_analysis).

    A job that already ended is answered as it is. A client may ask for the client report
    but not cancel it: one job answers everyone who asks for the same report.
    """
    with workspace.transaction() as session:
        _, authorized = _readable_job(session, principal, project, job_id)
        authorize(session, principal, project, Action.run_analysis)
        locked = session.get(Job, job_id, with_for_update=True, populate_existing=True)
        assert locked is not None
        if locked.state == "queued":
            locked.state, locked.message, locked.finished_at = "cancelled", "cancelled", utcnow()
            locked.cancel_requested = True
        elif locked.state == "running":
            locked.cancel_requested = True
            locked.message = "cancelling"
        return _view(locked, authorized.slug)


def job_result(*, workspace: Workspace, principal: Principal, project: str, job_id: str) -> str:
    """A done job's result: the JSON the CLI's --format json prints, or the report's text.

    InvalidRequestError (with the job's error when it failed) before it is done.
    """
    with workspace.transaction() as session:
        job, _ = _readable_job(session, principal, project, job_id)
        if job.state == "done" and job.result is not None:
            return job.result
        detail: dict[str, Any] = {"state": job.state}
        if job.error is not None:
            detail["error"] = job.error
        raise InvalidRequestError(
            f"job '{job_id}' is {job.state}: its result is there once it is done",
            detail=detail,
        )


def run_worker(*, db: str | None = None, concurrency: int = 1, wait: bool = True) -> None:
    """Take PostgreSQL jobs from procrastinate until stopped (`steerco worker`).

    `wait=False` returns once the queue is empty (tests, one-off runs).
    """
    from steerco.app.workspace.job_queue import run_queue_worker

    run_queue_worker(db=db, concurrency=concurrency, wait=wait)
