"""Read an MS Project XML (MSPDI) file into steerco project data, natively (lxml, no Java).

What is carried over, approximated and dropped, field by field, is in docs/interop.md.
MS Project's rules that the data keeps: a lag counts on the successor's calendar
(`scheduling.lag_calendar: successor`); a task with `Manual`, a `LevelingDelay` or an
assignment's edited `WorkContour` keeps its stored dates (`pinned`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from steerco.formats.files import read_bytes
from steerco.formats.foreign.mspdi_calendars import (
    RawCalendar,
    calendar_hours,
    read_calendars,
    steerco_calendar,
)
from steerco.formats.foreign.mspdi_durations import (
    ELAPSED_FORMATS,
    Amount,
    base_format,
    lag_amount,
    parse_iso_hours,
)
from steerco.formats.foreign.mspdi_fields import count_unread
from steerco.formats.foreign.mspdi_tally import Tally
from steerco.formats.foreign.mspdi_xml import Reader, parse_mspdi
from steerco.formats.foreign.plan import BaselineDates, ForeignPlan, StoredDates

__all__ = ["PIN_ALIAS", "STEERCO_ID_ALIAS", "STEERCO_KIND_ALIAS", "read_mspdi"]

STEERCO_ID_ALIAS = "steerco id"
"""The alias of the extended attribute (task Text1, resource Text1) holding steerco's id."""
PIN_ALIAS = "steerco pinned"
"""The alias of the task extended attribute (Text2) holding why a task keeps its dates."""
STEERCO_KIND_ALIAS = "steerco kind"
"""The alias of the resource extended attribute (Text2) holding person, role or equipment."""

LINK_TYPES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
CONSTRAINTS = {
    2: "must_start_on",
    3: "must_finish_on",
    4: "start_no_earlier_than",
    5: "start_no_later_than",
    6: "finish_no_earlier_than",
    7: "finish_no_later_than",
}
_CONSTRAINT_NAMES = {
    2: "must start on",
    3: "must finish on",
    4: "start no earlier than",
    5: "start no later than",
    6: "finish no earlier than",
    7: "finish no later than",
}
_EPS = 1e-6


def read_mspdi(source: Path, *, content: bytes | None = None) -> ForeignPlan:
    """The plan of an MSPDI file (or of `content`, MSPDI bytes already in memory)."""
    raw = content if content is not None else read_bytes(source)
    root = parse_mspdi(str(source), raw)
    return _Import(str(source), root).plan(source)


@dataclass
class _Task:
    """One task row of the file, as read before the outline and the unit are settled."""

    uid: int
    id: str
    element: etree._Element
    name: str
    level: int
    start: dt.datetime | None
    finish: dt.datetime | None
    duration: Amount | None
    milestone: bool
    data: dict[str, Any] = field(default_factory=dict)
    links: list[tuple[int, str, Amount, etree._Element]] = field(default_factory=list)
    children: list[_Task] = field(default_factory=list)


def _finish_day(start: dt.datetime | None, finish: dt.datetime) -> dt.date:
    """The last working day of a finish moment: midnight ends the day before."""
    if finish.time() == dt.time() and (start is None or finish > start):
        return finish.date() - dt.timedelta(days=1)
    return finish.date()


class _Import:
    """One reading of one file: its reader, its tally and what it has found so far."""

    def __init__(self, file: str, root: etree._Element) -> None:
        self.file = file
        self.root = root
        self.x = Reader(file)
        self.tally = Tally()
        minutes = self.x.number(root, "MinutesPerDay", 480.0) or 480.0
        self.hours_per_day = minutes / 60
        self.fields = self._alias_fields()
        self.hour_unit = False
        self.summary_notes: str | None = None

    # ---- helpers -------------------------------------------------------------------------

    def _alias_fields(self) -> dict[str, set[str]]:
        """Extended attribute FieldIDs by steerco's aliases."""
        found: dict[str, set[str]] = {}
        for attr in self.x.path(self.root, "ExtendedAttributes", "ExtendedAttribute"):
            alias, field_id = self.x.text(attr, "Alias"), self.x.text(attr, "FieldID")
            if alias and field_id:
                found.setdefault(alias.strip().lower(), set()).add(field_id)
        return found

    def _extended(self, element: etree._Element, label: str) -> dict[str, str]:
        """Steerco's extended attributes of a task or resource; others counted as dropped."""
        out: dict[str, str] = {}
        for attr in self.x.children(element, "ExtendedAttribute"):
            field_id, value = self.x.text(attr, "FieldID"), self.x.text(attr, "Value")
            alias = next((a for a, ids in self.fields.items() if field_id in ids), None)
            if alias in (STEERCO_ID_ALIAS, PIN_ALIAS, STEERCO_KIND_ALIAS) and value:
                out[alias] = value
            else:
                self.tally.add(
                    "extended attributes", "dropped", "steerco has no custom fields", label
                )
        return out

    def _amount(self, element: etree._Element, name: str, fmt: int | None) -> Amount | None:
        text = self.x.text(element, name)
        if text is None:
            return None
        hours = parse_iso_hours(text)
        if hours is None:
            raise self.x.error(
                self.x.child(element, name),
                f"<{name}> is {text!r}; write an ISO 8601 duration such as PT40H0M0S",
            )
        return Amount(hours, elapsed=base_format(fmt or 7) in ELAPSED_FORMATS)

    def _days(self, amount: Amount) -> float:
        return amount.hours / (24.0 if amount.elapsed else self.hours_per_day)

    def _work_time(self, amount: Amount) -> str:
        """`5d`, `12h` (a plan in hours) or `3ed` (elapsed)."""
        if amount.elapsed:
            return f"{round(amount.hours / 24, 4):g}ed"
        if self.hour_unit:
            return f"{round(amount.hours, 4):g}h"
        return f"{round(self._days(amount), 4):g}d"

    def _not_whole(self, amount: Amount | None) -> bool:
        if amount is None or amount.elapsed or amount.percent is not None:
            return False
        days = self._days(amount)
        return abs(days - round(days)) > _EPS

    # ---- the plan ------------------------------------------------------------------------

    def plan(self, source: Path) -> ForeignPlan:
        x, root = self.x, self.root
        tasks = self._tasks()
        start = x.datetime(root, "StartDate")
        moments = [t.start for t in tasks if t.start] + ([start] if start else [])
        ends = [t.finish for t in tasks if t.finish] + [
            m for m in [x.datetime(root, "FinishDate")] if m
        ]
        if not moments:
            raise x.error(root, "the file has no <StartDate> and no task with a <Start>")
        first = min(moments).date()
        last = max([*ends, *moments]).date()
        window = (first - dt.timedelta(days=366), last + dt.timedelta(days=3 * 366))
        calendars = read_calendars(x, root, window, self.hours_per_day)
        resources, resource_ids, resource_calendars, cost_resources = self._resources(calendars)
        self._assignments(tasks, resource_ids, cost_resources)
        self.hour_unit = any(self._not_whole(t.duration) for t in tasks) or any(
            self._not_whole(amount) for t in tasks for _, _, amount, _ in t.links
        )
        if self.hour_unit and abs(self.hours_per_day - round(self.hours_per_day)) > _EPS:
            self.tally.add(
                "hours per day", "approximated", "rounded to whole hours for a plan in hours"
            )
            self.hours_per_day = float(round(self.hours_per_day))
        by_uid = {t.uid: t for t in tasks}
        project_uid = x.integer(root, "CalendarUID")
        used: dict[int, None] = {}
        for t in tasks:
            self._finish_task(t, by_uid, calendars, project_uid, used)
        for uid in resource_calendars.values():
            used.setdefault(uid)
        names = self._calendar_names(calendars, used)
        for t in tasks:
            uid = t.data.pop("_calendar_uid", None)
            if uid is not None:
                t.data["calendar"] = names[uid]
        for resource in resources:
            uid = resource.pop("_calendar_uid", None)
            if uid is not None:
                resource["calendar"] = names[uid]
        data: dict[str, Any] = {
            "name": x.text(root, "Title") or x.text(root, "Name") or source.stem
        }
        data["start"] = (start or min(moments)).date()
        if self.summary_notes:
            data["description"] = self.summary_notes
        currency = x.text(root, "CurrencyCode")
        if currency:
            data["currency"] = currency
        if self.hour_unit:
            data["unit"] = "hour"
            self.tally.add(
                "plan in hours",
                "approximated",
                "a duration or lag is not whole days: the plan counts working hours from "
                "the start of each working day",
            )
        data.update(self._calendar_data(calendars, names, project_uid, window))
        data["scheduling"] = {"lag_calendar": "successor"}
        count_unread(root, "Project", self.tally, data["name"])
        if x.text(root, "ScheduleFromStart") in ("0", "false"):
            self.tally.add(
                "scheduling from the project's finish",
                "approximated",
                "steerco schedules forward from the start; the stored dates are compared "
                "as they are",
            )
        if resources:
            data["resources"] = resources
        data["tasks"] = [self._nest(t) for t in self._outline(tasks)]
        progress = self._progress(tasks)
        if progress:
            data["progress"] = progress
        stored = self._stored(tasks)
        pinned = tuple(t.id for t in tasks if "pinned" in t.data)
        return ForeignPlan(
            source=source,
            format="mspdi",
            tool="msproject",
            data=data,
            stored=stored,
            report=self.tally.entries(),
            baselines=self._baselines(tasks),
            pinned=pinned,
        )

    def _calendar_data(
        self,
        calendars: dict[int, RawCalendar],
        names: dict[int, str],
        project_uid: int | None,
        window: tuple[dt.date, dt.date],
    ) -> dict[str, Any]:
        """The project's `calendar` and the named `calendars`; unused ones counted as dropped."""
        out: dict[str, Any] = {}
        project_cal = calendars.get(project_uid) if project_uid is not None else None
        if project_cal is not None:
            out["calendar"] = steerco_calendar(project_cal, self.hours_per_day, window, self.tally)
            if abs(calendar_hours(project_cal, self.hours_per_day) - self.hours_per_day) > _EPS:
                self.tally.add(
                    "project calendar hours",
                    "approximated",
                    "a day counts MinutesPerDay, as MS Project converts durations",
                )
        else:
            out["calendar"] = {"hours_per_day": self.hours_per_day}
        if names:
            out["calendars"] = {
                names[uid]: steerco_calendar(
                    calendars[uid],
                    calendar_hours(calendars[uid], self.hours_per_day),
                    window,
                    self.tally,
                )
                for uid in names
            }
        unused = [c.name for uid, c in calendars.items() if uid not in names and uid != project_uid]
        for name in unused:
            self.tally.add(
                "calendars",
                "dropped",
                "used by no task or resource (or the same as its base)",
                name,
            )
        return out

    # ---- tasks ---------------------------------------------------------------------------

    def _tasks(self) -> list[_Task]:
        x, found, seen = self.x, [], set()
        for element in x.path(self.root, "Tasks", "Task"):
            uid = x.integer(element, "UID")
            if uid is None:
                raise x.error(element, "a <Task> needs a <UID>")
            if uid == 0:
                self.summary_notes = x.text(element, "Notes")
                self.tally.add(
                    "project summary task",
                    "dropped",
                    "the whole project's row; steerco computes it (its notes are the "
                    "project's description)",
                )
                continue
            if x.flag(element, "IsNull"):
                self.tally.add("blank task rows", "dropped", "an empty row of the task table")
                continue
            name = x.text(element, "Name") or ""
            label = name or str(uid)
            ext = self._extended(element, label)
            task_id = ext.get(STEERCO_ID_ALIAS, str(uid))
            if task_id in seen:
                task_id = f"{task_id}-{uid}"
            seen.add(task_id)
            fmt = x.integer(element, "DurationFormat", 7)
            duration = self._amount(element, "Duration", fmt)
            milestone = x.flag(element, "Milestone")
            task = _Task(
                uid=uid,
                id=task_id,
                element=element,
                name=name,
                level=x.integer(element, "OutlineLevel", 1) or 1,
                start=x.datetime(element, "Start"),
                finish=x.datetime(element, "Finish"),
                duration=duration,
                milestone=milestone,
            )
            task.data["_ext"] = ext
            for link in x.children(element, "PredecessorLink"):
                task.links.append(self._link(link))
            count_unread(element, "Task", self.tally, label)
            found.append(task)
        return found

    def _link(self, link: etree._Element) -> tuple[int, str, Amount, etree._Element]:
        x = self.x
        pred = x.integer(link, "PredecessorUID")
        if pred is None:
            raise x.error(link, "a <PredecessorLink> needs a <PredecessorUID>")
        kind = x.integer(link, "Type", 1)
        if kind not in LINK_TYPES:
            raise x.error(link, f"link <Type> {kind} is not 0 (FF), 1 (FS), 2 (SF) or 3 (SS)")
        amount = lag_amount(
            x.integer(link, "LinkLag", 0) or 0, x.integer(link, "LagFormat", 7) or 7
        )
        return pred, LINK_TYPES[kind], amount, link

    def _finish_task(
        self,
        t: _Task,
        by_uid: dict[int, _Task],
        calendars: dict[int, RawCalendar],
        project_uid: int | None,
        used: dict[int, None],
    ) -> None:
        """Fill the task's steerco fields: duration, links, constraints, calendar, pin."""
        x, e, d, label = self.x, t.element, t.data, t.name or str(t.uid)
        ext = d.pop("_ext")
        if t.milestone or (t.duration is not None and abs(t.duration.hours) < _EPS):
            d["milestone"] = True
            if t.duration is not None and abs(t.duration.hours) > _EPS:
                self.tally.add(
                    "milestones with a duration",
                    "approximated",
                    "a milestone takes no time in steerco",
                    label,
                )
        elif t.duration is not None:
            d["duration"] = self._work_time(t.duration)
            if t.duration.elapsed:
                self.tally.add("elapsed durations", "carried", "", label)
        after: list[dict[str, Any]] = []
        for pred_uid, kind, amount, link in t.links:
            pred = by_uid.get(pred_uid)
            if pred is None:
                raise x.error(link, f"<PredecessorUID> {pred_uid} names no task of the file")
            dep: dict[str, Any] = {"task": pred.id, "type": kind}
            if amount.percent is not None:
                if amount.percent:
                    dep["lag_percent"] = amount.percent
                self.tally.add(
                    "percent lags" if not amount.elapsed else "elapsed percent lags",
                    "carried" if not amount.elapsed else "approximated",
                    "" if not amount.elapsed else "read as a percentage of working time",
                    label,
                )
            elif abs(amount.hours) > _EPS:
                dep["lag"] = self._work_time(amount)
                what = "elapsed lags" if amount.elapsed else "working-time lags"
                self.tally.add(
                    what if amount.hours > 0 else f"{what} (leads)", "carried", "", label
                )
            self.tally.add(f"{kind} links", "carried", "", label)
            after.append(dep)
        if after:
            d["after"] = after
        ctype = x.integer(e, "ConstraintType", 0) or 0
        if ctype == 1:
            self.tally.add(
                "as-late-as-possible constraints",
                "approximated",
                "scheduled as soon as possible",
                label,
            )
        elif ctype in CONSTRAINTS:
            moment = x.datetime(e, "ConstraintDate")
            if moment is None:
                raise x.error(e, f"constraint type {ctype} needs a <ConstraintDate>")
            day = moment.date() if ctype in (2, 4, 5) else _finish_day(None, moment)
            d[CONSTRAINTS[ctype]] = day
            self.tally.add(f"{_CONSTRAINT_NAMES[ctype]} constraints", "carried", "", label)
        elif ctype != 0:
            raise x.error(x.child(e, "ConstraintType"), f"<ConstraintType> {ctype} is not 0..7")
        deadline = x.datetime(e, "Deadline")
        if deadline is not None:
            d["deadline"] = _finish_day(None, deadline)
            self.tally.add("deadlines", "carried", "", label)
        cal_uid = x.integer(e, "CalendarUID", -1)
        if cal_uid is not None and cal_uid >= 0 and cal_uid != project_uid:
            if cal_uid not in calendars:
                raise x.error(
                    x.child(e, "CalendarUID"), f"<CalendarUID> {cal_uid} names no calendar"
                )
            d["_calendar_uid"] = cal_uid
            used.setdefault(cal_uid)
            self.tally.add("task calendars", "carried", "", label)
        notes = x.text(e, "Notes")
        if notes:
            d["description"] = notes
            self.tally.add("notes", "carried", "", label)
        cost = (x.number(e, "FixedCost", 0.0) or 0.0) / 100  # MSPDI costs are in cents
        cost += d.pop("_cost", 0.0)
        if cost > 0:
            d["cost"] = round(cost, 2)
            self.tally.add("fixed costs", "carried", "", label)
        reason = ext.get(PIN_ALIAS)
        if reason not in ("manual", "levelled", "contoured"):
            reason = None
            if x.flag(e, "Manual"):
                reason = "manual"
            elif (x.integer(e, "LevelingDelay", 0) or 0) > 0:
                reason = "levelled"
            elif d.pop("_contoured", False):
                reason = "contoured"
        d.pop("_contoured", None)
        if reason is not None and t.start is not None and t.finish is not None:
            d["pinned"] = {
                "start": t.start.date(),
                "finish": max(t.start.date(), _finish_day(t.start, t.finish)),
                "reason": reason,
            }
            self.tally.add(
                f"pinned tasks ({reason})",
                "carried",
                "the task keeps its stored dates; its links do not move it",
                label,
            )

    def _outline(self, tasks: list[_Task]) -> list[_Task]:
        """The top-level tasks, each with its children by outline level."""
        top: list[_Task] = []
        stack: list[_Task] = []
        for t in tasks:
            while stack and stack[-1].level >= t.level:
                stack.pop()
            (stack[-1].children if stack else top).append(t)
            stack.append(t)
        return top

    def _nest(self, t: _Task) -> dict[str, Any]:
        out: dict[str, Any] = {"id": t.id}
        if t.name:
            out["name"] = t.name
        data = dict(t.data)
        if t.children:
            data.pop("duration", None)
            data.pop("milestone", None)
            data.pop("demands", None)
            self.tally.add("summary tasks", "carried", "", t.name)
        elif data.get("milestone"):
            self.tally.add("milestones", "carried", "", t.name)
        else:
            self.tally.add("tasks", "carried", "", t.name)
        out.update(data)
        if t.children:
            out["children"] = [self._nest(c) for c in t.children]
        return out

    def _stored(self, tasks: list[_Task]) -> dict[str, StoredDates]:
        stored: dict[str, StoredDates] = {}
        for t in tasks:
            if t.start is None or t.finish is None:
                self.tally.add(
                    "tasks without stored dates", "dropped", "no <Start> or <Finish>", t.name
                )
                continue
            finish = max(t.start.date(), _finish_day(t.start, t.finish))
            stored[t.id] = StoredDates(t.start.date(), finish)
        return stored

    # ---- resources and assignments -------------------------------------------------------

    def _resources(
        self, calendars: dict[int, RawCalendar]
    ) -> tuple[list[dict[str, Any]], dict[int, str], dict[int, int], set[int]]:
        x = self.x
        project_uid = x.integer(self.root, "CalendarUID")
        resources: list[dict[str, Any]] = []
        ids: dict[int, str] = {}
        cal_of: dict[int, int] = {}
        cost: set[int] = set()
        for element in x.path(self.root, "Resources", "Resource"):
            uid = x.integer(element, "UID")
            if uid is None:
                raise x.error(element, "a <Resource> needs a <UID>")
            name = x.text(element, "Name") or ""
            if (uid == 0 and not name) or x.flag(element, "IsNull"):
                continue
            label = name or str(uid)
            ext = self._extended(element, label)
            kind = x.integer(element, "Type", 1)
            if kind == 2:
                cost.add(uid)
                self.tally.add(
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
                self.tally.add("material resources", "approximated", "read as equipment", label)
            capacity = x.number(element, "MaxUnits")
            if capacity is not None and abs(capacity - 1.0) > _EPS:
                out["capacity"] = capacity
            rate = x.number(element, "StandardRate", 0.0) or 0.0
            if rate > 0:
                if x.integer(element, "StandardRateFormat", 2) == 3:
                    out["rate"] = f"{round(rate * self.hours_per_day, 6):g}/d"
                else:
                    out["rate"] = f"{round(rate, 6):g}/h"
            cal_uid = x.integer(element, "CalendarUID", -1)
            resolved = self._resource_calendar(cal_uid, calendars)
            if resolved is not None and resolved != project_uid:
                out["_calendar_uid"] = resolved
                cal_of[uid] = resolved
                self.tally.add("resource calendars", "carried", "", label)
            notes = x.text(element, "Notes")
            if notes:
                out["description"] = notes
            count_unread(element, "Resource", self.tally, label)
            self.tally.add("resources", "carried", "", label)
            resources.append(out)
        return resources, ids, cal_of, cost

    def _resource_calendar(self, uid: int | None, calendars: dict[int, RawCalendar]) -> int | None:
        """The calendar a resource works on: its own, or its base when it changes nothing."""
        seen: set[int] = set()
        while uid is not None and uid in calendars and uid not in seen:
            seen.add(uid)
            cal = calendars[uid]
            if cal.own_changes or cal.base is None:
                return uid
            uid = cal.base
        return None

    def _assignments(self, tasks: list[_Task], ids: dict[int, str], cost: set[int]) -> None:
        x = self.x
        by_uid = {t.uid: t for t in tasks}
        for element in x.path(self.root, "Assignments", "Assignment"):
            task_uid, res_uid = x.integer(element, "TaskUID"), x.integer(element, "ResourceUID")
            task = by_uid.get(task_uid) if task_uid is not None else None
            if task is None:
                if task_uid == 0:
                    continue
                raise x.error(element, f"<TaskUID> {task_uid} names no task of the file")
            count_unread(element, "Assignment", self.tally, task.name)
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
            if abs(units - 1.0) > _EPS:
                demand["units"] = units
            task.data.setdefault("demands", []).append(demand)
            self.tally.add("assignments", "carried", "", task.name)

    def _calendar_names(
        self, calendars: dict[int, RawCalendar], used: dict[int, None]
    ) -> dict[int, str]:
        """Unique names of the used calendars, in the file's order."""
        names: dict[int, str] = {}
        taken = {"24x7"}
        for uid, cal in calendars.items():
            if uid not in used:
                continue
            name, n = cal.name, 2
            while name in taken:
                name, n = f"{cal.name} ({n})", n + 1
            taken.add(name)
            names[uid] = name
            if name != cal.name:
                self.tally.add("calendar names", "approximated", "made unique", name)
        return names

    # ---- progress and baselines ----------------------------------------------------------

    def _progress(self, tasks: list[_Task]) -> dict[str, Any]:
        x = self.x
        entries: dict[str, dict[str, Any]] = {}
        for t in tasks:
            if t.children:
                continue
            e = t.element
            actual_start = x.datetime(e, "ActualStart")
            actual_finish = x.datetime(e, "ActualFinish")
            percent = x.number(e, "PercentComplete")
            if actual_start is None and actual_finish is None and not percent:
                continue
            entry: dict[str, Any] = {}
            if actual_start is not None:
                entry["actual_start"] = actual_start.date()
            if actual_finish is not None:
                entry["actual_finish"] = _finish_day(actual_start, actual_finish)
            if percent is not None:
                entry["percent_complete"] = percent
            if actual_finish is None:
                remaining = self._amount(e, "RemainingDuration", x.integer(e, "DurationFormat", 7))
                if remaining is not None:
                    entry["remaining"] = self._work_time(remaining)
            entries[t.id] = entry
            self.tally.add("task progress", "carried", "", t.name)
        status = x.date(self.root, "StatusDate")
        out: dict[str, Any] = {}
        if status is not None:
            out["status_date"] = status
            self.tally.add("status date", "carried")
        if entries:
            out["tasks"] = entries
        return out

    def _baselines(self, tasks: list[_Task]) -> dict[str, dict[str, BaselineDates]]:
        x = self.x
        found: dict[str, dict[str, BaselineDates]] = {}
        for t in tasks:
            fmt = x.integer(t.element, "DurationFormat", 7)
            for element in x.children(t.element, "Baseline"):
                number = x.integer(element, "Number", 0) or 0
                start, finish = x.datetime(element, "Start"), x.datetime(element, "Finish")
                if start is None or finish is None or not 0 <= number <= 10:
                    self.tally.add("baseline entries without dates", "dropped", "no dates", t.name)
                    continue
                duration = self._amount(element, "Duration", fmt)
                name = "Baseline" if number == 0 else f"Baseline{number}"
                found.setdefault(name, {})[t.id] = BaselineDates(
                    start=start.date(),
                    finish=max(start.date(), _finish_day(start, finish)),
                    duration=self._days(duration) if duration is not None else 0.0,
                    cost=(x.number(element, "Cost", 0.0) or 0.0) / 100,
                )
                self.tally.add(f"{name} tasks", "carried", "", t.name)
        return found
