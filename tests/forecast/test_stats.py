"""The forecast's statistics in NumPy agree with SciPy's (SciPy is imported only here)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

from steerco.forecast.distributions import Z90
from steerco.forecast.stats import average_ranks, spearman_rows


def test_z90_is_the_normal_90th_percentile() -> None:
    assert float(special.ndtri(0.9)) == Z90


@pytest.mark.parametrize("shape", [(1,), (2,), (7,), (5, 40), (3, 4, 9), (4, 0)])
def test_average_ranks_are_scipys_rankdata(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(3)
    values = rng.random(shape)
    values[..., ::2] = np.round(values[..., ::2] * 3)  # many ties
    assert np.array_equal(average_ranks(values), stats.rankdata(values, axis=-1))


def test_average_ranks_of_float32_rows_with_runs_of_ties() -> None:
    rng = np.random.default_rng(4)
    rows = rng.integers(0, 6, (30, 500)).astype(np.float32)
    rows[0] = 2.0  # a constant row
    rows[1] = rng.random(500)  # no ties
    rows[2, :3] = -0.0  # -0.0 and 0.0 tie
    rows[2, 3:6] = 0.0
    ranks = average_ranks(rows)
    assert ranks.dtype == np.float64
    assert np.array_equal(ranks, stats.rankdata(rows, axis=1))


@pytest.mark.parametrize("ties", [False, True])
def test_spearman_rows_match_scipy_spearmanr(ties: bool) -> None:
    rng = np.random.default_rng(5)
    target = rng.normal(size=2000)
    rows = (rng.random((600, 2000)) + 0.3 * target).astype(np.float32)  # > 256: two chunks
    if ties:
        rows[::3] = np.round(rows[::3] * 4)
        target = np.round(target * 10)
    rows[7] = 1.5  # constant: no correlation
    rho = spearman_rows(rows, target)
    assert rho[7] is None
    for i in [0, 1, 2, 3, 299, 300, 599]:
        expected = stats.spearmanr(rows[i], target).statistic
        assert rho[i] == pytest.approx(expected, abs=1e-12)


def test_spearman_rows_need_three_samples() -> None:
    assert spearman_rows(np.ones((2, 2)), np.array([1.0, 2.0])) == [None, None]
