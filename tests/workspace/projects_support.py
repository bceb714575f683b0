"""Shared by the projects, edits and push/pull tests: users, memberships and a small plan."""

from __future__ import annotations

from steerco.app.workspace.context import Principal, Role, Workspace
from steerco.store.tables import Membership, Project, User

PLAN = """\
# A small plan, written by hand:   odd spacing, comments, flow and block styles.
name:   Odd spacing      # the project's name
start: 2027-01-04
resources:
  - {id: ana, name: Ana}
  - {id: bo,  name: Bo}     # two spaces before `name`
tasks:
    - id: design          # four-space indent
      name: Design
      duration: 3
      demands: {ana: 1}
    - id: build
      name: Build
      children:
        - {id: code, name: Code, duration: 5, after: [design], demands: {bo: 1}}
        - id: test
          name: Test
          duration: 2
          after: ["code SS+2d"]   # starts two days after code starts
          demands: {ana: 1}
    - id: ship
      name: Ship
      milestone: true
      after: [ build ]
risks:
  - id: r1
    title: Vendor late
    probability: 0.3
    tasks: [code]
"""


def user(workspace: Workspace, name: str, *, admin: bool = False) -> Principal:
    """A user written straight into the store (no password needed here) as a principal."""
    with workspace.transaction() as session:
        row = User(name=name, display_name="", password_hash="-", is_admin=admin)
        session.add(row)
        session.flush()
        return Principal(user_id=row.id, name=name, is_admin=admin)


def member(
    workspace: Workspace, project: str, who: Principal, role: Role, resource: str | None = None
) -> None:
    """Give `who` a role on `project`, linked to the plan's `resource`."""
    from sqlalchemy import select

    with workspace.transaction() as session:
        project_id = session.scalar(select(Project.id).where(Project.slug == project))
        session.add(
            Membership(project_id=project_id, user_id=who.user_id, role=role, resource=resource)
        )
