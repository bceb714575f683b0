"""What an editing form of the plan shows: the entity, the revision it is based on, the choices.

An edit form carries the values it was based on and the revision number they were read
at; both come from one transaction here, so `edit_entity`'s no-lost-update check compares
the form against the state the editor actually saw. Only a caller who may edit the plan
(edit_plan) gets a form: the others are refused before they type anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.entities import EDITABLE
from steerco.app.workspace.errors import NotFoundError
from steerco.app.workspace.rows import RowView, find_row, row_view
from steerco.store.tables import Project, ProjectRow

__all__ = ["Choice", "EditContext", "edit_context"]


@dataclass(frozen=True)
class Choice:
    """An entity a form may refer to (a parent task, a predecessor, a risk's owner)."""

    key: str
    name: str


@dataclass(frozen=True)
class EditContext:
    """The project, its current revision, the entity (None for a new one) and the choices.

    `links` are the dependencies whose successor is the entity (a task's predecessors).
    """

    project: str
    project_name: str
    revision: int
    row: RowView | None
    tasks: list[Choice]
    resources: list[Choice]
    links: list[RowView]


def _choices(session: Session, project_id: int, collection: str) -> list[Choice]:
    """Every entity of `collection` (key and name) in file order."""
    rows = session.execute(
        select(ProjectRow.key, ProjectRow.name)
        .where(ProjectRow.project_id == project_id, ProjectRow.collection == collection)
        .order_by(ProjectRow.position)
    ).all()
    return [Choice(key, name) for key, name in rows]


def edit_context(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    collection: str,
    key: str | None = None,
) -> EditContext:
    """The entity `key` of `collection` as a form edits it (edit_plan), or a new one's choices.

    NotFoundError for a collection that cannot be edited or an entity the current revision
    does not hold; ForbiddenError for a role that does not edit the plan.
    """
    from steerco.app.workspace.permissions import authorize

    if collection not in EDITABLE:
        raise NotFoundError(
            f"{collection!r} cannot be edited; the editable collections are {', '.join(EDITABLE)}"
        )
    with workspace.transaction() as session:
        authorized = authorize(session, principal, project, Action.edit_plan)
        stored = session.get_one(Project, authorized.project_id)
        row = None
        links: list[RowView] = []
        if key is not None:
            found = find_row(session, authorized.project_id, collection, key)
            if found is None:
                raise NotFoundError(f"no {collection} entry {key!r} in project {project!r}")
            row = row_view(found)
            if collection == "tasks":
                linked = session.scalars(
                    select(ProjectRow)
                    .where(
                        ProjectRow.project_id == authorized.project_id,
                        ProjectRow.collection == "dependencies",
                        ProjectRow.parent == key,
                    )
                    .order_by(ProjectRow.position)
                )
                links = [row_view(link) for link in linked]
        return EditContext(
            project=authorized.slug,
            project_name=stored.name,
            revision=stored.revision,
            row=row,
            tasks=_choices(session, authorized.project_id, "tasks"),
            resources=_choices(session, authorized.project_id, "resources"),
            links=links,
        )
