"""The report's narrative: short paragraphs written from its data, or the manager's own.

Deterministic (the same report gives the same words) and written only from what the report
already holds for its audience, so it never says what the audience may not see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from steerco.model import Project
from steerco.report.data import StatusReport, TaskLine

__all__ = ["manager_narrative", "write_narrative"]

_LISTED = 5
"""How many tasks a sentence names before it says how many more."""


def manager_narrative(project: Project, status_date: dt.date) -> tuple[str, ...] | None:
    """The manager's text for `status_date` from `reporting.narratives`, split at blank lines."""
    for own in project.reporting.narratives:
        if own.date == status_date:
            paragraphs = [" ".join(p.split()) for p in own.text.split("\n\n")]
            return tuple(p for p in paragraphs if p)
    return None


def _listed(tasks: Sequence[TaskLine]) -> str:
    """Task names for a sentence: 'a, b and c', then 'and N more'."""
    names = [t.name or t.id for t in tasks[:_LISTED]]
    more = len(tasks) - len(names)
    if more:
        return ", ".join(names) + f" and {more} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _overall(report: StatusReport) -> str:
    colour = report.overall.colour
    text = (
        f"Overall status: {colour.upper()}. Nothing can be judged yet."
        if colour == "grey"
        else f"Overall status: {colour.upper()}. It is the worst colour of the dimensions."
    )
    others = [
        f"{d.name.capitalize()}: {_sentence(d.status.rule)}"
        for d in report.dimensions
        if d.status.colour in ("amber", "red")
    ]
    return " ".join([text, *others])


def _sentence(text: str) -> str:
    """`text` with a capital first letter and a full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _finish(report: StatusReport) -> str | None:
    curve = report.charts.forecast
    if curve is None:
        return None
    text = (
        f"The forecast finish is {curve.p50.isoformat()} at P50 and {curve.p80.isoformat()} at P80"
    )
    if curve.committed is None:
        return text + "; there is no committed finish date."
    total = sum(curve.counts)
    on_time = sum(n for d, n in zip(curve.dates, curve.counts, strict=True) if d <= curve.committed)
    chance = _percent(on_time / total) if total else "unknown"
    return (
        f"{text}, against the committed {curve.committed.isoformat()}: "
        f"a {chance} chance of finishing by then."
    )


def _cost(report: StatusReport) -> str | None:
    cost = next(d.status for d in report.dimensions if d.name == "cost")
    if cost.colour == "grey":
        return None
    budget = report.budget
    if budget is None:
        return f"Cost: {_sentence(cost.rule)}"
    unit = budget.currency
    spent = "" if budget.actual_cost is None else f", spent {budget.actual_cost:,.0f}"
    return (
        f"Cost: earned {budget.earned_value:,.0f} of a budget of {budget.budget:,.0f} {unit} "
        f"(planned by now {budget.planned_value:,.0f}{spent}). {_sentence(cost.rule)}"
    )


def _done(report: StatusReport) -> str:
    since = f"since {report.period_start.isoformat()}"
    if not report.done_in_period:
        return f"Nothing was finished {since}."
    return f"Finished {since}: {_listed(report.done_in_period)}."


def _next(report: StatusReport) -> str:
    until = f"by {report.period_end.isoformat()}"
    if not report.planned_next_period:
        return f"Nothing more is planned to start or finish {until}."
    return f"Planned next, {until}: {_listed(report.planned_next_period)}."


def _risk(report: StatusReport) -> str | None:
    if not report.risks:
        return None
    top = report.risks[0]
    overdue = f"; {len(top.overdue)} of its actions are overdue" if top.overdue else ""
    return (
        f"The top risk is {top.id} ({top.title}), scoring {top.score} "
        f"({top.probability} x {top.impact}), owned by {top.owner}; response: "
        f"{top.response}{overdue}."
    )


def _decisions(report: StatusReport) -> str | None:
    wanted = [d for d in report.decisions if d.status == "open"]
    if not wanted:
        return None
    parts = []
    for d in wanted:
        by = f" by {d.needed_by.isoformat()}" if d.needed_by else ""
        late = " (overdue)" if d.overdue else ""
        parts.append(f"{d.title} ({d.owner}){by}{late}")
    return "Decisions needed: " + "; ".join(parts) + "."


def write_narrative(report: StatusReport) -> tuple[str, ...]:
    """Paragraphs on the overall colour and why, the finish, cost, done, next, risk, decisions."""
    paragraphs = [
        _overall(report),
        _finish(report),
        _cost(report),
        " ".join([_done(report), _next(report)]),
        _risk(report),
        _decisions(report),
    ]
    return tuple(p for p in paragraphs if p)
