"""Earned value and earned schedule: every EVM measure at one status date, from plain numbers.

Pure arithmetic on a budget (BAC), a cumulative planned value curve, the earned value and the
actual cost; docs/earned-value.md gives each formula, what it tells and when to distrust it.
Time is in working units from the project start; `time = t` means t whole units have elapsed
(the status date is inclusive, so a status date on the third working day is t = 3).

A ratio whose denominator is zero, or whose value is not a finite number, is None: never an
error, never NaN or infinity. An index "to complete" (TCPI, TSPI) whose target is already
spent (denominator <= 0) is None too. Arguments that break the contract (a negative cost, a
decreasing curve, a NaN) raise ValueError: callers validate user input before they get here.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike

from steerco.types import FloatArray

__all__ = [
    "EARNING_RULES",
    "EarnedSchedule",
    "EarnedValue",
    "EarningRule",
    "earned_fraction",
    "earned_schedule",
    "earned_value",
    "planned_fraction",
    "schedule_measures",
]

EarningRule = Literal["percent_complete", "0/100", "50/50"]
EARNING_RULES: tuple[EarningRule, ...] = get_args(EarningRule)


def _check_rule(rule: str) -> None:
    if rule not in EARNING_RULES:
        raise ValueError(f"unknown earning rule {rule!r}; expected one of {EARNING_RULES}")


def _finite(name: str, value: float, *, minimum: float | None = None) -> float:
    """`value` as a float, or ValueError when it is not finite or below `minimum`."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    return number


def _ratio(numerator: float, denominator: float) -> float | None:
    """The quotient, or None when the denominator is 0 or the quotient is not finite."""
    if denominator == 0:
        return None
    quotient = numerator / denominator
    return quotient if math.isfinite(quotient) else None


def _to_complete(numerator: float, denominator: float) -> float | None:
    """A to-complete index: None once its target is used up (denominator <= 0)."""
    return _ratio(numerator, denominator) if denominator > 0 else None


def earned_fraction(
    rule: EarningRule, *, percent_complete: float, started: bool, finished: bool
) -> float:
    """Share of a task's budget earned under an earning rule.

    percent_complete (0..100): percent / 100, and 1 once finished. 0/100: 1 when finished,
    else 0. 50/50: 0 before the start, 0.5 once started, 1 when finished.
    """
    _check_rule(rule)
    percent = _finite("percent_complete", percent_complete, minimum=0.0)
    if percent > 100.0:
        raise ValueError(f"percent_complete must be at most 100, got {percent_complete!r}")
    if finished:
        return 1.0
    if rule == "percent_complete":
        return percent / 100.0
    if rule == "50/50":
        return 0.5 if started else 0.0
    return 0.0


def planned_fraction(
    rule: EarningRule, *, time: float, start: float, finish: float, spread: float
) -> float:
    """Share of a task's budget planned by `time` (units from the project start).

    Every rule plans all of the budget once time >= finish (a milestone, start == finish,
    included) and none of it while time <= start. In between: percent_complete plans
    `spread`, the share the task's own cost time-phasing has spent by `time` (clipped to
    0..1); 0/100 plans nothing; 50/50 plans half (its first unit has elapsed, time > start,
    just as an actual start on or before the status date earns half).
    """
    _check_rule(rule)
    t = _finite("time", time)
    begin = _finite("start", start)
    end = _finite("finish", finish)
    share = _finite("spread", spread)
    if end < begin:
        raise ValueError(f"finish {finish!r} is before start {start!r}")
    if t >= end:
        return 1.0
    if t <= begin:
        return 0.0
    if rule == "percent_complete":
        return min(max(share, 0.0), 1.0)
    if rule == "50/50":
        return 0.5
    return 0.0


@dataclass(frozen=True)
class EarnedValue:
    """Every EVM and earned-schedule measure at one status date (money, then time units)."""

    bac: float
    pv: float
    ev: float
    ac: float
    sv: float
    cv: float
    spi: float | None
    cpi: float | None
    eac: float | None
    eac_atypical: float
    eac_cpi_spi: float | None
    eac_manager: float | None
    etc: float | None
    vac: float | None
    tcpi: float | None
    tcpi_eac: float | None
    planned_duration: float
    earned_schedule: float | None
    actual_time: float
    sv_t: float | None
    spi_t: float | None
    ieac_t: float | None
    tspi: float | None


def _curve(pv_curve: ArrayLike) -> FloatArray:
    """The planned value curve as a float array, or ValueError if it breaks the contract."""
    curve = np.asarray(pv_curve, dtype=np.float64)
    if curve.ndim != 1:
        raise ValueError(f"pv_curve must be one-dimensional, got shape {curve.shape}")
    if curve.size and not np.all(np.isfinite(curve)):
        raise ValueError("pv_curve must hold finite numbers")
    if curve.size and curve[0] < 0:
        raise ValueError(f"pv_curve must start at 0 or more, got {curve[0]!r}")
    if curve.size > 1 and np.any(np.diff(curve) < 0):
        at = int(np.flatnonzero(np.diff(curve) < 0)[0]) + 1
        raise ValueError(f"pv_curve must not decrease; it does at time {at}")
    return curve


def _reaches(curve: FloatArray, level: float) -> int:
    """The first time k at which the curve reaches `level` (the last k if it never does)."""
    hit = np.flatnonzero(curve >= level)
    return int(hit[0]) if hit.size else curve.size - 1


def _schedule(curve: FloatArray, ev: float, planned_duration: float) -> float | None:
    """Earned schedule on a checked curve, capped at the planned duration."""
    if curve.size == 0 or curve[-1] <= 0:
        return None
    # C: the last time k with PV_k <= EV (Lipke's count of whole periods earned), so a flat
    # stretch of the curve at EV is earned whole.
    c = int(np.searchsorted(curve, ev, side="right")) - 1
    if c < 0:
        return 0.0
    es = float(c)
    if c + 1 < curve.size:
        es += (ev - float(curve[c])) / float(curve[c + 1] - curve[c])
    return min(es, planned_duration)


def earned_schedule(pv_curve: ArrayLike, ev: float) -> float | None:
    """Earned schedule: the time at which the planned value curve reached `ev`.

    pv_curve[k] is the cumulative planned value at time k (k = 0, 1, ..., PD; pv_curve[0] = 0;
    non-decreasing). ES = C + (EV - PV_C) / (PV_{C+1} - PV_C), C the last k with PV_k <= EV.
    ES lies in 0..PD, PD the first k at which the curve reaches its final value; None when
    the curve plans nothing (empty, or 0 throughout).
    """
    curve = _curve(pv_curve)
    earned = _finite("ev", ev, minimum=0.0)
    if curve.size == 0:
        return None
    return _schedule(curve, earned, float(_reaches(curve, float(curve[-1]))))


@dataclass(frozen=True)
class EarnedSchedule:
    """The earned-schedule measures of one curve, in time units from the curve's time 0."""

    planned_duration: float
    earned_schedule: float | None
    actual_time: float
    sv_t: float | None
    spi_t: float | None
    ieac_t: float | None
    tspi: float | None


def _schedule_measures(curve: FloatArray, ev: float, at: float, pd: float) -> EarnedSchedule:
    """ES, SV(t), SPI(t), IEAC(t) and TSPI on a checked curve (ES None when it plans nothing)."""
    es = _schedule(curve, ev, pd) if curve.size else None
    spi_t = None if es is None else _ratio(es, at)
    return EarnedSchedule(
        planned_duration=pd,
        earned_schedule=es,
        actual_time=at,
        sv_t=None if es is None else es - at,
        spi_t=spi_t,
        ieac_t=None if spi_t is None else _ratio(pd, spi_t),
        tspi=None if es is None else _to_complete(pd - es, pd - at),
    )


def schedule_measures(pv_curve: ArrayLike, *, ev: float, actual_time: float) -> EarnedSchedule:
    """Earned schedule on `pv_curve` at `actual_time`: ES, SV(t), SPI(t), IEAC(t), TSPI.

    PD is the first k at which the curve reaches its final value; ES as `earned_schedule`;
    SV(t) = ES - AT, SPI(t) = ES/AT (None while AT = 0), IEAC(t) = PD/SPI(t),
    TSPI = (PD - ES)/(PD - AT). Every time counts from the curve's time 0.
    """
    curve = _curve(pv_curve)
    earned = _finite("ev", ev, minimum=0.0)
    at = _finite("actual_time", actual_time, minimum=0.0)
    pd = float(_reaches(curve, float(curve[-1]))) if curve.size else 0.0
    return _schedule_measures(curve, earned, at, pd)


def _sum(base: float, addend: float | None) -> float | None:
    """The sum, or None when the addend is undefined."""
    return None if addend is None else base + addend


def _planned_value(curve: FloatArray, bac: float, time: float) -> float:
    """PV at `time`: 0 at or before 0, linear between whole units, BAC past the curve's end."""
    if curve.size == 0 or time > curve.size - 1:
        return bac
    if time <= 0:
        return float(curve[0])
    return float(np.interp(time, np.arange(curve.size, dtype=np.float64), curve))


def earned_value(
    *,
    bac: float,
    pv_curve: ArrayLike,
    ev: float,
    ac: float,
    actual_time: float,
    planned_duration: float | None = None,
    manager_eac: float | None = None,
) -> EarnedValue:
    """Every EVM and earned-schedule measure at one status date.

    SV = EV - PV, CV = EV - AC, SPI = EV/PV, CPI = EV/AC; EAC = BAC/CPI, AC + (BAC - EV),
    AC + (BAC - EV)/(CPI x SPI); ETC = EAC - AC, VAC = BAC - EAC; TCPI = (BAC - EV)/(BAC - AC),
    TCPI to EAC = (BAC - EV)/(EAC - AC) with the manager's EAC when given, else BAC/CPI.
    ES from the curve (capped at PD), SV(t) = ES - AT, SPI(t) = ES/AT, IEAC(t) = PD/SPI(t),
    TSPI = (PD - ES)/(PD - AT). PV is the curve at `actual_time`; PD defaults to the first k
    at which the curve reaches BAC.
    """
    budget = _finite("bac", bac, minimum=0.0)
    curve = _curve(pv_curve)
    earned = _finite("ev", ev, minimum=0.0)
    cost = _finite("ac", ac, minimum=0.0)
    at = _finite("actual_time", actual_time, minimum=0.0)
    manager = None if manager_eac is None else _finite("manager_eac", manager_eac, minimum=0.0)
    if planned_duration is None:
        pd = float(_reaches(curve, budget)) if curve.size else 0.0
    else:
        pd = _finite("planned_duration", planned_duration, minimum=0.0)

    pv = _planned_value(curve, budget, at)
    spi = _ratio(earned, pv)
    cpi = _ratio(earned, cost)
    eac = None if cpi is None else _ratio(budget, cpi)
    spi_cpi = None if cpi is None or spi is None else cpi * spi
    eac_cpi_spi = None if spi_cpi is None else _sum(cost, _ratio(budget - earned, spi_cpi))
    target = manager if manager is not None else eac

    schedule = _schedule_measures(curve, earned, at, pd)
    return EarnedValue(
        bac=budget,
        pv=pv,
        ev=earned,
        ac=cost,
        sv=earned - pv,
        cv=earned - cost,
        spi=spi,
        cpi=cpi,
        eac=eac,
        eac_atypical=cost + (budget - earned),
        eac_cpi_spi=eac_cpi_spi,
        eac_manager=manager,
        etc=None if eac is None else eac - cost,
        vac=None if eac is None else budget - eac,
        tcpi=_to_complete(budget - earned, budget - cost),
        tcpi_eac=None if target is None else _to_complete(budget - earned, target - cost),
        **dataclasses.asdict(schedule),
    )
