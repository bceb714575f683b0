"""Running a job: claim it atomically, run its kind, record progress, its end and its result.

Every runner (the in-process one on SQLite, `steerco worker` on PostgreSQL) goes through
`claim_job` and `execute_job`: a job is claimed by one `UPDATE ... WHERE state = 'queued'`
whose row count says whether this runner won it, so two runners never run one job.
Between blocks of a forecast, `cancel_requested` is read: a cancelled job ends in state
cancelled and its partial result is discarded.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.errors import WorkspaceError
from steerco.app.workspace.job_kinds import RevisionFiles, revision_folder, run_kind
from steerco.errors import Diagnostic, ProjectError
from steerco.store.tables import Job, Project, Revision, utcnow

__all__ = [
    "JobCancelledError",
    "Progress",
    "claim_job",
    "error_body",
    "execute_job",
    "finish_job",
    "job_files",
    "queued_jobs",
    "worker_name",
]

_PROGRESS_EVERY = 0.25
"""Seconds between two progress writes of one job (cancellation is read every block)."""


class JobCancelledError(Exception):
    """The job's cancellation was requested: stop, keep nothing."""


def worker_name() -> str:
    """The name a job's `worker` column gets: host:pid:thread of the running code."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:200]


def claim_job(workspace: Workspace, job_id: str, *, worker: str) -> bool:
    """Mark the queued job `job_id` running for `worker`; False when another runner has it."""
    with workspace.transaction() as session:
        claimed = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == "queued")
            .values(state="running", started_at=utcnow(), worker=worker, message="started")
        )
        return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def queued_jobs(workspace: Workspace, *, limit: int = 20) -> list[str]:
    """The oldest queued jobs' ids, first come first served."""
    with workspace.transaction() as session:
        rows = session.execute(
            select(Job.id).where(Job.state == "queued").order_by(Job.created_at).limit(limit)
        )
        return [row[0] for row in rows]


def job_files(session: Session, job: Job) -> RevisionFiles:
    """The texts of the revision `job` analyses."""
    file_name = session.execute(
        select(Project.file_name).where(Project.id == job.project_id)
    ).scalar_one()
    revision = session.get(Revision, (job.project_id, job.revision))
    if revision is None:  # pragma: no cover - revisions are never deleted but with the project
        raise ValueError(f"revision {job.revision} of the job's project is gone")
    return RevisionFiles(file_name, revision.text, revision.baselines, revision.snapshots)


class Progress:
    """A job's `on_block`: reads `cancel_requested` every block, writes progress now and then."""

    def __init__(self, workspace: Workspace, job_id: str, *, what: str = "iterations") -> None:
        self.workspace = workspace
        self.job_id = job_id
        self.what = what
        self.written = 0.0

    def check(self) -> None:
        """Raise JobCancelledError once the job's cancellation is requested (or it ended)."""
        self(0, 0, write=False)

    def __call__(self, done: int, total: int, *, write: bool = True) -> None:
        """Record `done` of `total`; raise JobCancelledError once cancellation is requested."""
        now = time.monotonic()
        write = write and (now - self.written >= _PROGRESS_EVERY or done >= total)
        with self.workspace.transaction() as session:
            job = session.get(Job, self.job_id)
            if job is None or job.cancel_requested or job.state != "running":
                raise JobCancelledError(self.job_id)
            if write:
                job.progress = min(1.0, done / max(total, 1))
                job.message = f"{done:,} of {total:,} {self.what}"
                self.written = now


def _diagnostic(diagnostic: Diagnostic, file_name: str, folder: str) -> dict[str, Any]:
    """A diagnostic as the API's error body lists it (`web.errors.diagnostic_out`).

    The private folder the job ran in is left out of the file and the message: the
    project file and its sidecars keep their own names there (`p.baselines.yaml`), and
    `path` is a list of keys and positions, as the API's other errors give it.
    """
    file = diagnostic.file
    if file is not None and folder and file.startswith(folder + os.sep):
        file = file[len(folder) + len(os.sep) :]
    elif file is not None and file.startswith(folder):
        file = file_name
    return {
        "code": str(diagnostic.code),
        "message": diagnostic.message.replace(folder + os.sep, "")
        if folder
        else diagnostic.message,
        "file": file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "path": [p if isinstance(p, int) else str(p) for p in diagnostic.path],
    }


def error_body(error: BaseException, *, file_name: str = "", folder: str = "") -> dict[str, Any]:
    """What a failed job stores: code, message, diagnostics (the API's error body)."""
    if isinstance(error, ProjectError):
        diagnostics = [_diagnostic(d, file_name, folder) for d in error.diagnostics]
        first = diagnostics[0]["message"] if diagnostics else "the project is invalid"
        return {"code": "invalid", "message": first, "diagnostics": diagnostics}
    if isinstance(error, WorkspaceError):
        return {
            "code": error.code,
            "message": error.message,
            "diagnostics": [_diagnostic(d, file_name, folder) for d in error.diagnostics],
        }
    return {
        "code": "job_failed",
        "message": f"{type(error).__name__}: {error}",
        "diagnostics": [],
    }


def finish_job(
    workspace: Workspace,
    job_id: str,
    *,
    result: str | None = None,
    error: dict[str, Any] | None = None,
    cancelled: bool = False,
) -> str:
    """End the running job `job_id`: done with `result`, failed with `error`, or cancelled.

    A job whose cancellation was requested meanwhile ends cancelled, its result discarded.
    The state it ended in ('' when it was no longer running).
    """
    with workspace.transaction() as session:
        job = session.get(Job, job_id, with_for_update=True)
        if job is None or job.state != "running":
            return ""
        if cancelled or job.cancel_requested:
            job.state, job.message = "cancelled", "cancelled"
        elif error is not None:
            job.state, job.error, job.message = "failed", error, error["message"][:400]
        else:
            job.state, job.result, job.progress, job.message = "done", result, 1.0, "done"
        job.finished_at = utcnow()
        return job.state


def execute_job(
    workspace: Workspace,
    job_id: str,
    *,
    simulator: Callable[..., Any] | None = None,
) -> str:
    """Run the claimed (running) job `job_id` to its end; the state it ended in."""
    with workspace.transaction() as session:
        job = session.get(Job, job_id)
        if job is None or job.state != "running":
            return ""
        kind, params, files = job.kind, dict(job.params), job_files(session, job)
    progress = Progress(workspace, job_id)
    with revision_folder(files) as path:
        try:
            extra: dict[str, Any] = {} if simulator is None else {"simulator": simulator}
            text = run_kind(kind, params, path, on_block=progress, **extra)
        except JobCancelledError:
            return finish_job(workspace, job_id, cancelled=True)
        except Exception as error:
            body = error_body(error, file_name=files.file_name, folder=str(path.parent))
            return finish_job(workspace, job_id, error=body)
    return finish_job(workspace, job_id, result=text)
