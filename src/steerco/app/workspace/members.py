"""Project membership: who has which role on a project, and which plan resource they are.

Owners (and site admins) add, change and remove members; whoever may read the plan lists
them. A project always keeps at least one owner. Every change lands in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steerco.app.workspace.accounts import find_user
from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.context import Action, Principal, Role, Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError
from steerco.app.workspace.permissions import Authorized, authorize
from steerco.store.tables import Membership, ProjectRow, User

__all__ = ["MemberView", "add_member", "list_members", "remove_member"]

_SHOWN_RESOURCES = 10


@dataclass(frozen=True)
class MemberView:
    """A member of a project: the user's name, their role, the plan resource they are."""

    user: str
    role: Role
    resource: str | None


def _role(role: Role | str) -> Role:
    """`role` as a Role, or InvalidRequestError naming the roles there are."""
    try:
        return Role(role)
    except ValueError:
        names = ", ".join(each.value for each in Role)
        raise InvalidRequestError(f"unknown role {role!r}: write one of {names}") from None


def _check_resource(session: Session, project: Authorized, resource: str) -> None:
    """Refuse a `resource` that is not a resource id of the project's current plan."""
    keys = list(
        session.scalars(
            select(ProjectRow.key)
            .where(
                ProjectRow.project_id == project.project_id,
                ProjectRow.collection == "resources",
            )
            .order_by(ProjectRow.position)
        )
    )
    if resource in keys:
        return
    known = ", ".join(keys[:_SHOWN_RESOURCES]) + (", ..." if len(keys) > _SHOWN_RESOURCES else "")
    hint = f"write one of its resource ids: {known}" if keys else "its plan has no resources yet"
    raise InvalidRequestError(f"project '{project.slug}' has no resource '{resource}': {hint}")


def _owners(session: Session, project_id: int) -> int:
    """How many owners project `project_id` has."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.project_id == project_id, Membership.role == Role.owner.value)
        )
        or 0
    )


def _state(membership: Membership | None) -> dict[str, Any] | None:
    """A membership's role and resource as the audit log keeps them."""
    if membership is None:
        return None
    return {"role": membership.role, "resource": membership.resource}


def _last_owner(user: str, slug: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"'{user}' is the last owner of project '{slug}': make another member owner first"
    )


def _audit(
    session: Session,
    principal: Principal,
    project: Authorized,
    operation: str,
    user: str,
    before: dict[str, Any] | None,
    after: MemberView | None,
) -> None:
    """Log a membership change with the role and resource before and after."""
    record_audit(
        session,
        principal=principal,
        project_id=project.project_id,
        operation=operation,
        target=f"members/{user}",
        before=before,
        after=None if after is None else {"role": after.role.value, "resource": after.resource},
    )


def add_member(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    user: str,
    role: Role | str,
    resource: str | None = None,
) -> MemberView:
    """Make `user` a member of `project` with `role` (and plan `resource`), or change theirs."""
    wanted = _role(role)
    with workspace.transaction() as session:
        granted = authorize(session, principal, project, Action.manage_members)
        try:
            member = find_user(session, user)
        except NotFoundError as error:
            raise InvalidRequestError(error.message) from None
        if resource is not None:
            _check_resource(session, granted, resource)
        current = session.get(Membership, (granted.project_id, member.id))
        before = _state(current)
        if current is None:
            session.add(
                Membership(
                    project_id=granted.project_id,
                    user_id=member.id,
                    role=wanted.value,
                    resource=resource,
                )
            )
        else:
            if (
                current.role == Role.owner.value
                and wanted is not Role.owner
                and _owners(session, granted.project_id) == 1
            ):
                raise _last_owner(user, granted.slug)
            current.role = wanted.value
            current.resource = resource
        view = MemberView(user=member.name, role=wanted, resource=resource)
        operation = "add_member" if current is None else "change_member"
        _audit(session, principal, granted, operation, member.name, before, view)
        return view


def list_members(*, workspace: Workspace, principal: Principal, project: str) -> list[MemberView]:
    """The members of `project`: owners first, then managers, members and clients, by name."""
    rank = {role.value: index for index, role in enumerate(Role)}
    with workspace.transaction() as session:
        granted = authorize(session, principal, project, Action.read_plan)
        rows = session.execute(
            select(User.name, Membership.role, Membership.resource)
            .join(User, User.id == Membership.user_id)
            .where(Membership.project_id == granted.project_id)
        ).all()
    ordered = sorted(rows, key=lambda row: (rank[row.role], row.name))
    return [MemberView(user=name, role=Role(role), resource=res) for name, role, res in ordered]


def remove_member(*, workspace: Workspace, principal: Principal, project: str, user: str) -> None:
    """Take `user` off `project` (never its last owner)."""
    with workspace.transaction() as session:
        granted = authorize(session, principal, project, Action.manage_members)
        try:
            member_id: int | None = find_user(session, user).id
        except NotFoundError:
            member_id = None
        current = (
            None if member_id is None else session.get(Membership, (granted.project_id, member_id))
        )
        if current is None:
            raise NotFoundError(f"'{user}' is not a member of project '{granted.slug}'")
        if current.role == Role.owner.value and _owners(session, granted.project_id) == 1:
            raise _last_owner(user, granted.slug)
        _audit(session, principal, granted, "remove_member", user, _state(current), None)
        session.delete(current)
