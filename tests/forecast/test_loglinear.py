"""The size-dependent calibration: pooled regressions, their shrinkage, the shared factor."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from steerco.errors import ProjectError
from steerco.forecast.calibration import HistoryRecord
from steerco.forecast.loglinear import (
    DEFAULT_SIGMA,
    NU,
    PRIOR_WINDOWS,
    SHARED_PRIOR,
    TAU_ALPHA,
    LogLinearCalibration,
    PoolFit,
    _quantiles,
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
    # No residual: the spread is the prior's, NU pseudo-records against n - 2 = 2 degrees.
    assert model.root.sigma == pytest.approx(math.sqrt(NU * DEFAULT_SIGMA**2 / (2 + NU)))
    assert model.root.records == 4
    assert model.root.source == "all records"


def test_a_category_is_shrunk_towards_the_root_by_its_records_against_the_prior() -> None:
    # Root: ratios 1 and 4 at estimate 1 -> alpha = ln 2, slope 0 (one size), residuals
    # +-ln 2 with n - 2 = 0 degrees of freedom: s_0^2 = (2 ln^2 2 + NU D^2) / NU.
    # Category "a": one record of ratio 4 at the same size. With x = 0 the posterior level is
    # (sum y + k alpha_p) / (n + k), k = s_0^2 / TAU_ALPHA^2; the slope stays the root's.
    records = [_record(1, 1), _record(1, 4, kind="a")]
    model = fit_loglinear(records)
    assert model.root.alpha == pytest.approx(math.log(2))
    root_variance = (2 * math.log(2) ** 2 + NU * DEFAULT_SIGMA**2) / NU
    assert model.root.sigma == pytest.approx(math.sqrt(root_variance))
    k = root_variance / TAU_ALPHA**2
    fit = model.categories["a"]
    assert fit.alpha == pytest.approx((math.log(4) + k * math.log(2)) / (1 + k))
    assert fit.beta == pytest.approx(0.0)
    own = (math.log(4) - fit.alpha) ** 2
    assert fit.sigma == pytest.approx(math.sqrt((own + NU * root_variance) / (1 + NU)))
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


def test_a_short_or_exact_history_keeps_a_normal_shape_of_errors() -> None:
    from statistics import NormalDist

    for records in ([_record(1, 2)], [_record(e, 2 * e) for e in range(1, 40)]):
        model = fit_loglinear(records)
        n = len(records)  # no residual: the spread is the prior's, not a certainty
        expected = math.sqrt(NU * DEFAULT_SIGMA**2 / (max(n - 2, 0) + NU))
        assert model.root.sigma == pytest.approx(expected)
        assert model.shape.std() == pytest.approx(1.0)
        assert model.shape[-1] == pytest.approx(NormalDist().inv_cdf(0.9995), rel=0.01)


def test_the_shape_of_errors_is_the_historys_own() -> None:
    # Residuals -1 or +3 (one in four): standardised, the shape has just two values.
    records = [_record(1, math.exp(3.0 if i % 4 == 0 else -1.0)) for i in range(400)]
    shape = fit_loglinear(records).shape
    assert (shape.min(), shape.max()) == pytest.approx((-1 / math.sqrt(3), math.sqrt(3)), rel=1e-2)
    assert np.count_nonzero(shape > 1) == pytest.approx(250, abs=1)


def test_bad_records_and_an_empty_history_are_refused() -> None:
    with pytest.raises(ProjectError) as error:
        fit_loglinear([_record(1, 1), _record(0, 1)])
    assert error.value.diagnostics[0].path == (1, "estimate")
    with pytest.raises(ProjectError):
        fit_loglinear([])


def _with_residuals(series: list[float], spread: float = 0.0, high: float = 0.0):
    root = PoolFit("all records", len(series), 0.0, 0.0, 1.0, -high, high)
    return LogLinearCalibration(
        center=0.0,
        root=root,
        categories={},
        estimators={},
        cells={},
        shape=np.zeros(1),
        residuals=np.array(series),
        records=len(series),
        spread=spread,
    )


def test_errors_without_drift_share_the_uncertainty_of_the_level() -> None:
    # 6 residuals +1 -1 ...: s^2 = 1, N = 2 -> m = 2, origins 2, 3, 4; ahead means 0, 0, 0;
    # before means 0, 1/3, 0; d = 1/27 - 1/2 < 0 and so is the pooled drift: 0. The level
    # of 6 records adds s^2 / 6.
    model = _with_residuals([1, -1, 1, -1, 1, -1])
    assert shared_correlation(model, 2) == pytest.approx(1 / 6)


def test_the_slope_adds_its_uncertainty_at_the_tasks_weighted_size() -> None:
    # sum x^2 = 4: at x = 1, s^2 (1/6 + 1/4); past the root's estimates (1.5) it is clipped.
    model = _with_residuals([1, -1, 1, -1, 1, -1], spread=4.0, high=1.5)
    assert shared_correlation(model, 2, at=1.0) == pytest.approx(1 / 6 + 1 / 4)
    assert shared_correlation(model, 2, at=5.0) == pytest.approx(1 / 6 + 1.5**2 / 4)


def test_a_long_history_without_drift_keeps_the_prior_as_evidence_of_two_windows() -> None:
    # 300 residuals +1 -1 ..., N = 100: m = 100, origins 100..200, w = 200 / 100 = 2.
    # Ahead means are 0; before means 1/t for odd t, else 0.
    model = _with_residuals([1.0, -1.0] * 150)
    drift = sum(1 / t**2 for t in range(101, 201, 2)) / 101 - 1 / 100
    pooled = (2 * drift + PRIOR_WINDOWS * SHARED_PRIOR**2) / (2 + PRIOR_WINDOWS)
    assert shared_correlation(model, 100) == pytest.approx(pooled + 1 / 300)


def test_a_level_shift_makes_errors_move_together_up_to_the_cap() -> None:
    # -1 -1 -1 +1 +1 +1, N = 2: D = 1, 2, 1.5, mean D^2 = 29/12, d = 29/12 - 1/2 = 23/12;
    # (2 d + 3 v_0) / 5 + 1/6 > 0.95.
    model = _with_residuals([-1, -1, -1, 1, 1, 1])
    assert shared_correlation(model, 2) == pytest.approx(0.95)
    assert shared_correlation(model, 1) == 0.0  # one task shares nothing


@given(
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=300),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=50),
)
def test_the_residual_shapes_quantiles_are_numpys_linear_quantiles(
    values: list[float], probabilities: list[float]
) -> None:
    ordered, p = np.sort(np.array(values)), np.array(probabilities)
    expected = np.quantile(ordered, p)
    np.testing.assert_allclose(_quantiles(ordered, p), expected, rtol=1e-12, atol=1e-9)
