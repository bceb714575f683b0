"""A steerco metrics file read as a run: each metric a scalar, by step, with its wall times."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from steerco.formats.metrics_file import read_metrics_run
from steerco.track.runs import ScalarPoint

CSV = """metric,value,run,step,timestamp
val_auc,0.70,r1,100,2027-05-03T10:00:00
val_auc,0.75,r2,100,2027-05-03T11:00:00
val_auc,0.80,r1,200,2027-05-03T12:00:00+02:00
loss,1.5,r1,,2027-05-04
loss,1.25,r1,,
loss,9.0,r2,,
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _posix(*parts: int) -> float:
    return dt.datetime(*parts, tzinfo=dt.UTC).timestamp()


def test_the_rows_of_one_run_by_step_with_wall_times_in_utc(tmp_path: Path) -> None:
    file = _write(tmp_path / "metrics.csv", CSV)
    fetched = read_metrics_run(file, run="r1")
    assert fetched.warnings == () and fetched.history is not None
    history = fetched.history
    assert history.run == "r1" and history.source == str(file)
    assert history.series("val_auc") == (
        ScalarPoint(100, 0.70, _posix(2027, 5, 3, 10)),
        ScalarPoint(200, 0.80, _posix(2027, 5, 3, 10)),
    )
    # Rows without a step: their place among the metric's rows (of the run), from 0.
    assert history.series("loss") == (
        ScalarPoint(0, 1.5, _posix(2027, 5, 4)),
        ScalarPoint(1, 1.25, None),
    )


def test_without_a_run_every_row_counts(tmp_path: Path) -> None:
    fetched = read_metrics_run(_write(tmp_path / "m.csv", CSV))
    assert fetched.history is not None and fetched.history.run is None
    assert [(p.step, p.value) for p in fetched.history.series("val_auc")] == [
        (100, 0.70),
        (100, 0.75),
        (200, 0.80),
    ]
    assert [(p.step, p.value) for p in fetched.history.series("loss")] == [
        (0, 1.5),
        (1, 1.25),
        (2, 9.0),
    ]


def test_a_json_mapping_steps_by_place(tmp_path: Path) -> None:
    fetched = read_metrics_run(_write(tmp_path / "m.json", '{"val": {"auc": [0.5, 0.625]}}'))
    assert fetched.history is not None
    assert fetched.history.scalars == {"val.auc": (ScalarPoint(0, 0.5), ScalarPoint(1, 0.625))}


def test_a_bad_file_gives_located_warnings_and_no_history(tmp_path: Path) -> None:
    file = _write(tmp_path / "m.csv", "metric,value,step\nauc,0.5,1\nauc,high,2\n")
    fetched = read_metrics_run(file)
    assert [(w.code, w.file, w.line, w.severity) for w in fetched.warnings] == [
        ("run_log_unreadable", str(file), 3, "warning")
    ]
    assert "bad_value" in fetched.warnings[0].message
    assert fetched.history is None and fetched.missing is not None


def test_missing_file_or_run_is_missing(tmp_path: Path) -> None:
    later = read_metrics_run(tmp_path / "later.csv")
    assert later.history is None and later.warnings == ()
    assert later.missing is not None and "later.csv" in later.missing
    other = read_metrics_run(_write(tmp_path / "m.csv", CSV), run="r9")
    assert other.history is None and other.missing is not None and "'r9'" in other.missing
