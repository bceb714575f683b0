"""Calibrated tasks: what a calibration model says each task's duration is drawn from.

Two models (`MODELS`) turn a history into draws for new estimates:

- `ratio`: the estimate times a ratio resampled from the estimator's, else the category's
  pool of `actual / estimate`, else the wide default pool (`steerco.forecast.calibration`);
  tasks draw independently;
- `loglinear`: the estimate times `exp(alpha + beta * x)`, the pool's median ratio at the
  task's size, times `exp(sigma * z)` with `z` a standardised residual of the history
  (`steerco.forecast.loglinear`); the tasks' normal scores share a factor, correlation
  `rho_N` for N tasks, so that the spread of a total is as wide as the history's.

Either way a task draws `likely * pool[floor(u * len(pool))]` for a uniform `u`: the
empirical distribution of `steerco.forecast.distributions`, so the Monte Carlo engine
and `sample_totals` (the backtests' sum of tasks) sample the same thing.

A history whose estimates are story points (`fit_model(..., unit="points")`) calibrates
the same way, a ratio being working days per point and a task's estimate its points. The
wide default pool of `ratio` is a ratio of time to time, meaningless per point: a task
whose estimator and category have no history draws from all the history's records
instead (`PointsCalibration`), as `loglinear` does anyway.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.calibration import (
    DEFAULT_POOL,
    Calibration,
    HistoryColumns,
    HistoryRecord,
    calibration_of,
    history_columns,
    pool_source,
    ratio_pool,
)
from steerco.forecast.loglinear import (
    LogLinearCalibration,
    fit_columns,
    pool_fit,
    shared_correlation,
)
from steerco.forecast.normal_cdf import normal_cdf

__all__ = [
    "DEFAULT_MODEL",
    "MODELS",
    "CalibrationModel",
    "EstimateUnit",
    "ModelName",
    "PointsCalibration",
    "PrefixFits",
    "TaskCalibration",
    "calibrate_records",
    "calibrate_tasks",
    "fit_model",
    "prefix_fits",
    "sample_totals",
    "share_factor",
    "share_normals",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

ModelName = Literal["ratio", "loglinear"]
MODELS: tuple[ModelName, ...] = ("ratio", "loglinear")
DEFAULT_MODEL: ModelName = "loglinear"
"""The model the backtests favour (docs/benchmarks.md, "Calibration backtests")."""
CalibrationModel = Calibration | LogLinearCalibration
EstimateUnit = Literal["time", "points"]
"""What a history's estimates are: working time, or story points (a ratio is days per point)."""

_BLOCK = 1 << 22
"""Task-draws held at once by `sample_totals` (tasks x iterations): 32 MB of float64."""


@dataclass(frozen=True)
class TaskCalibration:
    """Per task: `likely * pools[pool[i]][floor(u * len)]`, and where that came from.

    `sources[i]` names the pool ("estimator NAME in category C", "category NAME",
    "estimator NAME", "all records" or "default") and `records[i]` how many history
    records it was fitted on (0 for the default). `correlation` is the Pearson
    correlation of the tasks' normal scores (the shared factor); 0: independent draws.
    """

    likely: FloatArray
    pool: IntArray
    pools: tuple[FloatArray, ...]
    sources: tuple[str, ...]
    records: IntArray
    correlation: float

    @property
    def size(self) -> int:
        """Number of tasks."""
        return int(self.likely.size)


@dataclass(frozen=True)
class PointsCalibration(Calibration):
    """A `ratio` calibration of estimates in story points: days per point, by pool.

    `everyone`: the sorted days per point of every record, drawn by a task whose estimator
    and category have no history (where a calibration of time draws the default pool).
    """

    everyone: FloatArray = field(default_factory=lambda: np.zeros(0))


def fit_model(
    records: Iterable[HistoryRecord],
    model: ModelName = DEFAULT_MODEL,
    *,
    unit: EstimateUnit = "time",
) -> CalibrationModel:
    """Fit calibration model `model` on `records` (in the order they were finished).

    `unit`: what the records' estimates are; `points` makes a `ratio` calibration a
    `PointsCalibration`. Raises ProjectError (paths `(index, field)`) for a record with
    an estimate or actual of 0 or less, or no task name; `loglinear` also for no records.
    """
    return prefix_fits(records, model, unit=unit).fit()


@dataclass(frozen=True)
class PrefixFits:
    """A history read into columns once, and `model` fitted on any number of its first records.

    What the total's level factor (`steerco.forecast.total_level`) replays: a fit of each
    earlier moment of the history. Reading the records is most of a fit's time; `fit(end)`
    starts from the columns and is the same model as `fit_model(records[:end])`.
    """

    records: Sequence[HistoryRecord]
    columns: HistoryColumns
    model: ModelName
    unit: EstimateUnit

    def fit(self, end: int | None = None) -> CalibrationModel:
        """The model fitted on the first `end` records (all of them when None)."""
        columns = self.columns if end is None else self.columns.head(end)
        if self.model != "ratio":
            return fit_columns(columns)
        fitted = calibration_of(columns)
        if self.unit == "time":
            return fitted
        everyone = np.sort(columns.actual / columns.estimate)
        everyone.setflags(write=False)
        return PointsCalibration(
            fitted.by_estimator, fitted.by_category, fitted.records, everyone=everyone
        )


def prefix_fits(
    records: Iterable[HistoryRecord],
    model: ModelName = DEFAULT_MODEL,
    *,
    unit: EstimateUnit = "time",
) -> PrefixFits:
    """`records` (in the order they were finished) read for fits of `model` (`PrefixFits`).

    Raises ProjectError (paths `(index, field)`) for a record with an estimate or actual
    of 0 or less, or no task name.
    """
    kept = records if isinstance(records, Sequence) else list(records)
    return PrefixFits(kept, history_columns(kept), model, unit)


def _ratio_tasks(
    model: Calibration,
    estimated_by: Sequence[str | None],
    category: Sequence[str | None],
    estimate: FloatArray,
) -> TaskCalibration:
    where: dict[str, int] = {}
    pools: list[FloatArray] = []
    pool = np.empty(estimate.size, dtype=np.int64)
    sources: list[str] = []
    records = np.empty(estimate.size, dtype=np.int64)
    everyone = model.everyone if isinstance(model, PointsCalibration) else None
    for i, (by, kind) in enumerate(zip(estimated_by, category, strict=True)):
        source = pool_source(model, by, kind)
        if source == "default" and everyone is not None:
            source = "all records"
        if source not in where:
            where[source] = len(pools)
            pools.append(
                everyone
                if everyone is not None and source == "all records"
                else ratio_pool(model, by, kind)
            )
        pool[i] = where[source]
        sources.append(source)
        records[i] = 0 if pools[pool[i]] is DEFAULT_POOL else pools[pool[i]].size
    return TaskCalibration(estimate.copy(), pool, tuple(pools), tuple(sources), records, 0.0)


def _loglinear_tasks(
    model: LogLinearCalibration,
    estimated_by: Sequence[str | None],
    category: Sequence[str | None],
    estimate: FloatArray,
) -> TaskCalibration:
    where: dict[str, int] = {}
    pools: list[FloatArray] = []
    pool = np.empty(estimate.size, dtype=np.int64)
    location = np.empty(estimate.size, dtype=np.float64)
    sources: list[str] = []
    records = np.empty(estimate.size, dtype=np.int64)
    x = np.log(estimate) - model.center
    fits: dict[tuple[str | None, str | None], int] = {}
    chosen = []
    for by, kind in zip(estimated_by, category, strict=True):
        key = (by, kind)
        if key not in fits:
            fit = pool_fit(model, by, kind)
            if fit.source not in where:
                where[fit.source] = len(pools)
                ratios = np.exp(fit.sigma * model.shape)
                ratios.setflags(write=False)
                pools.append(ratios)
                chosen.append(fit)
            fits[key] = where[fit.source]
        pool[len(sources)] = fits[key]
        fit = chosen[fits[key]]
        sources.append(fit.source)
        records[len(sources) - 1] = fit.records
    for index, fit in enumerate(chosen):
        rows = pool == index
        location[rows] = fit.location(x[rows])
    likely = estimate * np.exp(location)
    at = float(likely @ x / likely.sum()) if likely.size else 0.0
    return TaskCalibration(
        likely,
        pool,
        tuple(pools),
        tuple(sources),
        records,
        shared_correlation(model, estimate.size, at),
    )


def calibrate_tasks(
    model: CalibrationModel,
    estimated_by: Sequence[str | None],
    category: Sequence[str | None],
    estimate: Sequence[float] | FloatArray,
) -> TaskCalibration:
    """What each task (its estimator, category and estimate > 0) draws from under `model`."""
    values = np.asarray(estimate, dtype=np.float64)
    if isinstance(model, Calibration):
        return _ratio_tasks(model, estimated_by, category, values)
    return _loglinear_tasks(model, estimated_by, category, values)


def calibrate_records(model: CalibrationModel, records: Sequence[HistoryRecord]) -> TaskCalibration:
    """`calibrate_tasks` for history records, as tasks to forecast (backtests, replays)."""
    return calibrate_tasks(
        model,
        [r.estimated_by for r in records],
        [r.category for r in records],
        [r.estimate for r in records],
    )


def share_normals(
    x: FloatArray, rho: float, common: FloatArray, *, out: FloatArray | None = None
) -> FloatArray:
    """Uniforms whose normal scores share a factor: Phi(sqrt(rho) Z + sqrt(1 - rho) X).

    `x` is (items x samples) of standard normal scores, `common` the samples' standard
    normal Z; with independent `x`, the items' normal scores are equicorrelated with
    correlation `rho` and each uniform is uniform. Phi is `normal_cdf`'s table. The result
    goes into `out` when given, which may be `x` itself (no temporary arrays).
    """
    z: FloatArray = np.multiply(x, math.sqrt(1.0 - rho), out=out)
    z += math.sqrt(rho) * common
    return normal_cdf(z, out=z)


def share_factor(
    u: FloatArray, rho: float, common: FloatArray, *, out: FloatArray | None = None
) -> FloatArray:
    """Uniforms `u` given a shared factor: Phi(sqrt(rho) Z + sqrt(1 - rho) Phi^-1(u)).

    For uniforms that carry strata or a correlation of their own; independent draws take
    their normal scores from the Generator directly (`share_normals`), which is the same
    law without `ndtri`. The result goes into `out` when given, which may be `u` itself.
    """
    from scipy.special import ndtri

    z: FloatArray = ndtri(u, out=out) if out is not None else ndtri(u)
    return share_normals(z, rho, common, out=z)


def sample_totals(tasks: TaskCalibration, iterations: int, rng: np.random.Generator) -> FloatArray:
    """`iterations` draws of the tasks' total: sum over i of likely_i * pool_i[floor(u_i * n)].

    With a shared factor, the uniforms are `share_normals` of standard normal draws, Z
    common to a draw. The tasks' draws are exchangeable (independent, or equicorrelated),
    so the rows of uniforms go to the tasks grouped by pool: each pool reads a slice.
    """
    totals = np.zeros(iterations, dtype=np.float64)
    if tasks.size == 0:
        return totals
    rho = tasks.correlation
    step = max(1, _BLOCK // tasks.size)
    order = np.argsort(tasks.pool, kind="stable")
    likely = tasks.likely[order]
    bounds = np.searchsorted(tasks.pool[order], np.arange(len(tasks.pools) + 1)).tolist()
    for start in range(0, iterations, step):
        width = min(step, iterations - start)
        if rho > 0:
            u = rng.standard_normal((tasks.size, width))
            u = share_normals(u, rho, rng.standard_normal(width), out=u)
        else:
            u = rng.random((tasks.size, width))
        block = np.zeros(width, dtype=np.float64)
        for index, ratios in enumerate(tasks.pools):
            first, end = bounds[index], bounds[index + 1]
            if first == end:
                continue
            at = (u[first:end] * ratios.size).astype(np.intp)
            np.minimum(at, ratios.size - 1, out=at)
            block += likely[first:end] @ ratios[at]
        totals[start : start + width] = block
    return totals
