"""The project page's Gantt: the WBS rows to show, their bars and the time scale, as data.

Pure functions of the revision's task rows, the schedule job's JSON object and the
baseline's dates. A plan of any size stays usable: summaries are collapsed below the
first WBS levels unless opened, and only the rows under open summaries are returned.
Bars are placed in pixels on a scale of `ZOOMS[zoom]` pixels per calendar day, and a
long list of visible rows comes in pages of `PAGE_ROWS`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from steerco.app.workspace.rows import RowView
from steerco.app.workspace.timestamps import day_or_none

__all__ = [
    "DEFAULT_LEVEL",
    "PAGE_ROWS",
    "ZOOMS",
    "GanttChart",
    "GanttRow",
    "GanttTick",
    "default_open",
    "gantt_chart",
    "toggled",
]

ZOOMS: Final = {"day": 24.0, "week": 8.0, "month": 2.5}
"""Pixels per calendar day at each zoom."""
DEFAULT_LEVEL: Final = 1
"""Rows down to this WBS level (0: top) show at first: deeper summaries start collapsed."""
PAGE_ROWS: Final = 250
"""Rows placed on one page of the chart; the rest are a link away."""
_PAD_DAYS: Final = 3


@dataclass(frozen=True)
class GanttRow:
    """One visible row: a task, summary or milestone, its dates and its bars in pixels.

    `x`/`width` place the plan bar (a milestone: its day), `base_x`/`base_width` the
    baseline bar (None without a baseline); `hidden` counts the tasks under a closed summary.
    """

    id: str
    name: str
    kind: str
    level: int
    parent: str | None
    is_summary: bool
    is_open: bool
    hidden: int
    start: dt.date | None
    finish: dt.date | None
    critical: bool
    total_float: int | None
    assignees: tuple[str, ...]
    baseline_start: dt.date | None
    baseline_finish: dt.date | None
    x: float | None
    width: float | None
    base_x: float | None
    base_width: float | None


@dataclass(frozen=True)
class GanttTick:
    """A labelled mark of the time scale, `x` pixels from its start."""

    x: float
    label: str


@dataclass(frozen=True)
class GanttChart:
    """The rows to show and the time scale: from `first` to `last`, `width` pixels wide.

    `rows` are `limit` of the `visible` rows (those under open summaries) from `offset`;
    `total` counts every task of the plan.
    """

    rows: tuple[GanttRow, ...]
    total: int
    visible: int
    offset: int
    limit: int
    zoom: str
    first: dt.date | None
    last: dt.date | None
    width: float
    ticks: tuple[GanttTick, ...]
    today: dt.date
    today_x: float | None
    opened: frozenset[str]
    summaries: int
    critical: int
    has_baseline: bool


def _levels(tasks: Sequence[RowView]) -> dict[str, int]:
    """Each task's WBS depth (0: top), from its parent's (rows come parents first)."""
    levels: dict[str, int] = {}
    for row in tasks:
        levels[row.key] = 0 if row.parent is None else levels.get(row.parent, -1) + 1
    return levels


def default_open(tasks: Sequence[RowView], level: int | None = None) -> frozenset[str]:
    """The summaries open at first: those above `level`, so rows down to `level` show.

    Without a level: down to `DEFAULT_LEVEL`, or less deep when that would show more than
    a page of rows (a 1,000-task plan opens on its top level).
    """
    levels = _levels(tasks)
    if level is None:
        level = DEFAULT_LEVEL
        while level > 0 and sum(1 for depth in levels.values() if depth <= level) > PAGE_ROWS:
            level -= 1
    return frozenset(
        row.key for row in tasks if row.data.get("children") and levels[row.key] < level
    )


def toggled(opened: Iterable[str], task: str) -> frozenset[str]:
    """The open summaries after opening `task` (or closing it, when it was open)."""
    return frozenset(opened) ^ {task}


def _descendants(tasks: Sequence[RowView]) -> dict[str, int]:
    """How many tasks each summary holds at any depth."""
    counts: dict[str, int] = {}
    parents = {row.key: row.parent for row in tasks}
    for row in tasks:
        up = row.parent
        while up is not None:
            counts[up] = counts.get(up, 0) + 1
            up = parents.get(up)
    return counts


def _assignees(row: RowView, planned: Mapping[str, Any]) -> tuple[str, ...]:
    """Who works on the task: the schedule's assignees, else the resources it demands."""
    people = planned.get("assignees") or row.data.get("demands") or ()
    return tuple(str(person) for person in people)


def _span(
    scheduled: Mapping[str, Mapping[str, Any]],
    baseline: Mapping[str, tuple[dt.date, dt.date]],
) -> tuple[dt.date, dt.date] | None:
    """The first and last day every bar covers, padded by a few days."""
    days = [
        d
        for t in scheduled.values()
        for d in (day_or_none(t.get("start")), day_or_none(t.get("finish")))
    ]
    days += [d for pair in baseline.values() for d in pair]
    known = [d for d in days if d is not None]
    if not known:
        return None
    pad = dt.timedelta(days=_PAD_DAYS)
    return min(known) - pad, max(known) + pad


def _ticks(first: dt.date, last: dt.date, zoom: str, scale: float) -> tuple[GanttTick, ...]:
    """Mondays (day and week zoom) or the first of each month (month zoom), labelled."""
    ticks: list[GanttTick] = []
    if zoom == "month":
        day = first.replace(day=1)
        while day <= last:
            if day >= first:
                ticks.append(GanttTick((day - first).days * scale, day.strftime("%b %Y")))
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return tuple(ticks)
    day = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    while day <= last:
        ticks.append(GanttTick((day - first).days * scale, day.strftime("%d %b")))
        day += dt.timedelta(days=7)
    return tuple(ticks)


def _bar(
    start: dt.date | None, finish: dt.date | None, first: dt.date | None, scale: float
) -> tuple[float | None, float | None]:
    """The x and width of a bar from the start of `start` to the end of `finish`."""
    if start is None or finish is None or first is None:
        return None, None
    return (start - first).days * scale, ((finish - start).days + 1) * scale


@dataclass(frozen=True)
class _Line:
    """A task as every view of the chart shows it, before the scale places its bars."""

    id: str
    name: str
    kind: str
    level: int
    parent: str | None
    is_summary: bool
    below: int
    start: dt.date | None
    finish: dt.date | None
    critical: bool
    total_float: int | None
    assignees: tuple[str, ...]
    baseline_start: dt.date | None
    baseline_finish: dt.date | None


@dataclass(frozen=True)
class _Prepared:
    """Every line of the plan, its date span and its counts: the same for every view."""

    lines: tuple[_Line, ...]
    first: dt.date | None
    last: dt.date | None
    summaries: int
    critical: int


def _prepare(
    tasks: Sequence[RowView],
    schedule: Mapping[str, Any],
    baseline: Mapping[str, tuple[dt.date, dt.date]],
) -> _Prepared:
    """The lines of `tasks` with the schedule's dates and the baseline's, in file order."""
    scheduled = {str(t["id"]): t for t in schedule.get("tasks") or () if isinstance(t, dict)}
    span = _span(scheduled, baseline)
    levels = _levels(tasks)
    counts = _descendants(tasks)
    lines = []
    for row in tasks:
        planned = scheduled.get(row.key, {})
        base_start, base_finish = baseline.get(row.key, (None, None))
        lines.append(
            _Line(
                id=row.key,
                name=row.name or row.key,
                kind=str(row.data.get("kind") or planned.get("kind") or "task"),
                level=levels[row.key],
                parent=row.parent,
                is_summary=bool(row.data.get("children")),
                below=counts.get(row.key, 0),
                start=day_or_none(planned.get("start")),
                finish=day_or_none(planned.get("finish")),
                critical=bool(planned.get("critical")),
                total_float=planned.get("total_float"),
                assignees=_assignees(row, planned),
                baseline_start=base_start,
                baseline_finish=base_finish,
            )
        )
    return _Prepared(
        lines=tuple(lines),
        first=span[0] if span else None,
        last=span[1] if span else None,
        summaries=sum(1 for line in lines if line.is_summary),
        critical=sum(
            1 for t in scheduled.values() if t.get("critical") and t.get("kind") == "task"
        ),
    )


_PREPARED_KEPT = 8
_prepared_cache: list[tuple[object, object, object, _Prepared]] = []
_prepared_lock = threading.Lock()


def _prepared(
    tasks: Sequence[RowView],
    schedule: Mapping[str, Any],
    baseline: Mapping[str, tuple[dt.date, dt.date]],
) -> _Prepared:
    """`_prepare` of these very objects, kept while they are the revision's and job's own.

    The project page passes the same objects for the same revision and job (their rows and
    results are read once), so a view of a 1,000-task plan reuses the lines; any other
    objects are prepared anew.
    """
    with _prepared_lock:
        for held in _prepared_cache:
            if held[0] is tasks and held[1] is schedule and held[2] is baseline:
                return held[3]
    prepared = _prepare(tasks, schedule, baseline)
    with _prepared_lock:
        _prepared_cache.insert(0, (tasks, schedule, baseline, prepared))
        del _prepared_cache[_PREPARED_KEPT:]
    return prepared


def _visible(lines: Sequence[_Line], opened: frozenset[str]) -> list[_Line]:
    """The lines under open summaries only (a line shows when every summary above is open)."""
    shown_parents: set[str] = set()
    visible = []
    for line in lines:
        if line.parent is not None and line.parent not in shown_parents:
            continue
        if line.is_summary and line.id in opened:
            shown_parents.add(line.id)
        visible.append(line)
    return visible


def _placed(line: _Line, opened: frozenset[str], first: dt.date | None, scale: float) -> GanttRow:
    """The line as a row of the chart, its bars placed on the scale."""
    is_open = line.is_summary and line.id in opened
    x, width = _bar(line.start, line.finish, first, scale)
    base_x, base_width = _bar(line.baseline_start, line.baseline_finish, first, scale)
    return GanttRow(
        id=line.id,
        name=line.name,
        kind=line.kind,
        level=line.level,
        parent=line.parent,
        is_summary=line.is_summary,
        is_open=is_open,
        hidden=0 if is_open else line.below,
        start=line.start,
        finish=line.finish,
        critical=line.critical,
        total_float=line.total_float,
        assignees=line.assignees,
        baseline_start=line.baseline_start,
        baseline_finish=line.baseline_finish,
        x=x,
        width=width,
        base_x=base_x,
        base_width=base_width,
    )


def gantt_chart(
    *,
    tasks: Sequence[RowView],
    schedule: Mapping[str, Any],
    baseline: Mapping[str, tuple[dt.date, dt.date]],
    opened: frozenset[str],
    zoom: str,
    today: dt.date,
    offset: int = 0,
    limit: int = PAGE_ROWS,
) -> GanttChart:
    """The visible rows of the WBS (under open summaries only) with their bars and scale.

    `tasks` are the revision's task rows in file order; `schedule` the schedule job's
    object (its `tasks` give start, finish, critical, total float and assignees; an
    unscheduled plan has none); `baseline` maps task ids to their baseline start and
    finish. The scale runs from the earliest to the latest date of any bar, padded.
    Of the visible rows, `limit` from `offset` are placed (a page of a long plan).
    """
    scale = ZOOMS[zoom]
    prepared = _prepared(tasks, schedule, baseline)
    first, last = prepared.first, prepared.last
    visible = _visible(prepared.lines, opened)
    offset = max(0, min(offset, max(len(visible) - 1, 0)))
    shown = visible[offset : offset + limit]
    width = ((last - first).days + 1) * scale if first and last else 0.0
    today_x = (today - first).days * scale if first and last and first <= today <= last else None
    return GanttChart(
        rows=tuple(_placed(line, opened, first, scale) for line in shown),
        total=len(tasks),
        visible=len(visible),
        offset=offset,
        limit=limit,
        zoom=zoom,
        first=first,
        last=last,
        width=width,
        ticks=_ticks(first, last, zoom, scale) if first and last else (),
        today=today,
        today_x=today_x,
        opened=opened,
        summaries=prepared.summaries,
        critical=prepared.critical,
        has_baseline=bool(baseline),
    )
