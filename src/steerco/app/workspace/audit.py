"""The audit log: who changed which project, when, how, and the values before and after.

Every change lands here in the transaction that makes it; a refused edit (a conflict) is
logged in a transaction of its own, since the edit's is rolled back. A project's members
read its log (`list_audit`); a site admin reads the whole site's (`list_site_audit`),
entries about no project (users, tokens, passwords, deleted projects) included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.pages import Page
from steerco.app.workspace.rows import check_page
from steerco.app.workspace.site_admin import require_admin
from steerco.app.workspace.timestamps import aware
from steerco.store.tables import AuditEntry, Project, User

__all__ = [
    "OUTCOMES",
    "AuditFilters",
    "AuditView",
    "audit_operations",
    "list_audit",
    "list_site_audit",
    "record_audit",
]

OUTCOMES = ("applied", "conflict", "refused")
"""Every outcome an audit entry may have."""


@dataclass(frozen=True)
class AuditView:
    """One audit entry: `outcome` is applied, conflict or refused."""

    id: int
    project: str | None
    user: str | None
    at: dt.datetime
    operation: str
    target: str
    outcome: str
    revision_before: int | None
    revision_after: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class AuditFilters:
    """Which entries a listing keeps: each criterion left None keeps them all.

    `since` and `until` are days in UTC, both included; `project` is a slug (only the
    site-wide listing filters by project), `user` a login name.
    """

    project: str | None = None
    user: str | None = None
    operation: str | None = None
    outcome: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def record_audit(
    session: Session,
    *,
    principal: Principal | None,
    project_id: int | None,
    operation: str,
    target: str = "",
    outcome: str = "applied",
    revision_before: int | None = None,
    revision_after: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry to the session's transaction (committed or rolled back with it).

    `principal` None: the change came from the machine itself (the CLI on the database).
    """
    entry = AuditEntry(
        project_id=project_id,
        user_id=None if principal is None else principal.user_id,
        operation=operation,
        target=target[:400],
        outcome=outcome,
        revision_before=revision_before,
        revision_after=revision_after,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _conditions(filters: AuditFilters) -> list[ColumnElement[bool]]:
    """The WHERE clauses of `filters` (InvalidRequestError for an impossible range or outcome)."""
    if filters.outcome is not None and filters.outcome not in OUTCOMES:
        raise InvalidRequestError(
            f"unknown outcome {filters.outcome!r}: write one of {', '.join(OUTCOMES)}"
        )
    if filters.since and filters.until and filters.since > filters.until:
        raise InvalidRequestError(
            f"the range starts ({filters.since}) after it ends ({filters.until}): swap them"
        )
    where: list[ColumnElement[bool]] = []
    if filters.project is not None:
        where.append(Project.slug == filters.project)
    if filters.user is not None:
        where.append(User.name == filters.user)
    if filters.operation is not None:
        where.append(AuditEntry.operation == filters.operation)
    if filters.outcome is not None:
        where.append(AuditEntry.outcome == filters.outcome)
    if filters.since is not None:
        where.append(AuditEntry.at >= _day_start(filters.since))
    if filters.until is not None:
        where.append(AuditEntry.at < _day_start(filters.until + dt.timedelta(days=1)))
    return where


def _page(
    session: Session,
    query: Select[AuditEntry, str, str],
    offset: int,
    limit: int,
) -> Page[AuditView]:
    """The page of `query`'s entries from `offset`, newest first, and how many there are."""
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)).all()
    items = [
        AuditView(
            id=entry.id,
            project=slug,
            user=user,
            at=aware(entry.at),
            operation=entry.operation,
            target=entry.target,
            outcome=entry.outcome,
            revision_before=entry.revision_before,
            revision_after=entry.revision_after,
            before=entry.before,
            after=entry.after,
        )
        for entry, user, slug in rows
    ]
    return Page(items, int(total or 0), offset, limit)


def _entries(where: list[ColumnElement[bool]]) -> Select[AuditEntry, str, str]:
    return (
        select(AuditEntry, User.name, Project.slug)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .outerjoin(Project, Project.id == AuditEntry.project_id)
        .where(*where)
    )


def list_audit(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    filters: AuditFilters | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[AuditView]:
    """A page of the project's audit log, newest first, kept to `filters` (read_plan).

    `filters.project` is ignored: the listing is `project`'s.
    """
    from steerco.app.workspace.permissions import authorize

    check_page(offset, limit)
    where = _conditions(AuditFilters(**{**vars(filters or AuditFilters()), "project": None}))
    with workspace.transaction() as session:
        project_id = authorize(session, principal, project, Action.read_plan).project_id
        query = _entries([AuditEntry.project_id == project_id, *where])
        return _page(session, query, offset, limit)


def list_site_audit(
    *,
    workspace: Workspace,
    principal: Principal,
    filters: AuditFilters | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[AuditView]:
    """A page of the whole site's audit log, newest first, kept to `filters` (site admins)."""
    require_admin(principal)
    check_page(offset, limit)
    where = _conditions(filters or AuditFilters())
    with workspace.transaction() as session:
        return _page(session, _entries(where), offset, limit)


def audit_operations(*, workspace: Workspace, principal: Principal) -> list[str]:
    """Every operation the site's audit log holds, by name (site admins)."""
    require_admin(principal)
    with workspace.transaction() as session:
        return list(
            session.scalars(select(AuditEntry.operation).distinct().order_by(AuditEntry.operation))
        )
