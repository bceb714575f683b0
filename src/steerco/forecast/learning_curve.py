"""Learning-curve outlook: where a training run's validation metric will be at the end of training.

The curve is fitted with saturating families, on the sign the data shows (a metric that rises
towards a ceiling, or a loss that falls towards a floor), in `u = step / last_step`:

- power law `y = a + b·(u + c)^-d` (c >= 0, d > 0),
- exponential `y = a + b·exp(-u/τ)` (τ > 0),
- log-linear `y = a + b·log(u + h)` (h = 0, or the first positive step when the run logs
  step 0), the fallback that does not saturate.

Each family is linear in `(a, b)` once its shape parameters are fixed, so a fit is a search
over a grid of shapes with the least-squares `(a, b)` in closed form for every shape at once
(variable projection); the fit on the whole run is then polished by `scipy.optimize`.

The family is chosen by held-out fit: each is fitted on the earlier 70% of the points and
scored by its root-mean-square error on the later 30% (extrapolation is what matters). The
simpler saturating family (exponential, then power law) wins within 5% of the best
saturating error; log-linear only when it beats that by more than 5%.

Uncertainty is a moving-block residual bootstrap of the whole procedure. Each family's fit
on all points generates a share of the resamples, `w_f ∝ exp(-(e_f² - e_min²) / (2σ²))`
from its held-out RMSE `e_f` (the held-out segment counts as one observation: a wrong
family's errors there are a drift, not independent noise); a resample is that fit plus
blocks of its residuals (scaled by `sqrt(n / (n - parameters))`), goes through the held-out
choice and the fit again, and predicts `f*(final_step)`; each family's predictions are
shifted so that their median is its own fit's (bias correction). Each prediction is added to
draws of the residuals, the noise of the one value a gate will read at `final_step`. P(met)
is the share of these draws that meet the threshold; low, predicted and high are their P10,
P50 and P90.
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
    """Why this family, how the bootstrap weighed the families, how often each was chosen."""


@dataclass(frozen=True)
class _Family:
    """A curve family `y = a + b·g(u; θ)`: its grid of shapes θ and the basis g."""

    name: str
    parameters: int
    grid: Array  # (G, k) shapes
    basis: Callable[[Array, Array], Array]  # (shapes (G, k), u (N,)) -> (G, N)
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    saturates: bool = True


def _power_basis(shapes: Array, u: Array) -> Array:
    return np.asarray((u[None, :] + shapes[:, :1]) ** -shapes[:, 1:2], dtype=np.float64)


def _exponential_basis(shapes: Array, u: Array) -> Array:
    return np.asarray(np.exp(-u[None, :] / shapes[:, :1]), dtype=np.float64)


def _log_basis(shapes: Array, u: Array) -> Array:
    return np.asarray(np.log(u[None, :] + shapes[:, :1]), dtype=np.float64)


def _families(u: Array) -> tuple[_Family, ...]:
    """The three families, simplest first, with shape grids suited to the run's steps `u`."""
    first = float(u[0])
    offset = 0.0 if first > 0 else float(u[1])  # steps are distinct: u[1] > 0
    offsets = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
    if first > 0:
        offsets = [0.0, *offsets]
    exponents = np.geomspace(0.05, 3.0, 48)
    power_grid = np.array([(c, d) for c in offsets for d in exponents], dtype=np.float64)
    taus = np.geomspace(0.003, 30.0, 160)[:, None]
    return (
        _Family(
            "log-linear",
            2,
            np.array([[offset]]),
            _log_basis,
            (offset,),
            (offset,),
            saturates=False,
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


@dataclass(frozen=True)
class _Projector:
    """One family's basis on some rows, centred and scaled once for fitting many series.

    With centred `g_k` and `y`, the least-squares `b = <g_k, y> / <g_k, g_k>` and the residual
    sum of squares falls by `<g_k, y>² / <g_k, g_k>`: the best shape k maximises that.
    """

    mean: Array  # (G,) mean of each shape's basis over the rows
    norm: Array  # (G,) norm of each centred basis (1 where unusable)
    unit: Array  # (G, rows) centred bases of norm 1 (0 where unusable)

    @classmethod
    def of(cls, basis: Array) -> _Projector:
        """The projector of `basis` (G, rows)."""
        mean = basis.mean(axis=1)
        centred = basis - mean[:, None]
        norm = np.sqrt(np.einsum("gn,gn->g", centred, centred))
        usable = np.isfinite(norm) & (norm > 1e-12 * (1.0 + np.abs(mean)))
        safe = np.where(usable, norm, 1.0)
        unit = np.where(usable[:, None], centred / safe[:, None], 0.0)
        return cls(mean, safe, unit)

    def fit(self, series: Array) -> _GridFit:
        """Fit `y = a + b·g_k` for every shape k to every row of `series` (R, rows)."""
        mean_y = series.mean(axis=1)
        projections = (series - mean_y[:, None]) @ self.unit.T  # (R, G)
        shape = np.argmax(projections**2, axis=1)
        b = projections[np.arange(series.shape[0]), shape] / self.norm[shape]
        return _GridFit(shape, mean_y - b * self.mean[shape], b)


@dataclass(frozen=True)
class _Design:
    """A family's basis at the run's points and at the final step, and its two projectors."""

    family: _Family
    points: Array  # (n + 1,) the points' u, then the final step's
    basis: Array  # (G, n + 1) each shape's basis at those
    early: _Projector  # the first `train` points
    whole: _Projector  # all n points
    train: int

    @classmethod
    def of(cls, family: _Family, u: Array, u_final: float, train: int) -> _Design:
        """The design of `family` on the points `u` with the first `train` fitted early."""
        points = np.append(u, u_final)
        with np.errstate(all="ignore"):
            basis = family.basis(family.grid, points)
        basis = np.nan_to_num(basis, nan=0.0, posinf=0.0, neginf=0.0)
        n = u.size
        return cls(
            family,
            points,
            basis,
            _Projector.of(basis[:, :train]),
            _Projector.of(basis[:, :n]),
            train,
        )

    def held_out_error(self, series: Array) -> Array:
        """(R,) RMSE on the later points of the fit on the earlier ones."""
        early = self.early.fit(series[:, : self.train])
        n = series.shape[1]
        later = early.a[:, None] + early.b[:, None] * self.basis[early.shape, self.train : n]
        return np.asarray(np.sqrt(np.mean((later - series[:, self.train :]) ** 2, axis=1)))

    def final(self, series: Array) -> Array:
        """(R,) value at the final step of the fit on all points."""
        whole = self.whole.fit(series)
        return np.asarray(whole.a + whole.b * self.basis[whole.shape, -1])


@dataclass(frozen=True)
class _Choice:
    """Per series: the chosen family's index and its prediction at the final step."""

    family: NDArray[np.intp]
    final: Array
    errors: Array  # (F, R) held-out RMSE per family


def _choose(designs: Sequence[_Design], series: Array) -> _Choice:
    """Every family fitted early and on all points; per series, the family chosen by held-out fit.

    The simplest saturating family within SIMPLER_MARGIN of the best saturating error wins,
    unless a non-saturating one (the fallback) beats that best by more than the margin.
    """
    errors = np.array([design.held_out_error(series) for design in designs])
    errors = np.where(np.isfinite(errors), errors, np.inf)
    finals = np.array([design.final(series) for design in designs])
    saturating = [index for index, design in enumerate(designs) if design.family.saturates]
    best = errors[saturating].min(axis=0)
    chosen = np.full(series.shape[0], saturating[-1], dtype=np.intp)
    for index in reversed(saturating):
        chosen = np.where(errors[index] <= SIMPLER_MARGIN * best, index, chosen)
    for index, design in enumerate(designs):
        if not design.family.saturates:
            chosen = np.where(SIMPLER_MARGIN * errors[index] < best, index, chosen)
    return _Choice(chosen, finals[chosen, np.arange(series.shape[0])], errors)


def _polish(design: _Design, u: Array, y: Array) -> Array:
    """The family's least-squares fit to `y` at the n points and the final step (n + 1 values).

    The best shape of the grid starts `scipy.optimize.least_squares` (bounded to the grid's
    range of shapes); the grid's fit stands when the polish fails or does no better.
    """
    family = design.family
    start = design.whole.fit(y[None, :])
    grid_curve = np.asarray(start.a[0] + start.b[0] * design.basis[start.shape[0]])
    if family.parameters == 2:
        return grid_curve
    points = design.points

    def curve(params: Array) -> Array:
        return np.asarray(params[0] + params[1] * family.basis(params[None, 2:], points)[0])

    def residuals(params: Array) -> Array:
        return curve(params)[: u.size] - y

    lower = np.array([-np.inf, -np.inf, *family.lower])
    upper = np.array([np.inf, np.inf, *family.upper])
    x0 = np.clip(
        np.concatenate([[start.a[0], start.b[0]], family.grid[start.shape[0]]]), lower, upper
    )
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            solution = least_squares(
                residuals, x0, bounds=(lower, upper), x_scale="jac", max_nfev=100
            )
            polished = curve(solution.x)
    except (ValueError, FloatingPointError, np.linalg.LinAlgError):
        return grid_curve
    n = u.size
    if np.all(np.isfinite(polished)) and np.sum((polished[:n] - y) ** 2) < np.sum(
        (grid_curve[:n] - y) ** 2
    ):
        return polished
    return grid_curve


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
    if x.size == 0:
        return x, y
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
    with np.errstate(all="ignore"):
        centre, scale = float(np.mean(y)), float(np.std(y))
        if not (math.isfinite(scale) and scale > 1e-12 * max(1.0, abs(centre))):
            return None
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
    train = max(3, n - max(2, round(HELD_OUT_SHARE * n)))
    designs = [_Design.of(family, u, final_step / x[-1], train) for family in _families(u)]
    chosen = _choose(designs, z[None, :])
    curves = [_polish(design, u, z) for design in designs]
    weights = _family_weights(designs, curves, z, chosen.errors[:, 0])
    finals, noise, picked = _bootstrap(designs, curves, z, rng.multinomial(resamples, weights), rng)
    if finals.size == 0:
        return None
    draws = ((finals[:, None] + noise) * scale + centre).ravel()
    low, predicted, high = np.quantile(draws, [0.1, 0.5, 0.9])
    families = tuple(design.family for design in designs)
    return CurveOutlook(
        family=families[int(chosen.family[0])].name,
        predicted=float(predicted),
        low=float(low),
        high=float(high),
        p_met=float(np.mean(_meets(draws, threshold, op))),
        points=n,
        final_step=float(final_step),
        note=_note(families, chosen, weights, picked, count),
    )


def _family_weights(
    designs: Sequence[_Design], curves: Sequence[Array], z: Array, held_out: Array
) -> Array:
    """How much of the bootstrap each family's fit generates: its held-out evidence.

    `w_f ∝ exp(-(e_f² - e_min²) / (2σ²))` with `e_f` the family's held-out RMSE and σ² the
    smallest residual variance of the fits on all points. The held-out errors of a wrong
    family are a drift, not independent noise, so the held-out segment counts as one
    observation (its mean squared error), not as one per point.
    """
    n = z.size
    variances = [
        float(np.sum((z - curve[:n]) ** 2)) / max(1, n - design.family.parameters)
        for design, curve in zip(designs, curves, strict=True)
    ]
    variance = max(min(variances), 1e-12)
    squared = np.where(np.isfinite(held_out), held_out**2, np.inf)
    weights = np.exp(-(squared - squared.min()) / (2 * variance))
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _bootstrap(
    designs: Sequence[_Design],
    curves: Sequence[Array],
    z: Array,
    counts: NDArray[np.int64],
    rng: np.random.Generator,
) -> tuple[Array, Array, NDArray[np.intp]]:
    """Resampled final values, the noise draws of each, and the family each resample chose.

    `counts[f]` resamples are family f's fit plus moving blocks of its residuals; each goes
    through the held-out choice and the fit again. The finals of each family's resamples are
    shifted so that their median is the family's own fit at the final step (a bootstrap bias
    correction, which also removes the grid's discretisation).
    """
    n = z.size
    series, noise, centres = [], [], []
    for design, curve, k in zip(designs, curves, counts, strict=True):
        if k == 0:
            continue
        residuals = z - curve[:n]
        residuals = (residuals - residuals.mean()) * math.sqrt(
            n / max(1, n - design.family.parameters)
        )
        series.append(curve[None, :n] + _block_resample(residuals, int(k), rng))
        noise.append(rng.choice(residuals, size=(int(k), NOISE_DRAWS)))
        centres.append(np.full(int(k), curve[n]))
    boot = _choose(designs, np.concatenate(series))
    finals = boot.final
    start = 0
    for centre in centres:
        block = finals[start : start + centre.size]
        if np.isfinite(block).any():
            block += centre - np.nanmedian(block)
        start += centre.size
    keep = np.isfinite(finals)
    return finals[keep], np.concatenate(noise)[keep], boot.family[keep]


def _note(
    families: tuple[_Family, ...],
    chosen: _Choice,
    weights: Array,
    picked: NDArray[np.intp],
    count: int,
) -> str:
    """Why the family was chosen, and how the bootstrap weighed the families."""
    index = int(chosen.family[0])
    name = families[index].name
    best = int(np.argmin(chosen.errors[:, 0]))
    margin = f"{round((SIMPLER_MARGIN - 1) * 100)}%"
    if best == index:
        why = f"{name}: the smallest held-out error"
    elif not families[best].saturates:
        why = (
            f"{name} chosen over {families[best].name}: within {margin} of its held-out "
            "error, and it saturates"
        )
    else:
        why = (
            f"{name} chosen over {families[best].name}: within {margin} of its held-out "
            "error, with fewer parameters"
        )
    parts = [why]
    drawn = [f"{f.name} {w:.0%}" for f, w in zip(families, weights, strict=True) if w >= 0.005]
    parts.append("bootstrap drawn from " + ", ".join(drawn))
    shares = np.bincount(picked, minlength=len(families)) / max(1, picked.size)
    parts.append(
        "resamples chose "
        + ", ".join(
            f"{f.name} {share:.0%}" for f, share in zip(families, shares, strict=True) if share > 0
        )
    )
    if chosen.errors.shape[1] and count > MAX_FIT_POINTS:
        parts.append(f"fitted on {MAX_FIT_POINTS} of {count} points")
    return "; ".join(parts)
