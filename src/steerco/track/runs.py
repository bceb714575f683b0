"""Training runs as logged: scalar histories (metric, step, wall time) read from a run's log.

Pure data: adapters (`integrations.tensorboard`, `formats.training_csv`, `integrations.mlflow`,
`formats.metrics_file`) read the logs; `app.runs.fetch_run` picks the adapter for a task's
`run:` link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from steerco.errors import Diagnostic

__all__ = ["RunFetch", "RunHistory", "ScalarPoint"]


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
