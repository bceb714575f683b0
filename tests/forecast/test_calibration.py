"""Calibration on history: ratio pools per estimator and category, fallbacks, accuracy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from steerco.errors import ProjectError
from steerco.forecast.calibration import (
    DEFAULT_POOL,
    DEFAULT_POOL_SIZE,
    HistoryRecord,
    accuracy,
    calibrate,
    pool_source,
    ratio_pool,
    resample,
)


def _record(
    estimate: float,
    actual: float,
    estimated_by: str | None = "mle1",
    category: str | None = "training",
    task: str = "t",
) -> HistoryRecord:
    return HistoryRecord(task, estimated_by, category, estimate, actual)


def test_known_ratios_give_hand_computed_accuracy() -> None:
    # ratios 1.2, 1.4, 1.5, 1.6, 1.8 on estimates of 10 days
    records = [_record(10, a) for a in (14, 12, 18, 15, 16)]
    [estimator, category] = accuracy(calibrate(records))
    assert (estimator.kind, estimator.name, estimator.count) == ("estimator", "mle1", 5)
    assert estimator.median == pytest.approx(1.5)
    # NumPy's linear percentiles: position 0.1 * 4 = 0.4 between 1.2 and 1.4; 3.6 between 1.6, 1.8
    assert estimator.p10 == pytest.approx(1.28)
    assert estimator.p90 == pytest.approx(1.72)
    assert estimator.mean == pytest.approx(1.5)
    assert estimator.within_estimate == 0.0
    assert (category.kind, category.name) == ("category", "training")
    assert category.median == pytest.approx(1.5)


def test_estimator_with_a_known_bias_has_median_ratio_near_it() -> None:
    rng = np.random.default_rng(3)
    estimates = rng.uniform(1, 20, size=4000)
    # actual = 1.5 x estimate x lognormal noise of median 1
    actuals = 1.5 * estimates * np.exp(rng.normal(0.0, 0.3, size=estimates.size))
    records = [_record(e, a, "slow") for e, a in zip(estimates, actuals, strict=True)]
    [row, _] = accuracy(calibrate(records))
    assert row.median == pytest.approx(1.5, rel=0.03)
    # P10/P90 of 1.5 * exp(N(0, 0.3)): 1.5 * exp(-+1.2816 * 0.3)
    assert row.p10 == pytest.approx(1.5 * math.exp(-1.2816 * 0.3), rel=0.04)
    assert row.p90 == pytest.approx(1.5 * math.exp(1.2816 * 0.3), rel=0.04)


def test_resampled_ratios_reproduce_the_history() -> None:
    # ratios 1.0 once, 1.5 twice, 2.0 once
    records = [_record(2, 2), _record(2, 3), _record(4, 6), _record(1, 2)]
    pool = ratio_pool(calibrate(records), "mle1", None)
    assert pool.tolist() == [1.0, 1.5, 1.5, 2.0]
    u = np.array([0.0, 0.2499, 0.25, 0.7499, 0.75, 0.9999])
    assert resample(pool, u).tolist() == [1.0, 1.0, 1.5, 1.5, 2.0, 2.0]
    draws = resample(pool, np.random.default_rng(0).random(100_000))
    values, counts = np.unique(draws, return_counts=True)
    assert values.tolist() == [1.0, 1.5, 2.0]
    for share, expected in zip(counts / draws.size, (0.25, 0.5, 0.25), strict=True):
        assert abs(share - expected) < 4 * math.sqrt(expected * (1 - expected) / draws.size)


def test_resampling_a_large_pool_keeps_its_quantiles() -> None:
    rng = np.random.default_rng(11)
    records = [_record(1.0, float(r)) for r in 1.5 * np.exp(rng.normal(0, 0.4, size=2000))]
    pool = ratio_pool(calibrate(records), "mle1", None)
    draws = resample(pool, rng.random(200_000))
    for q in (10, 50, 90):
        assert np.percentile(draws, q) == pytest.approx(np.percentile(pool, q), rel=0.02)


def test_pools_are_sorted_and_read_only() -> None:
    calibration = calibrate([_record(1, a) for a in (3, 1, 2)])
    pool = ratio_pool(calibration, "mle1", None)
    assert pool.tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError):
        pool[0] = 5.0
    with pytest.raises(ValueError):
        DEFAULT_POOL[0] = 5.0


def test_pool_falls_back_from_estimator_to_category_to_default() -> None:
    records = [
        _record(1, 2, "mle1", "training"),
        _record(1, 3, None, "labeling"),
        _record(1, 4, "de1", None),
    ]
    calibration = calibrate(records)
    assert ratio_pool(calibration, "mle1", "labeling").tolist() == [2.0]
    assert pool_source(calibration, "mle1", "labeling") == "estimator mle1"
    # an estimator without history: the category's pool
    assert ratio_pool(calibration, "newcomer", "labeling").tolist() == [3.0]
    assert pool_source(calibration, "newcomer", "labeling") == "category labeling"
    assert ratio_pool(calibration, None, "training").tolist() == [2.0]
    # neither has history: the wide default
    assert ratio_pool(calibration, "newcomer", "deployment") is DEFAULT_POOL
    assert pool_source(calibration, "newcomer", "deployment") == "default"
    assert ratio_pool(calibration, None, None) is DEFAULT_POOL
    assert pool_source(calibration, None, None) == "default"
    # estimator and category names live apart
    assert pool_source(calibration, "training", None) == "default"


def test_default_pool_is_wide_with_median_1_2() -> None:
    assert DEFAULT_POOL.size == DEFAULT_POOL_SIZE
    assert np.all(np.diff(DEFAULT_POOL) > 0)
    p10, median, p90 = np.percentile(DEFAULT_POOL, [10, 50, 90])
    assert median == pytest.approx(1.2, rel=1e-3)
    assert p10 == pytest.approx(0.6, rel=0.01)
    assert p90 == pytest.approx(2.4, rel=0.01)
    assert DEFAULT_POOL.min() > 0


def test_accuracy_lists_estimators_by_name_then_categories() -> None:
    records = [
        _record(1, 1, "zoe", "training"),
        _record(1, 1, "adam", "labeling"),
        _record(1, 1, None, None),
    ]
    calibration = calibrate(records)
    assert calibration.records == 3
    rows = [(row.kind, row.name) for row in accuracy(calibration)]
    assert rows == [
        ("estimator", "adam"),
        ("estimator", "zoe"),
        ("category", "labeling"),
        ("category", "training"),
    ]


def test_within_estimate_counts_ratios_up_to_one() -> None:
    records = [_record(4, a) for a in (2, 4, 5, 8)]
    [row, _] = accuracy(calibrate(records))
    assert row.within_estimate == 0.5


@pytest.mark.parametrize(
    ("estimate", "actual", "field"),
    [(0, 3, "estimate"), (-2, 3, "estimate"), (2, 0, "actual"), (2, -1, "actual")],
)
def test_non_positive_estimate_or_actual_is_bad_duration(
    estimate: float, actual: float, field: str
) -> None:
    records = [_record(1, 1), _record(estimate, actual)]
    with pytest.raises(ProjectError) as caught:
        calibrate(records)
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.path) == ("bad_duration", (1, field))


def test_every_bad_record_is_reported() -> None:
    records = [_record(float("nan"), 1), _record(1, 1, task=" "), _record(0, -1)]
    with pytest.raises(ProjectError) as caught:
        calibrate(records)
    found = [(d.code, d.path) for d in caught.value.diagnostics]
    assert found == [
        ("bad_duration", (0, "estimate")),
        ("missing_field", (1, "task")),
        ("bad_duration", (2, "estimate")),
        ("bad_duration", (2, "actual")),
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["dev1", "dev2", "dev11", None]),
            st.sampled_from(["build", "data", None]),
            st.floats(0.1, 50.0),
            st.floats(0.1, 50.0),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_each_pool_is_its_names_ratios_sorted(
    rows: list[tuple[str | None, str | None, float, float]],
) -> None:
    records = [HistoryRecord(f"t{i}", by, kind, e, a) for i, (by, kind, e, a) in enumerate(rows)]
    pools = calibrate(records)
    for field, pool in (("estimated_by", pools.by_estimator), ("category", pools.by_category)):
        expected: dict[str, list[float]] = {}
        for r in records:
            name = getattr(r, field)
            if name:
                expected.setdefault(name, []).append(r.actual / r.estimate)
        assert {k: v.tolist() for k, v in pool.items()} == {
            k: sorted(v) for k, v in sorted(expected.items())
        }
