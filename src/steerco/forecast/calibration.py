"""Calibration on history (evidence-based scheduling): how far actuals run from estimates.

Each finished task of the history gives one ratio `actual / estimate`. The ratios of an
estimator (`estimated_by`), or of a kind of work (`category`), form the empirical
distribution that a forecast resamples: a new estimate `e` becomes `e * r` with `r` drawn
from the matching pool, the estimator's if they have history, else the category's, else
`DEFAULT_POOL`, a deliberately wide default.

Pools are sorted so that a uniform `u` in [0, 1) maps to a ratio by the inverse empirical
CDF: `pool[floor(u * len(pool))]`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from statistics import NormalDist
from typing import Literal, NamedTuple

import numpy as np
from numpy.typing import NDArray

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.natural import natural_key

__all__ = [
    "DEFAULT_MEDIAN",
    "DEFAULT_POOL",
    "DEFAULT_POOL_SIZE",
    "DEFAULT_SPREAD",
    "Calibration",
    "EstimatorAccuracy",
    "HistoryColumns",
    "HistoryRecord",
    "PoolChoice",
    "accuracy",
    "calibrate",
    "calibration_of",
    "default_pool",
    "history_columns",
    "overall_accuracy",
    "pool_choice",
    "pool_source",
    "ratio_pool",
    "record_problems",
    "resample",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

DEFAULT_MEDIAN = 1.2
"""Median actual/estimate ratio assumed for an estimator or kind of work without history."""
DEFAULT_SPREAD = 4.0
"""P90 / P10 of the default ratios: with the median of 1.2, P10 = 0.6 and P90 = 2.4."""
DEFAULT_POOL_SIZE = 1000


class HistoryRecord(NamedTuple):
    """One finished task: who estimated it, its kind of work, the estimate and the actual.

    `estimate` and `actual` are in the same unit (working days, by the history readers).
    A named tuple: a history holds 100,000 of them, made three times faster than a
    frozen dataclass's.
    """

    task: str
    estimated_by: str | None
    category: str | None
    estimate: float
    actual: float
    project: str | None = None
    """The project it belonged to (for backtests per project); None when not known."""

    @property
    def ratio(self) -> float:
        """How far the actual ran from the estimate: `actual / estimate` (> 1: it overran)."""
        return self.actual / self.estimate


_TASK, _ESTIMATED_BY, _CATEGORY, _ESTIMATE, _ACTUAL = (
    itemgetter(HistoryRecord._fields.index(name))
    for name in ("task", "estimated_by", "category", "estimate", "actual")
)
"""A record's fields by position: `history_columns` reads 100,000 of them without a loop."""


@dataclass(frozen=True)
class Calibration:
    """The sorted actual/estimate ratios of each estimator and of each category."""

    by_estimator: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)
    by_category: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)
    records: int = 0


@dataclass(frozen=True)
class EstimatorAccuracy:
    """How one estimator's (or one category's) estimates compare with what happened.

    The spread is given as the P10 and P90 of the ratios (NumPy's linear percentiles):
    80% of the tasks took between `p10` and `p90` times their estimate.
    """

    kind: Literal["estimator", "category", "all"]
    name: str
    count: int
    median: float
    p10: float
    p90: float
    mean: float
    within_estimate: float
    """Share of the tasks that took no longer than estimated (ratio <= 1)."""


def default_pool(
    size: int = DEFAULT_POOL_SIZE, median: float = DEFAULT_MEDIAN, spread: float = DEFAULT_SPREAD
) -> NDArray[np.float64]:
    """Sorted lognormal quantiles at the midpoints `(i + 0.5) / size`, with P90/P10 = `spread`.

    ratio = median * exp(sigma * z), sigma = ln(spread) / (2 * z_0.9), z standard normal.
    """
    sigma = math.log(spread) / (2.0 * NormalDist().inv_cdf(0.9))
    normal = NormalDist()
    z = np.array([normal.inv_cdf((i + 0.5) / size) for i in range(size)])
    pool = median * np.exp(sigma * z)
    pool.setflags(write=False)
    return pool


DEFAULT_POOL: NDArray[np.float64] = default_pool()
"""The ratios of an estimator and category without history: deliberately wide.

A lognormal with median 1.2 (tasks overrun their estimates by a fifth, typically: the
planning fallacy) and P10 0.6, P90 2.4, a factor of 4 between them, the width of
McConnell's cone of uncertainty once the requirements are known (0.5x to 2x). A team's
own history is usually narrower, so forecasts get sharper as evidence comes in, and an
estimator nobody has checked yet does not look more reliable than one who has been.
"""


def record_problems(record: HistoryRecord) -> list[Diagnostic]:
    """What is wrong with one record, as diagnostics whose path is the field's name."""
    problems: list[Diagnostic] = []
    if not record.task.strip():
        problems.append(Diagnostic(Code.missing_field, "a record needs a `task`", ("task",)))
    for name, value in (("estimate", record.estimate), ("actual", record.actual)):
        if not math.isfinite(value):
            problems.append(Diagnostic(Code.bad_duration, f"`{name}` must be a number", (name,)))
        elif value <= 0:
            problems.append(
                Diagnostic(
                    Code.bad_duration,
                    f"`{name}` must be more than 0 (the ratio actual/estimate must be "
                    f"positive), got {value:g}",
                    (name,),
                )
            )
    return problems


def _codes(keys: Sequence[str | None]) -> tuple[list[str], IntArray]:
    """The distinct keys (sorted) and each row's index among them (-1: no key)."""
    names = sorted(key for key in set(keys) if key)
    where: dict[str | None, int] = {name: i for i, name in enumerate(names)}
    where[None] = where[""] = -1
    codes = np.fromiter(map(where.__getitem__, keys), dtype=np.int64, count=len(keys))
    return names, codes


@dataclass(frozen=True)
class HistoryColumns:
    """A history's records as columns, in the order they were finished.

    `categories` and `estimators` are the distinct names (sorted), `category_of` and
    `estimator_of` each record's index among them (-1: none). `head(end)` is the first
    `end` records: fitting it is fitting `records[:end]` (names it lacks have no rows).
    """

    estimate: FloatArray
    actual: FloatArray
    categories: tuple[str, ...]
    category_of: IntArray
    estimators: tuple[str, ...]
    estimator_of: IntArray

    def __len__(self) -> int:
        """Number of records."""
        return int(self.estimate.size)

    def head(self, end: int) -> HistoryColumns:
        """The first `end` records (views, no copy)."""
        return HistoryColumns(
            self.estimate[:end],
            self.actual[:end],
            self.categories,
            self.category_of[:end],
            self.estimators,
            self.estimator_of[:end],
        )


def history_columns(records: Iterable[HistoryRecord]) -> HistoryColumns:
    """`records` as columns, each record checked.

    Raises ProjectError (paths `(index, field)`) for a record with an estimate or actual
    of 0 or less (or not a number), or no task name.
    """
    items = list(records)
    count = len(items)  # each field by its position in the named tuple: no loop in Python
    estimate = np.fromiter(map(_ESTIMATE, items), dtype=np.float64, count=count)
    actual = np.fromiter(map(_ACTUAL, items), dtype=np.float64, count=count)
    suspect = ~(np.isfinite(estimate) & np.isfinite(actual) & (estimate > 0) & (actual > 0))
    if not all(map(str.strip, map(_TASK, items))):
        suspect |= np.array([not r.task.strip() for r in items], dtype=bool)
    problems = [
        Diagnostic(d.code, d.message, (int(index), *d.path))
        for index in np.flatnonzero(suspect)
        for d in record_problems(items[index])
    ]
    if problems:
        raise ProjectError(problems)
    kinds, kind_of = _codes(list(map(_CATEGORY, items)))
    people, person_of = _codes(list(map(_ESTIMATED_BY, items)))
    return HistoryColumns(estimate, actual, tuple(kinds), kind_of, tuple(people), person_of)


def calibration_of(columns: HistoryColumns) -> Calibration:
    """The sorted ratios `actual / estimate` of each estimator and each category of `columns`."""
    ratio = columns.actual / columns.estimate
    return Calibration(
        _sorted_pools(ratio, columns.estimators, columns.estimator_of),
        _sorted_pools(ratio, columns.categories, columns.category_of),
        len(columns),
    )


def _sorted_pools(
    ratio: NDArray[np.float64], names: tuple[str, ...], codes: NDArray[np.int64]
) -> dict[str, NDArray[np.float64]]:
    """Each name's ratios, sorted (read-only), in the names' order; names without rows left out."""
    order = np.argsort(codes, kind="stable")  # grouped, then each group sorted in place:
    values = ratio[order]  # twice as fast as one lexsort of (code, ratio)
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1)).tolist()
    for start, end in pairwise(bounds):
        values[start:end].sort()
    values.setflags(write=False)  # shared with every caller of ratio_pool
    return {
        name: values[bounds[i] : bounds[i + 1]]
        for i, name in enumerate(names)
        if bounds[i + 1] > bounds[i]
    }


def calibrate(records: Iterable[HistoryRecord]) -> Calibration:
    """Group the ratios `actual / estimate` by estimator and by category, each pool sorted.

    A record counts for its estimator and for its category (either may be missing).
    Raises ProjectError (paths `(index, field)`) when a record has an estimate or actual
    of 0 or less, or no task name.
    """
    return calibration_of(history_columns(records))


@dataclass(frozen=True)
class PoolChoice:
    """The pool a task's ratios come from: its kind, its key (None: the default), its records."""

    kind: Literal["estimator", "category", "default"]
    key: str | None
    records: int
    """The records in the pool (0 for the default, which is not drawn from history)."""


def pool_choice(
    calibration: Calibration, estimated_by: str | None, category: str | None
) -> PoolChoice:
    """Which pool `ratio_pool` uses, and how many records it holds."""
    if estimated_by is not None and estimated_by in calibration.by_estimator:
        return PoolChoice("estimator", estimated_by, calibration.by_estimator[estimated_by].size)
    if category is not None and category in calibration.by_category:
        return PoolChoice("category", category, calibration.by_category[category].size)
    return PoolChoice("default", None, 0)


def ratio_pool(
    calibration: Calibration, estimated_by: str | None, category: str | None
) -> NDArray[np.float64]:
    """The sorted ratios to resample: the estimator's, else the category's, else the default."""
    if estimated_by is not None and estimated_by in calibration.by_estimator:
        return calibration.by_estimator[estimated_by]
    if category is not None and category in calibration.by_category:
        return calibration.by_category[category]
    return DEFAULT_POOL


def pool_source(calibration: Calibration, estimated_by: str | None, category: str | None) -> str:
    """Which pool `ratio_pool` uses: "estimator NAME", "category NAME" or "default"."""
    choice = pool_choice(calibration, estimated_by, category)
    return "default" if choice.key is None else f"{choice.kind} {choice.key}"


def _summary(
    kind: Literal["estimator", "category", "all"], name: str, pool: NDArray[np.float64]
) -> EstimatorAccuracy:
    p10, median, p90 = np.percentile(pool, [10, 50, 90])
    return EstimatorAccuracy(
        kind=kind,
        name=name,
        count=int(pool.size),
        median=float(median),
        p10=float(p10),
        p90=float(p90),
        mean=float(pool.mean()),
        within_estimate=float(np.count_nonzero(pool <= 1.0) / pool.size),
    )


def accuracy(calibration: Calibration) -> list[EstimatorAccuracy]:
    """Median, P10, P90 and mean ratio of each estimator, then of each category (natural order)."""
    rows = [
        _summary("estimator", n, calibration.by_estimator[n])
        for n in sorted(calibration.by_estimator, key=natural_key)
    ]
    rows += [
        _summary("category", n, calibration.by_category[n])
        for n in sorted(calibration.by_category, key=natural_key)
    ]
    return rows


def overall_accuracy(records: Sequence[HistoryRecord]) -> EstimatorAccuracy:
    """The accuracy over every record, whoever estimated it (kind "all"); needs one record."""
    return _summary("all", "all records", np.array([r.ratio for r in records], dtype=np.float64))


def resample(
    pool: Sequence[float] | NDArray[np.float64], u: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Ratios for uniforms `u` in [0, 1) by the inverse empirical CDF: `pool[floor(u * n)]`."""
    values = np.asarray(pool, dtype=np.float64)
    index = np.minimum((u * values.size).astype(np.intp), values.size - 1)
    return values[index]
