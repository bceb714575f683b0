"""A sprint's capacity in person-days, from the team's calendars, leave and focus factor.

For each member m of the team (the sprint's `team`, by default every person of the
project): days(m) = the project calendar's working days of the sprint (weekdays, public
holidays, exceptions) that m works (their own `workdays`) and is not on `leave`;
person_days(m) = days(m) × m's capacity units × the focus factor (the sprint's, else
`agile.focus_factor`). The sprint's capacity is the sum over its members, unless the sprint
gives its `capacity` outright, which then replaces the sum (the members are still listed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np

from steerco.model import Project
from steerco.model.agile import Sprint
from steerco.people.workload import availability
from steerco.schedule.calendar import worked_on

__all__ = ["MemberCapacity", "SprintCapacity", "sprint_capacity", "working_days"]


@dataclass(frozen=True)
class MemberCapacity:
    """One member's share: the sprint's working days they work, their units, person-days."""

    resource: str
    name: str
    units: float
    """Capacity units (1 = one full-time person)."""
    days_off: int
    """Working days of the sprint they do not work (leave, their own weekdays)."""
    days: int
    """Working days of the sprint they work."""
    person_days: float
    """days × units × focus factor."""


@dataclass(frozen=True)
class SprintCapacity:
    """A sprint's capacity: its working days, the focus factor, each member's share, the total."""

    sprint: str
    working_days: int
    """Days of the sprint the project calendar works."""
    focus_factor: float
    members: tuple[MemberCapacity, ...]
    computed: float
    """The members' person-days added up."""
    given: float | None
    """The sprint's own `capacity`, which replaces the computed one."""

    @property
    def person_days(self) -> float:
        """The capacity the sprint plans with: the given one, else the computed one."""
        return self.given if self.given is not None else self.computed

    @property
    def basis(self) -> Literal["given", "calendars"]:
        """Where the capacity comes from: the sprint's `capacity`, or the calendars."""
        return "given" if self.given is not None else "calendars"


def working_days(project: Project, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days from `first` to `last` (both included) that the project calendar works."""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    worked: list[dt.date] = days[worked_on(project.calendar, days)].astype(dt.date).tolist()
    return worked


def sprint_capacity(project: Project, sprint: Sprint) -> SprintCapacity:
    """Person-days the sprint's team can give it: Σ days worked × units × focus factor."""
    focus = sprint.focus_factor if sprint.focus_factor is not None else project.agile.focus_factor
    dates = working_days(project, sprint.start, sprint.end)
    if sprint.team:
        team = [project.resource(rid) for rid in sprint.team]
    else:
        team = [r for r in project.resources if r.kind == "person"]
    members = []
    for resource in team:
        # One day of each day the person works (capacity 1), then scaled by their units.
        full_time = resource.model_copy(update={"capacity": 1.0})
        worked = int(availability(full_time, dates, len(dates)).sum())
        members.append(
            MemberCapacity(
                resource=resource.id,
                name=resource.label(),
                units=resource.capacity,
                days_off=len(dates) - worked,
                days=worked,
                person_days=worked * resource.capacity * focus,
            )
        )
    return SprintCapacity(
        sprint=sprint.id,
        working_days=len(dates),
        focus_factor=focus,
        members=tuple(members),
        computed=float(sum(m.person_days for m in members)),
        given=sprint.capacity,
    )
