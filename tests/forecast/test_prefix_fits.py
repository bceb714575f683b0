"""Fits of a history's prefixes, and the pooled fit against a plain per-pool reference."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.forecast.calibrated import MODELS, ModelName, fit_model, prefix_fits
from steerco.forecast.calibration import Calibration, HistoryRecord
from steerco.forecast.loglinear import (
    NU,
    TAU_ALPHA,
    TAU_BETA,
    LogLinearCalibration,
    PoolFit,
    fit_loglinear,
)

_records = st.lists(
    st.tuples(
        st.sampled_from([None, "", "e1", "e2", "e3", "e4"]),
        st.sampled_from([None, "a", "b", "c"]),
        st.floats(0.1, 40.0),
        st.floats(0.05, 9.0),
    ),
    min_size=1,
    max_size=80,
)


def _history(rows: list[tuple[str | None, str | None, float, float]]) -> list[HistoryRecord]:
    return [HistoryRecord(f"t{i}", by, kind, e, e * r) for i, (by, kind, e, r) in enumerate(rows)]


def _same(a: object, b: object) -> None:
    if isinstance(a, LogLinearCalibration) and isinstance(b, LogLinearCalibration):
        assert (a.center, a.root, a.records, a.spread) == (b.center, b.root, b.records, b.spread)
        for mine, theirs in ((a.categories, b.categories), (a.estimators, b.estimators)):
            assert list(mine.items()) == list(theirs.items())
        assert list(a.cells.items()) == list(b.cells.items())
        np.testing.assert_array_equal(a.shape, b.shape)
        np.testing.assert_array_equal(a.residuals, b.residuals)
        return
    assert isinstance(a, Calibration) and isinstance(b, Calibration)
    assert type(a) is type(b) and a.records == b.records
    for mine, theirs in ((a.by_estimator, b.by_estimator), (a.by_category, b.by_category)):
        assert list(mine) == list(theirs)
        for name in mine:
            np.testing.assert_array_equal(mine[name], theirs[name])


@settings(max_examples=60, deadline=None)
@given(rows=_records, model=st.sampled_from(MODELS), unit=st.sampled_from(["time", "points"]))
def test_a_prefix_fit_is_the_fit_of_the_first_records(
    rows: list[tuple[str | None, str | None, float, float]], model: ModelName, unit: str
) -> None:
    # Names that only appear after the prefix have no pool in its fit, as fit_model says.
    history = _history(rows)
    fits = prefix_fits(history, model, unit="points" if unit == "points" else "time")
    for end in sorted({1, len(history) // 3, len(history) // 2, len(history)}):
        if end < 1:
            continue
        expected = fit_model(history[:end], model, unit="points" if unit == "points" else "time")
        _same(fits.fit(end), expected)
        assert isinstance(expected, LogLinearCalibration) == (model == "loglinear")
    _same(fits.fit(), fit_model(history, model, unit="points" if unit == "points" else "time"))


def _plain_child(
    x: np.ndarray, y: np.ndarray, parent: PoolFit, tau_alpha: float, source: str
) -> PoolFit:
    """The posterior mean by the textbook formula, solved per pool with numpy.linalg."""
    variance = parent.sigma**2
    gram = np.array([[x.size, x.sum()], [x.sum(), x @ x]])
    moment = np.array([y.sum(), x @ y])
    precision = np.diag([variance / tau_alpha**2, variance / TAU_BETA**2])
    alpha, beta = np.linalg.solve(
        gram + precision, moment + precision @ np.array([parent.alpha, parent.beta])
    )
    residual = y - alpha - beta * x
    sigma = math.sqrt((float(residual @ residual) + NU * variance) / (x.size + NU))
    return PoolFit(source, x.size, alpha, beta, sigma, float(x.min()), float(x.max()))


def _plain_tau(groups: list[tuple[np.ndarray, np.ndarray]], parent: PoolFit) -> float:
    means, noise = [], []
    for x, y in groups:
        if x.size >= 10:
            residual = y - parent.alpha - parent.beta * x
            means.append(residual.mean())
            noise.append(residual.var(ddof=1) / x.size)
    if len(means) < 3:
        return TAU_ALPHA
    return math.sqrt(max(float(np.var(means, ddof=1) - np.mean(noise)), 0.05**2))


def _close(found: PoolFit, expected: PoolFit) -> None:
    assert (found.source, found.records, found.low, found.high) == (
        expected.source,
        expected.records,
        expected.low,
        expected.high,
    )
    for name in ("alpha", "beta", "sigma"):
        assert getattr(found, name) == pytest.approx(getattr(expected, name), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_pooled_fit_matches_a_plain_fit_per_pool(seed: int) -> None:
    # Categories and estimators shrink towards the root, cells towards their category,
    # each tau_alpha from its siblings: computed here pool by pool, the plain way.
    rng = np.random.default_rng(seed)
    size = 600
    people = [f"e{i}" for i in range(6)]
    kinds = ["a", "b", "c", "d"]
    history = [
        HistoryRecord(
            f"t{i}",
            people[int(rng.integers(6))] if rng.random() > 0.05 else None,
            kinds[int(rng.integers(4))] if rng.random() > 0.05 else None,
            float(np.exp(rng.normal(1.0, 0.8))),
            float(np.exp(rng.normal(1.0, 0.8) + rng.normal(0.1, 0.4))),
        )
        for i in range(size)
    ]
    model = fit_loglinear(history)
    log_e = np.log([r.estimate for r in history])
    x = log_e - log_e.mean()
    y = np.log([r.actual for r in history]) - log_e
    root = model.root
    by_kind = np.array([r.category for r in history], dtype=object)
    by_person = np.array([r.estimated_by for r in history], dtype=object)
    for names, column, found, label in (
        (kinds, by_kind, model.categories, "category"),
        (people, by_person, model.estimators, "estimator"),
    ):
        groups = [(x[column == name], y[column == name]) for name in names]
        tau = _plain_tau(groups, root)
        for name, (gx, gy) in zip(names, groups, strict=True):
            _close(found[name], _plain_child(gx, gy, root, tau, f"{label} {name}"))
    for kind in kinds:
        parent = model.categories[kind]
        groups = [
            (x[(by_kind == kind) & (by_person == p)], y[(by_kind == kind) & (by_person == p)])
            for p in people
        ]
        tau = _plain_tau([g for g in groups if g[0].size], parent)
        for person, (gx, gy) in zip(people, groups, strict=True):
            if gx.size:
                expected = _plain_child(gx, gy, parent, tau, f"estimator {person}")
                cell = model.cells[(person, kind)]
                _close(
                    PoolFit(
                        f"estimator {person}",
                        cell.records,
                        cell.alpha,
                        cell.beta,
                        cell.sigma,
                        cell.low,
                        cell.high,
                    ),
                    expected,
                )
                assert cell.source == f"estimator {person} in category {kind}"
