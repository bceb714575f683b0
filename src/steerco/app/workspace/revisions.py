"""Writing a project's next revision: one transaction, the project row locked first.

Every change of a project (a push, an edit, progress, a baseline) locks the project row,
reads the current revision inside that lock, and writes the next revision, its derived
rows and its audit entry together. Two writers of one project therefore run one after
the other, and the second sees what the first wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.context import Principal
from steerco.app.workspace.revision_files import RevisionFiles
from steerco.app.workspace.rows import replace_rows
from steerco.app.workspace.timestamps import aware
from steerco.model import Project as Model
from steerco.store.tables import AuditEntry, Project, Revision, User, utcnow

__all__ = [
    "RevisionView",
    "current_files",
    "locked_project",
    "revision_view",
    "sha256_of",
    "write_revision",
]


@dataclass(frozen=True)
class RevisionView:
    """One revision of a project: its number, the text's SHA-256, what made it, who, when."""

    project: str
    number: int
    sha256: str
    operation: str
    author: str | None
    created_at: dt.datetime


def sha256_of(text: str) -> str:
    """The SHA-256 of the text's UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def locked_project(session: Session, project_id: int) -> Project:
    """The project row, locked against other writers until the transaction ends, read fresh.

    PostgreSQL: `SELECT ... FOR UPDATE`. SQLite: a no-op update takes the database's write
    lock first, so every read that follows sees the last committed revision.
    """
    query = select(Project).where(Project.id == project_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    else:
        session.execute(
            update(Project).where(Project.id == project_id).values(revision=Project.revision)
        )
    return session.execute(query.execution_options(populate_existing=True)).scalar_one()


def current_files(session: Session, project: Project, number: int | None = None) -> Revision:
    """The revision `number` (default: the current one) of `project`."""
    from steerco.app.workspace.errors import NotFoundError

    wanted = project.revision if number is None else number
    found = session.get(Revision, (project.id, wanted))
    if found is None:
        raise NotFoundError(f"project {project.slug!r} has no revision {wanted}")
    return found


def revision_view(
    session: Session, slug: str, revision: Revision, author: str | None = None
) -> RevisionView:
    """The view of a stored revision, with its author's name (`author`: known already)."""
    if author is None and revision.author_id is not None:
        user = session.get(User, revision.author_id)
        author = user.name if user is not None else None
    return RevisionView(
        project=slug,
        number=revision.number,
        sha256=revision.sha256,
        operation=revision.operation,
        author=author,
        created_at=aware(revision.created_at),
    )


def write_revision(
    session: Session,
    *,
    project: Project,
    principal: Principal,
    files: RevisionFiles,
    model: Model,
    operation: str,
    target: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    previous_sha256: str | None = None,
) -> tuple[RevisionView, AuditEntry]:
    """Add the next revision of the locked `project`, replace its rows, log it.

    The revision's view comes back with its audit entry (an edit adds the values it
    changed once the rows are written). `previous_sha256`: the current revision's text's,
    where the caller has it (its rows are then compared in memory, see `replace_rows`).
    """
    previous = project.revision
    now = utcnow()
    sha256 = sha256_of(files.text)
    revision = Revision(
        project_id=project.id,
        number=previous + 1,
        text=files.text,
        sha256=sha256,
        baselines=files.baselines,
        snapshots=files.snapshots,
        operation=operation,
        author_id=principal.user_id,
        created_at=now,
    )
    session.add(revision)
    project.revision = previous + 1
    project.updated_at = now
    project.name = model.name[:300]
    replace_rows(session, project.id, model, sha256=sha256, previous_sha256=previous_sha256 or None)
    entry = record_audit(
        session,
        principal=principal,
        project_id=project.id,
        operation=operation,
        target=target,
        revision_before=previous or None,
        revision_after=previous + 1,
        before=before,
        after=after,
    )
    session.flush()
    return revision_view(session, project.slug, revision, principal.name), entry
