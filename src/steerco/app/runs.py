"""Read a training task's run from its log: TensorBoard, a CSV logger, MLflow, a metrics file.

Each source has its adapter (`integrations.tensorboard`, `formats.training_csv`,
`integrations.mlflow`, `formats.metrics_file`), imported only when a run of that source is
read. A log that does not exist yet, or a missing optional package, is `missing`; a damaged
log is `run_log_unreadable` warnings with what could be read; nothing here raises for a log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from pathlib import Path

from steerco.codes import Code
from steerco.errors import Diagnostic, Severity
from steerco.model.run import RunLink
from steerco.track.runs import RunFetch, plausible

__all__ = ["RunReader", "fetch_run", "read_run"]

RunReader = Callable[[RunLink, Path], RunFetch]
"""Reads a run's log: (the task's `run:`, the project file's folder) -> what it gave."""


def fetch_run(link: RunLink, *, base: Path, tags: Collection[str] | None = None) -> RunFetch:
    """The scalar history of `link`'s run; a file path is relative to `base`.

    A `tag` the log does not hold (while it holds others) adds a `run_log_unreadable`
    warning naming the tags it has; so do negative steps and impossible wall times, which
    are left out (`track.runs.plausible`). `tags`: the scalars the caller reads (a
    TensorBoard log keeps only those, and `epoch`, naming the others; other sources read
    every one); None: every scalar.
    """
    file: str | None = None
    if link.source == "mlflow":
        from steerco.integrations.mlflow import fetch_mlflow_run

        assert link.uri is not None
        fetched = fetch_mlflow_run(link.uri, experiment=link.experiment, run=link.run)
    else:
        assert link.path is not None
        path = base / link.path
        file = str(path)
        if link.source == "tensorboard":
            from steerco.integrations.tensorboard import read_tensorboard

            fetched = read_tensorboard(path, tags=tags)
        elif link.source == "csv":
            from steerco.formats.training_csv import read_training_csv

            fetched = read_training_csv(path)
        else:
            from steerco.formats.metrics_file import read_metrics_run

            fetched = read_metrics_run(path, run=link.run)
    return _check_tag(plausible(fetched, file), link.tag, file)


def read_run(link: RunLink, base: Path) -> RunFetch:
    """`fetch_run` as a `RunReader`: the default reader of the use cases that read runs."""
    return fetch_run(link, base=base)


def _check_tag(fetched: RunFetch, tag: str | None, file: str | None) -> RunFetch:
    """Add a warning when the run's `tag` is not among the scalars that were read."""
    history = fetched.history
    if tag is None or history is None or tag in history.scalars:
        return fetched
    message = (
        f"the run's log has no scalar {tag!r}; it has {', '.join(history.tags())}: "
        "name one of them as the run's `tag`"
    )
    if file is None:
        message = f"{history.source}: {message}"
    warning = Diagnostic(Code.run_log_unreadable, message, (), file, severity=Severity.warning)
    return dataclasses.replace(fetched, warnings=(*fetched.warnings, warning))
