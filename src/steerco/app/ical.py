"""`steerco ical`: milestones, gates, sprint reviews and report dates as an iCalendar file.

Milestones are dated by the plan every command dates by (`steerco.app.plan`, as
`steerco schedule` shows it); a gate falls on its milestone's day; a sprint's review falls
on its last day (`end`); report dates are the occurrences of each line of the
communication plan from its first date to the plan's end.
UIDs are made of the project's name, the kind of event and the id (and, for a report,
its date), never of a position, so a calendar that imports the file again updates events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from steerco.formats.ical import CalendarEvent
from steerco.model.gate import ManualGate
from steerco.model.project import Project
from steerco.model.task import Task

__all__ = ["CalendarExport", "event_uid", "project_calendar"]


@dataclass(frozen=True)
class CalendarExport:
    """The iCalendar text and the events it holds."""

    text: str
    events: tuple[CalendarEvent, ...]
    plan: str
    """Which plan dates the milestones: `critical path` or `levelled (METHOD)`."""


def event_uid(project: Project, kind: str, item: str, day: dt.date | None = None) -> str:
    """The stable UID of an event: project, kind, id (and the date of a recurring event)."""
    from steerco.report.comms import project_key

    domain = project_key(project.name)
    when = f"-{day.isoformat()}" if day is not None else ""
    return f"{kind}-{quote(item, safe='')}{when}@{domain}.steerco"


def _gate_words(task: Task) -> str:
    gate = task.gate
    assert gate is not None
    if isinstance(gate, ManualGate):
        return f"go/no-go by {gate.approver}"
    return f"{gate.metric} {gate.op} {gate.threshold:g}"


def _milestone_events(
    project: Project, finishes: dict[str, dt.date], plan: str
) -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    for task in project.leaves():
        day = finishes.get(task.id)
        if not task.milestone or day is None:
            continue
        deadline = f"; deadline {task.deadline.isoformat()}" if task.deadline else ""
        events.append(
            CalendarEvent(
                uid=event_uid(project, "milestone", task.id),
                day=day,
                summary=f"Milestone: {task.label()}",
                category="Milestone",
                description=f"planned by the {plan} plan{deadline}",
            )
        )
        if task.gate is not None:
            events.append(
                CalendarEvent(
                    uid=event_uid(project, "gate", task.id),
                    day=day,
                    summary=f"Gate: {task.label()} ({_gate_words(task)})",
                    category="Gate",
                    description=task.gate.note,
                )
            )
    return events


def _sprint_review_events(project: Project) -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    for sprint in sorted(project.sprints, key=lambda s: (s.end, s.start)):
        name = sprint.name or sprint.id
        dates = f"sprint {sprint.start.isoformat()} to {sprint.end.isoformat()}"
        goal = f"Goal: {sprint.goal}\n" if sprint.goal else ""
        events.append(
            CalendarEvent(
                uid=event_uid(project, "sprint-review", sprint.id),
                day=sprint.end,
                summary=f"Sprint review: {name}",
                category="Sprint review",
                description=f"{goal}{dates}",
            )
        )
    return events


def _report_events(project: Project, end: dt.date) -> list[CalendarEvent]:
    from steerco.report.comms import first_date, last_day, occurrences

    names = {person.id: person.name for person in project.stakeholders}
    events: list[CalendarEvent] = []
    for line in project.communications:
        first = first_date(project, line)
        if first is None:
            continue
        to = ", ".join(names.get(person, person) for person in line.to)
        for day in occurrences(first, line.frequency, last_day(first, end)):
            events.append(
                CalendarEvent(
                    uid=event_uid(project, "report", line.id, day),
                    day=day,
                    summary=f"Status report due: {line.id} ({line.audience}, {line.format})",
                    category="Report",
                    description=f"to {to}",
                )
            )
    return events


def project_calendar(*, path: Path) -> CalendarExport:
    """The milestones, gates, sprint reviews and report dates of the file at `path` as iCalendar.

    Every event is stamped with the file's status date (else its start), so the same file
    gives the same bytes. A project in bare periods has no dates: `bad_value`.
    """
    from steerco.app.comms import report_end
    from steerco.app.gates import planned_finishes
    from steerco.codes import Code
    from steerco.errors import ProjectError
    from steerco.formats.ical import calendar_text
    from steerco.formats.loader import load_project
    from steerco.formats.located import locate_in_file

    project = load_project(path)
    if project.start is None:
        found = ProjectError.single(
            Code.bad_value,
            "a project in bare periods has no dates to put in a calendar; give it a `start`",
            ("unit",),
        )
        raise ProjectError(locate_in_file(path, found.diagnostics))
    planned, plan = planned_finishes(project)
    finishes = {key: day for key, day in planned.items() if isinstance(day, dt.date)}
    end = report_end(project, planned) or project.start  # nothing dated: reports start it
    events = (
        *_milestone_events(project, finishes, plan.name),
        *_sprint_review_events(project),
        *_report_events(project, end),
    )
    day = project.progress.status_date or project.start
    stamp = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    text = calendar_text(events, name=project.name, stamp=stamp)
    return CalendarExport(text, tuple(events), plan.name)
