"""Calibrated tasks under both models, and the totals the backtests draw."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest

from steerco.forecast.calibrated import calibrate_tasks, fit_model, sample_totals, share_factor
from steerco.forecast.calibration import DEFAULT_POOL, HistoryRecord, calibrate
from steerco.forecast.loglinear import LogLinearCalibration, fit_loglinear, shared_correlation


def _records() -> list[HistoryRecord]:
    return [
        HistoryRecord("a", "ann", "labeling", 1.0, 2.0),
        HistoryRecord("b", "ann", "labeling", 2.0, 3.0),
        HistoryRecord("c", None, "training", 4.0, 4.0),
        HistoryRecord("d", None, "training", 8.0, 6.0),
    ]


def test_fit_model_names_the_model() -> None:
    assert isinstance(fit_model(_records(), "loglinear"), LogLinearCalibration)
    ratio = fit_model(_records(), "ratio")
    assert not isinstance(ratio, LogLinearCalibration)
    assert ratio.by_category["training"].tolist() == [0.75, 1.0]


def test_the_ratio_model_keeps_the_estimate_and_draws_from_the_pools_independently() -> None:
    tasks = calibrate_tasks(calibrate(_records()), ["ann", None], ["x", "nobody"], [3.0, 5.0])
    assert tasks.likely.tolist() == [3.0, 5.0]
    assert tasks.pools[tasks.pool[0]].tolist() == [1.5, 2.0]
    assert tasks.pools[tasks.pool[1]] is DEFAULT_POOL
    assert tasks.sources == ("estimator ann", "default")
    assert tasks.records.tolist() == [2, 0]
    assert tasks.correlation == 0.0


def test_the_loglinear_model_moves_the_estimate_to_the_pools_median_at_its_size() -> None:
    model = fit_loglinear(_records())
    tasks = calibrate_tasks(model, ["ann", None, None], ["labeling", "training", None], [2, 4, 4])
    for i, fit in enumerate(
        [model.cells[("ann", "labeling")], model.categories["training"], model.root]
    ):
        x = math.log(tasks.likely[i] / [2, 4, 4][i])
        expected = fit.alpha + fit.beta * min(
            max(math.log([2, 4, 4][i]) - model.center, fit.low), fit.high
        )
        assert x == pytest.approx(expected)
        assert tasks.pools[tasks.pool[i]].tolist() == pytest.approx(
            np.exp(fit.sigma * model.shape).tolist()
        )
        assert tasks.sources[i] == fit.source
        assert tasks.records[i] == fit.records
    assert tasks.sources[0] == "estimator ann in category labeling"
    x = np.log([2.0, 4.0, 4.0]) - model.center
    at = float(tasks.likely @ x / tasks.likely.sum())  # the likely-weighted size
    assert tasks.correlation == pytest.approx(shared_correlation(model, 3, at))


def test_totals_sum_each_tasks_likely_value_times_its_ratio() -> None:
    # One ratio per pool: every draw is exactly 2 * 3 + 0.5 * 4 = 8.
    records = [HistoryRecord("a", "ann", None, 1, 2), HistoryRecord("b", "bob", None, 2, 1)]
    tasks = calibrate_tasks(calibrate(records), ["ann", "bob"], [None, None], [3.0, 4.0])
    totals = sample_totals(tasks, 50, np.random.default_rng(0))
    assert totals.tolist() == [8.0] * 50


def test_totals_pair_each_task_with_its_own_pool_whatever_the_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Pools out of order and tasks of different sizes, in blocks of 2 iterations: each
    # estimator's one ratio (cy 3, bob 0.5, ann 2) times its own tasks' estimates.
    records = [
        HistoryRecord("a", "ann", None, 1, 2),
        HistoryRecord("b", "bob", None, 2, 1),
        HistoryRecord("c", "cy", None, 1, 3),
    ]
    by = ["cy", "bob", "ann", "bob", "cy"]
    sizes = [1.0, 2.0, 3.0, 5.0, 7.0]
    tasks = calibrate_tasks(calibrate(records), by, [None] * 5, sizes)
    monkeypatch.setattr(importlib.import_module("steerco.forecast.calibrated"), "_BLOCK", 10)
    totals = sample_totals(tasks, 7, np.random.default_rng(0))
    ratio = {"ann": 2.0, "bob": 0.5, "cy": 3.0}
    expected = sum(size * ratio[name] for name, size in zip(by, sizes, strict=True))
    assert totals.tolist() == pytest.approx([expected] * 7)


def test_a_shared_factor_widens_the_total_and_keeps_each_tasks_draws() -> None:
    model = fit_loglinear([HistoryRecord(str(i), None, None, 1.0, 1.5**i) for i in range(-5, 6)])
    tasks = calibrate_tasks(model, [None] * 200, [None] * 200, [1.0] * 200)
    assert tasks.correlation > 0
    rng = np.random.default_rng(1)
    shared = sample_totals(tasks, 4000, rng)
    independent = sample_totals(
        type(tasks)(tasks.likely, tasks.pool, tasks.pools, tasks.sources, tasks.records, 0.0),
        4000,
        rng,
    )
    assert shared.mean() == pytest.approx(independent.mean(), rel=0.05)
    assert shared.std() > 3 * independent.std()


def test_a_shared_factor_keeps_the_marginals_and_correlates_the_normal_scores() -> None:
    from scipy.special import ndtri

    rng = np.random.default_rng(3)
    u = rng.random((2, 200_000))
    shared = share_factor(u, 0.36, rng.standard_normal(200_000))
    assert np.histogram(shared[0], bins=4, range=(0, 1))[0] / 200_000 == pytest.approx(
        [0.25] * 4, abs=0.01
    )
    z = ndtri(shared)
    assert np.corrcoef(z)[0, 1] == pytest.approx(0.36, abs=0.01)
    assert share_factor(u, 0.0, np.zeros(200_000)) == pytest.approx(u)
