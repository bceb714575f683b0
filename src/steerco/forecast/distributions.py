"""Duration distributions of tasks and risks, sampled by inverse CDF from uniforms.

Every distribution is read the way schedule-risk tools read it: uniform and triangular
take low and high as bounds; BetaPERT puts weight `lambda` (4 by default) on the likely
value; lognormal reads low and high as its P10 and P90; fixed is the likely value.
A calibrated task draws ratios from its estimator's history and multiplies its likely
value by them. Sampling maps uniforms through each inverse CDF, so Latin hypercube
strata and copula correlation apply to every kind alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.model import Estimate, Project, Task, WorkTime

__all__ = [
    "KINDS",
    "Z90",
    "Distributions",
    "after_progress",
    "estimate_distributions",
    "estimate_points",
    "horizon_caps",
    "inverse_cdf",
    "project_distributions",
    "sample_uniforms",
    "top_values",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

KINDS: tuple[str, ...] = ("fixed", "uniform", "triangular", "pert", "lognormal", "empirical")
_KIND = {name: code for code, name in enumerate(KINDS)}
_CHUNK = 16_384
"""Samples per step of the triangular inverse CDF: its temporaries stay in cache."""
Z90 = 1.2815515655446004
"""The standard normal's 90th percentile (`scipy.special.ndtri(0.9)`, checked by a test):
lognormal sigma = ln(P90 / P10) / (2 x Z90)."""


@dataclass(frozen=True)
class Distributions:
    """One distribution per item (task or risk delay), as parameter arrays.

    `kind[i]` indexes KINDS. `low/likely/high` are in working units; `alpha/beta` are the
    PERT shape parameters, `mu/sigma` the lognormal's; an empirical item samples
    `likely[i] * pools[pool[i]][floor(u * len)]` (pools are sorted ratios).
    """

    kind: NDArray[np.int8]
    low: FloatArray
    likely: FloatArray
    high: FloatArray
    alpha: FloatArray
    beta: FloatArray
    mu: FloatArray
    sigma: FloatArray
    pool: IntArray
    pools: tuple[FloatArray, ...] = ()

    @property
    def size(self) -> int:
        """Number of items."""
        return int(self.kind.size)

    @property
    def uncertain(self) -> NDArray[np.bool_]:
        """Items whose duration varies (not fixed)."""
        mask: NDArray[np.bool_] = self.kind != _KIND["fixed"]
        return mask

    def take(self, rows: IntArray) -> Distributions:
        """The distributions of items `rows`, in that order."""
        return Distributions(
            kind=self.kind[rows],
            low=self.low[rows],
            likely=self.likely[rows],
            high=self.high[rows],
            alpha=self.alpha[rows],
            beta=self.beta[rows],
            mu=self.mu[rows],
            sigma=self.sigma[rows],
            pool=self.pool[rows],
            pools=self.pools,
        )


def _in_units(project: Project, amount: WorkTime) -> float:
    hours = project.calendar.hours_per_day
    return project.units(amount.in_days(hours, project.days_per_week))


def estimate_distributions(
    kinds: list[str],
    low: FloatArray,
    likely: FloatArray,
    high: FloatArray,
    *,
    pert_lambda: float = 4.0,
    pool: IntArray | None = None,
    pools: tuple[FloatArray, ...] = (),
) -> Distributions:
    """Parameter arrays for three-point estimates; a zero-width estimate becomes fixed."""
    low = np.asarray(low, dtype=np.float64)
    likely = np.asarray(likely, dtype=np.float64)
    high = np.asarray(high, dtype=np.float64)
    kind = np.array([_KIND[k] for k in kinds], dtype=np.int8)
    width = high - low
    degenerate = (width <= 0) & (kind != _KIND["empirical"])
    kind[degenerate] = _KIND["fixed"]
    safe = np.where(width > 0, width, 1.0)
    alpha = 1.0 + pert_lambda * (likely - low) / safe
    beta = 1.0 + pert_lambda * (high - likely) / safe
    positive = (low > 0) & (high > low)
    mu = np.where(
        positive,
        0.5 * (np.log(np.where(positive, low, 1.0)) + np.log(np.where(positive, high, 1.0))),
        0.0,
    )
    sigma = np.where(
        positive,
        (np.log(np.where(positive, high, 1.0)) - np.log(np.where(positive, low, 1.0))) / (2 * Z90),
        0.0,
    )
    return Distributions(
        kind=kind,
        low=low,
        likely=likely,
        high=high,
        alpha=alpha,
        beta=beta,
        mu=mu,
        sigma=sigma,
        pool=pool if pool is not None else np.full(kind.size, -1, dtype=np.int64),
        pools=pools,
    )


def estimate_points(project: Project, estimate: Estimate | None) -> tuple[str, float, float, float]:
    """(distribution, low, likely, high) of an estimate in the project's units; none: fixed 0."""
    if estimate is None:
        return "fixed", 0.0, 0.0, 0.0
    low, likely, high = (
        _in_units(project, p) for p in (estimate.low, estimate.likely, estimate.high)
    )
    return estimate.distribution, low, likely, high


def _task_points(project: Project, task: Task) -> tuple[str, float, float, float]:
    if task.milestone:
        return "fixed", 0.0, 0.0, 0.0
    if task.estimate is not None:
        return estimate_points(project, task.estimate)
    likely = _in_units(project, task.planned)
    band = project.forecast.band
    if band is None or likely == 0:
        return "fixed", likely, likely, likely
    return band.distribution, likely * (1 + band.low), likely, likely * (1 + band.high)


def project_distributions(
    project: Project,
    *,
    pools: tuple[FloatArray, ...] = (),
    pool_of_task: IntArray | None = None,
) -> Distributions:
    """The duration distribution of every leaf task, in document (network) order.

    With `pool_of_task` (calibration on history), a task with a pool index >= 0 becomes
    empirical: its likely value times ratios drawn from that pool. A task delivered by an
    epic is empirical too, drawing the weeks its epic's remaining items need (a pool added
    after `pools`), never calibrated.
    """
    leaves = list(project.leaves())
    points = [_task_points(project, leaf) for leaf in leaves]
    epics = _epic_weeks(project, leaves)
    for i, (likely, _) in epics.items():
        points[i] = ("fixed", likely, likely, likely)
    kinds = [p[0] for p in points]
    if pool_of_task is not None:
        kinds = [
            "empirical" if pool_of_task[i] >= 0 and points[i][2] > 0 else kind
            for i, kind in enumerate(kinds)
        ]
    drawn = {i: draws for i, (likely, draws) in epics.items() if draws.size and likely > 0}
    if drawn:  # a task delivered by an epic draws the weeks its remaining items need
        none = np.full(len(leaves), -1, dtype=np.int64)
        pool_of_task = none if pool_of_task is None else pool_of_task.copy()
        extra: list[FloatArray] = []
        for i, draws in drawn.items():
            likely = points[i][2]
            kinds[i] = "empirical"
            pool_of_task[i] = len(pools) + len(extra)
            extra.append(_exact_ratios(draws, likely))
            points[i] = ("empirical", float(draws[0]), likely, float(draws[-1]))
        pools = (*pools, *extra)
    return estimate_distributions(
        kinds,
        np.array([p[1] for p in points]),
        np.array([p[2] for p in points]),
        np.array([p[3] for p in points]),
        pert_lambda=project.forecast.pert_lambda,
        pool=pool_of_task,
        pools=pools,
    )


def _epic_weeks(project: Project, leaves: list[Task]) -> dict[int, tuple[float, FloatArray]]:
    """(planned units, sorted durations to draw) of each leaf delivered by an epic, by index.

    The planned units are `EpicForecast.days`; the durations are the epic's quantile table
    of weeks (`EpicForecast.quantile_table`), a week being `days_per_week` working days,
    empty for an epic whose items are all done (its task is then fixed).
    """
    if not any(leaf.epic is not None for leaf in leaves):
        return {}
    from steerco.agile.hybrid import epic_forecasts

    forecasts = epic_forecasts(project)
    per_week = project.days_per_week
    week = project.units(float(per_week))
    out: dict[int, tuple[float, FloatArray]] = {}
    for i, leaf in enumerate(leaves):
        found = forecasts.get(leaf.id)
        if found is not None:
            draws = found.quantile_table() * week if found.remaining else np.zeros(0)
            out[i] = (project.units(found.days(per_week)), draws.astype(np.float64))
    return out


def _exact_ratios(values: FloatArray, likely: float) -> FloatArray:
    """Ratios r with `likely * r == values` exactly, as the empirical draw multiplies them."""
    ratios: FloatArray = values / likely
    for _ in range(4):
        off = likely * ratios != values
        if not off.any():
            break
        up = likely * ratios[off] < values[off]
        ratios[off] = np.nextafter(ratios[off], np.where(up, np.inf, -np.inf))
    return ratios


def after_progress(
    dist: Distributions, state: NDArray[np.int8], elapsed: FloatArray, remaining: FloatArray
) -> Distributions:
    """Distributions of what is left at the status date, one item per task.

    A finished task (state 2) is fixed at its actual duration (`elapsed`). An in-progress
    task (state 1) keeps the shape of its estimate, scaled so that its likely value is the
    `remaining` work: low, likely and high (and an empirical task's likely value) are
    multiplied by remaining / likely, a lognormal's mu moves by the log of that factor.
    """
    running = state == 1
    finished = state == 2
    scale = np.where(
        running & (dist.likely > 0),
        np.divide(remaining, dist.likely, out=np.ones_like(remaining), where=dist.likely > 0),
        1.0,
    )
    fixed_now = finished | (running & ((dist.likely <= 0) | (remaining <= 0)))
    value = np.where(finished, elapsed, remaining)
    positive = scale > 0
    return Distributions(
        kind=np.where(fixed_now, np.int8(_KIND["fixed"]), dist.kind).astype(np.int8),
        low=np.where(fixed_now, value, dist.low * scale),
        likely=np.where(fixed_now, value, dist.likely * scale),
        high=np.where(fixed_now, value, dist.high * scale),
        alpha=dist.alpha,
        beta=dist.beta,
        mu=dist.mu + np.log(np.where(positive, scale, 1.0)),
        sigma=dist.sigma,
        pool=dist.pool,
        pools=dist.pools,
    )


def horizon_caps(
    tasks: Distributions, delays: Distributions, delay_weight: FloatArray, slack: float
) -> tuple[FloatArray, FloatArray]:
    """Caps on the samples of the tails that have no bound: (tasks', risk delays'), inf if none.

    Uniform, triangular, PERT and fixed items never exceed their high (likely) value; a
    lognormal or calibrated (empirical) item may. `slack` is the horizon left when every
    item is at its high value (a risk delay counted `delay_weight` times, once per task it
    delays); it is shared equally: cap_i = high_i + slack / (number of such items), so that
    all items at their caps, end to end, still fit in the horizon.
    """
    tails = (_KIND["lognormal"], _KIND["empirical"])
    task_tail = np.isin(tasks.kind, tails)
    delay_tail = np.isin(delays.kind, tails)
    count = float(task_tail.sum() + (delay_weight * delay_tail).sum())
    share = max(slack, 0.0) / count if count > 0 else 0.0
    task_cap: FloatArray = np.where(task_tail, tasks.high + share, np.inf)
    delay_cap: FloatArray = np.where(delay_tail, delays.high + share, np.inf)
    return task_cap, delay_cap


def top_values(dist: Distributions) -> FloatArray:
    """Each item's high value: its largest sample, or a tail's nominal end (its P90)."""
    top: FloatArray = np.where(dist.kind == _KIND["fixed"], dist.likely, dist.high)
    return top


def sample_uniforms(rng: np.random.Generator, rows: int, size: int, *, lhs: bool) -> FloatArray:
    """Uniforms in (0, 1), one row per item; with `lhs`, each row has one draw per stratum."""
    if not lhs:
        return rng.random((rows, size))
    strata = rng.permuted(np.broadcast_to(np.arange(size, dtype=np.float64), (rows, size)), axis=1)
    result: FloatArray = (strata + rng.random((rows, size))) / size
    return result


def inverse_cdf(
    dist: Distributions,
    u: FloatArray,
    rng: np.random.Generator | None = None,
    *,
    out: FloatArray | None = None,
) -> FloatArray:
    """Durations (items x samples) from uniforms `u` of the same shape.

    With `rng`, PERT items draw from `rng.beta` directly instead of their inverse CDF
    (twenty times faster; used where the uniforms carry no strata or correlation).
    The durations go into `out` when given, which may be `u` itself (each item reads its
    own uniforms before it writes its row). SciPy's special functions are imported only
    for the kinds that need them.
    """
    if out is None:
        out = np.empty_like(u)
    for code, name in enumerate(KINDS):
        rows = np.flatnonzero(dist.kind == code)
        if rows.size == 0:
            continue
        every = rows.size == dist.size
        if name == "triangular":
            _triangular(u, out, None if every else rows, dist)
            continue
        if name == "pert" and rng is not None:
            _pert_draws(rng, out, rows, dist)
            continue
        uu = u if every else u[rows]
        part = dist if every else dist.take(rows)
        lo, hi = part.low[:, None], part.high[:, None]
        if name == "fixed":
            x = np.broadcast_to(part.likely[:, None], uu.shape)
        elif name == "uniform":
            x = lo + (hi - lo) * uu
        elif name == "pert":
            from scipy.special import betaincinv

            x = lo + (hi - lo) * betaincinv(part.alpha[:, None], part.beta[:, None], uu)
        elif name == "lognormal":
            from scipy.special import ndtri

            x = np.exp(part.mu[:, None] + part.sigma[:, None] * ndtri(uu))
        else:  # each row reads its own uniforms before it writes: straight into `out`
            x = out if every else np.empty_like(uu)
            for k, ratios in enumerate(dist.pools):
                mine = np.flatnonzero(part.pool == k)
                if mine.size:
                    index = np.minimum((uu[mine] * ratios.size).astype(np.int64), ratios.size - 1)
                    x[mine] = part.likely[mine, None] * ratios[index]
        if x is out:
            continue
        if every:
            out[...] = x
        else:
            out[rows] = x
    return out


def _pert_draws(
    rng: np.random.Generator, out: FloatArray, rows: IntArray, dist: Distributions
) -> None:
    """`low + (high - low) * Beta(alpha, beta)` into each row of `out`, row by row.

    The draws come in the same order as one broadcast `rng.beta` over the rows, so the
    numbers are the same; a row at a time keeps the temporaries in cache.
    """
    size = out.shape[1]
    for i in rows.tolist():
        row = rng.beta(dist.alpha[i], dist.beta[i], size)
        row *= dist.high[i] - dist.low[i]
        row += dist.low[i]
        out[i] = row


def _triangular(u: FloatArray, out: FloatArray, rows: IntArray | None, dist: Distributions) -> None:
    """Inverse CDF of triangular(low, likely, high) of items `rows` (all: None) into `out`.

    One square root per sample. Works through a few items at a time (about `_CHUNK`
    samples) so that the temporaries stay in cache.
    """
    count = dist.size if rows is None else rows.size
    step = max(1, _CHUNK // max(u.shape[1], 1))
    for first in range(0, count, step):
        at: slice | IntArray = (
            slice(first, first + step) if rows is None else rows[first : first + step]
        )
        low, likely, high = dist.low[at], dist.likely[at], dist.high[at]
        width = high - low
        cut = np.divide(likely - low, width, out=np.zeros_like(width), where=width > 0)[:, None]
        uu = u[at]
        right = uu >= cut
        tail = 1.0 - uu
        tail *= (width * (high - likely))[:, None]
        x = uu * (width * (likely - low))[:, None]
        root = np.sqrt(np.where(right, tail, x))
        np.add(low[:, None], root, out=x)  # left of the mode: low + sqrt(u (h - l)(m - l))
        np.subtract(high[:, None], root, out=root)  # right: high - sqrt((1 - u)(h - l)(h - m))
        out[at] = np.where(right, root, x)
