"""Rows derived from a project revision's validated model, kept for queries.

Each collection the API serves (tasks, dependencies, resources, risks, gates, backlog,
sprints, stakeholders, milestones) gets one `ProjectRow` per entity, replaced in the same
transaction as each new revision, so the rows always describe the current revision.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError
from steerco.app.workspace.pages import Page
from steerco.app.workspace.row_derivation import Derivation, RowView, derive, derive_rows
from steerco.model import Project
from steerco.recent import Recent
from steerco.store.tables import ProjectRow

__all__ = [
    "COLLECTIONS",
    "RowView",
    "check_page",
    "derive_rows",
    "find_row",
    "get_row",
    "list_rows",
    "replace_rows",
    "row_view",
    "written_row",
]

COLLECTIONS = (
    "tasks",
    "dependencies",
    "resources",
    "risks",
    "gates",
    "backlog",
    "sprints",
    "stakeholders",
    "milestones",
)
"""The collections of a project the API lists; a client reads `milestones` only."""
CLIENT_COLLECTIONS = frozenset({"milestones"})


_DERIVED: Recent[str, Derivation] = Recent(8)
"""The rows derived from the last few revisions, by their text's SHA-256."""


def _derived(sha256: str | None) -> Derivation | None:
    """The rows derived from the revision whose text has this SHA-256, if derived lately."""
    return None if sha256 is None else _DERIVED.get(sha256)


def _shown(row: RowView) -> tuple[Any, ...]:
    return (row.position, row.parent, row.name, row.data)


def replace_rows(
    session: Session,
    project_id: int,
    project: Project,
    *,
    sha256: str | None = None,
    previous_sha256: str | None = None,
) -> int:
    """Make the project's rows those derived from `project`; how many rows changed.

    Only what differs is written: rows of removed entities are deleted, changed ones
    updated, new ones inserted (an edit of one task of 1,000 writes one row).
    `sha256`: the new revision text's, and `previous_sha256` the current one's: the rows
    derived from a revision are kept in process by its text's SHA-256 (they depend on the
    text alone), so an edit of the revision derived last compares the two derivations in
    memory instead of reading every stored row back, and derives again only the rows of
    the entities the edit changed (`row_derivation.derive`).
    """
    before = _derived(previous_sha256)
    wanted = _derived(sha256)
    if wanted is None:
        wanted = derive(project, before)
        if sha256 is not None:
            _DERIVED.put(sha256, wanted)
    if before is not None:
        return _write_changes(session, project_id, before.rows, wanted.rows)
    return _replace_stored(session, project_id, dict(wanted.rows))


def _write_changes(
    session: Session,
    project_id: int,
    before: dict[tuple[str, str], RowView],
    wanted: dict[tuple[str, str], RowView],
) -> int:
    """Write what differs between the rows stored (`before`) and `wanted`, by their keys."""
    table = cast(Table, ProjectRow.__table__)
    gone = [key for key in before if key not in wanted]
    changed = [
        row
        for key, row in wanted.items()
        if (old := before.get(key)) is not None and old is not row and _shown(old) != _shown(row)
    ]
    added = [row for key, row in wanted.items() if key not in before]
    same_row = (
        table.c.project_id == project_id,
        table.c.collection == bindparam("b_collection"),
        table.c.key == bindparam("b_key"),
    )
    if gone:
        session.execute(
            delete(table).where(*same_row),
            _one_or_many([{"b_collection": collection, "b_key": key} for collection, key in gone]),
        )
    if changed:
        session.execute(
            update(table)
            .where(*same_row)
            .values(
                position=bindparam("b_position"),
                parent=bindparam("b_parent"),
                name=bindparam("b_name"),
                data=bindparam("b_data", type_=table.c.data.type),
            ),
            _one_or_many(
                [
                    {
                        "b_collection": row.collection,
                        "b_key": row.key,
                        "b_position": row.position,
                        "b_parent": row.parent,
                        "b_name": row.name,
                        "b_data": row.data,
                    }
                    for row in changed
                ]
            ),
        )
    if added:
        session.execute(insert(ProjectRow), [_inserted(project_id, row) for row in added])
    return len(gone) + len(changed) + len(added)


def _one_or_many(params: list[dict[str, Any]]) -> dict[str, Any] | list[dict[str, Any]]:
    """One row's parameters as one execution (the usual edit), several as an executemany.

    An executemany of one row costs PostgreSQL's driver a pipeline and its sync.
    """
    return params[0] if len(params) == 1 else params


def _inserted(project_id: int, row: RowView) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "collection": row.collection,
        "key": row.key,
        "position": row.position,
        "parent": row.parent,
        "name": row.name,
        "data": row.data,
    }


def _replace_stored(
    session: Session, project_id: int, wanted: dict[tuple[str, str], RowView]
) -> int:
    """`replace_rows` against the rows as stored: every one read back and compared."""
    stored = session.execute(
        select(
            ProjectRow.id,
            ProjectRow.collection,
            ProjectRow.key,
            ProjectRow.position,
            ProjectRow.parent,
            ProjectRow.name,
            ProjectRow.data,
        ).where(ProjectRow.project_id == project_id)
    ).all()
    gone: list[int] = []
    changed: list[dict[str, Any]] = []
    for row_id, collection, key, position, parent, name, data in stored:
        row = wanted.pop((collection, key), None)
        if row is None:
            gone.append(row_id)
        elif (row.position, row.parent, row.name, row.data) != (position, parent, name, data):
            changed.append(
                {
                    "id": row_id,
                    "position": row.position,
                    "parent": row.parent,
                    "name": row.name,
                    "data": row.data,
                }
            )
    if gone:
        session.execute(delete(ProjectRow).where(ProjectRow.id.in_(gone)))
    if changed:
        session.execute(update(ProjectRow), changed)
    if wanted:
        session.execute(insert(ProjectRow), [_inserted(project_id, row) for row in wanted.values()])
    return len(gone) + len(changed) + len(wanted)


def written_row(
    session: Session, project_id: int, sha256: str, collection: str, key: str
) -> RowView | None:
    """The row `replace_rows` just wrote for `key` (None: the entity is gone).

    From the rows derived from the revision whose text has this SHA-256 where they are
    kept (what was written, without reading it back), else read from the database.
    """
    derived = _derived(sha256)
    if derived is None:
        stored = find_row(session, project_id, collection, key)
        return row_view(stored) if stored is not None else None
    row = derived.rows.get((collection, key))
    return row_view(row) if row is not None else None


def row_view(row: ProjectRow | RowView) -> RowView:
    """The view of a stored row, or of one derived to be stored."""
    return RowView(row.collection, row.key, row.position, row.parent, row.name, dict(row.data))


def _check_collection(collection: str) -> None:
    if collection not in COLLECTIONS:
        message = f"no collection {collection!r}; the collections are {', '.join(COLLECTIONS)}"
        raise NotFoundError(message)


def _readable(session: Session, principal: Principal, project: str, collection: str) -> int:
    """The project's id once the principal may read `collection` (a client: milestones only)."""
    from steerco.app.workspace.permissions import authorize

    _check_collection(collection)
    if collection in CLIENT_COLLECTIONS:
        return authorize(session, principal, project, Action.read_client).project_id
    return authorize(session, principal, project, Action.read_plan).project_id


def _matches(row: ProjectRow, filters: dict[str, str]) -> bool:
    """Whether every filter holds: `name` contains it (any case), another field equals it.

    `parent`, `key` or a data field is compared as text, a number as a number (`cost=0`
    finds 0.0). A list field (`tags`) matches when one of its items does, an item that is
    an object by the id it names (`after=data` finds `{task: data, type: SS}`); true and
    false are written in lower case, a missing value as `null`.
    """
    for field, wanted in filters.items():
        if field == "name":
            if wanted.casefold() not in row.name.casefold():
                return False
            continue
        if field in ("parent", "key"):
            value: Any = getattr(row, field)
        else:
            value = row.data.get(field)
        values = value if isinstance(value, list) else [value]
        if not any(_equal(v, wanted) for v in values):
            return False
    return True


_NAMING = ("task", "id", "resource", "skill", "role", "item")
"""The keys by which an object in a list names what it refers to (`after`, `demands`)."""


def _equal(value: Any, wanted: str) -> bool:
    """Whether a stored value is what a filter's text says."""
    if isinstance(value, dict):
        return any(_equal(value[key], wanted) for key in _NAMING if key in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return float(wanted) == float(value)
        except ValueError:
            return False
    return _as_text(value) == wanted


def _as_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def check_page(offset: int, limit: int) -> None:
    """Refuse an offset below 0 or a limit outside 1..1000 (InvalidRequestError)."""
    if offset < 0 or not 1 <= limit <= 1000:
        raise InvalidRequestError("offset is 0 or more; limit is 1 to 1000")


def list_rows(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    collection: str,
    filters: dict[str, str] | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[RowView]:
    """A page of one collection of the current revision, in file order, optionally filtered."""
    check_page(offset, limit)
    with workspace.transaction() as session:
        project_id = _readable(session, principal, project, collection)
        where = (ProjectRow.project_id == project_id, ProjectRow.collection == collection)
        ordered = select(ProjectRow).where(*where).order_by(ProjectRow.position)
        if not filters:
            total = session.scalar(select(func.count()).select_from(ProjectRow).where(*where))
            rows = session.scalars(ordered.offset(offset).limit(limit)).all()
            return Page([row_view(r) for r in rows], int(total or 0), offset, limit)
        matching = [r for r in session.scalars(ordered) if _matches(r, filters)]
        page = matching[offset : offset + limit]
        return Page([row_view(r) for r in page], len(matching), offset, limit)


def get_row(
    *, workspace: Workspace, principal: Principal, project: str, collection: str, key: str
) -> RowView:
    """One entity of the current revision by its key (NotFoundError when there is none)."""
    with workspace.transaction() as session:
        project_id = _readable(session, principal, project, collection)
        row = find_row(session, project_id, collection, key)
        if row is None:
            raise NotFoundError(f"no {collection} entry {key!r} in project {project!r}")
        return row_view(row)


def find_row(session: Session, project_id: int, collection: str, key: str) -> ProjectRow | None:
    """The stored row of `key` in `collection`, if the current revision has one."""
    return session.scalar(
        select(ProjectRow)
        .where(
            ProjectRow.project_id == project_id,
            ProjectRow.collection == collection,
            ProjectRow.key == key,
        )
        .execution_options(populate_existing=True)  # as written in this transaction
    )
