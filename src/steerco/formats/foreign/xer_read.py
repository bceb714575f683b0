"""Read a Primavera P6 XER file natively: one of its projects as steerco project data.

What is read, per table: PROJECT (id, start, data date, default calendar, the calendar
relationship lags count on), PROJWBS (the WBS: summaries; the project node is not a
task), TASK (activities: kind, durations in hours, constraints, calendar, progress,
stored early/actual dates, target dates as the baseline "Planned"), TASKPRED (the four
link types with lags in hours; links to another project's activity become constraints at
that activity's stored date), CALENDAR (work weeks and exceptions), RSRC and RSRCRATE
(resources, calendar, max units, rate), TASKRSRC (assignments and their costs), PROJCOST
(expenses: fixed cost) and TASKMEMO (notes). Every other table and field is counted in
the conversion report as dropped.

P6 keeps durations and lags in hours: a duration is its hours over its calendar's
`day_hr_cnt`, a lag its hours over the day of the calendar it counts on (the
predecessor's by default). When one is not a whole number of days, the plan is read in
hours (`unit: hour`).
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.files import read_bytes
from steerco.formats.foreign.errors import content_error, unknown_project
from steerco.formats.foreign.plan import (
    BaselineDates,
    ConversionEntry,
    ForeignPlan,
    Outcome,
    StoredDates,
    task_lines,
)
from steerco.formats.foreign.xer_calendars import WeekCalendar, parse_clndr_data
from steerco.formats.foreign.xer_tables import XerFile, XerRow, parse_date, parse_xer
from steerco.model.ranges import MAX_WBS_DEPTH

__all__ = ["read_xer"]

_LINK_TYPES = {"PR_FS": "FS", "PR_SS": "SS", "PR_FF": "FF", "PR_SF": "SF"}
_LAG_CALENDARS = {
    "rcal_Predecessor": "predecessor",
    "rcal_Successor": "successor",
    "rcal_24Hour": "24x7",
    "rcal_ProjDefault": "project",
}
_CONSTRAINTS = {
    "CS_MSO": ("must_start_on", "carried", ""),
    "CS_MSOA": ("start_no_earlier_than", "carried", ""),
    "CS_MSOB": ("start_no_later_than", "carried", ""),
    "CS_MEO": ("must_finish_on", "carried", ""),
    "CS_MEOA": ("finish_no_earlier_than", "carried", ""),
    "CS_MEOB": ("finish_no_later_than", "carried", ""),
    "CS_MANDSTART": (
        "must_start_on",
        "approximated",
        "a mandatory start is read as must start on; P6 also lets it break its links",
    ),
    "CS_MANDFIN": (
        "must_finish_on",
        "approximated",
        "a mandatory finish is read as must finish on; P6 also lets it break its links",
    ),
}


def _fields(names: str) -> frozenset[str]:
    """The field names written in one string, separated by spaces."""
    return frozenset(names.split())


_STATES = ("TK_NotStart", "TK_Active", "TK_Complete")
_READ_FIELDS: dict[str, frozenset[str]] = {
    "PROJECT": _fields(
        "proj_id proj_short_name clndr_id plan_start_date last_recalc_date "
        "sched_calendar_on_relationship_lag"
    ),
    "PROJWBS": _fields(
        "wbs_id proj_id seq_num proj_node_flag wbs_short_name wbs_name parent_wbs_id"
    ),
    "TASK": _fields(
        "task_id proj_id wbs_id clndr_id phys_complete_pct task_type status_code task_code "
        "task_name remain_drtn_hr_cnt target_drtn_hr_cnt cstr_date act_start_date "
        "act_end_date early_start_date early_end_date target_start_date target_end_date "
        "cstr_type cstr_date2 cstr_type2"
    ),
    "TASKPRED": _fields(
        "task_pred_id task_id pred_task_id proj_id pred_proj_id pred_type lag_hr_cnt"
    ),
    "CALENDAR": _fields(
        "clndr_id default_flag clndr_name proj_id base_clndr_id day_hr_cnt clndr_data"
    ),
    "RSRC": _fields("rsrc_id clndr_id rsrc_name rsrc_short_name rsrc_type"),
    "RSRCRATE": _fields("rsrc_rate_id rsrc_id max_qty_per_hr cost_per_qty start_date"),
    "TASKRSRC": _fields(
        "taskrsrc_id task_id proj_id rsrc_id target_qty target_qty_per_hr target_cost"
    ),
    "PROJCOST": _fields("proj_cost_id proj_id task_id target_cost cost_name"),
    "TASKMEMO": _fields("memo_id task_id proj_id task_memo"),
}
_DROPPED_TABLES = {
    "CURRTYPE": "currencies: the project keeps the header's currency",
    "OBS": "the responsibility structure (OBS) has no steerco counterpart",
    "UDFTYPE": "user-defined fields have no steerco counterpart",
    "UDFVALUE": "user-defined fields have no steerco counterpart",
    "ACTVTYPE": "activity codes have no steerco counterpart",
    "ACTVCODE": "activity codes have no steerco counterpart",
    "TASKACTV": "activity codes have no steerco counterpart",
    "RISKTYPE": "P6 risk types; steerco's risks live in the risk register",
    "ROLES": "roles without an assignment to a resource are not read",
    "RSRCROLE": "roles without an assignment to a resource are not read",
    "MEMOTYPE": "notebook topics: the notes themselves are read into descriptions",
    "SCHEDOPTIONS": "scheduling options other than the lag calendar",
    "PROJPCAT": "project codes have no steerco counterpart",
    "ACCOUNT": "cost accounts have no steerco counterpart",
}
_TAG = re.compile(r"<[^>]+>")


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _number(row: XerRow, name: str, file: str, default: float = 0.0) -> float:
    """Field `name` of `row` as a number; a located error when it is none (abc, nan, inf).

    An empty field is `default`: P6 leaves optional numbers empty.
    """
    text = row.get(name)
    if not text:
        return default
    value = float(text) if _NUMBER.fullmatch(text) else math.nan
    if not math.isfinite(value):
        raise content_error(
            file, f"{name} is {text!r}; P6 writes a number here, such as 40 or 12.5", row.line
        )
    return value


def _amount(value: float) -> str:
    """A number as written in a duration: whole when it is, else to four places."""
    rounded = round(value, 4)
    return str(int(rounded)) if float(rounded).is_integer() else str(rounded)


def _whole(value: float) -> bool:
    return abs(value - round(value)) < 1e-6


def _finish_day(moment: dt.datetime) -> dt.date:
    """The last working day of a finish: a finish at midnight ends the day before."""
    if moment.time() == dt.time(0, 0):
        return moment.date() - dt.timedelta(days=1)
    return moment.date()


def _note(memo: str) -> str:
    """A P6 notebook entry (HTML, lines split by 0x7F) as plain text."""
    text = memo.replace("\x7f", "\n")
    text = re.sub(r"(?i)<br\s*/?>|</p>", "\n", text)
    return html.unescape(_TAG.sub("", text)).strip()


@dataclass
class _Report:
    """The conversion report, one entry per concept, outcome and rule (counts added up)."""

    counts: dict[tuple[str, Outcome, str], int] = field(default_factory=dict)
    examples: dict[tuple[str, Outcome, str], list[str]] = field(default_factory=dict)

    def add(
        self,
        what: str,
        outcome: Outcome,
        count: int,
        rule: str = "",
        examples: list[str] | None = None,
    ) -> None:
        """Count `count` more items of `what` (nothing when `count` is 0)."""
        if count <= 0:
            return
        key = (what, outcome, rule)
        self.counts[key] = self.counts.get(key, 0) + count
        self.examples.setdefault(key, []).extend(examples or [])

    @property
    def entries(self) -> tuple[ConversionEntry, ...]:
        """The report's entries in the order first counted, with up to five examples."""
        return tuple(
            ConversionEntry(
                what, outcome, count, rule, tuple(dict.fromkeys(self.examples[key]))[:5]
            )
            for key in self.counts
            for what, outcome, rule in [key]
            for count in [self.counts[key]]
        )


@dataclass
class _Calendar:
    """A CALENDAR row read: its steerco name, day length and week."""

    name: str
    day_hours: float
    week: WeekCalendar


def _pick(xer: XerFile, file: str, wanted: str | None) -> tuple[XerRow, tuple[str, ...]]:
    """The PROJECT row `--project` names (the only one when the file holds one)."""
    rows = xer.rows("PROJECT")
    known = tuple(row.get("proj_short_name") for row in rows)
    if not rows:
        raise content_error(file, "the file holds no PROJECT row: export a project from P6", 1)
    if wanted is not None:
        for row in rows:
            if row.get("proj_short_name") == wanted:
                return row, known
        raise unknown_project(file, wanted, known)
    if len(rows) > 1:
        message = (
            f"the file holds {len(rows)} projects ({', '.join(known)}); pick one with --project ID"
        )
        line = xer.tables["PROJECT"].line
        raise ProjectError([Diagnostic(Code.unknown_foreign_project, message, (), file, line)])
    return rows[0], known


def read_xer(source: Path, *, project: str | None = None) -> ForeignPlan:
    """One project of a P6 XER file (`project`: its proj_short_name) as a ForeignPlan."""
    file = str(source)
    xer = parse_xer(read_bytes(source), file)
    chosen, known = _pick(xer, file, project)
    return _XerReader(xer, file, chosen).plan(source, known)


def _unique_rows(
    rows: list[XerRow],
    field: str,
    file: str,
    again: Callable[[str, int], str],
    empty: str | None = None,
) -> dict[str, XerRow]:
    """The rows by `field`; a value on two rows is a located error at the second.

    `again(value, first_line)` says so; `empty`, when given, is the error for a row with
    no value (else such a row is keyed by the empty text like any other).
    """
    found: dict[str, XerRow] = {}
    for row in rows:
        key = row.get(field)
        if not key and empty is not None:
            raise content_error(file, empty, row.line)
        if key in found:
            raise content_error(file, again(key, found[key].line), row.line)
        found[key] = row
    return found


def _by_task_id(rows: list[XerRow], file: str) -> dict[str, XerRow]:
    """The TASK rows by task_id; a task_id on two rows is a located error (one would be lost)."""
    return _unique_rows(
        rows,
        "task_id",
        file,
        lambda key, line: (
            f"task_id {key} is also the task_id of the TASK row at line {line}; "
            "each activity needs its own"
        ),
        empty="a TASK row without a task_id",
    )


def _one_row_per_code(tasks: list[XerRow], file: str) -> None:
    """An activity ID (task_code) on two TASK rows of the project is a located error."""
    _unique_rows(
        [row for row in tasks if row.get("task_code")],
        "task_code",
        file,
        lambda code, line: (
            f"activity ID (task_code) {code!r} is also the ID of the TASK row "
            f"at line {line}; each activity of a project needs its own"
        ),
    )


def _by_wbs_id(nodes: list[XerRow], file: str) -> dict[str, XerRow]:
    """The PROJWBS rows by wbs_id; a wbs_id on two rows is a located error."""
    return _unique_rows(
        nodes,
        "wbs_id",
        file,
        lambda key, line: (
            f"wbs_id {key} is also the wbs_id of the PROJWBS row at line {line}; "
            "each WBS element needs its own"
        ),
    )


def _no_wbs_loop(nodes: list[XerRow], by_id: dict[str, XerRow], file: str) -> None:
    """A WBS element among its own parents is a located error at its PROJWBS row.

    Its activities would otherwise be lost: no element of the loop is under the project.
    """
    settled: set[str] = set()  # elements whose parents lead out of the WBS or to the project
    for row in nodes:
        chain: list[str] = []
        node: XerRow | None = row
        while node is not None and node.get("proj_node_flag") != "Y":
            key = node.get("wbs_id")
            if key in settled:
                break
            if key in chain:
                loop = [by_id[k] for k in chain[chain.index(key) :]]
                first = min(range(len(loop)), key=lambda i: loop[i].line)
                loop = loop[first:] + loop[: first + 1]
                named = " -> ".join(f"{r.get('wbs_id')} ({r.get('wbs_short_name')})" for r in loop)
                raise content_error(
                    file,
                    f"the WBS loops: parent_wbs_id leads {named}; each WBS element needs a "
                    "parent outside it (or the project node)",
                    loop[0].line,
                )
            chain.append(key)
            node = by_id.get(node.get("parent_wbs_id"))
        settled.update(chain)


class _XerReader:
    """Reads the chosen project's rows into steerco data, stored dates and the report."""

    def __init__(self, xer: XerFile, file: str, project: XerRow) -> None:
        self.xer = xer
        self.file = file
        self.project = project
        self.proj_id = project.get("proj_id")
        self.report = _Report()
        self.tasks = [row for row in xer.rows("TASK") if row.get("proj_id") == self.proj_id]
        _one_row_per_code(self.tasks, file)
        self.all_tasks = _by_task_id(xer.rows("TASK"), file)
        self.by_id = {row.get("task_id"): row for row in self.tasks}
        self.calendar_rows = {row.get("clndr_id"): row for row in xer.rows("CALENDAR")}
        self.calendars: dict[str, _Calendar] = {}
        self.names: set[str] = set()
        self.default_calendar = self._default_calendar_id()
        self.lag_calendar = self._lag_calendar()
        self.unit = "day"
        self.planned_cost: dict[str, float] = {}
        self.task_rows: list[tuple[str, int]] = []
        """Each task of the data (activities and WBS summaries): its id and its row's line."""

    # -- calendars -----------------------------------------------------------------------

    def _default_calendar_id(self) -> str:
        wanted = self.project.get("clndr_id")
        if wanted in self.calendar_rows:
            return wanted
        for row in self.xer.rows("CALENDAR"):
            if row.get("default_flag") == "Y":
                return row.get("clndr_id")
        return next(iter(self.calendar_rows), "")

    def calendar(self, clndr_id: str) -> _Calendar:
        """The calendar `clndr_id` (the project's default when it names none)."""
        if clndr_id not in self.calendar_rows:
            clndr_id = self.default_calendar
        if clndr_id in self.calendars:
            return self.calendars[clndr_id]
        row = self.calendar_rows.get(clndr_id)
        if row is None:  # a file without calendars: P6's standard week
            week = WeekCalendar(hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), 8.0))
            read = _Calendar("Standard", 8.0, week)
            self.calendars[clndr_id] = read
            return read
        try:
            week = parse_clndr_data(row.get("clndr_data"))
        except ValueError as error:
            raise content_error(
                self.file, f"calendar {row.get('clndr_name')!r}: clndr_data: {error}", row.line
            ) from None
        base = row.get("base_clndr_id")
        if base and base != clndr_id and base in self.calendar_rows:
            week = week.with_base(self.calendar(base).week)
        hours = (
            _number(row, "day_hr_cnt", self.file) or max(week.hours.values(), default=8.0) or 8.0
        )
        name = row.get("clndr_name") or f"calendar {clndr_id}"
        unique, n = name, 2
        while unique in self.names or unique == "24x7":
            unique, n = f"{name} ({n})", n + 1
        self.names.add(unique)
        read = _Calendar(unique, hours, week)
        self.calendars[clndr_id] = read
        return read

    def _lag_calendar(self) -> str:
        value = self.project.get("sched_calendar_on_relationship_lag")
        if not value:
            for row in self.xer.rows("SCHEDOPTIONS"):
                if row.get("proj_id") == self.proj_id:
                    value = row.get("sched_calendar_on_relationship_lag")
        return _LAG_CALENDARS.get(value, "predecessor")

    # -- durations and lags --------------------------------------------------------------

    def day_hours(self, row: XerRow) -> float:
        """The working hours of a day of the activity's calendar (`day_hr_cnt`)."""
        return self.calendar(row.get("clndr_id")).day_hours

    def lag_day_hours(self, pred: XerRow, succ: XerRow) -> float:
        """The day length of the calendar a link's lag counts on (the scheduling option)."""
        if self.lag_calendar == "successor":
            return self.day_hours(succ)
        if self.lag_calendar == "24x7":
            return 24.0
        if self.lag_calendar == "project":
            return self.calendar(self.default_calendar).day_hours
        return self.day_hours(pred)

    def duration_hours(self, row: XerRow) -> float:
        """Hours the activity is planned for: remaining when not started, else original."""
        target = _number(row, "target_drtn_hr_cnt", self.file)
        if row.get("status_code") == "TK_NotStart" and row.get("remain_drtn_hr_cnt"):
            return _number(row, "remain_drtn_hr_cnt", self.file)
        return target

    def time(self, hours: float, day_hours: float) -> str:
        """Hours as steerco working time: days of `day_hours`, or hours in an hour plan."""
        if self.unit == "hour":
            return f"{_amount(hours)}h"
        return f"{_amount(hours / day_hours)}d"

    def elapsed(self, hours: float, name: str) -> str:
        """A lag on P6's 24-hour calendar: elapsed days, part days rounded (reported)."""
        days = hours / 24
        if not _whole(days):
            self.report.add(
                "lags of part of a 24-hour day",
                "approximated",
                1,
                "a lag on the 24-hour calendar is read in whole elapsed days, rounded",
                [name],
            )
        return f"{round(days)}ed"

    def _choose_unit(self, links: list[tuple[XerRow, XerRow, XerRow]]) -> None:
        """`hour` when a duration or lag is not a whole number of days of its calendar."""
        odd: list[str] = []
        for row in self.tasks:
            hours = [self.duration_hours(row), _number(row, "remain_drtn_hr_cnt", self.file)]
            if not all(_whole(h / self.day_hours(row)) for h in hours):
                odd.append(row.get("task_code"))
        for link, pred, succ in links:
            lag = _number(link, "lag_hr_cnt", self.file)
            if self.lag_calendar == "24x7":
                continue  # elapsed days (`elapsed`)
            if not _whole(lag / self.lag_day_hours(pred, succ)):
                odd.append(f"{pred.get('task_code')}->{succ.get('task_code')}")
        if odd:
            self.unit = "hour"
            self.report.add(
                "durations and lags in hours",
                "carried",
                len(odd),
                "not whole days of their calendar: the plan is read in hours (unit: hour)",
                odd,
            )

    # -- the plan ------------------------------------------------------------------------

    def plan(self, source: Path, known: tuple[str, ...]) -> ForeignPlan:
        """The whole ForeignPlan of the chosen project."""
        report = self.report
        report.add("encoding", "carried", 1, f"read as {self.xer.encoding}", [self.xer.encoding])
        links, external = self._links()
        self._choose_unit(links)
        project_calendar = self.calendar(self.default_calendar)
        data: dict[str, Any] = {"name": self._title(), "unit": self.unit}
        currency = self.xer.header[7] if len(self.xer.header) > 7 else ""
        if re.fullmatch(r"[A-Z]{3}", currency):
            data["currency"] = currency
        start = parse_date(self.project, "plan_start_date", self.file)
        stored = {row.get("task_code"): self._stored(row) for row in self.tasks}
        first = min((dates.start for dates in stored.values()), default=None)
        if start is not None:
            data["start"] = min(start.date(), first) if first else start.date()
        elif first is not None:
            data["start"] = first
        tasks = {row.get("task_id"): self._task(row) for row in self.tasks}
        self.task_rows += [(tasks[row.get("task_id")]["id"], row.line) for row in self.tasks]
        self._link_data(tasks, links)
        self._external(tasks, external)
        self._resources(data, tasks)
        self._costs_and_notes(tasks)
        progress = self._progress(data)
        if progress:
            data["progress"] = progress
        data["tasks"] = self._wbs(tasks, stored)
        calendar, partial = project_calendar.week.steerco(project_calendar.day_hours)
        self._calendars(data, calendar, partial)
        data["scheduling"] = {"lag_calendar": self.lag_calendar}
        report.add(
            "lag calendar",
            "carried",
            1,
            f"lags count on the {self.lag_calendar} calendar, as the project's scheduling "
            "option says",
        )
        self._leftovers()
        return ForeignPlan(
            source=source,
            format="xer",
            tool="p6",
            data=data,
            stored=stored,
            report=report.entries,
            baselines={"Planned": self._baseline()},
            project_id=self.project.get("proj_short_name"),
            projects=known,
            lines=task_lines(self.task_rows),
        )

    def _title(self) -> str:
        for row in self.xer.rows("PROJWBS"):
            if row.get("proj_id") == self.proj_id and row.get("proj_node_flag") == "Y":
                return row.get("wbs_name") or self.project.get("proj_short_name")
        return self.project.get("proj_short_name") or "P6 project"

    # -- activities ----------------------------------------------------------------------

    def _stored(self, row: XerRow) -> StoredDates:
        """The dates P6 computed: actual where done, early otherwise; a milestone's one day."""

        def date(name: str) -> dt.datetime | None:
            return parse_date(row, name, self.file)

        state = row.get("status_code")
        start = date("act_start_date") if state != "TK_NotStart" else None
        finish = date("act_end_date") if state == "TK_Complete" else None
        start = start or date("early_start_date") or date("target_start_date")
        finish = finish or date("early_end_date") or date("target_end_date")
        if start is None and finish is None:
            raise content_error(
                self.file, f"activity {row.get('task_code')!r} has no dates; schedule it in P6 "
                "(F9) and export again", row.line,
            )  # fmt: skip
        kind = row.get("task_type")
        if kind == "TT_Mile":
            day = (start or finish).date()  # type: ignore[union-attr]
            return StoredDates(day, day)
        if kind == "TT_FinMile":
            day = _finish_day(finish) if finish else start.date()  # type: ignore[union-attr]
            return StoredDates(day, day)
        first = (start or finish).date()  # type: ignore[union-attr]
        last = _finish_day(finish) if finish else first
        return StoredDates(first, max(first, last))

    def _task(self, row: XerRow) -> dict[str, Any]:
        code = row.get("task_code")
        if not code:
            raise content_error(self.file, "an activity without an ID (task_code)", row.line)
        task: dict[str, Any] = {"id": code, "name": row.get("task_name")}
        kind = row.get("task_type")
        hours = self.day_hours(row)
        if kind in ("TT_Mile", "TT_FinMile"):
            task["milestone"] = True
            self.report.add("milestones", "carried", 1)
        else:
            task["duration"] = self.time(self.duration_hours(row), hours)
            if kind in ("TT_LOE", "TT_WBS"):
                label = "level of effort" if kind == "TT_LOE" else "WBS summary"
                self.report.add(
                    f"{label} activities",
                    "approximated",
                    1,
                    "read as a task of its stored duration; P6 stretches it between its links",
                    [code],
                )
            else:
                self.report.add("activities", "carried", 1)
        if row.get("clndr_id") and row.get("clndr_id") != self.default_calendar:
            task["calendar"] = self.calendar(row.get("clndr_id")).name
            self.report.add("activity calendars", "carried", 1)
        for type_field, date_field in (("cstr_type", "cstr_date"), ("cstr_type2", "cstr_date2")):
            self._constraint(row, task, row.get(type_field), date_field)
        return task

    def _constraint(self, row: XerRow, task: dict[str, Any], kind: str, date_field: str) -> None:
        if not kind:
            return
        code = row.get("task_code")
        if kind == "CS_ALAP":
            self.report.add(
                "as-late-as-possible constraints",
                "approximated",
                1,
                "scheduled as soon as possible: steerco has no as-late-as-possible",
                [code],
            )
            return
        known = _CONSTRAINTS.get(kind)
        moment = parse_date(row, date_field, self.file)
        if known is None or moment is None:
            self.report.add(
                "constraints",
                "dropped",
                1,
                f"{kind} without a date or of a kind steerco lacks",
                [code],
            )
            return
        name, outcome, rule = known
        finish = "finish" in name
        day = _finish_day(moment) if finish else moment.date()
        task[name] = day
        self.report.add(
            f"{kind} constraints",
            "carried" if outcome == "carried" else "approximated",
            1,
            rule,
            [code],
        )

    # -- links ---------------------------------------------------------------------------

    def _links(
        self,
    ) -> tuple[list[tuple[XerRow, XerRow, XerRow]], list[tuple[XerRow, XerRow, XerRow]]]:
        """Links within the project and links from another project's activity.

        Each as (the link row, the predecessor, the successor).
        """
        inside: list[tuple[XerRow, XerRow, XerRow]] = []
        external: list[tuple[XerRow, XerRow, XerRow]] = []
        outgoing = 0
        for link in self.xer.rows("TASKPRED"):
            succ_id, pred_id = link.get("task_id"), link.get("pred_task_id")
            succ = self.all_tasks.get(succ_id)
            pred = self.all_tasks.get(pred_id)
            for wanted, found, role in (
                (succ_id, succ, "task_id"),
                (pred_id, pred, "pred_task_id"),
            ):
                if found is None:
                    raise content_error(
                        self.file,
                        f"TASKPRED {role} {wanted!r} names no activity of the file's TASK table",
                        link.line,
                    )
            assert succ is not None and pred is not None
            if link.get("pred_type") not in _LINK_TYPES:
                raise content_error(
                    self.file,
                    f"pred_type {link.get('pred_type')!r}; P6 writes PR_FS, PR_SS, PR_FF or PR_SF",
                    link.line,
                )
            if succ_id in self.by_id:
                (inside if pred_id in self.by_id else external).append((link, pred, succ))
            elif pred_id in self.by_id:
                outgoing += 1
        self.report.add(
            "links to other projects' activities",
            "dropped",
            outgoing,
            "the successor belongs to another project of the file; it does not move this one",
        )
        return inside, external

    def _link_data(
        self, tasks: dict[str, dict[str, Any]], links: list[tuple[XerRow, XerRow, XerRow]]
    ) -> None:
        for link, pred, succ in links:
            kind = _LINK_TYPES[link.get("pred_type")]
            dep: dict[str, Any] = {"task": pred.get("task_code"), "type": kind}
            lag = _number(link, "lag_hr_cnt", self.file)
            if lag:
                day = self.lag_day_hours(pred, succ)
                name = f"{pred.get('task_code')}->{succ.get('task_code')}"
                dep["lag"] = (
                    self.elapsed(lag, name) if self.lag_calendar == "24x7" else self.time(lag, day)
                )
                self.report.add("lags", "carried", 1)
            tasks[succ.get("task_id")].setdefault("after", []).append(dep)
            self.report.add(f"{kind} links", "carried", 1)
        driven = {
            succ.get("task_code") for _, _, succ in links if succ.get("task_type") == "TT_Mile"
        }
        self.report.add(
            "start milestones after a predecessor",
            "approximated",
            len(driven),
            "P6 may date a start milestone at the start of the next working day; steerco dates "
            "a milestone on the day its predecessors finish",
            sorted(driven),
        )

    def _external(
        self, tasks: dict[str, dict[str, Any]], external: list[tuple[XerRow, XerRow, XerRow]]
    ) -> None:
        """A link from another project's activity: a constraint at that activity's date."""
        for link, pred, succ in external:
            kind = _LINK_TYPES[link.get("pred_type")]
            dates = self._stored(pred)
            other = self.calendar(pred.get("clndr_id")).week
            days = round(
                _number(link, "lag_hr_cnt", self.file)
                / self.calendar(pred.get("clndr_id")).day_hours
            )
            anchor = dates.finish if kind in ("FS", "FF") else dates.start
            # Work after a finish begins the next working day (after a start milestone, on
            # its day); an SF-driven finish ends the working day before the start.
            step = {"FS": 1, "SS": 0, "FF": 0, "SF": -1}[kind]
            if kind == "FS" and pred.get("task_type") == "TT_Mile":
                step = 0
            day = _shift(other, anchor, days + step)
            name = "start_no_earlier_than" if kind in ("FS", "SS") else "finish_no_earlier_than"
            task = tasks[succ.get("task_id")]
            task[name] = max(day, task[name]) if task.get(name) else day
            self.report.add(
                "external links",
                "approximated",
                1,
                f"a link from another project's activity becomes a {name.replace('_', ' ')} "
                "constraint at that activity's stored date (plus lag)",
                [f"{pred.get('task_code')} {kind} {succ.get('task_code')}"],
            )

    # -- resources, costs, notes ---------------------------------------------------------

    def _resources(self, data: dict[str, Any], tasks: dict[str, dict[str, Any]]) -> None:
        rows = {row.get("rsrc_id"): row for row in self.xer.rows("RSRC")}
        rates: dict[str, XerRow] = {}
        for rate in sorted(self.xer.rows("RSRCRATE"), key=lambda r: r.get("start_date")):
            rates.setdefault(rate.get("rsrc_id"), rate)
        used: dict[str, XerRow] = {}
        no_rate_cost = 0
        for assignment in self.xer.rows("TASKRSRC"):
            task = tasks.get(assignment.get("task_id"))
            if task is None:
                continue
            resource = rows.get(assignment.get("rsrc_id"))
            if resource is None:
                self.report.add(
                    "role assignments", "dropped", 1, "an assignment to a role, not a resource",
                    [task["id"]],
                )  # fmt: skip
                continue
            used[resource.get("rsrc_id")] = resource
            row = self.by_id[assignment.get("task_id")]
            units = _number(assignment, "target_qty_per_hr", self.file)
            hours = _number(row, "target_drtn_hr_cnt", self.file)
            if units <= 0 and hours > 0:
                units = _number(assignment, "target_qty", self.file) / hours
            if units <= 0:
                self.report.add(
                    "assignments without units", "dropped", 1, "no units to carry", [task["id"]]
                )
                continue
            task.setdefault("demands", []).append(
                {"resource": resource.get("rsrc_short_name"), "units": round(units, 4)}
            )
            self.report.add("assignments", "carried", 1)
            if row.get("task_type") == "TT_Task" and self._own_calendar(resource, row):
                self.report.add(
                    "task-dependent activities with resources on another calendar",
                    "approximated",
                    1,
                    "P6 schedules them on the activity's calendar alone; steerco keeps their "
                    "work to the resources' calendar too",
                    [task["id"]],
                )
            cost = _number(assignment, "target_cost", self.file)
            self.planned_cost[task["id"]] = self.planned_cost.get(task["id"], 0.0) + cost
            if cost and resource.get("rsrc_id") not in rates:
                task["cost"] = round(task.get("cost", 0.0) + cost, 2)
                no_rate_cost += 1
            elif cost:
                self.report.add("assignment costs", "carried", 1, "at the resource's rate")
        self.report.add(
            "assignment costs", "approximated", no_rate_cost,
            "the cost of a resource without a rate is the task's fixed cost",
        )  # fmt: skip
        resources = []
        for rid, row in used.items():
            entry: dict[str, Any] = {
                "id": row.get("rsrc_short_name"),
                "name": row.get("rsrc_name"),
            }
            kind = row.get("rsrc_type")
            if kind == "RT_Equip":
                entry["kind"] = "equipment"
            elif kind == "RT_Mat":
                entry["kind"] = "equipment"
                self.report.add(
                    "material resources", "approximated", 1, "read as equipment", [entry["id"]]
                )
            rate_row = rates.get(rid)
            if rate_row is not None:
                entry["capacity"] = _number(rate_row, "max_qty_per_hr", self.file, 1.0)
                if _number(rate_row, "cost_per_qty", self.file):
                    entry["rate"] = f"{_amount(_number(rate_row, 'cost_per_qty', self.file))}/h"
            if row.get("clndr_id") and row.get("clndr_id") != self.default_calendar:
                entry["calendar"] = self.calendar(row.get("clndr_id")).name
                self.report.add("resource calendars", "carried", 1)
            resources.append(entry)
            self.report.add("resources", "carried", 1)
        self.report.add(
            "resources not assigned in this project", "dropped", len(rows) - len(used),
            "a resource no activity of the project uses",
        )  # fmt: skip
        if resources:
            data["resources"] = resources

    def _own_calendar(self, resource: XerRow, activity: XerRow) -> bool:
        """Whether the resource works on another calendar than the activity."""
        mine = resource.get("clndr_id") or self.default_calendar
        return mine != (activity.get("clndr_id") or self.default_calendar)

    def _costs_and_notes(self, tasks: dict[str, dict[str, Any]]) -> None:
        for expense in self.xer.rows("PROJCOST"):
            task = tasks.get(expense.get("task_id"))
            if task is None:
                continue
            cost = _number(expense, "target_cost", self.file)
            task["cost"] = round(task.get("cost", 0.0) + cost, 2)
            self.planned_cost[task["id"]] = self.planned_cost.get(task["id"], 0.0) + cost
            self.report.add("expenses", "carried", 1, "added to the task's fixed cost")
        for memo in self.xer.rows("TASKMEMO"):
            task = tasks.get(memo.get("task_id"))
            if task is None:
                continue
            note = _note(memo.get("task_memo"))
            task["description"] = (
                f"{task['description']}\n\n{note}" if task.get("description") else note
            )
            self.report.add("notes", "carried", 1)

    # -- progress, WBS, calendars --------------------------------------------------------

    def _progress(self, data: dict[str, Any]) -> dict[str, Any]:
        entries: dict[str, dict[str, Any]] = {}
        for row in self.tasks:
            state = row.get("status_code")
            if state not in _STATES:
                raise content_error(
                    self.file, f"status_code {state!r}; P6 writes {', '.join(_STATES)}", row.line
                )
            if state == "TK_NotStart":
                continue
            code, milestone = (
                row.get("task_code"),
                row.get("task_type") in ("TT_Mile", "TT_FinMile"),
            )
            actual_start = parse_date(row, "act_start_date", self.file)
            entry: dict[str, Any] = {}
            if actual_start is not None and not (milestone and state == "TK_Complete"):
                entry["actual_start"] = actual_start.date()
            if state == "TK_Complete":
                actual_finish = parse_date(row, "act_end_date", self.file) or actual_start
                if actual_finish is None:
                    raise content_error(
                        self.file, f"completed activity {code!r} has no actual dates", row.line
                    )
                entry["actual_finish"] = _finish_day(actual_finish)
                entry["percent_complete"] = 100.0
            else:
                entry["percent_complete"] = _number(row, "phys_complete_pct", self.file)
                entry["remaining"] = self.time(
                    _number(row, "remain_drtn_hr_cnt", self.file), self.day_hours(row)
                )
            entries[code] = entry
        self.report.add("activities with progress", "carried", len(entries))
        if not entries:
            return {}
        moment = parse_date(self.project, "last_recalc_date", self.file)
        if moment is None:
            raise content_error(
                self.file,
                "a progressed project without a data date (last_recalc_date)",
                self.project.line,
            )
        week = self.calendar(self.default_calendar).week
        begins = week.day_start.get(
            ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[moment.weekday()]
        )
        if moment.time() == dt.time(0, 0) or (begins is not None and moment.time() <= begins):
            status = moment.date() - dt.timedelta(days=1)  # the data date starts that day
        else:
            status = moment.date()
            self.report.add(
                "data date within a day", "approximated", 1,
                "a data date during a working day counts that whole day as done",
            )  # fmt: skip
        self.report.add(
            "data date",
            "carried",
            1,
            f"status date {status}: the day before {moment:%Y-%m-%d %H:%M}",
        )
        return {"status_date": status, "tasks": entries}

    def _wbs(
        self, tasks: dict[str, dict[str, Any]], stored: dict[str, StoredDates]
    ) -> list[dict[str, Any]]:
        nodes = [row for row in self.xer.rows("PROJWBS") if row.get("proj_id") == self.proj_id]
        by_id = _by_wbs_id(nodes, self.file)
        _no_wbs_loop(nodes, by_id, self.file)
        children: dict[str, list[XerRow]] = defaultdict(list)
        roots: list[XerRow] = []
        for row in nodes:
            parent = row.get("parent_wbs_id")
            if row.get("proj_node_flag") == "Y":
                continue
            if parent in by_id and by_id[parent].get("proj_node_flag") != "Y":
                children[parent].append(row)
            else:
                roots.append(row)
                if parent and parent not in by_id:
                    self.report.add(
                        "WBS elements under a missing parent", "approximated", 1,
                        "its parent_wbs_id names no WBS element of the project: placed at the "
                        "top level", [row.get("wbs_short_name") or row.get("wbs_id")],
                    )  # fmt: skip
        activities: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.tasks:
            activities[row.get("wbs_id")].append(tasks[row.get("task_id")])
        codes = set(stored)
        empty: list[str] = []

        def code_of(row: XerRow, prefix: str) -> str:
            code = f"{prefix}.{row.get('wbs_short_name') or row.get('wbs_id')}"
            return code if code not in codes else f"{code} (WBS)"

        def build(row: XerRow, prefix: str, level: int = 1) -> dict[str, Any] | None:
            if level >= MAX_WBS_DEPTH:  # its activities would sit deeper still
                raise content_error(
                    self.file,
                    f"the WBS is more than {MAX_WBS_DEPTH - 1} levels deep at this element; "
                    f"a steerco plan nests at most {MAX_WBS_DEPTH} levels, its tasks included",
                    row.line,
                )
            code = code_of(row, prefix)
            order = sorted(
                children[row.get("wbs_id")], key=lambda r: _number(r, "seq_num", self.file)
            )
            kids = [*activities[row.get("wbs_id")]]
            kids += [node for child in order if (node := build(child, code, level + 1)) is not None]
            if not kids:
                empty.append(code)
                return None
            leaves = [stored[k["id"]] for k in kids if k["id"] in stored]
            stored[code] = StoredDates(min(d.start for d in leaves), max(d.finish for d in leaves))
            self.report.add("WBS elements", "carried", 1)
            self.task_rows.append((code, row.line))
            return {"id": code, "name": row.get("wbs_name"), "children": kids}

        top_level = [
            tasks[row.get("task_id")]
            for row in self.tasks
            if row.get("wbs_id") not in by_id
            or by_id[row.get("wbs_id")].get("proj_node_flag") == "Y"
        ]
        outside = [row.get("task_code") for row in self.tasks if row.get("wbs_id") not in by_id]
        self.report.add(
            "activities outside the WBS", "approximated", len(outside),
            "its wbs_id names no WBS element of the project: placed at the top level", outside,
        )  # fmt: skip
        prefix = self.project.get("proj_short_name")
        roots.sort(key=lambda r: _number(r, "seq_num", self.file))
        out = top_level + [node for row in roots if (node := build(row, prefix)) is not None]
        self.report.add(
            "empty WBS elements", "dropped", len(empty), "a WBS element without activities", empty
        )
        return out

    def _calendars(self, data: dict[str, Any], calendar: dict[str, Any], partial: int) -> None:
        data["calendar"] = calendar
        named: dict[str, Any] = {}
        partial_days = partial
        project = self.calendar(self.default_calendar)
        for clndr_id, read in self.calendars.items():
            exceptions = len(read.week.exceptions)
            self.report.add("calendar exceptions", "carried", exceptions)
            if clndr_id == self.default_calendar or read is project:
                continue
            content, odd = read.week.steerco(read.day_hours)
            named[read.name] = content
            partial_days += odd
        if named:
            data["calendars"] = named
        self.report.add("calendars", "carried", len(self.calendars))
        self.report.add(
            "partial working days", "approximated", partial_days,
            "a weekday or exception with other working hours than the calendar's day counts as "
            "a whole working day",
        )  # fmt: skip
        if self.unit == "hour" and not _whole(project.day_hours):
            data["calendar"]["hours_per_day"] = round(project.day_hours)
            self.report.add(
                "day length", "approximated", 1,
                f"a day of {project.day_hours} hours is read as {round(project.day_hours)} in an "
                "hour-based plan",
            )  # fmt: skip

    def _baseline(self) -> dict[str, BaselineDates]:
        baseline: dict[str, BaselineDates] = {}
        for row in self.tasks:
            start = parse_date(row, "target_start_date", self.file)
            finish = parse_date(row, "target_end_date", self.file)
            start, finish = start or finish, finish or start
            if start is None or finish is None:
                continue
            code = row.get("task_code")
            days = _number(row, "target_drtn_hr_cnt", self.file) / self.day_hours(row)
            last = max(start.date(), _finish_day(finish))
            cost = round(self.planned_cost.get(code, 0.0), 2)
            baseline[code] = BaselineDates(start.date(), last, round(days, 4), cost)
        self.report.add("planned dates (baseline)", "carried", len(baseline))
        return baseline

    def _leftovers(self) -> None:
        """Count every table and field the reader did not carry."""
        for name, table in self.xer.tables.items():
            if name in _READ_FIELDS:
                unread = [f for f in table.fields if f not in _READ_FIELDS[name]]
                rule = "fields steerco has no counterpart for"
                self.report.add(f"{name} fields", "dropped", len(unread), rule, unread)
                others = [
                    r
                    for r in table.rows
                    if r.get("proj_id") not in ("", self.proj_id)
                    and r.get("pred_task_id") not in self.by_id  # counted as outgoing links
                ]
                if name not in ("CALENDAR", "RSRC", "RSRCRATE"):
                    self.report.add(
                        f"{name} rows of other projects", "dropped", len(others),
                        "the file holds several projects; --project picks one",
                    )  # fmt: skip
            else:
                reason = _DROPPED_TABLES.get(name, "a table steerco does not read")
                self.report.add(f"{name} rows", "dropped", len(table.rows), reason)
        unused = [
            row.get("clndr_name")
            for cid, row in self.calendar_rows.items()
            if cid not in self.calendars
        ]
        self.report.add("calendars not used by this project", "dropped", len(unused), "", unused)


def _shift(week: WeekCalendar, day: dt.date, days: int) -> dt.date:
    """The working day `days` working days after `day` (before, when negative), on `week`."""
    step = 1 if days >= 0 else -1
    for _ in range(abs(days)):
        day += dt.timedelta(days=step)
        while not week.is_working(day):
            day += dt.timedelta(days=step)
    return day
