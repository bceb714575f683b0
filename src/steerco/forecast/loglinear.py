"""Calibration by size: a regression of log actual on log estimate, partially pooled.

For a record with estimate `e` and actual `a`, let `x = ln e - c` (c: the mean log
estimate of the whole history) and `y = ln(a / e)`. Each pool fits

    y = alpha + beta * x + sigma * z,    z a standardised residual of the history
                                         (standard normal below MIN_SHAPE records),

so a task estimated at `e` takes `e * exp(alpha + beta * x) * exp(sigma * z)`: its median
ratio follows its size (beta < 0: large tasks overrun less, as on real histories).

Pools are nested: the whole history (the root), each category (shrunk towards the root),
each estimator within a category (shrunk towards that category; an estimator's records
across all categories when the task's category has no history). The root is the least
squares line, its spread shrunk towards the default pool's (`DEFAULT_SIGMA`, P90/P10 = 4)
with `NU` pseudo-records: `sigma_0^2 = (sum r^2 + NU DEFAULT_SIGMA^2) / (n - 2 + NU)`.
Shrinkage is the posterior mean of a Bayesian regression with the parent's coefficients
as the prior mean and prior variances `tau_alpha^2`, `tau_beta^2`:

    theta_g = (X'X + s_p^2 P)^-1 (X'y + s_p^2 P theta_p),   P = diag(1/tau_alpha^2, 1/tau_beta^2),

with `s_p^2` the parent's residual variance: a pool with few records stays close to its
parent, one with many follows its own data. `tau_alpha^2` is estimated from the spread of
the sibling pools' mean residuals (empirical Bayes, method of moments) when at least
three siblings have 10 records, else `TAU_ALPHA`; `tau_beta` is `TAU_BETA`. A pool's
residual variance is shrunk the same way: `sigma_g^2 = (n s_g^2 + NU s_p^2) / (n + NU)`.
`x` is clipped to the range of the pool's own estimates (no extrapolation of the slope).

The records are taken in the order they were finished. Errors move together (a period
of the work, a project, runs over as a whole): the tasks of a forecast share a factor, a
Gaussian copula whose normal scores have correlation `rho` for N tasks. From the root's
residuals `r` (s^2 their variance, `n` records), at origins `t` from n/3 to `n - m`
(m = min(N, n/3)), the drift `D_t = mean(r[t:t+m]) - mean(r[:t])` is what a forecast of
the next `m` records made at `t` would have missed by. With `w = (n - n/3) / m` windows
of evidence, pooled with `PRIOR_WINDOWS` windows of the prior `SHARED_PRIOR^2`:

    d = mean(D_t^2) - s^2 / N
    v = max((w d + K v_0) / (w + K), 0) + s^2 (1/n + x_w^2 / sum x^2)
    rho = min(v / s^2, 0.95)

the drift's variance less the part that N independent draws already give, plus the
uncertainty of the root's line at `x_w`, the forecast's tasks' mean `x` weighted by their
likely values (large tasks dominate a total).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from steerco.errors import ProjectError
from steerco.forecast.calibration import (
    DEFAULT_SPREAD,
    HistoryColumns,
    HistoryRecord,
    history_columns,
)

__all__ = [
    "DEFAULT_SIGMA",
    "MIN_SHAPE",
    "NU",
    "PRIOR_WINDOWS",
    "RESIDUAL_QUANTILES",
    "SHARED_PRIOR",
    "TAU_ALPHA",
    "TAU_BETA",
    "LogLinearCalibration",
    "PoolFit",
    "fit_columns",
    "fit_loglinear",
    "pool_fit",
    "shared_correlation",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

TAU_ALPHA = 0.3
"""Prior standard deviation of a pool's log-ratio level around its parent's (no siblings)."""
TAU_BETA = 0.15
"""Prior standard deviation of a pool's size slope around its parent's."""
NU = 5.0
"""Pseudo-records of the parent's residual variance in a pool's variance."""
RESIDUAL_QUANTILES = 1000
"""Quantiles of the standardised residuals kept as the shape of every pool's errors."""
MIN_SHAPE = 20
"""Residuals needed to take the errors' shape from the history (else a normal shape)."""
SHARED_PRIOR = 0.25
"""Prior standard deviation of the shared log error of a forecast's tasks (chosen by backtest)."""
PRIOR_WINDOWS = 3.0
"""Weight of SHARED_PRIOR, in windows of history: a short history's drift counts for little."""
MAX_CORRELATION = 0.95
DEFAULT_SIGMA = math.log(DEFAULT_SPREAD) / (2.0 * NormalDist().inv_cdf(0.9))
"""The log-ratio spread of the default pool (P90/P10 = 4): the root's prior spread."""


@dataclass(frozen=True)
class PoolFit:
    """One pool's regression: `ln(actual / estimate) = alpha + beta * x + sigma * z`.

    `low` and `high` bound `x` (the pool's own estimates); `source` names the pool as a
    forecast explains it ("all records", "category NAME", "estimator NAME in category C").
    """

    source: str
    records: int
    alpha: float
    beta: float
    sigma: float
    low: float
    high: float

    def location(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """The median log ratio at centred log estimates `x`, clipped to the pool's range."""
        result: FloatArray = self.alpha + self.beta * np.clip(x, self.low, self.high)
        return result


@dataclass(frozen=True)
class LogLinearCalibration:
    """The fitted pools, the residuals' shape and the time series of residuals."""

    center: float
    root: PoolFit
    categories: Mapping[str, PoolFit]
    estimators: Mapping[str, PoolFit]
    """Each estimator's records across all categories, shrunk towards the root."""
    cells: Mapping[tuple[str, str], PoolFit]
    """(estimator, category): the estimator's records in that category, shrunk to it."""
    shape: FloatArray
    """Sorted quantiles of the standardised residuals (mean 0, standard deviation 1)."""
    residuals: FloatArray
    """The root's residuals in the records' order: the time series for `shared_correlation`."""
    records: int
    spread: float = 0.0
    """Sum of the squared centred log estimates, `sum x^2`: how well the slope is known."""


@dataclass(frozen=True)
class _Data:
    x: FloatArray
    y: FloatArray


def _root(x: FloatArray, y: FloatArray) -> PoolFit:
    """The whole history's least squares line; slope 0 when every estimate is the same."""
    n = x.size
    spread = float(np.sum((x - x.mean()) ** 2))
    beta = float(np.sum((x - x.mean()) * y)) / spread if spread > 1e-12 else 0.0
    alpha = float(y.mean()) - beta * float(x.mean())
    residual = y - alpha - beta * x
    own = float(np.sum(residual**2))  # n - 2 degrees of freedom: 2 coefficients fitted
    sigma = math.sqrt((own + NU * DEFAULT_SIGMA**2) / (max(n - 2, 0) + NU))
    return PoolFit("all records", n, alpha, beta, sigma, float(x.min()), float(x.max()))


@dataclass(frozen=True)
class _Sums:
    """Per group of rows: count, sums of x, x^2, r, x r, r^2 (r: the parent's residual), x range."""

    n: FloatArray
    x: FloatArray
    xx: FloatArray
    r: FloatArray
    xr: FloatArray
    rr: FloatArray
    low: FloatArray
    high: FloatArray


def _sums(codes: IntArray, count: int, x: FloatArray, r: FloatArray) -> _Sums:
    """The sums of each group `0..count-1` of `codes` (rows of code -1 belong to none)."""
    keep = codes >= 0
    c, xs, rs = codes[keep], x[keep], r[keep]
    low = np.full(count, np.inf)
    high = np.full(count, -np.inf)
    np.minimum.at(low, c, xs)
    np.maximum.at(high, c, xs)

    def total(weights: FloatArray | None = None) -> FloatArray:
        return np.asarray(np.bincount(c, weights, count), dtype=np.float64)

    return _Sums(
        total(), total(xs), total(xs * xs), total(rs), total(xs * rs), total(rs * rs), low, high
    )


def _tau_alpha(sums: _Sums, rows: IntArray) -> float:
    """Method of moments over sibling groups `rows`: var(mean residual) - mean(sampling variance).

    The residuals are the siblings' parent's; only siblings of 10 records or more count.
    """
    n = sums.n[rows]
    big = n >= 10
    if int(big.sum()) < 3:
        return TAU_ALPHA
    n, r, rr = n[big], sums.r[rows][big], sums.rr[rows][big]
    means = r / n
    noise = np.maximum(rr - n * means**2, 0.0) / (n - 1) / n
    between = float(np.var(means, ddof=1)) - float(np.mean(noise))
    return math.sqrt(max(between, 0.05**2))


def _children(
    sources: list[str], sums: _Sums, parents: list[PoolFit], siblings: list[IntArray]
) -> list[PoolFit | None]:
    """Each group's fit, shrunk towards its parent (`parents[g]`); None for a group without rows.

    Posterior mean of the deviation from the parent's line under the prior N(0, diag(tau^2))
    with the parent's residual variance; `siblings`: the groups that share a tau_alpha.
    """
    tau = np.empty(len(sources))
    for rows in siblings:
        tau[rows] = _tau_alpha(sums, rows)
    variance = np.array([p.sigma**2 for p in parents])
    prior = np.maximum(variance, 1e-12)
    pa, pb = prior / tau**2, prior / TAU_BETA**2
    n, sx, sxx, sr, sxr = sums.n, sums.x, sums.xx, sums.r, sums.xr
    det = (n + pa) * (sxx + pb) - sx * sx
    with np.errstate(divide="ignore", invalid="ignore"):
        da = (sr * (sxx + pb) - sx * sxr) / det
        db = ((n + pa) * sxr - sx * sr) / det
    own = sums.rr - 2 * da * sr - 2 * db * sxr + da * da * n + 2 * da * db * sx + db * db * sxx
    sigma = np.sqrt((np.maximum(own, 0.0) + NU * variance) / (n + NU))
    fits: list[PoolFit | None] = []
    for g, parent in enumerate(parents):
        if not n[g]:
            fits.append(None)
            continue
        fits.append(
            PoolFit(
                sources[g],
                int(n[g]),
                parent.alpha + float(da[g]),
                parent.beta + float(db[g]),
                float(sigma[g]),
                float(sums.low[g]),
                float(sums.high[g]),
            )
        )
    return fits


def _shape(residuals: FloatArray) -> FloatArray:
    """RESIDUAL_QUANTILES quantiles of the standardised residuals, mean 0 and deviation 1.

    Standard normal quantiles when there are fewer than MIN_SHAPE residuals or they do not
    vary: too few to say what shape the errors have.
    """
    probabilities = (np.arange(RESIDUAL_QUANTILES) + 0.5) / RESIDUAL_QUANTILES
    scale = float(residuals.std())
    if residuals.size < MIN_SHAPE or scale <= 1e-9:
        normal = NormalDist()
        shape = np.array([normal.inv_cdf(float(p)) for p in probabilities])
    else:
        shape = _quantiles(np.sort((residuals - residuals.mean()) / scale), probabilities)
    result: FloatArray = (shape - shape.mean()) / float(shape.std())
    result.setflags(write=False)
    return result


def _quantiles(ordered: FloatArray, probabilities: FloatArray) -> FloatArray:
    """`np.quantile`'s linear quantiles of sorted values: one sort, not a partition per point.

    With a thousand points `np.quantile` partitions around each of them (6 ms for 100,000
    residuals, a fit's largest step); sorting once and interpolating takes 1 ms.
    """
    at = probabilities * (ordered.size - 1)
    low = np.floor(at).astype(np.int64)
    high = np.minimum(low + 1, ordered.size - 1)
    result: FloatArray = ordered[low] + (ordered[high] - ordered[low]) * (at - low)
    return result


def fit_loglinear(records: Iterable[HistoryRecord]) -> LogLinearCalibration:
    """Fit the pools of `records` (in the order they were finished); see the module doc.

    Raises ProjectError (paths `(index, field)`) for a record with an estimate or actual
    of 0 or less, or no task name, and for an empty history.
    """
    return fit_columns(history_columns(records))


def fit_columns(columns: HistoryColumns) -> LogLinearCalibration:
    """Fit the pools of a history's columns (`history_columns`); see the module doc.

    Raises ProjectError for an empty history.
    """
    if not len(columns):
        from steerco.codes import Code

        raise ProjectError.single(Code.bad_value, "the history has no records")
    log_estimate = np.log(columns.estimate)
    center = float(log_estimate.mean())
    x = log_estimate - center
    y = np.log(columns.actual) - log_estimate
    root = _root(x, y)
    residuals = y - root.alpha - root.beta * x
    shape = _shape(residuals)
    kinds, people = columns.categories, columns.estimators
    kind_of, person_of = columns.category_of, columns.estimator_of
    everyone = [np.arange(len(kinds))]
    by_kind = _children(
        [f"category {k}" for k in kinds],
        _sums(kind_of, len(kinds), x, residuals),
        [root] * len(kinds),
        everyone,
    )
    categories = {k: fit for k, fit in zip(kinds, by_kind, strict=True) if fit is not None}
    by_person = _children(
        [f"estimator {p}" for p in people],
        _sums(person_of, len(people), x, residuals),
        [root] * len(people),
        [np.arange(len(people))],
    )
    estimators = {p: fit for p, fit in zip(people, by_person, strict=True) if fit is not None}
    # A cell is (category, estimator), shrunk towards its category: code k * P + p.
    width = len(people)
    cell_of = np.where((kind_of >= 0) & (person_of >= 0), kind_of * width + person_of, -1)
    parents = [by_kind[k] or root for k in range(len(kinds)) for _ in range(width)]
    alpha = np.array([(f or root).alpha for f in by_kind])
    beta = np.array([(f or root).beta for f in by_kind])
    inside = kind_of >= 0
    own = np.zeros_like(residuals)
    own[inside] = y[inside] - alpha[kind_of[inside]] - beta[kind_of[inside]] * x[inside]
    by_cell = _children(
        [f"estimator {p} in category {k}" for k in kinds for p in people],
        _sums(cell_of, len(kinds) * width, x, own),
        parents,
        [np.arange(k * width, (k + 1) * width) for k in range(len(kinds))],
    )
    cells = {
        (people[g % width], kinds[g // width]): fit
        for g, fit in enumerate(by_cell)
        if fit is not None
    }
    residuals.setflags(write=False)
    return LogLinearCalibration(
        center=center,
        root=root,
        categories=categories,
        estimators=estimators,
        cells=cells,
        shape=shape,
        residuals=residuals,
        records=len(columns),
        spread=float(x @ x),
    )


def pool_fit(
    model: LogLinearCalibration, estimated_by: str | None, category: str | None
) -> PoolFit:
    """The pool of a task: its estimator in its category, its category, its estimator, or all.

    The estimator's records in all categories serve when the task's category has no history.
    """
    if category is not None and category in model.categories:
        if estimated_by is not None and (estimated_by, category) in model.cells:
            return model.cells[(estimated_by, category)]
        return model.categories[category]
    if estimated_by is not None and estimated_by in model.estimators:
        return model.estimators[estimated_by]
    return model.root


def shared_correlation(model: LogLinearCalibration, tasks: int, at: float = 0.0) -> float:
    """rho_N of the module doc for `tasks` tasks whose estimates centre on `x = at`."""
    series = model.residuals
    size = series.size
    variance = float(series.var())
    if size < 3 or variance <= 0 or tasks < 2:
        return 0.0
    n = max(1, min(tasks, size // 3))
    first = max(1, size // 3)
    count = min(200, size - n - first + 1)
    origins = np.unique(np.linspace(first, size - n, num=count).astype(np.int64))
    sums = np.concatenate(([0.0], np.cumsum(series)))
    ahead = (sums[origins + n] - sums[origins]) / n
    before = sums[origins] / origins
    drift = float(np.mean((ahead - before) ** 2)) - variance / tasks
    windows = (size - first) / n
    pooled = (windows * drift + PRIOR_WINDOWS * SHARED_PRIOR**2) / (windows + PRIOR_WINDOWS)
    x = min(max(at, model.root.low), model.root.high)
    line = variance * (1.0 / size + (x * x / model.spread if model.spread > 0 else 0.0))
    return float(min((max(pooled, 0.0) + line) / variance, MAX_CORRELATION))
