"""Backtests: cuts, their scores and the summary over cuts, on hand-checked histories."""

from __future__ import annotations

import numpy as np
import pytest

from steerco.forecast.backtest import (
    CURVE_LEVELS,
    Cut,
    estimate_cuts,
    summarise_cuts,
    throughput_cuts,
)
from steerco.forecast.calibration import HistoryRecord


def _cut(actual: float, better: str = "less") -> Cut:
    percentiles = {q: float(q) for q in CURVE_LEVELS}  # Pq = q
    return Cut("all", 0.5, 10, 5, percentiles, actual, 60.0, better)  # type: ignore[arg-type]


def test_a_cut_is_scored_against_its_percentiles_and_reference() -> None:
    cut = _cut(75.0)
    assert cut.covered
    assert [cut.no_worse(q) for q in (50, 80, 95)] == [False, True, True]
    assert cut.error == pytest.approx(25 / 75)
    assert cut.reference_error == pytest.approx(15 / 75)
    assert not _cut(95.0).covered
    # A count of items: more is better, and the band is read either way round.
    more = _cut(30.0, "more")
    assert [more.no_worse(q) for q in (20, 30, 40)] == [True, True, False]
    assert more.covered


def test_the_summary_gives_shares_of_cuts_and_mean_errors() -> None:
    summary = summarise_cuts([_cut(75.0), _cut(97.0), _cut(5.0), _cut(45.0)])
    assert summary is not None
    assert summary.cuts == 4
    assert summary.coverage == 0.5  # 75 and 45 lie within 10..90
    assert summary.hits == {50: 0.5, 80: 0.75, 95: 0.75}
    assert summary.curve[10] == 0.25 and summary.curve[90] == 0.75
    assert summary.error == pytest.approx((25 / 75 + 47 / 97 + 45 / 5 + 5 / 45) / 4)
    assert summarise_cuts([]) is None


def test_a_constant_ratio_history_forecasts_the_rest_exactly() -> None:
    # Every task took twice its estimate: the total after the cut is known exactly.
    records = [
        HistoryRecord(str(i), None, "c", float(1 + i % 3), 2.0 * (1 + i % 3)) for i in range(20)
    ]
    for model in ("ratio", "loglinear"):
        cuts = estimate_cuts(
            {"all": records}, [0.5], model=model, iterations=200, rng=np.random.default_rng(0)
        )
        (cut,) = cuts
        assert (cut.known, cut.forecast) == (10, 10)
        rest = sum(2.0 * (1 + i % 3) for i in range(10, 20))
        assert cut.actual == rest
        assert cut.reference == rest / 2
        assert cut.reference_error == pytest.approx(0.5)
        if model == "ratio":
            assert cut.percentiles[10] == cut.percentiles[90] == pytest.approx(rest)


def test_a_cut_may_fit_on_every_record_finished_before_it() -> None:
    # Project a (ann, 3x her estimates), then b: 5 tasks of bob (1x), 5 of ann (3x), then
    # a's later tasks (ann, 5x). Cut b at 50%: from b's own records ann is unknown (the
    # wide default pool); from every record older than b's 6th, ann's pool is six 3s, and
    # a's later 5s are not yet known: every draw is exactly 3 x the estimates.
    def rec(name: str, by: str, ratio: float) -> HistoryRecord:
        return HistoryRecord(name, by, None, 2.0, 2.0 * ratio, name[0])

    a = [rec(f"a{i}", "ann", 3.0) for i in range(6)]
    later = [rec(f"a{i}", "ann", 5.0) for i in range(6, 10)]
    b = [rec(f"b{i}", "bob", 1.0) for i in range(5)] + [
        rec(f"b{i}", "ann", 3.0) for i in range(5, 10)
    ]
    history = a + b + later
    rng = np.random.default_rng(0)
    (own,) = estimate_cuts({"b": b}, [0.5], model="ratio", iterations=200, rng=rng)
    assert own.percentiles[10] < own.percentiles[90]
    (older,) = estimate_cuts(
        {"b": b}, [0.5], model="ratio", iterations=200, rng=rng, history=history
    )
    assert (older.known, older.forecast, older.actual) == (5, 5, 30.0)
    assert older.percentiles[10] == older.percentiles[90] == pytest.approx(30.0)


def test_cuts_without_enough_history_or_nothing_after_are_skipped() -> None:
    records = [HistoryRecord(str(i), None, None, 1.0, 1.0) for i in range(8)]
    cuts = estimate_cuts(
        {"all": records}, [0.5, 0.7], model="ratio", iterations=10, rng=np.random.default_rng(0)
    )
    assert [c.known for c in cuts] == [5]  # 50% of 8 = 4 records: too few


def test_each_cut_is_reported_as_reached_skipped_ones_too_and_the_cuts_do_not_change() -> None:
    records = [HistoryRecord(str(i), None, None, 1.0, 1.0 + i % 3) for i in range(8)]
    groups = {"all": records, "more": records * 2}
    heard: list[tuple[int, int]] = []
    kwargs = {"model": "ratio", "iterations": 50}
    plain = estimate_cuts(groups, [0.5, 0.7], rng=np.random.default_rng(3), **kwargs)  # type: ignore[arg-type]
    told = estimate_cuts(
        groups,
        [0.5, 0.7],
        rng=np.random.default_rng(3),
        on_cut=lambda *a: heard.append(a),
        **kwargs,  # type: ignore[arg-type]
    )
    # 2 groups x 2 shares, one of them skipped (50% of 8 is too few): 4 steps, then the end.
    assert heard == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert told == plain

    counts = np.full(20, 2, dtype=np.int64)
    heard.clear()
    cuts = throughput_cuts(
        counts,
        3,
        horizon=8,
        iterations=10,
        rng=np.random.default_rng(0),
        on_cut=lambda *a: heard.append(a),
    )
    # Cut points at 5, 10 and 15; the one at 15 has too few periods after it.
    assert len(cuts) == 2
    assert heard == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_throughput_cuts_forecast_periods_until_items_and_items_in_a_horizon() -> None:
    counts = np.full(20, 2, dtype=np.int64)
    rng = np.random.default_rng(0)
    (when,) = throughput_cuts(counts, 1, items=6, iterations=100, rng=rng)
    assert (when.known, when.actual, when.reference) == (10, 3.0, 3.0)
    assert set(when.percentiles.values()) == {3.0}
    (count,) = throughput_cuts(counts, 1, horizon=4, iterations=100, rng=rng)
    assert (count.actual, count.reference, count.better) == (8.0, 8.0, "more")
    assert set(count.percentiles.values()) == {8.0}
    # Two cuts at 1/3 and 2/3 of 20 periods; the later one has only 7 periods after it.
    assert [c.known for c in throughput_cuts(counts, 2, horizon=8, iterations=10, rng=rng)] == [7]


def test_more_cuts_than_periods_cut_each_period_once() -> None:
    counts = np.full(8, 1, dtype=np.int64)
    cuts = throughput_cuts(counts, 10**12, horizon=1, iterations=10, rng=np.random.default_rng(0))
    assert [c.known for c in cuts] == [5, 6, 7]  # 1..4 have too little history before them


def _last(periods: int):  # type: ignore[no-untyped-def]
    def window(past: np.ndarray) -> tuple[np.ndarray, None]:
        return past[-periods:], None

    return window


def test_throughput_cuts_draw_from_the_window_of_the_past() -> None:
    # 10 periods of 1 then 4, and 10 more of 4: one cut, after period 10. From the last 5
    # periods every run draws 4 a period: 16 items in 4 periods, the real outcome exactly;
    # the reference stays the mean rate of all the past, 2.5 x 4 = 10.
    counts = np.array([1] * 5 + [4] * 15)
    rng = np.random.default_rng(0)
    (cut,) = throughput_cuts(counts, 1, horizon=4, iterations=100, rng=rng, window=_last(5))
    assert cut.known == 10
    assert set(cut.percentiles.values()) == {16.0}
    assert (cut.actual, cut.reference, cut.error) == (16.0, 10.0, 0.0)
    # From every period alike, P10 is below 16: fewer 4s are drawn than in reality.
    (plain,) = throughput_cuts(counts, 1, horizon=4, iterations=100, rng=rng)
    assert plain.percentiles[10] < 16.0


def test_weights_of_the_window_steer_the_draws() -> None:
    # Weight only on the last period (4 a period): 3 items in 1 period is reached at once.
    counts = np.array([1] * 5 + [4] * 15)

    def last_only(past: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        weights = np.zeros(past.size)
        weights[-1] = 1.0
        return past, weights

    rng = np.random.default_rng(0)
    (cut,) = throughput_cuts(counts, 1, items=3, iterations=50, rng=rng, window=last_only)
    assert set(cut.percentiles.values()) == {1.0}


def test_a_cut_whose_window_holds_no_item_is_skipped() -> None:
    counts = np.array([1] * 5 + [0] * 5 + [2] * 10)
    rng = np.random.default_rng(0)
    assert throughput_cuts(counts, 1, horizon=2, iterations=10, rng=rng, window=_last(5)) == []
    assert len(throughput_cuts(counts, 1, horizon=2, iterations=10, rng=rng, window=_last(6))) == 1


def test_blocks_cover_a_history_of_runs_where_single_periods_do_not() -> None:
    # A team whose pace comes in runs: fortnights at 0.5 or 3 items a day (seeded). A
    # fortnight's total is then mostly 7 or 42, and single days drawn independently give a
    # band around their mean (about 24 +- 9) that misses both; fortnights drawn whole give
    # both modes. (Seeds 0 to 3 covered 15-42% of 40 cuts day by day, 68-85% by blocks.)
    rng = np.random.default_rng(1)
    counts = rng.poisson(np.repeat(rng.choice([0.5, 3.0], size=50), 14)).astype(np.int64)
    for target in ({"horizon": 14}, {"items": 20}):
        single, blocks = (
            summarise_cuts(
                throughput_cuts(
                    counts, 40, iterations=400, rng=np.random.default_rng(0), block=b, **target
                )
            )
            for b in (1, 14)
        )
        assert single is not None and blocks is not None
        assert single.coverage <= 0.45 and blocks.coverage >= 0.65
        assert blocks.coverage - single.coverage >= 0.25


def test_a_horizon_in_which_nothing_was_done_is_scored_not_skipped() -> None:
    # 2 a day, then 40 days with none: the cuts at 40 and 60 saw 0 items in their 20 days
    counts = np.array([2] * 40 + [0] * 40 + [2] * 20, dtype=np.int64)
    cuts = throughput_cuts(counts, 4, horizon=20, iterations=200, rng=np.random.default_rng(0))
    assert [(c.known, c.actual) for c in cuts] == [(20, 40.0), (40, 0.0), (60, 0.0), (80, 40.0)]
    stalled = cuts[1]
    assert not stalled.covered  # every run drew 2 a day: 40 items, not 0
    assert np.isnan(stalled.error) and np.isnan(stalled.reference_error)
    summary = summarise_cuts(cuts)
    assert summary is not None
    assert summary.coverage == sum(c.covered for c in cuts) / 4
    scored = [cuts[0], cuts[3]]
    assert summary.error == pytest.approx(sum(c.error for c in scored) / 2)


def test_points_are_forecast_at_the_pace_of_the_records_before_the_cut() -> None:
    # 10 records at 0.5 days a point (estimators unknown: the fit on points draws from every
    # record), then 4 at 1 day a point: the reference is the last points at 0.5 a point
    records = [HistoryRecord(f"t{i}", None, None, 2.0, 1.0) for i in range(10)] + [
        HistoryRecord(f"u{i}", None, None, 3.0, 3.0) for i in range(4)
    ]
    (cut,) = estimate_cuts(
        {"all": records},
        [10 / 14],
        model="ratio",
        iterations=200,
        rng=np.random.default_rng(0),
        unit="points",
    )
    assert cut.reference == pytest.approx(4 * 3.0 * 0.5)
    assert cut.actual == 12.0
    # every past record is 0.5 a point: every draw of the 12 points is 6 days
    assert cut.percentiles[10] == pytest.approx(6.0) and cut.percentiles[90] == pytest.approx(6.0)
