"""MSPDI resources and assignments as steerco resources and task demands."""

from __future__ import annotations

import datetime as dt
from typing import Any

from steerco.formats.foreign.mspdi_calendars import RawCalendar
from steerco.formats.foreign.mspdi_context import (
    EPS,
    STEERCO_ID_ALIAS,
    STEERCO_KIND_ALIAS,
    Context,
    TaskRow,
)
from steerco.formats.foreign.mspdi_fields import count_unread
from steerco.model.calendar import WEEKDAYS, Weekday

__all__ = ["leave_and_workdays", "read_assignments", "read_resource_calendar", "read_resources"]


def read_resources(
    ctx: Context, calendars: dict[int, RawCalendar]
) -> tuple[list[dict[str, Any]], dict[int, str], dict[int, int], set[int]]:
    """The resources (not cost resources), their ids by UID, calendars by UID, cost UIDs."""
    x = ctx.x
    project_uid = x.integer(ctx.root, "CalendarUID")
    resources: list[dict[str, Any]] = []
    ids: dict[int, str] = {}
    cal_of: dict[int, int] = {}
    cost: set[int] = set()
    for element in x.path(ctx.root, "Resources", "Resource"):
        uid = x.integer(element, "UID")
        if uid is None:
            raise x.error(element, "a <Resource> needs a <UID>")
        name = x.text(element, "Name") or ""
        if (uid == 0 and not name) or x.flag(element, "IsNull"):
            continue
        label = name or str(uid)
        ext = ctx.extended(element, label)
        kind = x.integer(element, "Type", 1)
        if kind == 2:
            cost.add(uid)
            ctx.tally.add(
                "cost resources",
                "approximated",
                "their assignments' costs are added to the tasks' fixed costs",
                label,
            )
            continue
        rid = ext.get(STEERCO_ID_ALIAS, str(uid))
        ids[uid] = rid
        out: dict[str, Any] = {"id": rid}
        if name:
            out["name"] = name
        steerco_kind = ext.get(STEERCO_KIND_ALIAS)
        if steerco_kind in ("person", "role", "equipment"):
            if steerco_kind != "person":
                out["kind"] = steerco_kind
        elif kind == 0:
            out["kind"] = "equipment"
            ctx.tally.add("material resources", "approximated", "read as equipment", label)
        capacity = x.number(element, "MaxUnits")
        if capacity is not None and abs(capacity - 1.0) > EPS:
            out["capacity"] = capacity
        rate = x.number(element, "StandardRate", 0.0) or 0.0
        if rate > 0:
            if x.integer(element, "StandardRateFormat", 2) == 3:
                out["rate"] = f"{round(rate * ctx.hours_per_day, 6):g}/d"
            else:
                out["rate"] = f"{round(rate, 6):g}/h"
        group = x.text(element, "Group")
        if group:
            out["role"] = group
            ctx.tally.add("resource groups", "carried", "read as the resource's role", label)
        cal_uid = x.integer(element, "CalendarUID", -1)
        own = calendars.get(cal_uid) if cal_uid is not None else None
        away = leave_and_workdays(own, calendars)
        if own is not None and own.base is not None and away is not None:
            leave, workdays = away
            if leave:
                out["leave"] = leave
                ctx.tally.add("resource leave", "carried", "days off in its calendar", label)
            if workdays is not None:
                out["workdays"] = workdays
                ctx.tally.add("resource workdays", "carried", "weekdays off in its calendar", label)
            if leave or workdays is not None:
                ctx.as_leave.add(own.uid)
            cal_uid = own.base
        resolved = read_resource_calendar(cal_uid, calendars)
        if resolved is not None and resolved != project_uid:
            out["_calendar_uid"] = resolved
            cal_of[uid] = resolved
            ctx.tally.add("resource calendars", "carried", "", label)
        notes = x.text(element, "Notes")
        if notes:
            out["description"] = notes
        count_unread(element, "Resource", ctx.tally, label)
        ctx.tally.add("resources", "carried", "", label)
        resources.append(out)
    return resources, ids, cal_of, cost


def leave_and_workdays(
    cal: RawCalendar | None, calendars: dict[int, RawCalendar]
) -> tuple[list[dict[str, dt.date]], list[Weekday] | None] | None:
    """A derived calendar that only takes working time off its base: its leave and workdays.

    Its own non-working exceptions on days its base works (consecutive days merged into
    one range) and the weekdays it no longer works (None when it works all of its base's);
    None when it adds or changes working time, recurs, or has work weeks: a calendar then.
    """
    base = calendars.get(cal.base) if cal is not None and cal.base is not None else None
    if cal is None or base is None or cal.recurring or cal.own_work_weeks:
        return None
    if any(
        hours > 0 and abs(hours - base.week.get(day, 0.0)) > EPS
        for day, hours in cal.own_week.items()
    ):
        return None
    if any(hours > 0 for hours in cal.own_exceptions.values()):
        return None
    works = [day for day in range(7) if base.week.get(day, 0.0) > 0]
    kept = [day for day in works if cal.own_week.get(day, 1.0) > 0]
    if not kept:
        return None
    leave: list[dict[str, dt.date]] = []
    for day in sorted(cal.own_exceptions):
        if leave and leave[-1]["end"] + dt.timedelta(days=1) == day:
            leave[-1]["end"] = day
        else:
            leave.append({"start": day, "end": day})
    workdays = [WEEKDAYS[day] for day in kept] if len(kept) < len(works) else None
    return leave, workdays


def read_resource_calendar(uid: int | None, calendars: dict[int, RawCalendar]) -> int | None:
    """The calendar a resource works on: its own, or its base when it changes nothing."""
    seen: set[int] = set()
    while uid is not None and uid in calendars and uid not in seen:
        seen.add(uid)
        cal = calendars[uid]
        if cal.own_changes or cal.base is None:
            return uid
        uid = cal.base
    return None


def read_assignments(
    ctx: Context, tasks: list[TaskRow], ids: dict[int, str], cost: set[int]
) -> None:
    """Put each assignment on its task as a demand (a cost resource's cost as fixed cost)."""
    x = ctx.x
    by_uid = {t.uid: t for t in tasks}
    for element in x.path(ctx.root, "Assignments", "Assignment"):
        task_uid, res_uid = x.integer(element, "TaskUID"), x.integer(element, "ResourceUID")
        task = by_uid.get(task_uid) if task_uid is not None else None
        if task is None:
            if task_uid == 0 or task_uid in ctx.left_out:
                continue
            raise x.error(element, f"<TaskUID> {task_uid} names no task of the file")
        count_unread(element, "Assignment", ctx.tally, task.name)
        if (x.integer(element, "WorkContour", 0) or 0) != 0:
            task.data["_contoured"] = True
        if res_uid in cost:
            cents = x.number(element, "Cost", 0.0) or 0.0
            task.data["_cost"] = task.data.get("_cost", 0.0) + cents / 100
            continue
        if res_uid is None or res_uid < 0 or res_uid not in ids:
            if res_uid is not None and res_uid >= 0 and res_uid != 0:
                raise x.error(element, f"<ResourceUID> {res_uid} names no resource of the file")
            continue
        units = x.number(element, "Units", 1.0) or 1.0
        demand: dict[str, Any] = {"resource": ids[res_uid]}
        if abs(units - 1.0) > EPS:
            demand["units"] = units
        task.data.setdefault("demands", []).append(demand)
        ctx.tally.add("assignments", "carried", "", task.name)
