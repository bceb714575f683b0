"""The report's agile section: the results of `steerco sprint`, `velocity`, `release`, `flow`.

Nothing here measures the backlog: each figure is read from the result of the use case
the command calls (`app.sprint.sprint_report`, `velocity_report`,
`app.release.release_forecast`, `app.flow.flow_report`, with their defaults and the
report's status date as their `--date`), so the report and the commands print the same
numbers. A part the project has nothing for is None: no active sprint at the date, no
finished sprint, nothing left to forecast, no item started yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from steerco.agile.flow import FlowMetrics
    from steerco.agile.release import ReleaseForecast
    from steerco.agile.sprint import SprintReport
    from steerco.agile.velocity import Velocity
    from steerco.model import Project
    from steerco.report.data import (
        AgileItemLine,
        AgileSection,
        FlowSummary,
        ReleaseSummary,
        SprintBurn,
        SprintSummary,
        VelocitySummary,
    )

__all__ = ["AgileFigures", "agile_figures"]


@dataclass(frozen=True)
class AgileFigures:
    """The agile section and the active sprint's burn chart, as the report takes them."""

    section: AgileSection | None
    burn: SprintBurn | None
    notes: tuple[str, ...] = ()
    """How the figures were made, for the report's small print."""


def _sprint(report: SprintReport) -> tuple[SprintSummary, SprintBurn]:
    """The active sprint's summary and burn chart, in points (in items when none has points)."""
    from steerco.report.data import SprintBurn, SprintSummary

    points = report.commitment.points > 0 or any(d.scope.points > 0 for d in report.days)
    unit = "points" if points else "items"

    def amount(tally: object) -> float:
        return float(getattr(tally, "points" if points else "items"))

    sprint = report.sprint
    summary = SprintSummary(
        id=sprint.id,
        name=sprint.name or sprint.id,
        goal=sprint.goal,
        start=sprint.start,
        end=sprint.end,
        unit=unit,
        committed=float(report.commitment.points if points else report.commitment.items),
        added=amount(report.added),
        removed=amount(report.removed),
        completed=amount(report.completed),
        remaining=amount(report.remaining),
        capacity=report.capacity.person_days,
    )
    days = report.days
    burn = SprintBurn(
        sprint=summary.name,
        unit=unit,
        dates=tuple(d.date for d in days),
        scope=tuple(amount(d.scope) for d in days),
        ideal=tuple(d.ideal_points for d in days) if points else (),
        done=tuple(amount(d.done) for d in days),
        remaining=tuple(amount(d.remaining) for d in days),
        last_day=sprint.end,
    )
    return summary, burn


def _velocity(velocity: Velocity) -> VelocitySummary | None:
    """The counted sprints' completed points and their mean; None before any sprint ends."""
    from steerco.report.data import VelocitySummary

    if not velocity.counted:
        return None
    return VelocitySummary(
        sprints=tuple(s.name or s.sprint for s in velocity.counted),
        points=tuple(s.completed_points for s in velocity.counted),
        mean=velocity.mean,
    )


def _release(forecast: ReleaseForecast) -> ReleaseSummary | None:
    """The release's remaining work and its P50/P85/P95 dates; None when nothing was run."""
    from steerco.report.data import ReleaseSummary

    if forecast.runs is None:
        return None
    scope = forecast.scope
    ends = {
        q: None if (cell := forecast.period(n)) is None else cell.end
        for q, n in forecast.percentiles.items()
    }
    at_p85 = forecast.period(forecast.percentiles.get(85))
    words = f"everything ranked up to {scope.cutline}" if scope.cutline else "the whole backlog"
    return ReleaseSummary(
        scope=words,
        basis=forecast.basis,
        remaining_items=len(scope.remaining),
        remaining_points=forecast.remaining if forecast.unit == "points" else None,
        p50=ends.get(50),
        p85=ends.get(85),
        p95=ends.get(95),
        sprint_p85=None if at_p85 is None else at_p85.sprint,
    )


def _flow(metrics: FlowMetrics) -> FlowSummary | None:
    """Cycle-time percentiles, mean weekly throughput, WIP and the columns over their limit.

    None before any item is done or in progress.
    """
    from steerco.report.data import FlowSummary

    percentiles = metrics.cycle.percentiles
    weeks = [w.count for w in metrics.weeks]
    in_progress = sum(c.count for c in metrics.wip if c.status.category == "in_progress")
    if not metrics.cycles and in_progress == 0:
        return None
    return FlowSummary(
        cycle_time_p50=None if 50 not in percentiles else float(percentiles[50]),
        cycle_time_p85=None if 85 not in percentiles else float(percentiles[85]),
        throughput_per_week=sum(weeks) / len(weeks) if weeks else None,
        wip=in_progress,
        wip_violations=tuple(
            f"{c.status.name}: {c.count} of {c.status.wip_limit}" for c in metrics.wip if c.over
        ),
    )


def _in_progress(project: Project, metrics: FlowMetrics) -> tuple[AgileItemLine, ...]:
    """The items in progress on the board (the flow's ageing list), with title and points."""
    from steerco.report.data import AgileItemLine

    items = {item.id: item for item in project.backlog}
    lines = []
    for aging in metrics.aging:
        item = items[aging.id]
        lines.append(
            AgileItemLine(
                id=item.id,
                title=item.title,
                status=aging.status,
                points=item.points,
                assignee=item.assignee or "",
                age_days=aging.age,
            )
        )
    return tuple(lines)


def agile_figures(*, path: Path, project: Project, status_date: dt.date) -> AgileFigures:
    """The agile section of the project file at `path` on `status_date` (None: no backlog)."""
    from steerco.agile.items import is_work
    from steerco.app.flow import flow_report
    from steerco.app.release import release_forecast
    from steerco.app.sprint import sprint_report, velocity_report
    from steerco.report.data import AgileSection

    if not any(is_work(item) for item in project.backlog):
        return AgileFigures(None, None)
    sprint = burn = velocity = None
    if project.sprints:
        report = sprint_report(path=path, as_of=status_date, project=project)
        if report.state == "active":
            sprint, burn = _sprint(report)
        velocity = _velocity(velocity_report(path=path, as_of=status_date, project=project))
    run = release_forecast(path=path, as_of=status_date, project=project)
    release = _release(run.forecast)
    flow = flow_report(path=path, as_of=status_date, project=project)
    section = AgileSection(
        sprint=sprint,
        velocity=velocity,
        release=release,
        flow=_flow(flow.metrics),
        in_progress=_in_progress(project, flow.metrics),
    )
    window = f"{flow.metrics.start.isoformat()} to {flow.metrics.end.isoformat()}"
    note = (
        f"backlog: as steerco sprint, velocity, release ({run.iterations:,} iterations, "
        f"seed {run.seed}) and flow (from {window}) give it at {status_date.isoformat()}"
    )
    return AgileFigures(section, burn, (note,))
