"""GanttProject `.gan` files in, natively: the plan, the dates GanttProject stored, a report.

Read with lxml, entities never expanded. The dates follow GanttProject's scheduler
(`SchedulerImpl`, `DependencyGraph`): a task works `duration` working days from its stored
`start`; a milestone is a point at the start of its `start` day, which steerco shows on
the working day before (the day its predecessor finishes); a summary spans its stored
start and duration. Links count their lags in working days of the project calendar
(`scheduling.lag_calendar: project`). GanttProject moves a task only when a strong link
(or a rubber link it breaks) drives it: a task no strong link drives stays where it was
put, which steerco keeps as `start_no_earlier_than`. `thirdDate` is an earliest start only
with `thirdDate-constraint="1"`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from lxml import etree

from steerco.formats.files import read_bytes
from steerco.formats.foreign.errors import content_error, syntax_error
from steerco.formats.foreign.gan_calendar import GanCalendar, read_calendar
from steerco.formats.foreign.gan_report import Tally, tag
from steerco.formats.foreign.gan_resources import GanPeople, read_people
from steerco.formats.foreign.gan_tasks import (
    LINK_TYPES,
    LONGEST,
    GanLink,
    GanTask,
    read_date,
    read_links,
    read_tasks,
    read_whole,
)
from steerco.formats.foreign.plan import BaselineDates, ForeignPlan, StoredDates, task_lines

__all__ = ["read_gan"]

_KNOWN = {
    "description", "view", "calendars", "tasks", "resources", "allocations", "vacations",
    "previous", "roles",
}  # fmt: skip
_TASK_PARTS = {"task", "depend", "notes", "customproperty"}
_NO_TASKS = dt.date(2000, 1, 3)  # the start of a file without tasks: any fixed Monday


def _parse(raw: bytes, file: str) -> etree._Element:
    """The document's root `<project>`; `foreign_syntax` at the line where reading stopped."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        message = f"not a well-formed GanttProject file: {error.msg}"
        raise syntax_error(file, message, error.lineno) from None
    if root.tag != "project":
        raise content_error(
            file, f"a GanttProject file starts with <project>, not <{tag(root)}>", root.sourceline
        )
    return root


class _Dates:
    """Stored dates in steerco's convention, on the file's calendar from the project start."""

    def __init__(self, calendar: GanCalendar, start: dt.date) -> None:
        self.calendar = calendar
        self.first = calendar.on_or_after(start)

    def point(self, day: dt.date) -> dt.date:
        """The day steerco shows a point at the start of `day` on: the working day before."""
        return self.first if day <= self.first else self.calendar.before(day)

    def span(self, start: dt.date, days: int) -> StoredDates:
        """First and last of `days` working days from `start` (a point when `days` is 0)."""
        if days <= 0:
            day = self.point(start)
            return StoredDates(day, day)
        first = self.calendar.on_or_after(start)
        return StoredDates(first, self.calendar.last_day(first, days))

    def of(self, task: GanTask) -> StoredDates:
        """The dates GanttProject shows for the task."""
        return self.span(task.start, 0 if task.milestone else task.duration)


def _earliest(task: GanTask, dates: _Dates, driven: bool) -> tuple[dt.date | None, bool]:
    """The task's start_no_earlier_than, and whether its placement (not thirdDate) sets it."""
    stored = dates.of(task).start
    placed = stored if not driven and stored > dates.first else None
    third = None
    if task.third is not None and task.third_constraint:
        third = dates.point(task.third) if task.milestone else task.third
        if task.milestone and third <= dates.first:
            third = None
    if placed is None or (third is not None and third >= placed):
        return third, False
    return placed, True


def _task_data(
    task: GanTask,
    tasks: dict[str, GanTask],
    after: dict[str, list[dict[str, Any]]],
    extra: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": task.id, "name": task.name or task.id}
    if task.notes:
        out["description"] = task.notes
    if task.summary:
        out["children"] = [_task_data(tasks[c], tasks, after, extra) for c in task.children]
    elif task.milestone:
        out["milestone"] = True
    else:
        out["duration"] = f"{task.duration}d"
    if after.get(task.id):
        out["after"] = after[task.id]
    out.update(extra.get(task.id, {}))
    return out


def _after(links: list[GanLink]) -> dict[str, list[dict[str, Any]]]:
    after: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        entry: dict[str, Any] = {"task": link.predecessor, "type": link.type}
        if link.lag:
            entry["lag"] = f"{link.lag}d"
        after.setdefault(link.successor, []).append(entry)
    return after


def _report_links(links: list[GanLink], tally: Tally) -> None:
    for kind in LINK_TYPES.values():
        chosen = [f"{x.predecessor}->{x.successor}" for x in links if x.type == kind]
        tally.add(f"{kind} links", "carried", len(chosen), examples=chosen)
    lags = [f"{x.predecessor}->{x.successor} {x.lag:+d}d" for x in links if x.lag > 0]
    leads = [f"{x.predecessor}->{x.successor} {x.lag:+d}d" for x in links if x.lag < 0]
    rule = "working days of the project calendar, as GanttProject counts `difference`"
    tally.add("lags", "carried", len(lags), rule, lags)
    tally.add("leads (negative lags)", "carried", len(leads), rule, leads)
    nested = [f"{x.predecessor}->{x.successor}" for x in links if x.nested]
    tally.add(
        "links of nested tasks",
        "carried",
        len(nested),
        "read at every depth (MPXJ 16 reads only the links of top-level tasks)",
        nested,
    )
    rubber = [f"{x.predecessor}->{x.successor}" for x in links if not x.strong]
    tally.add(
        "rubber links",
        "carried",
        len(rubber),
        "'at least': the successor may start later; its placed start is kept (placed starts)",
        rubber,
    )


def _constraints(
    tasks: dict[str, GanTask], links: list[GanLink], dates: _Dates, tally: Tally
) -> dict[str, dict[str, Any]]:
    """start_no_earlier_than of each leaf: its thirdDate constraint or where it was put."""
    driven = {link.successor for link in links if link.strong}
    extra: dict[str, dict[str, Any]] = {}
    placed: list[str] = []
    for task in tasks.values():
        if task.summary:
            bound = task.third if task.third_constraint else None
            by_placement = False
        else:
            bound, by_placement = _earliest(task, dates, task.id in driven)
        if bound is not None:
            extra[task.id] = {"start_no_earlier_than": bound}
            if by_placement:
                placed.append(f"{task.id}: {bound}")
    with_third = [t.id for t in tasks.values() if t.third is not None and t.third_constraint]
    without = [t.id for t in tasks.values() if t.third is not None and not t.third_constraint]
    tally.add("earliest starts (thirdDate-constraint=1)", "carried", len(with_third),
              "start_no_earlier_than", with_third)  # fmt: skip
    tally.add(
        "thirdDate without thirdDate-constraint=1",
        "dropped",
        len(without),
        "GanttProject does not schedule by it (MPXJ turns it into a constraint)",
        without,
    )
    tally.add(
        "placed starts",
        "carried",
        len(placed),
        "GanttProject leaves a task that no strong link drives where it was put: "
        "steerco holds it there with start_no_earlier_than",
        placed,
    )
    return extra


def _report_tasks(tasks: dict[str, GanTask], tally: Tally) -> None:
    values = list(tasks.values())
    summaries = [t.id for t in values if t.summary]
    tally.add("summary tasks", "carried", len(summaries), examples=summaries)
    tally.add("tasks", "carried", sum(1 for t in values if not t.summary and not t.milestone))
    tally.add("milestones", "carried", sum(1 for t in values if t.milestone))
    empty = [t.id for t in values if t.milestone and not t.meeting]
    tally.add("tasks of 0 days", "carried", len(empty), "read as milestones", empty)
    flagged = [t.id for t in values if t.meeting and t.summary]
    tally.add("milestone flags on summaries", "dropped", len(flagged),
              "a task with subtasks is a summary", flagged)  # fmt: skip
    tally.add("notes", "carried", sum(1 for t in values if t.notes), "the task's description")
    done = [f"{t.id}: {c}%" for t in values if (c := t.element.get("complete") or "0") != "0"]
    tally.add(
        "percent complete",
        "dropped",
        len(done),
        "GanttProject records no status date and no actual dates, which steerco's progress "
        "needs: record progress with a status date (progress.status_date)",
        done,
    )
    attributes = (
        ("priorities", "priority", "steerco has no task priority"),
        ("colours", "color", "display only"),
        ("bar shapes", "shape", "display only"),
        ("hyperlinks", "webLink", "steerco has no task link"),
        ("project-task flags", "project", "display only"),
    )
    for what, name, reason in attributes:
        unset = ("", "1") if name == "priority" else ("",)  # 1: GanttProject's normal priority
        found = [t.id for t in values if (t.element.get(name) or "") not in unset]
        tally.add(what, "dropped", len(found), reason, found)
    legacy = [t.id for t in values if t.legacy_fixed_start]
    tally.add("fixed-start flags", "carried", len(legacy),
              "the old fixed-start makes the links into the task rubber", legacy)  # fmt: skip
    custom = sum(len(t.element.findall("customproperty")) for t in values)
    tally.add("task custom properties", "dropped", custom, "steerco has no custom task fields")
    other = [f"{t.id}: <{c.tag}>" for t in values for c in t.element
             if isinstance(c.tag, str) and c.tag not in _TASK_PARTS]  # fmt: skip
    tally.add("other task elements", "dropped", len(other), "not part of the schedule", other)


def _costs(tasks: dict[str, GanTask], file: str, tally: Tally) -> dict[str, float]:
    costs: dict[str, float] = {}
    for task in tasks.values():
        value = task.element.get("cost-manual-value")
        if task.element.get("cost-calculated") == "false" and value:
            try:
                costs[task.id] = float(value)
            except ValueError:
                raise content_error(
                    file,
                    f"task {task.id} has cost-manual-value={value!r}, not a number",
                    task.element.sourceline,
                ) from None
    tally.add(
        "manual costs",
        "carried",
        len(costs),
        "a cost typed in by hand (cost-calculated=false) is the task's fixed cost",
        costs,
    )
    return costs


def _split(tasks: dict[str, GanTask], people: GanPeople, dates: _Dates, tally: Tally) -> list[str]:
    """Tasks whose resources' vacations overlap them: kept in one stretch (`split: false`)."""
    kept: list[str] = []
    for task_id, demands in people.demands.items():
        stored = dates.of(tasks[task_id])
        for demand in demands:
            leave = people.leave.get(demand["resource"], [])
            if any(a <= stored.finish and stored.start <= b for a, b in leave):
                kept.append(task_id)
                break
    tally.add(
        "tasks over a vacation",
        "approximated",
        len(kept),
        "GanttProject does not move work for a vacation: steerco keeps such a task to one "
        "stretch of the project's working days (split: false) so that it does not either",
        kept,
    )
    return kept


def _baselines(
    root: etree._Element, tasks: dict[str, GanTask], dates: _Dates, file: str, tally: Tally
) -> dict[str, dict[str, BaselineDates]]:
    """`<previous><previous-tasks name>`: each task's start, duration (and so finish)."""
    out: dict[str, dict[str, BaselineDates]] = {}
    gone: list[str] = []
    for k, state in enumerate(root.iterfind("previous/previous-tasks"), start=1):
        name = (state.get("name") or "").strip() or f"baseline {k}"
        while name in out:
            name += "'"
        frozen: dict[str, BaselineDates] = {}
        for element in state.iterchildren("previous-task"):
            task_id = (element.get("id") or "").strip()
            start = read_date(element, "start", file)
            days = read_whole(element, "duration", file, default=0)
            if not 0 <= days <= LONGEST:
                raise content_error(
                    file, f"baseline task {task_id} lasts {days} days", element.sourceline
                )
            if task_id not in tasks:
                gone.append(f"{name}: {task_id}")
                continue
            point = element.get("meeting") == "true" or days == 0
            span = dates.span(start, 0 if point else days)
            frozen[task_id] = BaselineDates(span.start, span.finish, 0.0 if point else float(days))
        out[name] = frozen
    tally.add("baselines", "carried", len(out), "each task's start and duration", out)
    tally.add("baseline tasks", "carried", sum(len(b) for b in out.values()))
    tally.add(
        "baseline tasks no longer in the plan", "dropped", len(gone),
        "a baseline keeps the tasks of the plan", gone,
    )  # fmt: skip
    return out


def _report_project(root: etree._Element, tally: Tally) -> None:
    views = root.findall("view")
    tally.add("views", "dropped", len(views), "GanttProject's columns, zoom and timeline")
    custom = [p.get("name") or "" for p in root.iterfind("tasks/taskproperties/taskproperty")
              if p.get("type") == "custom"]  # fmt: skip
    tally.add("custom columns", "dropped", len(custom), "steerco has no custom task fields", custom)
    said = [name for name in ("company", "webLink") if (root.get(name) or "").strip()]
    tally.add("project company and link", "dropped", len(said), "not part of the plan", said)
    other = [f"<{c.tag}>" for c in root if isinstance(c.tag, str) and c.tag not in _KNOWN]
    tally.add("other elements", "dropped", len(other), "not part of the plan", other)


def read_gan(source: Path) -> ForeignPlan:
    """A GanttProject file as steerco project data, GanttProject's dates and the report."""
    file = str(source)
    root = _parse(read_bytes(source), file)
    tally = Tally()
    calendar = read_calendar(root, file, tally)
    tasks = read_tasks(root, file)
    links = read_links(tasks, file)
    start = min((t.start for t in tasks.values()), default=None)
    dates = _Dates(calendar, start or _NO_TASKS)
    stored = {task_id: dates.of(task) for task_id, task in tasks.items()}
    _report_tasks(tasks, tally)
    _report_links(links, tally)
    extra = _constraints(tasks, links, dates, tally)
    for task_id, cost in _costs(tasks, file, tally).items():
        extra.setdefault(task_id, {})["cost"] = cost
    kinds = {t.id: "summary" if t.summary else "milestone" if t.milestone else "task"
             for t in tasks.values()}  # fmt: skip

    def parse(element: etree._Element, name: str) -> dt.date:
        return read_date(element, name, file)

    people = read_people(root, file, tally, kinds, parse)
    for task_id, demands in people.demands.items():
        extra.setdefault(task_id, {})["demands"] = demands
    for task_id in _split(tasks, people, dates, tally):
        extra[task_id]["split"] = False
    baselines = _baselines(root, tasks, dates, file, tally)
    _report_project(root, tally)
    data: dict[str, Any] = {"name": (root.get("name") or "").strip() or source.stem}
    description = root.findtext("description")
    if description and description.strip():
        data["description"] = description.strip()
    if start is not None:
        data["start"] = start
        last = max((s.finish for s in stored.values()), default=start)
        data["calendar"] = calendar.steerco(start.year, last.year + 1)
    data["scheduling"] = {"lag_calendar": "project"}
    if people.resources:
        data["resources"] = people.resources
    after = _after(links)
    data["tasks"] = [_task_data(t, tasks, after, extra) for t in tasks.values() if t.parent is None]
    return ForeignPlan(
        source=source,
        format="gan",
        tool="ganttproject",
        data=data,
        stored=stored,
        report=tally.entries(),
        baselines=baselines,
        lines=task_lines((t.id, t.element.sourceline) for t in tasks.values()),
    )
