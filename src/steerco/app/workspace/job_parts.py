"""A forecast job spread over workers: its iteration blocks in parts, merged by the last part.

`plan_parts` (the job's first task) learns how many blocks the run has, splits them into
contiguous ranges and writes one `JobPart` row per range; each part (`run_part`, any
worker) runs its blocks (`engine.simulate_blocks`) and stores them as bytes
(`forecast.parts`). Finishing a part locks the job's row, so exactly one part sees that
all are done: that one merges them (`engine.merge_parts`) and ends the job. No worker waits
for another. The merged forecast equals the single-process run byte for byte; a forecast
with `precision` (an early stop that needs every block seen in order) runs in one process.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import func, select, update

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.job_kinds import revision_folder, run_kind
from steerco.app.workspace.job_runner import (
    JobCancelledError,
    Progress,
    error_body,
    execute_job,
    finish_job,
    job_files,
)
from steerco.forecast.engine import (
    ForecastInput,
    Simulation,
    SimulationPart,
    block_count,
    merge_parts,
    simulate_blocks,
)
from steerco.forecast.parts import part_bytes, part_from_bytes
from steerco.store.tables import Job, JobPart

__all__ = ["MAX_PARTS", "plan_parts", "run_part"]

MAX_PARTS = 64
"""The most parts a forecast is split into (one per block up to this many)."""


class _StopError(Exception):
    """Raised by a simulator that has what it came for: the run's size, or one part."""

    def __init__(self, found: Any) -> None:
        super().__init__("stop")
        self.found = found


def _sizing(inputs: ForecastInput, *, iterations: int, **_: Any) -> Simulation:
    """A simulator that only learns how many blocks the run takes."""
    raise _StopError(block_count(inputs.network.size, iterations))


def _ranges(blocks: int, parts: int) -> list[tuple[int, int]]:
    """`blocks` split into `parts` contiguous ranges as even as can be, in order."""
    bounds = [blocks * k // parts for k in range(parts + 1)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def plan_parts(workspace: Workspace, job_id: str) -> list[int]:
    """Split the claimed (running) forecast job into parts; the parts' indexes to defer.

    A job of another kind, a forecast with `precision` or of one block runs here at once
    (single-process) and no part is returned.
    """
    with workspace.transaction() as session:
        job = session.get(Job, job_id)
        if job is None or job.state != "running":
            return []
        kind, params, files = job.kind, dict(job.params), job_files(session, job)
    if kind != "forecast" or params.get("precision") is not None:
        execute_job(workspace, job_id)
        return []
    with revision_folder(files) as path:
        try:
            run_kind(kind, params, path, simulator=_sizing)
        except _StopError as stop:
            blocks = int(stop.found)
        except Exception as error:
            finish_job(
                workspace,
                job_id,
                error=error_body(error, file_name=files.file_name, folder=str(path.parent)),
            )
            return []
        else:  # pragma: no cover - _sizing always stops the run
            return []
    if blocks <= 1:
        execute_job(workspace, job_id)
        return []
    ranges = _ranges(blocks, min(blocks, MAX_PARTS))
    with workspace.transaction() as session:
        for index, (first, end) in enumerate(ranges):
            session.add(JobPart(job_id=job_id, index=index, first_block=first, end_block=end))
        job = session.get(Job, job_id)
        if job is not None:
            job.message = f"0 of {len(ranges)} parts done"
    return list(range(len(ranges)))


def _claim_part(workspace: Workspace, job_id: str, index: int, worker: str) -> tuple[int, int]:
    """Mark the part running for `worker`: its block range; (-1, -1) when it is not queued."""
    with workspace.transaction() as session:
        claimed = session.execute(
            update(JobPart)
            .where(JobPart.job_id == job_id, JobPart.index == index, JobPart.state == "queued")
            .values(state="running", worker=worker)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined,unused-ignore]
            return -1, -1
        part = session.get(JobPart, (job_id, index))
        assert part is not None
        return part.first_block, part.end_block


def _store_part(workspace: Workspace, job_id: str, index: int, payload: bytes) -> bool:
    """Store a finished part; True for the one part that finds every part done (it merges)."""
    with workspace.transaction() as session:
        job = session.get(Job, job_id, with_for_update=True)
        session.execute(
            update(JobPart)
            .where(JobPart.job_id == job_id, JobPart.index == index)
            .values(state="done", payload=payload)
        )
        if job is None or job.state != "running":
            return False
        parts, done = session.execute(
            select(func.count(), func.count().filter(JobPart.state == "done")).where(
                JobPart.job_id == job_id
            )
        ).one()
        job.progress = done / parts
        job.message = f"{done} of {parts} parts done"
        return bool(done == parts)


def _merging(workspace: Workspace, job_id: str) -> Any:
    """A simulator that merges the job's stored parts, in block order."""
    with workspace.transaction() as session:
        payloads = session.execute(
            select(JobPart.payload).where(JobPart.job_id == job_id).order_by(JobPart.index)
        ).scalars()
        parts = [part_from_bytes(p) for p in payloads if p is not None]

    def merged(inputs: ForecastInput, **_: Any) -> Simulation:
        return merge_parts(inputs, parts)

    return merged


def run_part(workspace: Workspace, job_id: str, index: int, *, worker: str) -> str:
    """Run one part of a distributed forecast; the last to finish merges and ends the job.

    What happened: 'skipped' (claimed elsewhere, or the job ended), 'part' (stored),
    or the job's end state when this part ended it (done, failed, cancelled).
    """
    first, end = _claim_part(workspace, job_id, index, worker)
    if first < 0:
        return "skipped"
    with workspace.transaction() as session:
        job = session.get(Job, job_id)
        if job is None or job.state != "running":
            return "skipped"
        params, files = dict(job.params), job_files(session, job)
    progress = Progress(workspace, job_id, what="iterations of this part")

    def one_part(
        inputs: ForecastInput, *, iterations: int, seed: int, lhs: bool, **_: Any
    ) -> Simulation:
        found: SimulationPart = simulate_blocks(
            inputs,
            iterations=iterations,
            seed=seed,
            lhs=lhs,
            first=first,
            end=end,
            on_block=lambda done, total: progress.check(),
        )
        raise _StopError(found)

    with revision_folder(files) as path:
        folder = str(path.parent)
        try:
            run_kind("forecast", params, path, simulator=one_part)
        except _StopError as stop:
            payload = part_bytes(stop.found)
        except JobCancelledError:
            return finish_job(workspace, job_id, cancelled=True) or "skipped"
        except Exception as error:
            body = error_body(error, file_name=files.file_name, folder=folder)
            return finish_job(workspace, job_id, error=body) or "skipped"
        else:  # pragma: no cover - one_part always stops the run
            return "skipped"
        if not _store_part(workspace, job_id, index, payload):
            return "part"
        try:
            text = run_kind("forecast", params, path, simulator=_merging(workspace, job_id))
        except Exception as error:
            body = error_body(error, file_name=files.file_name, folder=folder)
            return finish_job(workspace, job_id, error=body)
    return finish_job(workspace, job_id, result=text)
