"""Earned value and earned schedule: published worked examples, edge cases, invariants.

Each published number is cited where it is used; numbers a source does not print are
hand-computed in the comments next to them.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.track.evm import (
    EARNING_RULES,
    EarnedValue,
    earned_fraction,
    earned_schedule,
    earned_value,
    planned_fraction,
    schedule_measures,
)

DOC = Path(__file__).parents[2] / "docs" / "earned-value.md"
FIELDS = [field.name for field in dataclasses.fields(EarnedValue)]


def _worked_example() -> dict[str, Any]:
    """The yaml block after `<!-- worked-example -->` in docs/earned-value.md."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- worked-example -->\n```yaml\n(.*?)^```$", text, re.M | re.S)
    assert match is not None, "docs/earned-value.md lost its worked-example block"
    data: dict[str, Any] = yaml.safe_load(match.group(1))
    return data


# --- the worked example of docs/earned-value.md ------------------------------------------


def test_worked_example_in_the_docs_is_what_the_code_computes() -> None:
    example = _worked_example()
    result = dataclasses.asdict(earned_value(**example["inputs"]))
    assert sorted(example["expected"]) == sorted(FIELDS), "the doc must list every measure"
    for name, expected in example["expected"].items():
        assert result[name] == pytest.approx(expected, abs=0.005), name


def test_worked_example_exact_values() -> None:
    # Hand-computed in fractions: the doc rounds these to two decimals.
    r = earned_value(**_worked_example()["inputs"])
    assert r.cpi == pytest.approx(9 / 11)
    assert r.eac == pytest.approx(200 * 11 / 9)
    assert r.eac_cpi_spi == pytest.approx(110 + 110 / (9 / 11 * 0.6))
    assert r.earned_schedule == pytest.approx(36 / 7)  # 5 + 5/35
    assert r.spi_t == pytest.approx(36 / 49)
    assert r.ieac_t == pytest.approx(10 * 49 / 36)
    assert r.tspi == pytest.approx((10 - 36 / 7) / 3)
    assert r.tcpi_eac == pytest.approx(110 / 150)


# --- published examples ------------------------------------------------------------------


@pytest.mark.parametrize(
    "curve",
    [
        # Only PV_5 = 85 and PV_6 = 120 are given by the source; the other weeks are filled
        # in two different ways to show that ES does not depend on them.
        [0, 5, 15, 30, 55, 85, 120, 150, 175, 190, 200],
        [0, 20, 40, 60, 80, 85, 120, 121, 122],
    ],
)
def test_earned_schedule_vanhoucke_week_7(curve: list[float]) -> None:
    # M. Vanhoucke, "Measuring Time: Earned value or earned schedule?", PM Knowledge Center
    # (OR-AS), pmknowledgecenter.com/node/163, "Example week 7": EV = 90, t = 5 since
    # 85 <= 90 and 120 > 90, ES = 5 + (90 - 85) / (120 - 85) = 5.14.
    assert earned_schedule(curve, 90) == pytest.approx(5.14, abs=0.005)
    r = earned_value(bac=curve[-1], pv_curve=curve, ev=90, ac=90, actual_time=7)
    # Hand-computed: SV(t) = 5.14 - 7 = -1.86 weeks, SPI(t) = 5.14 / 7 = 0.73.
    assert r.sv_t == pytest.approx(5 + 5 / 35 - 7)
    assert r.spi_t == pytest.approx((5 + 5 / 35) / 7)


def test_microsoft_project_spi_four_day_task() -> None:
    # Microsoft Support, "SPI fields" (Project), example: a four-day task with a planned
    # budget of $100; after two days BCWS is $50; after two days of actual work 60 % of the
    # work is complete, at a cost of $60. SPI = BCWP / BCWS (the page's formula) =
    # 60 / 50 = 1.2 and CPI = 60 / 60 = 1, hand-computed (the page's last sentence, with
    # its own result, did not reach us).
    budget = 100.0
    pv = budget * planned_fraction(
        "percent_complete", time=2, start=0, finish=4, spread=2 / 4
    )  # work spent pro rata: half the days, half the budget
    ev = budget * earned_fraction(
        "percent_complete", percent_complete=60, started=True, finished=False
    )
    assert (pv, ev) == (50.0, 60.0)
    r = earned_value(bac=budget, pv_curve=[0, 25, 50, 75, 100], ev=ev, ac=60, actual_time=2)
    assert r.pv == 50
    assert r.spi == pytest.approx(1.2)
    assert r.cpi == pytest.approx(1.0)
    # Hand-computed: ES = 2 + (60 - 50) / (75 - 50) = 2.4 days, SPI(t) = 1.2 on a linear curve.
    assert r.earned_schedule == pytest.approx(2.4)
    assert r.spi_t == pytest.approx(1.2)


def test_microsoft_project_tcpi_example() -> None:
    # Microsoft Office Project help, "TCPI (task field)", example: BAC $200, BCWP $125,
    # ACWP $150: "The TCPI is 1.5" ((200 - 125) / (200 - 150) = 75 / 50).
    r = earned_value(bac=200, pv_curve=[0, 100, 200], ev=125, ac=150, actual_time=1.5)
    assert r.tcpi == pytest.approx(1.5)


def test_pra_package_spi_example() -> None:
    # P. Govan, PRA: Project Risk Analysis (R package, CRAN, version 0.3.0), reference page
    # "spi", example: BAC 100000, cumulative planned share c(0.1, 0.2, 0.4, 0.7, 1.0), time
    # period 3 (PV = 0.4 x BAC), 35 % complete (EV = 0.35 x BAC): "Schedule Performance
    # Index (SPI): 0.875".
    bac = 100_000
    curve = [0.0] + [bac * share for share in (0.1, 0.2, 0.4, 0.7, 1.0)]
    ev = bac * earned_fraction(
        "percent_complete", percent_complete=35, started=True, finished=False
    )
    r = earned_value(bac=bac, pv_curve=curve, ev=ev, ac=30_000, actual_time=3)
    assert r.pv == pytest.approx(40_000)
    assert r.spi == pytest.approx(0.875)
    # Hand-computed: ES = 2 + (35000 - 20000) / (40000 - 20000) = 2.75 periods.
    assert r.earned_schedule == pytest.approx(2.75)


def test_pra_package_tcpi_example() -> None:
    # P. Govan, PRA (R package, CRAN, version 0.3.0), reference page "tcpi", example:
    # BAC 100000, EV 35000, AC 63000: "TCPI (to meet BAC): 1.76"; with EAC 120482:
    # "TCPI (to meet EAC): 1.13".
    r = earned_value(
        bac=100_000,
        pv_curve=[0, 25_000, 50_000, 75_000, 100_000],
        ev=35_000,
        ac=63_000,
        actual_time=2,
        manager_eac=120_482,
    )
    assert r.tcpi == pytest.approx(1.76, abs=0.005)
    assert r.tcpi_eac == pytest.approx(1.13, abs=0.005)
    assert r.eac_manager == 120_482


def test_late_project_spi_returns_to_one_spi_t_does_not() -> None:
    # Lipke & Henderson, "Earned Schedule Training", EVA-11 (2006), slide 12: when actual
    # completion is later than planned, SV = BAC - BAC = 0 and SPI = BAC / BAC = 1.00
    # "regardless of lateness"; slide 24: SPI(t) = ES / AT, IEAC(t) = PD / SPI(t).
    # A 10-unit plan finished at AT = 12 (hand-computed): ES = PD = 10, SV(t) = -2,
    # SPI(t) = 10/12, IEAC(t) = 12, the real duration.
    curve = np.linspace(0, 1000, 11)
    r = earned_value(bac=1000, pv_curve=curve, ev=1000, ac=1100, actual_time=12)
    assert (r.sv, r.spi) == (0, 1)
    assert r.earned_schedule == 10
    assert r.sv_t == -2
    assert r.spi_t == pytest.approx(10 / 12)
    assert r.ieac_t == pytest.approx(12)
    assert r.tspi is None  # AT >= PD: no efficiency finishes by PD


# --- earning rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "percent", "started", "finished", "expected"),
    [
        ("percent_complete", 0, False, False, 0.0),
        ("percent_complete", 40, True, False, 0.4),
        ("percent_complete", 90, True, True, 1.0),  # finished earns everything
        ("0/100", 90, True, False, 0.0),
        ("0/100", 0, True, True, 1.0),
        ("50/50", 0, False, False, 0.0),
        ("50/50", 0, True, False, 0.5),
        ("50/50", 10, True, True, 1.0),
    ],
)
def test_earned_fraction(
    rule: Any, percent: float, started: bool, finished: bool, expected: float
) -> None:
    got = earned_fraction(rule, percent_complete=percent, started=started, finished=finished)
    assert got == expected


@pytest.mark.parametrize(
    ("rule", "time", "expected"),
    [
        # A task planned from 2 to 6 whose cost time-phasing has spent 30 % by the time asked.
        ("percent_complete", 2, 0.0),  # at its start nothing has elapsed yet
        ("percent_complete", 3, 0.3),
        ("percent_complete", 6, 1.0),
        ("0/100", 5.9, 0.0),
        ("0/100", 6, 1.0),
        ("50/50", 2, 0.0),
        ("50/50", 2.5, 0.5),
        ("50/50", 7, 1.0),
    ],
)
def test_planned_fraction(rule: Any, time: float, expected: float) -> None:
    assert planned_fraction(rule, time=time, start=2, finish=6, spread=0.3) == expected


@pytest.mark.parametrize("rule", EARNING_RULES)
def test_milestone_plans_all_at_its_date_without_dividing_by_zero(rule: Any) -> None:
    assert planned_fraction(rule, time=3.9, start=4, finish=4, spread=0.7) == 0.0
    assert planned_fraction(rule, time=4, start=4, finish=4, spread=0.0) == 1.0


def test_task_on_plan_earns_what_it_plans_under_50_50() -> None:
    # Started on plan (its first unit elapsed) and not finished: both halves agree.
    planned = planned_fraction("50/50", time=3, start=2, finish=6, spread=0.25)
    earned = earned_fraction("50/50", percent_complete=25, started=True, finished=False)
    assert planned == earned == 0.5


def test_spread_outside_0_1_is_clipped() -> None:
    assert planned_fraction("percent_complete", time=3, start=2, finish=6, spread=1.5) == 1.0
    assert planned_fraction("percent_complete", time=3, start=2, finish=6, spread=-0.5) == 0.0


# --- edge cases --------------------------------------------------------------------------


def test_status_date_at_the_project_start() -> None:
    r = earned_value(bac=100, pv_curve=[0, 50, 100], ev=0, ac=0, actual_time=0)
    assert (r.pv, r.sv, r.cv) == (0, 0, 0)
    assert r.spi is None and r.cpi is None and r.spi_t is None and r.ieac_t is None
    assert r.eac is None and r.etc is None and r.vac is None and r.eac_cpi_spi is None
    assert r.eac_atypical == 100
    assert r.tcpi == 1 and r.tspi == 1
    assert r.tcpi_eac is None
    assert (r.earned_schedule, r.sv_t, r.planned_duration) == (0, 0, 2)


def test_nothing_earned_yet() -> None:
    r = earned_value(bac=100, pv_curve=[0, 50, 100], ev=0, ac=20, actual_time=1)
    assert (r.spi, r.cpi) == (0, 0)
    assert r.eac is None and r.etc is None and r.vac is None and r.eac_cpi_spi is None
    assert r.earned_schedule == 0 and r.spi_t == 0 and r.ieac_t is None
    assert r.tcpi == pytest.approx(100 / 80)


def test_past_the_planned_end_pv_is_bac_and_es_is_capped() -> None:
    r = earned_value(bac=100, pv_curve=[0, 50, 100], ev=75, ac=80, actual_time=3.5)
    assert r.pv == 100 and r.spi == 0.75
    assert r.earned_schedule == 1.5  # 1 + (75 - 50) / (100 - 50)
    assert r.tspi is None


def test_finished_early() -> None:
    # Done at AT = 8 on a 10-unit plan: ES = PD, SV(t) = +2, SPI(t) = 1.25, IEAC(t) = 8.
    r = earned_value(bac=1000, pv_curve=np.linspace(0, 1000, 11), ev=1000, ac=900, actual_time=8)
    assert (r.earned_schedule, r.sv_t) == (10, 2)
    assert r.spi_t == pytest.approx(1.25) and r.ieac_t == pytest.approx(8)
    assert r.tspi == 0
    assert r.tcpi == 0  # nothing left to do, money left
    assert r.tcpi_eac is None  # BAC/CPI - AC = 0


def test_over_budget_has_no_tcpi() -> None:
    r = earned_value(bac=100, pv_curve=[0, 50, 100], ev=60, ac=120, actual_time=1.5)
    assert r.tcpi is None
    assert r.tcpi_eac == pytest.approx(r.cpi)  # to BAC/CPI it is CPI itself


def test_tcpi_to_cpi_based_eac_equals_cpi() -> None:
    # (BAC - EV) / (BAC x AC / EV - AC) = EV / AC, for any BAC > EV.
    r = earned_value(bac=500, pv_curve=[0, 250, 500], ev=100, ac=130, actual_time=1)
    assert r.tcpi_eac == pytest.approx(100 / 130)


def test_ev_above_bac_caps_es_at_pd() -> None:
    assert earned_schedule([0, 50, 100], 100.000001) == 2


def test_flat_stretch_is_earned_whole() -> None:
    # Lipke & Henderson (2006), slide 16: C = number of time increments for BCWP >= BCWS,
    # i.e. the last k with PV_k <= EV. Units 2..4 plan nothing: EV = 40 earns them all.
    curve = [0, 20, 40, 40, 40, 70, 100]
    assert earned_schedule(curve, 40) == 4
    assert earned_schedule(curve, 39.999) == pytest.approx(1 + 19.999 / 20)
    assert earned_schedule(curve, 55) == pytest.approx(4.5)


def test_initial_stretch_without_planned_value() -> None:
    r = earned_value(bac=100, pv_curve=[0, 0, 0, 50, 100], ev=0, ac=0, actual_time=1)
    assert r.pv == 0 and r.spi is None
    assert r.earned_schedule == 2  # nothing planned in units 1-2: earned whole
    assert r.planned_duration == 4


def test_nothing_planned_at_all() -> None:
    assert earned_schedule([], 0) is None
    assert earned_schedule([0, 0, 0], 0) is None
    r = earned_value(bac=0, pv_curve=[0, 0], ev=0, ac=5, actual_time=1)
    assert r.earned_schedule is None and r.sv_t is None and r.spi_t is None and r.tspi is None
    assert r.spi is None and r.cpi == 0 and r.tcpi is None


def test_explicit_planned_duration_caps_es() -> None:
    r = earned_value(
        bac=100, pv_curve=[0, 50, 100, 100], ev=100, ac=100, actual_time=3, planned_duration=2
    )
    assert r.planned_duration == 2 and r.earned_schedule == 2


def test_pv_between_whole_units_is_interpolated() -> None:
    r = earned_value(bac=100, pv_curve=[0, 40, 100], ev=0, ac=0, actual_time=1.25)
    assert r.pv == pytest.approx(55)


@pytest.mark.parametrize(
    "call",
    [
        lambda: earned_schedule([0, 50, 40], 10),
        lambda: earned_schedule([0, float("nan")], 10),
        lambda: earned_schedule([[0, 1]], 0),
        lambda: earned_schedule([0, 1], -1),
        lambda: earned_value(bac=-1, pv_curve=[0], ev=0, ac=0, actual_time=0),
        lambda: earned_value(bac=1, pv_curve=[0, 1], ev=0, ac=-1, actual_time=0),
        lambda: earned_value(bac=1, pv_curve=[0, 1], ev=0, ac=0, actual_time=-1),
        lambda: earned_value(bac=1, pv_curve=[0, 1], ev=0, ac=math.inf, actual_time=0),
        lambda: earned_fraction(
            "percent_complete", percent_complete=101, started=True, finished=False
        ),
        lambda: earned_fraction(
            "weighted",
            percent_complete=1,
            started=True,  # type: ignore[arg-type]
            finished=False,
        ),
        lambda: planned_fraction("0/100", time=1, start=3, finish=2, spread=0),
    ],
)
def test_broken_contract_raises_value_error(call: Any) -> None:
    with pytest.raises(ValueError):
        call()


# --- invariants --------------------------------------------------------------------------

increments = st.lists(
    st.one_of(st.just(0.0), st.floats(0.0, 1000.0)), min_size=1, max_size=25
).filter(lambda steps: sum(steps) > 0)
strict_increments = st.lists(st.floats(1.0, 1000.0), min_size=1, max_size=25)


def _curve(steps: list[float]) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(steps)])


@settings(max_examples=200, deadline=None)
@given(increments, st.floats(0.0, 1.2), st.floats(0.0, 1.2))
def test_es_lies_in_0_pd_and_grows_with_ev(steps: list[float], a: float, b: float) -> None:
    curve = _curve(steps)
    bac = float(curve[-1])
    pd = int(np.flatnonzero(curve >= bac)[0])
    low, high = sorted((a * bac, b * bac))
    es_low, es_high = earned_schedule(curve, low), earned_schedule(curve, high)
    assert es_low is not None and es_high is not None
    assert 0 <= es_low <= es_high <= pd


@settings(max_examples=200, deadline=None)
@given(strict_increments, st.floats(0.0, 1.0))
def test_on_plan_means_spi_t_is_one(steps: list[float], share: float) -> None:
    curve = _curve(steps)
    at = share * (curve.size - 1)
    pv = float(np.interp(at, np.arange(curve.size), curve))
    r = earned_value(bac=float(curve[-1]), pv_curve=curve, ev=pv, ac=pv, actual_time=at)
    assert r.earned_schedule == pytest.approx(at, rel=1e-9, abs=1e-9)
    if at > 0:
        assert r.spi_t == pytest.approx(1.0, rel=1e-9)
        assert r.spi == pytest.approx(1.0, rel=1e-9)
        assert r.sv_t == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(
    increments,
    st.floats(0.0, 1.2),
    st.floats(0.0, 1e7),
    st.floats(0.0, 40.0),
    st.one_of(st.none(), st.floats(0.0, 1e7)),
    st.one_of(st.none(), st.floats(0.0, 30.0)),
)
def test_measures_are_finite_or_none(
    steps: list[float],
    share: float,
    ac: float,
    at: float,
    manager: float | None,
    pd: float | None,
) -> None:
    curve = _curve(steps)
    bac = float(curve[-1])
    r = earned_value(
        bac=bac,
        pv_curve=curve,
        ev=share * bac,
        ac=ac,
        actual_time=at,
        planned_duration=pd,
        manager_eac=manager,
    )
    for name in FIELDS:
        value = getattr(r, name)
        assert value is None or math.isfinite(value), name
    assert r.earned_schedule is not None and 0 <= r.earned_schedule <= r.planned_duration


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(EARNING_RULES),
    st.floats(0.0, 10.0),
    st.floats(0.0, 10.0),
    st.floats(0.0, 12.0),
    st.floats(0.0, 12.0),
    st.floats(-1.0, 2.0),
)
def test_planned_fraction_is_a_share_that_grows_with_time(
    rule: Any, start: float, length: float, t1: float, t2: float, spread: float
) -> None:
    early, late = sorted((t1, t2))
    finish = start + length
    a = planned_fraction(rule, time=early, start=start, finish=finish, spread=spread)
    b = planned_fraction(rule, time=late, start=start, finish=finish, spread=spread)
    assert 0 <= a <= 1 and 0 <= b <= 1
    if rule != "percent_complete":  # its spread is the caller's, fixed here across times
        assert a <= b
    assert planned_fraction(rule, time=finish, start=start, finish=finish, spread=spread) == 1


def test_schedule_measures_on_a_hand_drawn_curve() -> None:
    # Curve 0, 10, 30, 60, 100 (PD 4); EV 45 lies between 30 (k 2) and 60 (k 3):
    # ES = 2 + 15/30 = 2.5. AT 3: SV(t) -0.5, SPI(t) 2.5/3, IEAC(t) 4 x 3/2.5 = 4.8,
    # TSPI (4 - 2.5)/(4 - 3) = 1.5.
    m = schedule_measures([0, 10, 30, 60, 100], ev=45, actual_time=3)
    assert (m.planned_duration, m.earned_schedule, m.actual_time) == (4, 2.5, 3)
    assert (m.sv_t, m.spi_t) == (-0.5, pytest.approx(2.5 / 3))
    assert (m.ieac_t, m.tspi) == (pytest.approx(4.8), 1.5)
    # At AT 0 (not yet due) there is no SPI(t) and no IEAC(t).
    early = schedule_measures([0, 10, 30, 60, 100], ev=0, actual_time=0)
    assert (early.earned_schedule, early.spi_t, early.ieac_t, early.tspi) == (0, None, None, 1)


def test_earned_value_carries_the_schedule_measures_of_its_curve() -> None:
    inputs = _worked_example()["inputs"]
    whole = earned_value(**inputs)
    own = schedule_measures(inputs["pv_curve"], ev=inputs["ev"], actual_time=inputs["actual_time"])
    assert dataclasses.asdict(own).items() <= dataclasses.asdict(whole).items()
