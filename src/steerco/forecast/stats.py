"""Statistics of samples that every forecast reports: percentiles, their error, rank correlation.

NumPy only: SciPy's `stats` costs more to import than a forecast of a small project takes.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = ["PERCENTILES", "average_ranks", "percentiles", "quantile_stderr", "spearman_rows"]

FloatArray = NDArray[np.float64]

PERCENTILES: tuple[int, ...] = (10, 50, 80, 90, 95)


def percentiles(values: FloatArray, levels: tuple[int, ...] = PERCENTILES) -> dict[str, float]:
    """`{"p10": ..., ...}` by NumPy's default (linear) method."""
    points = np.percentile(values, levels)
    return {f"p{level}": float(v) for level, v in zip(levels, points, strict=True)}


def quantile_stderr(values: FloatArray, q: float) -> float:
    """Standard error of the q-quantile from order statistics (distribution-free).

    The rank of the sample quantile is binomial with standard deviation sqrt(n q (1-q));
    half the distance between the order statistics one such deviation either side is the
    standard error (the interval a normal approximation would call +-1 sigma).
    """
    n = values.size
    if n < 2:
        return math.inf
    spread = math.sqrt(n * q * (1 - q))
    lo = max(0, math.floor(n * q - spread))
    hi = min(n - 1, math.ceil(n * q + spread))
    ranked = np.partition(values, (lo, hi))
    return float(ranked[hi] - ranked[lo]) / 2.0


def average_ranks(values: NDArray[np.floating]) -> FloatArray:
    """Ranks 1..n along the last axis; tied values share their average rank.

    The same numbers as `scipy.stats.rankdata(values, axis=-1)`: a run of ties at sorted
    positions s..e (from 0) gets rank (s + e + 2) / 2, exact in floating point. Ranks
    depend only on the order, so the fast (unstable) sort serves; gathers and scatters
    go through flat indices, several times faster than `take_along_axis`.
    """
    a = np.asarray(values)
    shape = a.shape
    if a.size == 0:
        return np.zeros(shape)
    n = shape[-1] if a.ndim else 1
    rows = a.reshape(-1, n)
    count = rows.shape[0]
    flat = np.argsort(rows, axis=1)
    flat += (np.arange(count, dtype=flat.dtype) * n)[:, None]
    flat = flat.ravel()
    ordered = np.take(rows.ravel(), flat).reshape(count, n)
    new = np.ones((count, n), dtype=bool)  # where a run of equal values starts
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=new[:, 1:])
    position = np.arange(n, dtype=np.int64)
    if new.all():
        ranked = np.broadcast_to((position + 1).astype(np.float64), (count, n))
    else:
        first = np.where(new, position, 0)
        np.maximum.accumulate(first, axis=1, out=first)
        ends = np.ones((count, n), dtype=bool)  # where a run ends
        ends[:, :-1] = new[:, 1:]
        last = np.minimum.accumulate(np.where(ends, position, n - 1)[:, ::-1], axis=1)[:, ::-1]
        ranked = (first + last + 2) * 0.5
    ranks = np.empty(count * n)
    ranks[flat] = ranked.ravel()
    return ranks.reshape(shape)


def spearman_rows(rows: NDArray[np.floating], target: FloatArray) -> list[float | None]:
    """Spearman rank correlation of each row with `target`; None where a row is constant."""
    if rows.shape[1] < 3:
        return [None] * rows.shape[0]
    target_rank = average_ranks(target)
    target_rank -= target_rank.mean()
    target_norm = math.sqrt(float(target_rank @ target_rank))
    out: list[float | None] = []
    for start in range(0, rows.shape[0], 256):
        ranks = average_ranks(rows[start : start + 256])
        ranks -= ranks.mean(axis=1, keepdims=True)
        norms = np.sqrt(np.einsum("ij,ij->i", ranks, ranks))
        dots = ranks @ target_rank
        for dot, norm in zip(dots.tolist(), norms.tolist(), strict=True):
            out.append(None if norm == 0 or target_norm == 0 else dot / (norm * target_norm))
    return out
