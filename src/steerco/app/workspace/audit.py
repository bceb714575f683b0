"""The audit log: who changed which project, when, how, and the values before and after.

Every change lands here in the transaction that makes it; a refused edit (a conflict) is
logged in a transaction of its own, since the edit's is rolled back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.pages import Page
from steerco.app.workspace.rows import check_page
from steerco.app.workspace.timestamps import aware
from steerco.store.tables import AuditEntry, Project, User

__all__ = ["AuditView", "list_audit", "record_audit"]


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


def record_audit(
    session: Session,
    *,
    principal: Principal,
    project_id: int | None,
    operation: str,
    target: str = "",
    outcome: str = "applied",
    revision_before: int | None = None,
    revision_after: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry to the session's transaction (committed or rolled back with it)."""
    entry = AuditEntry(
        project_id=project_id,
        user_id=principal.user_id,
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


def list_audit(
    *, workspace: Workspace, principal: Principal, project: str, offset: int = 0, limit: int = 50
) -> Page[AuditView]:
    """A page of the project's audit log, newest first (read_plan)."""
    from steerco.app.workspace.permissions import authorize

    check_page(offset, limit)
    with workspace.transaction() as session:
        project_id = authorize(session, principal, project, Action.read_plan).project_id
        where = AuditEntry.project_id == project_id
        total = session.scalar(select(func.count()).select_from(AuditEntry).where(where))
        rows = session.execute(
            select(AuditEntry, User.name, Project.slug)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .outerjoin(Project, Project.id == AuditEntry.project_id)
            .where(where)
            .order_by(AuditEntry.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
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
