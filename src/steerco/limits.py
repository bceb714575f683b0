"""Limits that the CLI's option parsing needs, in a module that imports nothing.

`steerco.model.ranges` re-exports them with the ranges of the project file; the CLI reads
them from here so that parsing an option loads no pydantic.
"""

from __future__ import annotations

__all__ = [
    "MAX_AMOUNT",
    "MAX_ITERATIONS",
    "MAX_JOB_THREADS",
    "MAX_SERVER_PROCESSES",
    "MAX_TIME_LIMIT",
    "MAX_WORKERS",
]

MAX_ITERATIONS = 10_000_000
"""The most Monte Carlo iterations one forecast runs (`--iterations` of `forecast`,
`risks --quantify` and `throughput`)."""

MAX_AMOUNT = 1e12
"""The largest amount of money in a project file or an option (costs, reserves)."""

MAX_WORKERS = 64
"""The most CP-SAT worker threads one levelling run asks for (`--workers`). Each worker
holds its own copy of the search: on a 2-core machine a small plan took 0.3 GB with 2
workers, 2.2 GB with 64 and 3.9 GB with 256, which then found no schedule in its time."""

MAX_TIME_LIMIT = 86_400.0
"""The longest levelling run one request may ask for, in seconds (a day; `--time-limit`)."""

MAX_SERVER_PROCESSES = 64
"""The most server processes `steerco serve --workers` starts. Each is a copy of the app
(about 110 MB resident when idle) with its own pool of up to 30 database connections;
PostgreSQL allows 100 connections by default, shared by every process and worker."""

MAX_JOB_THREADS = 64
"""The most jobs one `steerco worker` runs at once (`--concurrency`), each in a thread with
its own database connection and its own forecast or levelling run in memory."""
