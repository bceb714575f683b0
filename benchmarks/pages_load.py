"""The web app's main pages of a 1,000-task project under the load of the API benchmark.

The script starts `steerco serve` on loopback over a fresh SQLite workspace, pushes
`api_load.py`'s 1,000-task project with ten people added (`ML engineer 1..10`, each task
demanding one of them, so that "my work" has tasks), and gives each of CLIENTS simulated
users an account and a role in the project: eight in ten are managers, one a member linked
to a person, one a client. Each signs in through the sign-in form (a session cookie) and
gets an API token. Before timing, each page is opened once per role until none still shows
a job's progress bar: the analyses the pages read (schedule, forecast, evm, report) are
computed and cached, as they are on a project in use.

Then the clients run at once (httpx AsyncClient, one event loop), each for at most REQUESTS
requests and DURATION seconds in all, pausing THINK seconds on average between requests
(exponential; 0 by default: the server saturated). Each picks its next request at random
(seeded):

- 10% `GET /api/v1/me` with its token: the reference (authentication and HTTP alone);
- a manager: 40% `api_load.py`'s reads (a page of 50 tasks, one task, the project, the
  milestones: part 1's load), 50% one of its pages (`/dashboard`, `/projects/{p}`,
  `/projects/{p}/gantt`);
- a member: 90% `/my-work`; a client: 90% `/portal/{p}`.

No edits by default (`--edits`: that share of a manager's API requests renames one of its
tasks): an edit makes a new revision, whose analyses the next pages would compute afresh.
The table gives per request: answers 2xx, other answers, p50/p95/p99 latency (ms, as the
client saw it), throughput, and the ratio of its p50 to the reference's p50 in the same
run. Pages target p95 < 300 ms.

Run: `.venv/bin/python benchmarks/pages_load.py [--clients 50] [--requests 40] [--duration 60]
[--think 0 1]` (several think times: one load each on the same warm server).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import (
    PROJECT,
    TASKS,
    Timings,
    _percentile,
    _push,
    load_project_yaml,
    machine,
    measured_load,
    run_people,
)
from workspace.serve_process import ServeProcess, start_serve

REFERENCE = "GET /api/v1/me"
PEOPLE = 10
TARGET_MS = 300.0
PAGES = {
    "manager": {
        "page /dashboard": "/dashboard",
        "page /projects/{p}": f"/projects/{PROJECT}",
        "page /projects/{p}/gantt": f"/projects/{PROJECT}/gantt",
    },
    "member": {"page /my-work": "/my-work"},
    "client": {"page /portal/{p}": f"/portal/{PROJECT}"},
}
WARM_SECONDS = 900.0
"""How long the analyses may take to compute before the load (a forecast of 1,000 tasks)."""
_TASK = re.compile(r"\{id: t(\d+), name: Task \d+, ")
_LOGIN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def pages_project_yaml(tasks: int = TASKS, people: int = PEOPLE) -> str:
    """`api_load.py`'s project with `people` people, each task demanding one (round robin)."""
    text = load_project_yaml(tasks)
    staff = "".join(
        f"  - {{id: p{k}, name: ML engineer {k + 1}, kind: person, capacity: 1, rate: 800}}\n"
        for k in range(people)
    )
    text = _TASK.sub(lambda m: f"{m.group(0)}demands: {{p{int(m.group(1)) % people}: 1}}, ", text)
    return text.replace("tasks:\n", f"resources:\n{staff}tasks:\n", 1)


def role_of(k: int, clients: int) -> str:
    """The role of simulated user `k` of `clients`: eight in ten managers, one member, one client.

    Fewer than ten users still have one member and one client (the last two), so that
    every role's pages are opened.
    """
    if clients < 10:
        return {clients - 2: "member", clients - 1: "client"}.get(k, "manager")
    return {8: "member", 9: "client"}.get(k % 10, "manager")


@dataclass
class User:
    """One simulated user: name, role, API token, session cookie and its own tasks."""

    name: str
    role: str
    token: str
    cookie: str = ""
    tasks: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


def _accounts(url: str, clients: int) -> tuple[str, list[User]]:
    """An owner (API token) and `clients` users with a password and a token each."""
    from steerco.app.workspace.accounts import create_user
    from steerco.app.workspace.context import open_workspace
    from steerco.app.workspace.tokens import create_token
    from steerco.store.migrate import upgrade

    workspace = open_workspace(url)
    try:
        upgrade(workspace.engine)
        create_user(workspace=workspace, name="owner", password="owner passphrase")
        owner = create_token(workspace=workspace, user="owner", name="bench").secret
        users = []
        for k in range(clients):
            name = f"user{k}"
            create_user(workspace=workspace, name=name, password=f"passphrase {k}")
            token = create_token(workspace=workspace, user=name, name="bench").secret
            users.append(User(name=name, role=role_of(k, clients), token=token))
    finally:
        workspace.engine.dispose()
    for k, user in enumerate(users):
        user.tasks = [f"t{j}" for j in range(k, TASKS, clients)]
    return owner, users


def _memberships(url: str, owner: str, users: list[User]) -> None:
    """Each user's role in the pushed project (a member is linked to a person)."""
    from steerco.app.workspace.context import Role, open_workspace
    from steerco.app.workspace.members import add_member
    from steerco.app.workspace.tokens import principal_for_token

    workspace = open_workspace(url)
    try:
        principal = principal_for_token(workspace=workspace, secret=owner)
        for k, user in enumerate(users):
            add_member(
                workspace=workspace,
                principal=principal,
                project=PROJECT,
                user=user.name,
                role=Role(user.role),
                resource=f"p{k % PEOPLE}" if user.role == "member" else None,
            )
    finally:
        workspace.engine.dispose()


def _sign_in(base: str, user: User, password: str) -> None:
    """Sign `user` in through the form; keep its session cookie."""
    with httpx.Client(base_url=base, timeout=60) as http:
        form = http.get("/login")
        token = _LOGIN_CSRF.search(form.text)
        if token is None:
            raise SystemExit(f"no sign-in form at {base}/login: {form.status_code}")
        answer = http.post(
            "/login",
            data={"csrf_token": token.group(1), "name": user.name, "password": password},
        )
        if answer.status_code != 303 or "steerco_session" not in http.cookies:
            raise SystemExit(f"{user.name} could not sign in: {answer.status_code}")
        user.cookie = f"steerco_session={http.cookies['steerco_session']}"


def _warm(base: str, users: list[User]) -> float:
    """Open each page as a user of its role until no analysis is pending; the seconds taken."""
    start = time.perf_counter()
    deadline = time.monotonic() + WARM_SECONDS
    with httpx.Client(base_url=base, timeout=120) as http:
        for role, pages in PAGES.items():
            user = next(u for u in users if u.role == role)
            for label, path in pages.items():
                while True:
                    answer = http.get(path, headers={"Cookie": user.cookie})
                    if answer.status_code != 200:
                        raise SystemExit(f"{label} as {role}: {answer.status_code}")
                    if "<progress" not in answer.text:
                        break
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{label}: analyses still pending after {WARM_SECONDS} s")
                    time.sleep(1)
    return time.perf_counter() - start


def _next_request(
    rng: random.Random, user: User, edits: float
) -> tuple[str, str, str, dict[str, object] | None]:
    """(label, method, path, JSON body) of the user's next request."""
    api = f"/api/v1/projects/{PROJECT}"
    draw = rng.random()
    if draw < 0.10:
        return REFERENCE, "GET", "/api/v1/me", None
    if user.role == "manager" and draw < 0.50:
        if rng.random() < edits:
            task = rng.choice(user.tasks)
            old = user.names.get(task, f"Task {task[1:]}")
            new = f"Task {task[1:]} ({rng.randrange(10**6)})"
            user.names[task] = new
            body: dict[str, object] = {"changes": {"name": new}, "based_on": {"name": old}}
            return "PATCH task name", "PATCH", f"{api}/tasks/{task}", body
        pick = rng.random()
        if pick < 0.3125:
            offset = 50 * rng.randrange(TASKS // 50)
            return "API tasks page (50)", "GET", f"{api}/tasks?offset={offset}&limit=50", None
        if pick < 0.625:
            return "API one task", "GET", f"{api}/tasks/t{rng.randrange(TASKS)}", None
        if pick < 0.8125:
            return "API project", "GET", api, None
        return "API milestones", "GET", f"{api}/milestones", None
    label, path = rng.choice(list(PAGES[user.role].items()))
    return label, "GET", path, None


async def _one_user(
    http: httpx.AsyncClient,
    user: User,
    timings: Timings,
    *,
    seed: int,
    requests: int,
    deadline: float,
    edits: float,
    think: float,
) -> None:
    """Send up to `requests` requests until `deadline`, timing each."""
    rng = random.Random(seed)
    for _ in range(requests):
        if think > 0:
            await asyncio.sleep(rng.expovariate(1 / think))
        if time.monotonic() > deadline:
            return
        label, method, path, body = _next_request(rng, user, edits)
        if label.startswith("page"):
            headers = {"Cookie": user.cookie}
        else:
            headers = {"Authorization": f"Bearer {user.token}"}
        start = time.perf_counter()
        timings.in_flight[label] += 1
        try:
            answer = await http.request(method, path, headers=headers, json=body)
        except httpx.TransportError as error:
            timings.failures[label] += 1
            timings.statuses[label].add(type(error).__name__)
            continue
        finally:
            timings.in_flight[label] -= 1
        elapsed = time.perf_counter() - start
        if answer.status_code == 200 and label.startswith("page") and "<progress" in answer.text:
            timings.statuses[label].add("pending analysis")
        if 200 <= answer.status_code < 300:
            timings.seconds[label].append(elapsed)
        else:
            timings.failures[label] += 1
            timings.statuses[label].add(answer.status_code)


def table(timings: Timings, wall: float) -> list[str]:
    """The result table's rows: pages first, then part 1's API reads, then the reference."""
    seconds = timings.seconds
    reference = _percentile(seconds[REFERENCE], 50) if seconds[REFERENCE] else float("nan")
    labels = sorted(
        set(seconds) | set(timings.failures),
        key=lambda s: (not s.startswith("page"), s == REFERENCE, s),
    )
    rows = []
    for label in labels:
        values = seconds[label]
        failed = timings.failures.get(label, 0)
        if not values:
            rows.append(f"| {label} | 0 | {failed} | | | | | | |")
            continue
        p50, p95, p99 = (_percentile(values, q) for q in (50, 95, 99))
        met = ("yes" if p95 < TARGET_MS else "no") if label.startswith("page") else ""
        rows.append(
            f"| {label} | {len(values)} | {failed} | {p50:.1f} | {p95:.1f} | {p99:.1f} "
            f"| {len(values) / wall:.1f} | {p50 / reference:.1f} | {met} |"
        )
    total = sum(len(v) for v in seconds.values())
    rows.append(
        f"| all | {total} | {sum(timings.failures.values())} | | | | {total / wall:.1f} | | |"
    )
    return rows


def run(
    *, clients: int, requests: int, duration: float, edits: float, thinks: list[float], workers: int
) -> dict[float, list[str]]:
    """Set up, start the server, push, sign in, warm the analyses once, then one load per
    think time; each load's table rows."""
    with tempfile.TemporaryDirectory(prefix="steerco-pages-load-") as folder:
        url = f"sqlite:///{Path(folder) / 'pages.db'}"
        owner, users = _accounts(url, clients)
        server = start_serve(url, workers=workers, log_level="warning")
        try:
            pushed = _push(server.base, owner, pages_project_yaml())
            print(f"pushed {TASKS:,} tasks in {pushed:.2f} s", flush=True)
            _memberships(url, owner, users)
            for k, user in enumerate(users):
                _sign_in(server.base, user, f"passphrase {k}")
            print(f"analyses computed (warm) in {_warm(server.base, users):.1f} s", flush=True)
            tables = {}
            for think in thinks:
                tables[think] = _timed_load(
                    server,
                    users,
                    requests=requests,
                    duration=duration,
                    edits=edits,
                    think=think,
                )
        finally:
            try:
                code = server.stop(timeout=120)
            except subprocess.TimeoutExpired:
                code = -9
        if code != 0:
            print(f"the server exited {code}", flush=True)
        return tables


def _timed_load(
    server: ServeProcess,
    users: list[User],
    *,
    requests: int,
    duration: float,
    edits: float,
    think: float,
) -> list[str]:
    """One load on the warm server; prints its CPU and odd answers; the table's rows."""
    timings, wall, server_ms, client_ms = measured_load(
        server.process.pid,
        run_people(
            server.base,
            users,
            _one_user,
            requests=requests,
            duration=duration,
            edits=edits,
            think=think,
        ),
    )
    print(
        f"think {think:g} s: CPU per request: server {server_ms:.1f} "
        f"ms, clients {client_ms:.1f} ms; load ran {wall:.1f} s",
        flush=True,
    )
    for label, statuses in timings.statuses.items():
        print(f"think {think:g} s: {label}: other answers {sorted(map(str, statuses))}", flush=True)
    rows = table(timings, wall)
    print("\n".join(rows), flush=True)
    return rows


def main() -> None:
    """Run the load on SQLite; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients", type=int, default=50, help="users at once (3 or more: one of each role)"
    )
    parser.add_argument("--requests", type=int, default=40, help="at most, per client")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load, at most")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument(
        "--edits", type=float, default=0.0, help="share of a manager's API requests that edit"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs="+",
        default=[0.0],
        help="mean pause between a client's requests, s; several: one load each, warmed once",
    )
    args = parser.parse_args()
    if args.clients < 3:
        parser.error(
            "--clients: 3 or more, so that a manager, a member and a client each load their pages"
        )
    print(f"Machine: {machine()}\n", flush=True)
    tables = run(
        clients=args.clients,
        requests=args.requests,
        duration=args.duration,
        edits=args.edits,
        thinks=args.think,
        workers=args.workers,
    )
    for think, rows in tables.items():
        print(
            f"\nSQLite, {args.clients} clients, at most {args.requests} requests each and "
            f"{args.duration:g} s; {args.workers} server process(es), think time {think:g} s, "
            f"edits {args.edits:g}\n"
        )
        print(
            "| request | 2xx | other | p50 ms | p95 ms | p99 ms | req/s "
            f"| p50 / `{REFERENCE}` p50 | page p95 < {TARGET_MS:.0f} ms |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|:---:|")
        for row in rows:
            print(row)


if __name__ == "__main__":
    main()
