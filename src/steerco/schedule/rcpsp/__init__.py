"""Resource-constrained scheduling: CP-SAT with a schedule-generation heuristic.

The heuristic (no OR-Tools) is split by concern:
- `kernel`: the bit-packed serial schedule generation scheme, on a batch of activity lists;
- `priority`: priority rules and the activity lists they give;
- `justify`: double justification (forward-backward improvement);
- `bounds`: lower bounds on the makespan;
- `search` and `genetic`: the budgeted search and the genetic algorithm over lists;
- `heuristic`: `heuristic_schedule`, which runs them in turn.
The exact side imports OR-Tools and is imported on its own: `cpsat` (the CP-SAT model),
`lns` (large-neighbourhood search) and `solve` (the one entry point for both sides).
"""

from steerco.schedule.rcpsp.bounds import makespan_bound
from steerco.schedule.rcpsp.check import schedule_violations
from steerco.schedule.rcpsp.heuristic import heuristic_schedule
from steerco.schedule.rcpsp.justify import justify
from steerco.schedule.rcpsp.kernel import serial_sgs
from steerco.schedule.rcpsp.priority import PRIORITY_RULES, PriorityRule, priority_values
from steerco.schedule.rcpsp.problem import RcpspProblem, Unavailability, rcpsp_problem
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus

__all__ = [
    "PRIORITY_RULES",
    "PriorityRule",
    "RcpspProblem",
    "ScheduleResult",
    "ScheduleStatus",
    "Unavailability",
    "heuristic_schedule",
    "justify",
    "makespan_bound",
    "priority_values",
    "rcpsp_problem",
    "schedule_violations",
    "serial_sgs",
]
