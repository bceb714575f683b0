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

from steerco.errors import Diagnostic, ProjectError
from steerco.forecast.calibration import DEFAULT_SPREAD, HistoryRecord, record_problems

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


def _posterior(
    data: _Data, prior: tuple[float, float], variance: float, tau: tuple[float, float]
) -> tuple[float, float]:
    """Posterior mean of (alpha, beta) under the prior N(prior, diag(tau^2)) and noise variance."""
    x, y = data.x, data.y
    gram = np.array([[x.size, x.sum()], [x.sum(), float(x @ x)]])
    moment = np.array([y.sum(), float(x @ y)])
    precision = np.diag([variance / tau[0] ** 2, variance / tau[1] ** 2])
    theta = np.linalg.solve(gram + precision, moment + precision @ np.asarray(prior))
    return float(theta[0]), float(theta[1])


def _fit(source: str, data: _Data, parent: PoolFit | None, tau: tuple[float, float]) -> PoolFit:
    n = data.x.size
    if parent is None:  # the root: least squares; slope 0 when every estimate is the same
        spread = float(np.sum((data.x - data.x.mean()) ** 2))
        beta = float(np.sum((data.x - data.x.mean()) * data.y)) / spread if spread > 1e-12 else 0.0
        alpha = float(data.y.mean()) - beta * float(data.x.mean())
        residual = data.y - alpha - beta * data.x
        own = float(np.sum(residual**2))  # n - 2 degrees of freedom: 2 coefficients fitted
        sigma = math.sqrt((own + NU * DEFAULT_SIGMA**2) / (max(n - 2, 0) + NU))
    else:
        parent_variance = parent.sigma**2
        alpha, beta = _posterior(
            data, (parent.alpha, parent.beta), max(parent_variance, 1e-12), tau
        )
        residual = data.y - alpha - beta * data.x
        own = float(np.sum(residual**2))
        sigma = math.sqrt((own + NU * parent_variance) / (n + NU))
    return PoolFit(
        source=source,
        records=n,
        alpha=alpha,
        beta=beta,
        sigma=sigma,
        low=float(data.x.min()),
        high=float(data.x.max()),
    )


def _tau_alpha(groups: Mapping[str, _Data], parent: PoolFit) -> float:
    """Method of moments: var(mean residual of siblings) - mean(sampling variance)."""
    means, noise = [], []
    for data in groups.values():
        if data.x.size >= 10:
            residual = data.y - parent.alpha - parent.beta * data.x
            means.append(float(residual.mean()))
            noise.append(float(residual.var(ddof=1)) / data.x.size)
    if len(means) < 3:
        return TAU_ALPHA
    between = float(np.var(means, ddof=1)) - float(np.mean(noise))
    return math.sqrt(max(between, 0.05**2))


def _codes(keys: list[str | None]) -> tuple[list[str], IntArray]:
    """The distinct keys (sorted) and each row's index among them (-1: no key)."""
    names = sorted({key for key in keys if key})
    where = {name: i for i, name in enumerate(names)}
    codes = np.fromiter(
        (where[key] if key else -1 for key in keys), dtype=np.int64, count=len(keys)
    )
    return names, codes


def _rows(codes: IntArray, count: int) -> list[IntArray]:
    """The rows of each code 0..count-1, in order."""
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(count + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(count)]


def _split(names: list[str], codes: IntArray, x: FloatArray, y: FloatArray) -> dict[str, _Data]:
    return {
        name: _Data(x[rows], y[rows])
        for name, rows in zip(names, _rows(codes, len(names)), strict=True)
    }


def _fit_level(kind: str, groups: Mapping[str, _Data], parent: PoolFit) -> dict[str, PoolFit]:
    tau = (_tau_alpha(groups, parent), TAU_BETA)
    return {name: _fit(f"{kind} {name}", data, parent, tau) for name, data in groups.items()}


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
        shape = np.quantile((residuals - residuals.mean()) / scale, probabilities)
    result: FloatArray = (shape - shape.mean()) / float(shape.std())
    result.setflags(write=False)
    return result


def fit_loglinear(records: Iterable[HistoryRecord]) -> LogLinearCalibration:
    """Fit the pools of `records` (in the order they were finished); see the module doc.

    Raises ProjectError (paths `(index, field)`) for a record with an estimate or actual
    of 0 or less, or no task name, and for an empty history.
    """
    items = list(records)
    estimate = np.fromiter((r.estimate for r in items), dtype=np.float64, count=len(items))
    actual = np.fromiter((r.actual for r in items), dtype=np.float64, count=len(items))
    suspect = ~(np.isfinite(estimate) & np.isfinite(actual) & (estimate > 0) & (actual > 0))
    suspect |= np.fromiter((not r.task.strip() for r in items), dtype=bool, count=len(items))
    problems = [
        Diagnostic(d.code, d.message, (int(index), *d.path))
        for index in np.flatnonzero(suspect)
        for d in record_problems(items[index])
    ]
    if problems:
        raise ProjectError(problems)
    if not items:
        from steerco.codes import Code

        raise ProjectError.single(Code.bad_value, "the history has no records")
    log_estimate = np.log(estimate)
    center = float(log_estimate.mean())
    x = log_estimate - center
    y = np.log(actual) - log_estimate
    root = _fit("all records", _Data(x, y), None, (TAU_ALPHA, TAU_BETA))
    residuals = y - root.alpha - root.beta * x
    shape = _shape(residuals)
    kinds, kind_of = _codes([r.category for r in items])
    people, person_of = _codes([r.estimated_by for r in items])
    categories = _fit_level("category", _split(kinds, kind_of, x, y), root)
    estimators = _fit_level("estimator", _split(people, person_of, x, y), root)
    cells: dict[tuple[str, str], PoolFit] = {}
    for category, rows in zip(kinds, _rows(kind_of, len(kinds)), strict=True):
        mine = person_of[rows]
        present = sorted(set(mine[mine >= 0].tolist()))
        groups = {people[p]: _Data(x[rows[mine == p]], y[rows[mine == p]]) for p in present}
        for name, fit in _fit_level("estimator", groups, categories[category]).items():
            cells[(name, category)] = PoolFit(
                f"{fit.source} in category {category}",
                fit.records,
                fit.alpha,
                fit.beta,
                fit.sigma,
                fit.low,
                fit.high,
            )
    residuals.setflags(write=False)
    return LogLinearCalibration(
        center=center,
        root=root,
        categories=categories,
        estimators=estimators,
        cells=cells,
        shape=shape,
        residuals=residuals,
        records=len(items),
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
