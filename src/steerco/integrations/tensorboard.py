"""Scalars from TensorBoard event files (optional extra `steerco[tensorboard]`).

TensorFlow/Keras callbacks and PyTorch's `SummaryWriter` write event files (`*tfevents*`);
they are read with tensorboard's own record reader and event protos, and both scalar
encodings come back alike: `simple_value` (TF1, PyTorch) and a one-element tensor (TF2's
`tf.summary.scalar`, in `float_val`, `double_val` or `tensor_content`).

A log directory is read with every event file below it: a file in a subdirectory names its
scalars `<subdirectory>/<tag>` (Keras writes `train/epoch_loss` and `validation/epoch_auc`);
a file at the top, or an event file given itself, keeps its tags as written. When a step of
a tag was logged more than once (a run resumed from a checkpoint), the value written last
counts. A damaged file (cut mid-record, a failed checksum, bytes that are no events, empty)
gives a `run_log_unreadable` warning located at the file, and what was read before the
damage is kept. An `epoch` scalar (Lightning's TensorBoardLogger writes one) gives the
history's epochs.

Each scalar is kept as three compact arrays (steps, values, wall times: 24 bytes a point,
`track.runs.ScalarSeries`), and a caller that needs only some tags names them (`tags`):
the others are named in the history (`unread`) but their points are not kept.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from steerco.codes import Code
from steerco.errors import Diagnostic, Severity
from steerco.formats.training_csv import epochs_in_progress
from steerco.track.runs import RunFetch, RunHistory, ScalarSeries

__all__ = ["INSTALL_HINT", "event_files", "read_tensorboard"]

INSTALL_HINT = "pip install 'steerco[tensorboard]'"
_SCALARS = "scalars"
_EPOCH = "epoch"


@dataclass
class _Points:
    """One tag's points in the order written: steps, wall times and values, 24 bytes each."""

    steps: array[int] = field(default_factory=lambda: array("q"))
    walls: array[float] = field(default_factory=lambda: array("d"))
    values: array[float] = field(default_factory=lambda: array("d"))

    def series(self) -> ScalarSeries:
        """The points by step, the value written last counting (by wall time, then order)."""
        steps = np.frombuffer(self.steps, dtype=np.int64)
        walls = np.frombuffer(self.walls, dtype=np.float64)
        order = np.lexsort((np.arange(steps.size), walls, steps))  # by step, wall, order
        ranked = steps[order]
        last = np.ones(ranked.size, dtype=bool)
        last[:-1] = ranked[1:] != ranked[:-1]  # the last of each step's run
        kept = order[last]
        values = np.frombuffer(self.values, dtype=np.float64)
        return ScalarSeries(steps[kept].copy(), values[kept].copy(), walls[kept].copy())


@dataclass
class _Found:
    """Points read so far, by tag (only the tags asked for), the tags seen, and damage."""

    wanted: frozenset[str] | None = None
    points: dict[str, _Points] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    plugins: dict[str, str] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    def add(self, tag: str, step: int, wall_time: float, value: float) -> None:
        """Note a scalar tag, and keep its point when the tag is one asked for."""
        self.seen.add(tag)
        if self.wanted is not None and tag not in self.wanted:
            return
        kept = self.points.get(tag)
        if kept is None:
            kept = self.points[tag] = _Points()
        kept.steps.append(step)
        kept.walls.append(wall_time)
        kept.values.append(value)

    def damaged(self, file: Path, message: str) -> None:
        """Note a file that could not be read to its end."""
        self.warnings.append(
            Diagnostic(Code.run_log_unreadable, message, (), str(file), severity=Severity.warning)
        )


def event_files(path: Path) -> list[Path]:
    """The event files of a log directory (recursively, sorted), or the event file itself."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if "tfevents" in p.name and p.is_file())


def _records(file: Path, found: _Found) -> Iterator[bytes]:
    """The file's records in order; damage stops the reading and is noted."""
    from tensorboard.backend.event_processing import event_file_loader
    from tensorboard.compat import tf

    count = 0
    try:
        # The loader's own record iterator: TensorFlow's when installed, else tensorboard's
        # pure-Python reader; unlike the loader's Load(), it reports a damaged record.
        for record in event_file_loader._make_tf_record_iterator(str(file)):
            count += 1
            yield record
    except tf.errors.DataLossError as error:
        text = str(error)
        what = (
            "is cut off mid-record"
            if "truncated" in text
            else "has a record whose checksum fails"
            if "crc" in text
            else f"is damaged ({text})"
        )
        read = f"the {count} event(s) before it are used" if count else "nothing in it is read"
        found.damaged(file, f"the event file {what}; {read}")
        return
    except (tf.errors.OpError, OSError) as error:
        found.damaged(file, f"cannot read the event file: {error}")
        return
    if count == 0:
        found.damaged(file, "the event file is empty: it holds no events")


def _read_file(file: Path, prefix: str, found: _Found) -> None:
    """Add every scalar of one event file to `found`, tags prefixed with `prefix`."""
    from google.protobuf.message import DecodeError
    from tensorboard.compat.proto import event_pb2

    for record in _records(file, found):
        try:
            event = event_pb2.Event.FromString(record)
        except (DecodeError, ValueError) as error:
            found.damaged(file, f"a record is not a TensorBoard event ({error}); reading stops")
            return
        if not event.HasField("summary"):
            continue
        for value in event.summary.value:
            number = _scalar(value, prefix + value.tag, found)
            if number is not None:
                found.add(prefix + value.tag, int(event.step), float(event.wall_time), number)


def _scalar(value: Any, tag: str, found: _Found) -> float | None:
    """The number of a scalar summary value, None for any other (image, histogram, text).

    A scalar is a `simple_value`, or a one-element number tensor of a tag whose plugin is
    the scalars plugin (named by the tag's first value, as TF2 writes it) or none. This is
    what tensorboard's `data_compat` migration reads, without building the tensors.
    """
    from tensorboard.compat.proto import types_pb2
    from tensorboard.util import tensor_util

    if value.HasField("metadata") and value.metadata.plugin_data.plugin_name:
        found.plugins.setdefault(tag, value.metadata.plugin_data.plugin_name)
    kind = value.WhichOneof("value")
    if kind == "simple_value":
        return float(value.simple_value)
    if kind != "tensor" or found.plugins.get(tag, _SCALARS) != _SCALARS:
        return None
    tensor = value.tensor
    if any(d.size != 1 for d in tensor.tensor_shape.dim):
        return None
    if tensor.dtype == types_pb2.DT_FLOAT and len(tensor.float_val) == 1:
        return float(tensor.float_val[0])
    if tensor.dtype == types_pb2.DT_DOUBLE and len(tensor.double_val) == 1:
        return float(tensor.double_val[0])
    try:
        array = tensor_util.make_ndarray(tensor)
    except (TypeError, ValueError):
        return None
    if array.size != 1 or array.dtype.kind not in "biuf":
        return None
    return float(array.reshape(-1)[0])


def _prefix(file: Path, root: Path) -> str:
    """`<subdirectory>/` for a file below the log directory, empty at its top."""
    if file == root:
        return ""
    parent = file.parent.relative_to(root).as_posix()
    return "" if parent == "." else parent + "/"


def read_tensorboard(path: Path, *, tags: Collection[str] | None = None) -> RunFetch:
    """The scalars in the TensorBoard log at `path` (a log directory or one event file).

    `tags`: the scalars to keep (with `epoch`, which gives the epochs); None keeps every
    one. The other scalars are named in the history's `unread`. `missing` when the path
    does not exist, tensorboard is not installed, or no scalar could be read; damaged files
    are warnings and what was read before the damage is kept.
    """
    if not path.exists():
        return RunFetch(None, missing=f"no TensorBoard log at {path} yet")
    try:
        import tensorboard.backend.event_processing.event_file_loader  # noqa: F401
    except ImportError:
        return RunFetch(
            None,
            missing=f"reading TensorBoard logs needs the tensorboard package: {INSTALL_HINT}",
        )
    found = _Found(None if tags is None else frozenset({*tags, _EPOCH}))
    try:
        files = event_files(path)
    except OSError as error:
        found.damaged(path, f"cannot list the log directory: {error.strerror or error}")
        files = []
    if not files and not found.warnings:
        found.damaged(path, "the log directory holds no TensorBoard event files (named *tfevents*)")
    for file in files:
        _read_file(file, _prefix(file, path), found)
    warnings = tuple(found.warnings)
    if not found.seen:
        return RunFetch(None, warnings, f"no scalar could be read from {path}")
    scalars = {tag: found.points[tag].series() for tag in sorted(found.points)}
    epoch = scalars.get(_EPOCH)
    pairs = [] if epoch is None else zip(epoch.steps.tolist(), epoch.values.tolist(), strict=True)
    history = RunHistory(
        scalars,
        str(path),
        epochs=epochs_in_progress(list(pairs)),
        unread=tuple(sorted(found.seen - set(scalars))),
    )
    return RunFetch(history, warnings)
