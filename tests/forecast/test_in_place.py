"""The forecast's in-place steps give the numbers of their copying forms (issue 22, speed)."""

from __future__ import annotations

import numpy as np

from steerco.forecast.calibrated import share_factor
from steerco.forecast.engine import _cap_rows


def test_the_shared_factor_into_its_own_uniforms_is_the_same_numbers() -> None:
    rng = np.random.default_rng(5)
    u = rng.random((3, 1000))
    common = rng.standard_normal(1000)
    copied = share_factor(u, 0.25, common)
    assert not np.shares_memory(copied, u)
    same = u.copy()
    result = share_factor(same, 0.25, common, out=same)
    assert result is same
    np.testing.assert_array_equal(result, copied)


def test_caps_cut_every_row_or_some_rows_in_place_and_count_the_cuts() -> None:
    values = np.array([[1.0, 5.0, 9.0], [2.0, 2.0, 2.0], [7.0, 0.5, 8.0]])
    every = values.copy()
    # caps 4, 2 and 7.5: 5 and 9 cut in row 0, none in row 1 (2 is not over 2), 8 in row 2
    assert _cap_rows(every, np.array([0, 1, 2]), np.array([4.0, 2.0, 7.5])) == 3
    np.testing.assert_array_equal(every, [[1, 4, 4], [2, 2, 2], [7, 0.5, 7.5]])
    some = values.copy()
    assert _cap_rows(some, np.array([0, 2]), np.array([4.0, 7.5])) == 3
    np.testing.assert_array_equal(some, every)
    untouched = values.copy()
    assert _cap_rows(untouched, np.array([1]), np.array([3.0])) == 0
    np.testing.assert_array_equal(untouched, values)
