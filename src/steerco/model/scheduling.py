"""Scheduling rules that differ between the tools plans come from: lags and finish links."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from steerco.model.base import Model

__all__ = ["FinishLinks", "LagCalendar", "SchedulingRules"]

LagCalendar = Literal["project", "successor", "predecessor", "24x7"]
FinishLinks = Literal["working", "driving"]


class SchedulingRules(Model):
    """How the critical path reads links: where a lag counts, where a finish link lands.

    MS Project counts a lag on the successor's calendar; Primavera P6 (by its default
    scheduling option) on the predecessor's; steerco by default on the project calendar.
    A link to a task's finish (FF, SF) whose driving time falls where the task's calendar
    does not work: steerco by default finishes it at the end of its next worked unit; MS
    Project (`driving`) lets its work end before and its finish land on the driving time.
    """

    lag_calendar: LagCalendar = Field(
        default="project",
        description="the calendar a working-time lag counts on: the project's, the "
        "successor task's (MS Project), the predecessor task's (Primavera P6), or every "
        "hour of every day (24x7)",
    )
    finish_links: FinishLinks = Field(
        default="working",
        description="where a link to a task's finish (FF, SF) lands when the task's "
        "calendar does not work just before the driving time: at the end of its next "
        "worked unit (working), or on the driving time itself, its work done before it "
        "(driving, as MS Project)",
    )
