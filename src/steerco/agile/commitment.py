"""What a sprint committed to at its start, and what it held on each day after.

A sprint's scope changes (`scope_changes`, each dated within the sprint) are changes after
its start. So the commitment is the items planned in it (`sprints.in_sprint`) less those a
scope change added, plus those a scope change removed: an item's first change says where it
stood at the start (first `added`: not in the sprint; first `removed`: in it). On day d the
sprint holds an item when its last change on or before d is `added`, or, with no change by
then, when it was committed. Only work items count (no epics, no sub-tasks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from steerco.agile.items import is_work
from steerco.agile.sprints import in_sprint
from steerco.model.agile import ScopeChange, Sprint, WorkItem

__all__ = ["SprintScope", "sprint_scope"]


@dataclass(frozen=True)
class SprintScope:
    """The sprint's items: every one it ever held, and its scope changes per item."""

    sprint: Sprint
    items: tuple[WorkItem, ...]
    """Every work item the sprint held at some point, in file order."""
    committed_ids: frozenset[str]
    changes: dict[str, tuple[ScopeChange, ...]]
    """Item id -> its scope changes, oldest first (stable on the same day)."""

    def committed(self) -> list[WorkItem]:
        """The items in the sprint at its start, in file order."""
        return [item for item in self.items if item.id in self.committed_ids]

    def holds(self, item: WorkItem, day: dt.date) -> bool:
        """Whether the sprint holds the item at the end of `day`."""
        last = [c for c in self.changes.get(item.id, ()) if c.date <= day]
        if last:
            return last[-1].change == "added"
        return item.id in self.committed_ids

    def held(self, day: dt.date) -> list[WorkItem]:
        """The items the sprint holds at the end of `day`, in file order."""
        return [item for item in self.items if self.holds(item, day)]

    def changed_on(self, day: dt.date) -> list[tuple[WorkItem, ScopeChange]]:
        """The scope changes dated `day`, with their items, in file order of the items."""
        return [
            (item, change)
            for item in self.items
            for change in self.changes.get(item.id, ())
            if change.date == day
        ]


def sprint_scope(backlog: Sequence[WorkItem], sprint: Sprint) -> SprintScope:
    """Read the sprint's commitment and scope changes against the backlog."""
    changes: dict[str, list[ScopeChange]] = {}
    for change in sorted(sprint.scope_changes, key=lambda c: c.date):
        changes.setdefault(change.item, []).append(change)
    planned = {item.id for item in in_sprint(backlog, sprint)}
    items = tuple(
        item for item in backlog if is_work(item) and (item.id in planned or item.id in changes)
    )
    committed: set[str] = set()
    for item in items:
        mine = changes.get(item.id)
        if (mine[0].change == "removed") if mine else item.id in planned:
            committed.add(item.id)
    return SprintScope(
        sprint=sprint,
        items=items,
        committed_ids=frozenset(committed),
        changes={k: tuple(v) for k, v in changes.items()},
    )
