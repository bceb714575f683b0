"""The in-process runner of a SQLite workspace: a few threads that take queued jobs.

`steerco serve` starts one (`start_in_process_runner`) and stops it on shutdown; jobs the
runner still runs then are cancelled (they end in state cancelled, and a repeated request
runs them again). Several server processes may each run one: claiming is atomic.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import update

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.job_runner import claim_job, execute_job, queued_jobs, worker_name
from steerco.store.tables import Job

__all__ = ["Runner", "run_queued_jobs", "start_in_process_runner", "wake_runners"]

log = logging.getLogger("steerco.jobs")

_POLL = 1.0
"""Seconds between two looks at the queue when nobody wakes the runner."""

_runners: dict[str, set[Runner]] = {}
_registry = threading.Lock()


class Runner:
    """Threads taking the queued jobs of one workspace, until `stop`."""

    def __init__(self, workspace: Workspace, *, threads: int = 2) -> None:
        self.workspace = workspace
        self.threads = threads
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="steerco-job")
        self.running: set[str] = set()
        self.lock = threading.Lock()
        self.dispatcher = threading.Thread(target=self._dispatch, name="steerco-jobs", daemon=True)

    def start(self) -> Runner:
        """Start taking jobs; the runner."""
        with _registry:
            _runners.setdefault(self.workspace.url, set()).add(self)
        self.dispatcher.start()
        return self

    def _dispatch(self) -> None:
        while not self.stopping.is_set():
            self.wake.clear()
            try:
                self._take()
            except Exception:  # a database hiccup: log it, look again at the next poll
                log.exception("the job runner could not read the queue")
            self.wake.wait(_POLL)

    def _take(self) -> None:
        """Claim queued jobs while a thread is free, and start them."""
        for job_id in queued_jobs(self.workspace, limit=self.threads):
            with self.lock:
                if len(self.running) >= self.threads or self.stopping.is_set():
                    return
            if claim_job(self.workspace, job_id, worker=worker_name()):
                with self.lock:
                    self.running.add(job_id)
                self.pool.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        try:
            execute_job(self.workspace, job_id)
        finally:
            with self.lock:
                self.running.discard(job_id)
            self.wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop taking jobs; cancel the ones running and wait for them (at most `timeout` s)."""
        self.stopping.set()
        self.wake.set()
        with _registry:
            _runners.get(self.workspace.url, set()).discard(self)
        self.dispatcher.join(timeout)
        with self.lock:
            running = list(self.running)
        if running:
            with self.workspace.transaction() as session:
                session.execute(
                    update(Job).where(Job.id.in_(running)).values(cancel_requested=True)
                )
        self.pool.shutdown(wait=True, cancel_futures=True)


def start_in_process_runner(workspace: Workspace, *, threads: int = 2) -> Runner:
    """Start a runner for `workspace`'s queued jobs (the server on SQLite); `.stop()` ends it."""
    return Runner(workspace, threads=threads).start()


def wake_runners(workspace: Workspace) -> None:
    """Tell this process's runners of `workspace` that a job was queued."""
    with _registry:
        runners = list(_runners.get(workspace.url, ()))
    for runner in runners:
        runner.wake.set()


def run_queued_jobs(workspace: Workspace) -> int:
    """Run every queued job here, one after the other (no runner needed); how many ran."""
    ran = 0
    for job_id in queued_jobs(workspace, limit=1_000_000):
        if claim_job(workspace, job_id, worker=worker_name()):
            execute_job(workspace, job_id)
            ran += 1
    return ran
