"""The level factor of throughput forecasts: past errors replayed, their spread, the runs moved."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.forecast.backtest import throughput_cuts
from steerco.forecast.level import (
    LevelErrors,
    LevelPrior,
    LevelSpread,
    level_spread,
    move_counts,
    move_periods,
    past_errors,
)
from steerco.forecast.throughput import how_many, recency_weights, when_done


def test_horizon_errors_compare_the_real_items_with_the_mean_rate_before() -> None:
    # Moments s = 5..8 (5 periods at least before, s + 1 <= 9); r_s the mean of counts[:s].
    counts = np.array([2, 2, 2, 2, 2, 4, 0, 4, 0])
    errors = past_errors(counts, horizon=1)
    expected = [
        math.log(4.5 / (2 + 0.5)),  # s=5: mean 2, then 4
        math.log(0.5 / (14 / 6 + 0.5)),  # s=6: mean 14/6, then 0
        math.log(4.5 / (2 + 0.5)),  # s=7: mean 14/7, then 4
        math.log(0.5 / (18 / 8 + 0.5)),  # s=8: mean 18/8, then 0
    ]
    assert errors.errors.tolist() == pytest.approx(expected)
    assert (errors.span, errors.windows) == (1.0, 4.0)


def test_item_errors_compare_the_real_periods_with_items_over_the_rate() -> None:
    # 1 a day for 6 days, then 2 a day: 3 items after s=5 take 2 days (1 + 2), after s=6
    # and s=7 2 days (2 + 2); after s=8 (2, 2 of the 9 + 2 of the 10th) 2 days.
    counts = np.array([1] * 6 + [2] * 4)
    errors = past_errors(counts, items=3)
    rates = [1.0, 1.0, 8 / 7, 10 / 8]
    assert errors.errors.tolist() == pytest.approx([math.log(3 / r / 2) for r in rates])
    assert errors.span == 2.0 and errors.windows == 2.0


def test_errors_replay_the_window_at_each_moment() -> None:
    # The window is the last 2 periods: at s=5 the rate is (3 + 1) / 2, not the mean of all.
    counts = np.array([1, 1, 1, 3, 1, 6])
    errors = past_errors(counts, horizon=1, window=lambda past: (past[-2:], None))
    assert errors.errors.tolist() == pytest.approx([math.log(6.5 / 2.5)])
    weighted = past_errors(
        counts, horizon=1, window=lambda past: (past, recency_weights(past.size, 1.0))
    )
    rate = float(np.average(counts[:5], weights=recency_weights(5, 1.0)))
    assert weighted.errors.tolist() == pytest.approx([math.log(6.5 / (rate + 0.5))])


def test_a_window_with_no_item_is_no_forecast_and_gives_no_error() -> None:
    counts = np.array([0, 0, 0, 0, 0, 0, 2, 2])
    assert past_errors(counts, horizon=1).errors.tolist() == pytest.approx(
        [math.log(2.5 / (2 / 7 + 0.5))]  # s=5 and s=6 have a rate of 0; s=7 does not
    )


def test_the_spread_is_the_errors_variance_less_the_runs_own_pooled_with_the_prior() -> None:
    errors = LevelErrors(np.array([0.1, -0.1, 0.3, -0.3]), span=1.0)
    spread = level_spread(errors, noise=0.02, prior=LevelPrior(variance=0.09, windows=2.0))
    # V = (0.01 + 0.01 + 0.09 + 0.09) / 4 = 0.05; own 0.03; (4 x 0.03 + 2 x 0.09) / 6 = 0.05
    assert spread.total == pytest.approx(0.05)
    assert spread.sd == pytest.approx(math.sqrt(0.05))
    assert spread.applied and spread.moments == 4 and spread.windows == 4.0
    # The runs' own spread larger than the errors': only the prior is left.
    wide = level_spread(errors, noise=0.08, prior=LevelPrior(variance=0.09, windows=2.0))
    assert wide.sd == pytest.approx(math.sqrt(2 * 0.09 / 6))
    # Overlapping errors count as the windows they span: 4 errors of span 2 are 2 windows.
    spanned = level_spread(LevelErrors(errors.errors, 2.0), 0.02, LevelPrior(0.09, 2.0))
    assert spanned.sd == pytest.approx(math.sqrt((2 * 0.03 + 2 * 0.09) / 4))


def test_too_few_past_errors_leave_the_runs_as_they_are() -> None:
    errors = LevelErrors(np.array([0.5, -0.5, 0.5]), span=7.0)  # 3/7 of a window
    spread = level_spread(errors, noise=0.0)
    assert not spread.applied and spread.sd == 0.0
    done = np.array([3, 5, 8])
    rng = np.random.default_rng(0)
    assert move_counts(done, spread, rng) is done
    assert move_periods(done, 10, spread, rng) is done
    # Same draws as without a level: nothing was drawn for the factor.
    counts = np.array([1, 0, 2, 1, 3, 0, 1])
    plain = when_done(counts, 5, 500, np.random.default_rng(3), block=1)
    short = when_done(counts, 5, 500, np.random.default_rng(3), block=1, level=errors)
    assert short.percentiles == plain.percentiles
    assert short.level is not None and not short.level.applied


def _spread(sd: float) -> LevelSpread:
    return LevelSpread(moments=10, windows=10.0, total=sd**2, noise=0.0, sd=sd, applied=True)


def test_runs_move_by_their_level_factor() -> None:
    spread = _spread(0.4)
    factors = np.exp(0.4 * np.random.default_rng(7).standard_normal(4))
    done = np.array([0, 3, 10, 40])
    moved = move_counts(done, spread, np.random.default_rng(7))
    assert moved.tolist() == [math.floor(c * f + 0.5) for c, f in zip(done, factors, strict=True)]
    needed = np.array([1, 4, 9, 21])  # cap 20: the last run was not done
    periods = move_periods(needed, 20, spread, np.random.default_rng(7))
    expected = [
        min(max(1, math.floor(n / f + 0.5)), 21) for n, f in zip(needed, factors, strict=True)
    ]
    expected[-1] = 21
    assert periods.tolist() == expected


def test_a_slow_level_never_takes_a_run_past_its_cap() -> None:
    needed = np.array([5] * 1000)
    periods = move_periods(needed, 8, _spread(2.0), np.random.default_rng(1))
    assert periods.max() == 9  # past the cap: unfinished, not waiting for ever
    assert periods.min() >= 1


def test_a_steady_team_moves_little_and_a_team_of_changing_pace_much() -> None:
    rng = np.random.default_rng(2)
    steady = rng.poisson(2.0, 400).astype(np.int64)
    swings = rng.poisson(np.repeat(rng.choice([0.5, 3.0], size=29), 14)).astype(np.int64)
    no_prior = LevelPrior(0.0, 0.0)
    sd = {}
    for name, counts in (("steady", steady), ("swings", swings)):
        errors = past_errors(counts, horizon=14)
        result = how_many(counts, 14, 2000, np.random.default_rng(0), level=errors, prior=no_prior)
        assert result.level is not None
        sd[name] = result.level.sd
    assert sd["steady"] < 0.1 < 0.4 < sd["swings"]


@settings(max_examples=40, deadline=None)
@given(data=st.data(), size=st.integers(8, 40), items=st.booleans())
def test_the_level_is_built_only_from_the_history_before_the_cut(
    data: st.DataObject, size: int, items: bool
) -> None:
    # One cut of a history of 2 x size periods lies after `size` of them. Two histories
    # with the same past and different futures: the forecast (every percentile, the level
    # factor included) must be the same, since only the past may be replayed.
    counts = st.lists(st.integers(0, 6), min_size=size, max_size=size)
    past = data.draw(counts.filter(lambda c: sum(c) > 0))
    futures = [data.draw(counts.filter(lambda c: sum(c) >= 3)) for _ in range(2)]
    target = {"items": 3} if items else {"horizon": 3}
    found = [
        throughput_cuts(
            np.array(past + future, dtype=np.int64),
            1,
            iterations=200,
            rng=np.random.default_rng(0),
            level=True,
            block=2,
            **target,
        )
        for future in futures
    ]
    assert [c.known for c in found[0]] == [c.known for c in found[1]] == [size]
    assert found[0][0].percentiles == found[1][0].percentiles


@settings(max_examples=200, deadline=None)
@given(
    counts=st.lists(st.integers(0, 40), min_size=0, max_size=120),
    text=st.sampled_from(["all", "3", "12", "recent:2", "recent:7", "recent"]),
    horizon=st.integers(1, 9),
    items=st.integers(1, 30),
)
def test_the_rates_of_every_moment_at_once_are_the_windows_asked_at_each(
    counts: list[int], text: str, horizon: int, items: int
) -> None:
    # `rates_at` reads the history once; `window_at` is the window asked at each moment,
    # as the runs draw from it: the means agree, and so do the replayed errors.
    from steerco.app.history import rates_at, window_at

    history = np.array(counts, dtype=np.int64)
    window, rates = window_at(text, None), rates_at(text, None)
    expected = rates(history)
    for s in range(1, history.size + 1):
        drawn, weights = window(history[:s])
        assert expected[s] == pytest.approx(np.average(drawn, weights=weights), rel=1e-12)
    for target in ({"horizon": horizon}, {"items": items}):
        slow = past_errors(history, window=window, **target)
        fast = past_errors(history, rates=rates, **target)
        np.testing.assert_allclose(fast.errors, slow.errors, rtol=1e-12, atol=1e-12)
        assert fast.span == slow.span
