"""Freeze a computed plan into a Baseline: dates, working units, work and budget per task."""

from __future__ import annotations

import datetime as dt
from typing import Any

from steerco.model import Project
from steerco.model.baseline import Baseline, BaselineTask
from steerco.schedule.cost import ACCRUALS, CostTable
from steerco.schedule.plan import Schedule
from steerco.track.effort import demanded_units, estimated_durations, estimated_work

__all__ = ["freeze_baseline"]


def _number(value: float) -> int | float:
    """A whole number as an int (as the plan prints it), anything else as a float."""
    return int(value) if float(value).is_integer() else float(value)


def _demanded_units(schedule: Schedule, project: Project | None) -> list[float]:
    """Units each leaf demands: the project's demands (roles and skills too), else the plan's."""
    if project is None:
        return [sum(row.values()) for row in schedule.leaf_resources()]
    units = demanded_units(project)
    return [units.get(task_id, 0.0) for task_id in schedule.network.ids]


def freeze_baseline(
    schedule: Schedule,
    project: Project | None,
    *,
    name: str,
    saved: dt.date,
    contingency: float = 0.0,
    management_reserve: float = 0.0,
) -> Baseline:
    """The plan `schedule` as a Baseline named `name`, saved on `saved`.

    Per leaf: start/finish dates and units (es, ef), duration = ef - es, work = duration x
    the units it demands, cost = fixed + rate x duration, and the fixed cost, accrual and
    rate that rebuild its time-phased cost. Per summary: the span of its leaves, the sums
    of their work and cost, and its children. A plan without costs (PSPLIB) has budgets of 0.
    A task in progress spans its actual start to its planned finish at its cost at
    completion: its rate is spread over that whole span (rate x remaining / span).
    """
    network = schedule.network
    units = _demanded_units(schedule, project)
    rows = list(schedule.tasks())
    children: dict[str, list[str]] = {}
    for row in rows:
        if row.parent is not None:
            children.setdefault(row.parent, []).append(row.id)
    index = {task_id: i for i, task_id in enumerate(network.ids)}
    summaries = {node.id: node for node in network.summaries}
    span = {row.id: row.ef - row.es for row in rows}
    work = [float(span[task_id]) * units[i] for task_id, i in index.items()]
    estimated = (
        estimated_work(project, estimated_durations(project))
        if project is not None
        else {task_id: work[i] for task_id, i in index.items()}  # no progress: the spans
    )
    tasks: list[BaselineTask] = []
    for row in rows:
        fields: dict[str, Any] = {
            "id": row.id,
            "name": row.name,
            "kind": row.kind,
            "parent": row.parent,
            "start": row.start,
            "finish": row.finish,
            "start_units": _number(row.es),
            "finish_units": _number(row.ef),
            "duration": _number(span[row.id]),
            "cost": row.cost or 0.0,
        }
        if row.kind == "summary":
            node = summaries[row.id]
            fields["children"] = tuple(children[row.id])
            fields["work"] = sum(work[node.first : node.stop])
        else:
            i = index[row.id]
            fields["work"] = work[i]
            fields["estimated_work"] = estimated[row.id]
            fields.update(_time_phasing(network.costs, i, float(network.duration[i]), span[row.id]))
        tasks.append(BaselineTask.model_validate(fields))
    start, finish = schedule.project_dates()
    return Baseline(
        name=name,
        saved=saved,
        project=network.project,
        project_start=network.start,
        unit=network.unit,
        currency=network.currency,
        method=schedule.method,
        start=start,
        finish=finish,
        finish_units=schedule.makespan,
        contingency=contingency,
        management_reserve=management_reserve,
        tasks=tuple(tasks),
    )


def _time_phasing(costs: CostTable | None, i: int, duration: float, span: float) -> dict[str, Any]:
    """Fixed cost, accrual and rate of leaf i such that fixed + rate x span is its cost.

    The plan costs rate x its (remaining) duration; over a span that starts earlier (a task
    in progress) the same amount is spread at rate x duration / span.
    """
    if costs is None:
        return {"fixed_cost": 0.0, "accrual": "prorated", "rate": 0.0}
    fixed, rate = float(costs.fixed[i]), float(costs.rate[i])
    if span != duration:
        fixed, rate = (
            (fixed, rate * duration / span) if span > 0 else (fixed + rate * duration, 0.0)
        )
    return {"fixed_cost": fixed, "accrual": ACCRUALS[int(costs.accrual[i])], "rate": rate}
