"""Keras' and Lightning's CSV logs with known curves, as those loggers write them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from steerco.formats.training_csv import epochs_in_progress, read_training_csv
from steerco.track.runs import RunFetch, ScalarPoint

# Keras' CSVLogger: one row per finished epoch, epoch counted from 0, columns sorted.
KERAS = """epoch,accuracy,loss,val_accuracy,val_loss
0,0.5,1.25,0.5,1.5
1,0.75,0.75,0.625,1.0
2,0.875,0.5,0.75,0.875
"""

# Lightning's CSVLogger: `epoch` in progress, `step`, sparse metric columns.
LIGHTNING = """epoch,step,train_loss,val_loss
0,49,0.9,
0,99,0.8,
0,99,,0.85
1,149,0.7,
1,199,0.6,
1,199,,0.65
2,249,0.5,
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _warned(fetched: RunFetch) -> list[tuple[str, str | None, int | None]]:
    return [(w.code, w.file, w.line) for w in fetched.warnings]


def test_keras_rows_are_epochs_with_their_metrics(tmp_path: Path) -> None:
    file = _write(tmp_path / "training.log", KERAS)
    fetched = read_training_csv(file)
    assert fetched.warnings == () and fetched.history is not None
    history = fetched.history
    assert history.tags() == ("accuracy", "loss", "val_accuracy", "val_loss")
    assert history.series("val_loss") == (
        ScalarPoint(0, 1.5),
        ScalarPoint(1, 1.0),
        ScalarPoint(2, 0.875),
    )
    assert [p.value for p in history.series("accuracy")] == [0.5, 0.75, 0.875]
    assert history.epochs == ((0, 1.0), (1, 2.0), (2, 3.0))
    assert history.last_step() == 2
    assert history.wall_times() is None
    assert history.source == str(file)


def test_a_time_column_gives_wall_times_in_utc(tmp_path: Path) -> None:
    text = (
        "epoch,loss,timestamp\n0,1.0,1700000000\n1,0.5,2023-11-14T22:15:00\n"
        "2,0.25,2023-11-15T00:15:00+01:00\n"
    )
    fetched = read_training_csv(_write(tmp_path / "log.csv", text))
    assert fetched.history is not None
    expected = dt.datetime(2023, 11, 14, 22, 15, tzinfo=dt.UTC).timestamp()
    assert [p.wall_time for p in fetched.history.series("loss")] == [
        1_700_000_000.0,
        expected,
        expected + 3_600,
    ]
    assert fetched.history.tags() == ("loss",)


def test_lightning_sparse_rows_by_step_and_epochs_completed(tmp_path: Path) -> None:
    version = tmp_path / "lightning_logs" / "version_0"
    file = _write(version / "metrics.csv", LIGHTNING)
    for path in (version, file):
        fetched = read_training_csv(path)
        assert fetched.warnings == () and fetched.history is not None
        history = fetched.history
        assert history.series("train_loss") == (
            ScalarPoint(49, 0.9),
            ScalarPoint(99, 0.8),
            ScalarPoint(149, 0.7),
            ScalarPoint(199, 0.6),
            ScalarPoint(249, 0.5),
        )
        assert history.series("val_loss") == (ScalarPoint(99, 0.85), ScalarPoint(199, 0.65))
        # Epoch 2 is in progress at step 249: two epochs complete.
        assert history.epochs == ((49, 0.0), (99, 1.0), (199, 2.0))
        assert history.last_step() == 249
        assert history.wall_times() is None


def test_lightning_validation_closes_the_last_epoch(tmp_path: Path) -> None:
    done = LIGHTNING + "2,299,0.4,\n2,299,,0.55\n"
    fetched = read_training_csv(_write(tmp_path / "metrics.csv", done))
    assert fetched.history is not None
    assert fetched.history.epochs == ((49, 0.0), (99, 1.0), (199, 2.0), (299, 3.0))


def test_epochs_in_progress_by_hand() -> None:
    assert epochs_in_progress([]) == ()
    assert epochs_in_progress([(0, 0), (5, 0)]) == ((0, 0.0),)
    assert epochs_in_progress([(0, 0), (5, 0), (6, 1)]) == ((0, 0.0), (5, 1.0))
    assert epochs_in_progress([(0, 0), (5, 0)], ended=[(5, 0)]) == ((0, 0.0), (5, 1.0))


def test_bad_rows_are_warnings_at_their_lines_and_the_rest_is_read(tmp_path: Path) -> None:
    text = "epoch,loss,val_loss\n0,1.0,1.5\n1,0.5\nx,0.4,0.4\n3,0.25,oops\n4,0.125,0.75\n"
    file = _write(tmp_path / "log.csv", text)
    fetched = read_training_csv(file)
    assert _warned(fetched) == [
        ("run_log_unreadable", str(file), 3),
        ("run_log_unreadable", str(file), 4),
        ("run_log_unreadable", str(file), 5),
    ]
    assert all(w.severity == "warning" for w in fetched.warnings)
    assert fetched.history is not None
    assert fetched.history.series("loss") == (
        ScalarPoint(0, 1.0),
        ScalarPoint(3, 0.25),
        ScalarPoint(4, 0.125),
    )
    assert fetched.history.series("val_loss") == (ScalarPoint(0, 1.5), ScalarPoint(4, 0.75))


def test_a_repeated_epoch_takes_the_later_row(tmp_path: Path) -> None:
    # Keras' CSVLogger(append=True) after resuming from the epoch-1 checkpoint.
    text = "epoch,loss\n0,1.0\n1,0.5\n1,0.375\n2,0.25\n"
    fetched = read_training_csv(_write(tmp_path / "log.csv", text))
    assert fetched.history is not None
    assert [p.value for p in fetched.history.series("loss")] == [1.0, 0.375, 0.25]


def test_an_empty_file_or_a_foreign_header_is_a_warning_and_no_history(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.csv", "")
    foreign = _write(tmp_path / "other.csv", "when,value\n2027-01-01,3\n")
    for file in (empty, foreign):
        fetched = read_training_csv(file)
        assert _warned(fetched) == [("run_log_unreadable", str(file), 1)]
        assert fetched.history is None and fetched.missing is not None


def test_a_log_not_written_yet_is_missing(tmp_path: Path) -> None:
    for path in (tmp_path / "training.log", _dir(tmp_path / "version_3")):
        fetched = read_training_csv(path)
        assert fetched.history is None and fetched.warnings == ()
        assert fetched.missing is not None and str(path) in fetched.missing


def _dir(path: Path) -> Path:
    path.mkdir()
    return path


def test_lightning_rows_without_a_whole_step_are_warnings(tmp_path: Path) -> None:
    text = "epoch,step,train_loss\n0,9,0.5\n0,,0.4\n0,10.5,0.3\n0,19,0.25\n"
    file = _write(tmp_path / "metrics.csv", text)
    fetched = read_training_csv(file)
    assert _warned(fetched) == [
        ("run_log_unreadable", str(file), 3),
        ("run_log_unreadable", str(file), 4),
    ]
    assert fetched.history is not None
    assert fetched.history.series("train_loss") == (ScalarPoint(9, 0.5), ScalarPoint(19, 0.25))


def test_a_binary_file_is_a_warning_at_the_file(tmp_path: Path) -> None:
    file = tmp_path / "training.log"
    file.write_bytes(bytes(range(256)))
    fetched = read_training_csv(file)
    assert [(w.code, w.file) for w in fetched.warnings] == [("run_log_unreadable", str(file))]
    assert fetched.history is None


def test_a_log_saved_as_utf16_with_its_mark_is_read(tmp_path: Path) -> None:
    # what a spreadsheet's "Unicode text" writes; it was read as Windows-1252 (no columns)
    file = tmp_path / "training.log"
    file.write_bytes(KERAS.encode("utf-16"))
    fetched = read_training_csv(file)
    assert fetched.warnings == () and fetched.history is not None
    assert [p.value for p in fetched.history.series("accuracy")] == [0.5, 0.75, 0.875]
