"""How a report's values read in every format: dates, figures, shares and RAG colours."""

from __future__ import annotations

import datetime as dt

from steerco.report.data import BudgetSection, Colour

__all__ = [
    "AUDIENCE_TITLE",
    "DIMENSION_TITLE",
    "NONE",
    "budget_rows",
    "day",
    "figure",
    "people",
    "rag_word",
    "ratio",
    "share",
]

NONE = "—"
"""What an unknown or missing value reads as."""

DIMENSION_TITLE = {
    "schedule": "Schedule",
    "cost": "Cost",
    "scope": "Scope",
    "risk": "Risk",
    "quality": "Quality",
}

AUDIENCE_TITLE = {"client": "Client", "sponsor": "Sponsor", "team": "Team"}


def rag_word(colour: Colour) -> str:
    """The colour as the word printed next to it (a colour is never shown alone)."""
    return colour.upper()


def day(value: dt.date | None) -> str:
    """A date as YYYY-MM-DD, or a dash."""
    return NONE if value is None else value.isoformat()


def share(value: float | None) -> str:
    """A fraction 0..1 as a whole percentage, or a dash."""
    return NONE if value is None else f"{value * 100:.0f}%"


def ratio(value: float | None) -> str:
    """An index such as CPI with two decimals, or a dash."""
    return NONE if value is None else f"{value:.2f}"


def figure(value: float | None, budget: BudgetSection) -> str:
    """An amount in the budget's unit: `EUR 120,000` for money, `42.5 working days` for effort."""
    if value is None:
        return NONE
    if budget.unit == "money":
        return f"{budget.currency} {value:,.0f}".strip()
    return f"{value:,.1f} {budget.currency}".strip()


def people(names: tuple[str, ...]) -> str:
    """Who works on a task, comma-separated, or a dash."""
    return ", ".join(names) if names else NONE


def budget_rows(budget: BudgetSection) -> list[tuple[str, str]]:
    """The budget section as (measure, value) rows, in the order every format shows them."""
    actual = "Actual cost" if budget.unit == "money" else "Actual effort"
    rows = [
        ("Budget at completion", figure(budget.budget, budget)),
        ("Planned value", figure(budget.planned_value, budget)),
        ("Earned value", figure(budget.earned_value, budget)),
        (actual, figure(budget.actual_cost, budget)),
        ("Cost performance index (CPI)", ratio(budget.cpi)),
        ("Schedule performance index (SPI)", ratio(budget.spi)),
        ("Estimate at completion (EAC)", figure(budget.eac, budget)),
        ("Variance at completion (VAC)", figure(budget.vac, budget)),
    ]
    if budget.overhead_planned is not None:  # costs that follow time, beside the budgets
        rows += [
            ("Overhead planned", figure(budget.overhead_planned, budget)),
            ("Overhead spent", figure(budget.overhead_to_date, budget)),
            ("Overhead at completion", figure(budget.overhead_at_completion, budget)),
            ("EAC with overhead", figure(budget.eac_with_overhead, budget)),
            ("VAC with overhead", figure(budget.vac_with_overhead, budget)),
        ]
    return [*rows, ("Earned-schedule finish (IEAC(t))", _earned_finish(budget))]


def _earned_finish(budget: BudgetSection) -> str:
    """The last working day of IEAC(t), with the earliest finish when it falls before it.

    IEAC(t) extrapolates the schedule efficiency and knows nothing of the work left: a day
    before the earliest finish the remaining work allows is no date the project can finish.
    """
    forecast, earliest = budget.forecast_finish, budget.earliest_finish
    shown = day(forecast)
    if forecast is not None and earliest is not None and forecast < earliest:
        shown += f" (before {earliest.isoformat()}, the earliest the remaining work allows)"
    return shown
