"""Earned value in effort, for a plan without costs: working units x the units demanded.

A baseline whose budget (BAC) is 0 has nothing to earn in money, so earned value measures
effort instead: a leaf's budget is its baselined work (its duration x the units it demands,
resources, roles and skills alike), and a task that demands nothing counts its duration x 1
(somebody does it); a milestone counts 0. The effort is planned evenly over the task's span.
Actual "cost" is the effort spent: the units worked (to the status date, or to the actual
finish) x the units the task demands now (1 when none); a recorded `actual_cost` is money
and is left out (as the app leaves out the manager's EAC).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, get_args

import numpy as np

from steerco.model import Progress, Project
from steerco.model.baseline import Baseline, BaselineTask
from steerco.schedule.cost import ACCRUALS, CostTable
from steerco.schedule.network import NetworkProgress, compile_project

__all__ = [
    "MEASURES",
    "EffortInputs",
    "Measure",
    "demanded_units",
    "effort_baseline",
    "effort_inputs",
    "estimated_durations",
    "estimated_work",
    "leaf_effort",
    "measure_of",
]

Measure = Literal["cost", "effort"]
MEASURES: tuple[Measure, ...] = get_args(Measure)


def demanded_units(project: Project) -> dict[str, float]:
    """The units each leaf of `project` demands, summed over its demands (0 when none)."""
    return {leaf.id: float(sum(d.units for d in leaf.demands)) for leaf in project.leaves()}


def estimated_durations(project: Project) -> dict[str, float]:
    """Each leaf's planned duration in working units, as estimated now (progress aside)."""
    network = compile_project(project.revised(progress=Progress()))
    return dict(zip(network.ids, network.duration.tolist(), strict=True))


def estimated_work(project: Project, durations: Mapping[str, float]) -> dict[str, float]:
    """Each leaf's estimated work: its `durations` entry x the units it demands (x 1 if none).

    A milestone counts 0. The scope a status report compares: the estimates, not the
    spans a plan gives them (leave, calendars, progress), so a slow task or a week of
    leave is no scope growth.
    """
    units = demanded_units(project)
    return {
        leaf.id: 0.0 if leaf.milestone else durations[leaf.id] * (units[leaf.id] or 1.0)
        for leaf in project.leaves()
    }


def measure_of(baseline: Baseline) -> Measure:
    """'cost' when the baseline has a budget (BAC > 0), else 'effort'."""
    return "cost" if any(leaf.cost > 0 for leaf in baseline.leaves()) else "effort"


def leaf_effort(leaf: BaselineTask) -> float:
    """A leaf's effort budget: its work (duration x units), else its duration x 1."""
    return float(leaf.work) if leaf.work > 0 else float(leaf.duration)


def effort_baseline(baseline: Baseline) -> Baseline:
    """The baseline with each budget in effort, spread evenly over the task's span.

    Leaf: cost = effort, fixed_cost 0, rate = effort / duration (0 for a milestone).
    Summary: cost = the sum of its leaves' effort.
    """
    effort = {leaf.id: leaf_effort(leaf) for leaf in baseline.leaves()}
    tasks: list[BaselineTask] = []
    for task in baseline.tasks:
        if task.is_leaf:
            rate = effort[task.id] / task.duration if task.duration > 0 else 0.0
            fields = {"cost": effort[task.id], "fixed_cost": 0.0, "rate": rate}
            tasks.append(task.model_copy(update={**fields, "accrual": "prorated"}))
        else:
            total = sum(effort[leaf.id] for leaf in baseline.leaves(task.id))
            tasks.append(task.model_copy(update={"cost": total}))
    return baseline.model_copy(update={"tasks": tuple(tasks)})


@dataclass(frozen=True)
class EffortInputs:
    """What earned value reads, in effort: the baseline, the per-unit effort, the progress."""

    baseline: Baseline
    costs: CostTable
    progress: NetworkProgress


def effort_inputs(
    baseline: Baseline, units: Sequence[float], progress: NetworkProgress
) -> EffortInputs:
    """The baseline in effort, each current leaf's effort per unit worked, no recorded cost.

    `units[i]` is what the current leaf i demands (as `demanded_units`); 0 counts as 1.
    """
    rate = np.array([u if u > 0 else 1.0 for u in units], dtype=np.float64)
    costs = CostTable(
        fixed=np.zeros(rate.size),
        accrual=np.full(rate.size, ACCRUALS.index("prorated"), dtype=np.int8),
        rate=rate,
    )
    unrecorded = replace(progress, actual_cost=np.full(rate.size, np.nan))
    return EffortInputs(effort_baseline(baseline), costs, unrecorded)
