"""Resource-constrained scheduling: CP-SAT with a schedule-generation heuristic.

The names below are imported on first use (steerco._lazy); OR-Tools loads only with
the CP-SAT modules that need it.
"""

from typing import TYPE_CHECKING

from steerco._lazy import lazy_exports

if TYPE_CHECKING:
    from steerco.schedule.rcpsp.check import schedule_violations
    from steerco.schedule.rcpsp.problem import RcpspProblem, Unavailability, rcpsp_problem
    from steerco.schedule.rcpsp.result import ScheduleResult, SolveStatus

__all__ = [
    "RcpspProblem",
    "ScheduleResult",
    "SolveStatus",
    "Unavailability",
    "rcpsp_problem",
    "schedule_violations",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(
        __name__,
        {
            "schedule_violations": "steerco.schedule.rcpsp.check",
            "RcpspProblem": "steerco.schedule.rcpsp.problem",
            "Unavailability": "steerco.schedule.rcpsp.problem",
            "rcpsp_problem": "steerco.schedule.rcpsp.problem",
            "ScheduleResult": "steerco.schedule.rcpsp.result",
            "SolveStatus": "steerco.schedule.rcpsp.result",
        },
    )
