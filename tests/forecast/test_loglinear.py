"""The size-dependent calibration: pooled regressions, their shrinkage, the shared factor."""

from __future__ import annotations

import math

import numpy as np
import pytest

from steerco.errors import ProjectError
from steerco.forecast.calibration import HistoryRecord
from steerco.forecast.loglinear import (
    NU,
    SHARED_FLOOR,
    TAU_ALPHA,
    LogLinearCalibration,
    PoolFit,
    fit_loglinear,
    pool_fit,
    shared_correlation,
)


def _record(estimate: float, actual: float, by: str | None = None, kind: str | None = None):
    return HistoryRecord("t", by, kind, estimate, actual)


def test_the_root_is_the_least_squares_line_of_log_ratio_on_centred_log_estimate() -> None:
    # actual = 2 * e^0.5: ln(a/e) = ln 2 - 0.5 ln e; the centre c = mean(ln e) = 1.5 ln 2.
    model = fit_loglinear([_record(e, 2 * e**0.5) for e in (1, 2, 4, 8)])
    assert model.center == pytest.approx(1.5 * math.log(2))
    assert model.root.beta == pytest.approx(-0.5)
    assert model.root.alpha == pytest.approx(math.log(2) - 0.5 * 1.5 * math.log(2))
    assert model.root.sigma == pytest.approx(0.0, abs=1e-12)
    assert model.root.records == 4
    assert model.root.source == "all records"


def test_a_category_is_shrunk_towards_the_root_by_its_records_against_the_prior() -> None:
    # Root: ratios 1 and 4 at estimate 1 -> alpha = ln 2, sigma = ln 2, slope 0 (one size).
    # Category "a": one record of ratio 4 at the same size. With x = 0 the posterior level is
    # (sum y + k alpha_p) / (n + k), k = sigma_p^2 / TAU_ALPHA^2; the slope stays the root's.
    records = [_record(1, 1), _record(1, 4, kind="a")]
    model = fit_loglinear(records)
    assert model.root.alpha == pytest.approx(math.log(2))
    assert model.root.sigma == pytest.approx(math.log(2))
    k = math.log(2) ** 2 / TAU_ALPHA**2
    fit = model.categories["a"]
    assert fit.alpha == pytest.approx((math.log(4) + k * math.log(2)) / (1 + k))
    assert fit.beta == pytest.approx(0.0)
    own = (math.log(4) - fit.alpha) ** 2
    assert fit.sigma == pytest.approx(math.sqrt((own + NU * math.log(2) ** 2) / (1 + NU)))
    assert (fit.source, fit.records) == ("category a", 1)


def test_many_records_pull_a_pool_to_its_own_level() -> None:
    records = [_record(1, 1, kind="b") for _ in range(50)] + [
        _record(1, 3, kind="a") for _ in range(2000)
    ]
    model = fit_loglinear(records)
    assert math.exp(model.categories["a"].alpha) == pytest.approx(3.0, rel=1e-3)
    assert math.exp(model.categories["b"].alpha) < 1.5  # 50 records, pulled little towards 3


def test_the_pool_of_a_task_is_its_estimator_in_its_category_then_category_then_estimator() -> None:
    records = [
        _record(1, 2, "ann", "labeling"),
        _record(2, 3, "ann", "training"),
        _record(1, 1, "bob", "labeling"),
    ]
    model = fit_loglinear(records)
    assert pool_fit(model, "ann", "labeling").source == "estimator ann in category labeling"
    assert pool_fit(model, "cid", "labeling").source == "category labeling"
    assert pool_fit(model, "bob", "training").source == "category training"
    assert pool_fit(model, "ann", "eval").source == "estimator ann"
    assert pool_fit(model, "ann", "eval").records == 2
    assert pool_fit(model, None, None).source == "all records"


def test_the_slope_is_not_extrapolated_past_the_pools_estimates() -> None:
    fit = PoolFit("all records", 3, alpha=0.1, beta=-0.5, sigma=0.2, low=-1.0, high=2.0)
    got = fit.location(np.array([-3.0, 0.0, 5.0]))
    assert got.tolist() == pytest.approx([0.1 + 0.5, 0.1, 0.1 - 1.0])


def test_bad_records_and_an_empty_history_are_refused() -> None:
    with pytest.raises(ProjectError) as error:
        fit_loglinear([_record(1, 1), _record(0, 1)])
    assert error.value.diagnostics[0].path == (1, "estimate")
    with pytest.raises(ProjectError):
        fit_loglinear([])


def _with_residuals(series: list[float]) -> LogLinearCalibration:
    root = PoolFit("all records", len(series), 0.0, 0.0, 1.0, 0.0, 0.0)
    return LogLinearCalibration(
        center=0.0,
        root=root,
        categories={},
        estimators={},
        cells={},
        shape=np.zeros(1),
        residuals=np.array(series),
        records=len(series),
    )


def test_errors_without_drift_share_the_uncertainty_of_a_level_from_n_records() -> None:
    # 6 residuals +1 -1 ...: s^2 = 1, N = 2 -> m = 2, origins 2, 3, 4; ahead means 0, 0, 0;
    # before means 0, 1/3, 0; mean D^2 = 1/27 < s^2/N: the level term s^2/n = 1/6 wins.
    model = _with_residuals([1, -1, 1, -1, 1, -1])
    assert shared_correlation(model, 2) == pytest.approx(1 / 6)


def test_a_long_history_without_drift_keeps_the_shared_floor() -> None:
    model = _with_residuals([1.0, -1.0] * 150)
    assert shared_correlation(model, 100) == pytest.approx(SHARED_FLOOR**2)


def test_a_level_shift_makes_errors_move_together_up_to_the_cap() -> None:
    # -1 -1 -1 +1 +1 +1, N = 2: D = 1, 2, 1.5, mean D^2 = 29/12; (29/12 - 1/2) / 1 > 0.95.
    model = _with_residuals([-1, -1, -1, 1, 1, 1])
    assert shared_correlation(model, 2) == pytest.approx(0.95)
    assert shared_correlation(model, 1) == 0.0  # one task shares nothing
