"""The workspace handle, who is asking (a principal) and the roles a project grants."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from steerco.store.engine import database_url, open_engine

__all__ = ["Action", "Principal", "Role", "Workspace", "open_workspace"]


class Role(StrEnum):
    """A user's role on one project."""

    owner = "owner"
    """Everything a manager can, plus members and deleting the project."""
    manager = "manager"
    """Edits the plan (tasks, links, resources, risks, baselines, gates...), runs analyses."""
    member = "member"
    """Reads the plan; updates progress of their own tasks (their linked resource's); comments."""
    client = "client"
    """Reads the client-audience report and the milestones of that project only."""


class Action(StrEnum):
    """What a request does to a project; `app.workspace.permissions` maps roles to actions."""

    read_client = "read_client"
    """The client-audience report and the milestones."""
    read_plan = "read_plan"
    """The whole plan: tasks, links, resources, risks, revisions, analyses' results."""
    update_own_progress = "update_own_progress"
    comment = "comment"
    run_analysis = "run_analysis"
    edit_plan = "edit_plan"
    manage_members = "manage_members"
    delete_project = "delete_project"


@dataclass(frozen=True)
class Principal:
    """Who a request comes from: a user, and the projects their token may reach.

    `projects` None: every project the user belongs to (a password session, an unscoped
    token); otherwise the ids of `store.tables.Project` rows the token is scoped to.
    """

    user_id: int
    name: str
    is_admin: bool = False
    projects: frozenset[int] | None = None
    token_id: int | None = None


@dataclass
class Workspace:
    """An open workspace database: the engine, sessions, and where jobs run."""

    engine: Engine
    url: str
    sessions: sessionmaker[Session] = field(init=False)
    _edit_locks: dict[int, threading.Lock] = field(init=False, default_factory=dict)
    _edit_locks_guard: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def edit_lock(self, project_id: int) -> threading.Lock:
        """A lock, in this process, on editing one project.

        Edits of a project take turns within a server process, so a busy project's edits
        are computed once each rather than recomputed after losing the race to each other
        (the database's lock still orders edits from different processes).
        """
        with self._edit_locks_guard:
            return self._edit_locks.setdefault(project_id, threading.Lock())

    @property
    def is_postgresql(self) -> bool:
        """Whether jobs go through procrastinate (PostgreSQL) rather than in process."""
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.sessions.begin() as session:
            yield session


def open_workspace(db: str | None = None, *, pool: bool = True) -> Workspace:
    """The workspace at `db` (URL or SQLite path; $STEERCO_DB; else the default data dir).

    It does not migrate: `steerco db upgrade` (`store.migrate.upgrade`) does, and
    `steerco serve` runs it on start.
    """
    url = database_url(db)
    return Workspace(engine=open_engine(url, pool=pool), url=url)
