"""An imported plan's baselines as steerco baselines: the stored dates on the project's calendar.

MS Project and P6 store a baseline as each task's start, finish, duration and cost. A
steerco baseline (`model.baseline`) also keeps each task's times in working units from
unit 0, which are counted here on the imported project's calendar: the start is the
first unit of its start day, the finish the end of its finish day (a milestone: the end of
its day, as the engine dates one). The cost is kept as the task's budget, spread evenly
over its span (a fixed cost accrued pro rata). Whatever cannot be carried so exactly is
reported as approximated, with the rule, never silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from steerco.formats.foreign.plan import BaselineDates, ConversionEntry, ForeignPlan
from steerco.model import Project
from steerco.model.baseline import Baseline, BaselineFile, BaselineTask
from steerco.schedule.calendar import WorkCalendar

__all__ = ["foreign_baselines"]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _units(calendar: WorkCalendar, stored: BaselineDates, milestone: bool) -> tuple[int, int]:
    """The (start, finish) units of a stored baseline task on the project calendar."""
    finish = calendar.unit_after(stored.finish)
    start = finish if milestone else min(calendar.unit_on_or_after(stored.start), finish)
    return start, finish


def _off_days(calendar: WorkCalendar, stored: BaselineDates) -> bool:
    """Whether the task starts or ends on a day the calendar does not work (or before unit 0)."""
    for day in (stored.start, stored.finish):
        unit = calendar.unit_on_or_after(day)
        if day < calendar.start or calendar.date(unit) != day:
            return True
    return False


def _baseline(
    name: str,
    stored: dict[str, BaselineDates],
    project: Project,
    calendar: WorkCalendar,
    saved: dt.date,
    notes: dict[str, list[str]],
) -> Baseline | None:
    """One baseline, its WBS cut to the tasks the source stored; None when it holds none."""
    placed = [p for p in project.placed_tasks() if p.task.id in stored]
    kept = {p.task.id for p in placed}
    children: dict[str, list[str]] = {}
    for p in placed:
        if p.parent in kept:
            children.setdefault(p.parent, []).append(p.task.id)
    tasks: list[BaselineTask] = []
    for p in placed:
        task, dates = p.task, stored[p.task.id]
        summary = task.kind == "summary"
        if summary and task.id not in children:
            notes["summaries without baselined tasks"].append(task.id)
            continue
        start, finish = _units(calendar, dates, task.kind == "milestone")
        if _off_days(calendar, dates):
            notes["off days"].append(task.id)
        span = finish - start
        if not summary and span != dates.duration * calendar.hours_per_unit_day:
            notes["durations"].append(task.id)
        fields: dict[str, Any] = {
            "id": task.id,
            "name": task.name,
            "kind": task.kind,
            "parent": p.parent if p.parent in kept else None,
            "start": dates.start,
            "finish": dates.finish,
            "start_units": start,
            "finish_units": finish,
            "duration": span,
            "cost": dates.cost,
        }
        if summary:
            fields["children"] = tuple(children[task.id])
        else:
            fields.update(fixed_cost=dates.cost, accrual="prorated", rate=0.0)
        tasks.append(BaselineTask.model_validate(fields))
    if not tasks:
        return None
    return Baseline(
        name=name,
        saved=saved,
        project=project.name,
        project_start=project.start,
        unit=project.unit,
        currency=project.currency,
        method="cpm",
        start=min(t.start for t in tasks if isinstance(t.start, dt.date)),
        finish=max(t.finish for t in tasks if isinstance(t.finish, dt.date)),
        finish_units=_number(max(t.finish_units for t in tasks)),
        tasks=tuple(tasks),
    )


def _report(notes: dict[str, list[str]], count: int) -> tuple[ConversionEntry, ...]:
    entries = [ConversionEntry("baselines", "carried", count)] if count else []
    rules = {
        "off days": "a baseline date on a day the project calendar does not work counts "
        "from the next working day",
        "durations": "the working units between a task's baseline dates are counted on the "
        "project calendar, which differs from the duration the source stored",
        "summaries without baselined tasks": "a summary none of whose tasks has a baseline "
        "is left out of the baseline",
    }
    for key, rule in rules.items():
        ids = notes[key]
        if not ids:
            continue
        examples = tuple(ids[:5])
        if key.startswith("summaries"):
            entry = ConversionEntry("baseline summaries", "dropped", len(ids), rule, examples)
        else:
            what = "baseline task dates" if key == "off days" else "baseline durations"
            entry = ConversionEntry(what, "approximated", len(ids), rule, examples)
        entries.append(entry)
    return tuple(entries)


def foreign_baselines(
    plan: ForeignPlan, project: Project, calendar: WorkCalendar, *, saved: dt.date
) -> tuple[BaselineFile, tuple[ConversionEntry, ...]]:
    """The plan's baselines as a baselines file, and the report of how they were carried."""
    notes: dict[str, list[str]] = {
        "off days": [],
        "durations": [],
        "summaries without baselined tasks": [],
    }
    made = [
        _baseline(name, stored, project, calendar, saved, notes)
        for name, stored in plan.baselines.items()
    ]
    baselines = tuple(b for b in made if b is not None)
    return BaselineFile(baselines=baselines), _report(notes, len(baselines))
