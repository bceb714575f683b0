"""The workspace server under load: 50 clients reading and editing a 1,000-task project.

For each backend (SQLite, then PostgreSQL on a throwaway server started with initdb and
pg_ctl, as the tests do), the script starts `steerco serve` on loopback, pushes the
generated 1,000-task project of `end_to_end.py` (plus a milestone closing each phase)
through `PUT /api/v1/projects/{p}/file`, gives each client a user of its own (a manager of
the project, with an API token), then runs CLIENTS concurrent clients (httpx AsyncClient,
one event loop) for at most REQUESTS requests each and DURATION seconds in all, each pausing
THINK seconds on average between requests (`--think`, exponential; 0 by default: no pause,
the server saturated). Each client
picks its next request at random (seeded) from this mix:

- 25% `GET .../tasks?offset=..&limit=50` (a page of the task list),
- 25% `GET .../tasks/{id}` (one task),
- 10% `GET .../projects/{p}`, 10% `GET .../milestones`,
- 10% `GET /api/v1/me` (the reference: authentication and HTTP alone),
- 20% (`--edits`) `PATCH .../tasks/{id}` on one of the client's own tasks, half a new
  name, half a new three-point estimate, each `based_on` the value the client last saw
  (so no edit conflicts with another client's).

The table gives per backend and operation: requests answered 2xx, other answers, p50, p95
and p99 latency (ms, as the client saw it), throughput (req/s over the whole load), and
the ratio of the operation's p50 to `GET /api/v1/me`'s p50 in the same run. `--profile`
then profiles one edit in process (`edit_entity` on the same project) and prints where its
time goes.

Run: `.venv/bin/python benchmarks/api_load.py [--clients 50] [--requests 40] [--duration 60]`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import platform
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from end_to_end import PHASE, generate, project_yaml
from machine_info import cpu_model
from workspace.postgres_server import start_server
from workspace.serve_process import start_serve

PROJECT = "load"
TASKS = 1_000
REFERENCE = "GET /api/v1/me"
GRACE = 30.0
"""Seconds past the load's duration that a request still in flight may take."""
TARGETS = {"read": 100.0, "edit": 200.0}
T = TypeVar("T")
P_contra = TypeVar("P_contra", contravariant=True)
NAME_EDIT = "PATCH task name"
ESTIMATE_EDIT = "PATCH task estimate"


def load_project_yaml(tasks: int) -> str:
    """The 1,000-task file of `end_to_end.py` with a milestone after each phase's last task."""
    text = project_yaml(generate(tasks, seed=1), name="Load bench")
    last = [min(tasks, (k + 1) * PHASE) - 1 for k in range((tasks + PHASE - 1) // PHASE)]
    milestones = [
        f"  - {{id: m{k}, name: Phase {k} done, milestone: true, after: [t{j}]}}"
        for k, j in enumerate(last)
    ]
    return text + "\n".join(milestones) + "\n"


@dataclass
class Client:
    """One simulated user: its token, its own tasks and the values it last saw them have.

    `seen`: by task and field (`name`, `estimate`), as the server's answer showed them.
    """

    token: str
    tasks: list[str]
    seen: dict[tuple[str, str], object] = field(default_factory=dict)


@dataclass
class Timings:
    """Latencies (s) of 2xx answers per operation, other answers counted apart."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, set[int | str]] = field(default_factory=lambda: defaultdict(set))
    in_flight: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _setup(url: str, clients: int) -> tuple[str, list[Client]]:
    """Users and tokens: an owner, and `clients` managers of the project (made after the push)."""
    from steerco.app.workspace.accounts import create_user
    from steerco.app.workspace.context import open_workspace
    from steerco.app.workspace.tokens import create_token
    from steerco.store.migrate import upgrade

    workspace = open_workspace(url)
    try:
        upgrade(workspace.engine)
        create_user(workspace=workspace, name="owner", password="owner passphrase", admin=False)
        owner = create_token(workspace=workspace, user="owner", name="bench").secret
        tokens = []
        for k in range(clients):
            name = f"user{k}"
            create_user(workspace=workspace, name=name, password=f"passphrase {k}")
            tokens.append(create_token(workspace=workspace, user=name, name="bench").secret)
    finally:
        workspace.engine.dispose()
    owned = [[f"t{j}" for j in range(k, TASKS, clients)] for k in range(clients)]
    return owner, [Client(token, tasks) for token, tasks in zip(tokens, owned, strict=True)]


def _members(url: str, owner: str, clients: int) -> None:
    """Make every client's user a manager of the pushed project."""
    from steerco.app.workspace.context import Role, open_workspace
    from steerco.app.workspace.members import add_member
    from steerco.app.workspace.tokens import principal_for_token

    workspace = open_workspace(url)
    try:
        principal = principal_for_token(workspace=workspace, secret=owner)
        for k in range(clients):
            add_member(
                workspace=workspace,
                principal=principal,
                project=PROJECT,
                user=f"user{k}",
                role=Role.manager,
            )
    finally:
        workspace.engine.dispose()


EDITED = {NAME_EDIT: "name", ESTIMATE_EDIT: "estimate"}
"""The field each kind of edit changes."""


def _edit(client: Client, task: str, rng: random.Random) -> tuple[str, dict[str, object]]:
    """Half the edits rename a task, half give it a new three-point estimate.

    Each is `based_on` the value the server showed the client after its last edit of that
    field (a first estimate edit has no base: the client has not seen one), so no edit
    conflicts with another client's.
    """
    value: object
    if rng.random() < 0.5:
        label, value = NAME_EDIT, f"Task {task[1:]} ({rng.randrange(10**6)})"
        seen = client.seen.get((task, "name"), f"Task {task[1:]}")
    else:
        low, likely, high = sorted(rng.randint(1, 30) for _ in range(3))
        label, seen = ESTIMATE_EDIT, client.seen.get((task, "estimate"))
        value = {"low": low, "likely": likely, "high": high, "distribution": "triangular"}
    field = EDITED[label]
    body: dict[str, object] = {"changes": {field: value}}
    if seen is not None:
        body["based_on"] = {field: seen}
    return label, body


async def _one_client(
    http: httpx.AsyncClient,
    client: Client,
    timings: Timings,
    *,
    seed: int,
    requests: int,
    deadline: float,
    edits: float,
    think: float,
) -> None:
    """Send up to `requests` requests of the mix until `deadline`, timing each.

    With `think` > 0 the client pauses between requests (exponential, mean `think` s).
    """
    rng = random.Random(seed)
    base = f"/api/v1/projects/{PROJECT}"
    headers = {"Authorization": f"Bearer {client.token}"}

    def read(label: str, path: str) -> tuple[str, Callable[[], Awaitable[httpx.Response]]]:
        return label, lambda: http.get(path, headers=headers)

    for _ in range(requests):
        if think > 0:
            await asyncio.sleep(rng.expovariate(1 / think))
        if time.monotonic() > deadline:
            return
        draw = rng.random()
        task = rng.choice(client.tasks)
        # below `edits`: an edit; else the reads' shares (25/25/10/10/10), scaled to [0, 0.8)
        draw = 0.8 * (draw - edits) / (1 - edits) if draw >= edits else 1.0
        if draw < 0.25:
            offset = 50 * rng.randrange(TASKS // 50)
            label, send = read("GET tasks page (50)", f"{base}/tasks?offset={offset}&limit=50")
        elif draw < 0.50:
            label, send = read("GET one task", f"{base}/tasks/t{rng.randrange(TASKS)}")
        elif draw < 0.60:
            label, send = read("GET project", base)
        elif draw < 0.70:
            label, send = read("GET milestones", f"{base}/milestones")
        elif draw < 0.80:
            label, send = read(REFERENCE, "/api/v1/me")
        else:
            label, body = _edit(client, task, rng)

            def send(
                path: str = f"{base}/tasks/{task}", body: dict[str, object] = body
            ) -> Awaitable[httpx.Response]:
                return http.patch(path, json=body, headers=headers)

        start = time.perf_counter()
        timings.in_flight[label] += 1
        try:
            answer = await send()
        except httpx.TransportError as error:
            timings.failures[label] += 1
            timings.statuses[label].add(type(error).__name__)
            continue
        finally:
            timings.in_flight[label] -= 1
        elapsed = time.perf_counter() - start
        if 200 <= answer.status_code < 300:
            timings.seconds[label].append(elapsed)
            if label in EDITED:
                field = EDITED[label]
                client.seen[task, field] = answer.json()["row"]["data"][field]
        else:
            timings.failures[label] += 1
            timings.statuses[label].add(answer.status_code)


class Person(Protocol[P_contra]):
    """One simulated person's requests: sends them, timing each into `timings`."""

    def __call__(
        self,
        http: httpx.AsyncClient,
        person: P_contra,
        timings: Timings,
        /,
        *,
        seed: int,
        requests: int,
        deadline: float,
        edits: float,
        think: float,
    ) -> Coroutine[Any, Any, None]: ...


async def run_people(
    base: str,
    people: Sequence[T],
    one: Person[T],
    *,
    requests: int,
    duration: float,
    edits: float,
    think: float,
) -> tuple[Timings, float]:
    """Run every person at once (`one` sends a person's requests); timings and wall time.

    No request starts after `duration`; those still unanswered GRACE seconds later are
    abandoned and counted as `unanswered` failures.
    """
    timings = Timings()
    limits = httpx.Limits(max_connections=len(people), max_keepalive_connections=len(people))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as http:
        deadline = time.monotonic() + duration
        start = time.perf_counter()
        tasks = [
            asyncio.create_task(
                one(
                    http,
                    person,
                    timings,
                    seed=k,
                    requests=requests,
                    deadline=deadline,
                    edits=edits,
                    think=think,
                )
            )
            for k, person in enumerate(people)
        ]
        _, pending = await asyncio.wait(tasks, timeout=duration + GRACE)
        wall = time.perf_counter() - start
        for label, count in timings.in_flight.items():
            if count:
                timings.failures[label] += count
                timings.statuses[label].add("unanswered")
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        return timings, wall


def _percentile(values: list[float], q: float) -> float:
    """The nearest-rank `q` percentile of `values` (ms)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return 1000 * ordered[rank]


def _rows(backend: str, timings: Timings, wall: float) -> list[str]:
    """The table's rows of one backend."""
    reference = (
        _percentile(timings.seconds[REFERENCE], 50) if timings.seconds[REFERENCE] else float("nan")
    )
    rows = []
    labels = sorted(
        set(timings.seconds) | set(timings.failures),
        key=lambda s: (s == REFERENCE, s.startswith("PATCH"), s),
    )
    for label in labels:
        values = timings.seconds[label]
        failed = timings.failures.get(label, 0)
        kind = "edit" if label.startswith("PATCH") else "read"
        if not values:
            rows.append(f"| {backend} | {label} | 0 | {failed} | | | | | | |")
            continue
        p50, p95, p99 = (_percentile(values, q) for q in (50, 95, 99))
        target = TARGETS[kind]
        rows.append(
            f"| {backend} | {label} | {len(values)} | {failed} | {p50:.1f} | {p95:.1f} | {p99:.1f} "
            f"| {len(values) / wall:.1f} | {p50 / reference:.2f} | p95 < {target:.0f} ms "
            f"| {'yes' if p95 < target else 'no'} |"
        )
    total = sum(len(v) for v in timings.seconds.values())
    failed = sum(timings.failures.values())
    rows.append(f"| {backend} | all | {total} | {failed} | | | | {total / wall:.1f} | | | |")
    return rows


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process `pid` has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured_load(
    pid: int, load: Coroutine[Any, Any, tuple[Timings, float]]
) -> tuple[Timings, float, float, float]:
    """Run `load` (its timings and wall seconds); the server's and the clients' CPU ms per answer.

    The server is process `pid`; the clients are this process. An answer is a timed 2xx or
    an `other` one.
    """
    server_cpu, client_cpu = _cpu_seconds(pid), time.process_time()
    timings, wall = asyncio.run(load)
    server_cpu = _cpu_seconds(pid) - server_cpu
    client_cpu = time.process_time() - client_cpu
    answered = sum(len(v) for v in timings.seconds.values()) + sum(timings.failures.values())
    answered = max(answered, 1)
    return timings, wall, 1000 * server_cpu / answered, 1000 * client_cpu / answered


def _push(base: str, owner: str, text: str) -> float:
    """Push the project file through the API; the seconds it took."""
    start = time.perf_counter()
    answer = httpx.put(
        f"{base}/api/v1/projects/{PROJECT}/file",
        content=text.encode(),
        headers={"Authorization": f"Bearer {owner}", "Content-Type": "application/yaml"},
        timeout=300,
    )
    elapsed = time.perf_counter() - start
    if answer.status_code >= 300:
        raise SystemExit(f"push failed: {answer.status_code} {answer.text[:500]}")
    return elapsed


def _profile_edit(url: str, owner: str) -> None:
    """Profile one edit in process (edit_entity, no HTTP) and print the top functions."""
    from steerco.app.workspace.context import open_workspace
    from steerco.app.workspace.edits import edit_entity
    from steerco.app.workspace.tokens import principal_for_token

    workspace = open_workspace(url)
    try:
        principal = principal_for_token(workspace=workspace, secret=owner)

        def edit(n: int) -> None:
            edit_entity(
                workspace=workspace,
                principal=principal,
                project=PROJECT,
                collection="tasks",
                key="t1",
                changes={"name": f"Profiled {n}"},
            )

        seconds = []
        for n in range(3):
            start = time.perf_counter()
            edit(n)
            seconds.append(time.perf_counter() - start)
        print(f"\nOne edit in process, unprofiled: best of 3 {1000 * min(seconds):.0f} ms")
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        edit(3)
        profiler.disable()
        print(f"One edit in process, profiled: {1000 * (time.perf_counter() - start):.0f} ms")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    finally:
        workspace.engine.dispose()


def run_backend(
    backend: str,
    url: str,
    text: str,
    *,
    clients: int,
    requests: int,
    duration: float,
    edits: float,
    think: float,
    workers: int,
    profile: bool,
) -> list[str]:
    """Set up, start the server, push, load; the table rows of this backend."""
    owner, simulated = _setup(url, clients)
    server = start_serve(url, workers=workers, log_level="warning")
    try:
        pushed = _push(server.base, owner, text)
        print(f"{backend}: pushed {TASKS:,} tasks in {pushed:.2f} s", flush=True)
        _members(url, owner, clients)
        timings, wall, server_ms, client_ms = measured_load(
            server.process.pid,
            run_people(
                server.base,
                simulated,
                _one_client,
                requests=requests,
                duration=duration,
                edits=edits,
                think=think,
            ),
        )
        print(
            f"{backend}: CPU per request: server {server_ms:.1f} ms "
            f"(its main process), clients {client_ms:.1f} ms",
            flush=True,
        )
    finally:
        try:
            code = server.stop(timeout=120)
        except subprocess.TimeoutExpired:
            code = -9
    for label, statuses in timings.statuses.items():
        print(f"{backend}: {label}: other answers {sorted(map(str, statuses))}", flush=True)
    errors = [line for line in server.output().splitlines() if line.startswith("sqlalchemy.exc")]
    for line, count in Counter(errors).most_common(5):
        print(f"{backend}: server log, {count} x {line[:160]}", flush=True)
    if code != 0:
        print(f"{backend}: the server exited {code}", flush=True)
    print(f"{backend}: load ran {wall:.1f} s", flush=True)
    rows = _rows(backend, timings, wall)
    print("\n".join(rows), flush=True)
    if profile:
        _profile_edit(url, owner)
    return rows


def machine() -> str:
    """CPU model, core count and Python version of this machine."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu_model()}, nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"load average {load:.1f} at start"
    )


def main() -> None:
    """Run the load on SQLite, then PostgreSQL; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="at most, per client")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load, at most")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--edits", type=float, default=0.2, help="share of edits (0 to 1)")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause between a client's requests, s (0: none, the server saturated)",
    )
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--profile", action="store_true", help="profile one edit afterwards")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n", flush=True)
    text = load_project_yaml(TASKS)
    options = {
        "clients": args.clients,
        "requests": args.requests,
        "duration": args.duration,
        "workers": args.workers,
        "edits": args.edits,
        "think": args.think,
        "profile": args.profile,
    }
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="steerco-api-load-") as folder:
        if "sqlite" in args.backends:
            url = f"sqlite:///{Path(folder) / 'load.db'}"
            rows += run_backend("SQLite", url, text, **options)
        if "postgresql" in args.backends:
            postgres = start_server()
            try:
                postgres.execute("CREATE DATABASE steerco_load")
                rows += run_backend("PostgreSQL", postgres.url("steerco_load"), text, **options)
            finally:
                postgres.stop()
    print(
        f"\n{args.clients} clients, at most {args.requests} requests each and {args.duration:g} s; "
        f"{args.workers} server process(es), think time {args.think:g} s\n"
    )
    print(
        "| backend | operation | 2xx | other | p50 ms | p95 ms | p99 ms | req/s "
        f"| p50 / `{REFERENCE}` p50 | target | met |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|:---:|")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
