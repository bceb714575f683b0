"""A project's status in one line of the portfolio: the team status report, summarised.

The `status` job runs `app.report.status_report` (team audience) on a revision, exactly as
`steerco report` does, and keeps the few figures the dashboard shows: the overall and
schedule RAG with their rules, the P80 finish against the commitment (the plan's
`deadline`), CPI (or SPI on effort, when the plan has no costs), the top open risk and the
next milestone. It is JSON so that the job's cache holds it like every other result.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from steerco.report.data import Colour, MilestoneLine, Rag, StatusReport

if TYPE_CHECKING:
    from steerco.schedule.plan import Schedule

__all__ = [
    "NextMilestone",
    "RagMark",
    "StatusSummary",
    "TopRisk",
    "late_working_days",
    "read_summary",
    "summarize",
    "summary_json",
    "summary_of_file",
]

IndexName = Literal["CPI", "SPI"]


@dataclass(frozen=True)
class RagMark:
    """A RAG colour, what it judged and the rule that produced it (the report's `Rag`)."""

    colour: Colour
    value: str
    rule: str


@dataclass(frozen=True)
class TopRisk:
    """The open risk of highest exposure: probability x impact on the 1-5 scales."""

    id: str
    title: str
    probability: int
    impact: int
    score: int


@dataclass(frozen=True)
class NextMilestone:
    """The first milestone not reached yet, by planned date, with its forecast."""

    id: str
    name: str
    planned: dt.date | None
    p80: dt.date | None
    deadline: dt.date | None


@dataclass(frozen=True)
class StatusSummary:
    """What the dashboard shows of one project, from its team status report."""

    name: str
    status_date: dt.date
    overall: RagMark
    schedule: RagMark
    cost: RagMark
    p80: dt.date | None
    """The P80 finish of the whole project (None without a forecast of dates)."""
    committed: dt.date | None
    """The committed finish: the plan's `deadline`."""
    index_name: IndexName | None
    """CPI on money; SPI on effort (the plan has no costs); None without earned value."""
    index: float | None
    top_risk: TopRisk | None
    next_milestone: NextMilestone | None
    late_days: float | None = None
    """Working days from the commitment to the P80 finish (negative: before it), as the
    schedule RAG counts them; None without both dates."""


def _mark(rag: Rag) -> RagMark:
    return RagMark(colour=rag.colour, value=rag.value, rule=rag.rule)


def _next_milestone(milestones: tuple[MilestoneLine, ...]) -> NextMilestone | None:
    """The milestone not done with the earliest planned date (one without a date last)."""
    open_ones = [m for m in milestones if m.done is None]
    if not open_ones:
        return None
    first = min(open_ones, key=lambda m: (m.planned is None, m.planned or dt.date.min, m.id))
    return NextMilestone(
        id=first.id, name=first.name, planned=first.planned, p80=first.p80, deadline=first.deadline
    )


def summarize(report: StatusReport, *, late_days: float | None = None) -> StatusSummary:
    """The dashboard's figures of a (team) status report, taken as the report shows them.

    `late_days`: the P80 finish's working days after the commitment (`late_working_days`).
    """
    dimensions = {d.name: d.status for d in report.dimensions}
    budget = report.budget
    index_name: IndexName | None = None
    index = None
    if budget is not None:
        index_name = "CPI" if budget.unit == "money" else "SPI"
        index = budget.cpi if budget.unit == "money" else budget.spi
    top = report.risks[0] if report.risks else None
    return StatusSummary(
        name=report.project,
        status_date=report.status_date,
        overall=_mark(report.overall),
        schedule=_mark(dimensions["schedule"]),
        cost=_mark(dimensions["cost"]),
        p80=report.charts.forecast.p80 if report.charts.forecast is not None else None,
        committed=report.committed,
        index_name=index_name,
        index=index,
        top_risk=TopRisk(
            id=top.id,
            title=top.title,
            probability=top.probability,
            impact=top.impact,
            score=top.score,
        )
        if top is not None
        else None,
        next_milestone=_next_milestone(report.milestones),
        late_days=late_days,
    )


def late_working_days(
    plan: Schedule, p80: dt.date | None, committed: dt.date | None
) -> float | None:
    """Working days from `committed` to `p80` on the plan's calendar (negative: early).

    The count the schedule RAG judges (`report.build`): units between the two dates over
    the units of a working day. None without both dates or a calendar.
    """
    calendar = plan.network.calendar
    if p80 is None or committed is None or calendar is None:
        return None
    units = calendar.unit_after(p80) - calendar.unit_after(committed)
    return float(units / calendar.hours_per_unit_day)


def summary_of_file(
    *,
    path: Path,
    status_date: dt.date | None = None,
    iterations: int,
    seed: int | None = None,
    time_limit: float | None = None,
) -> StatusSummary:
    """The summary of the team status report of the project file at `path` (ProjectError).

    The report is built as `app.report.status_report` builds it (same inputs, same build).
    """
    from steerco.app.report import report_inputs
    from steerco.report.build import build_status_report

    inputs = report_inputs(
        path=path, status_date=status_date, iterations=iterations, seed=seed, time_limit=time_limit
    )
    report = build_status_report(inputs, audience="team")
    p80 = report.charts.forecast.p80 if report.charts.forecast is not None else None
    return summarize(report, late_days=late_working_days(inputs.plan, p80, report.committed))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def summary_json(summary: StatusSummary) -> str:
    """The summary as one JSON object (dates as ISO text), as the job's result keeps it."""
    data = asdict(summary)
    return json.dumps(_dates_to_text(data), sort_keys=True)


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _dates_to_text(item) for key, item in value.items()}
    return _plain(value)


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def read_summary(text: str) -> StatusSummary:
    """The summary `summary_json` wrote."""
    data = json.loads(text)
    risk = data["top_risk"]
    milestone = data["next_milestone"]
    return StatusSummary(
        name=data["name"],
        status_date=dt.date.fromisoformat(data["status_date"]),
        overall=RagMark(**data["overall"]),
        schedule=RagMark(**data["schedule"]),
        cost=RagMark(**data["cost"]),
        p80=_day(data["p80"]),
        committed=_day(data["committed"]),
        index_name=data["index_name"],
        index=data["index"],
        top_risk=TopRisk(**risk) if risk is not None else None,
        next_milestone=NextMilestone(
            id=milestone["id"],
            name=milestone["name"],
            planned=_day(milestone["planned"]),
            p80=_day(milestone["p80"]),
            deadline=_day(milestone["deadline"]),
        )
        if milestone is not None
        else None,
        late_days=data["late_days"],
    )
