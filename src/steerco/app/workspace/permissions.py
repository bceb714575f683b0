"""Who may do what to a project: the role table, and the check every project use case runs.

`allowed(role, action)` is the whole table (docs/workspace.md shows it, and a test keeps
the two equal). `authorize` is THE check a project use case calls first, inside its
transaction: a project the caller may not know of (unknown, not a member, outside the
token's scope) is not found, never forbidden, so its existence never leaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Action, Principal, Role
from steerco.app.workspace.errors import ForbiddenError, NotFoundError
from steerco.app.workspace.text import storable
from steerco.store.tables import Membership, Project

__all__ = ["ROLE_ACTIONS", "Authorized", "allowed", "authorize", "not_found", "require_own_task"]

_READ = frozenset({Action.read_client, Action.read_plan})
_MEMBER = _READ | {Action.update_own_progress, Action.comment, Action.run_analysis}
_MANAGER = _MEMBER | {Action.edit_plan}

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.owner: frozenset(Action),
    Role.manager: _MANAGER,
    Role.member: _MEMBER,
    Role.client: frozenset({Action.read_client}),
}
"""The actions each role allows on its project (a site admin may do every action)."""


@dataclass(frozen=True)
class Authorized:
    """The project a request may act on, and the caller's membership there.

    `role` is None for a site admin who is not a member; `resource` is the plan's resource
    id linked to the membership (whose tasks a member may update), if any.
    """

    project_id: int
    slug: str
    role: Role | None
    resource: str | None


def allowed(role: Role, action: Action) -> bool:
    """Whether `role` on a project allows `action` there."""
    return action in ROLE_ACTIONS[role]


def not_found(project: str) -> NotFoundError:
    """The one answer for a project the caller may not see (unknown, or not theirs)."""
    return NotFoundError(f"no project '{project}' (or you are not a member of it)")


def authorize(session: Session, principal: Principal, project: str, action: Action) -> Authorized:
    """The project `project` (a slug) if `principal` may do `action` there.

    NotFoundError when it does not exist, the user is neither a member nor a site admin,
    or the token's scope leaves it out; ForbiddenError when the role lacks `action`.
    """
    query = select(Project.id, Project.slug).where(Project.slug == project)
    found = session.execute(query).one_or_none() if storable(project) else None
    if found is None:
        raise not_found(project)
    project_id, slug = found
    if principal.projects is not None and project_id not in principal.projects:
        raise not_found(project)
    membership = session.execute(
        select(Membership.role, Membership.resource).where(
            Membership.project_id == project_id, Membership.user_id == principal.user_id
        )
    ).one_or_none()
    role = Role(membership.role) if membership is not None else None
    resource = membership.resource if membership is not None else None
    if principal.is_admin:
        return Authorized(project_id=project_id, slug=slug, role=role, resource=resource)
    if role is None:
        raise not_found(project)
    if not allowed(role, action):
        raise ForbiddenError(
            f"your role on project '{slug}' ({role}) does not allow {action}; "
            "ask an owner of the project for another role"
        )
    return Authorized(project_id=project_id, slug=slug, role=role, resource=resource)


def require_own_task(
    granted: Authorized, principal: Principal, task: str, data: dict[str, Any]
) -> None:
    """A member (without edit_plan) records only tasks demanding their linked resource.

    `data` is the task's row; a manager, an owner and a site admin record any task
    (ForbiddenError otherwise, saying which resource the membership is linked to).
    """
    role = granted.role
    if principal.is_admin or role is None or allowed(role, Action.edit_plan):
        return
    mine = granted.resource
    demanded = {demand.get("resource") for demand in data.get("demands") or []}
    if mine is None or mine not in demanded:
        who = f"resource {mine!r}" if mine else "no resource of the plan"
        raise ForbiddenError(
            f"task {task!r} does not demand your resource: your membership is linked to {who}; "
            "a manager records progress of other people's tasks"
        )
