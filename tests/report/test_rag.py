"""RAG rules by hand: each dimension on both sides of, and exactly at, every threshold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.formats.loader import load_project
from steerco.model.communication import RagThresholds
from steerco.report.data import Dimension, Rag
from steerco.report.rag import (
    cost_rag,
    overall_rag,
    quality_rag,
    risk_rag,
    schedule_rag,
    scope_rag,
)

T = RagThresholds()  # schedule 0 / 10 days, CPI 0.95 / 0.85, overrun 0 / 10%, scope 5% / 15%,
# risk 8 / 15
P80 = dt.date(2027, 6, 14)
COMMITTED = dt.date(2027, 6, 9)


def schedule(late: float, thresholds: RagThresholds = T) -> Rag:
    return schedule_rag(p80=P80, committed=COMMITTED, late=late, thresholds=thresholds)


@pytest.mark.parametrize(
    ("late", "colour"),
    [(-3, "green"), (0, "green"), (1, "amber"), (10, "amber"), (11, "red")],
)
def test_schedule_turns_beyond_each_threshold(late: float, colour: str) -> None:
    assert schedule(late).colour == colour


def test_schedule_rule_states_the_dates_and_thresholds() -> None:
    rag = schedule(3)
    assert rag.value == "P80 finish 2027-06-14"
    assert rag.rule == (
        "P80 finish 2027-06-14 is 3 working days after the committed 2027-06-09: amber "
        "(amber when more than 0 working days late, red when more than 10 working days)"
    )
    assert "1 working day before" in schedule(-1).rule
    assert " is on the committed " in schedule(0).rule


def test_schedule_thresholds_from_the_file() -> None:
    own = RagThresholds(schedule_amber_days=2, schedule_red_days=5)
    assert [schedule(d, own).colour for d in (2, 3, 5, 6)] == ["green", "amber", "amber", "red"]


def test_schedule_is_grey_without_a_commitment_or_forecast() -> None:
    none = schedule_rag(p80=P80, committed=None, late=0, thresholds=T)
    assert (none.colour, none.value) == ("grey", "no commitment")
    assert schedule_rag(p80=None, committed=COMMITTED, late=0, thresholds=T).colour == "grey"


def cost(cpi: float | None, eac: float | None, budget: float | None = 1000.0) -> Rag:
    return cost_rag(cpi=cpi, eac=eac, budget=budget, thresholds=T, unit="USD")


@pytest.mark.parametrize(
    ("cpi", "colour"),
    [(1.2, "green"), (0.95, "green"), (0.949, "amber"), (0.85, "amber"), (0.849, "red")],
)
def test_cost_by_cpi_turns_below_each_threshold(cpi: float, colour: str) -> None:
    assert cost(cpi, 1000.0).colour == colour  # EAC on budget: only the CPI rule speaks


@pytest.mark.parametrize(
    ("eac", "colour"),
    [(900.0, "green"), (1000.0, "green"), (1001.0, "amber"), (1100.0, "amber"), (1101.0, "red")],
)
def test_cost_by_overrun_turns_beyond_each_threshold(eac: float, colour: str) -> None:
    assert cost(1.0, eac).colour == colour  # CPI 1: only the overrun rule speaks


def test_cost_takes_the_worse_rule_and_states_both() -> None:
    rag = cost(0.9, 1150.0)  # CPI amber, overrun 15% red
    assert rag.colour == "red"
    assert rag.value == "CPI 0.90, EAC 1,150 vs budget 1,000 USD"
    assert rag.rule.startswith("CPI 0.90 and an EAC 15% over budget: red (amber when CPI is below")


def test_cost_without_amounts_states_only_ratios() -> None:
    rag = cost_rag(cpi=0.9, eac=1150.0, budget=1000.0, thresholds=T, unit="USD", show_amounts=False)
    assert rag.colour == "red"
    assert rag.value == "CPI 0.90, EAC 15% over budget"
    for text in (rag.value, rag.rule):
        assert "1,150" not in text and "1,000" not in text and "USD" not in text


def test_cost_in_effort_says_so() -> None:
    rag = cost_rag(cpi=1.0, eac=50.0, budget=50.0, thresholds=T, unit="working days")
    assert rag.colour == "green" and "(in effort)" in rag.rule


def test_cost_is_grey_without_budget_or_performance() -> None:
    assert cost(None, None, None).value == "no budget"
    assert cost(None, None).colour == "grey"  # nothing earned or spent yet


@pytest.mark.parametrize(
    ("current", "colour"),
    [(90.0, "green"), (105.0, "green"), (106.0, "amber"), (115.0, "amber"), (116.0, "red")],
)
def test_scope_turns_beyond_each_growth(current: float, colour: str) -> None:
    rag = scope_rag(baseline_work=100.0, current_work=current, unit="working days", thresholds=T)
    assert rag.colour == colour


def test_scope_rule_and_grey_without_baseline() -> None:
    rag = scope_rag(baseline_work=100.0, current_work=112.0, unit="working days", thresholds=T)
    assert rag.rule.startswith("the work grew by 12% since the baseline: amber")
    none = scope_rag(baseline_work=None, current_work=1.0, unit="working days", thresholds=T)
    assert (none.colour, none.value) == ("grey", "no baseline")


@pytest.mark.parametrize(
    ("p", "i", "colour"),
    [(1, 7, "green"), (2, 4, "amber"), (2, 7, "amber"), (3, 5, "red"), (5, 5, "red")],
)
def test_risk_turns_from_each_score(p: int, i: int, colour: str) -> None:
    # scores 7, 8 (amber from 8), 14, 15 (red from 15), 25; the ratings need not be 1-5 here
    assert risk_rag(top="r1", probability=p, impact=i, thresholds=T).colour == colour


def test_risk_rule_and_grey_without_open_risks() -> None:
    rag = risk_rag(top="r-data", probability=3, impact=3, thresholds=T)
    assert rag.value == "r-data: 3 x 3 = 9"
    assert rag.rule == (
        "the top open risk r-data scores probability 3 x impact 3 = 9: amber "
        "(amber from a score of 8, red from 15)"
    )
    assert risk_rag(top=None, thresholds=T).colour == "grey"


STATUS = dt.date(2027, 5, 3)


@pytest.mark.parametrize(
    ("gates", "colour"),
    [
        ([], "grey"),
        ([("G1", "passed", dt.date(2027, 4, 1))], "green"),
        ([("G1", "pending", STATUS)], "green"),  # due today: not yet overdue
        ([("G1", "pending", dt.date(2027, 4, 30))], "amber"),
        ([("G1", "pending", None)], "green"),
        ([("G1", "passed", None), ("G2", "failed", None)], "red"),
        ([("G1", "failed", None), ("G2", "pending", dt.date(2027, 4, 1))], "red"),
    ],
)
def test_quality_from_the_gates(gates: list[tuple[str, str, dt.date | None]], colour: str) -> None:
    assert quality_rag(gates=gates, status_date=STATUS).colour == colour


def test_quality_rule_names_the_gate() -> None:
    rag = quality_rag(gates=[("G2", "pending", dt.date(2027, 4, 1))], status_date=STATUS)
    assert rag.value == "0 of 1 gates passed"
    assert rag.rule.startswith("gate G2 pending past its date: amber")


def test_overall_is_the_worst_dimension_and_ignores_grey() -> None:
    def dim(name: str, colour: str) -> Dimension:
        return Dimension(name, Rag(colour, "", ""))  # type: ignore[arg-type]

    mixed = [dim("schedule", "amber"), dim("cost", "grey"), dim("risk", "amber")]
    rag = overall_rag(mixed)
    assert (rag.colour, rag.value) == ("amber", "schedule and risk are amber")
    assert rag.rule == (
        "schedule and risk are amber "
        "(overall is the worst colour of the dimensions; grey ones have nothing to judge)"
    )
    assert overall_rag([dim("scope", "green"), dim("quality", "red")]).colour == "red"
    assert overall_rag([dim("cost", "grey")]).colour == "grey"
    assert overall_rag([dim("cost", "grey"), dim("scope", "green")]).colour == "green"


@pytest.mark.parametrize(
    ("thresholds", "key"),
    [
        ("{schedule_amber_days: 12}", "schedule_amber_days"),
        ("{cost_amber_cpi: 0.8}", "cost_amber_cpi"),
        ("{cost_red_overrun: 0.0, cost_amber_overrun: 0.05}", "cost_red_overrun"),
        ("{scope_red_growth: 0.01}", "scope_red_growth"),
        ("{risk_red_score: 6}", "risk_red_score"),
    ],
)
def test_red_looser_than_amber_is_a_located_error(
    tmp_path: Path, thresholds: str, key: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: P\nstart: 2027-01-04\ntasks:\n  - {id: a, duration: 2}\n"
        f"reporting:\n  thresholds: {thresholds}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.line) == (Code.bad_value, 6)
    assert "red is worse than amber" in diagnostic.message


def test_equal_thresholds_are_allowed() -> None:
    same = RagThresholds(schedule_amber_days=5, schedule_red_days=5, cost_red_cpi=0.95)
    assert same.schedule_red_days == 5


def test_a_gate_unlikely_to_be_met_is_amber_and_a_likely_one_pending() -> None:
    from steerco.report.build import _GATE_STATE

    assert (_GATE_STATE["likely"], _GATE_STATE["unlikely"]) == ("pending", "at-risk")
    at_risk = quality_rag(gates=[("G1", "at-risk", None)], status_date=STATUS)
    assert (at_risk.colour, at_risk.value) == ("amber", "0 of 1 gates passed")
    assert "G1 unlikely to be met" in at_risk.rule
    failed = quality_rag(
        gates=[("G1", "at-risk", None), ("G2", "failed", None)], status_date=STATUS
    )
    assert failed.colour == "red"
