"""The table's Phi against SciPy's exact one, and the shared factor drawn from normal scores."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import ndtr, ndtri

from steerco.forecast.calibrated import share_factor, share_normals
from steerco.forecast.normal_cdf import normal_cdf

BOUND = 2.1e-9
"""h² max|phi'| / 8 with h = 17 / 2^16 and phi(1) = 0.2420 (the module's bound)."""


def test_the_table_is_within_its_bound_of_the_exact_cdf_everywhere() -> None:
    z = np.concatenate([np.linspace(-10.0, 10.0, 2_000_001), [-np.inf, np.inf, 0.0]])
    assert np.abs(normal_cdf(z) - ndtr(z)).max() <= BOUND
    # exactly 1 far above, next to 0 far below, as ndtr is in doubles
    assert normal_cdf(np.array([9.0, np.inf]))[0] == 1.0
    assert 0.0 <= normal_cdf(np.array([-np.inf]))[0] < 1e-16


@given(st.lists(st.floats(-12.0, 12.0), min_size=1, max_size=200))
def test_any_scores_are_within_the_bound_and_keep_their_order(values: list[float]) -> None:
    z = np.sort(np.array(values))
    phi = normal_cdf(z)
    assert np.abs(phi - ndtr(z)).max() <= BOUND
    assert np.all(np.diff(phi) >= 0)


def test_in_place_gives_the_same_numbers_across_chunks_and_shapes() -> None:
    z = np.random.default_rng(1).standard_normal((3, 40_000)) * 3  # several chunks
    copied = normal_cdf(z)
    same = z.copy()
    assert normal_cdf(same, out=same) is same
    np.testing.assert_array_equal(same, copied)
    # an `out` in column order is filled all the same; a scalar stays a scalar, NaN NaN
    columns = np.empty((10, 3)).T
    assert normal_cdf(z[:, :10], out=columns) is columns
    np.testing.assert_array_equal(columns, copied[:, :10])
    assert normal_cdf(np.array(0.5)).shape == ()
    assert np.isnan(normal_cdf(np.array([np.nan, 0.0]))).tolist() == [True, False]
    with pytest.raises(ValueError, match="shape"):
        normal_cdf(z, out=np.empty(3))


def test_shared_normals_are_the_shared_factor_of_their_uniforms() -> None:
    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 5000))
    common = rng.standard_normal(5000)
    direct = share_normals(x, 0.3, common)
    # the same scores as uniforms, through Phi^-1 and back: the same law, the same numbers
    through = share_factor(ndtr(x), 0.3, common)
    assert np.abs(direct - through).max() <= 10 * BOUND


def test_shared_normals_keep_uniform_marginals_and_correlate_their_scores() -> None:
    rng = np.random.default_rng(3)
    u = share_normals(rng.standard_normal((2, 200_000)), 0.36, rng.standard_normal(200_000))
    assert np.histogram(u[0], bins=4, range=(0, 1))[0] / 200_000 == pytest.approx(
        [0.25] * 4, abs=0.01
    )
    assert np.corrcoef(ndtri(u))[0, 1] == pytest.approx(0.36, abs=0.01)


@pytest.mark.parametrize("lhs", [False, True], ids=["normal scores", "strata"])
@pytest.mark.parametrize(
    ("rows", "shared"), [(3, [0, 2]), (2, [0, 1])], ids=["some rows", "every row"]
)
def test_the_engine_shares_the_factor_among_its_shared_rows_only(
    rows: int, shared: list[int], lhs: bool
) -> None:
    from types import SimpleNamespace
    from typing import cast

    from steerco.forecast.engine import _Prepared, _uniforms

    prep = cast(
        _Prepared,
        SimpleNamespace(shared_rows=np.array(shared), shared_rho=0.5, copula=None, shares=True),
    )
    u = _uniforms(prep, np.random.default_rng(11), rows, 100_000, lhs)
    for row in u:
        assert np.histogram(row, bins=4, range=(0, 1))[0] / 100_000 == pytest.approx(
            [0.25] * 4, abs=0.01
        )
    correlation = np.corrcoef(ndtri(u))
    for i in range(rows):
        for j in range(i + 1, rows):
            expected = 0.5 if i in shared and j in shared else 0.0
            assert correlation[i, j] == pytest.approx(expected, abs=0.015)
