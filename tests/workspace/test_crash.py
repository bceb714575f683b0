"""A server killed mid-write (SIGKILL) leaves a consistent workspace with every acknowledged edit.

Two clients send edits in a loop to a real `steerco serve`; the test kills the server once
enough edits were acknowledged, while more are in flight, restarts it on the same
database and checks: the database is sound (SQLite's integrity check), the revisions are
numbered 1..current with no gap, the current revision parses and its derived rows are
exactly those its text gives, every revision named by a 2xx answer holds its edit, and the
restarted server takes edits again from the current revision.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy import select, text

from steerco.app.workspace.context import open_workspace
from steerco.app.workspace.rows import derive_rows
from steerco.formats.project_yaml import parse_project_yaml
from steerco.store.tables import AuditEntry, Project, ProjectRow, Revision
from workspace.live_project import LiveProject, prepare_project
from workspace.serve_process import start_serve

TASKS = 20
PLAN = (
    "name: Crash\nstart: 2027-01-04\ntasks:\n"
    + "".join(
        f"  - {{id: t{j}, name: Task {j}, duration: 2{f', after: [t{j - 1}]' if j else ''}}}\n"
        for j in range(TASKS)
    )
    + "  # the end of the plan\n"
)
ACKNOWLEDGED_BEFORE_KILL = 12


@dataclass
class Acknowledged:
    """Edits answered 2xx: (revision, task, name); and whether the clients should stop."""

    edits: list[tuple[int, str, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _edit_in_a_loop(
    base: str, live: LiveProject, who: str, tasks: range, log: Acknowledged
) -> None:
    """Rename this client's tasks one after another until the server stops answering."""
    with httpx.Client(base_url=base, headers=live.headers[who], timeout=10) as client:
        for attempt in range(10_000):
            if log.stop.is_set():
                return
            task = f"t{tasks[attempt % len(tasks)]}"
            name = f"{who} edit {attempt}"
            try:
                answer = client.patch(
                    f"/api/v1/projects/{live.slug}/tasks/{task}", json={"changes": {"name": name}}
                )
            except httpx.TransportError:
                return  # the server is gone: this edit's fate is unknown, not acknowledged
            assert answer.status_code == 200, answer.text
            with log.lock:
                log.edits.append((answer.json()["revision"]["number"], task, name))


def _check_consistent(url: str, slug: str, log: Acknowledged) -> int:
    """Assert the database holds a consistent project and every acknowledged edit; its revision."""
    workspace = open_workspace(url)
    try:
        with workspace.transaction() as session:
            if not workspace.is_postgresql:
                assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            project = session.execute(select(Project).where(Project.slug == slug)).scalar_one()
            revisions = {
                r.number: r
                for r in session.execute(
                    select(Revision).where(Revision.project_id == project.id)
                ).scalars()
            }
            assert sorted(revisions) == list(range(1, project.revision + 1))
            current = revisions[project.revision]
            parsed = parse_project_yaml(current.text)
            assert current.text.endswith("  # the end of the plan\n")
            stored = sorted(
                (r.collection, r.key, r.position, r.parent, r.name, r.data)
                for r in session.execute(
                    select(ProjectRow).where(ProjectRow.project_id == project.id)
                ).scalars()
            )
            derived = sorted(
                (r.collection, r.key, r.position, r.parent, r.name, r.data)
                for r in derive_rows(parsed)
            )
            assert stored == derived
            for number, task, name in log.edits:
                at = {t.id: t.name for t in parse_project_yaml(revisions[number].text).all_tasks()}
                assert at[task] == name, (number, task)
            applied = session.execute(
                select(AuditEntry.revision_after).where(
                    AuditEntry.project_id == project.id, AuditEntry.outcome == "applied"
                )
            ).scalars()
            assert {n for n, _, _ in log.edits} <= set(applied)
            return project.revision
    finally:
        workspace.engine.dispose()


@pytest.mark.slow
def test_a_killed_server_loses_no_acknowledged_edit(workspace_url: str) -> None:
    live = prepare_project(workspace_url, text=PLAN, slug="crash", editors=("ada", "bob"))
    server = start_serve(workspace_url)
    log = Acknowledged()
    halves = {"ada": range(0, TASKS // 2), "bob": range(TASKS // 2, TASKS)}
    clients = [
        threading.Thread(target=_edit_in_a_loop, args=(server.base, live, who, tasks, log))
        for who, tasks in halves.items()
    ]
    for client in clients:
        client.start()
    deadline = time.monotonic() + 60
    try:
        while len(log.edits) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        server.kill()
    for client in clients:
        client.join(timeout=30)
    assert len(log.edits) >= ACKNOWLEDGED_BEFORE_KILL, server.output()
    revision = _check_consistent(workspace_url, live.slug, log)

    restarted = start_serve(workspace_url)
    try:
        answer = httpx.patch(
            f"{restarted.base}/api/v1/projects/{live.slug}/tasks/t0",
            json={"changes": {"name": "After the crash"}, "base_revision": revision},
            headers=live.headers["ada"],
            timeout=30,
        )
    finally:
        restarted.stop()
    assert answer.status_code == 200, answer.text
    assert answer.json()["revision"]["number"] == revision + 1
    _check_consistent(workspace_url, live.slug, Acknowledged())
