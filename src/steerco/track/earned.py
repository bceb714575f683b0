"""Earned value of a project at its status date: per task, per WBS node and for the project.

Planned value comes from the baseline (its time-phased budget); earned value is each
task's baselined budget times the share its earning rule grants for the recorded progress;
actual cost is what was recorded, else the days worked at the current rates plus fixed
costs as they accrue. A task added after the baseline has no budget: it earns nothing, but
its actual cost counts, in the project's AC and in every baselined WBS node it now sits
under; it is listed among the tasks (BAC, PV and EV 0) and named in `unbaselined`, so that
the tasks' ACs add up to the project's.

The project's earned schedule counts from the project start to the status date. A WBS
node's or task's counts on its own axis: its own planned value curve from its baseline
start s, and its own actual time AT = min(status date, actual finish once all its leaves
are finished) - s, never below 0. A node finished on plan thus has SPI(t) = 1, and one not
yet due (AT = 0) has no SPI(t).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from steerco.model.baseline import Baseline
from steerco.model.progress import EarningRule
from steerco.schedule.cost import CostTable, cost_to_date
from steerco.schedule.network import NetworkProgress
from steerco.track.effort import Measure
from steerco.track.evm import EarnedValue, earned_fraction, earned_value, schedule_measures
from steerco.track.overhead import OverheadMeasures, overhead_measures
from steerco.track.planned_value import bac, node_start, node_value_curve, planned_value_curve

__all__ = [
    "EarnedValueAt",
    "EarnedValueTrend",
    "ProjectEarnedValue",
    "TrendPoint",
    "actual_costs",
    "before_earliest",
    "project_earned_value",
]


@dataclass(frozen=True)
class ProjectEarnedValue:
    """The measures of the project, of each WBS node (summary) and of each leaf task."""

    status_date: dt.date | None
    baseline: str
    project: EarnedValue
    wbs: dict[str, EarnedValue]
    tasks: dict[str, EarnedValue]
    overhead: OverheadMeasures | None = None
    """The overheads (costs that follow time) beside the task budgets; None without any."""
    unbaselined: tuple[str, ...] = ()
    """The leaves added since the baseline, in document order: in `tasks` with no budget
    (BAC, PV and EV 0), their actual cost counted in the project's and their WBS nodes'."""


@dataclass(frozen=True)
class EarnedValueAt:
    """The measures at one status date, with the axis they count on and where it lands.

    `measure` says what the money fields count: "cost" (the project currency) or
    "effort" (working units x units demanded, for a baseline without costs).
    `forecast_finish` is the last working day of IEAC(t), the earned-schedule finish:
    None without a calendar, or while IEAC(t) cannot be computed. `earliest_finish` is the
    last working day of the critical path from the status date on (the remaining work
    along its links, without levelling): no finish can come before it. None without a
    calendar.
    """

    measured: ProjectEarnedValue
    measure: Measure
    unit: str
    currency: str
    forecast_finish: dt.date | None
    earliest_finish: dt.date | None = None

    @property
    def before_earliest(self) -> bool:
        """Whether the earned-schedule finish falls before the earliest finish possible."""
        return before_earliest(self.forecast_finish, self.earliest_finish)


@dataclass(frozen=True)
class TrendPoint:
    """The project's measures at one recorded status date."""

    status_date: dt.date
    measures: EarnedValue
    forecast_finish: dt.date | None
    earliest_finish: dt.date | None = None
    """The earliest finish the remaining work allowed at that status date."""

    @property
    def before_earliest(self) -> bool:
        """Whether the earned-schedule finish falls before the earliest finish possible."""
        return before_earliest(self.forecast_finish, self.earliest_finish)


@dataclass(frozen=True)
class EarnedValueTrend:
    """The project's measures at every recorded status date, oldest first ("cost"/"effort")."""

    baseline: str
    measure: Measure
    points: tuple[TrendPoint, ...]


def before_earliest(forecast: dt.date | None, earliest: dt.date | None) -> bool:
    """Whether an earned-schedule finish `forecast` comes before the `earliest` possible.

    IEAC(t) extrapolates SPI(t) without looking at the work left: a rule that earns ahead
    of the work (50/50 credits half a task's budget at its start) can put it on a day the
    remaining work cannot reach. Such a date is no forecast of the finish; the schedule's is.
    """
    return forecast is not None and earliest is not None and forecast < earliest


def actual_costs(table: CostTable, progress: NetworkProgress) -> np.ndarray:
    """Each task's actual cost to the status date: recorded, else worked time x rates.

    Unrecorded: `cost_to_date` at the units worked (`progress.elapsed`: the working units
    of the task's own calendar from its start to the data date, or to its actual finish,
    as the schedule costs them) of its work at completion, both counted from 0: rate x
    units worked plus the fixed cost by its accrual.
    """
    started = progress.started
    worked = np.where(started, progress.elapsed, 0.0)
    duration = worked + np.where(started, progress.remaining, 0.0)
    spent = cost_to_date(table, np.zeros_like(worked), duration, worked)
    computed = np.where(started, spent, 0.0)
    result: np.ndarray = np.where(np.isnan(progress.actual_cost), computed, progress.actual_cost)
    return result


def project_earned_value(
    baseline: Baseline,
    ids: list[str],
    progress: NetworkProgress,
    costs: CostTable,
    *,
    status_date: dt.date | None = None,
    manager_eac: float | None = None,
    summaries: Mapping[str, Sequence[str]] | None = None,
) -> ProjectEarnedValue:
    """Every EVM and earned-schedule measure at the status date, from the baseline.

    `ids`, `progress` and `costs` describe the current project's leaves in one order;
    the baseline's leaves are matched by id. `summaries`: each current leaf's summaries,
    so that a leaf added since the baseline counts its cost in the baselined ones.
    """
    rules: dict[str, EarningRule] = dict(zip(ids, progress.earning, strict=True))
    ac_by_id = dict(zip(ids, actual_costs(costs, progress).tolist(), strict=True))
    index = {task_id: i for i, task_id in enumerate(ids)}
    state = progress.state.tolist()
    percent = progress.percent.tolist()

    def earned(leaf_id: str, budget: float) -> float:
        i = index.get(leaf_id)
        if i is None:
            return 0.0
        share = earned_fraction(
            rules[leaf_id],
            percent_complete=min(max(percent[i] * 100.0, 0.0), 100.0),
            started=state[i] > 0,
            finished=state[i] == 2,
        )
        return budget * share

    baselined = {leaf.id for leaf in baseline.leaves()}
    added = tuple(task_id for task_id in ids if task_id not in baselined)
    unbudgeted = sum(ac_by_id[task_id] for task_id in added)
    added_ac: dict[str, float] = {}  # a baselined summary's AC of the leaves added under it
    for task_id in added:
        for summary in (summaries or {}).get(task_id, ()):
            added_ac[summary] = added_ac.get(summary, 0.0) + ac_by_id[task_id]

    def measures(
        node_id: str | None, *, extra_ac: float = 0.0, eac: float | None = None
    ) -> EarnedValue:
        leaves = baseline.leaves(node_id)
        return earned_value(
            bac=bac(baseline, node_id),
            pv_curve=planned_value_curve(baseline, node_id, rules=rules),
            ev=sum(earned(leaf.id, leaf.cost) for leaf in leaves),
            ac=sum(ac_by_id.get(leaf.id, 0.0) for leaf in leaves) + extra_ac,
            actual_time=progress.data_time,
            manager_eac=eac,
        )

    elapsed = progress.elapsed.tolist()

    def unbudgeted_task(task_id: str) -> EarnedValue:
        """A leaf the baseline lacks: no budget, its cost, its own time worked so far."""
        i = index[task_id]
        worked = elapsed[i] if state[i] > 0 else 0.0
        return earned_value(
            bac=0.0, pv_curve=[0.0], ev=0.0, ac=ac_by_id[task_id], actual_time=worked
        )

    finish = progress.actual_finish.tolist()

    def own_time(node_id: str) -> float:
        """AT of the node: from its baseline start to its actual finish or the status date."""
        end = progress.data_time
        at = [index.get(leaf.id) for leaf in baseline.leaves(node_id)]
        done = [i for i in at if i is not None and state[i] == 2]
        if done and len(done) == len(at):
            end = min(end, max(finish[i] for i in done))
        return max(end - node_start(baseline, node_id), 0.0)

    def node(node_id: str) -> EarnedValue:
        whole = measures(node_id, extra_ac=added_ac.get(node_id, 0.0))
        own = schedule_measures(
            node_value_curve(baseline, node_id, rules=rules),
            ev=whole.ev,
            actual_time=own_time(node_id),
        )
        return dataclasses.replace(whole, **dataclasses.asdict(own))

    project = measures(None, extra_ac=unbudgeted, eac=manager_eac)
    return ProjectEarnedValue(
        status_date=status_date,
        baseline=baseline.name,
        project=project,
        wbs={task.id: node(task.id) for task in baseline.tasks if not task.is_leaf},
        tasks={
            **{task.id: node(task.id) for task in baseline.tasks if task.is_leaf},
            **{task_id: unbudgeted_task(task_id) for task_id in added},
        },
        overhead=overhead_measures(costs, baseline, progress, project),
        unbaselined=added,
    )
