"""The JSON object of `steerco flow`: WIP, cycle time, throughput, cumulative flow, aging."""

from __future__ import annotations

from typing import Any

from steerco.agile.cycle import CycleTime
from steerco.agile.flow import FlowMetrics

__all__ = ["flow_object"]


def _cycle(cycle: CycleTime) -> dict[str, Any]:
    return {
        "id": cycle.id,
        "started": cycle.started.isoformat(),
        "done": cycle.done.isoformat(),
        "days": cycle.days,
        "active_days": cycle.active_days,
        "efficiency": cycle.efficiency,
        "note": cycle.note,
    }


def flow_object(project: str, metrics: FlowMetrics) -> dict[str, Any]:
    """The flow of the board as one JSON-ready object (dates as YYYY-MM-DD)."""
    names = [s.name for s in metrics.statuses]
    summary, efficiency = metrics.cycle, metrics.efficiency
    return {
        "project": project,
        "start": metrics.start.isoformat(),
        "as_of": metrics.end.isoformat(),
        "items": metrics.items,
        "statuses": [
            {"name": s.name, "category": s.category, "wip_limit": s.wip_limit, "waiting": s.waiting}
            for s in metrics.statuses
        ],
        "wip": [
            {
                "status": column.status.name,
                "category": column.status.category,
                "count": column.count,
                "limit": column.status.wip_limit,
                "over": column.over,
                "days_over": [day.isoformat() for day in column.days_over],
            }
            for column in metrics.wip
        ],
        "cycle_time": {
            "count": summary.count,
            "mean": summary.mean,
            "percentiles": [{"percentile": q, "days": d} for q, d in summary.percentiles.items()],
            "reason": summary.reason,
            "items": [_cycle(cycle) for cycle in metrics.cycles],
        },
        "throughput": {
            "total": sum(metrics.per_day),
            "per_day": [
                {"date": day.isoformat(), "count": n}
                for day, n in zip(metrics.days, metrics.per_day, strict=True)
            ],
            "per_week": [
                {"start": w.start.isoformat(), "end": w.end.isoformat(), "count": w.count}
                for w in metrics.weeks
            ],
        },
        "cfd": [
            {"date": day.isoformat(), "counts": dict(zip(names, counts, strict=True))}
            for day, counts in zip(metrics.days, metrics.cfd, strict=True)
        ],
        "aging": [
            {
                "id": a.id,
                "status": a.status,
                "started": None if a.started is None else a.started.isoformat(),
                "age": a.age,
                "beyond": a.beyond,
            }
            for a in metrics.aging
        ],
        "flow_efficiency": {
            "value": efficiency.value,
            "active_days": efficiency.active_days,
            "days": efficiency.days,
            "items": efficiency.items,
            "reason": efficiency.reason,
        },
    }
