"""Comments on a project or one of its entities, by its members (and above)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError
from steerco.app.workspace.rows import COLLECTIONS, find_row
from steerco.app.workspace.timestamps import aware
from steerco.store.tables import Comment, User

__all__ = ["MAX_COMMENT_CHARS", "CommentView", "add_comment", "list_comments"]

MAX_COMMENT_CHARS = 20_000
"""The longest comment, in characters."""


@dataclass(frozen=True)
class CommentView:
    """A comment: on the project (`target` "") or an entity (`tasks/ID`, `risks/ID`...)."""

    id: int
    project: str
    target: str
    author: str | None
    text: str
    at: dt.datetime


def _check_target(session: Session, project_id: int, target: str) -> None:
    """A target is "" or `COLLECTION/KEY` naming an entity of the current revision."""
    if not target:
        return
    collection, _, key = target.partition("/")
    if collection not in COLLECTIONS or not key:
        raise InvalidRequestError(
            f"a comment's target is empty (the project) or COLLECTION/KEY such as tasks/train, "
            f"not {target!r}"
        )
    if find_row(session, project_id, collection, key) is None:
        raise NotFoundError(f"no {collection} entry {key!r} to comment on")


def add_comment(
    *, workspace: Workspace, principal: Principal, project: str, target: str, text: str
) -> CommentView:
    """Add a comment (members, managers and owners; not clients)."""
    from steerco.app.workspace.permissions import authorize

    body = text.strip()
    if not body or len(body) > MAX_COMMENT_CHARS:
        raise InvalidRequestError(f"a comment has 1 to {MAX_COMMENT_CHARS} characters")
    with workspace.transaction() as session:
        found = authorize(session, principal, project, Action.comment)
        _check_target(session, found.project_id, target)
        comment = Comment(
            project_id=found.project_id, user_id=principal.user_id, target=target, text=body
        )
        session.add(comment)
        session.flush()
        record_audit(
            session,
            principal=principal,
            project_id=found.project_id,
            operation="comment",
            target=target,
            after={"comment": comment.id},
        )
        return CommentView(comment.id, found.slug, target, principal.name, body, aware(comment.at))


def list_comments(
    *, workspace: Workspace, principal: Principal, project: str, target: str | None = None
) -> list[CommentView]:
    """The project's comments, oldest first; `target` keeps those on one entity (read_plan)."""
    from steerco.app.workspace.permissions import authorize

    with workspace.transaction() as session:
        found = authorize(session, principal, project, Action.read_plan)
        where = [Comment.project_id == found.project_id]
        if target is not None:
            where.append(Comment.target == target)
        rows = session.execute(
            select(Comment, User.name)
            .outerjoin(User, User.id == Comment.user_id)
            .where(*where)
            .order_by(Comment.id)
        ).all()
        return [
            CommentView(c.id, found.slug, c.target, author, c.text, aware(c.at))
            for c, author in rows
        ]
