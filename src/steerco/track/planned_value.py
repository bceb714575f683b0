"""Budget at completion and the time-phased planned value (the S-curve), from a baseline alone.

Times are working units from the project start: time k is the end of the k-th working
unit (time 0 is the start, nothing worked yet), so the curve of a project whose baseline
finish is PD units holds PD + 1 values. BAC never includes the contingency or the
management reserve: they are kept apart in the baseline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.codes import Code
from steerco.errors import ProjectError, did_you_mean
from steerco.model.baseline import Baseline, BaselineTask
from steerco.schedule.cost import ACCRUALS, CostTable, cost_to_date
from steerco.track.evm import EARNING_RULES, EarningRule
from steerco.types import FloatArray

__all__ = ["bac", "node_start", "node_value_curve", "planned_duration", "planned_value_curve"]


# Time points x leaves per block: bounds the memory of one cost_to_date call.
_BLOCK = 4_000_000


def _leaves(baseline: Baseline, node_id: str | None) -> list[BaselineTask]:
    """The leaves under `node_id`, or a located `unknown_task` error naming the closest id."""
    try:
        return baseline.leaves(node_id)
    except KeyError:
        hint = did_you_mean(str(node_id), [task.id for task in baseline.tasks])
        raise ProjectError.single(
            Code.unknown_task, f"baseline {baseline.name!r} has no task {node_id!r}{hint}"
        ) from None


def _task(baseline: Baseline, node_id: str) -> BaselineTask:
    """The frozen task or summary `node_id`, or the located `unknown_task` error."""
    _leaves(baseline, node_id)
    return baseline.task(node_id)


def bac(baseline: Baseline, node_id: str | None = None) -> float:
    """Budget at completion: the sum of the baselined leaf budgets under a node (all if None).

    BAC = sum of cost_i over the leaves i of the task, WBS node or project; a leaf's cost is
    its fixed cost + rate x duration. Reserves are not part of it.
    """
    return float(sum(leaf.cost for leaf in _leaves(baseline, node_id)))


def planned_duration(baseline: Baseline) -> int:
    """PD: the baseline finish in whole working units (the last index of the curve)."""
    return math.ceil(baseline.finish_units)


@dataclass(frozen=True)
class _Leaves:
    """Start, finish, budget and the share planned between them (0/100: 0, 50/50: 1/2)."""

    es: FloatArray
    ef: FloatArray
    budget: FloatArray
    middle: FloatArray


def _cost_table(leaves: list[BaselineTask]) -> CostTable:
    return CostTable(
        fixed=np.array([leaf.fixed_cost or 0.0 for leaf in leaves], dtype=np.float64),
        accrual=np.array([ACCRUALS.index(leaf.accrual or "prorated") for leaf in leaves], np.int8),
        rate=np.array([leaf.rate or 0.0 for leaf in leaves], dtype=np.float64),
    )


def _block(
    leaves: _Leaves, table: CostTable, spread: NDArray[np.bool_], times: FloatArray
) -> FloatArray:
    """Planned value of the leaves summed at each of `times` (one block of the curve)."""
    t = times[:, None]
    es, ef = leaves.es, leaves.ef
    value = leaves.budget * np.where(t >= ef, 1.0, np.where(t > es, leaves.middle, 0.0))
    if spread.any():
        value[:, spread] = cost_to_date(table, es[spread], ef[spread], t)
    total: FloatArray = value.sum(axis=1)
    return total


def _checked_rules(
    rules: Mapping[str, EarningRule] | None, default: EarningRule
) -> Mapping[str, EarningRule]:
    chosen = rules or {}
    if default in EARNING_RULES and set(chosen.values()) <= set(EARNING_RULES):
        return chosen  # the common case, checked without a loop in Python
    for task_id, rule in {**chosen, "": default}.items():
        if rule not in EARNING_RULES:
            raise ValueError(f"unknown earning rule {rule!r} for {task_id or 'the default'}")
    return chosen


def _curve_at(
    leaves: list[BaselineTask],
    times: FloatArray,
    chosen: Mapping[str, EarningRule],
    default: EarningRule,
) -> FloatArray:
    """Planned value of `leaves` summed at each of `times` (units from the project start)."""
    curve = np.zeros(times.size)
    if not leaves:
        return curve
    by_leaf = [chosen.get(leaf.id, default) for leaf in leaves]
    spread = np.array([r == "percent_complete" for r in by_leaf], dtype=bool)
    table = _cost_table([leaf for leaf, s in zip(leaves, spread.tolist(), strict=True) if s])
    arrays = _Leaves(
        es=np.array([float(leaf.start_units) for leaf in leaves]),
        ef=np.array([float(leaf.finish_units) for leaf in leaves]),
        budget=np.array([leaf.cost for leaf in leaves]),
        middle=np.array([0.5 if r == "50/50" else 0.0 for r in by_leaf]),
    )
    step = max(1, _BLOCK // len(leaves))
    for a in range(0, times.size, step):
        curve[a : a + step] = _block(arrays, table, spread, times[a : a + step])
    return curve


def planned_value_curve(
    baseline: Baseline,
    node_id: str | None = None,
    *,
    rules: Mapping[str, EarningRule] | None = None,
    default: EarningRule = "percent_complete",
) -> FloatArray:
    """Cumulative planned value PV_k at times k = 0, 1, ..., PD of a task, node or project.

    PV_k = sum over the leaves i under the node of budget_i x f_i(k), with start s_i and
    finish e_i in units, and f_i(k) = 1 for k >= e_i (a milestone: k >= s_i = e_i), 0 for
    k <= s_i, and in between, by the leaf's earning rule (`rules[id]`, else `default`):
    percent_complete: the task's own cost time-phasing, cost_to_date(k) / budget (rate x
    units worked, the fixed cost by its accrual); 0/100: 0; 50/50: 1/2. PD is the project's
    baseline finish for every node, so curves of different nodes line up. Non-decreasing;
    PV_0 = 0 unless a milestone with a fixed cost sits at unit 0; PV_PD = BAC of the node.
    """
    leaves = _leaves(baseline, node_id)
    chosen = _checked_rules(rules, default)
    times = np.arange(planned_duration(baseline) + 1, dtype=np.float64)
    return _curve_at(leaves, times, chosen, default)


def node_start(baseline: Baseline, node_id: str | None = None) -> float:
    """The baseline start of a task or WBS node in units from the project start (0 if None)."""
    return 0.0 if node_id is None else float(_task(baseline, node_id).start_units)


def node_value_curve(
    baseline: Baseline,
    node_id: str,
    *,
    rules: Mapping[str, EarningRule] | None = None,
    default: EarningRule = "percent_complete",
) -> FloatArray:
    """The node's own planned value curve: PV_k at s + k, k = 0, 1, ..., ceil(f - s).

    s and f are the node's baseline start and finish in units; PV as in
    `planned_value_curve`, so PV_0 = 0 (nothing is planned while t <= s, unless a milestone
    with a fixed cost sits at s) and the last value is the node's BAC. Earned schedule read
    off this curve counts from the node's own start.
    """
    task = _task(baseline, node_id)
    leaves = _leaves(baseline, node_id)
    chosen = _checked_rules(rules, default)
    start = float(task.start_units)
    length = math.ceil(float(task.finish_units) - start - 1e-9)
    times = start + np.arange(max(length, 0) + 1, dtype=np.float64)
    return _curve_at(leaves, times, chosen, default)
