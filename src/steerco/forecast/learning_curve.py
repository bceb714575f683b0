"""Learning-curve outlook: where a training run's validation metric will be at the end of training.

The curve is fitted with saturating families, on the sign the data shows (a metric that rises
towards a ceiling, or a loss that falls towards a floor), in `u = step / last_step`:

- power law `y = a + b·(u + c)^-d` (c >= 0, d > 0),
- exponential `y = a + b·exp(-u/τ)` (τ > 0),
- log-linear `y = a + b·log(u + h)` (h fixed: the first positive step, in `u`), the fallback
  that does not saturate.

Each family is linear in `(a, b)` once its shape parameters are fixed, so a fit is a search
over a grid of shapes with the least-squares `(a, b)` in closed form for every shape at once
(variable projection); the fit on the whole run is then polished by `scipy.optimize`.

The family is chosen by held-out fit: each is fitted on the earlier 70% of the points and
scored by its root-mean-square error on the later 30% (extrapolation is what matters); the
simplest family within 5% of the best error wins (log-linear, then exponential, then power
law).

Uncertainty is a moving-block residual bootstrap: resampled blocks of the chosen fit's
residuals (scaled by `sqrt(n / (n - parameters))`) are added to the fitted curve, and every
resample repeats the whole procedure, the held-out choice of family included, and predicts
`f*(final_step)`. Each prediction is added to draws of the residuals, the noise of the one
value a gate will read at `final_step`. P(met) is the share of these draws that meet the
threshold; low, predicted and high are their P10, P50 and P90.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import least_squares

from steerco.model.gate import Comparison

__all__ = ["MIN_POINTS", "CurveOutlook", "curve_outlook"]

MIN_POINTS = 5
"""Fewer finite points than this give no outlook."""
MAX_FIT_POINTS = 500
"""Longer runs are thinned to this many points (evenly by index, the last one kept)."""
HELD_OUT_SHARE = 0.3
"""Share of the points, the latest ones, on which the families' extrapolation is scored."""
SIMPLER_MARGIN = 1.05
"""A simpler family wins when its held-out error is within this factor of the best one."""
NOISE_DRAWS = 25
"""Draws of the final value's noise per bootstrap resample."""

Array = NDArray[np.float64]


@dataclass(frozen=True)
class CurveOutlook:
    """The predicted value of a run's metric at `final_step`, and the chance it meets a gate."""

    family: str
    """The family chosen on the run's points: "power law", "exponential" or "log-linear"."""
    predicted: float
    """Median of the value logged at final_step."""
    low: float
    """P10 of the value logged at final_step (fit uncertainty and the final value's noise)."""
    high: float
    """P90 of the same."""
    p_met: float
    """Probability that the value logged at final_step meets the threshold."""
    points: int
    """How many points the fit used."""
    final_step: float
    note: str = ""
    """Why this family, and how often the bootstrap resamples chose each one."""


@dataclass(frozen=True)
class _Family:
    """A curve family `y = a + b·g(u; θ)`: its grid of shapes θ and the basis g."""

    name: str
    parameters: int
    grid: Array  # (G, k) shapes
    basis: Callable[[Array, Array], Array]  # (shapes (G, k), u (N,)) -> (G, N)
    lower: tuple[float, ...]
    upper: tuple[float, ...]


def _power_basis(shapes: Array, u: Array) -> Array:
    return np.asarray((u[None, :] + shapes[:, :1]) ** -shapes[:, 1:2], dtype=np.float64)


def _exponential_basis(shapes: Array, u: Array) -> Array:
    return np.asarray(np.exp(-u[None, :] / shapes[:, :1]), dtype=np.float64)


def _log_basis(shapes: Array, u: Array) -> Array:
    return np.asarray(np.log(u[None, :] + shapes[:, :1]), dtype=np.float64)


def _families(u: Array) -> tuple[_Family, ...]:
    """The three families, simplest first, with shape grids suited to the run's steps `u`."""
    first = float(u[0])
    positive = u[u > 0]
    offset = float(positive[0]) if positive.size else 1.0
    offsets = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
    if first > 0:
        offsets = [0.0, *offsets]
    exponents = np.geomspace(0.05, 3.0, 48)
    power_grid = np.array([(c, d) for c in offsets for d in exponents], dtype=np.float64)
    taus = np.geomspace(0.003, 30.0, 160)[:, None]
    return (
        _Family(
            "log-linear", 2, np.array([[offset]]), _log_basis, (offset,), (offset * (1 + 1e-9),)
        ),
        _Family("exponential", 3, taus, _exponential_basis, (0.003,), (30.0,)),
        _Family("power law", 4, power_grid, _power_basis, (min(offsets), 0.05), (3.0, 3.0)),
    )


@dataclass(frozen=True)
class _GridFit:
    """Least-squares fits of one family to R series: the best shape's index and (a, b)."""

    shape: NDArray[np.intp]
    a: Array
    b: Array


def _grid_fit(basis: Array, series: Array) -> _GridFit:
    """Fit `y = a + b·g_k` for every shape k of `basis` (G, N) to `series` (R, N) at once.

    With centred `g_k` and `y`, `b = <g_k, y> / <g_k, g_k>` and the residual sum of squares
    falls by `<g_k, y>² / <g_k, g_k>`: the best shape maximises that.
    """
    mean_g = basis.mean(axis=1)
    centred = basis - mean_g[:, None]
    norms = np.sqrt(np.einsum("gn,gn->g", centred, centred))
    usable = np.isfinite(norms) & (norms > 1e-12 * (1.0 + np.abs(mean_g)))
    safe = np.where(usable, norms, 1.0)
    unit = np.where(usable[:, None], centred / safe[:, None], 0.0)
    mean_y = series.mean(axis=1)
    projections = (series - mean_y[:, None]) @ unit.T  # (R, G)
    shape = np.argmax(projections**2, axis=1)
    rows = np.arange(series.shape[0])
    b = projections[rows, shape] / safe[shape]
    a = mean_y - b * mean_g[shape]
    return _GridFit(shape, a, b)


@dataclass(frozen=True)
class _Choice:
    """Per series: the chosen family's index and its prediction at the final step."""

    family: NDArray[np.intp]
    final: Array
    errors: Array  # (F, R) held-out RMSE per family


def _choose(
    families: tuple[_Family, ...], bases: list[Array], series: Array, train: int
) -> _Choice:
    """Fit every family on the first `train` points and on all; choose by held-out error."""
    n = series.shape[1]
    errors = np.empty((len(families), series.shape[0]))
    finals = np.empty_like(errors)
    for index, basis in enumerate(bases):
        early = _grid_fit(basis[:, :train], series[:, :train])
        held_out = early.a[:, None] + early.b[:, None] * basis[early.shape][:, train:n]
        errors[index] = np.sqrt(np.mean((held_out - series[:, train:]) ** 2, axis=1))
        whole = _grid_fit(basis[:, :n], series)
        finals[index] = whole.a + whole.b * basis[whole.shape, n]
    errors = np.where(np.isfinite(errors), errors, np.inf)
    best = errors.min(axis=0)
    chosen = np.full(series.shape[0], len(families) - 1, dtype=np.intp)
    for index in reversed(range(len(families))):
        chosen = np.where(errors[index] <= SIMPLER_MARGIN * best, index, chosen)
    return _Choice(chosen, finals[chosen, np.arange(series.shape[0])], errors)


def _polish(family: _Family, basis: Array, u: Array, y: Array) -> Array:
    """The family's least-squares fit to `y`: grid start, then `scipy.optimize.least_squares`."""
    start = _grid_fit(basis[:, : u.size], y[None, :])
    shape = family.grid[start.shape[0]]
    grid_fitted = start.a[0] + start.b[0] * basis[start.shape[0], : u.size]
    if family.parameters == 2:
        return np.asarray(grid_fitted, dtype=np.float64)

    def residuals(params: Array) -> Array:
        g = family.basis(params[None, 2:], u)[0]
        return np.asarray(params[0] + params[1] * g - y, dtype=np.float64)

    x0 = np.concatenate([[start.a[0], start.b[0]], shape])
    lower = np.array([-np.inf, -np.inf, *family.lower])
    upper = np.array([np.inf, np.inf, *family.upper])
    x0 = np.clip(x0, lower, upper)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            solution = least_squares(residuals, x0, bounds=(lower, upper), x_scale="jac")
        polished = residuals(solution.x) + y
    except (ValueError, FloatingPointError, np.linalg.LinAlgError):
        return np.asarray(grid_fitted, dtype=np.float64)
    if np.all(np.isfinite(polished)) and np.sum((polished - y) ** 2) < np.sum(
        (grid_fitted - y) ** 2
    ):
        return np.asarray(polished, dtype=np.float64)
    return np.asarray(grid_fitted, dtype=np.float64)


def _clean(steps: Sequence[float], values: Sequence[float]) -> tuple[Array, Array] | None:
    """Finite points with steps >= 0, in step order, the last value kept for a repeated step."""
    try:
        x = np.asarray(steps, dtype=np.float64).ravel()
        y = np.asarray(values, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return None
    if x.size != y.size:
        return None
    keep = np.isfinite(x) & np.isfinite(y) & (x >= 0)
    x, y = x[keep], y[keep]
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    last_of_step = np.append(x[1:] != x[:-1], True)
    return x[last_of_step], y[last_of_step]


def _thin(x: Array, y: Array) -> tuple[Array, Array]:
    """At most MAX_FIT_POINTS points, evenly by index, the first and the last kept."""
    if x.size <= MAX_FIT_POINTS:
        return x, y
    index = np.unique(np.round(np.linspace(0, x.size - 1, MAX_FIT_POINTS)).astype(np.intp))
    return x[index], y[index]


def _block_resample(residuals: Array, resamples: int, rng: np.random.Generator) -> Array:
    """(resamples, n) moving-block bootstrap of `residuals`, blocks of about n^(1/3)."""
    n = residuals.size
    length = max(1, round(n ** (1 / 3)))
    blocks = math.ceil(n / length)
    starts = rng.integers(0, n - length + 1, size=(resamples, blocks))
    index = (starts[:, :, None] + np.arange(length)).reshape(resamples, -1)[:, :n]
    return np.asarray(residuals[index], dtype=np.float64)


def _meets(draws: Array, threshold: float, op: Comparison) -> NDArray[np.bool_]:
    """Whether each draw meets `op threshold`."""
    if op == ">=":
        met = draws >= threshold
    elif op == ">":
        met = draws > threshold
    elif op == "<=":
        met = draws <= threshold
    elif op == "<":
        met = draws < threshold
    else:
        met = draws == threshold
    return np.asarray(met, dtype=np.bool_)


def curve_outlook(
    steps: Sequence[float],
    values: Sequence[float],
    *,
    final_step: float,
    threshold: float,
    op: Comparison,
    rng: np.random.Generator,
    resamples: int = 400,
) -> CurveOutlook | None:
    """The outlook of a validation curve at `final_step`: P10/P50/P90 and P(value op threshold).

    None when the points cannot say: fewer than MIN_POINTS finite points (steps >= 0), values
    without spread, or `final_step` not beyond the last step. With `op` "==" P(met) is the
    share of draws exactly equal to the threshold: 0 for a continuous metric.
    """
    cleaned = _clean(steps, values)
    if cleaned is None or not math.isfinite(final_step) or not math.isfinite(threshold):
        return None
    x, y = cleaned
    if x.size < MIN_POINTS or final_step <= x[-1] or x[-1] <= 0:
        return None
    count = int(x.size)
    x, y = _thin(x, y)
    centre, scale = float(np.mean(y)), float(np.std(y))
    if not scale > 1e-12 * max(1.0, abs(centre)) or not math.isfinite(scale):
        return None
    with np.errstate(all="ignore"):
        return _outlook(
            x, (y - centre) / scale, centre, scale, count,
            final_step=final_step, threshold=threshold, op=op, rng=rng,
            resamples=max(1, resamples),
        )  # fmt: skip


def _outlook(
    x: Array,
    z: Array,
    centre: float,
    scale: float,
    count: int,
    *,
    final_step: float,
    threshold: float,
    op: Comparison,
    rng: np.random.Generator,
    resamples: int,
) -> CurveOutlook | None:
    """curve_outlook on standardised values `z = (y - centre) / scale`."""
    n = x.size
    u = x / x[-1]
    u_final = final_step / x[-1]
    families = _families(u)
    points = np.append(u, u_final)
    bases = [
        np.nan_to_num(f.basis(f.grid, points), nan=0.0, posinf=0.0, neginf=0.0) for f in families
    ]
    train = max(3, n - max(2, round(HELD_OUT_SHARE * n)))
    chosen = _choose(families, bases, z[None, :], train)
    family = families[int(chosen.family[0])]
    fitted = _polish(family, bases[int(chosen.family[0])], u, z)
    residuals = z - fitted
    residuals = (residuals - residuals.mean()) * math.sqrt(n / max(1, n - family.parameters))
    series = fitted[None, :] + _block_resample(residuals, resamples, rng)
    boot = _choose(families, bases, series, train)
    finals = boot.final[np.isfinite(boot.final)]
    if finals.size == 0:
        return None
    noise = rng.choice(residuals, size=(finals.size, NOISE_DRAWS))
    draws = ((finals[:, None] + noise) * scale + centre).ravel()
    low, predicted, high = np.quantile(draws, [0.1, 0.5, 0.9])
    shares = np.bincount(boot.family, minlength=len(families)) / boot.family.size
    return CurveOutlook(
        family=family.name,
        predicted=float(predicted),
        low=float(low),
        high=float(high),
        p_met=float(np.mean(_meets(draws, threshold, op))),
        points=n,
        final_step=float(final_step),
        note=_note(families, chosen, shares, n, count),
    )


def _note(
    families: tuple[_Family, ...], chosen: _Choice, shares: Array, used: int, count: int
) -> str:
    """Why the family was chosen, and how often the resamples chose each one."""
    index = int(chosen.family[0])
    errors = chosen.errors[:, 0]
    best = int(np.argmin(errors))
    parts = []
    if best != index:
        parts.append(
            f"{families[index].name} chosen over {families[best].name}: its held-out error is "
            f"within {round((SIMPLER_MARGIN - 1) * 100)}% with fewer parameters"
        )
    else:
        parts.append(f"{families[index].name}: the smallest held-out error")
    parts.append(
        "resamples chose "
        + ", ".join(
            f"{family.name} {share:.0%}"
            for family, share in zip(families, shares, strict=True)
            if share > 0
        )
    )
    if used < count:
        parts.append(f"fitted on {used} of {count} points")
    return "; ".join(parts)
