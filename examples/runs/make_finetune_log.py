"""Write runs/finetune, the TensorBoard log of the example's fine-tuning run (already written).

The run of `finetune` in llm-assistant.yaml, 2,400 of its 6,000 planned steps done: it
started on 2027-03-04 at 00:00 UTC and trains at 113 steps an hour. Every 50 steps it logs
`train/loss`; every 200 steps `val/answer_accuracy`, a saturating power law with a small
seeded noise, 0.895 - 0.32 * (1 + step / 300) ** -0.75. Needs `pip install tensorboard`.
Run from this folder: `python make_finetune_log.py`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from tensorboard.compat.proto.event_pb2 import Event
from tensorboard.compat.proto.summary_pb2 import Summary
from tensorboard.summary.writer.event_file_writer import EventFileWriter

START = dt.datetime(2027, 3, 4, tzinfo=dt.UTC).timestamp()
STEPS_PER_HOUR = 113
DONE = 2400


def main() -> None:
    """Write the event file into runs/finetune beside this script."""
    rng = np.random.default_rng(20)
    writer = EventFileWriter(str(Path(__file__).parent / "finetune"), filename_suffix=".example")
    for step in range(0, DONE + 1, 50):
        wall_time = START + step / STEPS_PER_HOUR * 3600
        values = [("train/loss", 2.1 * (1 + step / 150) ** -0.35 + rng.normal(0, 0.01))]
        if step % 200 == 0:
            accuracy = 0.895 - 0.32 * (1 + step / 300) ** -0.75 + rng.normal(0, 0.004)
            values.append(("val/answer_accuracy", accuracy))
        for tag, value in values:
            summary = Summary(value=[Summary.Value(tag=tag, simple_value=float(value))])
            writer.add_event(Event(wall_time=wall_time, step=step, summary=summary))
    writer.close()


if __name__ == "__main__":
    main()
