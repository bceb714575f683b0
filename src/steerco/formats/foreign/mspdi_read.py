"""Read an MS Project XML (MSPDI) file into steerco project data, natively (lxml, no Java).

What is carried over, approximated and dropped, field by field, is in docs/interop.md.
MS Project's rules that the data keeps: a lag counts on the successor's calendar
(`scheduling.lag_calendar: successor`); an FF or SF link lands its successor's finish on
the driving time (`scheduling.finish_links: driving`); a task with `Manual`, a `LevelingDelay` or an
assignment's edited `WorkContour` keeps its stored dates (`pinned`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
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
from steerco.formats.foreign.mspdi_context import (
    EPS,
    PIN_ALIAS,
    STEERCO_ID_ALIAS,
    Context,
    TaskRow,
    finish_day,
)
from steerco.formats.foreign.mspdi_durations import Amount, lag_amount
from steerco.formats.foreign.mspdi_external import external_constraint
from steerco.formats.foreign.mspdi_fields import count_unread
from steerco.formats.foreign.mspdi_progress import read_baselines, read_progress
from steerco.formats.foreign.mspdi_resources import read_assignments, read_resources
from steerco.formats.foreign.mspdi_xml import parse_mspdi
from steerco.formats.foreign.plan import ForeignPlan, StoredDates, task_lines
from steerco.model.ranges import MAX_WBS_DEPTH

__all__ = ["read_mspdi"]

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


def read_mspdi(source: Path, *, content: bytes | None = None) -> ForeignPlan:
    """The plan of an MSPDI file (or of `content`, MSPDI bytes already in memory)."""
    raw = content if content is not None else read_bytes(source)
    root = parse_mspdi(str(source), raw)
    return _Import(str(source), root).plan(source)


class _Import(Context):
    """The reading of one file: the plan, its tasks and their outline."""

    def __init__(self, file: str, root: etree._Element) -> None:
        super().__init__(file, root)
        self.summary_notes: str | None = None
        self.externals: dict[int, TaskRow] = {}
        """Other projects' tasks (`ExternalTask` 1) by UID: not tasks of the plan."""
        self.inactive: set[int] = set()
        """UIDs of the inactive tasks (`Active` 0), which MS Project does not schedule."""

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
        resources, resource_ids, resource_calendars, cost_resources = read_resources(
            self, calendars
        )
        read_assignments(self, tasks, resource_ids, cost_resources)
        project_uid = x.integer(root, "CalendarUID")
        for t in tasks:
            t.duration = self._in_project_hours(t, calendars, project_uid)
        self.hour_unit = any(self.not_whole(t.duration) for t in tasks) or any(
            self.not_whole(amount) for t in tasks for _, _, amount, _ in t.links
        )
        if self.hour_unit and abs(self.hours_per_day - round(self.hours_per_day)) > EPS:
            self.tally.add(
                "hours per day", "approximated", "rounded to whole hours for a plan in hours"
            )
            self.hours_per_day = float(round(self.hours_per_day))
        by_uid = {t.uid: t for t in tasks}
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
        data["scheduling"] = {"lag_calendar": "successor", "finish_links": "driving"}
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
        progress = read_progress(self, tasks)
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
            baselines=read_baselines(self, tasks),
            pinned=pinned,
            lines=task_lines((t.id, t.element.sourceline) for t in tasks),
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
            if abs(calendar_hours(project_cal, self.hours_per_day) - self.hours_per_day) > EPS:
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
        unused = [
            c.name
            for uid, c in calendars.items()
            if uid not in names and uid != project_uid and uid not in self.as_leave
        ]
        for name in unused:
            self.tally.add(
                "calendars",
                "dropped",
                "used by no task or resource (or the same as its base)",
                name,
            )
        return out

    # ---- tasks ---------------------------------------------------------------------------

    def _tasks(self) -> list[TaskRow]:
        x, found, seen = self.x, [], set()
        uids: dict[int, int | None] = {}
        inactive_level: int | None = None  # the subtasks of an inactive summary are inactive
        for element in x.path(self.root, "Tasks", "Task"):
            uid = x.integer(element, "UID")
            if uid is None:
                raise x.error(element, "a <Task> needs a <UID>")
            tag = x.child(element, "UID")
            if uid in uids:
                raise x.error(
                    tag, f"<UID> {uid} is also at line {uids[uid]}; each task needs its own"
                )
            uids[uid] = tag.sourceline if tag is not None else None
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
            level = self._level(element)
            if inactive_level is not None and level <= inactive_level:
                inactive_level = None
            active = (x.text(element, "Active") or "1").lower()
            if inactive_level is not None or active in ("0", "false"):
                inactive_level = level if inactive_level is None else inactive_level
                self.inactive.add(uid)
                self.tally.add(
                    "inactive tasks",
                    "dropped",
                    "MS Project neither schedules nor costs an inactive task (Active 0; "
                    "an inactive summary's subtasks too); its links move no task",
                    label,
                )
                continue
            if x.flag(element, "ExternalTask"):
                self._external_row(element, uid, name, level)
                continue
            ext = self.extended(element, label)
            task_id = ext.get(STEERCO_ID_ALIAS, str(uid))
            if task_id in seen:
                task_id = f"{task_id}-{uid}"
            seen.add(task_id)
            task = self._row(element, uid, task_id, name, level)
            task.data["_ext"] = ext
            for link in x.children(element, "PredecessorLink"):
                task.links.append(self._link(link))
            count_unread(element, "Task", self.tally, label)
            found.append(task)
        self.left_out = self.inactive | set(self.externals)
        return found

    def _row(
        self, element: etree._Element, uid: int, task_id: str, name: str, level: int
    ) -> TaskRow:
        x = self.x
        return TaskRow(
            uid=uid,
            id=task_id,
            element=element,
            name=name,
            level=level,
            start=x.datetime(element, "Start"),
            finish=x.datetime(element, "Finish"),
            duration=self.amount(element, "Duration", x.integer(element, "DurationFormat", 7)),
            milestone=x.flag(element, "Milestone"),
        )

    def _external_row(self, element: etree._Element, uid: int, name: str, level: int) -> None:
        """Another project's task: kept aside for the links from it; links to it dropped."""
        x = self.x
        label = name or str(uid)
        project = x.text(element, "ExternalTaskProject")
        self.externals[uid] = self._row(element, uid, str(uid), name, level)
        self.tally.add(
            "other projects' tasks",
            "dropped",
            "an external task (ExternalTask 1) is not a task of this plan; a link from it "
            "becomes a constraint",
            f"{label} ({project})" if project else label,
        )
        for link in x.children(element, "PredecessorLink"):
            self._link(link)
            self.tally.add(
                "links to other projects' tasks",
                "dropped",
                "the successor belongs to another project; it does not move this one",
                label,
            )

    def _level(self, element: etree._Element) -> int:
        """The task's <OutlineLevel>: 1 for a top-level task (0, the project's, read as 1)."""
        level = self.x.integer(element, "OutlineLevel", 1)
        if level is not None and level < 0:
            raise self.x.error(
                self.x.child(element, "OutlineLevel"),
                f"<OutlineLevel> {level} is below 0; a task's level is 0 or more (0 reads as 1)",
            )
        return level or 1

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

    def _in_project_hours(
        self, t: TaskRow, calendars: dict[int, RawCalendar], project_uid: int | None
    ) -> Amount | None:
        """A task's working duration as hours of project days, on a calendar of other days.

        MS Project counts a duration in hours of the task's calendar (3 days of 8 hours
        run one day on a 24-hour calendar); steerco counts days of the task's calendar,
        written in project hours (`duration: 1d` on a 24-hour calendar runs 24 hours). A
        duration on a calendar whose day has H hours is h / H of its days, so h x P / H
        hours of a project day of P hours.
        """
        uid = self.x.integer(t.element, "CalendarUID", -1)
        own = calendars.get(uid) if uid is not None and uid != project_uid else None
        if t.duration is None or t.duration.elapsed or t.duration.percent is not None:
            return t.duration
        if own is None:
            return t.duration
        day = calendar_hours(own, self.hours_per_day)
        if abs(day - self.hours_per_day) <= EPS:
            return t.duration
        self.day_scale[t.uid] = self.hours_per_day / day  # its RemainingDuration too
        return replace(t.duration, hours=t.duration.hours * self.day_scale[t.uid])

    def _finish_task(
        self,
        t: TaskRow,
        by_uid: dict[int, TaskRow],
        calendars: dict[int, RawCalendar],
        project_uid: int | None,
        used: dict[int, None],
    ) -> None:
        """Fill the task's steerco fields: duration, links, constraints, calendar, pin."""
        x, e, d, label = self.x, t.element, t.data, t.name or str(t.uid)
        ext = d.pop("_ext")
        if t.milestone or (t.duration is not None and abs(t.duration.hours) < EPS):
            d["milestone"] = True
            if t.duration is not None and abs(t.duration.hours) > EPS:
                self.tally.add(
                    "milestones with a duration",
                    "approximated",
                    "a milestone takes no time in steerco",
                    label,
                )
        elif t.duration is not None:
            d["duration"] = self.work_time(t.duration)
            if t.duration.elapsed:
                self.tally.add("elapsed durations", "carried", "", label)
        after: list[dict[str, Any]] = []
        external: dict[str, dt.date] = {}
        cal_uid = x.integer(e, "CalendarUID", -1)
        own = calendars.get(cal_uid) if cal_uid is not None and cal_uid >= 0 else None
        calendar = own or (calendars.get(project_uid) if project_uid is not None else None)
        for pred_uid, kind, amount, link in t.links:
            pred = by_uid.get(pred_uid)
            if pred_uid in self.inactive:
                self.tally.add(
                    "links from inactive tasks",
                    "dropped",
                    "MS Project does not schedule an inactive task: it moves no successor",
                    label,
                )
                continue
            other = self.externals.get(pred_uid)
            if other is not None:
                self._external_link(kind, amount, other, calendar, label, external)
                continue
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
            elif abs(amount.hours) > EPS:
                dep["lag"] = self.work_time(amount)
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
            day = moment.date() if ctype in (2, 4, 5) else finish_day(None, moment)
            d[CONSTRAINTS[ctype]] = day
            self.tally.add(f"{_CONSTRAINT_NAMES[ctype]} constraints", "carried", "", label)
        elif ctype != 0:
            raise x.error(x.child(e, "ConstraintType"), f"<ConstraintType> {ctype} is not 0..7")
        for name, moment in self.extended_dates(e).items():
            if name not in d:
                start_type = name.startswith(("start", "must_start"))
                d[name] = moment.date() if start_type else finish_day(None, moment)
                self.tally.add(
                    "further constraints",
                    "carried",
                    "in steerco's extended attributes (MS Project holds one constraint)",
                    label,
                )
        for name, day in external.items():
            d[name] = max(day, d[name]) if name in d else day
        if x.flag(e, "IgnoreResourceCalendar"):
            d["split"] = False
            self.tally.add(
                "tasks ignoring resource calendars",
                "carried",
                "split: false (their resources' days off do not move them)",
                label,
            )
        deadline = x.datetime(e, "Deadline")
        if deadline is not None:
            d["deadline"] = finish_day(None, deadline)
            self.tally.add("deadlines", "carried", "", label)
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
                "finish": max(t.start.date(), finish_day(t.start, t.finish)),
                "reason": reason,
            }
            self.tally.add(
                f"pinned tasks ({reason})",
                "carried",
                "the task keeps its stored dates; its links do not move it",
                label,
            )

    def _external_link(
        self,
        kind: str,
        amount: Amount,
        other: TaskRow,
        calendar: RawCalendar | None,
        label: str,
        external: dict[str, dt.date],
    ) -> None:
        """A link from another project's task: a constraint at its stored date plus the lag."""
        found = external_constraint(kind, amount, other, calendar, self.hours_per_day)
        example = f"{other.name or other.uid} {kind} {label}"
        if found is None:
            self.tally.add(
                "external links",
                "dropped",
                "the other project's task has no stored date to constrain its successor",
                example,
            )
            return
        name, day = found
        external[name] = max(day, external[name]) if name in external else day
        self.tally.add(
            "external links",
            "approximated",
            f"a link from another project's task becomes a {name.replace('_', ' ')} "
            "constraint at that task's stored date (plus lag, in whole working days)",
            example,
        )

    def _outline(self, tasks: list[TaskRow]) -> list[TaskRow]:
        """The top-level tasks, each with its children by outline level."""
        top: list[TaskRow] = []
        stack: list[TaskRow] = []
        for t in tasks:
            while stack and stack[-1].level >= t.level:
                stack.pop()
            if len(stack) >= MAX_WBS_DEPTH:
                raise self.x.error(
                    t.element,
                    f"the outline is more than {MAX_WBS_DEPTH} levels deep at this task; a "
                    f"steerco plan nests at most {MAX_WBS_DEPTH} levels",
                )
            (stack[-1].children if stack else top).append(t)
            stack.append(t)
        return top

    def _nest(self, t: TaskRow) -> dict[str, Any]:
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

    def _stored(self, tasks: list[TaskRow]) -> dict[str, StoredDates]:
        stored: dict[str, StoredDates] = {}
        for t in tasks:
            if t.start is None or t.finish is None:
                self.tally.add(
                    "tasks without stored dates", "dropped", "no <Start> or <Finish>", t.name
                )
                continue
            finish = max(t.start.date(), finish_day(t.start, t.finish))
            stored[t.id] = StoredDates(t.start.date(), finish)
        return stored

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
