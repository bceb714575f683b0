"""Test-only writers of training logs with known curves: TensorBoard event files.

Written with tensorboard's own event writer (a dev dependency), as TensorFlow/Keras callbacks
and PyTorch's SummaryWriter write them: one `Event` per scalar value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["write_tensorboard"]

Point = tuple[int, float, float]
"""(step, value, wall time in POSIX seconds)."""


def write_tensorboard(directory: Path, scalars: Mapping[str, Iterable[Point]]) -> Path:
    """Write `scalars` (tag -> points) as one event file in `directory`; return its path."""
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    directory.mkdir(parents=True, exist_ok=True)
    writer = EventFileWriter(str(directory))
    events = sorted(
        (wall_time, step, tag, value)
        for tag, points in scalars.items()
        for step, value, wall_time in points
    )
    for wall_time, step, tag, value in events:
        summary = Summary(value=[Summary.Value(tag=tag, simple_value=value)])
        writer.add_event(Event(wall_time=wall_time, step=step, summary=summary))
    writer.close()
    return Path(writer.get_logdir()) / next(
        p.name for p in Path(writer.get_logdir()).iterdir() if "tfevents" in p.name
    )
