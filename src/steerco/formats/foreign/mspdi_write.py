"""Write a project and its schedule as MS Project XML (MSPDI), as MS Project and MPXJ read it.

Each task and resource carries its steerco id in an extended attribute (Text1, alias
"steerco id"), a pinned task why it keeps its dates (Text2, "steerco pinned") and its
constraints after the first (Date1..Date6, "steerco finish no later than" and so on), so
that MSPDI -> steerco -> MSPDI -> steerco keeps them. A resource's role is its Group,
its leave and workdays its calendar's own days off; `split: false` is
IgnoreResourceCalendar. Dates come from the schedule: a task
starts at the start of its first working day and finishes at the end of its last (in a
plan in hours, at its hours).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from lxml import etree

from steerco.formats.foreign.mspdi_calendar_write import (
    clock_after,
    clock_at,
    day_end,
    day_start,
    sub,
    write_calendar,
)
from steerco.formats.foreign.mspdi_context import (
    PIN_ALIAS,
    STEERCO_ID_ALIAS,
    STEERCO_KIND_ALIAS,
)
from steerco.formats.foreign.mspdi_durations import format_iso_hours
from steerco.formats.foreign.mspdi_xml import NS
from steerco.model import Project
from steerco.model.baseline import BaselineFile
from steerco.model.quantities import WorkTime
from steerco.model.task import Dependency, Task
from steerco.schedule.plan import Schedule, ScheduledTask
from steerco.schedule.task_calendars import task_day_hours

__all__ = ["write_mspdi"]

TASK_TEXT1, TASK_TEXT2 = 188743731, 188743734
RESOURCE_TEXT1, RESOURCE_TEXT2 = 205520904, 205520905
_LINK_TYPES = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}
_CONSTRAINTS = (  # steerco field, MSPDI ConstraintType, a start (True) or finish date
    ("must_start_on", 2, True),
    ("must_finish_on", 3, False),
    ("start_no_earlier_than", 4, True),
    ("finish_no_earlier_than", 6, False),
    ("start_no_later_than", 5, True),
    ("finish_no_later_than", 7, False),
)
_FORMATS = {"d": 7, "w": 7, "h": 5, "e": 8}
TASK_DATE1 = 188743945
"""Task Date1's FieldID; Date1..Date6 hold the further constraints, in `_CONSTRAINTS` order."""


def _moment(day: Any, time: dt.time) -> str:
    return dt.datetime.combine(day, time).isoformat()


def _further(task: Task) -> list[tuple[int, str, dt.date, bool]]:
    """The task's constraints after the first (which MSPDI's ConstraintType holds).

    Each with its index in `_CONSTRAINTS` (its custom field is Date1 + index), its steerco
    field, its date and whether it is a start date.
    """
    found = [
        (i, name, getattr(task, name), first)
        for i, (name, _, first) in enumerate(_CONSTRAINTS)
        if getattr(task, name)
    ]
    return found[1:]


class _Writer:
    """One writing: the project, its schedule, and the UIDs given so far."""

    def __init__(self, project: Project, schedule: Schedule) -> None:
        self.project = project
        self.schedule = schedule
        self.hours = project.calendar.hours_per_day
        self.rows: dict[str, ScheduledTask] = {row.id: row for row in schedule.tasks()}
        self.task_uid: dict[str, int] = {}
        self.calendar_uid: dict[str, int] = {}
        self.leaf_index = {task_id: i for i, task_id in enumerate(schedule.network.ids)}

    def hours_of(self, amount: WorkTime, day_hours: float | None = None) -> float:
        """Hours of working (or, elapsed, calendar) time of an amount written in steerco.

        `day_hours`: the hours of a working day of the calendar the amount runs on
        (`task_day_hours`; the project's by default). steerco counts an amount in days of
        that calendar (`4h` is half a project day, so 12 hours on 24x7); MS Project counts
        hours, so a task on a 24-hour calendar gets 24 of them a day.
        """
        if amount.unit == "e":
            return amount.value * 24
        days = amount.in_days(self.hours, self.project.days_per_week)
        return days * (self.hours if day_hours is None else day_hours)

    def leaf_hours(self, task: Task) -> float:
        """The working hours of the duration steerco schedules a leaf with, on its calendar.

        That is its planned duration booked in whole units of the plan, as the schedule
        books it (`compile_project`): a task sized by `compute` (2.23 days of GPU time)
        runs 3 days, so 72 hours on 24x7. A task delivered by an epic has no duration of
        its own: the plan's (the P50 of the epic's forecast, booked in whole units). An
        elapsed duration is written as it is, in calendar hours.
        """
        day_hours = task_day_hours(self.project, task)
        if task.epic is not None:
            units = float(self.schedule.network.duration[self.leaf_index[task.id]])
            return self.units_hours(units) * day_hours / self.hours
        planned = task.planned
        if planned.elapsed:
            return self.hours_of(planned, day_hours)
        days = planned.in_days(self.hours, self.project.days_per_week)
        units = math.ceil(self.project.units(days) - 1e-9)
        return self.units_hours(units) * day_hours / self.hours

    def units_hours(self, units: float) -> float:
        """Hours of `units` of the project's scheduling unit."""
        return units if self.project.unit == "hour" else units * self.hours

    # ---- the document --------------------------------------------------------------------

    def document(self, baselines: BaselineFile | None) -> etree._Element:
        p = self.project
        root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})
        first, last = self.schedule.project_dates()
        start_day = p.start or (first if isinstance(first, dt.date) else dt.date.today())
        finish_day = last if isinstance(last, dt.date) else start_day
        sub(root, "SaveVersion", 14)
        sub(root, "Name", f"{p.name}.xml")
        sub(root, "Title", p.name)
        sub(root, "ScheduleFromStart", 1)
        sub(root, "StartDate", _moment(start_day, day_start(self.hours)))
        sub(root, "FinishDate", _moment(finish_day, day_end(self.hours)))
        sub(root, "CurrencyCode", p.currency)
        sub(root, "CalendarUID", 1)
        sub(root, "DefaultStartTime", day_start(self.hours).isoformat())
        sub(root, "DefaultFinishTime", day_end(self.hours).isoformat())
        sub(root, "MinutesPerDay", round(self.hours * 60))
        sub(root, "MinutesPerWeek", round(self.hours * 60 * p.days_per_week))
        sub(root, "DaysPerMonth", 20)
        if p.progress.status_date is not None:
            sub(root, "StatusDate", _moment(p.progress.status_date, day_end(self.hours)))
        attrs = sub(root, "ExtendedAttributes")
        further = {name for task in p.all_tasks() for _, name, _, _ in _further(task)}
        dates = [
            (TASK_DATE1 + i, f"Date{i + 1}", f"steerco {name.replace('_', ' ')}")
            for i, (name, _, _) in enumerate(_CONSTRAINTS)
            if name in further
        ]
        for field_id, name, alias in (
            (TASK_TEXT1, "Text1", STEERCO_ID_ALIAS),
            (TASK_TEXT2, "Text2", PIN_ALIAS),
            *dates,
            (RESOURCE_TEXT1, "Text1", STEERCO_ID_ALIAS),
            (RESOURCE_TEXT2, "Text2", STEERCO_KIND_ALIAS),
        ):
            attr = sub(attrs, "ExtendedAttribute")
            sub(attr, "FieldID", field_id)
            sub(attr, "FieldName", name)
            sub(attr, "Alias", alias)
        years = range(start_day.year, finish_day.year + 2)
        calendars = sub(root, "Calendars")
        write_calendar(calendars, 1, "Standard", p.calendar, years=years)
        uid = 2
        names = dict(p.calendars)
        if any(t.calendar == "24x7" for t in p.all_tasks()) and "24x7" not in names:
            from steerco.model.calendar import WEEKDAYS, Calendar

            names["24x7"] = Calendar(workdays=WEEKDAYS, hours_per_day=24)
        for name, calendar in names.items():
            write_calendar(calendars, uid, name, calendar, years=years)
            self.calendar_uid[name] = uid
            uid += 1
        resource_uid = {r.id: i for i, r in enumerate(p.resources, start=1)}
        resource_calendar: dict[str, int] = {}
        for resource in p.resources:
            base = self.calendar_uid.get(resource.calendar or "", 1)
            leave = tuple((span.start, span.end) for span in resource.leave)
            write_calendar(
                calendars,
                uid,
                resource.label(),
                None,
                base=base,
                workdays=resource.workdays,
                leave=leave,
            )
            resource_calendar[resource.id] = uid
            uid += 1
        self._tasks(sub(root, "Tasks"), baselines)
        self._resources(sub(root, "Resources"), resource_uid, resource_calendar)
        self._assignments(sub(root, "Assignments"), resource_uid)
        return root

    # ---- tasks ---------------------------------------------------------------------------

    def _tasks(self, parent: etree._Element, baselines: BaselineFile | None) -> None:
        self._project_summary(parent)
        placed = list(self.project.placed_tasks())
        for i, item in enumerate(placed, start=1):
            self.task_uid[item.task.id] = i
        for i, item in enumerate(placed, start=1):
            outline = ".".join(str(n + 1) for n in item.path if isinstance(n, int))
            self._task(parent, i, outline, item.task, baselines)

    def _project_summary(self, parent: etree._Element) -> None:
        """The project's own row (UID 0): its span, and its description as notes."""
        first, last = self.schedule.project_dates()
        e = sub(parent, "Task")
        sub(e, "UID", 0)
        sub(e, "ID", 0)
        sub(e, "Name", self.project.name)
        sub(e, "Type", 1)
        sub(e, "IsNull", 0)
        sub(e, "WBS", 0)
        sub(e, "OutlineNumber", 0)
        sub(e, "OutlineLevel", 0)
        if isinstance(first, dt.date) and isinstance(last, dt.date):
            sub(e, "Start", _moment(first, day_start(self.hours)))
            sub(e, "Finish", _moment(last, day_end(self.hours)))
        sub(e, "Summary", 1)
        if self.project.description:
            sub(e, "Notes", self.project.description)

    def _task(
        self,
        parent: etree._Element,
        uid: int,
        outline: str,
        task: Task,
        baselines: BaselineFile | None,
    ) -> None:
        row = self.rows[task.id]
        progress = self.project.progress.of(task.id)
        hours = self.hours
        e = sub(parent, "Task")
        sub(e, "UID", uid)
        sub(e, "ID", uid)
        if task.name:
            sub(e, "Name", task.name)
        sub(e, "Active", 1)
        sub(e, "Manual", int(task.pinned is not None))
        sub(e, "Type", 0)
        sub(e, "IsNull", 0)
        sub(e, "WBS", outline)
        sub(e, "OutlineNumber", outline)
        sub(e, "OutlineLevel", outline.count(".") + 1)
        milestone = task.kind == "milestone"
        start_time, finish_time = self._clock(row, milestone)
        first, last = (
            (task.pinned.start, task.pinned.finish) if task.pinned else (row.start, row.finish)
        )
        sub(e, "Start", _moment(first, start_time))
        sub(e, "Finish", _moment(last, finish_time))
        if task.children:
            duration, fmt = self.units_hours(row.ef - row.es), 7
        elif milestone:
            duration, fmt = 0.0, 7
        else:
            duration, fmt = self.leaf_hours(task), _FORMATS[task.planned.unit]
        sub(e, "Duration", format_iso_hours(duration))
        sub(e, "DurationFormat", fmt)
        sub(e, "Milestone", int(milestone))
        sub(e, "Summary", int(bool(task.children)))
        if task.cost:
            sub(e, "FixedCost", round(task.cost * 100, 2))  # MSPDI costs are in cents
        if progress is not None and not task.children:
            if progress.percent_complete is not None:
                sub(e, "PercentComplete", round(progress.percent_complete))
            elif progress.finished:
                sub(e, "PercentComplete", 100)
            if progress.actual_start is not None:
                sub(e, "ActualStart", _moment(progress.actual_start, day_start(hours)))
            if progress.actual_finish is not None:
                sub(e, "ActualFinish", _moment(progress.actual_finish, day_end(hours)))
            if progress.remaining is not None:
                remaining = self.hours_of(progress.remaining, task_day_hours(self.project, task))
                sub(e, "RemainingDuration", format_iso_hours(remaining))
        constraint = next(
            (
                (code, getattr(task, name), first)
                for name, code, first in _CONSTRAINTS
                if getattr(task, name)
            ),
            None,
        )
        if constraint is not None:
            code, day, first = constraint
            sub(e, "ConstraintType", code)
        else:
            sub(e, "ConstraintType", 0)
        sub(e, "CalendarUID", self.calendar_uid.get(task.calendar or "", -1))
        if constraint is not None:
            sub(e, "ConstraintDate", _moment(day, day_start(hours) if first else day_end(hours)))
        if task.deadline is not None:
            sub(e, "Deadline", _moment(task.deadline, day_end(hours)))
        if not task.split:
            sub(e, "IgnoreResourceCalendar", 1)
        if task.description:
            sub(e, "Notes", task.description)
        for dep in task.after:
            self._link(e, dep)
        for field_id, value in (
            (TASK_TEXT1, task.id),
            (TASK_TEXT2, task.pinned.reason if task.pinned else None),
            *(
                (TASK_DATE1 + i, _moment(day, day_start(hours) if first else day_end(hours)))
                for i, _, day, first in _further(task)
            ),
        ):
            if value is not None:
                attr = sub(e, "ExtendedAttribute")
                sub(attr, "FieldID", field_id)
                sub(attr, "Value", value)
        if baselines is not None:
            self._baselines(e, task.id, baselines)
        if task.pinned is not None:
            sub(e, "ManualStart", _moment(task.pinned.start, day_start(hours)))
            sub(e, "ManualFinish", _moment(task.pinned.finish, day_end(hours)))

    def _clock(self, row: ScheduledTask, milestone: bool) -> tuple[dt.time, dt.time]:
        """The times of day a task starts and finishes: whole days, or its hours in an hour plan.

        A milestone falls at its predecessors' finish (the start of the project at unit 0).
        """
        hours = self.hours
        per_day = round(hours) if self.project.unit == "hour" else 0
        if milestone:
            if row.es == 0:
                return day_start(hours), day_start(hours)
            end = clock_after(hours, (row.es - 1) % per_day + 1) if per_day else day_end(hours)
            return end, end
        if not per_day or row.kind == "summary":
            return day_start(hours), day_end(hours)
        return clock_at(hours, row.es % per_day), clock_after(hours, (row.ef - 1) % per_day + 1)

    def _link(self, parent: etree._Element, dep: Dependency) -> None:
        link = sub(parent, "PredecessorLink")
        sub(link, "PredecessorUID", self.task_uid[dep.task])
        sub(link, "Type", _LINK_TYPES[dep.type])
        if dep.lag_percent is not None:
            sub(link, "LinkLag", round(dep.lag_percent))
            sub(link, "LagFormat", 19)
        else:
            sub(link, "LinkLag", round(self.hours_of(dep.lag) * 600))
            sub(link, "LagFormat", _FORMATS[dep.lag.unit])

    def _baselines(self, parent: etree._Element, task_id: str, baselines: BaselineFile) -> None:
        for number, baseline in enumerate(baselines.baselines[:11]):
            frozen = baseline.by_id.get(task_id)
            if frozen is None or not isinstance(frozen.start, dt.date):
                continue
            assert isinstance(frozen.finish, dt.date)
            element = sub(parent, "Baseline")
            sub(element, "Number", number)
            milestone = frozen.kind == "milestone"
            sub(element, "Start", _moment(frozen.start, day_start(self.hours)))
            sub(
                element,
                "Finish",
                _moment(
                    frozen.finish, day_end(self.hours) if not milestone else day_start(self.hours)
                ),
            )
            hours = frozen.duration if baseline.unit == "hour" else frozen.duration * self.hours
            sub(element, "Duration", format_iso_hours(hours))
            sub(element, "DurationFormat", 7)
            sub(element, "Cost", round(frozen.cost * 100, 2))

    # ---- resources -----------------------------------------------------------------------

    def _resources(
        self, parent: etree._Element, uids: dict[str, int], calendars: dict[str, int]
    ) -> None:
        for resource in self.project.resources:
            e = sub(parent, "Resource")
            sub(e, "UID", uids[resource.id])
            sub(e, "ID", uids[resource.id])
            if resource.name:
                sub(e, "Name", resource.name)
            sub(e, "Type", 1)
            sub(e, "IsNull", 0)
            if resource.role:
                sub(e, "Group", resource.role)
            sub(e, "MaxUnits", f"{resource.capacity:g}")
            if resource.rate is not None:
                per_hour = (
                    resource.rate.amount
                    if resource.rate.per == "h"
                    else resource.rate.amount / self.hours
                )
                sub(e, "StandardRate", f"{per_hour:g}")
                sub(e, "StandardRateFormat", 2 if resource.rate.per == "h" else 3)
            sub(e, "CalendarUID", calendars[resource.id])
            if resource.description:
                sub(e, "Notes", resource.description)
            for field_id, value in ((RESOURCE_TEXT1, resource.id), (RESOURCE_TEXT2, resource.kind)):
                attr = sub(e, "ExtendedAttribute")
                sub(attr, "FieldID", field_id)
                sub(attr, "Value", value)

    def _assignments(self, parent: etree._Element, resource_uid: dict[str, int]) -> None:
        uid = 1
        for task in self.project.leaves():
            row = self.rows[task.id]
            for demand in task.demands:
                if demand.resource is None:
                    continue
                e = sub(parent, "Assignment")
                sub(e, "UID", uid)
                sub(e, "TaskUID", self.task_uid[task.id])
                sub(e, "ResourceUID", resource_uid[demand.resource])
                sub(e, "Finish", _moment(row.finish, day_end(self.hours)))
                sub(e, "Start", _moment(row.start, day_start(self.hours)))
                sub(e, "Units", f"{demand.units:g}")
                uid += 1


def write_mspdi(
    project: Project, schedule: Schedule, *, baselines: BaselineFile | None = None
) -> bytes:
    """The project with its schedule's dates (and its baselines) as MSPDI XML bytes."""
    root = _Writer(project, schedule).document(baselines)
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True, pretty_print=True
    )
