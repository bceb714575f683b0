"""The project page's Gantt: the WBS rows to show, their bars and the time scale, as data.

Pure functions of the revision's task rows, the schedule job's JSON object and the
baseline's dates. A plan of any size stays usable: summaries are collapsed below the
first WBS levels unless opened, and only the rows under open summaries are returned.
Bars are placed in pixels on a scale of `ZOOMS[zoom]` pixels per calendar day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from steerco.app.workspace.rows import RowView

__all__ = [
    "DEFAULT_LEVEL",
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
    """The rows to show and the time scale: from `first` to `last`, `width` pixels wide."""

    rows: tuple[GanttRow, ...]
    total: int
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


def _day(value: Any) -> dt.date | None:
    """A date of the schedule or baseline (a number without a calendar: no date)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _levels(tasks: Sequence[RowView]) -> dict[str, int]:
    """Each task's WBS depth (0: top), from its parent's (rows come parents first)."""
    levels: dict[str, int] = {}
    for row in tasks:
        levels[row.key] = 0 if row.parent is None else levels.get(row.parent, -1) + 1
    return levels


def default_open(tasks: Sequence[RowView], level: int = DEFAULT_LEVEL) -> frozenset[str]:
    """The summaries open at first: those above `level`, so rows down to `level` show."""
    levels = _levels(tasks)
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


def _span(
    scheduled: Mapping[str, Mapping[str, Any]],
    baseline: Mapping[str, tuple[dt.date, dt.date]],
) -> tuple[dt.date, dt.date] | None:
    """The first and last day every bar covers, padded by a few days."""
    days = [d for t in scheduled.values() for d in (_day(t.get("start")), _day(t.get("finish")))]
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


def gantt_chart(
    *,
    tasks: Sequence[RowView],
    schedule: Mapping[str, Any],
    baseline: Mapping[str, tuple[dt.date, dt.date]],
    opened: frozenset[str],
    zoom: str,
    today: dt.date,
) -> GanttChart:
    """The visible rows of the WBS (under open summaries only) with their bars and scale.

    `tasks` are the revision's task rows in file order; `schedule` the schedule job's
    object (its `tasks` give start, finish, critical, total float and assignees; an
    unscheduled plan has none); `baseline` maps task ids to their baseline start and
    finish. The scale runs from the earliest to the latest date of any bar, padded.
    """
    scale = ZOOMS[zoom]
    scheduled = {str(t["id"]): t for t in schedule.get("tasks") or () if isinstance(t, dict)}
    span = _span(scheduled, baseline)
    first, last = span if span is not None else (None, None)
    levels = _levels(tasks)
    counts = _descendants(tasks)
    shown_parents: set[str] = set()
    rows: list[GanttRow] = []
    for row in tasks:
        if row.parent is not None and row.parent not in shown_parents:
            continue
        is_summary = bool(row.data.get("children"))
        is_open = is_summary and row.key in opened
        if is_open:
            shown_parents.add(row.key)
        planned = scheduled.get(row.key, {})
        start, finish = _day(planned.get("start")), _day(planned.get("finish"))
        base_start, base_finish = baseline.get(row.key, (None, None))
        x, width = _bar(start, finish, first, scale)
        base_x, base_width = _bar(base_start, base_finish, first, scale)
        rows.append(
            GanttRow(
                id=row.key,
                name=row.name or row.key,
                kind=str(row.data.get("kind") or planned.get("kind") or "task"),
                level=levels[row.key],
                parent=row.parent,
                is_summary=is_summary,
                is_open=is_open,
                hidden=0 if is_open else counts.get(row.key, 0),
                start=start,
                finish=finish,
                critical=bool(planned.get("critical")),
                total_float=planned.get("total_float"),
                assignees=tuple(str(a) for a in planned.get("assignees") or ()),
                baseline_start=base_start,
                baseline_finish=base_finish,
                x=x,
                width=width,
                base_x=base_x,
                base_width=base_width,
            )
        )
    width = ((last - first).days + 1) * scale if first and last else 0.0
    today_x = (today - first).days * scale if first and last and first <= today <= last else None
    return GanttChart(
        rows=tuple(rows),
        total=len(tasks),
        zoom=zoom,
        first=first,
        last=last,
        width=width,
        ticks=_ticks(first, last, zoom, scale) if first and last else (),
        today=today,
        today_x=today_x,
        opened=opened,
        summaries=sum(1 for row in tasks if row.data.get("children")),
        critical=sum(
            1 for t in scheduled.values() if t.get("critical") and t.get("kind") == "task"
        ),
        has_baseline=bool(baseline),
    )
