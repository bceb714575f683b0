"""The trend test: the last weeks' throughput against the weeks before (Mann-Whitney U)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

from steerco.forecast.trend import MIN_EARLIER, RECENT_BLOCKS, rate_change


def _daily(weeks: list[int]) -> np.ndarray:
    """A daily history whose week k has weeks[k] items, all on its first day."""
    days = np.zeros(7 * len(weeks), dtype=np.int64)
    days[::7] = weeks
    return days


def test_a_team_that_tripled_its_pace_is_flagged() -> None:
    counts = _daily([7] * 10 + [21] * 6)
    change = rate_change(counts, block_periods=7)
    assert change is not None
    # recent ranks 11..16: R1 = 81, U = 81 - 21 = 60, mu = 30; ties of 10 and 6:
    # sigma^2 = 60/12 * (17 - (990 + 210) / 240) = 60; z = 29.5 / sqrt(60)
    expected = math.erfc(29.5 / math.sqrt(60) / math.sqrt(2))
    assert change.p_value == pytest.approx(expected, rel=1e-12)
    assert change.p_value == pytest.approx(
        mannwhitneyu([21] * 6, [7] * 10, method="asymptotic").pvalue, rel=1e-12
    )
    assert change.changed
    assert (change.recent_rate, change.earlier_rate, change.ratio) == (3.0, 1.0, 3.0)
    assert (change.recent_blocks, change.earlier_blocks, change.block_periods) == (6, 10, 7)


def test_a_steady_team_with_ups_and_downs_is_not_flagged() -> None:
    weeks = [5, 9, 6, 8, 7, 5, 9, 6, 8, 7, 9, 5, 8, 6, 7, 7]
    change = rate_change(_daily(weeks), block_periods=7)
    assert change is not None
    assert change.p_value == pytest.approx(
        mannwhitneyu(weeks[-6:], weeks[:-6], method="asymptotic").pvalue, rel=1e-12
    )
    assert change.p_value > 0.5
    assert not change.changed


def test_every_week_the_same_is_no_evidence_of_change() -> None:
    change = rate_change(np.full(12, 3), block_periods=1)
    assert change is not None
    assert (change.p_value, change.changed) == (1.0, False)


def test_a_slowdown_is_flagged_too_and_a_leading_part_week_is_left_out() -> None:
    # 3 stray days, then 10 weeks of 14 and 6 weeks of 2
    counts = np.concatenate([np.full(3, 50), _daily([14] * 10 + [2] * 6)])
    change = rate_change(counts, block_periods=7)
    assert change is not None
    assert change.changed
    assert change.earlier_rate == 2.0  # the 50s of the part week are not counted
    assert change.ratio == pytest.approx(1 / 7)


def test_too_short_a_history_has_no_test() -> None:
    assert rate_change(np.ones(RECENT_BLOCKS + MIN_EARLIER - 1), block_periods=1) is None
    assert rate_change(np.ones(RECENT_BLOCKS + MIN_EARLIER), block_periods=1) is not None
