"""Edits of a project's plan, applied to the current revision, never losing an update.

An edit goes through `formats.yaml_edit.edit_project_text` (the comment-keeping editor
`steerco update` uses) on the CURRENT revision's text, so changes made since the editor's
base revision to other fields are kept. When a field the edit touches changed since its
base (a revision, or the values it was based on), nothing is written: EditConflictError
(409) carries the current values, and the conflict lands in the audit log in a
transaction of its own. Progress and baselines run `app.progress.record_progress` and
`app.baseline.save_baseline` on the revision written to a private temporary directory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from steerco.app.workspace.audit import record_audit
from steerco.app.workspace.comments import CommentView, add_comment, list_comments
from steerco.app.workspace.context import Action, Principal, Workspace
from steerco.app.workspace.entities import (
    add_entity,
    change_entity,
    created_key,
    entity_fields,
    remove_entity,
    whole_entity,
)
from steerco.app.workspace.errors import (
    EditConflictError,
    InvalidRequestError,
    NotFoundError,
    WorkspaceError,
)
from steerco.app.workspace.permissions import Authorized, require_own_task
from steerco.app.workspace.revision_files import (
    RevisionFiles,
    invalid_request,
    read_back,
    written_revision,
)
from steerco.app.workspace.revisions import (
    RevisionView,
    current_files,
    locked_project,
    sha256_of,
    write_revision,
)
from steerco.app.workspace.rows import RowView, find_row, row_view, written_row
from steerco.errors import ProjectError
from steerco.model import Project as Model
from steerco.recent import Recent
from steerco.store.tables import Project, Revision

if TYPE_CHECKING:
    from steerco.formats.yaml_entry_edit import Path

__all__ = [
    "CommentView",
    "EditResult",
    "add_comment",
    "create_entity",
    "delete_entity",
    "edit_entity",
    "list_comments",
    "record_task_progress",
    "save_project_baseline",
]


@dataclass(frozen=True)
class EditResult:
    """The revision an edit wrote and the entity as it now stands (None: it is gone)."""

    revision: RevisionView
    row: RowView | None


@dataclass(frozen=True)
class _Refusal:
    """An edit refused inside its transaction, logged after it in one of its own."""

    error: WorkspaceError
    outcome: str
    project_id: int
    revision: int
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def _plain(value: Any) -> Any:
    """A value of the YAML document as JSON data (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


_DOCUMENTS: Recent[str, Any] = Recent(8)


def _document(text: str, file_name: str, sha256: str | None = None) -> Any:
    """The plain data of a revision's text (no model, no round trip); read-only.

    The last few revisions read are kept by their SHA-256: editors that share a base
    revision have it parsed once.
    """
    from steerco.formats.yaml_source import load_yaml

    if sha256 is not None:
        kept = _DOCUMENTS.get(sha256)
        if kept is not None:
            return kept
    data, _ = load_yaml(text, file_name)
    document = data if isinstance(data, dict) else {}
    if sha256 is not None:
        _DOCUMENTS.put(sha256, document)
    return document


def _changed_since(
    session: Session,
    project: Project,
    current: Revision,
    base_revision: int,
    where: Callable[[Any], dict[str, Any]],
) -> bool:
    """Whether the values `where` reads from a document differ between the base and now."""
    if base_revision > current.number or base_revision < 1:
        raise InvalidRequestError(
            f"base_revision {base_revision} is not a revision of {project.slug!r} "
            f"(1..{current.number})"
        )
    if base_revision == current.number:
        return False
    base = current_files(session, project, base_revision)
    if base.text == current.text:
        return False
    then = where(_document(base.text, project.file_name, base.sha256))
    now = where(_document(current.text, project.file_name, current.sha256))
    return bool(_plain(then) != _plain(now))


def _current_values(row: RowView | None, fields: set[str]) -> dict[str, Any]:
    """The fields as the current revision's row shows them (what a client reads)."""
    data = row.data if row is not None else {}
    return {field: data.get(field) for field in sorted(fields)}


def _log_refusal(
    workspace: Workspace, principal: Principal, refusal: _Refusal, operation: str, target: str
) -> None:
    """Write the refused edit to the audit log in a transaction of its own."""
    with workspace.transaction() as session:
        record_audit(
            session,
            principal=principal,
            project_id=refusal.project_id,
            operation=operation,
            target=target,
            outcome=refusal.outcome,
            revision_before=refusal.revision,
            before=refusal.before,
            after=refusal.after,
        )


def _edit_text(text: str, file_name: str, mutate: Callable[[Any], None]) -> tuple[str, Model]:
    """`text` with `mutate` applied and the project it describes (validated, located)."""
    from steerco.formats.yaml_edit import edit_project_text

    try:
        return edit_project_text(text, file_name, mutate, valid=True)  # a stored revision
    except ProjectError as error:
        raise invalid_request(error, None, file_name) from None


def _changes(before: RowView | None, after: RowView | None) -> tuple[Any, Any]:
    """The fields that differ between the entity's rows, before and after (None: no entity)."""
    old = before.data if before is not None else {}
    new = after.data if after is not None else {}
    fields = sorted(f for f in set(old) | set(new) if old.get(f) != new.get(f))
    return (
        {f: old.get(f) for f in fields} if before is not None else None,
        {f: new.get(f) for f in fields} if after is not None else None,
    )


@dataclass(frozen=True)
class _State:
    """What an edit's check sees: the caller's membership, the locked project, now."""

    session: Session
    authorized: Authorized
    project: Project
    current: Revision
    row: RowView | None


Produce = Callable[[Revision, str], tuple[RevisionFiles, Model]]
"""The next revision's texts and model from the current revision and the file name."""


def _edited(mutate: Callable[[Any], None]) -> Produce:
    """Apply `mutate` to the current text; the sidecars stay as they are."""

    def produce(current: Revision, file_name: str) -> tuple[RevisionFiles, Model]:
        text, model = _edit_text(current.text, file_name, mutate)
        return RevisionFiles(text, current.baselines, current.snapshots), model

    return produce


_LISTED = ("resources", "risks", "backlog", "sprints", "stakeholders")


def _task_path(data: Any, task: str) -> Path | None:
    """Where the task `task` sits in a loaded document (depth first, as `entities` finds it)."""

    def walk(tasks: Any, path: Path) -> Path | None:
        if not isinstance(tasks, list):
            return None
        for index, entry in enumerate(tasks):
            if not isinstance(entry, dict):
                continue
            if entry.get("id") is not None and str(entry["id"]) == task:
                return (*path, index)
            found = walk(entry.get("children"), (*path, index, "children"))
            if found is not None:
                return found
        return None

    return walk(data.get("tasks"), ("tasks",)) if isinstance(data, dict) else None


def _listed_path(data: Any, collection: str, key: str) -> Path | None:
    """Where the item `key` of a top-level list sits in a loaded document."""
    items = data.get(collection) if isinstance(data, dict) else None
    for index, entry in enumerate(items if isinstance(items, list) else []):
        if isinstance(entry, dict) and entry.get("id") is not None and str(entry["id"]) == key:
            return (collection, index)
    return None


Locate = Callable[[Any], "Path | None"]
"""Where the one entry an edit changes sits in a loaded document (None: not there)."""


def _in_task(task: str, *, parent: bool = False) -> Locate:
    """The entry of task `task` (`parent`: of the summary task holding it; a top one: None)."""

    def locate(data: Any) -> Path | None:
        found = _task_path(data, task)
        if found is None or not parent:
            return found
        return found[:-2] if len(found) > 2 else None

    return locate


def _in_list(collection: str, key: str) -> Locate:
    def locate(data: Any) -> Path | None:
        return _listed_path(data, collection, key)

    return locate


def _one_entry(
    holder: str, locate: Locate, mutate: Callable[[Any], None]
) -> tuple[Locate, Callable[[Any], None]]:
    """`locate`, and `mutate` (an `entities` mutation) run on a document of that entry alone."""

    def change(entry: Any) -> None:
        mutate({holder: [entry]})

    return locate, change


def _change_in_entry(
    collection: str, key: str, mutate: Callable[[Any], None]
) -> tuple[Locate, Callable[[Any], None]] | None:
    """Where a change of `collection/key` applies: its task's entry or its list's item.

    A gate lives in its milestone's entry, a link in its successor's.
    """
    if collection in ("tasks", "gates", "dependencies"):
        task = key.partition(":")[0] if collection == "dependencies" else key
        return _one_entry("tasks", _in_task(task), mutate)
    if collection in _LISTED:
        return _one_entry(collection, _in_list(collection, key), mutate)
    return None


def _created_in_entry(
    collection: str, data: dict[str, Any], parent: str | None, mutate: Callable[[Any], None]
) -> tuple[Locate, Callable[[Any], None]] | None:
    """Where a new entity goes: a child task in its parent's entry, a link in its successor's.

    A gate goes in its milestone's entry; a top-level task or a list's new item changes a
    whole list (None: the whole-file editor).
    """
    if collection == "tasks" and parent is not None:
        return _one_entry("tasks", _in_task(parent), mutate)
    if collection == "dependencies" and data.get("successor"):
        return _one_entry("tasks", _in_task(str(data["successor"])), mutate)
    if collection == "gates" and (parent or data.get("task")):
        return _one_entry("tasks", _in_task(str(parent or data.get("task"))), mutate)
    return None


def _deleted_in_entry(
    collection: str, key: str, mutate: Callable[[Any], None]
) -> tuple[Locate, Callable[[Any], None]] | None:
    """Where a removal applies: a child task's parent's entry, a link's or a gate's task's.

    A top-level task or a list's item (the list may go with it) changes more (None).
    """
    if collection == "tasks":
        return _one_entry("tasks", _in_task(key, parent=True), mutate)
    if collection in ("gates", "dependencies"):
        return _change_in_entry(collection, key, mutate)
    return None


def _through_entry(
    mutate: Callable[[Any], None], found: tuple[Locate, Callable[[Any], None]] | None
) -> Produce:
    """`_edited(mutate)`, through the one-entry editor where the change `found` applies.

    `edit_entry_text` writes what the whole-file editor writes, byte for byte, re-reading
    only the entry; where it cannot be certain (or the edit is invalid, for its located
    error) the whole-file editor runs.
    """
    whole = _edited(mutate)

    def produce(current: Revision, file_name: str) -> tuple[RevisionFiles, Model]:
        from steerco.formats.yaml_entry_edit import edit_entry_text

        if found is not None:
            fast = edit_entry_text(current.text, file_name, *found)
            if fast is not None:
                _DOCUMENTS.put(sha256_of(fast.text), fast.data)
                files = RevisionFiles(fast.text, current.baselines, current.snapshots)
                return files, fast.project
        return whole(current, file_name)

    return produce


@dataclass(frozen=True)
class _Edit:
    """One change of a project: its audit name, target, the check and the new texts."""

    operation: str
    collection: str
    key: str
    produce: Produce
    check: Callable[[_State], _Refusal | None]
    action: Action = Action.edit_plan
    describe: Callable[[str, str, str], tuple[Any, Any]] | None = None
    """The audit's before and after from the old and new texts (default: the rows' fields)."""


_OPTIMISTIC_TRIES = 3
"""Edits computed outside the lock before the last try computes under it (see `_apply`)."""


def _write(
    session: Session,
    principal: Principal,
    row: Project,
    current: Revision,
    before: RowView | None,
    produced: tuple[RevisionFiles, Model],
    edit: _Edit,
    target: str,
) -> EditResult:
    """Write the produced revision of the locked project, its rows and its audit entry."""
    files, model = produced
    revision, entry = write_revision(
        session,
        project=row,
        principal=principal,
        files=files,
        model=model,
        operation=edit.operation,
        target=target,
        previous_sha256=current.sha256,
    )
    after = written_row(session, row.id, sha256_of(files.text), edit.collection, edit.key)
    if edit.describe is not None:
        entry.before, entry.after = edit.describe(current.text, files.text, row.file_name)
    else:
        entry.before, entry.after = _changes(before, after)
    return EditResult(revision, after)


def _apply(workspace: Workspace, principal: Principal, project: str, edit: _Edit) -> EditResult:
    """Check the edit against the current revision, apply it to the current text, write.

    On SQLite the new text is computed outside any lock (the lock is the whole database's),
    then written under it only if no revision landed meanwhile; if one did, the edit is
    checked and computed again on it. The last try holds the lock throughout, so a busy
    project still makes progress. On PostgreSQL, whose lock is the project's row alone,
    every edit is computed under it in one transaction. A refusal (a conflict, an invalid
    result) is logged after the rollback and raised.
    """
    from steerco.app.workspace.permissions import authorize

    target = f"{edit.collection}/{edit.key}"
    project_id = _PROJECT_IDS.get((workspace.url, project))
    if project_id is None:
        with workspace.transaction() as session:
            project_id = authorize(session, principal, project, edit.action).project_id
        _PROJECT_IDS.put((workspace.url, project), project_id)
    # A known project's lock is taken before authorizing (`_apply_in_turn` authorizes in
    # each transaction): one transaction less per edit.
    with workspace.edit_lock(project_id):
        return _apply_in_turn(workspace, principal, project, edit, target)


_PROJECT_IDS: Recent[tuple[str, str], int] = Recent(256)
"""The ids of projects edited lately, by workspace URL and slug: the keys of their edit locks."""


def _apply_in_turn(
    workspace: Workspace, principal: Principal, project: str, edit: _Edit, target: str
) -> EditResult:
    """`_apply` once this process's earlier edits of the project are done."""
    from steerco.app.workspace.permissions import authorize

    refusal: _Refusal | None = None
    for attempt in range(_OPTIMISTIC_TRIES):
        # PostgreSQL locks the project's row only (reads go on), so the edit is computed
        # under that lock in one transaction: half the round trips of the optimistic try.
        last = attempt == _OPTIMISTIC_TRIES - 1 or workspace.is_postgresql
        with workspace.transaction() as session:
            authorized = authorize(session, principal, project, edit.action)
            if last:
                row = locked_project(session, authorized.project_id)
            else:
                query = select(Project).where(Project.id == authorized.project_id)
                row = session.execute(query.execution_options(populate_existing=True)).scalar_one()
            current = current_files(session, row)
            stored = find_row(session, row.id, edit.collection, edit.key)
            before = row_view(stored) if stored is not None else None
            refusal = edit.check(_State(session, authorized, row, current, before))
            produced: tuple[RevisionFiles, Model] | None = None
            if refusal is None and last:
                try:
                    produced = edit.produce(current, row.file_name)
                except InvalidRequestError as error:
                    refusal = _Refusal(error, "refused", row.id, current.number)
                else:
                    return _write(session, principal, row, current, before, produced, edit, target)
        if refusal is not None:
            break
        try:
            produced = edit.produce(current, row.file_name)
        except InvalidRequestError as error:
            refusal = _Refusal(error, "refused", row.id, current.number)
            break
        with workspace.transaction() as session:
            authorize(session, principal, project, edit.action)
            locked = locked_project(session, row.id)
            if locked.revision == current.number:
                return _write(session, principal, locked, current, before, produced, edit, target)
    assert refusal is not None
    _log_refusal(workspace, principal, refusal, edit.operation, target)
    raise refusal.error


def _exists(collection: str, key: str) -> Callable[[_State], _Refusal | None]:
    """Refuse (404) an edit of an entity the current revision does not hold."""

    def check(state: _State) -> _Refusal | None:
        if state.row is None:
            raise NotFoundError(f"no {collection} entry {key!r} in project {state.project.slug!r}")
        return None

    return check


def _conflict(state: _State, message: str, current: dict[str, Any], asked: Any) -> _Refusal:
    """A 409 with the current values, and what the refused edit asked for (for the audit)."""
    number = state.current.number
    error = EditConflictError(message, detail={"current": current, "revision": number})
    return _Refusal(error, "conflict", state.project.id, number, current, asked)


def _conflict_check(
    collection: str,
    key: str,
    changes: dict[str, Any],
    base_revision: int | None,
    based_on: dict[str, Any] | None,
) -> Callable[[_State], _Refusal | None]:
    """The no-lost-update rule for the fields of one entity (see `edit_entity`)."""
    fields = set(changes)

    def check(state: _State) -> _Refusal | None:
        _exists(collection, key)(state)
        assert state.row is not None
        data = state.row.data
        stale = based_on is not None and any(
            _plain(data.get(field)) != _plain(value) for field, value in based_on.items()
        )
        if not stale and base_revision is not None:
            stale = _changed_since(
                state.session,
                state.project,
                state.current,
                base_revision,
                lambda document: entity_fields(document, collection, key, fields),
            )
        if not stale:
            return None
        touched = fields | set(based_on or {})
        message = (
            f"{collection}/{key} changed since your edit's base ({', '.join(sorted(touched))}); "
            f"revision {state.current.number} has the current values: re-read and edit again"
        )
        asked = {"changes": changes, "based_on": based_on, "base_revision": base_revision}
        return _conflict(state, message, _current_values(state.row, touched), _plain(asked))

    return check


def edit_entity(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    collection: str,
    key: str,
    changes: dict[str, Any],
    base_revision: int | None = None,
    based_on: dict[str, Any] | None = None,
) -> EditResult:
    """Change fields of one entity (edit_plan); None as a value removes the field.

    No lost updates: when a field of `changes` differs between `base_revision` and the
    current revision, or a field of `based_on` no longer has that value (as the row shows
    it), EditConflictError (409) carries the current values and nothing is written.
    Otherwise the change applies to the current text: other fields' changes since stay.
    """
    if not changes:
        raise InvalidRequestError("say what to change: `changes` is empty")
    mutate = change_entity(collection, key, changes)
    edit = _Edit(
        "edit",
        collection,
        key,
        _through_entry(mutate, _change_in_entry(collection, key, mutate)),
        _conflict_check(collection, key, changes, base_revision, based_on),
    )
    return _apply(workspace, principal, project, edit)


def _absent(collection: str, key: str) -> Callable[[_State], _Refusal | None]:
    """Refuse (422) creating an entity whose key the current revision already holds."""

    def check(state: _State) -> _Refusal | None:
        if state.row is not None:
            raise InvalidRequestError(f"{collection} already has {key!r}: edit it instead")
        return None

    return check


def create_entity(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    collection: str,
    data: dict[str, Any],
    parent: str | None = None,
) -> EditResult:
    """Add an entity (edit_plan): a task at the top or under `parent`, a link, a risk...

    A dependency is `{successor, predecessor, type?, lag?, lag_percent?}`; a gate
    `{task, ...the gate's keys}`; every other entity its keys as the project file writes them.
    """
    key = created_key(collection, data, parent)
    mutate = add_entity(collection, data, parent)
    produce = _through_entry(mutate, _created_in_entry(collection, data, parent, mutate))
    edit = _Edit("create", collection, key, produce, _absent(collection, key))
    return _apply(workspace, principal, project, edit)


def delete_entity(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    collection: str,
    key: str,
    base_revision: int | None = None,
) -> RevisionView:
    """Remove an entity (edit_plan); 409 when it changed since `base_revision`.

    What still refers to it (a link, a risk's task) makes the result invalid: remove
    those first.
    """

    def check(state: _State) -> _Refusal | None:
        _exists(collection, key)(state)
        assert state.row is not None
        if base_revision is None or not _changed_since(
            state.session,
            state.project,
            state.current,
            base_revision,
            lambda document: {"entity": whole_entity(document, collection, key)},
        ):
            return None
        message = f"{collection}/{key} changed since revision {base_revision}; re-read it"
        return _conflict(state, message, state.row.data, {"base_revision": base_revision})

    mutate = remove_entity(collection, key)
    produce = _through_entry(mutate, _deleted_in_entry(collection, key, mutate))
    edit = _Edit("delete", collection, key, produce, check)
    return _apply(workspace, principal, project, edit).revision


def _progress_entry(text: str, file_name: str, task: str) -> Any:
    """The task's entry under `progress.tasks` as written in `text` (None: none yet)."""
    progress = _document(text, file_name).get("progress")
    tasks = progress.get("tasks") if isinstance(progress, dict) else None
    return _plain(tasks.get(task)) if isinstance(tasks, dict) else None


def _recorded(task: str, options: dict[str, Any]) -> Produce:
    """Run `app.progress.record_progress` on the revision's files; read the texts back."""

    def produce(current: Revision, file_name: str) -> tuple[RevisionFiles, Model]:
        from steerco.app.progress import record_progress
        from steerco.formats.project_yaml import parse_project_yaml

        files = RevisionFiles(current.text, current.baselines, current.snapshots)
        with written_revision(files, file_name) as path:
            try:
                record_progress(path=path, task=task, **options)
            except ProjectError as error:
                raise invalid_request(error, path, file_name) from None
            written = read_back(path)
        return written, parse_project_yaml(written.text, file_name)

    return produce


def record_task_progress(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    task: str,
    done: bool = False,
    percent: float | None = None,
    remaining: str | None = None,
    cost: float | None = None,
    start: dt.date | None = None,
    date: dt.date | None = None,
    base_revision: int | None = None,
    force: bool = False,
) -> EditResult:
    """Record what happened to a task, as `steerco update` does (update_own_progress).

    A member may record only tasks that demand their membership's `resource`; managers
    and owners any task. `base_revision`: 409 when the task's progress changed since.
    `force`: a status date after the plan's finish is right (`steerco update --force`).
    The snapshot sidecar is updated as the CLI updates it.
    """
    options = {
        "done": done,
        "percent": percent,
        "remaining": remaining,
        "cost": cost,
        "start": start,
        "date": date,
        "force": force,
    }

    def check(state: _State) -> _Refusal | None:
        _exists("tasks", task)(state)
        require_own_task(
            state.authorized, principal, task, state.row.data if state.row is not None else {}
        )
        if base_revision is None or not _changed_since(
            state.session,
            state.project,
            state.current,
            base_revision,
            lambda document: {"progress": _entry_in(document, task)},
        ):
            return None
        now = _progress_entry(state.current.text, state.project.file_name, task)
        message = f"the progress of task {task!r} changed since revision {base_revision}"
        return _conflict(state, message, {"progress": now}, _plain(options))

    def describe(old: str, new: str, file_name: str) -> tuple[Any, Any]:
        return (
            {"progress": _progress_entry(old, file_name, task)},
            {"progress": _progress_entry(new, file_name, task)},
        )

    edit = _Edit(
        "progress",
        "tasks",
        task,
        _recorded(task, options),
        check,
        Action.update_own_progress,
        describe,
    )
    return _apply(workspace, principal, project, edit)


def _entry_in(document: Any, task: str) -> Any:
    progress = document.get("progress")
    tasks = progress.get("tasks") if isinstance(progress, dict) else None
    return tasks.get(task) if isinstance(tasks, dict) else None


def _baselined(name: str, saved: dt.date, force: bool = False) -> Produce:
    """Run `app.baseline.save_baseline` on the revision's files; read the texts back."""

    def produce(current: Revision, file_name: str) -> tuple[RevisionFiles, Model]:
        from steerco.app.baseline import save_baseline
        from steerco.formats.project_yaml import parse_project_yaml
        from steerco.schedule.planner import Unscheduled

        files = RevisionFiles(current.text, current.baselines, current.snapshots)
        with written_revision(files, file_name) as path:
            try:
                result = save_baseline(path=path, name=name, saved=saved, force=force)
            except ProjectError as error:
                raise invalid_request(error, path, file_name) from None
            if isinstance(result, Unscheduled):
                raise InvalidRequestError(f"no feasible plan to save as a baseline: {result}")
            written = read_back(path)
        return written, parse_project_yaml(written.text, file_name)

    return produce


def save_project_baseline(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    name: str | None = None,
    force: bool = False,
) -> RevisionView:
    """Freeze the current plan as baseline `name` (default `baseline`), as `steerco baseline`.

    The baselines sidecar of the new revision holds it (edit_plan); a name already saved
    is refused (`baseline_exists`) unless `force` (`steerco baseline --force`) replaces it.
    """
    chosen = name or "baseline"

    def describe(_old: str, _new: str, _file_name: str) -> tuple[Any, Any]:
        return None, {"baseline": chosen}

    edit = _Edit(
        "baseline",
        "baselines",
        chosen,
        _baselined(chosen, dt.date.today(), force),
        lambda _state: None,
        describe=describe,
    )
    return _apply(workspace, principal, project, edit).revision
