"""Learning-curve outlook: fitted final values, calibrated P(met), degenerate inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from steerco.forecast.learning_curve import MAX_FIT_POINTS, CurveOutlook, curve_outlook
from synthetic_curves import exponential, power_law, reliability, synthetic_run

pytestmark = pytest.mark.filterwarnings("error")

FINAL = 50_000.0


def _outlook(
    steps: object,
    values: object,
    *,
    final_step: float = FINAL,
    threshold: float = 0.5,
    op: str = ">=",
    seed: int = 0,
    resamples: int = 400,
) -> CurveOutlook | None:
    return curve_outlook(
        steps,  # type: ignore[arg-type]
        values,  # type: ignore[arg-type]
        final_step=final_step,
        threshold=threshold,
        op=op,  # type: ignore[arg-type]
        rng=np.random.default_rng(seed),
        resamples=resamples,
    )


def _known(family: str, v: np.ndarray) -> np.ndarray:
    if family == "power law":
        return power_law(v, 0.05, 0.8)
    if family == "exponential":
        return exponential(v, 0.25)
    return 0.2 + 0.1 * np.log(v)


# --- the fitted final value against the known curve -------------------------------------------


@pytest.mark.parametrize("family", ["power law", "exponential", "log-linear"])
def test_noiseless_curve_predicts_its_final_value(family: str) -> None:
    v = np.arange(1, 61) / 100  # 60% of training logged, every 1%
    outlook = _outlook(v * FINAL, _known(family, v))
    truth = float(_known(family, np.array([1.0]))[0])
    assert outlook is not None
    assert outlook.family == family
    assert outlook.predicted == pytest.approx(truth, abs=2e-3)
    assert outlook.low - 2e-3 <= truth <= outlook.high + 2e-3
    assert outlook.points == 60
    assert outlook.final_step == FINAL


@pytest.mark.parametrize("family", ["power law", "exponential", "log-linear"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mildly_noisy_curve_brackets_its_final_value(family: str, seed: int) -> None:
    v = np.arange(1, 61) / 100
    noise = np.random.default_rng(seed).normal(0.0, 0.01, v.size)  # 1% of the rise
    outlook = _outlook(v * FINAL, _known(family, v) + noise, seed=seed)
    truth = float(_known(family, np.array([1.0]))[0])
    assert outlook is not None
    assert outlook.low <= truth <= outlook.high
    assert outlook.predicted == pytest.approx(truth, abs=0.03)
    assert outlook.high - outlook.low < 0.15


def test_the_interval_holds_the_noise_of_the_final_value() -> None:
    # A flat-out curve: all that is left is the noise of the one value logged at the end,
    # SD 0.05, so P10..P90 spans about 2 x 1.28 x 0.05.
    v = np.arange(1, 201) / 250
    values = exponential(v, 0.02) + np.random.default_rng(4).normal(0.0, 0.05, v.size)
    outlook = _outlook(v * FINAL, values)
    assert outlook is not None
    assert outlook.high - outlook.low == pytest.approx(2 * 1.2816 * 0.05, rel=0.2)


def test_p_met_follows_the_threshold() -> None:
    v = np.arange(1, 61) / 100
    values = _known("exponential", v) + np.random.default_rng(5).normal(0.0, 0.01, v.size)
    truth = float(_known("exponential", np.array([1.0]))[0])
    below, at, above = (
        _outlook(v * FINAL, values, threshold=truth + shift) for shift in (-0.1, 0.0, 0.1)
    )
    assert below is not None and at is not None and above is not None
    assert below.p_met > 0.97
    assert 0.2 < at.p_met < 0.8
    assert above.p_met < 0.03


def test_decreasing_loss_is_fitted_on_its_own_sign() -> None:
    v = np.arange(1, 61) / 100
    loss = 2.0 + 3.0 * np.exp(-v / 0.2) + np.random.default_rng(6).normal(0.0, 0.02, v.size)
    truth = 2.0 + 3.0 * math.exp(-5.0)
    outlook = _outlook(v * FINAL, loss, threshold=2.2, op="<=")
    assert outlook is not None
    assert outlook.low <= truth <= outlook.high
    assert outlook.p_met > 0.95
    worse = _outlook(v * FINAL, loss, threshold=2.2, op=">=")
    assert worse is not None
    assert worse.p_met < 0.05


def test_held_out_fit_tells_power_law_from_exponential() -> None:
    # The power law keeps rising where an exponential has flattened: the later points decide.
    v = np.arange(1, 81) / 100
    power = _outlook(v * FINAL, power_law(v, 0.01, 0.4))
    exp = _outlook(v * FINAL, exponential(v, 0.1))
    assert power is not None and exp is not None
    assert power.family == "power law"
    assert exp.family == "exponential"


def test_same_seed_same_outlook() -> None:
    run = synthetic_run(np.random.default_rng(7))
    first, second = (
        _outlook(run.steps, run.values, final_step=run.final_step, threshold=run.threshold)
        for _ in range(2)
    )
    assert first == second


# --- calibration ----------------------------------------------------------------------------

CURVES = 1200


@pytest.mark.slow
def test_p_met_is_calibrated_on_synthetic_runs() -> None:
    """Of the runs whose outlook says P = 0.7..0.9, about 80% reach the threshold.

    1,200 seeded runs (power law or exponential, rising or falling, noise 0.5% to 5% of the
    rise, cut at 20% to 80% of training, the threshold around the true final value); a run
    meets its gate when the value it logs at final_step (the curve plus one draw of its noise)
    meets the threshold. The bin's tolerance is three binomial standard errors.
    """
    rng = np.random.default_rng(2026)
    p, met, current = [], [], []
    for index in range(CURVES):
        run = synthetic_run(rng)
        outlook = curve_outlook(
            run.steps,
            run.values,
            final_step=run.final_step,
            threshold=run.threshold,
            op=run.op,
            rng=np.random.default_rng(index),
            resamples=200,
        )
        assert outlook is not None
        p.append(outlook.p_met)
        met.append(run.met)
        last = run.values[-1]
        current.append(last >= run.threshold if run.op == ">=" else last <= run.threshold)
    probability, outcome = np.array(p), np.array(met)
    around = (probability >= 0.7) & (probability <= 0.9)
    count = int(around.sum())
    assert count >= 100
    error = math.sqrt(0.8 * 0.2 / count)
    assert abs(outcome[around].mean() - probability[around].mean()) <= 3 * error
    bins = reliability(probability, outcome, np.linspace(0.0, 1.0, 11))
    gap = sum(b.count * abs(b.mean_p - b.observed) for b in bins) / CURVES
    assert gap < 0.06
    brier = float(np.mean((probability - outcome) ** 2))
    constant = float(np.mean((outcome.mean() - outcome) ** 2))
    naive = float(np.mean((np.array(current, dtype=float) - outcome) ** 2))
    assert brier < 0.7 * constant
    assert brier < 0.5 * naive


# --- degenerate inputs ----------------------------------------------------------------------


def test_constant_values_give_none() -> None:
    assert _outlook(range(1, 11), [0.7] * 10) is None


def test_too_few_points_give_none() -> None:
    assert _outlook([1, 2], [0.1, 0.2]) is None
    assert _outlook([1, 2, 3, 4], [0.1, 0.2, 0.25, 0.28]) is None
    assert _outlook([], []) is None


def test_nans_are_dropped_and_too_few_finite_points_give_none() -> None:
    v = np.arange(1, 31) / 50
    values = _known("exponential", v)
    holed = values.copy()
    holed[::3] = np.nan
    outlook = _outlook(v * FINAL, holed)
    assert outlook is not None
    assert outlook.points == 20
    assert outlook.predicted == pytest.approx(
        float(_known("exponential", np.array([1.0]))[0]), abs=0.01
    )
    mostly_nan = np.full(30, np.nan)
    mostly_nan[:4] = values[:4]
    assert _outlook(v * FINAL, mostly_nan) is None
    steps = v * FINAL
    steps[5] = np.inf
    assert _outlook(steps, values) is not None
    assert _outlook(v * FINAL, values, threshold=math.nan) is None


def test_final_step_not_beyond_the_last_point_gives_none() -> None:
    v = np.arange(1, 31) / 50
    values = _known("power law", v)
    assert _outlook(v * FINAL, values, final_step=v[-1] * FINAL) is None
    assert _outlook(v * FINAL, values, final_step=v[10] * FINAL) is None
    assert _outlook(v * FINAL, values, final_step=math.inf) is None


def test_huge_steps_scale_away() -> None:
    v = np.arange(1, 61) / 100
    values = _known("power law", v) + np.random.default_rng(8).normal(0.0, 0.01, v.size)
    small = _outlook(v * 100.0, values, final_step=100.0)
    huge = _outlook(v * 1e15, values, final_step=1e15)
    assert small is not None and huge is not None
    assert huge.predicted == pytest.approx(small.predicted, abs=1e-6)
    assert huge.p_met == pytest.approx(small.p_met, abs=0.01)


def test_unsorted_and_repeated_steps_keep_the_last_value_of_a_step() -> None:
    v = np.arange(1, 41) / 100
    values = _known("exponential", v)
    steps = np.append(v * FINAL, v[10] * FINAL)
    repeated = np.append(values, values[10])  # a restart logged step 10 again, same value
    order = np.random.default_rng(9).permutation(len(steps))
    outlook = _outlook(steps[order], repeated[order])
    reference = _outlook(v * FINAL, values)
    assert outlook is not None and reference is not None
    assert outlook.points == 40
    assert outlook.predicted == pytest.approx(reference.predicted, abs=1e-9)


def test_steps_from_zero_and_negative_steps() -> None:
    v = np.arange(0, 41) / 100
    values = _known("exponential", v)
    outlook = _outlook(np.append(-5.0, v * FINAL), np.append(9.0, values))
    assert outlook is not None
    assert outlook.points == 41


def test_long_runs_are_thinned() -> None:
    v = np.arange(1, 5001) / 10_000
    values = _known("power law", v) + np.random.default_rng(10).normal(0.0, 0.01, v.size)
    outlook = _outlook(v * FINAL, values, resamples=100)
    assert outlook is not None
    assert outlook.points == MAX_FIT_POINTS
    assert f"{MAX_FIT_POINTS} of 5000" in outlook.note


def test_equality_gate_has_no_chance_on_a_continuous_metric() -> None:
    v = np.arange(1, 31) / 50
    values = _known("exponential", v) + np.random.default_rng(11).normal(0.0, 0.01, v.size)
    outlook = _outlook(v * FINAL, values, threshold=0.8, op="==")
    assert outlook is not None
    assert outlook.p_met == 0.0


def test_pure_noise_gives_a_sane_outlook() -> None:
    values = np.random.default_rng(12).normal(0.5, 0.1, 50)
    outlook = _outlook(np.arange(1, 51), values, final_step=100, threshold=0.5)
    assert outlook is not None
    assert outlook.low < 0.5 < outlook.high
    assert 0.1 < outlook.p_met < 0.9


def test_values_too_large_to_average_give_none() -> None:
    assert _outlook(range(1, 11), [1e308 * (-1) ** i for i in range(10)]) is None


def test_a_single_outlier_does_not_crash() -> None:
    v = np.arange(1, 31) / 50
    values = _known("power law", v)
    values[7] = 1e12
    outlook = _outlook(v * FINAL, values)
    assert outlook is None or all(
        math.isfinite(x) for x in (outlook.predicted, outlook.low, outlook.high, outlook.p_met)
    )
