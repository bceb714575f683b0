"""Which status each work item was in on each day: the board replayed from the items.

An item's **timeline** is the day it came onto the board, the status it came in with, and
its moves (day, status), oldest first; on a day it is in the status of its last move on or
before that day, else, from the day it came onto the board, in the status it came in with,
and before that day it is not on the board. The timeline is read as follows:

- An item with a `history`: its changes are its moves. It comes onto the board on its
  `created` day in the workflow's initial status (`Workflow.initial`), or, with no
  `created` day (or a later one), on its first change. When the item is done
  (`items.done_on`) on a day after its last change, and that change was not into a done
  status, it also moves into its written status on its done day.
- An item without a history is placed by its category (`items.category`): a to-do item is
  in its status from its `created` day; an in-progress item is in the initial status from
  `created` and in its status from its `started` day; a done item is in the initial status
  from `created`, in the workflow's first in-progress status from its start
  (`items.started_on`, when before its done day) and in its status from its done day. With
  no `created` day it comes onto the board on its first move; an item with no day at all
  (not `created`, `started` nor `done`) is in its status on every day.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from steerco.agile.items import category, done_on, started_on
from steerco.model.agile import Workflow, WorkItem

__all__ = ["Timeline", "days_of", "status_on", "statuses_over", "stretches", "timeline"]


@dataclass(frozen=True)
class Timeline:
    """An item on the board: from `since` (None: always) in `first`, then its `moves`."""

    item: WorkItem
    since: dt.date | None
    first: str
    moves: tuple[tuple[dt.date, str], ...]


def _name(workflow: Workflow, name: str | None) -> str:
    """The workflow's own spelling of a status (None: the initial status)."""
    if name is None:
        return workflow.initial().name
    status = workflow.status(name)
    return name if status is None else status.name


def _written(item: WorkItem, workflow: Workflow) -> str:
    """The item's status as written, else the first of its category (else the initial one)."""
    if item.status is not None:
        return _name(workflow, item.status)
    wanted = category(item, workflow)
    found = (s.name for s in workflow.statuses if s.category == wanted)
    return next(found, workflow.initial().name)


def _from_history(item: WorkItem, workflow: Workflow) -> Timeline:
    moves = [(change.date, _name(workflow, change.status)) for change in item.history]
    last_day, last_status = moves[-1]
    day = done_on(item, workflow)
    if day is not None and day > last_day and workflow.category_of(last_status) != "done":
        moves.append((day, _written(item, workflow)))
    since = moves[0][0] if item.created is None else min(item.created, moves[0][0])
    return Timeline(item, since, workflow.initial().name, tuple(moves))


def _by_category(item: WorkItem, workflow: Workflow) -> Timeline:
    written = _written(item, workflow)
    kind = category(item, workflow)
    start, done = started_on(item, workflow), done_on(item, workflow)
    moves: list[tuple[dt.date, str]] = []
    if kind == "in_progress" and start is not None:
        moves.append((start, written))
    if kind == "done" and done is not None:
        working = next((s.name for s in workflow.statuses if s.category == "in_progress"), None)
        if start is not None and start < done and working is not None:
            moves.append((start, working))
        moves.append((done, written))
    since = item.created if item.created is not None else (moves[0][0] if moves else None)
    first = workflow.initial().name if moves else written
    return Timeline(item, since, first, tuple(moves))


def timeline(item: WorkItem, workflow: Workflow) -> Timeline:
    """The item's days on the board, read as the module's docstring says."""
    return _from_history(item, workflow) if item.history else _by_category(item, workflow)


def status_on(line: Timeline, day: dt.date) -> str | None:
    """The status the item was in on `day`, or None when it was not yet on the board."""
    if line.since is not None and day < line.since:
        return None
    k = bisect_right([d for d, _ in line.moves], day)
    return line.moves[k - 1][1] if k else line.first


def statuses_over(line: Timeline, days: Sequence[dt.date]) -> list[str | None]:
    """The item's status on each of `days` (in increasing order), in one pass over its moves."""
    out: list[str | None] = []
    k, current = 0, line.first
    for day in days:
        while k < len(line.moves) and line.moves[k][0] <= day:
            current = line.moves[k][1]
            k += 1
        out.append(None if line.since is not None and day < line.since else current)
    return out


def stretches(line: Timeline, start: dt.date, end: dt.date) -> list[tuple[int, int, str]]:
    """Each run of days the item spent in one status within `start`..`end`.

    As (first, last, status), the days counted from `start` (0) and both included; the same
    statuses as `status_on` on every day, in one pass over the moves.
    """
    if line.since is not None and line.since > end:
        return []
    begin = start if line.since is None else max(start, line.since)
    earlier = [status for day, status in line.moves if day <= begin]
    points = [(begin, earlier[-1] if earlier else line.first)]
    points += [(day, status) for day, status in line.moves if begin < day <= end]
    last = (end - start).days
    out = []
    for k, (day, status) in enumerate(points):
        stop = last if k + 1 == len(points) else (points[k + 1][0] - start).days - 1
        out.append(((day - start).days, stop, status))
    return [run for run in out if run[0] <= run[1]]


def days_of(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day from `start` through `end`, both included."""
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
