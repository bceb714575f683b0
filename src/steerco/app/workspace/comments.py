"""Comments on a project or one of its entities, with `@name` mentions of its members.

Members, managers and owners comment on the project, its tasks, risks...; whoever may read
the client report (a client too) comments on a decision the project needs
(`decisions/<id>`, an id of the current revision's `decisions:`). A comment's text is kept
as written; `@name` is a mention when `name` is a member of the project (read against the
current members, so a mention of someone who joins later becomes one then); other `@words`
stay plain text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.context import Action, Principal, Role, Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError
from steerco.app.workspace.rows import COLLECTIONS, find_row
from steerco.app.workspace.sections import current_section
from steerco.app.workspace.timestamps import aware
from steerco.store.tables import Comment, Membership, Project, User

__all__ = [
    "DECISIONS",
    "MAX_COMMENT_CHARS",
    "CommentPart",
    "CommentView",
    "add_comment",
    "comment_parts",
    "decision_ids",
    "is_decision_target",
    "list_comments",
    "mentions_in",
    "mentions_of",
]

MAX_COMMENT_CHARS = 20_000
"""The longest comment, in characters."""
DECISIONS = "decisions"
"""The target collection of comments on the decisions a project needs (`decisions/<id>`)."""

_MENTION = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9._-]{0,63})")
_TRAILING = "._-"


@dataclass(frozen=True)
class CommentPart:
    """A piece of a comment's text: plain text, or a mention of the member `mention`."""

    text: str
    mention: str | None = None


def _mentioned(candidate: str, members: Collection[str]) -> str | None:
    """The member a `@candidate` names; punctuation ending a sentence is not part of it."""
    while candidate:
        if candidate in members:
            return candidate
        if candidate[-1] not in _TRAILING:
            return None
        candidate = candidate[:-1]
    return None


def comment_parts(text: str, members: Collection[str]) -> list[CommentPart]:
    """The text cut into plain pieces and mentions of `members` (other `@words` stay text)."""
    parts: list[CommentPart] = []
    plain_from = 0
    for match in _MENTION.finditer(text):
        name = _mentioned(match.group(1), members)
        if name is None:
            continue
        begin = match.start()
        if begin > plain_from:
            parts.append(CommentPart(text[plain_from:begin]))
        parts.append(CommentPart(f"@{name}", name))
        plain_from = begin + 1 + len(name)
    if plain_from < len(text):
        parts.append(CommentPart(text[plain_from:]))
    return parts


def mentions_in(text: str, members: Collection[str]) -> tuple[str, ...]:
    """The members `text` mentions, each once, in order of first mention."""
    names = (part.mention for part in comment_parts(text, members) if part.mention)
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class CommentView:
    """A comment: on the project (`target` "") or an entity (`tasks/ID`, `risks/ID`...).

    `mentions` are the project's members its text mentions.
    """

    id: int
    project: str
    target: str
    author: str | None
    text: str
    at: dt.datetime
    mentions: tuple[str, ...] = ()

    @property
    def parts(self) -> list[CommentPart]:
        """The text as plain pieces and mentions, to render the mentions as links."""
        return comment_parts(self.text, self.mentions)


def is_decision_target(target: str | None) -> bool:
    """Whether `target` names a decision (`decisions/<id>`)."""
    return target is not None and target.startswith(f"{DECISIONS}/")


def decision_ids(session: Session, project_id: int) -> list[str]:
    """The ids of the decisions in the project's current revision, in file order."""
    listed = current_section(session, project_id, DECISIONS)
    if not isinstance(listed, list):
        return []
    return [str(d["id"]) for d in listed if isinstance(d, dict) and d.get("id") is not None]


def _check_target(session: Session, project_id: int, target: str) -> None:
    """A target is "" or `COLLECTION/KEY` naming an entity (or decision) of the revision."""
    if not target:
        return
    collection, _, key = target.partition("/")
    if collection not in (*COLLECTIONS, DECISIONS) or not key:
        raise InvalidRequestError(
            f"a comment's target is empty (the project) or COLLECTION/KEY such as tasks/train, "
            f"not {target!r}"
        )
    if collection == DECISIONS:
        if key not in decision_ids(session, project_id):
            raise NotFoundError(f"no decision {key!r} to comment on")
    elif find_row(session, project_id, collection, key) is None:
        raise NotFoundError(f"no {collection} entry {key!r} to comment on")


def _members(session: Session, project_id: int) -> frozenset[str]:
    """The user names of the project's members."""
    names = session.scalars(
        select(User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.project_id == project_id)
    )
    return frozenset(names)


def _action(target: str | None, *, write: bool) -> Action:
    """What commenting on (write) or reading `target` needs: decisions are the client's too."""
    if is_decision_target(target):
        return Action.read_client
    return Action.comment if write else Action.read_plan


def add_comment(
    *, workspace: Workspace, principal: Principal, project: str, target: str, text: str
) -> CommentView:
    """Add a comment (members, managers and owners; on a decision, a client too)."""
    from steerco.app.workspace.permissions import authorize

    body = text.strip()
    if not body or len(body) > MAX_COMMENT_CHARS:
        raise InvalidRequestError(f"a comment has 1 to {MAX_COMMENT_CHARS} characters")
    with workspace.transaction() as session:
        found = authorize(session, principal, project, _action(target, write=True))
        _check_target(session, found.project_id, target)
        comment = Comment(
            project_id=found.project_id, user_id=principal.user_id, target=target, text=body
        )
        session.add(comment)
        session.flush()
        mentions = mentions_in(body, _members(session, found.project_id))
        record_audit(
            session,
            principal=principal,
            project_id=found.project_id,
            operation="comment",
            target=target,
            after={"comment": comment.id, **({"mentions": list(mentions)} if mentions else {})},
        )
        return CommentView(
            comment.id, found.slug, target, principal.name, body, aware(comment.at), mentions
        )


def _escaped_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_comments(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    target: str | None = None,
    mention: str | None = None,
) -> list[CommentView]:
    """The project's comments, oldest first (read_plan; on a decision, read_client).

    `target` keeps those on one entity; `mention` those that mention that member.
    """
    from steerco.app.workspace.permissions import authorize

    with workspace.transaction() as session:
        found = authorize(session, principal, project, _action(target, write=False))
        where = [Comment.project_id == found.project_id]
        if target is not None:
            where.append(Comment.target == target)
        if mention is not None:
            where.append(Comment.text.like(f"%@{_escaped_like(mention)}%", escape="\\"))
        rows = session.execute(
            select(Comment, User.name)
            .outerjoin(User, User.id == Comment.user_id)
            .where(*where)
            .order_by(Comment.id)
        ).all()
        members = _members(session, found.project_id)
    views = [
        CommentView(
            c.id, found.slug, c.target, author, c.text, aware(c.at), mentions_in(c.text, members)
        )
        for c, author in rows
    ]
    return [v for v in views if mention is None or mention in v.mentions]


def mentions_of(
    *, workspace: Workspace, principal: Principal, limit: int = 20
) -> list[CommentView]:
    """The latest comments that mention the principal, newest first, in projects they belong to.

    A client is shown only those on decisions (the comments they may read).
    """
    pattern = f"%@{_escaped_like(principal.name)}%"
    with workspace.transaction() as session:
        query = (
            select(Comment, User.name, Project.slug, Membership.role)
            .join(Project, Project.id == Comment.project_id)
            .join(
                Membership,
                (Membership.project_id == Comment.project_id)
                & (Membership.user_id == principal.user_id),
            )
            .outerjoin(User, User.id == Comment.user_id)
            .where(Comment.text.like(pattern, escape="\\"))
            .order_by(Comment.id.desc())
        )
        if principal.projects is not None:
            query = query.where(Comment.project_id.in_(principal.projects))
        found: list[CommentView] = []
        members: dict[int, frozenset[str]] = {}
        for comment, author, slug, role in session.execute(query):
            if role == Role.client.value and not is_decision_target(comment.target):
                continue
            if comment.project_id not in members:
                members[comment.project_id] = _members(session, comment.project_id)
            mentions = mentions_in(comment.text, members[comment.project_id])
            if principal.name not in mentions:
                continue
            found.append(
                CommentView(
                    comment.id,
                    slug,
                    comment.target,
                    author,
                    comment.text,
                    aware(comment.at),
                    mentions,
                )
            )
            if len(found) >= limit:
                break
        return found
