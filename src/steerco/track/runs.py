"""Training runs as logged: scalar histories (metric, step, wall time) read from a run's log.

Pure data: adapters (`integrations.tensorboard`, `formats.training_csv`, `integrations.mlflow`,
`formats.metrics_file`) read the logs; `app.runs.fetch_run` picks the adapter for a task's
`run:` link.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from steerco.codes import Code
from steerco.errors import Diagnostic, Severity

__all__ = ["LATEST_WALL_TIME", "RunFetch", "RunHistory", "ScalarPoint", "plausible"]

LATEST_WALL_TIME = 253_402_300_799.0
"""9999-12-31 23:59:59 UTC: a wall time past it (milliseconds, say) is no POSIX time."""


@dataclass(frozen=True)
class ScalarPoint:
    """One logged value of a scalar: the step, the value and when (POSIX seconds, if known)."""

    step: int
    value: float
    wall_time: float | None = None


@dataclass(frozen=True)
class RunHistory:
    """Every scalar a run logged, by tag, each in step order (then wall time).

    `epochs`: the epoch reached at each logged step, where the log records epochs
    (Keras' and Lightning's CSV loggers; a TensorBoard `epoch` scalar), as
    (step, epochs completed) pairs in step order.
    """

    scalars: Mapping[str, tuple[ScalarPoint, ...]]
    source: str
    """Where it was read, for messages: a path or an MLflow run id."""
    run: str | None = None
    epochs: tuple[tuple[int, float], ...] = ()

    def tags(self) -> tuple[str, ...]:
        """The scalar tags, sorted."""
        return tuple(sorted(self.scalars))

    def series(self, tag: str) -> tuple[ScalarPoint, ...]:
        """The points of `tag` (empty when the run never logged it)."""
        return self.scalars.get(tag, ())

    def last_step(self, tag: str | None = None) -> int | None:
        """The largest step logged for `tag`, or for any tag; None when nothing was logged."""
        chosen = [self.series(tag)] if tag is not None else list(self.scalars.values())
        steps = [points[-1].step for points in chosen if points]
        return max(steps) if steps else None

    def wall_times(self) -> tuple[float, float] | None:
        """The first and last wall time of any logged point; None when none carries one."""
        times = [
            p.wall_time
            for points in self.scalars.values()
            for p in points
            if p.wall_time is not None
        ]
        return (min(times), max(times)) if times else None


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
    scalars: dict[str, tuple[ScalarPoint, ...]] = {}
    for tag, points in history.scalars.items():
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
