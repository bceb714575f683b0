"""Training runs as logged: scalar histories (metric, step, wall time) read from a run's log.

Pure data: adapters (`integrations.tensorboard`, `formats.training_csv`, `integrations.mlflow`,
`formats.metrics_file`) read the logs; `app.runs.fetch_run` picks the adapter for a task's
`run:` link.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from steerco.codes import Code
from steerco.errors import Diagnostic, Severity
from steerco.types import BoolArray, FloatArray, IntArray

__all__ = [
    "LATEST_WALL_TIME",
    "RunFetch",
    "RunHistory",
    "ScalarPoint",
    "ScalarSeries",
    "plausible",
]

LATEST_WALL_TIME = 253_402_300_799.0
"""9999-12-31 23:59:59 UTC: a wall time past it (milliseconds, say) is no POSIX time."""


@dataclass(frozen=True)
class ScalarPoint:
    """One logged value of a scalar: the step, the value and when (POSIX seconds, if known)."""

    step: int
    value: float
    wall_time: float | None = None


class ScalarSeries(Sequence[ScalarPoint]):
    """One scalar's points held as NumPy arrays: steps, values and wall times.

    A sequence of `ScalarPoint`, each built when asked for, so a long log costs 24 bytes a
    point instead of a Python object per point. `known` marks the points that have a wall
    time (None: all of them). It equals any sequence of the same points, a tuple of
    `ScalarPoint` included.
    """

    __slots__ = ("known", "steps", "values", "wall_times")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        steps: IntArray,
        values: FloatArray,
        wall_times: FloatArray,
        known: BoolArray | None = None,
    ) -> None:
        if not steps.shape == values.shape == wall_times.shape:
            raise ValueError("steps, values and wall times must have one length")
        self.steps = steps
        self.values = values
        self.wall_times = wall_times
        self.known = known

    def __len__(self) -> int:
        return int(self.steps.size)

    @overload
    def __getitem__(self, index: int) -> ScalarPoint: ...

    @overload
    def __getitem__(self, index: slice) -> ScalarSeries: ...

    def __getitem__(self, index: int | slice) -> ScalarPoint | ScalarSeries:
        known = self.known
        if isinstance(index, slice):
            part = None if known is None else known[index]
            return ScalarSeries(self.steps[index], self.values[index], self.wall_times[index], part)
        timed = known is None or bool(known[index])
        wall = float(self.wall_times[index]) if timed else None
        return ScalarPoint(int(self.steps[index]), float(self.values[index]), wall)

    def __iter__(self) -> Iterator[ScalarPoint]:
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))

    def __repr__(self) -> str:
        return f"ScalarSeries({list(self)!r})"

    def timed(self) -> FloatArray:
        """The wall times of the points that have one."""
        return self.wall_times if self.known is None else self.wall_times[self.known]


def _timed(points: Sequence[ScalarPoint], before: float | None) -> FloatArray:
    """The wall times of `points` that are known (and earlier than `before`, if given)."""
    if isinstance(points, ScalarSeries):
        walls = points.timed()
    else:
        walls = np.array([p.wall_time for p in points if p.wall_time is not None], dtype=float)
    return walls if before is None else walls[walls < before]


@dataclass(frozen=True)
class RunHistory:
    """Every scalar a run logged, by tag, each in step order (then wall time).

    `epochs`: the epoch reached at each logged step, where the log records epochs
    (Keras' and Lightning's CSV loggers; a TensorBoard `epoch` scalar), as
    (step, epochs completed) pairs in step order.
    """

    scalars: Mapping[str, Sequence[ScalarPoint]]
    """Each tag's points: a tuple, or a `ScalarSeries` (arrays) from the TensorBoard reader."""
    source: str
    """Where it was read, for messages: a path or an MLflow run id."""
    run: str | None = None
    epochs: tuple[tuple[int, float], ...] = ()
    unread: tuple[str, ...] = ()
    """Scalar tags the log holds that were not asked for (not in `scalars`): named, unread."""

    def tags(self) -> tuple[str, ...]:
        """The scalar tags the log holds, sorted (those not read included)."""
        return tuple(sorted({*self.scalars, *self.unread}))

    def series(self, tag: str) -> Sequence[ScalarPoint]:
        """The points of `tag` (empty when the run never logged it, or it was not read)."""
        return self.scalars.get(tag, ())

    def last_step(self, tag: str | None = None) -> int | None:
        """The largest step logged for `tag`, or for any tag; None when nothing was logged."""
        chosen = [self.series(tag)] if tag is not None else list(self.scalars.values())
        steps = [points[-1].step for points in chosen if points]
        return max(steps) if steps else None

    def wall_times(self, before: float | None = None) -> tuple[float, float] | None:
        """The first and last wall time of any logged point (earlier than `before`, if given).

        None when no point carries one.
        """
        found = [_timed(points, before) for points in self.scalars.values()]
        found = [times for times in found if times.size]
        if not found:
            return None
        return min(float(t.min()) for t in found), max(float(t.max()) for t in found)


@dataclass(frozen=True)
class RunFetch:
    """What reading a run's log gave: its history (None when nothing could be read) and why.

    `warnings` are `run_log_unreadable` diagnostics (a truncated or damaged event file, a
    CSV row that does not read); `missing` says why there is no history at all.
    """

    history: RunHistory | None
    warnings: tuple[Diagnostic, ...] = field(default=())
    missing: str | None = None


def _plausible_point(point: ScalarPoint) -> tuple[ScalarPoint, bool]:
    """The point with an impossible wall time dropped (and whether one was)."""
    wall = point.wall_time
    if wall is None or (math.isfinite(wall) and 0.0 <= wall <= LATEST_WALL_TIME):
        return point, False
    return dataclasses.replace(point, wall_time=None), True


def _plausible_series(series: ScalarSeries) -> tuple[ScalarSeries, int, int]:
    """`_plausible_point` over a whole series: (kept series, negative steps, wall times dropped)."""
    keep = series.steps >= 0
    walls = series.wall_times[keep]
    known = np.ones(walls.size, dtype=bool) if series.known is None else series.known[keep]
    with np.errstate(invalid="ignore"):
        bad = known & ~(np.isfinite(walls) & (walls >= 0.0) & (walls <= LATEST_WALL_TIME))
    negative, timeless = int((~keep).sum()), int(bad.sum())
    if not negative and not timeless:
        return series, 0, 0
    still = known & ~bad
    cleaned = ScalarSeries(
        series.steps[keep], series.values[keep], walls, None if still.all() else still
    )
    return cleaned, negative, timeless


def plausible(fetched: RunFetch, file: str | None) -> RunFetch:
    """`fetched` without what no run can log: negative steps, impossible wall times.

    A point at a negative step is dropped; a wall time that is not finite, before 1970 or
    after the year 9999 (milliseconds read as seconds) is dropped from its point. Each kind
    found adds one `run_log_unreadable` warning (at `file`, when the log is a file).
    """
    history = fetched.history
    if history is None:
        return fetched
    negative = timeless = 0
    scalars: dict[str, Sequence[ScalarPoint]] = {}
    for tag, points in history.scalars.items():
        if isinstance(points, ScalarSeries):
            scalars[tag], left_out, untimed = _plausible_series(points)
            negative += left_out
            timeless += untimed
            continue
        kept: list[ScalarPoint] = []
        for point in points:
            if point.step < 0:
                negative += 1
                continue
            point, dropped = _plausible_point(point)
            timeless += dropped
            kept.append(point)
        scalars[tag] = tuple(kept)
    if not negative and not timeless:
        return fetched
    where = "" if file is not None else f"{history.source}: "
    found: list[Diagnostic] = []
    if negative:
        message = f"{where}{negative} logged value(s) at a negative step were left out"
        found.append(_unreadable(message, file))
    if timeless:
        message = (
            f"{where}{timeless} wall time(s) are no time in seconds since 1970 (not a number, "
            "before 1970 or after 9999: milliseconds?) and were left out"
        )
        found.append(_unreadable(message, file))
    epochs = tuple((step, done) for step, done in history.epochs if step >= 0)
    cleaned = dataclasses.replace(history, scalars=scalars, epochs=epochs)
    return dataclasses.replace(fetched, history=cleaned, warnings=(*fetched.warnings, *found))


def _unreadable(message: str, file: str | None) -> Diagnostic:
    """A `run_log_unreadable` warning about the log at `file` (None: an MLflow run)."""
    return Diagnostic(Code.run_log_unreadable, message, (), file, severity=Severity.warning)
