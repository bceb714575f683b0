"""Write a Schedule as JSON (the documented contract) or CSV, streaming row by row."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from typing import Any, TextIO

from steerco.schedule.plan import Schedule

__all__ = ["ROW_FIELDS", "schedule_header", "write_schedule_csv", "write_schedule_json"]

ROW_FIELDS = (
    "id",
    "name",
    "parent",
    "kind",
    "es",
    "ef",
    "ls",
    "lf",
    "total_float",
    "free_float",
    "critical",
    "start",
    "finish",
    "cost",
    "resources",
    "assignees",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _cell(value: Any) -> Any:
    """A CSV cell: dates in ISO form, lists joined by spaces, mappings as id:units."""
    if isinstance(value, dict):
        return " ".join(f"{k}:{v:g}" for k, v in value.items())
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return _plain(value)


def schedule_header(schedule: Schedule) -> dict[str, Any]:
    """The top-level fields of the JSON object, without the task list."""
    net = schedule.network
    start, finish = schedule.project_dates()
    return {
        "project": net.project,
        "method": schedule.method,
        "status": schedule.status,
        "unit": net.unit,
        "start": _plain(start),
        "finish": _plain(finish),
        "makespan": schedule.makespan,
        "deadline": _plain(net.deadline),
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


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_schedule_json(schedule: Schedule, out: TextIO, *, chunk: int = 10_000) -> None:
    """Write exactly one JSON object, tasks in chunks so huge plans stay in bounded memory."""
    header = json.dumps(schedule_header(schedule))
    out.write(header[:-1] + ', "tasks": [')
    rows = schedule.rows()
    first = True
    while batch := list(itertools.islice(rows, chunk)):
        if not first:
            out.write(",\n")
        out.write(json.dumps(batch, default=_iso)[1:-1])
        first = False
    paths = schedule.critical_path_ids()
    out.write('], "critical_path": ')
    out.write(json.dumps(paths[0] if paths else []))
    out.write(', "critical_paths": ')
    out.write(json.dumps(paths))
    out.write("}\n")


def write_schedule_csv(schedule: Schedule, out: TextIO) -> None:
    """Write one CSV row per task with the same fields as the JSON task records."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROW_FIELDS)
    for row in schedule.rows():
        writer.writerow([_cell(row[key]) for key in ROW_FIELDS])
