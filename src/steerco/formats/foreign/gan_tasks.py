"""The task tree of a `.gan` file and its links, read as GanttProject reads them.

A `<task id name start duration meeting ...>` nests its subtasks (a task with subtasks is
a summary, whose start and duration GanttProject stores too); `<notes>` is its
description. A `<depend id type difference hardness>` inside task P, at any depth, makes
task `id` a successor of P: type 1 = start-start, 2 = finish-start, 3 = finish-finish,
4 = start-finish (`ConstraintType`, persisted as ordinal + 1); `difference` is a lag in
working days of the project calendar (negative: a lead); `hardness` is Strong (the
successor as early as the link allows) or Rubber (at least that late).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from lxml import etree

from steerco.formats.foreign.errors import content_error
from steerco.formats.foreign.gan_report import tag
from steerco.model.ranges import MAX_DATE, MIN_DATE

__all__ = [
    "LINK_TYPES",
    "LONGEST",
    "GanLink",
    "GanTask",
    "read_date",
    "read_links",
    "read_tasks",
    "read_whole",
]

LINK_TYPES = {"1": "SS", "2": "FS", "3": "FF", "4": "SF"}
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?\s*$")
_LEGACY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
LONGEST = 36_600
"""The most working days a duration or lag may count (a hundred years): past it, an error."""


@dataclass(frozen=True)
class GanLink:
    """One `<depend>`: predecessor, successor, type (FS...), lag in working days, hardness."""

    predecessor: str
    successor: str
    type: str
    lag: int
    strong: bool
    line: int | None
    nested: bool
    """Whether the `<depend>` sits on a task below the top level (MPXJ 16 skips those)."""


@dataclass
class GanTask:
    """One `<task>` as the file holds it."""

    id: str
    name: str
    element: etree._Element
    parent: str | None
    start: dt.date
    duration: int
    meeting: bool
    children: list[str] = field(default_factory=list)
    notes: str = ""
    third: dt.date | None = None
    third_constraint: bool = False
    legacy_fixed_start: bool = False

    @property
    def summary(self) -> bool:
        """Whether the task has subtasks."""
        return bool(self.children)

    @property
    def milestone(self) -> bool:
        """A leaf GanttProject marks as a milestone, or one of no duration."""
        return not self.children and (self.meeting or self.duration == 0)


def read_date(element: etree._Element, name: str, file: str) -> dt.date:
    """A date attribute as GanttProject writes it (YYYY-MM-DD, or the old DD/MM/YYYY)."""
    value = element.get(name)
    if value is None:
        raise content_error(file, f"<{tag(element)}> has no {name}=", element.sourceline)
    iso, legacy = _ISO.match(value), _LEGACY.match(value)
    day: dt.date | None = None
    try:
        if iso:
            day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif legacy:
            day = dt.date(int(legacy.group(3)), int(legacy.group(2)), int(legacy.group(1)))
    except ValueError:
        pass
    if day is not None and not MIN_DATE <= day <= MAX_DATE:
        span = f"steerco plans dates from {MIN_DATE} to {MAX_DATE}"
        message = f"<{tag(element)}> has {name}={value!r}; {span}"
        raise content_error(file, message, element.sourceline)
    if day is not None:
        return day
    raise content_error(
        file,
        f"<{tag(element)}> has {name}={value!r}, which is not a date: write YYYY-MM-DD",
        element.sourceline,
    )


def read_whole(element: etree._Element, name: str, file: str, default: int | None = None) -> int:
    """A whole number of days in an attribute (`default` when it is absent), located on error."""
    value = element.get(name)
    if value is None and default is not None:
        return default
    try:
        return int(value or "")
    except ValueError:
        raise content_error(
            file,
            f"<{tag(element)}> needs a whole number of days in {name}=, not {value!r}",
            element.sourceline,
        ) from None


def _task(element: etree._Element, parent: str | None, file: str) -> GanTask:
    task_id = (element.get("id") or "").strip()
    if not task_id:
        raise content_error(file, "<task> has no id=", element.sourceline)
    duration = read_whole(element, "duration", file)
    if not 0 <= duration <= LONGEST:
        reason = "a negative" if duration < 0 else "a longer than a hundred years'"
        raise content_error(
            file, f"task {task_id} has {reason} duration ({duration} days)", element.sourceline
        )
    notes = element.find("notes")
    third = read_date(element, "thirdDate", file) if element.get("thirdDate") else None
    return GanTask(
        id=task_id,
        name=(element.get("name") or "").strip(),
        element=element,
        parent=parent,
        start=read_date(element, "start", file),
        duration=duration,
        meeting=element.get("meeting") == "true",
        notes=(notes.text or "").strip() if notes is not None else "",
        third=third,
        third_constraint=element.get("thirdDate-constraint") == "1",
        legacy_fixed_start=element.get("fixed-start") == "true",
    )


def read_tasks(root: etree._Element, file: str) -> dict[str, GanTask]:
    """Every `<task>` by id, in document order (parents before their subtasks)."""
    tasks: dict[str, GanTask] = {}
    container = root.find("tasks")

    def visit(element: etree._Element, parent: str | None) -> None:
        for child in element.iterchildren("task"):
            task = _task(child, parent, file)
            if task.id in tasks:
                raise content_error(file, f"two tasks have id {task.id}", child.sourceline)
            tasks[task.id] = task
            if parent is not None:
                tasks[parent].children.append(task.id)
            visit(child, task.id)

    if container is not None:
        visit(container, None)
    return tasks


def read_links(tasks: dict[str, GanTask], file: str) -> list[GanLink]:
    """Every `<depend>` of every task at any depth, checked against the tasks the file holds."""
    links: list[GanLink] = []
    for task in tasks.values():
        for depend in task.element.iterchildren("depend"):
            successor = (depend.get("id") or "").strip()
            if successor not in tasks:
                raise content_error(
                    file,
                    f"task {task.id} links to task {successor or '(none)'}, which the file "
                    "does not hold",
                    depend.sourceline,
                )
            if successor == task.id:
                raise content_error(file, f"task {task.id} links to itself", depend.sourceline)
            kind = depend.get("type") or "2"
            if kind not in LINK_TYPES:
                raise content_error(
                    file,
                    f"<depend> has type {kind!r}; GanttProject writes 1 (start-start), "
                    "2 (finish-start), 3 (finish-finish) or 4 (start-finish)",
                    depend.sourceline,
                )
            hardness = depend.get("hardness") or "Strong"
            if hardness not in ("Strong", "Rubber"):
                raise content_error(
                    file,
                    f"<depend> has hardness {hardness!r}; GanttProject writes Strong or Rubber",
                    depend.sourceline,
                )
            strong = hardness == "Strong" and not tasks[successor].legacy_fixed_start
            lag = read_whole(depend, "difference", file, default=0)
            if abs(lag) > LONGEST:
                raise content_error(
                    file,
                    f"<depend> has a lag of {lag} days, over a hundred years",
                    depend.sourceline,
                )
            links.append(
                GanLink(
                    task.id,
                    successor,
                    LINK_TYPES[kind],
                    lag,
                    strong,
                    depend.sourceline,
                    nested=task.parent is not None,
                )
            )
    return links
