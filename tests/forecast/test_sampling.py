"""Sampling in place and by rows gives exactly the numbers of the plain formulas."""

from __future__ import annotations

import math

import numpy as np

from steerco.forecast.distributions import estimate_distributions, inverse_cdf


def _mixed(rows: int) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    kinds = [("triangular", "pert", "uniform", "fixed")[i % 4] for i in range(rows)]
    low = rng.uniform(0, 5, rows)
    likely = low + rng.uniform(0, 5, rows)
    likely[::7] = low[::7]  # the mode at an end
    high = likely + rng.uniform(0, 5, rows)
    high[::9] = likely[::9]
    return kinds, low, likely, high


def test_triangular_is_the_textbook_inverse_cdf_to_the_bit() -> None:
    _, low, likely, high = _mixed(40)
    dist = estimate_distributions(["triangular"] * 40, low, likely, high)
    u = np.random.default_rng(1).random((40, 300))
    x = inverse_cdf(dist, u)
    for i in range(40):
        w, lo, m, hi = high[i] - low[i], low[i], likely[i], high[i]
        cut = (m - lo) / w if w > 0 else 0.0
        for j in range(300):
            v = float(u[i, j])
            if v >= cut:
                expected = hi - math.sqrt((1.0 - v) * (w * (hi - m)))
            else:
                expected = lo + math.sqrt(v * (w * (m - lo)))
            assert x[i, j] == expected


def test_pert_rows_draw_what_one_broadcast_beta_draws() -> None:
    _, low, likely, high = _mixed(24)
    dist = estimate_distributions(["pert"] * 24, low, likely, high)
    x = inverse_cdf(dist, np.zeros((24, 500)), np.random.default_rng(5))
    pert = np.flatnonzero(dist.uncertain)  # a PERT without width is fixed
    assert 0 < pert.size < 24
    shape = (pert.size, 500)
    a, b = dist.alpha[pert, None], dist.beta[pert, None]
    lo, hi = dist.low[pert, None], dist.high[pert, None]
    rng = np.random.default_rng(5)
    expected = lo + (hi - lo) * rng.beta(np.broadcast_to(a, shape), np.broadcast_to(b, shape))
    assert np.array_equal(x[pert], expected)


def test_sampling_in_place_matches_sampling_into_a_new_array() -> None:
    kinds, low, likely, high = _mixed(33)
    dist = estimate_distributions(kinds, low, likely, high)
    u = np.random.default_rng(2).random((33, 1000))
    fresh = inverse_cdf(dist, u.copy(), np.random.default_rng(3))
    inplace = u.copy()
    assert inverse_cdf(dist, inplace, np.random.default_rng(3), out=inplace) is inplace
    assert np.array_equal(fresh, inplace)
