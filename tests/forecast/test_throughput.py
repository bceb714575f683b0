"""Throughput forecasts: hand-computed resampling cases, discrete percentiles, caps, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from steerco.errors import ProjectError
from steerco.forecast import throughput
from steerco.forecast.throughput import (
    default_max_periods,
    how_many,
    recency_weights,
    when_done,
)

RUNS = 200_000


def _within_sampling_error(share: float, expected: float, runs: int) -> bool:
    return abs(share - expected) <= 5 * math.sqrt(expected * (1 - expected) / runs)


class _Scripted:
    """A stand-in for numpy's Generator whose `integers` returns the arrays given, in turn."""

    def __init__(self, *draws: list[list[int]]) -> None:
        self.draws = [np.array(d) for d in draws]

    def integers(self, low: int, high: int, size: tuple[int, int]) -> np.ndarray:
        out = self.draws.pop(0)
        assert out.shape == size and low == 0 and np.all(out < high)
        return out


class _FinishAt:
    """A stand-in Generator for history [0, N]: run r draws N first in period `finish[r]`."""

    def __init__(self, finish: list[int]) -> None:
        self.finish = np.array(finish)
        self.active = np.arange(len(finish))
        self.elapsed = 0

    def integers(self, low: int, high: int, size: tuple[int, int]) -> np.ndarray:
        rows, columns = size
        assert rows == self.active.size
        period = self.elapsed + np.arange(1, columns + 1)
        out = (period[None, :] == self.finish[self.active, None]).astype(np.int64)
        done = self.finish[self.active] <= self.elapsed + columns
        self.active = self.active[~done]
        self.elapsed += columns
        return out


def test_how_many_of_0_or_2_per_day_over_2_days() -> None:
    # 0+0, 0+2, 2+0, 2+2: 0 items with 1/4, 2 with 1/2, 4 with 1/4. "At least c items in q%
    # of the runs": P(>= 2) = 3/4, P(>= 4) = 1/4, so P50 = P70 = 2 and P85 = P95 = 0.
    result = how_many([0, 2], 2, RUNS, np.random.default_rng(1))
    assert result.percentiles == {50: 2, 70: 2, 85: 0, 95: 0}
    assert result.mean == pytest.approx(2.0, abs=5 * math.sqrt(2 / RUNS))


def test_how_many_frequencies_match_the_hand_computed_distribution() -> None:
    result = how_many([0, 2], 2, 7, np.random.default_rng(1))
    assert result.periods == 2 and result.iterations == 7
    rng = np.random.default_rng(2)
    # The same draws by hand: the distribution of the sum of two resampled days.
    counts = np.array([0, 2])[rng.integers(0, 2, size=(RUNS, 2))].sum(axis=1)
    for value, expected in ((0, 0.25), (2, 0.5), (4, 0.25)):
        assert _within_sampling_error(float(np.mean(counts == value)), expected, RUNS)


def test_how_many_percentiles_are_the_counts_reached_in_q_percent_of_runs() -> None:
    # 20 runs of one period over history 0..19, each count drawn once: sorted 0..19.
    # P50: >= 10 in 10/20 runs; P70: >= 6 in 14/20; P85: >= 3 in 17/20; P95: >= 1 in 19/20.
    rng = _Scripted(
        [[i] for i in (7, 3, 19, 0, 12, 5, 18, 1, 9, 14, 2, 16, 4, 11, 6, 17, 8, 13, 15, 10)]
    )
    result = how_many(list(range(20)), 1, 20, rng)  # type: ignore[arg-type]
    assert result.percentiles == {50: 10, 70: 6, 85: 3, 95: 1}
    assert result.mean == pytest.approx(9.5)


def test_how_many_with_a_constant_history_is_exact() -> None:
    result = how_many([3], 4, 50, np.random.default_rng(0))
    assert result.percentiles == {50: 12, 70: 12, 85: 12, 95: 12}
    assert result.mean == 12.0
    assert how_many([3, 1], 0, 10, np.random.default_rng(0)).percentiles[50] == 0


def test_when_done_with_0_or_2_per_day_for_4_items() -> None:
    # Four items need two days of 2: the second success of p = 1/2 comes on day n with
    # probability (n - 1) / 2^n. CDF: F(4) = 11/16, F(5) = 13/16, F(6) = 57/64,
    # F(7) = 15/16, F(8) = 247/256; F(3) = 1/2 exactly, so P50 is 3 or 4 by sampling.
    result = when_done([0, 2], 4, RUNS, np.random.default_rng(4))
    assert result.percentiles[70] == 5
    assert result.percentiles[85] == 6
    assert result.percentiles[95] == 8
    assert result.percentiles[50] in {3, 4}
    assert result.unfinished == 0
    # negative binomial: mean r / p = 4, variance r (1 - p) / p^2 = 4
    assert result.mean == pytest.approx(4.0, abs=5 * 2 / math.sqrt(RUNS))


def test_when_done_frequencies_match_the_negative_binomial() -> None:
    rng = np.random.default_rng(5)
    runs = 5000
    periods = [
        when_done([0, 2], 4, 1, np.random.default_rng(seed)).percentiles[50]
        for seed in rng.integers(0, 2**31, size=runs)
    ]
    shares = np.bincount(np.array(periods, dtype=np.int64), minlength=9) / runs
    for n in range(2, 9):
        assert _within_sampling_error(float(shares[n]), (n - 1) / 2**n, runs)


def test_when_done_percentiles_are_done_within_that_many_periods_in_q_percent() -> None:
    # 20 runs finishing in 1..20 periods (history [0, 5], 5 items: the first 5 finishes).
    # P50: within 10 periods in 10/20 runs; P70: 14 in 14/20; P85: 17; P95: 19.
    finish = [13, 2, 20, 7, 1, 16, 9, 4, 18, 11, 6, 15, 3, 19, 10, 8, 14, 5, 17, 12]
    result = when_done([0, 5], 5, 20, _FinishAt(finish))  # type: ignore[arg-type]
    assert result.percentiles == {50: 10, 70: 14, 85: 17, 95: 19}
    assert result.mean == pytest.approx(10.5)
    assert result.unfinished == 0


def test_when_done_with_a_constant_history_is_exact() -> None:
    result = when_done([3], 10, 100, np.random.default_rng(0))
    assert result.percentiles == {50: 4, 70: 4, 85: 4, 95: 4}
    assert result.mean == 4.0
    assert when_done([3], 0, 10, np.random.default_rng(0)).percentiles == {
        50: 0,
        70: 0,
        85: 0,
        95: 0,
    }


def test_runs_not_done_within_the_cap_are_reported() -> None:
    # One item every third day on average: 5 items within 15 days is P(Bin(15, 1/3) >= 5)
    # = 0.596; within 14 days 0.524, within 13 days 0.448. So P50 = 14 and the rest unknown.
    runs = 100_000
    result = when_done([0, 0, 1], 5, runs, np.random.default_rng(6), max_periods=15)
    assert result.max_periods == 15
    assert result.percentiles == {50: 14, 70: None, 85: None, 95: None}
    assert result.mean is None
    assert _within_sampling_error(result.unfinished / runs, 1 - 0.5959352, runs)


def test_default_cap_covers_a_rare_large_count() -> None:
    history = np.array([0] * 999 + [1000])
    assert default_max_periods(history, 10) == 50_000
    result = when_done(history, 10, 2000, np.random.default_rng(0))
    assert result.unfinished == 0
    # a geometric wait with p = 1/1000: median ceil(ln 2 / -ln(1 - p)) = 693
    assert result.percentiles[50] == pytest.approx(693, rel=0.1)


def test_same_seed_same_forecast() -> None:
    history = [0, 1, 3, 0, 2, 5, 1]
    first = when_done(history, 30, 5000, np.random.default_rng(42))
    again = when_done(history, 30, 5000, np.random.default_rng(42))
    other = when_done(history, 30, 5000, np.random.default_rng(43))
    assert first == again
    assert first.mean != other.mean
    counts = [how_many(history, 20, 5000, np.random.default_rng(42)) for _ in range(2)]
    assert counts[0] == counts[1]


def test_custom_percentiles() -> None:
    result = how_many([0, 2], 2, RUNS, np.random.default_rng(1), percentiles=(10, 90))
    # at least 4 items in 25% of runs only, at least 0 in all
    assert result.percentiles == {10: 4, 90: 0}


def test_all_zero_history_never_finishes() -> None:
    with pytest.raises(ProjectError) as caught:
        when_done([0, 0, 0], 3, 100, np.random.default_rng(0))
    assert caught.value.code == "bad_value"
    assert "every period" in str(caught.value)
    assert how_many([0, 0], 10, 100, np.random.default_rng(0)).percentiles[50] == 0


@pytest.mark.parametrize(
    "history",
    [[], [1, -2], [1.5, 2], [[1, 2]], ["a"], [True, False]],
    ids=["empty", "negative", "fractional", "2-d", "text", "boolean"],
)
def test_bad_history_is_bad_value(history: list[object]) -> None:
    for forecast in (
        lambda: when_done(history, 3, 10, np.random.default_rng(0)),  # type: ignore[arg-type]
        lambda: how_many(history, 3, 10, np.random.default_rng(0)),  # type: ignore[arg-type]
    ):
        with pytest.raises(ProjectError) as caught:
            forecast()
        assert caught.value.code == "bad_value"


def test_bad_arguments_are_bad_value() -> None:
    rng = np.random.default_rng(0)
    for call in (
        lambda: when_done([1], -1, 10, rng),
        lambda: when_done([1], 1, 0, rng),
        lambda: how_many([1], -1, 10, rng),
        lambda: how_many([1], 1, 10, rng, percentiles=(0,)),
    ):
        with pytest.raises(ProjectError) as caught:
            call()
        assert caught.value.code == "bad_value"


def test_whole_floats_are_accepted_as_counts() -> None:
    result = how_many(np.array([2.0, 2.0]), 3, 10, np.random.default_rng(0))
    assert result.percentiles[50] == 6


# --- weights (sampling windows) -------------------------------------------------------------


def test_recency_weights_halve_every_half_life() -> None:
    # half-life 1 period: 1/4, 1/2, 1 before the normalisation by 1.75
    assert recency_weights(3, 1.0).tolist() == pytest.approx([0.25 / 1.75, 0.5 / 1.75, 1 / 1.75])
    with pytest.raises(ProjectError):
        recency_weights(3, 0.0)


def test_weighted_draws_follow_the_weights() -> None:
    # one period of 0 (weight 1) or 1 (weight 3): P(1) = 3/4
    counted = how_many([0, 1], 1, 100_000, np.random.default_rng(0), weights=[1.0, 3.0])
    assert counted.percentiles == {50: 1, 70: 1, 85: 0, 95: 0}
    assert counted.mean == pytest.approx(0.75, abs=0.01)
    only_last = when_done([1, 5], 10, 1000, np.random.default_rng(0), weights=[0.0, 1.0])
    assert set(only_last.percentiles.values()) == {2}


def test_bad_weights_are_refused() -> None:
    with pytest.raises(ProjectError, match="weights"):
        when_done([1, 2], 3, 10, np.random.default_rng(0), weights=[1.0])
    with pytest.raises(ProjectError, match="weights"):
        when_done([1, 2], 3, 10, np.random.default_rng(0), weights=[0.0, 0.0])


# --- blocks of consecutive periods (moving block bootstrap) ---------------------------------


def test_blocks_keep_their_sums_where_single_periods_do_not() -> None:
    # [2, 0, 2, 0, 2, 0], blocks of 2 started only where a 2 is (weights 1, 0, 1, 0, 1, 0):
    # every block is [2, 0], so 6 periods always hold 6; single periods drawn by the same
    # weights are always 2, so 12.
    history, weights = [2, 0, 2, 0, 2, 0], [1, 0, 1, 0, 1, 0]
    blocked = how_many(history, 6, 2000, np.random.default_rng(0), weights=weights, block=2)
    assert set(blocked.percentiles.values()) == {6} and blocked.mean == 6
    single = how_many(history, 6, 2000, np.random.default_rng(0), weights=weights)
    assert set(single.percentiles.values()) == {12}


def test_a_block_from_the_first_period_replays_the_history() -> None:
    # every block starts at period 0 (weight 1 there only) and is the whole history: runs
    # lay [3, 0, 0, 1] end to end. 4 items take 4 periods, 7 items 5 (3+0+0+1+3), 8 items 8;
    # 10 periods hold 3+0+0+1 + 3+0+0+1 + 3+0 = 11. A block longer than the history is all
    # of it.
    history, weights = [3, 0, 0, 1], [1, 0, 0, 0]
    for items, periods in ((4, 4), (7, 5), (8, 8)):
        done = when_done(history, items, 100, np.random.default_rng(0), weights=weights, block=4)
        assert set(done.percentiles.values()) == {periods}
    for block in (4, 50):
        counted = how_many(history, 10, 100, np.random.default_rng(0), weights=weights, block=block)
        assert set(counted.percentiles.values()) == {11}


def test_blocks_of_2_of_three_periods_by_hand() -> None:
    # history [1, 0, 4], blocks of 2 from starts 0, 1, 2 (1/3 each): [1, 0], [0, 4] and [4]
    # (cut short at the end, then the first period of another block: 1, 0 or 4). So 2
    # periods hold 1 (1/3), 4 (1/3 + 1/9), 5 (1/9) or 8 (1/9): at least 5 in 2/9 of the runs,
    # 4 in 2/3, 1 in all; mean 32/9. The first period of a run is a start: 1, 0, 4 alike.
    levels = (20, 40, 70, 95)
    counted = how_many([1, 0, 4], 2, RUNS, np.random.default_rng(3), percentiles=levels, block=2)
    assert counted.percentiles == {20: 5, 40: 4, 70: 1, 95: 1}
    assert counted.mean == pytest.approx(32 / 9, abs=0.03)
    one = how_many([1, 0, 4], 1, RUNS, np.random.default_rng(3), percentiles=levels, block=2)
    assert one.mean == pytest.approx(5 / 3, abs=0.02)


def test_every_period_but_the_first_few_is_drawn_as_often_in_blocks() -> None:
    # 63 days, the last week 1 a day: in blocks of 7 from uniform starts, each period is in
    # 7 starts' blocks (the first 6 in 1..6), so the last week is 49 of 420 drawn periods,
    # not left out for want of 6 more days after it.
    history = [0] * 56 + [1] * 7
    counted = how_many(history, 70, 20_000, np.random.default_rng(0), block=7)
    assert counted.mean / 70 == pytest.approx(49 / 420, rel=0.03)


def test_block_of_1_is_the_independent_draw() -> None:
    history = [0, 3, 1, 5, 2]
    for weights in (None, recency_weights(5, 2.0)):
        one = how_many(history, 9, 500, np.random.default_rng(4), weights=weights, block=1)
        plain = how_many(history, 9, 500, np.random.default_rng(4), weights=weights)
        assert one == plain


def test_a_block_below_1_is_refused() -> None:
    with pytest.raises(ProjectError, match="block") as caught:
        how_many([1, 2], 3, 10, np.random.default_rng(0), block=0)
    assert caught.value.code == "bad_value"


def test_runs_past_the_draw_budget_go_in_groups_that_draw_as_one_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One period per run at a time (a budget of 64 draws for 1,000 runs): in groups of 64
    # runs or all at once, the generator gives the same numbers in the same order.
    history = np.array([0, 3, 1, 4, 1, 5, 9, 2, 6, 5], dtype=np.int64)
    monkeypatch.setattr(throughput, "_BLOCK", 64)
    grouped, _ = throughput.periods_needed(history, 40, 1000, np.random.default_rng(3))
    counted = throughput.how_many(history, 12, 1000, np.random.default_rng(3))
    monkeypatch.setattr(throughput, "_group_rows", lambda runs, *_: runs)
    whole, _ = throughput.periods_needed(history, 40, 1000, np.random.default_rng(3))
    assert grouped.tolist() == whole.tolist()
    assert counted == throughput.how_many(history, 12, 1000, np.random.default_rng(3))


@pytest.mark.parametrize(
    ("runs", "block", "groups"), [(10_000, 7, False), (10_000, 1, False), (2_000_000, 7, True)]
)
def test_only_millions_of_runs_come_in_groups(runs: int, block: int, groups: bool) -> None:
    budget = throughput._BLOCK // (1 if block == 1 else 3)
    width = -(-max(1, budget // runs) // block) * block
    assert (throughput._group_rows(runs, width, budget, block) < runs) == groups


@pytest.mark.parametrize("block", [1, 7])
def test_runs_past_the_draw_budget_go_in_groups_with_the_same_answers(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    # 3 items every period: 40 items take 14 periods in every run, whatever the grouping.
    history = np.full(30, 3, dtype=np.int64)
    monkeypatch.setattr(throughput, "_BLOCK", 64)  # a few runs per group, not all 1,000
    needed, _ = throughput.periods_needed(history, 40, 1000, np.random.default_rng(0), block=block)
    assert needed.tolist() == [math.ceil(40 / 3)] * 1000
