"""The one cost function: what each task costs, and how much of it is spent by a time point.

A task's cost is its fixed cost plus the rate of everything it demands times the time it
works. Rates are per working day unless written per hour (`"100/h"`, times the calendar's
hours per day). A demand for a role or a skill is costed at the mean day rate of the
resources that qualify. Fixed costs accrue at the start, pro rata, or at the end.
Forecasting and tracking reuse these functions with sampled or actual dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.model import Demand, Project
from steerco.people.skills import qualified
from steerco.types import FloatArray

__all__ = ["ACCRUALS", "CostTable", "cost_table", "cost_to_date", "demand_day_rate", "task_cost"]

ACCRUALS: tuple[str, ...] = ("start", "prorated", "end")


@dataclass(frozen=True)
class CostTable:
    """Per leaf task: fixed cost, its accrual (index into ACCRUALS) and cost per working unit."""

    fixed: FloatArray
    accrual: NDArray[np.int8]
    rate: FloatArray


def demand_day_rate(project: Project, demand: Demand) -> float:
    """Cost per working day of one demand: units x the day rate of the resource(s) it names."""
    hours = project.calendar.hours_per_day
    chosen = qualified(project.resources, demand)
    rates = [r.rate.per_day(hours) for r in chosen if r.rate is not None]
    return demand.units * (sum(rates) / len(rates) if rates else 0.0)


def cost_table(project: Project) -> CostTable:
    """Fixed costs, accruals and rates of the project's leaf tasks, in document order."""
    per_unit_day = project.calendar.hours_per_day if project.unit == "hour" else 1.0
    leaves = list(project.leaves())
    return CostTable(
        fixed=np.array([leaf.cost for leaf in leaves], dtype=np.float64),
        accrual=np.array([ACCRUALS.index(leaf.accrual) for leaf in leaves], dtype=np.int8),
        rate=np.array(
            [
                sum(demand_day_rate(project, d) for d in leaf.demands) / per_unit_day
                for leaf in leaves
            ],
            dtype=np.float64,
        ),
    )


def task_cost(table: CostTable, duration: FloatArray) -> FloatArray:
    """Total cost of each task: fixed + rate x duration (broadcasts over sampled durations)."""
    result: FloatArray = table.fixed + table.rate * duration
    return result


def cost_to_date(
    table: CostTable, es: FloatArray, ef: FloatArray, t: float | FloatArray
) -> FloatArray:
    """Cost of each task spent by time point `t` (the end of the working unit before it).

    Work is spent as it is done: rate x clip(t - es, 0, ef - es). A fixed cost accrues
    when the task starts (t > es), pro rata with the work, or when it finishes (t >= ef);
    a zero-duration task incurs all of it at t >= es. Broadcasts over iterations.
    """
    duration = ef - es
    worked = np.clip(t - es, 0.0, duration)
    fraction = np.divide(
        worked, duration, out=np.zeros(np.broadcast(worked, duration).shape), where=duration > 0
    )
    started = np.asarray(t > es, dtype=np.float64)
    finished = np.asarray(t >= ef, dtype=np.float64)
    share = np.where(table.accrual == 0, started, np.where(table.accrual == 1, fraction, finished))
    share = np.where(duration > 0, share, np.asarray(t >= es, dtype=np.float64))
    result: FloatArray = table.rate * worked + table.fixed * share
    return result
