"""Jobs on PostgreSQL: procrastinate's queue, and the `steerco worker` processes that take them.

Submitting a job defers the task `steerco.job`; a worker that takes it claims the job
(`claim_job`), and for a forecast splits its blocks into parts (`job_parts.plan_parts`) and
defers one `steerco.part` task per part, which any worker on any machine takes. Tasks carry
only ids: the job's revision, parameters, progress and parts live in the workspace tables.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from steerco.app.workspace.context import Workspace, open_workspace
from steerco.app.workspace.job_runner import claim_job, worker_name

__all__ = ["QUEUE", "defer_job", "libpq_url", "queue_app", "run_queue_worker"]

QUEUE = "steerco"
"""The procrastinate queue of steerco's tasks."""


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg (and procrastinate) write it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@cache
def _workspace(url: str) -> Workspace:
    """The workspace at `url`, opened once per worker process."""
    return open_workspace(url)


def queue_app(url: str) -> Any:
    """A procrastinate App on the workspace database `url`, with steerco's two tasks."""
    from procrastinate import App, PsycopgConnector

    app = App(connector=PsycopgConnector(conninfo=libpq_url(url)))

    @app.task(name="steerco.part", queue=QUEUE)
    def run_part_task(job_id: str, index: int) -> None:
        from steerco.app.workspace.job_parts import run_part

        run_part(_workspace(url), job_id, index, worker=worker_name())

    @app.task(name="steerco.job", queue=QUEUE)
    async def run_job_task(job_id: str) -> None:
        from steerco.app.workspace.job_parts import plan_parts

        workspace = _workspace(url)
        if not await asyncio.to_thread(claim_job, workspace, job_id, worker=worker_name()):
            return
        for index in await asyncio.to_thread(plan_parts, workspace, job_id):
            await run_part_task.defer_async(job_id=job_id, index=index)

    return app


def defer_job(workspace: Workspace, job_id: str) -> None:
    """Put the queued job `job_id` on procrastinate's queue (`steerco.job`)."""
    app = queue_app(workspace.url)
    with app.open():
        app.tasks["steerco.job"].defer(job_id=job_id)


def run_queue_worker(*, db: str | None = None, concurrency: int = 1, wait: bool = True) -> None:
    """Run procrastinate's worker on steerco's queue; `wait=False`: until the queue is empty."""
    from steerco.store.engine import database_url

    url = database_url(db)
    if not url.startswith("postgresql"):
        raise ValueError(
            "steerco worker takes jobs from a PostgreSQL workspace (--db postgresql://...); "
            "a SQLite workspace runs its jobs inside `steerco serve`"
        )
    while True:  # without wait, procrastinate stops when no job is free at a fetch: run again
        queue_app(url).run_worker(
            queues=[QUEUE],
            concurrency=concurrency,
            wait=wait,
            install_signal_handlers=wait,
            name=worker_name(),
            listen_notify=wait,
            fetch_job_polling_interval=1.0,
            delete_jobs="successful",
        )
        if wait or not _queued(url):
            return


def _queued(url: str) -> int:
    """Steerco's tasks waiting in procrastinate's queue (deferred while a worker stopped)."""
    workspace = _workspace(url)
    with workspace.transaction() as session:
        return int(
            session.execute(
                text(
                    "SELECT count(*) FROM procrastinate_jobs "
                    "WHERE queue_name = :queue AND status = 'todo'"
                ),
                {"queue": QUEUE},
            ).scalar_one()
        )
