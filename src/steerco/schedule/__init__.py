"""Scheduling: compile a project to a Network, the critical path, calendars."""

from steerco.schedule.calendar import WorkCalendar, work_calendar
from steerco.schedule.cpm import CpmResult, critical_path, early_starts
from steerco.schedule.network import Network, SummaryNode, compile_project, network_from_arrays

__all__ = [
    "CpmResult",
    "Network",
    "SummaryNode",
    "WorkCalendar",
    "compile_project",
    "critical_path",
    "early_starts",
    "network_from_arrays",
    "work_calendar",
]
