"""The data of each chart of a status report, from the plan, forecast, earned value and register.

Pure: each function takes results already computed (the dated plan, the forecast, the
earned-value trend, the register) and returns the chart's dataclass from `report.data`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np

from steerco.forecast.result import Forecast
from steerco.model import Progress, Project
from steerco.model.baseline import Baseline
from steerco.people.team import plan_load
from steerco.people.workload import weekly_workload
from steerco.report.audience import View
from steerco.report.data import (
    EarnedValueCurve,
    ForecastCurve,
    GanttBar,
    ProgressCurve,
    ResourceLoad,
    RiskCell,
)
from steerco.risk.register import RiskRegister
from steerco.schedule.calendar import WorkCalendar
from steerco.schedule.dates import finish_dates
from steerco.schedule.plan import Schedule
from steerco.track.earned import EarnedValueAt, TrendPoint
from steerco.track.effort import effort_baseline, estimated_durations
from steerco.track.planned_value import planned_value_curve

__all__ = [
    "as_date",
    "earned_value_curve",
    "forecast_curve",
    "gantt_bars",
    "leaf_percents",
    "planned_durations",
    "progress_curve",
    "resource_load",
    "risk_cells",
    "work_unit",
]


def as_date(value: object) -> dt.date | None:
    """A date as it is; a unit number (a plan without calendar) as None."""
    return value if isinstance(value, dt.date) else None


def work_unit(project: Project) -> str:
    """What the project's work counts in: 'working days', 'working hours' or 'periods'."""
    return {"day": "working days", "hour": "working hours"}.get(project.unit, "periods")


def planned_durations(project: Project) -> dict[str, float]:
    """Each leaf's planned duration in working units, as estimated now (progress aside)."""
    return estimated_durations(project)


def leaf_percents(plan: Schedule) -> dict[str, float]:
    """Each task's percent complete (0-100), summaries weighted by their leaves' durations."""
    net = plan.network
    share = net.progress.percent if net.progress is not None else np.zeros(len(net.ids))
    percents = dict(zip(net.ids, (np.clip(share, 0, 1) * 100).tolist(), strict=True))
    for node in net.summaries:
        weights = net.duration[node.first : node.stop]
        done = share[node.first : node.stop]
        total = float(weights.sum())
        percents[node.id] = (
            float((np.clip(done, 0, 1) * weights).sum() / total * 100)
            if total > 0
            else float(np.mean(done) * 100)
            if done.size
            else 0.0
        )
    return percents


def gantt_bars(
    plan: Schedule,
    *,
    view: View,
    baseline: Baseline | None,
    forecast: Forecast,
    percents: Mapping[str, float],
) -> tuple[GanttBar, ...]:
    """Every row of the plan (the team), else its summaries and milestones, WBS order."""
    rows = list(plan.tasks())
    parent = {row.id: row.parent for row in rows}
    frozen = {t.id: t for t in baseline.tasks} if baseline is not None else {}

    def level(task_id: str) -> int:
        depth, node = 0, parent.get(task_id)
        while node is not None:
            depth, node = depth + 1, parent.get(node)
        return depth

    bars: list[GanttBar] = []
    for row in rows:
        if not view.task_detail and row.kind == "task":
            continue
        was = frozen.get(row.id)
        milestone = forecast.milestones.get(row.id) if row.kind == "milestone" else None
        bars.append(
            GanttBar(
                id=row.id,
                name=row.name,
                level=level(row.id),
                kind=row.kind,
                start=as_date(row.start),
                finish=as_date(row.finish),
                baseline_start=as_date(was.start) if was is not None else None,
                baseline_finish=as_date(was.finish) if was is not None else None,
                critical=row.critical,
                percent=percents.get(row.id, 0.0),
                p50=as_date(milestone.dates.get("p50")) if milestone is not None else None,
                p90=milestone.p90 if milestone is not None else None,
            )
        )
    return tuple(bars)


def forecast_curve(forecast: Forecast, committed: dt.date | None) -> ForecastCurve | None:
    """The histogram of finish dates with its P50 and P80; None without dates."""
    p50, p80 = as_date(forecast.finish.get("p50")), as_date(forecast.finish.get("p80"))
    if p50 is None or p80 is None or not forecast.histogram:
        return None
    dates = tuple(d for d, _ in forecast.histogram if isinstance(d, dt.date))
    counts = tuple(n for d, n in forecast.histogram if isinstance(d, dt.date))
    return ForecastCurve(dates=dates, counts=counts, p50=p50, p80=p80, committed=committed)


def _by_day(calendar: WorkCalendar, values: Sequence[float]) -> tuple[list[dt.date], list[float]]:
    """Values at time points 0..n-1, one per working day: the last value of each day."""
    days = finish_dates(calendar, np.arange(len(values), dtype=np.float64))
    per_day: dict[dt.date, float] = {}
    for day, value in zip(days, values, strict=True):
        per_day[day] = value
    return list(per_day), list(per_day.values())


def earned_value_curve(
    *,
    baseline: Baseline,
    earned: EarnedValueAt,
    trend: Sequence[TrendPoint],
    calendar: WorkCalendar | None,
    view: View,
) -> EarnedValueCurve | None:
    """PV over the whole baseline, EV and AC at each recorded status date, and the EAC.

    In effort (working units) when the baseline has no costs; None in money when the
    audience sees no money, and without a calendar.
    """
    if calendar is None or (earned.measure == "cost" and not view.money):
        return None
    frozen = effort_baseline(baseline) if earned.measure == "effort" else baseline
    dates, planned = _by_day(calendar, planned_value_curve(frozen).tolist())
    measures = earned.measured.project
    # the EAC line ends no earlier than the work left allows (IEAC(t) can fall before it)
    end = earned.earliest_finish if earned.before_earliest else earned.forecast_finish
    return EarnedValueCurve(
        unit="money" if earned.measure == "cost" else "effort",
        dates=tuple(dates),
        planned=tuple(planned),
        earned=tuple(p.measures.ev for p in trend),
        earned_dates=tuple(p.status_date for p in trend),
        actual=tuple(p.measures.ac for p in trend) if earned.measure == "cost" else (),
        budget=measures.bac,
        eac=measures.eac,
        forecast_finish=end,
    )


def _done_share(progress: Progress, task_id: str) -> float:
    """The share of a task done by a recorded progress: 1 once finished, else its percent."""
    entry = progress.tasks.get(task_id)
    if entry is None:
        return 0.0
    if entry.actual_finish is not None:
        return 1.0
    return min(max((entry.percent_complete or 0.0) / 100, 0.0), 1.0)


def progress_curve(
    plan: Schedule,
    *,
    project: Project,
    durations: Mapping[str, float],
    progresses: Sequence[Progress],
    baseline: Baseline | None,
) -> ProgressCurve | None:
    """Burnup in working units at each recorded status date: scope, done, planned done.

    scope = the leaves' planned `durations` (`planned_durations`); done = each duration x its
    share done by the record
    (finished 1, else percent complete); planned done = the baseline's (else the plan's)
    work scheduled to end by the close of that day. None without dates or records.
    """
    calendar = plan.network.calendar
    dated = [p for p in progresses if p.status_date is not None]
    if calendar is None or not dated:
        return None
    planned_length = durations
    ids = list(durations)
    lengths_now = np.array([planned_length[i] for i in ids], dtype=np.float64)
    if baseline is not None:
        leaves = list(baseline.leaves())
        starts = np.array([float(t.start_units) for t in leaves])
        lengths = np.array([float(t.duration) for t in leaves])
    else:
        starts = plan.cpm.es.astype(np.float64)
        lengths = np.array([planned_length.get(i, 0.0) for i in plan.network.ids])
    scope = float(lengths_now.sum())
    dates, done, planned = [], [], []
    for progress in dated:
        assert progress.status_date is not None
        day = progress.status_date
        time = float(calendar.unit_after(day))
        dates.append(day)
        shares = [_done_share(progress, task_id) for task_id in ids]
        done.append(float((lengths_now * np.array(shares)).sum()))
        planned.append(float(np.clip(time - starts, 0.0, lengths).sum()))
    return ProgressCurve(
        unit=work_unit(project),
        dates=tuple(dates),
        scope=tuple([scope] * len(dates)),
        done=tuple(done),
        planned_done=tuple(planned),
    )


def risk_cells(register: RiskRegister) -> tuple[RiskCell, ...]:
    """All 25 cells of the probability-impact matrix with the active risks in each."""
    return tuple(
        RiskCell(probability=p, impact=i, risks=register.matrix[p - 1][i - 1])
        for p in range(1, 6)
        for i in range(1, 6)
    )


def resource_load(plan: Schedule, *, project: Project, view: View) -> tuple[ResourceLoad, ...]:
    """Each person's and pool's booked person-days per week against capacity (`people.workload`)."""
    network = plan.network
    if network.calendar is None:
        return ()
    load = weekly_workload(project, network, plan_load(project, network, plan), plan.makespan)
    weeks = tuple(w for w in load.weeks if isinstance(w, dt.date))
    return tuple(
        ResourceLoad(
            resource=view.person(rid),
            periods=weeks,
            load=tuple(w.booked for w in rows),
            capacity=tuple(w.capacity for w in rows),
        )
        for rid, rows in load.people.items()
    )
