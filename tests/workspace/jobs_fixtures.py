"""Helpers of the jobs tests: a project with members written straight into the tables."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.job_local import run_queued_jobs
from steerco.app.workspace.jobs import run_worker
from steerco.store.tables import Membership, Project, Revision, User

PLAN = """\
# a small plan: three tasks in a chain and a fork, one risk
name: Jobs demo
start: 2027-01-04
calendar: {country: null}
tasks:
  - {id: design, name: Design, duration: 2..3..6}
  - {id: build, name: Build, duration: 4..6..12, after: [design]}
  - {id: docs, name: Docs, duration: 1..2..3, after: [design]}
  - {id: ship, name: Ship, milestone: true, after: [build, docs]}
risks:
  - id: vendor
    title: The vendor is late
    probability: 0.3
    impact: {delay: 1..2..5}
    tasks: [build]
"""


@dataclass(frozen=True)
class Seeded:
    """Who is who on the project `demo` (and `other`, where only `stranger` is owner)."""

    owner: Principal
    member: Principal
    client: Principal
    stranger: Principal


def _user(workspace: Workspace, name: str) -> Principal:
    with workspace.transaction() as session:
        user = User(name=name, password_hash="not a hash")
        session.add(user)
        session.flush()
        return Principal(user_id=user.id, name=name)


def add_project(workspace: Workspace, slug: str, text: str, members: dict[Principal, str]) -> int:
    """A project whose revision 1 is `text`, with these members and roles; its id."""
    with workspace.transaction() as session:
        project = Project(slug=slug, name=slug, file_name=f"{slug}.yaml", revision=1)
        session.add(project)
        session.flush()
        session.add(
            Revision(
                project_id=project.id,
                number=1,
                text=text,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                operation="push",
            )
        )
        for principal, role in members.items():
            session.add(Membership(project_id=project.id, user_id=principal.user_id, role=role))
        return project.id


def new_revision(workspace: Workspace, project_id: int, text: str) -> None:
    """Make `text` the project's next revision."""
    with workspace.transaction() as session:
        project = session.get(Project, project_id)
        assert project is not None
        project.revision += 1
        session.add(
            Revision(
                project_id=project_id,
                number=project.revision,
                text=text,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                operation="edit",
            )
        )


def seed(workspace: Workspace, text: str = PLAN) -> Seeded:
    """Users owner, member, client of `demo`; `stranger` owns `other` only."""
    people = Seeded(*(_user(workspace, n) for n in ("olga", "mike", "carla", "stan")))
    add_project(
        workspace,
        "demo",
        text,
        {people.owner: "owner", people.member: "member", people.client: "client"},
    )
    add_project(workspace, "other", text, {people.stranger: "owner"})
    return people


def drain(workspace: Workspace) -> None:
    """Run every queued job: here on SQLite, through procrastinate's worker on PostgreSQL.

    The worker runs `asyncio.run` in a thread of its own, as `steerco worker` runs it in its
    own process: an xdist worker that ran the browser tests first still holds Playwright's
    sync driver (a session fixture), whose event loop counts as running in this thread.
    """
    if not workspace.is_postgresql:
        run_queued_jobs(workspace)
        return
    failed: list[BaseException] = []

    def work() -> None:
        try:
            run_worker(db=workspace.url, concurrency=2, wait=False)
        except BaseException as error:  # re-raised in the test's thread
            failed.append(error)

    thread = threading.Thread(target=work, name="drain")
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def cli_output(tmp_path: Path, text: str, *args: str) -> str:
    """What `steerco <args> FILE` prints for the project `text` (FILE is the last argument)."""
    from steerco.cli.main import app

    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, [*args, str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout
