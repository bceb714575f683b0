"""RAG status of each dimension of a report, with the rule that produced the colour, in words.

One function per dimension; each takes the measured figures and the project's thresholds
(`reporting.thresholds`) and returns a `Rag`: the colour, the value it judged and the rule.
A threshold is where a colour starts to apply: schedule, cost overrun and scope growth turn
when the value is *beyond* it (more days late, a larger overrun or growth), CPI when it is
*below* it, and the risk score *from* it (a top score of 8 is amber when amber starts at 8).
A value exactly at a schedule, cost or scope threshold keeps the milder colour.
Grey means there is nothing to judge (no commitment, no baseline, no progress, no gates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from steerco.model.communication import RagThresholds
from steerco.report.data import Colour, Dimension, Rag

__all__ = [
    "COLOUR_ORDER",
    "GateState",
    "cost_rag",
    "overall_rag",
    "quality_rag",
    "risk_rag",
    "schedule_rag",
    "scope_rag",
    "worst",
]

COLOUR_ORDER: tuple[Colour, ...] = ("grey", "green", "amber", "red")
"""From nothing to judge to worst: the overall colour is the latest of its dimensions'."""

_DIGITS = 9
"""Shares and ratios are compared rounded to this many decimals: 105 / 100 - 1 is 0.05."""

GateState = tuple[str, str, dt.date | None]
"""A gate as the quality rule reads it: (name, state passed/failed/pending/at-risk, planned
date)."""


def _days(value: float) -> str:
    """A number of working days in words: '1 working day', '2.5 working days'."""
    return f"{value:g} working day" + ("" if value == 1 else "s")


def _pct(share: float) -> str:
    """A share as a percentage: 0.05 -> '5%', 0.125 -> '12.5%'."""
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def schedule_rag(
    *, p80: dt.date | None, committed: dt.date | None, late: float, thresholds: RagThresholds
) -> Rag:
    """The P80 finish against the committed date: `late` working days after it (< 0: early).

    red when late > schedule_red_days, amber when late > schedule_amber_days, else green;
    grey without a committed date (the project's `deadline`) or a forecast.
    """
    amber, red = thresholds.schedule_amber_days, thresholds.schedule_red_days
    limits = f"amber when more than {_days(amber)} late, red when more than {_days(red)}"
    if committed is None or p80 is None:
        what = "no committed finish (`deadline`)" if committed is None else "no forecast"
        return Rag("grey", "no commitment" if committed is None else "no forecast", what)
    if late > 0:
        where = f"{_days(late)} after"
    elif late < 0:
        where = f"{_days(-late)} before"
    else:
        where = "on"
    value = f"P80 finish {p80.isoformat()}"
    colour: Colour = "red" if late > red else "amber" if late > amber else "green"
    rule = (
        f"P80 finish {p80.isoformat()} is {where} the committed {committed.isoformat()}: "
        f"{colour} ({limits})"
    )
    return Rag(colour, value, rule)


def cost_rag(
    *,
    cpi: float | None,
    eac: float | None,
    budget: float | None,
    thresholds: RagThresholds,
    unit: str,
    show_amounts: bool = True,
) -> Rag:
    """CPI and EAC against the budget (BAC): the worse of the two rules.

    By CPI: red when CPI < cost_red_cpi, amber when CPI < cost_amber_cpi. By overrun
    (EAC - BAC) / BAC: red when > cost_red_overrun, amber when > cost_amber_overrun.
    `unit` names what the figures count (a currency, or 'working days' of effort);
    `show_amounts` False states shares and ratios only, never an amount. Grey without a
    baseline budget or before anything is earned or spent (no CPI).
    """
    t = thresholds
    limits = (
        f"amber when CPI is below {t.cost_amber_cpi:g} or the EAC exceeds the budget by "
        f"more than {_pct(t.cost_amber_overrun)}, red when CPI is below {t.cost_red_cpi:g} "
        f"or the EAC exceeds it by more than {_pct(t.cost_red_overrun)}"
    )
    if not budget:
        return Rag("grey", "no budget", "no baseline with a budget to measure cost against")
    if cpi is None or eac is None:
        return Rag("grey", "no cost performance yet", "nothing earned or spent by the status date")
    overrun = round((eac - budget) / budget, _DIGITS)
    cpi = round(cpi, _DIGITS)
    by_cpi: Colour = (
        "red" if cpi < t.cost_red_cpi else "amber" if cpi < t.cost_amber_cpi else "green"
    )
    by_eac: Colour = (
        "red"
        if overrun > t.cost_red_overrun
        else "amber"
        if overrun > t.cost_amber_overrun
        else "green"
    )
    colour = worst((by_cpi, by_eac))
    side = "over" if overrun > 0 else "under" if overrun < 0 else "on"
    share = "" if side == "on" else f"{_pct(abs(overrun))} "
    value = f"CPI {cpi:.2f}, EAC {share}{side} budget"
    if show_amounts:
        value = f"CPI {cpi:.2f}, EAC {eac:,.0f} vs budget {budget:,.0f} {unit}"
    effort = " (in effort)" if unit.startswith("working") else ""
    rule = f"CPI {cpi:.2f} and an EAC {share}{side} budget{effort}: {colour} ({limits})"
    return Rag(colour, value, rule)


def scope_rag(
    *, baseline_work: float | None, current_work: float, unit: str, thresholds: RagThresholds
) -> Rag:
    """The work in the current plan against the baseline's: growth = current / baseline - 1.

    red when growth > scope_red_growth, amber when growth > scope_amber_growth, else green
    (shrinking scope is green); grey without a baseline.
    """
    t = thresholds
    limits = (
        f"amber when the work grew by more than {_pct(t.scope_amber_growth)}, "
        f"red when by more than {_pct(t.scope_red_growth)}"
    )
    if baseline_work is None:
        return Rag("grey", "no baseline", "no baseline to compare the plan's work with")
    if baseline_work <= 0:
        return Rag("grey", "no baselined work", "the baseline holds no work to compare with")
    growth = round(current_work / baseline_work - 1, _DIGITS)
    colour: Colour = (
        "red"
        if growth > t.scope_red_growth
        else "amber"
        if growth > t.scope_amber_growth
        else "green"
    )
    change = "grew by" if growth > 0 else "shrank by" if growth < 0 else "changed by"
    value = f"{current_work:,.1f} {unit} planned vs {baseline_work:,.1f} baselined"
    rule = f"the work {change} {_pct(abs(growth))} since the baseline: {colour} ({limits})"
    return Rag(colour, value, rule)


def risk_rag(
    *, top: str | None, probability: int = 0, impact: int = 0, thresholds: RagThresholds
) -> Rag:
    """The top open risk's score, probability x impact on the register's 1-5 scales.

    red when the score >= risk_red_score, amber when >= risk_amber_score, else green;
    grey with no open risk (`top` None); `top` names the risk.
    """
    t = thresholds
    limits = f"amber from a score of {t.risk_amber_score}, red from {t.risk_red_score}"
    if top is None:
        return Rag("grey", "no open risk", "no open risk in the register")
    score = probability * impact
    colour: Colour = (
        "red" if score >= t.risk_red_score else "amber" if score >= t.risk_amber_score else "green"
    )
    value = f"{top}: {probability} x {impact} = {score}"
    rule = (
        f"the top open risk {top} scores probability {probability} x impact {impact} = "
        f"{score}: {colour} ({limits})"
    )
    return Rag(colour, value, rule)


def quality_rag(*, gates: Sequence[GateState], status_date: dt.date) -> Rag:
    """The gates: any failed is red; any at risk or pending past its planned date is amber.

    Else green; grey with no gates. A gate is overdue when still pending after the day its
    milestone is planned (planned date before the status date); at risk when its run's
    learning-curve outlook says it is unlikely to be met.
    """
    limits = "red when a gate failed, amber when a gate is at risk or pending past its planned date"
    if not gates:
        return Rag("grey", "no gates", "the plan has no gated milestones")
    failed = [name for name, state, _ in gates if state == "failed"]
    overdue = [
        name
        for name, state, planned in gates
        if state == "pending" and planned is not None and planned < status_date
    ]
    at_risk = [name for name, state, _ in gates if state == "at-risk"]
    passed = sum(state == "passed" for _, state, _ in gates)
    value = f"{passed} of {len(gates)} gates passed"
    if failed:
        rule = f"gate {_names(failed)} failed: red ({limits})"
        return Rag("red", value, rule)
    if at_risk:
        return Rag("amber", value, f"gate {_names(at_risk)} unlikely to be met: amber ({limits})")
    if overdue:
        return Rag(
            "amber", value, f"gate {_names(overdue)} pending past its date: amber ({limits})"
        )
    return Rag("green", value, f"no gate failed or overdue: green ({limits})")


def _names(names: Sequence[str]) -> str:
    """Names joined for a sentence: 'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def worst(colours: Sequence[Colour]) -> Colour:
    """The worst colour (red > amber > green > grey); grey when there is none."""
    return max(colours, key=COLOUR_ORDER.index, default="grey")


def overall_rag(dimensions: Sequence[Dimension]) -> Rag:
    """The worst colour of the dimensions (red > amber > green; grey ones are not judged)."""
    colour = worst([d.status.colour for d in dimensions])
    how = "overall is the worst colour of the dimensions; grey ones have nothing to judge"
    if colour == "grey":
        return Rag("grey", "nothing to judge", f"every dimension is grey ({how})")
    which = [d.name for d in dimensions if d.status.colour == colour]
    verb = "is" if len(which) == 1 else "are"
    value = f"{_names(which)} {verb} {colour}"
    return Rag(colour, value, f"{_names(which)} {verb} {colour} ({how})")
