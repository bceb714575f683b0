"""Scheduling: compile a project to a Network, the critical path, calendars.

The names below are imported on first use (steerco._lazy), so importing a light
submodule such as `steerco.schedule.options` costs nothing else.
"""

from typing import TYPE_CHECKING

from steerco._lazy import lazy_exports

if TYPE_CHECKING:
    from steerco.schedule.calendar import WorkCalendar, work_calendar
    from steerco.schedule.cpm import CpmResult, critical_path, early_starts
    from steerco.schedule.network import (
        Network,
        SummaryNode,
        compile_project,
        network_from_arrays,
    )

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

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(
        __name__,
        {
            "WorkCalendar": "steerco.schedule.calendar",
            "work_calendar": "steerco.schedule.calendar",
            "CpmResult": "steerco.schedule.cpm",
            "critical_path": "steerco.schedule.cpm",
            "early_starts": "steerco.schedule.cpm",
            "Network": "steerco.schedule.network",
            "SummaryNode": "steerco.schedule.network",
            "compile_project": "steerco.schedule.network",
            "network_from_arrays": "steerco.schedule.network",
        },
    )
