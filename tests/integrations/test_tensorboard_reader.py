"""TensorBoard event files with known curves, written by tensorboard's own writer, then read.

Values are chosen to be exact in float32 (TensorBoard stores scalars as 32-bit floats), so
they come back exactly. Damaged files are real event files cut or altered afterwards.
"""

from __future__ import annotations

import builtins
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from run_logs import write_tensorboard
from steerco.integrations.tensorboard import read_tensorboard
from steerco.track.runs import RunFetch, ScalarPoint

LOSS = [(0, 1.0, 1_000.0), (10, 0.5, 1_060.0), (20, 0.25, 1_120.0)]
AUC = [(10, 0.625, 1_061.0), (20, 0.75, 1_121.0)]


def _points(points: Iterable[tuple[int, float, float]]) -> tuple[ScalarPoint, ...]:
    return tuple(ScalarPoint(step, value, wall) for step, value, wall in points)


def _write_tensors(directory: Path, values: Iterable[tuple[str, int, float, Any]]) -> Path:
    """Events whose values are tensors (as TF2's tf.summary.scalar writes them).

    `values`: (tag, step, wall time, tensor proto); the scalars plugin's metadata rides on
    the first value of each tag only, as TF2's writer does.
    """
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary
    from tensorboard.plugins.scalar import metadata
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    writer = EventFileWriter(str(directory))
    seen: set[str] = set()
    for tag, step, wall_time, tensor in values:
        value = Summary.Value(tag=tag, tensor=tensor)
        if tag not in seen:
            value.metadata.CopyFrom(metadata.create_summary_metadata("", ""))
            seen.add(tag)
        writer.add_event(Event(wall_time=wall_time, step=step, summary=Summary(value=[value])))
    writer.close()
    return next(directory.glob("*tfevents*"))


def _tensor(**fields: Any) -> Any:
    from tensorboard.compat.proto.tensor_pb2 import TensorProto
    from tensorboard.compat.proto.types_pb2 import DT_DOUBLE, DT_FLOAT

    dtype = DT_DOUBLE if "double_val" in fields or fields.pop("double", False) else DT_FLOAT
    return TensorProto(dtype=dtype, **fields)


def _warned_at(fetched: RunFetch) -> list[tuple[str, str | None]]:
    return [(w.code, w.file) for w in fetched.warnings]


def test_one_event_file_gives_its_curves_exactly(tmp_path: Path) -> None:
    file = write_tensorboard(tmp_path, {"train/loss": LOSS, "val/auc": AUC})
    for path in (tmp_path, file):
        fetched = read_tensorboard(path)
        assert fetched.warnings == () and fetched.missing is None
        assert fetched.history is not None
        assert fetched.history.tags() == ("train/loss", "val/auc")
        assert fetched.history.series("train/loss") == _points(LOSS)
        assert fetched.history.series("val/auc") == _points(AUC)
        assert fetched.history.last_step() == 20
        assert fetched.history.wall_times() == (1_000.0, 1_121.0)
        assert fetched.history.epochs == ()


def test_keras_train_and_validation_directories_prefix_their_tags(tmp_path: Path) -> None:
    write_tensorboard(tmp_path / "train", {"epoch_loss": LOSS})
    write_tensorboard(tmp_path / "validation", {"epoch_auc": AUC, "epoch_loss": LOSS[:2]})
    write_tensorboard(tmp_path, {"learning_rate": [(0, 0.125, 999.0)]})
    fetched = read_tensorboard(tmp_path)
    assert fetched.history is not None
    assert fetched.history.tags() == (
        "learning_rate",
        "train/epoch_loss",
        "validation/epoch_auc",
        "validation/epoch_loss",
    )
    assert fetched.history.series("validation/epoch_auc") == _points(AUC)
    assert fetched.history.series("validation/epoch_loss") == _points(LOSS[:2])
    # Only the file given: its tags as written.
    one = next((tmp_path / "validation").glob("*tfevents*"))
    alone = read_tensorboard(one)
    assert alone.history is not None and alone.history.tags() == ("epoch_auc", "epoch_loss")


def test_files_of_one_directory_merge_by_step_and_the_later_write_wins(tmp_path: Path) -> None:
    # A run resumed from its step-10 checkpoint logs steps 10 and 20 again, later.
    write_tensorboard(tmp_path / "first", {"loss": LOSS})
    resumed = [(10, 0.375, 2_000.0), (20, 0.125, 2_060.0), (30, 0.0625, 2_120.0)]
    write_tensorboard(tmp_path / "second", {"loss": resumed})
    for name in ("first", "second"):
        file = next((tmp_path / name).glob("*tfevents*"))
        file.rename(tmp_path / (file.name + "." + name))
    fetched = read_tensorboard(tmp_path)
    assert fetched.history is not None
    assert fetched.history.series("loss") == (ScalarPoint(0, 1.0, 1_000.0), *_points(resumed))


def test_tf2_tensor_scalars_read_like_simple_values(tmp_path: Path) -> None:
    float32 = np.array([0.875], dtype="<f4").tobytes()
    _write_tensors(
        tmp_path,
        [
            ("epoch_auc", 0, 100.0, _tensor(float_val=[0.5])),
            ("epoch_auc", 1, 160.0, _tensor(tensor_content=float32)),
            ("epoch_auc", 2, 220.0, _tensor(double_val=[0.9])),
            ("epoch_loss", 0, 100.0, _tensor(tensor_content=struct.pack("<d", 0.3), double=True)),
        ],
    )
    fetched = read_tensorboard(tmp_path)
    assert fetched.warnings == ()
    assert fetched.history is not None
    assert fetched.history.series("epoch_auc") == (
        ScalarPoint(0, 0.5, 100.0),
        ScalarPoint(1, 0.875, 160.0),
        ScalarPoint(2, 0.9, 220.0),
    )
    assert fetched.history.series("epoch_loss") == (ScalarPoint(0, 0.3, 100.0),)


def test_images_histograms_and_text_are_not_scalars(tmp_path: Path) -> None:
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import HistogramProto, Summary
    from tensorboard.plugins.text import metadata as text_metadata
    from tensorboard.summary.writer.event_file_writer import EventFileWriter
    from tensorboard.util import tensor_util

    writer = EventFileWriter(str(tmp_path))
    text = Summary.Value(tag="notes", tensor=tensor_util.make_tensor_proto(b"hello"))
    text.metadata.CopyFrom(text_metadata.create_summary_metadata("", ""))
    histogram = Summary.Value(tag="weights", histo=HistogramProto(min=0, max=1, num=3))
    tf2_histogram = Summary.Value(tag="bias", tensor=_tensor(float_val=[0.5]))
    tf2_histogram.metadata.plugin_data.plugin_name = "histograms"
    scalar = Summary.Value(tag="loss", simple_value=0.5)
    values = [text, histogram, tf2_histogram, scalar]
    writer.add_event(Event(wall_time=5.0, step=3, summary=Summary(value=values)))
    # Later values of the histogram tag carry no metadata; they are still no scalars.
    later = Summary.Value(tag="bias", tensor=_tensor(float_val=[0.25]))
    writer.add_event(Event(wall_time=6.0, step=4, summary=Summary(value=[later])))
    writer.close()
    fetched = read_tensorboard(tmp_path)
    assert fetched.history is not None
    assert fetched.history.scalars == {"loss": (ScalarPoint(3, 0.5, 5.0),)}


def test_an_epoch_scalar_gives_the_epochs(tmp_path: Path) -> None:
    # Lightning's TensorBoardLogger: `epoch` is the epoch in progress, counted from 0.
    epoch = [(49, 0.0, 1.0), (99, 0.0, 2.0), (149, 1.0, 3.0), (199, 1.0, 4.0), (249, 2.0, 5.0)]
    write_tensorboard(tmp_path, {"epoch": epoch, "train_loss": [(99, 0.5, 2.0)]})
    fetched = read_tensorboard(tmp_path)
    assert fetched.history is not None
    assert fetched.history.epochs == ((49, 0.0), (99, 1.0), (199, 2.0))


def test_a_file_cut_mid_record_keeps_what_came_before(tmp_path: Path) -> None:
    file = write_tensorboard(tmp_path, {"loss": LOSS})
    file.write_bytes(file.read_bytes()[:-7])  # the last event loses its tail
    fetched = read_tensorboard(tmp_path)
    assert _warned_at(fetched) == [("run_log_unreadable", str(file))]
    assert "cut off" in fetched.warnings[0].message
    assert fetched.warnings[0].severity == "warning"
    assert fetched.history is not None
    assert fetched.history.series("loss") == _points(LOSS[:2])


def test_a_file_cut_inside_a_record_header_keeps_what_came_before(tmp_path: Path) -> None:
    file = write_tensorboard(tmp_path, {"loss": LOSS})
    raw = file.read_bytes()
    last = _record_starts(raw)[-1]
    file.write_bytes(raw[: last + 5])
    fetched = read_tensorboard(file)
    assert _warned_at(fetched) == [("run_log_unreadable", str(file))]
    assert fetched.history is not None
    assert fetched.history.series("loss") == _points(LOSS[:2])


def _record_starts(raw: bytes) -> list[int]:
    """Offsets of the TFRecord framings: length (8), its CRC (4), data, data CRC (4)."""
    starts, at = [], 0
    while at < len(raw):
        starts.append(at)
        (length,) = struct.unpack("<Q", raw[at : at + 8])
        at += 8 + 4 + length + 4
    return starts


def test_a_failed_checksum_keeps_what_came_before(tmp_path: Path) -> None:
    file = write_tensorboard(tmp_path, {"loss": LOSS})
    raw = bytearray(file.read_bytes())
    second_point = _record_starts(bytes(raw))[2]  # records: file version, then the points
    raw[second_point + 12] ^= 0xFF  # a byte of its data: the data CRC fails
    file.write_bytes(bytes(raw))
    fetched = read_tensorboard(tmp_path)
    assert _warned_at(fetched) == [("run_log_unreadable", str(file))]
    assert "checksum" in fetched.warnings[0].message
    assert fetched.history is not None
    assert fetched.history.series("loss") == _points(LOSS[:1])


def test_random_bytes_and_an_empty_file_give_warnings_and_no_history(tmp_path: Path) -> None:
    noise = tmp_path / "events.out.tfevents.1.noise"
    noise.write_bytes(np.random.default_rng(7).bytes(300))
    empty = tmp_path / "events.out.tfevents.2.empty"
    empty.write_bytes(b"")
    fetched = read_tensorboard(tmp_path)
    assert sorted(_warned_at(fetched)) == [
        ("run_log_unreadable", str(noise)),
        ("run_log_unreadable", str(empty)),
    ]
    assert fetched.history is None
    assert fetched.missing is not None and str(tmp_path) in fetched.missing


def test_a_damaged_file_beside_a_good_one_keeps_the_good_one(tmp_path: Path) -> None:
    write_tensorboard(tmp_path / "train", {"epoch_loss": LOSS})
    bad = tmp_path / "validation" / "events.out.tfevents.3.bad"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00" * 5)
    fetched = read_tensorboard(tmp_path)
    assert _warned_at(fetched) == [("run_log_unreadable", str(bad))]
    assert fetched.history is not None
    assert fetched.history.series("train/epoch_loss") == _points(LOSS)


def test_a_directory_without_event_files_is_a_warning_at_the_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no events here")
    fetched = read_tensorboard(tmp_path)
    assert _warned_at(fetched) == [("run_log_unreadable", str(tmp_path))]
    assert fetched.history is None and fetched.missing is not None


def test_a_log_not_written_yet_is_missing_without_warning(tmp_path: Path) -> None:
    fetched = read_tensorboard(tmp_path / "runs" / "exp7")
    assert fetched.history is None and fetched.warnings == ()
    assert fetched.missing is not None and "exp7" in fetched.missing


def test_without_tensorboard_installed_the_run_is_missing_with_the_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tensorboard(tmp_path, {"loss": LOSS})
    real_import = builtins.__import__

    def without_tensorboard(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("tensorboard"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_tensorboard)
    fetched = read_tensorboard(tmp_path)
    assert fetched.history is None
    assert fetched.missing is not None and "pip install 'steerco[tensorboard]'" in fetched.missing
