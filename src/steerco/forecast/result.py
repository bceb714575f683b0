"""A forecast as data: percentiles of the finish, milestones and cost, criticality, risks.

Dates follow the foundation's convention: a time point m (in working units) falls on
the working day of unit `ceil(m) - 1` (the project's first day for m <= 0). Values that
are undefined (no deadline, a task that never varies) are None, never NaN.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.engine import ForecastInput, Simulation
from steerco.forecast.stats import percentiles, quantile_stderr, spearman_rows
from steerco.schedule.network import Network

if TYPE_CHECKING:
    from steerco.forecast.rework import ReworkPath
    from steerco.forecast.total_level import TotalLevel

__all__ = [
    "MILESTONE_PERCENTILES",
    "Forecast",
    "MilestoneForecast",
    "RiskOutcome",
    "TaskPool",
    "finish_histogram",
    "summarise",
]

FloatArray = NDArray[np.float64]
MILESTONE_PERCENTILES: tuple[int, ...] = (50, 80, 95)
COST_PERCENTILES: tuple[int, ...] = (50, 80, 95)


@dataclass(frozen=True)
class MilestoneForecast:
    """Percentiles of a milestone's time (units and dates) and its chance to meet its deadline."""

    units: dict[str, float]
    dates: dict[str, dt.date | None]
    p_deadline: float | None
    p90: dt.date | None = None
    """The P90 date (the status report's whisker); None without a calendar."""


@dataclass(frozen=True)
class RiskOutcome:
    """How often a risk occurred and the mean delay it caused when it did."""

    occurrence: float
    mean_delay: float | None


@dataclass(frozen=True)
class TaskPool:
    """Where a task's calibrated duration comes from: the pool's kind and key, its records.

    `kind` is `estimator`, `category` or `default` (then `key` is None and `records` 0):
    the pool of history the task's ratios actual / estimate were drawn from.
    """

    task: str
    kind: str
    key: str | None
    records: int


@dataclass(frozen=True)
class Forecast:
    """Everything `steerco forecast` reports, computed from one simulation."""

    iterations: int
    seed: int
    unit: str
    deterministic_makespan: float
    deterministic_finish: dt.date | float
    makespan: dict[str, float | None]
    """Percentiles (`p10`..`p95`) and `mean` of the makespan; `std` and `p80_stderr` are
    None when one iteration cannot measure a spread."""
    finish: dict[str, dt.date | float]
    p_on_time: float
    milestones: dict[str, MilestoneForecast]
    criticality: dict[str, float]
    sensitivity: dict[str, float | None]
    cost: dict[str, float] | None
    risks: dict[str, RiskOutcome]
    fixed_tasks: int
    sensitivity_iterations: int
    notes: list[str] = field(default_factory=list)
    calibration: tuple[TaskPool, ...] | None = None
    """Each calibrated task's pool, in the project's order; None without a history."""
    level: TotalLevel | None = None
    """The total's level factor of the calibrated tasks (`--level past`); None without a
    history or with `--level fixed`."""
    plan: str = "critical path"
    """The plan the forecast is measured against: `critical path` or `levelled (METHOD)`."""
    axis: str = "working"
    """What a unit of the makespan counts: working time, or every calendar day (`calendar`)."""
    histogram: tuple[tuple[dt.date | float, int], ...] = ()
    """Each distinct finish (a date, or a time point without calendar) and how many
    iterations ended on it, ascending."""
    rework: tuple[ReworkPath, ...] = ()
    """Each metric gate with a rework path, and how likely the forecast adds it."""


def finish_histogram(network: Network, span: FloatArray) -> tuple[tuple[dt.date | float, int], ...]:
    """How many iterations finished on each date (each whole time point without a calendar)."""
    dates = point_dates(network, span)
    keys: list[dt.date | float] = (
        list(dates) if dates is not None else np.ceil(span - 1e-9).tolist()
    )
    return tuple(sorted(Counter(keys).items()))


def point_dates(network: Network, points: FloatArray) -> list[dt.date] | None:
    """The working day on which each time point falls, or None without a calendar."""
    if network.calendar is None:
        return None
    from steerco.schedule.dates import finish_dates

    return finish_dates(network.calendar, points)


def _on_or_before(values: FloatArray, cap: float) -> float:
    return float(np.mean(values <= cap + 1e-9))


def summarise(
    inputs: ForecastInput,
    sim: Simulation,
    *,
    seed: int,
    deterministic_makespan: float,
    deterministic_cost: float | None,
    notes: list[str] | None = None,
    plan: str = "critical path",
) -> Forecast:
    """Turn a simulation into the reported forecast."""
    net = inputs.network
    span = sim.makespan
    points = percentiles(span)
    keys = list(points)
    stats: dict[str, float | None] = {**points, "mean": float(span.mean())}
    # One iteration has no spread to measure: no standard deviation, no standard error.
    stats["std"] = float(span.std(ddof=1)) if span.size > 1 else None
    stderr = quantile_stderr(span, 0.8)
    stats["p80_stderr"] = stderr if math.isfinite(stderr) else None
    finish_dates = point_dates(net, np.array([points[k] for k in keys] + [deterministic_makespan]))
    if finish_dates is None:
        finish: dict[str, dt.date | float] = {k: points[k] for k in keys}
        deterministic_finish: dt.date | float = deterministic_makespan
    else:
        finish = dict(zip(keys, finish_dates[:-1], strict=True))
        deterministic_finish = finish_dates[-1]
    if net.deadline is not None and net.calendar is not None:
        p_on_time = _on_or_before(span, net.calendar.unit_after(net.deadline))
    else:
        p_on_time = _on_or_before(span, deterministic_makespan)
    milestones: dict[str, MilestoneForecast] = {}
    milestone_index = np.flatnonzero(net.milestone)
    for row, i in enumerate(milestone_index.tolist()):
        times = sim.milestone_finish[row]
        units = percentiles(times, MILESTONE_PERCENTILES)
        dates = point_dates(net, np.array(list(units.values())))
        cap = float(net.latest_finish[i])
        p90 = point_dates(net, np.array([percentiles(times, (90,))["p90"]]))
        milestones[net.ids[i]] = MilestoneForecast(
            units=units,
            dates=dict(zip(units, dates, strict=True)) if dates else dict.fromkeys(units),
            p_deadline=_on_or_before(times, cap) if math.isfinite(cap) else None,
            p90=p90[0] if p90 else None,
        )
    criticality = dict(zip(net.ids, (sim.critical_count / sim.iterations).tolist(), strict=True))
    kept = sim.sample_durations.shape[1]
    rho = spearman_rows(sim.sample_durations, span[:kept])
    sensitivity = dict(zip(net.ids, rho, strict=True))
    cost = None
    if deterministic_cost is not None:
        spent = percentiles(sim.cost, COST_PERCENTILES)
        cost = {
            "plan": deterministic_cost,
            **spent,
            "mean": float(sim.cost.mean()),
            "contingency_p80": spent["p80"] - deterministic_cost,
        }
    risks = {
        rid: RiskOutcome(
            occurrence=float(sim.risk_occurred[k] / sim.iterations),
            mean_delay=float(sim.risk_delay_sum[k] / sim.risk_occurred[k])
            if sim.risk_occurred[k] > 0
            else None,
        )
        for k, rid in enumerate(inputs.risks.ids)
    }
    return Forecast(
        iterations=sim.iterations,
        seed=seed,
        unit=net.unit,
        deterministic_makespan=deterministic_makespan,
        deterministic_finish=deterministic_finish,
        makespan=stats,
        finish=finish,
        p_on_time=p_on_time,
        milestones=milestones,
        criticality=criticality,
        sensitivity=sensitivity,
        cost=cost,
        risks=risks,
        fixed_tasks=int((~inputs.durations.uncertain & ~net.milestone).sum()),
        sensitivity_iterations=kept,
        notes=list(notes or []),
        plan=plan,
        axis=net.axis,
        histogram=finish_histogram(net, span),
    )
