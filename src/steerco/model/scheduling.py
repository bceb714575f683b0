"""Scheduling rules that differ between the tools plans come from: where a lag counts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from steerco.model.base import Model

__all__ = ["LagCalendar", "SchedulingRules"]

LagCalendar = Literal["project", "successor", "predecessor", "24x7"]


class SchedulingRules(Model):
    """How the critical path reads links: the calendar a working-time lag counts on.

    MS Project counts a lag on the successor's calendar; Primavera P6 (by its default
    scheduling option) on the predecessor's; steerco by default on the project calendar.
    """

    lag_calendar: LagCalendar = Field(
        default="project",
        description="the calendar a working-time lag counts on: the project's, the "
        "successor task's (MS Project), the predecessor task's (Primavera P6), or every "
        "hour of every day (24x7)",
    )
