"""Training logs written by CSV loggers: Keras' `CSVLogger` and Lightning's `CSVLogger`.

Keras writes one row per finished epoch, `epoch` counted from 0, then one column per
metric (`epoch,loss,val_loss,...`): a row's step is its epoch, and epoch e done means e + 1
epochs complete. Lightning writes `lightning_logs/version_N/metrics.csv` with `epoch` and
`step` columns and one column per metric, sparse (a cell is empty where that metric was
not logged); `epoch` is the epoch in progress (see `epochs_in_progress`). Neither logger
records the time; a `wall_time`, `timestamp` or `time` column (POSIX seconds or an ISO
date and time, UTC unless it says otherwise) gives wall times, else they stay unknown.

A row or cell that does not read is a `run_log_unreadable` warning at its line, and the
rest of the file is used. When a step of a metric is logged twice, the later row counts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, Severity
from steerco.formats.csv_table import Record, read_table
from steerco.track.runs import RunFetch, RunHistory, ScalarPoint

__all__ = ["LIGHTNING_FILE", "TIME_COLUMNS", "epochs_in_progress", "read_training_csv"]

LIGHTNING_FILE = "metrics.csv"
TIME_COLUMNS = ("wall_time", "timestamp", "time")


def epochs_in_progress(
    rows: Iterable[tuple[int, float]], ended: Iterable[tuple[int, int]] = ()
) -> tuple[tuple[int, float], ...]:
    """(step, epochs completed) from (step, epoch in progress, 0-based) as Lightning logs them.

    At the first step logged in epoch e, e epochs are complete; at the last step logged in
    epoch e, e + 1 are when a later epoch follows; `ended` adds (step, epoch) pairs known
    to close their epoch. One pair per step where the count grows, in step order.
    """
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for step, epoch in rows:
        e = int(epoch)
        first[e] = min(step, first.get(e, step))
        last[e] = max(step, last.get(e, step))
    marks = [(step, float(e)) for e, step in first.items()]
    marks += [(last[e], float(e + 1)) for e in last if any(f > e for f in last)]
    marks += [(step, float(e + 1)) for step, e in ended]
    counts: dict[int, float] = {}
    for step, count in marks:
        counts[step] = max(count, counts.get(step, count))
    out: list[tuple[int, float]] = []
    for step in sorted(counts):
        if not out or counts[step] > out[-1][1]:
            out.append((step, counts[step]))
    return tuple(out)


@dataclass
class _Log:
    """What the rows gave: points by metric and step, (step, epoch) per row, and warnings."""

    file: str
    points: dict[str, dict[int, ScalarPoint]] = field(default_factory=dict)
    epochs: list[tuple[int, int]] = field(default_factory=list)
    where: dict[tuple[str, int], int] = field(default_factory=dict)
    """(metric, step) -> the epoch of the row that logged it."""
    warnings: list[Diagnostic] = field(default_factory=list)

    def warn(self, message: str, line: int | None = None) -> None:
        """A `run_log_unreadable` warning at `line` of the file."""
        self.warnings.append(
            Diagnostic(
                Code.run_log_unreadable, message, (), self.file, line, severity=Severity.warning
            )
        )


def _whole(text: str, name: str) -> int:
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"`{name}` is {text!r}, not a whole number") from None
    if not number.is_integer() or number < 0:
        raise ValueError(f"`{name}` is {text!r}, not a whole number")
    return int(number)


def _wall_time(text: str, name: str) -> float:
    """POSIX seconds from a number or an ISO date and time (UTC unless it names a zone)."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
    if seconds is not None and math.isfinite(seconds):
        return seconds
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"`{name}` is {text!r}: write POSIX seconds or a date and time such as "
            "2027-05-03T14:30:00Z"
        ) from None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).timestamp()


def _row(log: _Log, record: Record, header: tuple[str, ...], lightning: bool) -> None:
    """Add one row's metrics to `log`; a row or cell that does not read is a warning."""
    if len(record.cells) != len(header):
        log.warn(
            f"the row has {len(record.cells)} cells and the header {len(header)}; it is left out",
            record.line,
        )
        return
    cells = {name: cell.strip() for name, cell in zip(header, record.cells, strict=True)}
    try:
        epoch = _whole(cells["epoch"], "epoch") if cells["epoch"] else None
        step = _whole(cells["step"], "step") if lightning else epoch
    except ValueError as error:
        log.warn(f"{error}; the row is left out", record.line)
        return
    if step is None:
        log.warn("the row has no step; it is left out", record.line)
        return
    if epoch is not None:
        log.epochs.append((step, epoch))
    wall_time = None
    time_name = next((n for n in TIME_COLUMNS if cells.get(n)), None)
    if time_name is not None:
        try:
            wall_time = _wall_time(cells[time_name], time_name)
        except ValueError as error:
            log.warn(str(error), record.line)
    for name, cell in cells.items():
        if name in ("epoch", "step", *TIME_COLUMNS) or not cell:
            continue
        try:
            value = float(cell)
        except ValueError:
            log.warn(f"`{name}` is {cell!r}, not a number; the value is left out", record.line)
            continue
        log.points.setdefault(name, {})[step] = ScalarPoint(step, value, wall_time)
        if epoch is not None:
            log.where[(name, step)] = epoch


def _epoch_ends(log: _Log) -> list[tuple[int, int]]:
    """(step, epoch) where a Lightning epoch's once-per-epoch values (validation) were logged.

    A metric is logged once per epoch when no epoch holds two of its values and it is
    named so (`val...`, `..._epoch`) or two epochs hold it.
    """
    per_metric: dict[str, dict[int, list[int]]] = {}
    for (name, step), epoch in log.where.items():
        per_metric.setdefault(name, {}).setdefault(epoch, []).append(step)
    ends: list[tuple[int, int]] = []
    for name, by_epoch in per_metric.items():
        once = all(len(steps) == 1 for steps in by_epoch.values())
        named = name.startswith("val") or name.endswith("_epoch")
        if once and (named or len(by_epoch) >= 2):
            ends += [(steps[0], epoch) for epoch, steps in by_epoch.items()]
    return ends


def _file(path: Path) -> Path:
    return path / LIGHTNING_FILE if path.is_dir() else path


def read_training_csv(path: Path) -> RunFetch:
    """The metrics of a Keras or Lightning CSV log (a file, or a Lightning version directory).

    `missing` when the log does not exist yet; a file that cannot be read at all, or rows
    that do not read, are `run_log_unreadable` warnings.
    """
    file = _file(path)
    if not file.exists():
        return RunFetch(None, missing=f"no CSV training log at {file} yet")
    log = _Log(str(file))
    try:
        table = read_table(file)
    except ProjectError as error:
        for d in error.diagnostics:
            message = {
                Code.missing_field: "the log is empty: not even a header line",
                Code.unreadable_file: f"cannot read the log as text: {d.message.split(';')[0]}",
            }.get(d.code, d.message)
            log.warn(message, d.line)
        return RunFetch(None, tuple(log.warnings), f"nothing could be read from {file}")
    header = table.header
    lightning = "step" in header
    if "epoch" not in header or len(set(header)) != len(header):
        log.warn(
            "the header names no `epoch` column (Keras' CSVLogger writes `epoch,loss,...`, "
            "Lightning's `epoch,step,...`), or a column twice",
            1,
        )
        return RunFetch(None, tuple(log.warnings), f"nothing could be read from {file}")
    for record in table.records:
        _row(log, record, header, lightning)
    warnings = tuple(log.warnings)
    if not any(log.points.values()):
        return RunFetch(None, warnings, f"no metric value in {file}")
    scalars = {
        name: tuple(by_step[s] for s in sorted(by_step)) for name, by_step in log.points.items()
    }
    if lightning:
        epochs = epochs_in_progress(log.epochs, _epoch_ends(log))
    else:
        epochs = tuple((step, float(epoch + 1)) for step, epoch in sorted(set(log.epochs)))
    return RunFetch(RunHistory(scalars, str(file), epochs=epochs), warnings)
