"""The estimates total's level factor: replayed windows, pooling, the factor, no look-ahead."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.forecast.backtest import estimate_cuts
from steerco.forecast.calibrated import prefix_fits
from steerco.forecast.calibration import HistoryRecord
from steerco.forecast.level import LevelPrior
from steerco.forecast.total_level import (
    MIN_WINDOWS,
    TotalLevel,
    level_of,
    move_totals,
    total_level,
    window_errors,
)


def _record(i: int, category: str, estimate: float, ratio: float) -> HistoryRecord:
    return HistoryRecord(f"t{i}", None, category, estimate, estimate * ratio)


def _steady_history() -> list[HistoryRecord]:
    """17 records: category a always ratio 1, b always ratio 2; the last a overruns 3x."""
    records = [
        _record(i, "a" if i % 2 == 0 else "b", float(1 + i % 3), 1.0 if i % 2 == 0 else 2.0)
        for i in range(17)
    ]
    records[15] = _record(15, "b", 2.0, 2.0)
    records[16] = _record(16, "a", 4.0, 3.0)
    return records


def test_window_errors_by_hand() -> None:
    # t = 17, N = 4: k = min(4, (17 - 5) // 3) = 4; windows start at 13, 9, 5 (>= 5).
    # The ratio model's pools hold one ratio per category, so each replayed total is
    # exactly sum(estimate x ratio of its category): windows 5..8 and 9..12 are met
    # exactly (error 0); 13..16 expects 2x1 + 3x2... and the last a really took 3x.
    history = _steady_history()
    errors, noises, k = window_errors(
        prefix_fits(history, "ratio"), 4, rng=np.random.default_rng(0), draws=50
    )
    assert k == 4
    window = history[13:17]
    expected = sum(r.estimate * (1.0 if r.category == "a" else 2.0) for r in window)
    real = sum(r.actual for r in window)
    assert real == pytest.approx(expected + 4.0 * 2.0)  # the last a: 3x instead of 1x
    np.testing.assert_allclose(errors, [0.0, 0.0, math.log(real / expected)], atol=1e-12)
    np.testing.assert_allclose(noises, [0.0, 0.0, 0.0], atol=1e-12)


def test_level_of_pools_with_the_prior_by_hand() -> None:
    # V = var(0.1, -0.1, 0.3) = 0.08 / 3; W = 0.01; m = 3, v0 = 0.04, n0 = 3:
    # v = (3 (0.08/3 - 0.01) + 3 x 0.04) / 6 = (0.05 + 0.12) / 6.
    level = level_of(
        np.array([0.1, -0.1, 0.3]), np.full(3, 0.01), 4, LevelPrior(variance=0.04, windows=3)
    )
    assert level.applied
    assert level.total == pytest.approx(0.08 / 3)
    assert level.noise == pytest.approx(0.01)
    assert level.sd == pytest.approx(math.sqrt(0.17 / 6))


def test_level_of_takes_nothing_below_the_draws_own_spread() -> None:
    # V < W: the past errors add nothing; the prior alone remains, at weight n0 / (m + n0).
    level = level_of(np.array([0.0, 0.2]), np.full(2, 0.5), 3, LevelPrior(0.09, 2))
    assert level.sd == pytest.approx(math.sqrt(2 * 0.09 / 4))


def test_too_few_windows_leave_the_draws_as_they_are() -> None:
    level = level_of(np.array([0.3] * (MIN_WINDOWS - 1)), np.zeros(MIN_WINDOWS - 1), 4)
    assert not level.applied
    totals = np.array([1.0, 2.0, 3.0])
    assert move_totals(totals, level, np.random.default_rng(0)) is totals
    # 7 records, 4 tasks: k = min(4, (7 - 5) // 3) = 0, no window; 8 records: k = 1 and
    # the windows of one record start at 7, 6 and 5.
    history = _steady_history()
    found = total_level(prefix_fits(history[:7], "ratio"), 4, rng=np.random.default_rng(0))
    assert (found.windows, found.size, found.applied) == (0, 0, False)
    found = total_level(prefix_fits(history[:8], "ratio"), 4, rng=np.random.default_rng(0))
    assert (found.windows, found.size, found.applied) == (3, 1, True)


def test_move_totals_multiplies_each_draw_by_its_own_factor() -> None:
    level = TotalLevel(windows=3, size=4, total=0.1, noise=0.0, sd=0.3, applied=True)
    totals = np.array([10.0, 20.0, 30.0, 40.0])
    moved = move_totals(totals, level, np.random.default_rng(7))
    z = np.random.default_rng(7).standard_normal(4)
    np.testing.assert_allclose(moved, totals * np.exp(0.3 * z))


def _records(ratios: list[float]) -> list[HistoryRecord]:
    return [
        HistoryRecord(f"t{i}", "e1", None, float(1 + i % 4), float(1 + i % 4) * r)
        for i, r in enumerate(ratios)
    ]


@settings(max_examples=25, deadline=None)
@given(
    past=st.lists(st.floats(0.2, 5.0), min_size=30, max_size=40),
    after=st.lists(st.floats(0.2, 5.0), min_size=10, max_size=10),
    other=st.lists(st.floats(0.2, 5.0), min_size=10, max_size=10),
)
def test_the_history_after_the_cut_does_not_change_the_forecast(
    past: list[float], after: list[float], other: list[float]
) -> None:
    # The cut at 75%: two histories alike before it, with any actuals after it, forecast
    # the same band (the estimates after it are the tasks, so they stay alike).
    first = _records(past + after)
    second = _records(past + other)
    share = len(past) / (len(past) + 10)
    cuts = [
        estimate_cuts(
            {"all": h},
            [share],
            model="loglinear",
            iterations=200,
            rng=np.random.default_rng(3),
            level=True,
        )[0]
        for h in (first, second)
    ]
    assert cuts[0].known == len(past)
    assert cuts[0].percentiles == cuts[1].percentiles


def test_the_level_widens_the_band_and_keeps_the_median() -> None:
    # A history whose level jumps between windows: the factor is applied and the cut's
    # P10..P90 band is wider than without it, its P50 within a few percent.
    rng = np.random.default_rng(5)
    ratios = list(np.repeat(np.exp(rng.normal(0.0, 0.5, 12)), 10) * np.exp(rng.normal(0, 0.1, 120)))
    history = _records(ratios)
    level = total_level(prefix_fits(history[:100], "loglinear"), 20, rng=np.random.default_rng(0))
    assert level.applied and level.sd > 0
    fixed, past = (
        estimate_cuts(
            {"all": history},
            [100 / 120],
            model="loglinear",
            iterations=4000,
            rng=np.random.default_rng(1),
            level=flag,
        )[0].percentiles
        for flag in (False, True)
    )
    assert past[90] / past[10] > fixed[90] / fixed[10]
    assert past[50] == pytest.approx(fixed[50], rel=0.05)
