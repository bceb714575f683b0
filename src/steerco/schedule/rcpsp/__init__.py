"""Resource-constrained scheduling: CP-SAT with a schedule-generation heuristic."""

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
