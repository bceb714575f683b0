"""The schedule as a table for spreadsheets: one row per task, summaries included, and CSV.

Rows follow the WBS (each summary just before its children) and carry what MS Project's
task sheet shows: the outline number (`1`, `1.1`, `1.2`...), dates, duration, the
predecessors in MS Project's "WBS predecessors" form (`1.2FS+2d;1.3SS`: the
predecessor's outline number, the link type unless a plain FS, the lag as written),
the resources (`ML engineer[50%], GPU node`), percent complete, floats, cost, the
baseline's dates, the constraints and the notes.

A text cell that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`,
`@`, a tab or a carriage return) gets a leading apostrophe (`safe_text`), so a hostile
task name stays text; numbers and dates are never changed. The CSV text starts with a
UTF-8 byte-order mark, which Excel needs to read non-ASCII names as UTF-8 (steerco's
own CSV reader and Python's `utf-8-sig` codec drop it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import numpy as np

from steerco.model import Project, Task
from steerco.model.baseline import Baseline
from steerco.model.task import Demand, Dependency
from steerco.schedule.plan import Schedule, ScheduledTask, TaskKind

__all__ = [
    "BOM",
    "ScheduleTable",
    "TableRow",
    "csv_text",
    "header",
    "predecessor_text",
    "row_values",
    "safe_text",
    "schedule_table",
]

BOM = "\ufeff"
"""The UTF-8 byte-order mark that starts the CSV text, so that Excel reads it as UTF-8."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_CONSTRAINTS = (
    ("must_start_on", "MSO"),
    ("must_finish_on", "MFO"),
    ("start_no_earlier_than", "SNET"),
    ("start_no_later_than", "SNLT"),
    ("finish_no_earlier_than", "FNET"),
    ("finish_no_later_than", "FNLT"),
)
"""Constraint fields and MS Project's abbreviation of each, in the order they are listed."""

DateOrUnit = dt.date | int


@dataclass(frozen=True)
class TableRow:
    """One task of the schedule table (a leaf, a milestone or a summary)."""

    id: str
    wbs: str
    name: str
    kind: TaskKind
    level: int
    start: DateOrUnit
    finish: DateOrUnit
    duration: float
    predecessors: str
    resources: str
    percent_complete: float
    total_float: int | None
    free_float: int | None
    critical: bool
    cost: float | None
    baseline_start: DateOrUnit | None
    baseline_finish: DateOrUnit | None
    constraint: str
    deadline: dt.date | None
    notes: str


@dataclass(frozen=True)
class ScheduleTable:
    """The rows of a schedule and what their columns need: unit, currency, baseline, dates."""

    project: str
    rows: tuple[TableRow, ...]
    unit: str
    currency: str
    baseline: str | None = None
    """The name of the baseline whose dates fill the baseline columns (None: no columns)."""
    status_date: dt.date | None = None


def safe_text(text: str) -> str:
    """`text`, with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def header(table: ScheduleTable) -> list[str]:
    """The column names, the duration's unit and the currency in them."""
    unit = {"day": "days", "hour": "hours"}.get(table.unit, "periods")
    names = [
        "ID",
        "WBS",
        "Name",
        "Kind",
        "Outline level",
        "Start",
        "Finish",
        f"Duration ({unit})",
        "Predecessors",
        "Resources",
        "% complete",
        "Total float",
        "Free float",
        "Critical",
        f"Cost ({table.currency})",
    ]
    if table.baseline is not None:
        names += ["Baseline start", "Baseline finish"]
    return [*names, "Constraint", "Deadline", "Notes"]


def row_values(table: ScheduleTable, row: TableRow) -> list[object]:
    """The cells of one row in `header` order, as values (dates, numbers, text, None)."""
    values: list[object] = [
        row.id,
        row.wbs,
        row.name,
        row.kind,
        row.level,
        row.start,
        row.finish,
        row.duration,
        row.predecessors,
        row.resources,
        row.percent_complete,
        row.total_float,
        row.free_float,
        row.critical,
        row.cost,
    ]
    if table.baseline is not None:
        values += [row.baseline_start, row.baseline_finish]
    return [*values, row.constraint, row.deadline, row.notes]


def _number(value: float) -> str:
    """A number as a person writes it: `5`, `2.5`, `33.33` (two decimals at most)."""
    rounded = round(float(value), 2)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:g}"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _number(value)
    return safe_text(str(value))


def csv_text(table: ScheduleTable) -> str:
    """The table as CSV text: a BOM, the header, one record per task (dates ISO, yes/no)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(table))
    writer.writerows([_cell(v) for v in row_values(table, row)] for row in table.rows)
    return BOM + out.getvalue()


def _lag_text(dep: Dependency) -> str:
    if dep.lag_percent is not None:
        value = dep.lag_percent
        return f"{'+' if value >= 0 else '-'}{_number(abs(value))}%"
    if dep.lag.value == 0:
        return ""
    sign = "+" if dep.lag.value > 0 else "-"
    unit = "ed" if dep.lag.elapsed else dep.lag.unit
    return f"{sign}{_number(abs(dep.lag.value))}{unit}"


def predecessor_text(deps: tuple[Dependency, ...], outline: dict[str, str]) -> str:
    """MS Project's WBS-predecessors text: `1.2FS+2d;1.3SS;2` (a plain FS is the number)."""
    parts = []
    for dep in deps:
        lag = _lag_text(dep)
        kind = "" if dep.type == "FS" and not lag else dep.type
        parts.append(f"{outline[dep.task]}{kind}{lag}")
    return ";".join(parts)


def _units(name: str, units: float) -> str:
    return name if units == 1 else f"{name}[{_number(units * 100)}%]"


def _demand_name(need: Demand) -> str:
    """A demand that names no resource: `role:ml-engineer`, `skill:python>=3`, or both."""
    parts = []
    if need.role is not None:
        parts.append(f"role:{need.role}")
    if need.skill is not None:
        parts.append(f"skill:{need.skill}" + (f">={need.min_level}" if need.min_level else ""))
    return "+".join(parts)


def _outline(project: Project) -> tuple[dict[str, str], dict[str, Task]]:
    """Each task's outline number (`1.2.1`) and the task itself, by id."""
    numbers: dict[str, str] = {}
    tasks: dict[str, Task] = {}

    def visit(children: tuple[Task, ...], prefix: str) -> None:
        for k, task in enumerate(children, start=1):
            number = f"{prefix}{k}"
            numbers[task.id] = number
            tasks[task.id] = task
            visit(task.children, number + ".")

    visit(project.tasks, "")
    return numbers, tasks


def _leaf_figures(schedule: Schedule) -> tuple[list[float], list[float]]:
    """Each leaf's duration (actual plus remaining once started) and percent complete."""
    net = schedule.network
    progress = net.progress
    if progress is None:
        return net.duration.tolist(), [0.0] * net.size
    duration = progress.elapsed + progress.remaining
    return duration.tolist(), (np.round(progress.percent * 100, 2)).tolist()


def _summary_duration(schedule: Schedule, task: ScheduledTask) -> float:
    """The project calendar's working units from a summary's start to its finish."""
    cals = schedule.network.calendars
    if cals is None:
        return float(task.ef - task.es)
    worked = cals.worked(0, np.array([task.es, task.ef], dtype=np.float64))
    return float(worked[1] - worked[0])


def _constraint(task: Task) -> str:
    found = [(abbr, getattr(task, field)) for field, abbr in _CONSTRAINTS]
    return "; ".join(f"{abbr} {day.isoformat()}" for abbr, day in found if day is not None)


def schedule_table(
    project: Project, schedule: Schedule, *, baseline: Baseline | None = None
) -> ScheduleTable:
    """The schedule of `project` as table rows in WBS order; `baseline` fills its columns.

    A summary's duration is the project calendar's working time from its start to its
    finish; its percent complete is its leaves', weighted by their durations (as MS
    Project rolls it up). A leaf that names a role or a skill rather than a resource
    shows the demand (`role:ml-engineer[50%]`) unless the plan was levelled and picked
    someone.
    """
    outline, by_id = _outline(project)
    net = schedule.network
    index = {task_id: i for i, task_id in enumerate(net.ids)}
    durations, percents = _leaf_figures(schedule)
    assigned = schedule.leaf_resources()
    names = {r.id: r.name or r.id for r in project.resources}
    levelled = schedule.resources is not None
    rows = []
    for task in schedule.tasks():
        model = by_id[task.id]
        if task.kind == "summary":
            leaves = [index[leaf.id] for leaf in model.leaves()]
            weight = sum(durations[i] for i in leaves)
            share = sum(durations[i] * percents[i] for i in leaves)
            percent = (
                round(share / weight, 2)
                if weight > 0
                else round(sum(percents[i] for i in leaves) / len(leaves), 2)
            )
            duration, people = _summary_duration(schedule, task), ""
        else:
            i = index[task.id]
            duration, percent = durations[i], percents[i]
            shown = [_units(names[rid], units) for rid, units in assigned[i].items()]
            if not levelled:
                shown += [
                    _units(_demand_name(need), need.units)
                    for need in model.demands
                    if need.resource is None
                ]
            people = ", ".join(shown)
        kept = baseline.by_id.get(task.id) if baseline is not None else None
        rows.append(
            TableRow(
                id=task.id,
                wbs=outline[task.id],
                name=task.name or task.id,
                kind=task.kind,
                level=outline[task.id].count(".") + 1,
                start=task.start,
                finish=task.finish,
                duration=duration,
                predecessors=predecessor_text(model.after, outline),
                resources=people,
                percent_complete=percent,
                total_float=task.total_float,
                free_float=task.free_float,
                critical=task.critical,
                cost=task.cost,
                baseline_start=kept.start if kept is not None else None,
                baseline_finish=kept.finish if kept is not None else None,
                constraint=_constraint(model),
                deadline=model.deadline,
                notes=model.description,
            )
        )
    return ScheduleTable(
        project=project.name,
        rows=tuple(rows),
        unit=project.unit,
        currency=project.currency,
        baseline=baseline.name if baseline is not None else None,
        status_date=project.progress.status_date,
    )
