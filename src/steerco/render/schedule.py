"""The schedule's output contracts: the JSON object, the CSV table and the notes for people.

`steerco schedule --format json` prints one object (docs/schemas/schedule.schema.json):
the header fields, `tasks` (one record per `ScheduledTask`, in WBS order), `critical_path`
and `critical_paths`; when no schedule could be produced, the smaller unscheduled object.
Task records are encoded straight from the typed records, in chunks, so that a plan of a
million tasks streams in bounded memory; the text is what `json.dumps` writes for them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import gc
import itertools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from json.encoder import encode_basestring_ascii
from typing import Any, TextIO

from steerco.schedule.axis import unit_words
from steerco.schedule.deadlines import MissedDeadline, missed_deadlines
from steerco.schedule.overallocation import summarise_overloads
from steerco.schedule.plan import Schedule, ScheduledTask
from steerco.schedule.planner import Unscheduled

__all__ = [
    "ROW_FIELDS",
    "missed_deadline_lines",
    "people_notes",
    "schedule_header",
    "task_json",
    "unscheduled_json",
    "write_schedule_csv",
    "write_schedule_json",
]

ROW_FIELDS = tuple(f.name for f in dataclasses.fields(ScheduledTask))
"""The fields of a task record, in the order the JSON and the CSV write them."""

NOTE_LINES = 10
"""Over-allocated resources listed for people before the rest are counted in one line."""


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def schedule_header(schedule: Schedule) -> dict[str, Any]:
    """The top-level fields of the JSON object, without the task list."""
    net = schedule.network
    start, finish = schedule.project_dates()
    return {
        "project": net.project,
        "method": schedule.method,
        "plan": schedule.plan_name,
        "status": schedule.status,
        "unit": net.unit,
        "axis": net.axis,
        "start": _plain(start),
        "finish": _plain(finish),
        "makespan": schedule.makespan,
        "deadline": _plain(net.deadline),
        "missed_deadlines": [_missed(m) for m in missed_deadlines(schedule)],
        "bound": schedule.lower_bound,
        "gap": round(schedule.gap, 6),
        "solve_seconds": round(schedule.solve_seconds, 3),
        "cost": schedule.total_cost(),
        "currency": net.currency if net.costs is not None else None,
        "notes": schedule.notes,
        "load": {
            rid: [{k: _plain(v) for k, v in run.items()} for run in runs]
            for rid, runs in schedule.load_runs().items()
        },
    }


def _missed(miss: MissedDeadline) -> dict[str, Any]:
    return {
        "task": miss.task,
        "deadline": miss.deadline.isoformat(),
        "finish": _plain(miss.finish),
        "late": miss.late,
    }


def task_json(task: ScheduledTask, quote: Callable[[str], str] = encode_basestring_ascii) -> str:
    """One task record as JSON text: exactly what `json.dumps` writes for its fields, in order.

    Written by hand for speed (a plan of a million tasks); numbers are finite (validated
    input), so `repr` is what `json.dumps` writes for them; a finished task's floats are null.
    """
    parent = "null" if task.parent is None else quote(task.parent)
    cost = "null" if task.cost is None else repr(task.cost)
    start, finish = task.start, task.finish
    if isinstance(start, dt.date) and isinstance(finish, dt.date):
        when = f'"start": "{start.isoformat()}", "finish": "{finish.isoformat()}"'
    else:
        when = f'"start": {start!r}, "finish": {finish!r}'
    units = ", ".join([f"{quote(k)}: {v!r}" for k, v in task.resources.items()])
    return (
        f'{{"id": {quote(task.id)}, "name": {quote(task.name)}, "parent": {parent}, '
        f'"kind": "{task.kind}", "es": {task.es}, "ef": {task.ef}, "ls": {task.ls}, '
        f'"lf": {task.lf}, "total_float": {_int(task.total_float)}, '
        f'"free_float": {_int(task.free_float)}, '
        f'"critical": {"true" if task.critical else "false"}, {when}, "cost": {cost}, '
        f'"resources": {{{units}}}, "assignees": [{", ".join(map(quote, task.assignees))}]}}'
    )


def _int(value: int | None) -> str:
    return "null" if value is None else str(value)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records stream out.

    The records hold no cycles, but each allocation counts towards a collection, and every
    full collection walks the million live column objects of a large plan again (a third of
    the time at 1M tasks). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_schedule_json(schedule: Schedule, out: TextIO, *, chunk: int = 10_000) -> None:
    """Write exactly one JSON object, tasks in chunks so huge plans stay in bounded memory."""
    with _collector_paused():
        _write_json(schedule, out, chunk)


def _write_json(schedule: Schedule, out: TextIO, chunk: int) -> None:
    header = json.dumps(schedule_header(schedule))
    out.write(header[:-1] + ', "tasks": [')
    tasks = schedule.tasks()
    first = True
    while batch := list(itertools.islice(tasks, chunk)):
        if not first:
            out.write(",\n")
        out.write(", ".join(map(task_json, batch)))
        first = False
    paths = schedule.critical_path_ids()
    out.write('], "critical_path": ')
    out.write(json.dumps(paths[0] if paths else []))
    out.write(', "critical_paths": ')
    out.write(json.dumps(paths))
    out.write("}\n")


def unscheduled_json(result: Unscheduled) -> str:
    """The JSON object (one line) when no schedule could be produced, with why (conflicts)."""
    return (
        json.dumps(
            {
                "project": result.network.project,
                "method": result.method,
                "status": result.status,
                "bound": result.bound,
                "message": result.message,
                "notes": result.notes,
                "conflicts": [
                    {
                        "kind": c.kind,
                        "tasks": list(c.tasks),
                        "resources": list(c.resources),
                        "text": c.text,
                    }
                    for c in result.conflicts
                ],
                "misses": [
                    {
                        "task": m.task,
                        "deadline": _plain(m.deadline),
                        "finish": _plain(m.finish),
                        "working_days_late": m.late,
                    }
                    for m in result.misses
                ],
            }
        )
        + "\n"
    )


def _cells(task: ScheduledTask) -> list[Any]:
    """A CSV row: dates in ISO form, people joined by spaces, resources as id:units."""
    return [
        task.id,
        task.name,
        task.parent,
        task.kind,
        task.es,
        task.ef,
        task.ls,
        task.lf,
        task.total_float,
        task.free_float,
        task.critical,
        _plain(task.start),
        _plain(task.finish),
        task.cost,
        " ".join(f"{k}:{v:g}" for k, v in task.resources.items()),
        " ".join(task.assignees),
    ]


def write_schedule_csv(schedule: Schedule, out: TextIO) -> None:
    """Write one CSV row per task with the same fields as the JSON task records."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROW_FIELDS)
    with _collector_paused():
        writer.writerows(map(_cells, schedule.tasks()))


def _quantity(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def _count(count: int, unit: str, axis: str) -> str:
    return f"{count:,} {unit_words(unit, axis, count)}"


def people_notes(schedule: Schedule, *, limit: int = NOTE_LINES) -> list[str]:
    """The notes for a person: unmet demands, then one line per over-allocated resource.

    At most `limit` resources, the most over-allocated first; the JSON lists every interval.
    """
    summaries = summarise_overloads(schedule.overloads)
    lines = list(schedule.findings)
    if not summaries:
        return lines
    net = schedule.network
    shown = summaries[:limit]
    if net.calendar is not None:
        from steerco.schedule.dates import start_dates

        units = [u for s in shown for u in (s.first, s.last)]
        days = [str(day) for day in start_dates(net.calendar, units)]
    else:
        days = [str(u) for s in shown for u in (s.first, s.last)]
    for s, first, last in zip(shown, days[0::2], days[1::2], strict=True):
        when = f"on {first}" if first == last else f"between {first} and {last}"
        lines.append(
            f"over-allocated: {s.resource}: {_count(s.units, net.unit, net.axis)} {when}; "
            f"peak {_quantity(s.peak)} booked, {_quantity(s.available)} available"
        )
    hidden = len(summaries) - len(shown)
    if hidden:
        lines.append(
            f"over-allocated: … {hidden:,} more resources; "
            "`--format json` lists every over-allocated interval in `notes`"
        )
    return lines


def missed_deadline_lines(schedule: Schedule, *, limit: int = NOTE_LINES) -> list[str]:
    """One line per task deadline the plan misses (at most `limit`, then a count), WBS order."""
    missed = missed_deadlines(schedule)
    unit, axis = schedule.network.unit, schedule.network.axis
    lines = [
        f"missed deadline: {m.task}{f' ({m.name})' if m.name else ''}: deadline {m.deadline}, "
        f"planned finish {_plain(m.finish)}, {_count(m.late, unit, axis)} late"
        for m in missed[:limit]
    ]
    if len(missed) > limit:
        lines.append(
            f"missed deadline: … {len(missed) - limit:,} more; "
            "`--format json` lists every one in `missed_deadlines`"
        )
    return lines
