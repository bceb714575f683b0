"""Throughput forecasts for Scrum and Kanban work: resample the items finished per period.

A run draws each future period's throughput at random, with replacement, from the
history (zeros included) and adds them up. Two questions, each answered by many runs:

- when will N items be done? `when_done`: the periods each run needs, and their
  percentiles: Pq = done within that many periods in at least q% of the runs;
- how many items by a date? `how_many`: the items each run finishes in a number of
  periods, and their percentiles: Pq = at least that many items in q% of the runs.

A run may weight the periods (`weights`): a period is then drawn with its weight's share
of the total, e.g. `recency_weights`, which halves a period's weight for every half-life
it lies before the last; without weights every period is equally likely.

A run may draw **blocks** of `block` consecutive periods instead of single ones (a moving
block bootstrap): it lays blocks end to end, each the periods `s, s+1, ..., s+block-1` of
the history from a start `s` drawn as a single period is (by its weight), cut short at the
history's last period. A period is thus in the blocks of `block` starts (the first
`block - 1` periods in fewer), and the last periods are not left out of the draws, which
matters for a window that weighs them most. Real throughput comes in runs (a weekly
rhythm, good and bad weeks, bursts), which independent periods cannot reproduce: their
sums vary too little. Blocks keep what happens within `block` periods together.
`block = 1` is the independent draw.

Percentiles are discrete (no interpolation): each is a value some run produced, and the
sentence above holds exactly for the runs made. With `n` runs sorted in increasing order
(0-based), the periods' Pq is the element `ceil(n * q / 100) - 1` (NumPy's
`method="inverted_cdf"`) and the count's Pq the element `floor(n * (100 - q) / 100)`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.forecast.level import (
    DEFAULT_PRIOR,
    LevelErrors,
    LevelPrior,
    LevelSpread,
    level_spread,
    move_counts,
    move_periods,
    noise_of_counts,
    noise_of_periods,
)
from steerco.limits import MAX_ITERATIONS

__all__ = [
    "PERCENTILES",
    "ThroughputCount",
    "ThroughputWhen",
    "check_amounts",
    "check_run",
    "check_throughput",
    "default_max_periods",
    "discrete_percentile",
    "how_many",
    "periods_needed",
    "periods_percentiles",
    "recency_weights",
    "when_done",
]

PERCENTILES = (50, 70, 85, 95)
# Draws held at once (runs x periods); bounds memory at ~64 MB of int64 (a third of it for
# draws in blocks, whose index arrays are about three times a draw's size).
_BLOCK = 1 << 23
_History = NDArray[np.int64] | NDArray[np.float64]
"""Counts per period (items), or amounts (story points) for `periods_needed`."""


@dataclass(frozen=True)
class ThroughputWhen:
    """Periods needed to finish `items`: the percentiles over the runs.

    `percentiles[q]` is the number of periods within which at least q% of the runs were
    done, or None when more than (100 - q)% of the runs were not done within
    `max_periods`. `unfinished` counts those runs; `mean` is None when there are any.
    """

    items: int
    iterations: int
    percentiles: dict[int, int | None]
    mean: float | None
    unfinished: int
    max_periods: int
    level: LevelSpread | None = None
    """The level factor the runs drew (`steerco.forecast.level`); None: not asked for."""


@dataclass(frozen=True)
class ThroughputCount:
    """Items finished in `periods`: `percentiles[q]` is reached in at least q% of the runs."""

    periods: int
    iterations: int
    percentiles: dict[int, int]
    mean: float
    level: LevelSpread | None = None
    """The level factor the runs drew (`steerco.forecast.level`); None: not asked for."""


def check_throughput(throughput: ArrayLike) -> NDArray[np.int64]:
    """The history as a 1-D integer array; `bad_value` if empty, negative or fractional."""
    values = np.asarray(throughput)
    if values.ndim != 1 or values.size == 0:
        raise ProjectError.single(Code.bad_value, "the throughput history has no periods")
    if values.dtype.kind == "b" or values.dtype.kind not in "iuf":
        raise ProjectError.single(Code.bad_value, "throughput counts must be whole numbers")
    if values.dtype.kind == "f" and not np.all(np.isfinite(values) & (values == np.round(values))):
        raise ProjectError.single(Code.bad_value, "throughput counts must be whole numbers")
    if np.any(values < 0):
        raise ProjectError.single(Code.bad_value, "throughput counts cannot be negative")
    return values.astype(np.int64)


def check_amounts(values: ArrayLike) -> NDArray[np.float64]:
    """Amounts per period (e.g. story points) as a 1-D float array; `bad_value` if none or < 0."""
    array = np.asarray(values)
    if array.ndim != 1 or array.size == 0:
        raise ProjectError.single(Code.bad_value, "the history has no periods")
    if array.dtype.kind not in "iuf" or not np.all(np.isfinite(array)):
        raise ProjectError.single(Code.bad_value, "amounts per period must be finite numbers")
    if np.any(array < 0):
        raise ProjectError.single(Code.bad_value, "amounts per period cannot be negative")
    return array.astype(np.float64)


def check_run(iterations: int, seed: int, percentiles: Sequence[int] = ()) -> None:
    """Raise `bad_value` for iterations outside 1..MAX_ITERATIONS, a negative seed, a bad q."""
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ProjectError.single(
            Code.bad_value,
            f"iterations must be from 1 to {MAX_ITERATIONS:,}, got {iterations:,}",
        )
    if seed < 0:
        raise ProjectError.single(Code.bad_value, f"a seed is a whole number from 0 up, got {seed}")
    for q in percentiles:
        if not 1 <= q <= 100:
            raise ProjectError.single(Code.bad_value, f"a percentile must be in 1..100, got {q}")


def recency_weights(size: int, half_life: float) -> NDArray[np.float64]:
    """Weights of `size` periods, oldest first: `w_i = 2^(-(size - 1 - i) / half_life)`, sum 1.

    The last period weighs 1 before the normalisation, the one `half_life` periods before
    it 1/2, twice as far 1/4: the draws follow the team's recent pace.
    """
    if size < 1 or not (math.isfinite(half_life) and half_life > 0):
        raise ProjectError.single(Code.bad_value, "a half-life is a number of periods above 0")
    weights: NDArray[np.float64] = np.exp2(
        -(size - 1 - np.arange(size, dtype=np.float64)) / half_life
    )
    weights /= weights.sum()
    return weights


def _check_block(block: int) -> None:
    if block < 1:
        raise ProjectError.single(
            Code.bad_value, f"a block is a whole number of periods from 1 up, got {block}"
        )


def _sampler(
    counts: _History, weights: ArrayLike | None, block: int = 1
) -> Callable[[np.random.Generator, tuple[int, int]], _History]:
    """Draw counts of `shape`: periods (or blocks of `block` periods, end to end) by `weights`.

    Each row of a draw starts with a new block; a start is drawn uniformly or by the
    inverse CDF of the weights, and its block stops at the history's last period.
    """
    _check_block(block)
    size = counts.size
    cdf = None
    if weights is not None:
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != counts.shape or not np.all(np.isfinite(w) & (w >= 0)) or w.sum() <= 0:
            raise ProjectError.single(
                Code.bad_value, "weights are one number of 0 or more per period, not all 0"
            )
        cdf = np.cumsum(w / w.sum())
        cdf[-1] = 1.0
    length = min(block, size)

    def first(rng: np.random.Generator, shape: tuple[int, int]) -> NDArray[np.int64]:
        """Periods drawn one by one: uniformly, or by the weights (inverse CDF)."""
        if cdf is None:
            return rng.integers(0, size, size=shape)
        index = np.searchsorted(cdf, rng.random(size=shape), side="right")
        return np.minimum(index, size - 1)

    def periods(rng: np.random.Generator, rows: int, blocks: int) -> NDArray[np.int64]:
        """`blocks` blocks per row, end to end, as periods; -1 where a block is cut short."""
        begin = first(rng, (rows, blocks))
        index = (begin[:, :, None] + np.arange(length)).reshape(rows, blocks * length)
        index[index >= size] = -1
        return index

    def draw(rng: np.random.Generator, shape: tuple[int, int]) -> _History:
        runs, width = shape
        if length == 1:
            return counts[first(rng, shape)]
        index = periods(rng, runs, 2 * -(-width // length) + 2)
        while True:  # a row whose blocks were cut short too often gets more of them
            short = np.count_nonzero(index >= 0, axis=1) < width
            if not short.any():
                break
            more = np.full((runs, 2 * length), -1, dtype=np.int64)
            more[short] = periods(rng, int(short.sum()), 2)
            index = np.concatenate([index, more], axis=1)
        # each row's periods in order, the skipped ones (-1) moved to the end
        order = np.argsort(index < 0, axis=1, kind="stable")[:, :width]
        picked: _History = counts[np.take_along_axis(index, order, axis=1)]
        return picked

    return draw


def default_max_periods(
    throughput: _History, items: float, weights: ArrayLike | None = None
) -> int:
    """A cap on the periods of a run: 50 times the mean number a run needs at worst.

    A run needs at most `k = ceil(items / smallest positive count)` periods with a
    positive count, and such a period comes with probability `p` (the share of positive
    periods, or their share of the `weights`), so `k / p` periods on average; the chance
    that one run still has not finished after 50 times that is below e^-50 for k = 1 and
    smaller for larger k.
    """
    positive = throughput[throughput > 0]
    if positive.size == 0:
        return 0
    needed = math.ceil(items / float(positive.min()))
    if weights is None:
        share = positive.size / throughput.size
    else:
        w = np.asarray(weights, dtype=np.float64)
        share = float(w[throughput > 0].sum() / w.sum())
        if share <= 0:
            return 0
    return max(1, math.ceil(50 * needed / share))


def _group_rows(runs: int, width: int, budget: int, block: int) -> int:
    """How many runs draw `width` periods at once: all of them, unless that is far past `budget`.

    Runs come in groups only where a step of whole blocks would hold many times `budget`
    draws (millions of runs), so that every smaller forecast draws as it always did.
    """
    return runs if budget // runs >= block else max(1, budget // width)


def periods_needed(
    history: _History,
    amount: float,
    iterations: int,
    rng: np.random.Generator,
    *,
    max_periods: int | None = None,
    weights: ArrayLike | None = None,
    block: int = 1,
) -> tuple[NDArray[np.int64], int]:
    """Each run's periods until `amount` is reached, and the cap: `cap + 1` for a run not done.

    A run draws periods from `history` (checked counts or amounts) with replacement (by
    `weights`; in blocks of `block` consecutive periods) until its running total reaches
    `amount` or `max_periods` (default: `default_max_periods`) have passed. Raises
    ProjectError `bad_value` when every period of the history is 0 and `amount` > 0.
    """
    draw = _sampler(history, weights, block)
    block = min(block, history.size)
    # blocks hold about 3 index arrays of a draw's size at once
    budget = _BLOCK if block == 1 else _BLOCK // 3
    check_run(iterations, 0)
    if amount < 0 or not math.isfinite(amount):
        raise ProjectError.single(Code.bad_value, f"items cannot be negative, got {amount}")
    if amount > 0 and not np.any(history > 0):
        raise ProjectError.single(
            Code.bad_value,
            "every period the forecast draws from counts 0 (all of the history, or the "
            "window of it sampled): at that pace nothing is ever done",
        )
    cap = default_max_periods(history, amount, weights) if max_periods is None else max_periods
    if cap < 1 and amount > 0 and max_periods is None:
        raise ProjectError.single(
            Code.bad_value,
            "the periods the forecast draws from count 0, or those that count items weigh "
            "nothing beside the recent empty ones: at that pace nothing is ever done",
        )
    if cap < 1 and amount > 0:
        raise ProjectError.single(Code.bad_value, f"max_periods must be at least 1, got {cap}")
    needed = np.zeros(iterations, dtype=np.int64)
    if amount > 0:
        needed[:] = cap + 1  # not done within the cap, unless found below
        # amounts in floating point: a total within rounding of the target has reached it
        slack = 0.0 if history.dtype.kind in "iu" else 1e-9 * amount
        remaining = np.full(iterations, amount, dtype=history.dtype)
        active = np.arange(iterations)
        mean = float(
            history.mean()
            if weights is None
            else np.dot(history, np.asarray(weights, dtype=np.float64))
            / np.sum(np.asarray(weights, dtype=np.float64))
        )
        elapsed = 0
        while active.size and elapsed < cap:
            # Enough periods for most runs to finish in this block; the rest go on.
            expected = float(remaining[active].max()) / mean
            chunk = min(math.ceil(1.25 * expected) + 4, cap - elapsed)
            chunk = max(1, min(chunk, budget // active.size))
            chunk = -(-chunk // block) * block  # whole blocks: a block never breaks
            rows = _group_rows(active.size, chunk, budget, block)
            going = []
            for part in np.array_split(active, -(-active.size // rows)):  # one, mostly
                draws = draw(rng, (part.size, chunk))
                total = np.cumsum(draws, axis=1)
                reached = total >= remaining[part, None] - slack
                finished = reached[:, -1]
                needed[part[finished]] = elapsed + np.argmax(reached[finished], axis=1) + 1
                remaining[part[~finished]] -= total[~finished, -1]
                going.append(part[~finished])
            active = np.concatenate(going)
            elapsed += chunk
    return needed, cap


def discrete_percentile(ordered: Sequence[int] | NDArray[np.int64], q: int) -> int:
    """Pq of values sorted in increasing order: the element `ceil(n * q / 100) - 1`.

    The value at least q% of the values are at or below, and one of them (no interpolation).
    """
    return int(ordered[max(0, -(-len(ordered) * q // 100) - 1)])


def periods_percentiles(
    needed: NDArray[np.int64], cap: int, percentiles: Sequence[int] = PERCENTILES
) -> dict[int, int | None]:
    """Pq of `needed` (element `ceil(n * q / 100) - 1` sorted), None where it is past `cap`."""
    check_run(max(1, needed.size), 0, percentiles)
    ordered = np.sort(needed)
    out: dict[int, int | None] = {}
    for q in percentiles:
        value = discrete_percentile(ordered, q)
        out[q] = value if value <= cap else None
    return out


def when_done(
    throughput: ArrayLike,
    items: int,
    iterations: int,
    rng: np.random.Generator,
    *,
    max_periods: int | None = None,
    percentiles: Sequence[int] = PERCENTILES,
    weights: ArrayLike | None = None,
    block: int = 1,
    level: LevelErrors | None = None,
    prior: LevelPrior = DEFAULT_PRIOR,
) -> ThroughputWhen:
    """Periods until `items` are done: first n with sum of n resampled periods >= items.

    Each run draws periods from `throughput` with replacement (by `weights`, if given;
    in blocks of `block` consecutive periods) until its running total reaches `items` or
    `max_periods` (default: `default_max_periods`) have passed (`periods_needed`). Given
    the replayed forecasts' `level` errors, each run's periods then move with a drawn
    level factor (`steerco.forecast.level.move_periods`). Raises ProjectError
    `bad_value` when every period of the history is 0.
    """
    counts = check_throughput(throughput)
    check_run(iterations, 0, percentiles)
    needed, cap = periods_needed(
        counts, items, iterations, rng, max_periods=max_periods, weights=weights, block=block
    )
    spread = None
    if level is not None:
        spread = level_spread(level, noise_of_periods(needed, cap), prior)
        needed = move_periods(needed, cap, spread, rng)
    unfinished = int(np.count_nonzero(needed > cap))
    return ThroughputWhen(
        items=items,
        iterations=iterations,
        percentiles=periods_percentiles(needed, cap, percentiles),
        mean=None if unfinished else float(needed.mean()),
        unfinished=unfinished,
        max_periods=cap,
        level=spread,
    )


def how_many(
    throughput: ArrayLike,
    periods: int,
    iterations: int,
    rng: np.random.Generator,
    *,
    percentiles: Sequence[int] = PERCENTILES,
    weights: ArrayLike | None = None,
    block: int = 1,
    level: LevelErrors | None = None,
    prior: LevelPrior = DEFAULT_PRIOR,
) -> ThroughputCount:
    """Items done in `periods`: the sum of `periods` counts resampled (by `weights`, in blocks).

    Given the replayed forecasts' `level` errors, each run's count then moves with a drawn
    level factor (`steerco.forecast.level.move_counts`).
    """
    counts = check_throughput(throughput)
    draw = _sampler(counts, weights, block)
    block = min(block, counts.size)
    check_run(iterations, 0, percentiles)
    if periods < 0:
        raise ProjectError.single(Code.bad_value, f"periods cannot be negative, got {periods}")
    done = np.zeros(iterations, dtype=np.int64)
    budget = _BLOCK if block == 1 else _BLOCK // 3
    step = -(-max(1, budget // iterations) // block) * block  # whole blocks per step
    rows = _group_rows(iterations, step, budget, block)
    for start in range(0, periods, step):
        width = min(step, periods - start)
        for first in range(0, iterations, rows):
            last = min(first + rows, iterations)
            done[first:last] += draw(rng, (last - first, width)).sum(axis=1)
    spread = None
    if level is not None:
        spread = level_spread(level, noise_of_counts(done), prior)
        done = move_counts(done, spread, rng)
    ordered = np.sort(done)
    return ThroughputCount(
        periods=periods,
        iterations=iterations,
        percentiles={q: int(ordered[iterations * (100 - q) // 100]) for q in percentiles},
        mean=float(done.mean()),
        level=spread,
    )
