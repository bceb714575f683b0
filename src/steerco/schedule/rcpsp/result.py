"""The outcome of resource-constrained scheduling, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

__all__ = ["ScheduleResult", "ScheduleStatus", "gap"]


class ScheduleStatus(StrEnum):
    """How good a schedule (or the search for one) is, as the solver proved it."""

    optimal = "optimal"
    feasible = "feasible"
    infeasible = "infeasible"
    unknown = "unknown"


def gap(makespan: float, bound: float) -> float:
    """(makespan - bound) / makespan, CP-SAT's convention; 0 when both are 0."""
    return 0.0 if makespan <= 0 else max(0.0, (makespan - bound) / makespan)


@dataclass(frozen=True)
class ScheduleResult:
    """Status, objective, lower bound and gap, the method, solve time and the start times.

    `start` is None when no schedule was found (status infeasible or unknown); `message`
    explains such outcomes (e.g. which deadline cannot be met and how late at best).
    `picks` are the people chosen for each staffing choice of the problem. `schedules`
    counts the schedules a heuristic or genetic search generated (0 for CP-SAT's).
    """

    status: ScheduleStatus
    method: str
    makespan: int | None
    bound: int
    solve_seconds: float
    start: NDArray[np.int64] | None
    objective: float | None = None
    assignees: list[list[str]] | None = None
    message: str = ""
    history: list[tuple[float, int, int]] = field(default_factory=list, repr=False)
    picks: list[tuple[int, ...]] | None = None
    schedules: int = 0

    @property
    def gap(self) -> float | None:
        """(makespan - bound) / makespan, or None without a schedule."""
        return None if self.makespan is None else gap(self.makespan, self.bound)
