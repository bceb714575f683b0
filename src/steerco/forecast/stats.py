"""Statistics of samples that every forecast reports: percentiles, their error, rank correlation."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = ["PERCENTILES", "percentiles", "quantile_stderr", "spearman_rows"]

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


def spearman_rows(rows: NDArray[np.floating], target: FloatArray) -> list[float | None]:
    """Spearman rank correlation of each row with `target`; None where a row is constant."""
    if rows.shape[1] < 3:
        return [None] * rows.shape[0]
    target_rank = stats.rankdata(target)
    target_rank -= target_rank.mean()
    target_norm = math.sqrt(float(target_rank @ target_rank))
    out: list[float | None] = []
    for start in range(0, rows.shape[0], 256):
        ranks = stats.rankdata(rows[start : start + 256], axis=1)
        ranks -= ranks.mean(axis=1, keepdims=True)
        norms = np.sqrt(np.einsum("ij,ij->i", ranks, ranks))
        dots = ranks @ target_rank
        for dot, norm in zip(dots.tolist(), norms.tolist(), strict=True):
            out.append(None if norm == 0 or target_norm == 0 else dot / (norm * target_norm))
    return out
