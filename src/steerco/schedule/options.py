"""What a scheduling request asks for: the method, its limits and its goal (no solver imported)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.limits import MAX_TIME_LIMIT, MAX_WORKERS

__all__ = ["Objective", "PlanMethod", "ProgressCallback", "SolveOptions", "check_limits"]

PlanMethod = Literal["auto", "cp-sat", "heuristic", "cpm"]
"""auto: heuristic, then CP-SAT (when tasks use resources); cpm: no resource limits."""

Objective = Literal["makespan", "lateness", "cost"]
"""What levelling minimises: the finish, total lateness against deadlines, staffing cost."""

ProgressCallback = Callable[[int, int], None]
"""Called with (best makespan, lower bound) whenever the levelling search improves either."""


@dataclass(frozen=True)
class SolveOptions:
    """The choices of one scheduling run, passed whole from the front end to the solver."""

    method: PlanMethod = "auto"
    time_limit: float = 10.0
    workers: int = 2
    seed: int = 0
    schedules: int = 5000
    objective: Objective = "makespan"
    hard_deadlines: bool = False
    explain: bool = True
    """Whether an infeasible plan is explained (re-solves with constraints dropped)."""


def check_limits(
    *, time_limit: float = 10.0, workers: int = 1, schedules: int = 1, seed: int = 0
) -> None:
    """Refuse a request's time limit, workers, budget or seed outside what one run may ask.

    A front end's request: the time limit a finite number of seconds above 0 and at most
    `MAX_TIME_LIMIT` (an infinite one would hold a workspace's worker for ever), 1 to
    `MAX_WORKERS` CP-SAT workers (each holds a copy of the search in memory), a budget of at
    least 1 schedule, a seed from 0 up. Raises `bad_value`, located at the option's name.
    """
    if not (math.isfinite(time_limit) and 0 < time_limit <= MAX_TIME_LIMIT):
        raise ProjectError.single(
            Code.bad_value,
            f"time_limit is a number of seconds above 0 and at most {MAX_TIME_LIMIT:,.0f} "
            f"(a day), got {time_limit}",
            ("time_limit",),
        )
    if not 1 <= workers <= MAX_WORKERS:
        raise ProjectError.single(
            Code.bad_value,
            f"workers is a whole number from 1 to {MAX_WORKERS} (CP-SAT threads, each with "
            f"its own copy of the search), got {workers}",
            ("workers",),
        )
    if schedules < 1:
        raise ProjectError.single(
            Code.bad_value,
            f"schedules is a whole number from 1 up, got {schedules}",
            ("schedules",),
        )
    if seed < 0:
        raise ProjectError.single(
            Code.bad_value, f"seed is a whole number from 0 up, got {seed}", ("seed",)
        )
