"""The release forecast: when the remaining backlog (or all above a cut line) is done.

Scope. The release is every work item (`items.is_work`: no epics, no sub-tasks) of the
backlog in `items.ranked` order: all of them, or those ranked at or above the cut line. A
cut line that is an epic takes the epic's items with it: the line falls after the
lowest-ranked of the epic's work items not done (or at the epic itself, when it ranks
lower or has none). Work already done belongs to the release whatever its rank (it was delivered);
what remains is the scope's work not done on or before the as-of date.

Basis. `velocity` resamples the story points completed in each finished sprint
(`sprints.completed_in`, `points_of`) against the remaining points; `throughput` resamples
the work items done in each whole week (`throughput.done_per_period`) against the number of
remaining items. A remaining item without points counts, in a velocity forecast, at the
median points of the backlog's pointed work items (the note says how many were counted so).

Runs. `periods_to_finish` draws a history's periods with replacement, one at a time and
equally likely, until a run's total reaches the remaining work (the throughput
forecaster's `forecast.throughput.periods_needed`); its percentiles are discrete as that
forecaster's are: Pq is the `ceil(n * q / 100)`-th smallest run, the number of periods
within which at least q% of the runs were done. A run that has not finished within the
cap (`default_max_periods`) counts as unfinished, and a percentile it reaches is None.

Level. With `level="past"` the runs then move by a level factor learned from the
history's own past errors, exactly as the throughput forecaster's `when_done` moves them
(`steerco.forecast.level`): the same forecast (periods until the remaining work, every
past period equally likely) is replayed at every earlier moment of the history whose
outcome is known, the variance of its log errors less the runs' own is pooled with the
prior, and each run's periods become `max(1, round(periods / f))`, `f` its drawn factor.
Too short a history (fewer than one independent past error) leaves the runs as they are
(`LevelSpread.applied` False). Points are replayed as whole numbers of the largest unit
that makes them whole (a point, a tenth, ... at the finest a millionth): the errors are
ratios of work to rate and counts of periods, which the unit does not change.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from steerco.agile.items import category, done_on, epic_items, is_work, ranked, started_on
from steerco.agile.sprints import completed_in, finished_sprints, points_of
from steerco.agile.throughput import done_per_period
from steerco.forecast.level import (
    DEFAULT_PRIOR,
    LevelPrior,
    LevelSpread,
    level_spread,
    move_periods,
    noise_of_periods,
    past_errors,
)
from steerco.forecast.throughput import (
    check_amounts,
    periods_needed,
    periods_percentiles,
)
from steerco.model.agile import ForecastBasis, Sprint, Workflow, WorkItem

__all__ = [
    "RELEASE_PERCENTILES",
    "BurnupPoint",
    "FuturePeriod",
    "LevelMode",
    "PeriodsToFinish",
    "Projection",
    "ReleaseForecast",
    "ReleaseScope",
    "forecast_release",
    "future_weeks",
    "level_moved",
    "periods_to_finish",
    "release_scope",
    "sprint_cadence",
]

RELEASE_PERCENTILES = (50, 85, 95)
LevelMode = Literal["past", "fixed"]
"""`past`: the runs move by the level factor of past errors; `fixed`: the runs as drawn."""
_FINEST = 6
"""Points are replayed in units of at most 10^-6 point (`_whole_units`)."""


@dataclass(frozen=True)
class PeriodsToFinish:
    """How many future periods each Monte Carlo run needed to finish the remaining work.

    `needed[r]` is run r's number of periods, `cap + 1` for a run not done within `cap`.
    """

    needed: NDArray[np.int64]
    cap: int

    @property
    def iterations(self) -> int:
        """How many runs were made."""
        return int(self.needed.size)

    @property
    def unfinished(self) -> int:
        """Runs not done within `cap` periods."""
        return int(np.count_nonzero(self.needed > self.cap))

    @property
    def mean(self) -> float | None:
        """The mean periods over the runs; None when some run did not finish."""
        return None if self.unfinished else float(self.needed.mean())

    def percentiles(self, qs: Sequence[int] = RELEASE_PERCENTILES) -> dict[int, int | None]:
        """Pq: periods within which at least q% of the runs were done (None: past the cap)."""
        return periods_percentiles(self.needed, self.cap, qs)

    def chance_within(self, periods: int) -> float:
        """The share of runs done within `periods` periods (0 to 1)."""
        return float(np.count_nonzero(self.needed <= periods)) / self.iterations


def periods_to_finish(
    history: ArrayLike,
    remaining: float,
    iterations: int,
    rng: np.random.Generator,
    *,
    max_periods: int | None = None,
    weights: ArrayLike | None = None,
    block: int = 1,
) -> PeriodsToFinish:
    """Remaining work over a per-period history: the distribution of future periods needed.

    `history` holds what was done per past period (items per week, points per sprint;
    whole or fractional, at least one period, none negative) and `remaining` the work left
    in the same unit. Each of `iterations` runs draws past periods with replacement from
    `rng` and counts the periods until the drawn total reaches
    `remaining` (`forecast.throughput.periods_needed`): run r needs the first n with
    `sum(draw_1..draw_n) >= remaining`, 0 when nothing remains. `weights` (one per
    period, e.g. `forecast.throughput.recency_weights`) and `block` (draw runs of
    consecutive periods) are the throughput forecaster's; by default periods are drawn
    independently and equally likely. Raises ProjectError `bad_value` for an empty or
    negative history, or one of zeros with work remaining.
    """
    values = check_amounts(history)
    needed, cap = periods_needed(
        values, remaining, iterations, rng, max_periods=max_periods, weights=weights, block=block
    )
    return PeriodsToFinish(needed=needed, cap=cap)


def _whole_units(history: NDArray[np.float64], remaining: float) -> tuple[NDArray[np.int64], int]:
    """`history` and `remaining` as whole numbers of 10^-k, the least k (at most 6) that fits."""
    values = np.append(history, remaining)
    for k in range(_FINEST + 1):
        scaled = values * 10**k
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * np.maximum(1.0, scaled)):
            break
    whole = np.round(scaled).astype(np.int64)
    return whole[:-1], int(whole[-1])


def level_moved(
    runs: PeriodsToFinish,
    history: ArrayLike,
    remaining: float,
    rng: np.random.Generator,
    prior: LevelPrior = DEFAULT_PRIOR,
) -> tuple[PeriodsToFinish, LevelSpread]:
    """`runs` moved by the level factor of the history's past errors, and that factor's spread.

    As `forecast.throughput.when_done` moves its runs: the errors of this forecast replayed
    at every earlier moment (`forecast.level.past_errors`, `remaining` work, every period
    equally likely), less the runs' own variance (`noise_of_periods`), pooled with `prior`
    (`level_spread`); each run's periods then move with a factor drawn from `rng`
    (`move_periods`). `remaining` must be above 0.
    """
    counts, items = _whole_units(check_amounts(history), remaining)
    errors = past_errors(counts, items=max(1, items))
    spread = level_spread(errors, noise_of_periods(runs.needed, runs.cap), prior)
    moved = move_periods(runs.needed, runs.cap, spread, rng)
    return PeriodsToFinish(needed=moved, cap=runs.cap), spread


@dataclass(frozen=True)
class ReleaseScope:
    """The release's work items: those done by the as-of date (any rank) and those remaining.

    `remaining` is in rank order; `left_out` counts the work not done ranked below the cut.
    """

    done: tuple[WorkItem, ...]
    remaining: tuple[WorkItem, ...]
    cutline: str | None
    left_out: int


def _done_by(item: WorkItem, workflow: Workflow, as_of: dt.date) -> bool:
    """Done on or before `as_of`; an item done on a day not recorded counts as done."""
    if category(item, workflow) != "done":
        return False
    day = done_on(item, workflow)
    return day is None or day <= as_of


def release_scope(
    backlog: Sequence[WorkItem], workflow: Workflow, as_of: dt.date, cutline: str | None = None
) -> ReleaseScope:
    """The work of the release at `as_of`: all of it, or at or above `cutline` (a known id).

    The cut falls at the cut line's rank, or after the lowest-ranked work not done of the
    cut line's epic when that ranks lower (done work counts whatever its rank); an epic
    without a rank, after the lowest-ranked of its work not done (of all its work when
    it is all done).
    """
    order = ranked(backlog)
    cut = len(order)
    if cutline is not None:
        position = {item.id: i for i, item in enumerate(order)}
        mine = [w for w in epic_items(backlog, cutline) if is_work(w)]
        under = [position[w.id] for w in mine if not _done_by(w, workflow, as_of)]
        if order[position[cutline]].rank is None and mine:
            # An epic without a rank stands after every ranked item: its items place it.
            cut = max(under or [position[w.id] for w in mine])
        else:
            cut = max([position[cutline], *under])
    done: list[WorkItem] = []
    remaining: list[WorkItem] = []
    left_out = 0
    for i, item in enumerate(order):
        if not is_work(item):
            continue
        if _done_by(item, workflow, as_of):
            done.append(item)
        elif i <= cut:
            remaining.append(item)
        else:
            left_out += 1
    return ReleaseScope(tuple(done), tuple(remaining), cutline, left_out)


@dataclass(frozen=True)
class FuturePeriod:
    """A forecast period: a sprint (of the file, or continuing the cadence) or a week."""

    number: int
    """1 for the first period of the forecast."""
    start: dt.date
    end: dt.date
    sprint: str | None = None
    """The id of a sprint of the file; None for one continuing the cadence, or a week."""


@dataclass(frozen=True)
class BurnupPoint:
    """The release at the end of a past period: work done by then and the scope by then."""

    label: str
    end: dt.date
    done: float
    scope: float


@dataclass(frozen=True)
class Projection:
    """A burnup projection line: from the work done at the as-of date to the scope at Pq's end."""

    q: int
    start: dt.date
    done: float
    end: dt.date
    scope: float


@dataclass(frozen=True)
class ReleaseForecast:
    """The release forecast: scope, the history resampled, the runs and the burnup.

    `history[k]` is what past period k did (points of a finished sprint, or items of a
    whole week), labelled `history_labels[k]`. `percentiles[q]` is the number of future
    periods within which at least q% of the runs were done (0: nothing remains; None: past
    the cap). `reason` says why there are no runs (then `runs` is None).
    """

    basis: ForecastBasis
    unit: Literal["points", "items"]
    as_of: dt.date
    scope: ReleaseScope
    done: float
    remaining: float
    unpointed: int
    """Remaining items without points, counted at `imputed` points each (velocity basis)."""
    imputed: float | None
    history: tuple[float, ...]
    history_labels: tuple[str, ...]
    runs: PeriodsToFinish | None
    percentiles: dict[int, int | None]
    periods: tuple[FuturePeriod, ...]
    """Future periods, from the first through the furthest percentile or the deadline."""
    deadline: dt.date | None
    deadline_chance: float | None
    """Share of runs done in a period ending on or before the deadline; None without one."""
    burnup: tuple[BurnupPoint, ...]
    projections: tuple[Projection, ...]
    reason: str | None = None
    level_mode: LevelMode = "fixed"
    """`past`: the runs were to move by the level factor of past errors; `fixed`: as drawn."""
    level: LevelSpread | None = None
    """The level factor the runs drew; None with `fixed`, without runs or with nothing left."""

    def period(self, number: int | None) -> FuturePeriod | None:
        """Future period `number` (1-based); None for None (past the cap) or 0 (nothing left)."""
        return self.periods[number - 1] if number else None


def _value(items: Sequence[WorkItem], imputed: float | None, unit: str) -> float:
    """Items' count, or points (an unpointed item at `imputed`)."""
    if unit == "items":
        return float(len(items))
    return points_of(items) + sum(item.points is None for item in items) * (imputed or 0.0)


def _sprint_history(
    backlog: Sequence[WorkItem], workflow: Workflow, sprints: Sequence[Sprint], as_of: dt.date
) -> tuple[list[float], list[str], list[dt.date], str | None]:
    """Points completed per finished sprint, labels, end days, or why there is no history."""
    finished = finished_sprints(sprints, as_of)
    if not finished:
        return [], [], [], f"no finished sprint before {as_of}: velocity needs at least one"
    values = [points_of(completed_in(backlog, workflow, s)) for s in finished]
    reason = None
    if not any(values):
        reason = (
            f"the {len(finished)} finished sprint(s) completed no story points: write `points` "
            "on the items, or forecast from throughput (--basis throughput)"
        )
    return values, [s.id for s in finished], [s.end for s in finished], reason


def _week_history(
    backlog: Sequence[WorkItem], workflow: Workflow, as_of: dt.date
) -> tuple[list[float], list[str], list[dt.date], str | None]:
    """Items done per whole week from the first start through the day before `as_of`."""
    starts = [day for item in backlog if is_work(item) and (day := started_on(item, workflow))]
    first = min(starts, default=None)
    if first is None or (as_of - first).days < 7:
        return [], [], [], f"no whole week of work before {as_of}: throughput needs at least one"
    counts = done_per_period(backlog, workflow, start=first, end=as_of - dt.timedelta(days=1))
    ends = [first + dt.timedelta(days=7 * k + 6) for k in range(counts.size)]
    values = [float(c) for c in counts]
    reason = None
    if not any(values):
        reason = f"no work item was done in the {counts.size} whole week(s) before {as_of}"
    return (
        values,
        [f"week of {first + dt.timedelta(days=7 * k)}" for k in range(counts.size)],
        ends,
        reason,
    )


def sprint_cadence(
    sprints: Sequence[Sprint], as_of: dt.date, sprint_days: int | None, count: int
) -> list[FuturePeriod]:
    """`count` future sprints: the file's not finished at `as_of`, then the cadence after the last.

    The cadence's sprints that end before `as_of` are past and left out: after the file's
    last sprint, the first future sprint is the cadence's sprint under way at `as_of`.

    A sprint continuing the cadence lasts `sprint_days` and starts the day after the
    previous one ends; without `sprint_days` it lasts as long as the file's last sprint
    and starts as many days after the previous one's start as the last sprint started
    after the one before it (a team of Monday-to-Friday sprints keeps its weekends).
    """
    if count < 1:
        return []
    ordered = sorted(sprints, key=lambda s: (s.start, s.end))
    out = [
        FuturePeriod(i + 1, s.start, s.end, s.id)
        for i, s in enumerate(s for s in ordered if s.end >= as_of)
    ][:count]
    last = ordered[-1]
    length = sprint_days or (last.end - last.start).days + 1
    step = length
    if sprint_days is None and len(ordered) > 1:
        step = max(length, (last.start - ordered[-2].start).days)
    start = max(last.start + dt.timedelta(days=step), last.end + dt.timedelta(days=1))
    # Sprints of the cadence that ended before `as_of` are past: the first is the one under
    # way at `as_of` (or the next).
    behind = (as_of - (start + dt.timedelta(days=length - 1))).days
    if behind > 0:
        start += dt.timedelta(days=step * -(-behind // step))
    while len(out) < count:
        out.append(FuturePeriod(len(out) + 1, start, start + dt.timedelta(days=length - 1)))
        start += dt.timedelta(days=step)
    return out


def future_weeks(as_of: dt.date, count: int) -> list[FuturePeriod]:
    """`count` future weeks, the first starting on `as_of`."""
    return [
        FuturePeriod(k + 1, as_of + dt.timedelta(days=7 * k), as_of + dt.timedelta(days=7 * k + 6))
        for k in range(count)
    ]


def _burnup(
    scope: ReleaseScope,
    workflow: Workflow,
    labels: Sequence[str],
    ends: Sequence[dt.date],
    imputed: float | None,
    unit: str,
) -> list[BurnupPoint]:
    """Done and scope at each past period's end; the scope holds items created by then."""
    every = [*scope.done, *scope.remaining]
    out = []
    for label, end in zip(labels, ends, strict=True):
        done = [i for i in scope.done if (d := done_on(i, workflow)) is None or d <= end]
        known = [i for i in every if i.created is None or i.created <= end]
        out.append(
            BurnupPoint(label, end, _value(done, imputed, unit), _value(known, imputed, unit))
        )
    return out


def _future(
    runs: PeriodsToFinish,
    reach: int,
    deadline: dt.date | None,
    basis: ForecastBasis,
    sprints: Sequence[Sprint],
    as_of: dt.date,
    sprint_days: int | None,
) -> list[FuturePeriod]:
    """The future periods through the `reach`-th, and on to the deadline (at most the cap)."""

    def make(count: int) -> list[FuturePeriod]:
        if basis == "velocity":
            return sprint_cadence(sprints, as_of, sprint_days, count)
        return future_weeks(as_of, count)

    periods = make(reach)
    while deadline is not None and periods and periods[-1].end < deadline:
        if len(periods) >= runs.cap:
            break
        periods = make(min(runs.cap, 2 * len(periods)))
    return periods


def forecast_release(
    *,
    backlog: Sequence[WorkItem],
    workflow: Workflow,
    sprints: Sequence[Sprint],
    as_of: dt.date,
    basis: ForecastBasis,
    rng: np.random.Generator,
    iterations: int = 10000,
    cutline: str | None = None,
    sprint_days: int | None = None,
    deadline: dt.date | None = None,
    percentiles: Sequence[int] = RELEASE_PERCENTILES,
    level: LevelMode = "fixed",
    prior: LevelPrior = DEFAULT_PRIOR,
) -> ReleaseForecast:
    """The sprint (velocity) or week (throughput) by which the release is done, at each q.

    `cutline` must be the id of an item of `backlog`. Periods needed come from
    `periods_to_finish` over the history (points per finished sprint, or items per whole
    week from the first week with work started through the day before `as_of`); the
    future periods are `sprint_cadence` or `future_weeks`. With `level` `past` the runs
    then move by the level factor of the history's past errors (`level_moved`, `prior`);
    `fixed` leaves them as drawn. With no history to resample the result has no runs and
    says why in `reason`.
    """
    scope = release_scope(backlog, workflow, as_of, cutline)
    unit: Literal["points", "items"] = "points" if basis == "velocity" else "items"
    pointed = [i.points for i in backlog if is_work(i) and i.points is not None]
    imputed = float(statistics.median(pointed)) if unit == "points" and pointed else None
    unpointed = sum(i.points is None for i in scope.remaining) if unit == "points" else 0
    if unit == "points":
        values, labels, ends, reason = _sprint_history(backlog, workflow, sprints, as_of)
    else:
        values, labels, ends, reason = _week_history(backlog, workflow, as_of)
    remaining = _value(scope.remaining, imputed, unit)
    if unit == "points" and unpointed and imputed is None:
        reason = f"no work item has story points: {unpointed} remaining item(s) cannot be measured"
    runs = None
    spread = None
    if not scope.remaining:
        runs, reason = PeriodsToFinish(np.zeros(iterations, dtype=np.int64), 0), None
    elif reason is None:
        runs = periods_to_finish(values, remaining, iterations, rng)
        if level == "past" and remaining > 0:
            runs, spread = level_moved(runs, values, remaining, rng, prior)
    found = runs.percentiles(percentiles) if runs is not None else {}
    reach = max([0, *(v for v in found.values() if v is not None)])
    if runs is not None and any(v is None for v in found.values()):
        reach = runs.cap
    periods: list[FuturePeriod] = []
    chance = None
    if runs is not None:
        periods = _future(runs, reach, deadline, basis, sprints, as_of, sprint_days)
        if deadline is not None:
            chance = runs.chance_within(sum(p.end <= deadline for p in periods))
    done = _value(scope.done, imputed, unit)
    projections = [
        Projection(q, as_of, done, periods[n - 1].end, done + remaining)
        for q, n in found.items()
        if n
    ]
    return ReleaseForecast(
        basis=basis,
        unit=unit,
        as_of=as_of,
        scope=scope,
        done=done,
        remaining=remaining,
        unpointed=unpointed,
        imputed=imputed if unpointed else None,
        history=tuple(values),
        history_labels=tuple(labels),
        runs=runs,
        percentiles=found,
        periods=tuple(periods),
        deadline=deadline,
        deadline_chance=chance,
        burnup=tuple(_burnup(scope, workflow, labels, ends, imputed, unit)),
        projections=tuple(projections),
        reason=reason,
        level_mode=level,
        level=spread,
    )
