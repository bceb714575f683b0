"""What a scheduling request asks for: the method, its limits and its goal (no solver imported)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Objective", "PlanMethod", "ProgressCallback", "SolveOptions"]

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
