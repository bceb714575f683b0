"""The estimates total's level: the calibrated forecast's own past errors, replayed.

The estimates' shared factor (`steerco.forecast.loglinear`) makes a total's spread as
wide as the drift of the history's residuals; it does not check how far the forecast of a
total really missed. The history shows that too. At a forecast of `N` tasks made after
the records `0 .. t-1` (only those are read), the same forecaster is replayed on the
`m` most recent disjoint windows of `k` consecutive records that end by `t`, each with at
least MIN_KNOWN records before it (`k = min(N, (t - MIN_KNOWN) // 3)`, so that a short
history still has windows): the model is fitted on the records before window `w`, the
window's tasks are calibrated and drawn, and

    a_w = log(T_w / M_w)

is the log error of the replayed P50 `M_w` against the window's real total `T_w`.
Their variance `V` (about their mean) holds the draws' own spread of a `k`-task total,
which the forecast already has (`W`, the mean over the windows of the variance of the
log of their drawn totals), and the level's movement, which it lacks:

    v = (m · max(V − W, 0) + n₀ · v₀) / (m + n₀)

pooled with a prior `v₀` of weight `n₀` windows (`level.LevelPrior`), as the throughput level
(`steerco.forecast.level`) is. Each draw `i` of the total is then multiplied by
`f_i = exp(sqrt(v) · z_i)`, `z_i` a standard normal from the forecast's own Generator:
a factor whose median is 1, applied to the total (not to each task, which would move the
total's median below its mean), so the P50 stays where it was and the band widens by as
much as the totals really missed in the past, less what the draws already show.
Fewer than MIN_WINDOWS windows: no factor (`TotalLevel.applied` False), the draws as
they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.calibrated import PrefixFits, calibrate_records, sample_totals
from steerco.forecast.level import LevelPrior

__all__ = [
    "DEFAULT_TOTAL_PRIOR",
    "MAX_WINDOWS",
    "MIN_KNOWN",
    "MIN_WINDOWS",
    "REPLAY_DRAWS",
    "TotalLevel",
    "level_of",
    "move_totals",
    "total_level",
    "window_errors",
]

FloatArray = NDArray[np.float64]

MIN_KNOWN = 5
"""The fewest records before a replayed window (the backtests' MIN_HISTORY)."""
MIN_WINDOWS = 2
"""Fewer replayed windows than this: no factor."""
MAX_WINDOWS = 8
"""The most recent windows replayed at most (each one is a fit and its draws)."""
REPLAY_DRAWS = 400
"""Draws of each replayed window's total (its P50 and the spread of its log)."""


DEFAULT_TOTAL_PRIOR = LevelPrior(variance=0.2**2, windows=3.0)
"""Chosen by backtest (docs/benchmarks.md, "Calibration backtests")."""


@dataclass(frozen=True)
class TotalLevel:
    """What the total's level factor was made of: the windows' errors and the draws' own."""

    windows: int
    """Past windows replayed (`m`)."""
    size: int
    """Tasks per window (`k`)."""
    total: float
    """The variance `V` of the windows' log errors."""
    noise: float
    """The draws' own variance of the log of a window's total (`W`)."""
    sd: float
    """The factor's standard deviation `sqrt(v)` (log scale); 0 when not applied."""
    applied: bool
    """False when there were fewer than MIN_WINDOWS windows: the draws as before."""


def window_errors(
    history: PrefixFits,
    tasks: int,
    *,
    rng: np.random.Generator,
    draws: int = REPLAY_DRAWS,
) -> tuple[FloatArray, FloatArray, int]:
    """The replayed windows' log errors `a_w`, their draws' variances of log total, and `k`.

    `history` is every record known at the forecast, oldest first (nothing after it is
    read), with the model and estimate unit of the forecast; `tasks` the forecast's `N`.
    Windows run oldest first.
    """
    records = history.records
    t = len(records)
    k = min(tasks, (t - MIN_KNOWN) // 3)
    if k < 1:
        return np.zeros(0), np.zeros(0), 0
    starts = [t - k * (j + 1) for j in range(MAX_WINDOWS) if t - k * (j + 1) >= MIN_KNOWN]
    errors: list[float] = []
    noises: list[float] = []
    for start in reversed(starts):
        window = records[start : start + k]
        totals = sample_totals(calibrate_records(history.fit(start), window), draws, rng)
        logs = np.log(totals)
        errors.append(math.log(sum(r.actual for r in window)) - float(np.median(logs)))
        noises.append(float(np.var(logs)))
    return np.asarray(errors), np.asarray(noises), k


def total_level(
    history: PrefixFits,
    tasks: int,
    *,
    rng: np.random.Generator,
    prior: LevelPrior = DEFAULT_TOTAL_PRIOR,
    draws: int = REPLAY_DRAWS,
) -> TotalLevel:
    """The level factor of a forecast of `tasks` tasks made after `history` (module doc)."""
    errors, noises, k = window_errors(history, tasks, rng=rng, draws=draws)
    return level_of(errors, noises, k, prior)


def level_of(
    errors: FloatArray, noises: FloatArray, size: int, prior: LevelPrior = DEFAULT_TOTAL_PRIOR
) -> TotalLevel:
    """The factor's spread from the windows' errors `a_w` and draws' variances (module doc)."""
    m = int(errors.size)
    k = size
    if m < MIN_WINDOWS:
        return TotalLevel(m, k, 0.0, 0.0, 0.0, False)
    total = float(np.var(errors))
    noise = float(np.mean(noises))
    return TotalLevel(m, k, total, noise, prior.pooled_sd(m, total, noise), True)


def move_totals(totals: FloatArray, level: TotalLevel, rng: np.random.Generator) -> FloatArray:
    """Each drawn total times its own factor `exp(sqrt(v) · z_i)`; as it is when not applied."""
    if not level.applied:
        return totals
    moved: FloatArray = totals * np.exp(level.sd * rng.standard_normal(totals.size))
    return moved
