"""Backtests: replay a history at cut points, forecast what followed, score the forecast.

A cut splits an ordered history in two: what was known (before the cut) and what then
happened (after it). The forecast made from the first part is scored against the second:

- **coverage**: the real outcome lies within P10..P90 (an honest band: in 80% of cuts);
- **hit rates**: the real outcome is no worse than P50, P80, P95 (in 50%, 80%, 95% of cuts);
- **errors**: |P50 - real| / real, against the same error of a plain reference (the sum of
  the estimates; the mean rate of the history);
- the **calibration curve**: for each level q, the share of cuts whose real outcome was no
  worse than Pq; a calibrated forecast lies on the diagonal.

"No worse" is `real <= Pq` for a total of hours or a number of periods, `real >= Pq` for a
number of items done by a date (its Pq is the count reached in q% of the runs).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.calibrated import (
    EstimateUnit,
    ModelName,
    calibrate_records,
    prefix_fits,
    sample_totals,
)
from steerco.forecast.calibration import HistoryRecord
from steerco.forecast.level import DEFAULT_PRIOR, LevelPrior, Rates, Window, past_errors
from steerco.forecast.throughput import how_many, when_done
from steerco.forecast.total_level import (
    DEFAULT_TOTAL_PRIOR,
    move_totals,
    total_level,
)

__all__ = [
    "CURVE_LEVELS",
    "LEVELS",
    "BacktestSummary",
    "Cut",
    "Window",
    "estimate_cuts",
    "summarise_cuts",
    "throughput_cuts",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

LEVELS = (10, 50, 80, 90, 95)
"""The percentiles each cut reports."""
CURVE_LEVELS = (10, 20, 30, 40, 50, 60, 70, 80, 90, 95)
"""The levels of the calibration curve."""
MIN_HISTORY = 5
"""Records (or periods) a cut needs before it; fewer and the cut is skipped."""


@dataclass(frozen=True)
class Cut:
    """One replay: what was known at the cut, the forecast, and what really happened.

    `percentiles[q]` is the forecast's Pq (q in CURVE_LEVELS and LEVELS); `reference` the
    plain forecast (sum of estimates, or mean rate); `better` is "less" when a smaller
    outcome is better (hours, periods) and "more" when a larger one is (items by a date).
    """

    group: str
    at: float
    """Where the cut is, as the share of the group's history before it."""
    known: int
    """Records (or periods) before the cut."""
    forecast: int
    """Tasks (or items, or periods) forecast after it."""
    percentiles: Mapping[int, float]
    actual: float
    reference: float
    better: Literal["less", "more"]

    def no_worse(self, q: int) -> bool:
        """Whether the real outcome was no worse than Pq."""
        value = self.percentiles[q]
        return self.actual <= value if self.better == "less" else self.actual >= value

    @property
    def covered(self) -> bool:
        """Whether the real outcome lies within the P10..P90 band."""
        low, high = sorted((self.percentiles[10], self.percentiles[90]))
        return low <= self.actual <= high

    @property
    def error(self) -> float:
        """|P50 - real| / real; NaN when the real outcome is 0 (no item done in the horizon)."""
        return _relative(self.percentiles[50], self.actual)

    @property
    def reference_error(self) -> float:
        """|reference - real| / real; NaN when the real outcome is 0."""
        return _relative(self.reference, self.actual)


def _relative(value: float, actual: float) -> float:
    """|value - actual| / actual, NaN for an actual of 0 (no relative error is defined)."""
    return abs(value - actual) / actual if actual else math.nan


@dataclass(frozen=True)
class BacktestSummary:
    """The scores over all cuts: shares of cuts, mean errors, the calibration curve."""

    cuts: int
    coverage: float
    """Share of cuts with the real outcome within P10..P90."""
    hits: Mapping[int, float]
    """For 50, 80, 95: share of cuts whose real outcome was no worse than Pq."""
    error: float
    """Mean |P50 - real| / real over the cuts whose real outcome is not 0 (NaN if none)."""
    reference_error: float
    """Mean |reference - real| / real over the same cuts."""
    curve: Mapping[int, float]
    """For each level of CURVE_LEVELS, the share of cuts no worse than Pq."""


def summarise_cuts(cuts: Sequence[Cut]) -> BacktestSummary | None:
    """Coverage, hit rates, mean errors and the calibration curve of `cuts` (None if none)."""
    if not cuts:
        return None
    n = len(cuts)
    scored = [c for c in cuts if c.actual]
    return BacktestSummary(
        cuts=n,
        coverage=sum(c.covered for c in cuts) / n,
        hits={q: sum(c.no_worse(q) for c in cuts) / n for q in (50, 80, 95)},
        error=sum(c.error for c in scored) / len(scored) if scored else math.nan,
        reference_error=(
            sum(c.reference_error for c in scored) / len(scored) if scored else math.nan
        ),
        curve={q: sum(c.no_worse(q) for c in cuts) / n for q in CURVE_LEVELS},
    )


def _levels() -> tuple[int, ...]:
    return tuple(sorted(set(LEVELS) | set(CURVE_LEVELS)))


def estimate_cuts(
    groups: Mapping[str, Sequence[HistoryRecord]],
    cuts: Sequence[float],
    *,
    model: ModelName,
    iterations: int,
    rng: np.random.Generator,
    history: Sequence[HistoryRecord] | None = None,
    level: bool = False,
    prior: LevelPrior = DEFAULT_TOTAL_PRIOR,
    unit: EstimateUnit = "time",
    on_cut: Callable[[int, int], None] | None = None,
) -> list[Cut]:
    """Cut each group's records (oldest first) at each share of `cuts`, forecast the rest.

    The model is fitted on the group's records before the cut or, given `history` (every
    record in the order finished, the groups' records among them as the same objects), on
    all of its records finished before the group's first record after the cut: other
    groups' older records were known then too. The forecast is the total actual of the
    group's records after the cut, drawn by `sample_totals` from their estimators,
    categories and estimates. A cut with fewer than MIN_HISTORY of the group's records
    before it, or none after, is skipped. With `level`, the draws of the total move with
    the level factor of the records known at the cut (`steerco.forecast.total_level`).
    `unit` `points`: the estimates are story points, fitted as `fit_model(..., unit=)`
    fits them, and the reference is the points after the cut at the mean pace (actual
    per point) of the records fitted on; else the reference is the sum of the estimates.
    `on_cut(done, total)` is called before each (group, share) pair, skipped ones included,
    and once all are done.
    """
    out: list[Cut] = []
    levels = _levels()
    order = None if history is None else {id(r): i for i, r in enumerate(history)}
    pairs = [(name, share) for name in groups for share in cuts]
    for step, (name, share) in enumerate(pairs):
        if on_cut is not None:
            on_cut(step, len(pairs))
        records = groups[name]
        known = math.floor(share * len(records))
        if known < MIN_HISTORY or known >= len(records):
            continue
        past, future = records[:known], records[known:]
        if history is not None and order is not None:
            past = history[: order[id(future[0])]]
        fits = prefix_fits(past, model, unit=unit)
        totals = sample_totals(calibrate_records(fits.fit(), future), iterations, rng)
        if level:
            moved = total_level(fits, len(future), rng=rng, prior=prior)
            totals = move_totals(totals, moved, rng)
        values = np.percentile(totals, levels)
        out.append(
            Cut(
                group=name,
                at=share,
                known=known,
                forecast=len(future),
                percentiles={q: float(v) for q, v in zip(levels, values, strict=True)},
                actual=float(sum(r.actual for r in future)),
                reference=_reference(past, future, unit),
                better="less",
            )
        )
    if on_cut is not None:
        on_cut(len(pairs), len(pairs))
    return out


def _reference(
    past: Sequence[HistoryRecord], future: Sequence[HistoryRecord], unit: EstimateUnit
) -> float:
    """The plain forecast: the sum of the estimates, or of the points at the past's pace."""
    estimates = float(sum(r.estimate for r in future))
    if unit == "time":
        return estimates
    return estimates * sum(r.actual for r in past) / sum(r.estimate for r in past)


def _cut_points(length: int, cuts: int) -> list[int]:
    """`cuts` positions spread evenly over the history: at k / (cuts + 1) of it, k = 1..cuts.

    At most one cut per period: more cuts than periods give each period once.
    """
    cuts = min(cuts, length)
    return sorted({round(length * k / (cuts + 1)) for k in range(1, cuts + 1)})


def throughput_cuts(
    counts: NDArray[np.int64],
    cuts: int,
    *,
    items: int | None = None,
    horizon: int | None = None,
    iterations: int,
    rng: np.random.Generator,
    window: Window | None = None,
    rates: Rates | None = None,
    block: int = 1,
    level: bool = False,
    prior: LevelPrior = DEFAULT_PRIOR,
    on_cut: Callable[[int, int], None] | None = None,
) -> list[Cut]:
    """At `cuts` points of a throughput history, forecast `items` (or the `horizon`) after it.

    The runs draw from `window(past)`: the periods before the cut (or the last of them) and
    their weights, as `steerco throughput --window` draws; default: every period alike;
    in blocks of `block` consecutive periods (`steerco.forecast.throughput`); `rates`, the
    same window's rate at every moment (`level.window_rates`), makes the level's replays one
    pass over the history.
    With `items`: the periods until `items` more are done (`when_done`); the reference is
    ceil(items / mean rate of all the past). With `horizon`: the items done in the next
    `horizon` periods (`how_many`); the reference is that mean rate x horizon. A cut whose
    outcome the history does not reach (fewer items after it, or fewer periods than the
    horizon), with fewer than MIN_HISTORY periods before it or with no item done in what
    its runs draw from, is skipped. A horizon in which no item was done is a cut like any
    other (scored for coverage and hits; its relative errors are NaN). `on_cut(done,
    total)` is called before each cut point and once all are done.
    """
    if (items is None) == (horizon is None):
        raise ValueError("give exactly one of items and horizon")
    levels = _levels()
    out: list[Cut] = []
    points = _cut_points(int(counts.size), cuts)
    for step, at in enumerate(points):
        if on_cut is not None:
            on_cut(step, len(points))
        past, future = counts[:at], counts[at:]
        drawn, weights = (past, None) if window is None else window(past)
        if at < MIN_HISTORY or not np.any(drawn > 0):
            continue
        mean = float(past.mean())
        errors = (
            past_errors(past, window=window, rates=rates, items=items, horizon=horizon)
            if level
            else None
        )
        if items is not None:
            done = np.cumsum(future)
            if done.size == 0 or done[-1] < items:
                continue
            actual = float(np.argmax(done >= items) + 1)
            when = when_done(
                drawn,
                items,
                iterations,
                rng,
                percentiles=levels,
                weights=weights,
                block=block,
                level=errors,
                prior=prior,
            )
            values = {
                q: float(p) if p is not None else math.inf for q, p in when.percentiles.items()
            }
            reference, better, size = float(math.ceil(items / mean)), "less", items
        else:
            assert horizon is not None
            if future.size < horizon:
                continue
            actual = float(future[:horizon].sum())
            count = how_many(
                drawn,
                horizon,
                iterations,
                rng,
                percentiles=levels,
                weights=weights,
                block=block,
                level=errors,
                prior=prior,
            )
            values = {q: float(p) for q, p in count.percentiles.items()}
            reference, better, size = mean * horizon, "more", horizon
        out.append(
            Cut(
                group="all",
                at=at / counts.size,
                known=at,
                forecast=size,
                percentiles=values,
                actual=actual,
                reference=reference,
                better="less" if better == "less" else "more",
            )
        )
    if on_cut is not None:
        on_cut(len(points), len(points))
    return out
