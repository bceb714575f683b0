"""The rows of a validated project model, derived again only for the entities that changed.

Each row's name and JSON data come from a few model objects (a task and its parent's id,
a link and its successor's id, a resource...). Models are frozen, and an edit through the
one-entry editor (`formats.yaml_entry_edit`) keeps every entity it did not touch as the
same object, so a row whose objects are those the previous revision's row came from has
the same name and data: it is taken over, and only the changed entities are dumped again.
Positions and parents are worked out afresh for every row (they are cheap).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from steerco.model import Project

if TYPE_CHECKING:
    from steerco.model.progress import TaskProgress
    from steerco.model.task import Dependency, Task

__all__ = ["Derivation", "RowView", "derive", "derive_rows"]

Key = tuple[str, str]
"""A row's collection and key."""
Shown = tuple[str, dict[str, Any]]
"""A row's name and JSON data."""


@dataclass(frozen=True)
class RowView:
    """One entity of a revision: its collection, key, order, parent, name and JSON form."""

    collection: str
    key: str
    position: int
    parent: str | None
    name: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Derivation:
    """A project's rows by collection and key, with the objects each row came from."""

    rows: dict[Key, RowView]
    origins: dict[Key, tuple[object, ...]]


def _identical(before: tuple[object, ...], origin: tuple[object, ...]) -> bool:
    """The very same objects (ids as equal text): a frozen model's row cannot have changed."""
    for a, b in zip(before, origin, strict=True):
        if a is not b and not (type(a) is str and a == b):
            return False
    return True


def _task_shown(task: Task, parent: str | None) -> Shown:
    data = task.model_dump(mode="json", exclude={"children"})
    data["kind"] = task.kind
    data["parent"] = parent
    data["children"] = [child.id for child in task.children]
    return task.name, data


def _link_shown(link: Dependency, successor: str) -> Shown:
    return "", {"successor": successor, "predecessor": link.task, **link.model_dump(mode="json")}


def _gate_shown(task: Task) -> Shown:
    assert task.gate is not None
    return task.name, {"task": task.id, **task.gate.model_dump(mode="json")}


def _milestone_shown(task: Task, progress: TaskProgress | None) -> Shown:
    """Milestones as a client may see them: name, deadline and when reached, nothing more."""
    reached = progress.actual_finish if progress is not None else None
    return task.name, {
        "id": task.id,
        "name": task.name,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "reached": reached.isoformat() if reached else None,
    }


def _listed_shown(entity: Any, title: str) -> Shown:
    return str(getattr(entity, title, "") or ""), entity.model_dump(mode="json")


def _placed(project: Project) -> list[tuple[Task, str | None]]:
    """Every task of the WBS in file order (depth first), with its parent's id."""
    placed: list[tuple[Task, str | None]] = []

    def walk(tasks: tuple[Task, ...], parent: str | None) -> None:
        for task in tasks:
            placed.append((task, parent))
            if task.children:
                walk(task.children, task.id)

    walk(project.tasks, None)
    return placed


class _Deriver:
    """Rows in collection order, each taken over from `previous` where its objects are."""

    def __init__(self, previous: Derivation | None) -> None:
        self.rows: dict[Key, RowView] = {}
        self.origins: dict[Key, tuple[object, ...]] = {}
        self.old_rows = previous.rows if previous is not None else {}
        self.old_origins = previous.origins if previous is not None else {}

    def add(
        self,
        collection: str,
        key: str,
        position: int,
        parent: str | None,
        origin: tuple[Any, ...],
        shown: Callable[..., Shown],
    ) -> None:
        at = (collection, key)
        old = self.old_rows.get(at)
        before = self.old_origins.get(at)
        if old is None or before is None:
            same = False
        elif _identical(before, origin):
            # the kept tuple: an edit adds no long-lived objects for the rows it leaves alone
            same, origin = True, before
        else:
            # equal objects show the same; the new ones are kept, as the next edit's
            # entities will be those objects
            same = before == origin
        if same and old is not None:
            if old.position != position or old.parent != parent:
                old = RowView(collection, key, position, parent, old.name, old.data)
            self.rows[at] = old
        else:
            name, data = shown(*origin)
            self.rows[at] = RowView(collection, key, position, parent, name, data)
        self.origins[at] = origin

    def kept(self, at: Key, position: int, entity: object, parent: str | None) -> bool:
        """Take over the row at `at` if it came from `entity` under `parent`, in place.

        The common case of `add` for the thousands of tasks and links an edit leaves
        alone, without building their origin (`(entity, parent)`).
        """
        before = self.old_origins.get(at)
        if before is None or before[0] is not entity or before[1] != parent:
            return False
        old = self.old_rows[at]
        if old.position != position:
            return False
        self.rows[at] = old
        self.origins[at] = before
        return True

    def listed(self, collection: str, entities: tuple[Any, ...], title: str) -> None:
        """Rows of a top-level list of entities with an `id` (resources, risks, backlog...)."""
        for position, entity in enumerate(entities):
            self.add(collection, entity.id, position, None, (entity, title), _listed_shown)


def derive(project: Project, previous: Derivation | None = None) -> Derivation:
    """Every row of `project`; a row of `previous` whose objects are unchanged is taken over.

    Tasks in WBS order with their parent's id; links keyed `SUCCESSOR:PREDECESSOR` in file
    order; then resources, risks, gates (keyed by their milestone), backlog, sprints,
    stakeholders and milestones.
    """
    out = _Deriver(previous)
    placed = _placed(project)
    for position, (task, parent) in enumerate(placed):
        if not out.kept(("tasks", task.id), position, task, parent):
            out.add("tasks", task.id, position, parent, (task, parent), _task_shown)
    position = 0
    for task, _ in placed:
        for link in task.after:
            key = f"{task.id}:{link.task}"
            if not out.kept(("dependencies", key), position, link, task.id):
                out.add("dependencies", key, position, task.id, (link, task.id), _link_shown)
            position += 1
    out.listed("resources", project.resources, "name")
    out.listed("risks", project.risks, "title")
    gated = [(task, parent) for task, parent in placed if task.gate is not None]
    for position, (task, parent) in enumerate(gated):
        out.add("gates", task.id, position, parent, (task,), _gate_shown)
    out.listed("backlog", project.backlog, "title")
    out.listed("sprints", project.sprints, "name")
    out.listed("stakeholders", project.stakeholders, "name")
    milestones = [(task, parent) for task, parent in placed if task.milestone]
    for position, (task, parent) in enumerate(milestones):
        origin = (task, project.progress.of(task.id))
        out.add("milestones", task.id, position, parent, origin, _milestone_shown)
    return Derivation(out.rows, out.origins)


def derive_rows(project: Project) -> list[RowView]:
    """Every row of every collection the validated `project` holds."""
    return list(derive(project).rows.values())
