"""The issue's "done when": a forecast spread over 3 `steerco worker` processes on PostgreSQL
equals the single-process run, byte for byte."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from steerco.app.workspace.context import Workspace, open_workspace
from steerco.app.workspace.jobs import get_job, job_result, submit_job
from steerco.store.migrate import upgrade
from steerco.store.tables import JobPart
from workspace.jobs_fixtures import PLAN, cli_output, seed
from workspace.postgres_server import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
_RUN = "import sys; from steerco.cli.main import app; sys.argv[0] = 'steerco'; app()"
BLOCKS = 9
ITERATIONS = BLOCKS * 8000  # the demo plan's four tasks: blocks of 8,000 iterations
TIMEOUT = 180.0


@pytest.fixture
def postgres_workspace(postgres_server: PostgresServer) -> Iterator[Workspace]:
    """A fresh PostgreSQL workspace brought up by `upgrade` (tables and the job queue)."""
    name = "steerco_jobs_distributed"
    postgres_server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    postgres_server.execute(f"CREATE DATABASE {name}")
    workspace = open_workspace(postgres_server.url(name))
    upgrade(workspace.engine)
    try:
        yield workspace
    finally:
        workspace.engine.dispose()
        postgres_server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _workers(url: str, count: int, log: Path) -> list[subprocess.Popen[bytes]]:
    """`count` processes of `steerco worker --db URL`, their output in `log`."""
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    environment = {**os.environ, "PYTHONPATH": path}
    with log.open("ab") as out:
        return [
            subprocess.Popen(
                [sys.executable, "-c", _RUN, "worker", "--db", url],
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            for _ in range(count)
        ]


@pytest.mark.slow
def test_a_forecast_over_three_worker_processes_equals_the_single_process_run(
    postgres_workspace: Workspace, tmp_path: Path
) -> None:
    workspace = postgres_workspace
    people = seed(workspace)
    log = Path(tempfile.mkdtemp(prefix="steerco-workers-")) / "workers.log"
    workers = _workers(workspace.url, 3, log)
    try:
        job = submit_job(
            workspace=workspace,
            principal=people.owner,
            project="demo",
            kind="forecast",
            params={"iterations": ITERATIONS, "seed": 42, "lhs": True},
        )
        deadline = time.monotonic() + TIMEOUT
        state = job.state
        while state in ("queued", "running") and time.monotonic() < deadline:
            assert all(w.poll() is None for w in workers), log.read_text()
            time.sleep(0.2)
            state = get_job(
                workspace=workspace, principal=people.owner, project="demo", job_id=job.id
            ).state
        assert state == "done", log.read_text()
        distributed = job_result(
            workspace=workspace, principal=people.owner, project="demo", job_id=job.id
        )
        with workspace.transaction() as session:
            parts = session.execute(
                select(JobPart.first_block, JobPart.end_block, JobPart.state, JobPart.worker)
                .where(JobPart.job_id == job.id)
                .order_by(JobPart.index)
            ).all()
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        for process in workers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # pragma: no cover - a stuck worker
                process.kill()
    single = cli_output(
        tmp_path,
        PLAN,
        "forecast",
        "--format",
        "json",
        "-n",
        str(ITERATIONS),
        "--seed",
        "42",
        "--lhs",
    )
    assert distributed == single
    assert [(p.first_block, p.end_block, p.state) for p in parts] == [
        (k, k + 1, "done") for k in range(BLOCKS)
    ]
    pids = {str(w.pid) for w in workers}
    assert {p.worker.split(":")[1] for p in parts if p.worker} <= pids  # run by the workers
