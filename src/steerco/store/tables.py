"""The workspace's tables: projects as revisions of their YAML text, accounts, audit, jobs.

The project file stays the source of truth: `Revision.text` is exactly the YAML a user
pushed or an edit produced (comments kept); `ProjectRow` holds rows derived from the
current revision's validated model for queries (tasks, risks, resources...), replaced in
the same transaction as each new revision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Base",
    "Comment",
    "Job",
    "JobPart",
    "LoginFailure",
    "Membership",
    "Project",
    "ProjectRow",
    "Revision",
    "TokenScope",
    "User",
    "utcnow",
]


def utcnow() -> dt.datetime:
    """The current time in UTC, timezone-aware (every timestamp in the store is UTC)."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """The declarative base of every workspace table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
    }


class User(Base):
    """A person who signs in: a unique login name, an argon2 password hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token: only its SHA-256 is stored; `prefix` finds it, `kind` says api or session.

    `all_projects` false limits it to the projects in `TokenScope`; a token never grants
    more than its user's own roles.
    """

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="api")  # api | session
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    all_projects: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class TokenScope(Base):
    """One project a scoped token may reach."""

    __tablename__ = "token_scopes"
    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )


class LoginFailure(Base):
    """A failed sign-in, for rate limiting across server processes (by name and by client)."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    client: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class Project(Base):
    """A project: `slug` is its id in the API and the CLI; `revision` its current revision."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    file_name: Mapped[str] = mapped_column(String(300))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Membership(Base):
    """A user's role on a project: owner, manager, member or client.

    `resource` links a member to the plan's resource id whose tasks they may update.
    """

    __tablename__ = "memberships"
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16))
    resource: Mapped[str | None] = mapped_column(String(200), default=None)


class Revision(Base):
    """One revision of a project: the whole YAML text and its sidecars, as they were."""

    __tablename__ = "revisions"
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    baselines: Mapped[str | None] = mapped_column(Text, default=None)
    snapshots: Mapped[str | None] = mapped_column(Text, default=None)
    operation: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ProjectRow(Base):
    """A row derived from the current revision: one task, dependency, resource, risk...

    `collection` names the API collection (tasks, dependencies, resources, risks, gates,
    backlog, sprints, stakeholders); `key` the entity's id there; `data` its JSON form.
    """

    __tablename__ = "project_rows"
    __table_args__ = (
        UniqueConstraint("project_id", "collection", "key"),
        Index("ix_project_rows_order", "project_id", "collection", "position"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    collection: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    parent: Mapped[str | None] = mapped_column(String(300), default=None)
    name: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditEntry(Base):
    """Who did what, when, to which project, with the values before and after.

    `outcome` is applied, conflict or refused: a 409 is logged as well as an edit.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), default=None, index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    operation: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(400), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="applied")
    revision_before: Mapped[int | None] = mapped_column(Integer, default=None)
    revision_after: Mapped[int | None] = mapped_column(Integer, default=None)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class Comment(Base):
    """A comment by a project's member on the project or one of its entities."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    target: Mapped[str] = mapped_column(String(400), default="")  # "" or "tasks/<id>"...
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Job(Base):
    """A background analysis of one project revision with its parameters.

    `cache_key` (SHA-256 of kind, canonical parameters and the revision's text hash) finds a
    finished job whose result answers the same request again. `state`: queued, running,
    done, failed, cancelled. `result` is the JSON the CLI's `--format json` prints.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_cache", "project_id", "cache_key", "state"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    cache_key: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(String(400), default="")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str | None] = mapped_column(Text, default=None)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    worker: Mapped[str | None] = mapped_column(String(200), default=None)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class JobPart(Base):
    """A slice of a distributed job: forecast iteration blocks [first_block, end_block).

    `payload` is the part's partial result (binary, merged in block order by the job).
    """

    __tablename__ = "job_parts"
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_block: Mapped[int] = mapped_column(Integer)
    end_block: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    worker: Mapped[str | None] = mapped_column(String(200), default=None)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
