"""The level's own uncertainty: a throughput forecast's past errors, replayed (split conformal).

A resampling forecast draws from the periods of its window: it knows how much a sum of
those periods varies, not how far the team's level itself will move. The history shows
how far it moved after each earlier moment. At a forecast made after the periods
`0 .. t-1`, the same forecaster is replayed at every earlier moment `s` whose outcome was
known by `t` (only the past is used), with `r_s` the mean rate of its window at `s` (the
window's weighted mean of `counts[:s]`, what the runs at `s` expect per period):

- a horizon of `H` periods (`s + H <= t`): `a_s = log((A_s + 1/2) / (r_s H + 1/2))`,
  `A_s` the items really done in the periods `s .. s+H-1`;
- `N` items (`s + D_s <= t`): `a_s = log((N / r_s) / D_s)`, `D_s` the periods it really
  took to finish `N` more items after `s`.

Each `a_s` is the log of the real rate over the forecast's span against the rate the
forecast expected. The moments overlap (consecutive ones share all but one period of
their span), so the `m` errors hold about `n = m / L` independent ones, `L` the span
(`H`, or the mean `D_s`). Their variance `V` holds two parts: the noise of a sum of `L`
periods, which the resampling reproduces (`W`, the variance of the same log of the runs'
own outcomes at `t`), and the level's own movement, which it does not:

    v = (n · max(V − W, 0) + n₀ · v₀) / (n + n₀)

pooled with a prior `v₀` of weight `n₀` windows (`LevelPrior`), as the estimates' shared
factor is. Each run `i` then draws a level factor `f_i = exp(sqrt(v) · z_i)`, `z_i` a
standard normal from the forecast's own Generator, and its outcome moves with it: the
items of a horizon become `round(count_i · f_i)`, the periods until `N` items
`max(1, round(periods_i / f_i))` (a slower level takes longer; a run past the cap stays
unfinished, so no run waits for ever). Both round to the nearest whole number (halves
up), so that the factor's median of 1 leaves the runs' P50 about where it was: their
band widens by as much as the level moved in the past, less what the runs already show.
Fewer than MIN_WINDOWS independent past errors: no factor (`LevelSpread.applied` False).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DEFAULT_PRIOR",
    "MIN_PAST",
    "MIN_WINDOWS",
    "LevelErrors",
    "LevelPrior",
    "LevelSpread",
    "Rates",
    "Window",
    "level_spread",
    "move_counts",
    "move_periods",
    "noise_of_counts",
    "noise_of_periods",
    "past_errors",
    "window_rates",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Window = Callable[[IntArray], tuple[IntArray, FloatArray | None]]
"""What a throughput forecast draws from at a moment: the past's periods and their weights."""
Rates = Callable[[IntArray], FloatArray]
"""Every moment's expected rate at once: `rates(counts)[s]`, the window's mean of `counts[:s]`."""

MIN_WINDOWS = 1.0
"""Fewer independent past errors than this (`n`): no level factor, the runs as they are."""
MIN_PAST = 5
"""The fewest periods before a replayed moment `s`."""


@dataclass(frozen=True)
class LevelPrior:
    """The prior of the level's variance: `variance` (v₀) with the weight of `windows` (n₀)."""

    variance: float
    windows: float

    def pooled_sd(self, weight: float, total: float, noise: float) -> float:
        """`sqrt((w · max(V − W, 0) + n₀ · v₀) / (w + n₀))`: the factor's SD from past errors.

        `total` (V) is the past errors' variance, `noise` (W) what the draws already spread,
        `weight` (w) how many independent errors there were.
        """
        own = max(total - noise, 0.0)
        return math.sqrt((weight * own + self.windows * self.variance) / (weight + self.windows))


DEFAULT_PRIOR = LevelPrior(variance=0.35**2, windows=3.0)
"""Chosen by backtest over the real and synthetic teams (docs/benchmarks.md)."""


@dataclass(frozen=True)
class LevelErrors:
    """The replayed forecasts' log errors `a_s` (oldest first) and their span `L`."""

    errors: FloatArray
    span: float
    """Periods each error spans: the horizon, or the mean periods to the items."""

    @property
    def windows(self) -> float:
        """How many independent errors the overlapping ones hold: `m / L`."""
        return self.errors.size / self.span if self.span > 0 else 0.0


@dataclass(frozen=True)
class LevelSpread:
    """What the level factor was made of: the past errors, their variance, the runs' own."""

    moments: int
    """Past moments replayed (`m`)."""
    windows: float
    """Independent errors they hold (`n = m / L`)."""
    total: float
    """Their variance `V`."""
    noise: float
    """The runs' own variance of the same log outcome (`W`)."""
    sd: float
    """The level factor's standard deviation `sqrt(v)` (log scale); 0 when not applied."""
    applied: bool
    """False when there were too few past errors (`n < MIN_WINDOWS`): the runs as before."""


def window_rates(
    counts: IntArray,
    kind: Literal["all", "last", "recent"],
    periods: int = 0,
    half_life: float = 0.0,
) -> FloatArray:
    """The rate a window expects at every moment: `out[s]` is its mean of `counts[:s]` (0 at 0).

    `all`: the mean of every period before s; `last`: of the last `periods` of them;
    `recent`: weighted `2^(-(s - 1 - i) / half_life)`, by the recurrence
    `S(s+1) = q S(s) + c(s)`, `q = 2^(-1 / half_life)` (the weights of `recency_weights`).
    One pass over the history, where a window asked at each moment costs one per moment.
    """
    t = int(counts.size)
    out = np.zeros(t + 1, dtype=np.float64)
    if t == 0:
        return out
    done = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
    at = np.arange(1, t + 1)
    if kind == "all":
        out[1:] = done[1:] / at
    elif kind == "last":
        low = np.maximum(at - periods, 0)
        out[1:] = (done[1:] - done[low]) / (at - low)
    else:
        q = 2.0 ** (-1.0 / half_life)
        total = weight = 0.0
        for k, count in enumerate(counts.tolist()):
            total = total * q + count
            weight = weight * q + 1.0
            out[k + 1] = total / weight
    return out


def _rate(window: Window | None, past: IntArray) -> float:
    drawn, weights = (past, None) if window is None else window(past)
    if drawn.size == 0:
        return 0.0
    return float(np.average(drawn, weights=weights))


def past_errors(
    counts: IntArray,
    *,
    window: Window | None = None,
    rates: Rates | None = None,
    items: int | None = None,
    horizon: int | None = None,
) -> LevelErrors:
    """The log errors `a_s` of the forecaster replayed at every moment before `counts` ends.

    `counts` is everything known at the forecast (nothing after it is read); `window`
    what the runs draw from at a moment (default: every period before it alike), or
    `rates`, the same window's rate at every moment at once (`window_rates`; the errors
    then cost one pass over the history, not one per moment). A moment with fewer than
    MIN_PAST periods before it, or a window that holds no item, is skipped.
    """
    if (items is None) == (horizon is None):
        raise ValueError("give exactly one of items and horizon")
    t = int(counts.size)
    if rates is None and window is None:
        rates = functools.partial(window_rates, kind="all")
    expected = rates(counts) if rates is not None else None
    done = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
    errors: list[float] = []
    spans: list[int] = []
    for s in range(MIN_PAST, t):
        if horizon is not None:
            if s + horizon > t:
                break
            real = float(done[s + horizon] - done[s])
        else:
            assert items is not None
            end = int(np.searchsorted(done, done[s] + items, side="left"))
            if end > t:
                break  # later moments reach the items later still
            real = float(end - s)
        rate = float(expected[s]) if expected is not None else _rate(window, counts[:s])
        if rate <= 0:
            continue
        if horizon is not None:
            errors.append(math.log((real + 0.5) / (rate * horizon + 0.5)))
        else:
            assert items is not None
            errors.append(math.log(items / rate / real))
            spans.append(int(real))
    span = float(horizon) if horizon is not None else (float(np.mean(spans)) if spans else 0.0)
    return LevelErrors(np.asarray(errors, dtype=np.float64), span)


def level_spread(
    errors: LevelErrors, noise: float, prior: LevelPrior = DEFAULT_PRIOR
) -> LevelSpread:
    """The level factor's spread: the past errors' variance less the runs' own, pooled."""
    n = errors.windows
    m = int(errors.errors.size)
    if n < MIN_WINDOWS or m < 2:
        return LevelSpread(m, n, 0.0, noise, 0.0, False)
    total = float(np.var(errors.errors))
    return LevelSpread(m, n, total, noise, prior.pooled_sd(n, total, noise), True)


def _factors(spread: LevelSpread, runs: int, rng: np.random.Generator) -> FloatArray:
    return np.exp(spread.sd * rng.standard_normal(runs))


def move_counts(done: IntArray, spread: LevelSpread, rng: np.random.Generator) -> IntArray:
    """Each run's items scaled by its level factor: `round(count_i · f_i)`."""
    if not spread.applied:
        return done
    moved: IntArray = np.floor(done * _factors(spread, done.size, rng) + 0.5).astype(np.int64)
    return moved


def move_periods(
    needed: IntArray, cap: int, spread: LevelSpread, rng: np.random.Generator
) -> IntArray:
    """Each run's periods scaled by its level factor: `max(1, round(periods_i / f_i))`.

    A run not done within `cap` periods, or moved past it, is `cap + 1` (unfinished).
    """
    if not spread.applied:
        return needed
    factors = _factors(spread, needed.size, rng)
    moved = np.maximum(np.floor(needed / factors + 0.5), 1)
    out: IntArray = np.where((needed > cap) | (moved > cap), cap + 1, moved).astype(np.int64)
    return out


def noise_of_counts(done: IntArray) -> float:
    """The runs' own variance of `log(count + 1/2)`: the `W` of a horizon."""
    return float(np.var(np.log(done + 0.5)))


def noise_of_periods(needed: IntArray, cap: int) -> float:
    """The runs' own variance of `log(periods)` over the finished runs: the `W` of N items."""
    finished = needed[needed <= cap]
    return float(np.var(np.log(finished))) if finished.size > 1 else 0.0
