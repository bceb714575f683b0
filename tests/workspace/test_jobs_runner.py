"""The server's in-process runner: it takes queued jobs by itself, and cancels its own on stop."""

from __future__ import annotations

import time
from pathlib import Path

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.job_local import start_in_process_runner
from steerco.app.workspace.jobs import JobView, get_job, job_result, submit_job
from workspace.jobs_fixtures import PLAN, Seeded, cli_output, seed

TIMEOUT = 60.0


def _wait(workspace: Workspace, people: Seeded, job_id: str, states: set[str]) -> JobView:
    """The job once it is in one of `states` (fails after TIMEOUT seconds)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        job = get_job(workspace=workspace, principal=people.owner, project="demo", job_id=job_id)
        if job.state in states or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_the_runner_takes_a_submitted_job_by_itself(workspace: Workspace, tmp_path: Path) -> None:
    people = seed(workspace)
    runner = start_in_process_runner(workspace)
    try:
        job = submit_job(
            workspace=workspace,
            principal=people.member,
            project="demo",
            kind="forecast",
            params={"iterations": 1500, "seed": 2},
        )
        done = _wait(workspace, people, job.id, {"done", "failed", "cancelled"})
    finally:
        runner.stop()
    assert done.state == "done", done.error
    result = job_result(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    args = ["forecast", "--format", "json", "-n", "1500", "--seed", "2"]
    assert result == cli_output(tmp_path, PLAN, *args)


def test_stopping_the_runner_cancels_the_job_it_runs(workspace: Workspace) -> None:
    people = seed(workspace)
    runner = start_in_process_runner(workspace, threads=1)
    try:
        job = submit_job(
            workspace=workspace,
            principal=people.owner,
            project="demo",
            kind="forecast",
            params={"iterations": 5_000_000},  # 625 blocks: still running when stopped
        )
        running = _wait(workspace, people, job.id, {"running"})
        assert running.state == "running"
    finally:
        runner.stop()
    stopped = get_job(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    assert stopped.state == "cancelled" and stopped.finished_at is not None
