"""Every chart of a report, in a fixed order, with a file-safe name, a title and an alt text."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from steerco.report.data import (
    EarnedValueCurve,
    ForecastCurve,
    GanttBar,
    ProgressCurve,
    ReportCharts,
    ResourceLoad,
    RiskCell,
    SprintBurn,
    StakeholderLine,
)
from steerco.report.render.charts._style import figure_text
from steerco.report.render.charts.forecast import forecast_histogram_svg, forecast_scurve_svg
from steerco.report.render.charts.gantt import gantt_rows, gantt_svg
from steerco.report.render.charts.grids import power_interest_svg, quadrant, risk_matrix_svg
from steerco.report.render.charts.load import load_panels, resource_load_svg
from steerco.report.render.charts.progress import (
    burndown_svg,
    burnup_svg,
    earned_value_svg,
    sprint_burndown_svg,
    sprint_burnup_svg,
)

__all__ = ["CHART_NAMES", "Chart", "report_charts"]

CHART_NAMES = (
    "gantt",
    "forecast-histogram",
    "forecast-scurve",
    "earned-value",
    "burnup",
    "burndown",
    "sprint-burnup",
    "sprint-burndown",
    "risk-matrix",
    "resource-load",
    "power-interest",
)
"""Every chart a report can have, in the order it shows them (also their file names)."""


@dataclass(frozen=True)
class Chart:
    """One rendered chart: a file-safe name, a title, the SVG text and its description in words."""

    name: str
    title: str
    svg: str
    alt: str


def _labelled(svg: str, title: str, alt: str) -> str:
    """`svg` with a role, a <title> and a <desc>, so screen readers and file viewers can name it."""
    head, rest = svg.split(">", 1)
    head = head.replace("<svg ", '<svg role="img" ', 1)
    return f"{head}>\n <title>{escape(title)}</title>\n <desc>{escape(alt)}</desc>{rest}"


def _gantt_alt(bars: Sequence[GanttBar], status_date: dt.date | None) -> str:
    """The Gantt in words."""
    rows, left_out = gantt_rows(bars)
    milestones = sum(b.kind == "milestone" for b in bars)
    critical = sum(b.critical and b.kind == "task" for b in bars)
    dates = [d for b in bars for d in (b.start, b.finish) if d is not None]
    text = f"Gantt chart of {len(bars)} rows: {milestones} milestones, {critical} critical tasks"
    if dates:
        text += f", from {min(dates).isoformat()} to {max(dates).isoformat()}"
    text += (
        ". Grey baseline bars under the plan bars, critical tasks hatched, "
        "P50 to P90 forecast whiskers on milestones"
    )
    if status_date is not None:
        text += f", status date {status_date.isoformat()} marked"
    if left_out:
        text += f". {len(rows)} rows shown, {left_out} more tasks not shown"
    return text + "."


def _forecast_alt(curve: ForecastCurve, cumulative: bool) -> str:
    """The finish forecast in words."""
    first, last = curve.dates[0].isoformat(), curve.dates[-1].isoformat()
    if cumulative:
        text = (
            f"Chance of finishing by each date, from {first} to {last}: "
            f"50% by {curve.p50.isoformat()} (P50), 80% by {curve.p80.isoformat()} (P80)"
        )
    else:
        text = (
            f"Histogram of the simulated finish date over {sum(curve.counts)} iterations, "
            f"from {first} to {last}: P50 {curve.p50.isoformat()}, P80 {curve.p80.isoformat()}"
        )
    if curve.committed is not None:
        text += f"; committed date {curve.committed.isoformat()}"
    return text + "."


def _earned_value_alt(curve: EarnedValueCurve, unit: str) -> str:
    """The earned-value curve in words."""
    text = (
        f"Earned value in {unit}: planned value rising to the budget at completion of "
        f"{figure_text(curve.budget)}"
    )
    if curve.earned_dates:
        text += (
            f"; at {curve.earned_dates[-1].isoformat()} earned value "
            f"{figure_text(curve.earned[-1])}"
        )
        if curve.actual:
            text += f" and actual {figure_text(curve.actual[-1])}"
    if curve.eac is not None and curve.forecast_finish is not None:
        text += (
            f"; projected estimate at completion {figure_text(curve.eac)} "
            f"by {curve.forecast_finish.isoformat()}"
        )
    return text + "."


def _progress_alt(curve: ProgressCurve, burnup: bool) -> str:
    """Burnup or burndown in words."""
    span = f"from {curve.dates[0].isoformat()} to {curve.dates[-1].isoformat()}"
    scope, done, planned = curve.scope[-1], curve.done[-1], curve.planned_done[-1]
    if burnup:
        return (
            f"Burnup in {curve.unit} {span}: {figure_text(done)} of {figure_text(scope)} done, "
            f"{figure_text(planned)} planned done."
        )
    return (
        f"Burndown in {curve.unit} {span}: {figure_text(scope - done)} remaining, "
        f"{figure_text(scope - planned)} planned remaining."
    )


def _sprint_alt(burn: SprintBurn, burnup: bool) -> str:
    """The active sprint's burnup or burndown in words."""
    last = max(burn.last_day or burn.dates[-1], burn.dates[-1])
    span = f"from {burn.dates[0].isoformat()} to {last.isoformat()}"
    scope = burn.scope[: len(burn.done)] or burn.scope[:1]
    changes = sum(1 for a, b in itertools.pairwise(scope) if a != b)
    times = "once" if changes == 1 else f"{changes} times"
    changed = f", scope changed {times}" if changes else ", no scope change"
    if not burn.done:
        return f"{burn.sprint} {span} in {burn.unit}: {figure_text(burn.scope[0])} committed."
    day_ = burn.dates[len(burn.done) - 1].isoformat()
    if burnup:
        return (
            f"Burnup of {burn.sprint} {span} in {burn.unit}: {figure_text(burn.done[-1])} of "
            f"{figure_text(scope[-1])} done by {day_}{changed}."
        )
    ideal = burn.ideal[len(burn.done) - 1]
    return (
        f"Burndown of {burn.sprint} {span} in {burn.unit}: {figure_text(burn.remaining[-1])} "
        f"remaining on {day_} against {figure_text(ideal)} on the ideal line{changed}."
    )


def _risk_alt(cells: Sequence[RiskCell]) -> str:
    """The probability-impact matrix in words, highest score first."""
    full = sorted(
        (c for c in cells if c.risks), key=lambda c: (-c.probability * c.impact, -c.impact)
    )
    parts = [
        f"{', '.join(c.risks)} at probability {c.probability}, impact {c.impact}" for c in full
    ]
    count = sum(len(c.risks) for c in full)
    return f"Probability-impact matrix of {count} risks: {'; '.join(parts)}."


def _load_alt(loads: Sequence[ResourceLoad]) -> str:
    """The resource load in words: who is over capacity, in how many weeks."""
    shown, left_out = load_panels(loads)
    over = [
        f"{r.resource} in {n} weeks"
        for r in loads
        if (n := sum(x > c for x, c in zip(r.load, r.capacity, strict=True)))
    ]
    text = f"Weekly load against capacity of {len(loads)} resources"
    text += f"; over capacity: {', '.join(over)}" if over else "; no resource over capacity"
    if left_out:
        text += f"; {len(shown)} shown, {left_out} more resources not shown"
    return text + "."


def _stakeholder_alt(stakeholders: Sequence[StakeholderLine]) -> str:
    """The power-interest grid in words."""
    parts = []
    for person in stakeholders:
        part = f"{person.name}: influence {person.influence}, interest {person.interest}"
        parts.append(f"{part} ({quadrant(person)})")
    return f"Power-interest grid of {len(stakeholders)} stakeholders: {'; '.join(parts)}."


def _charts(
    charts: ReportCharts,
    stakeholders: Sequence[StakeholderLine],
    status_date: dt.date | None,
    value_unit: str,
) -> list[tuple[str, str, str, str]]:
    """(name, title, svg, alt) of every chart that has data, in `CHART_NAMES` order."""
    out: list[tuple[str, str, str, str]] = []
    if charts.gantt:
        alt = _gantt_alt(charts.gantt, status_date)
        out.append(("gantt", "Schedule", gantt_svg(charts.gantt, status_date), alt))
    forecast = charts.forecast
    if forecast is not None and forecast.dates and sum(forecast.counts) > 0:
        hist, scurve = forecast_histogram_svg(forecast), forecast_scurve_svg(forecast)
        out.append(("forecast-histogram", "Finish forecast", hist, _forecast_alt(forecast, False)))
        out.append(
            ("forecast-scurve", "Chance of finishing by", scurve, _forecast_alt(forecast, True))
        )
    ev = charts.earned_value
    if ev is not None and ev.dates:
        unit = value_unit or ("working days" if ev.unit == "effort" else "money")
        svg = earned_value_svg(ev, unit_label=value_unit)
        out.append(("earned-value", "Earned value", svg, _earned_value_alt(ev, unit)))
    progress = charts.progress
    if progress is not None and progress.dates:
        out.append(("burnup", "Burnup", burnup_svg(progress), _progress_alt(progress, True)))
        out.append(("burndown", "Burndown", burndown_svg(progress), _progress_alt(progress, False)))
    burn = charts.sprint_burn
    if burn is not None and burn.dates:
        title = f"Sprint burnup: {burn.sprint}"
        out.append(("sprint-burnup", title, sprint_burnup_svg(burn), _sprint_alt(burn, True)))
        title = f"Sprint burndown: {burn.sprint}"
        out.append(("sprint-burndown", title, sprint_burndown_svg(burn), _sprint_alt(burn, False)))
    if any(cell.risks for cell in charts.risk_matrix):
        svg, alt = risk_matrix_svg(charts.risk_matrix), _risk_alt(charts.risk_matrix)
        out.append(("risk-matrix", "Risks by probability and impact", svg, alt))
    if charts.resource_load:
        svg = resource_load_svg(charts.resource_load)
        out.append(("resource-load", "Resource load", svg, _load_alt(charts.resource_load)))
    if stakeholders:
        svg = power_interest_svg(stakeholders)
        out.append(("power-interest", "Stakeholders", svg, _stakeholder_alt(stakeholders)))
    return out


def report_charts(
    charts: ReportCharts,
    stakeholders: Sequence[StakeholderLine],
    status_date: dt.date | None,
    *,
    value_unit: str = "",
) -> dict[str, Chart]:
    """Every chart of a report that has data, by name in `CHART_NAMES` order, as SVG.

    `value_unit` labels the earned-value axis: the report's currency, or its effort unit.
    """
    return {
        name: Chart(name, title, _labelled(svg, title, alt), alt)
        for name, title, svg, alt in _charts(charts, stakeholders, status_date, value_unit)
    }
