"""The TensorBoard reader keeps only the scalars asked for, each as arrays, with the same points.

The points are checked against a full read (every tag) and, for the rule that the value
written last counts, against a plain dictionary reference.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from run_logs import write_tensorboard
from steerco.app.runs import fetch_run
from steerco.integrations.tensorboard import _Points, read_tensorboard
from steerco.model.run import RunLink
from steerco.track.run_progress import RunCalendar, RunGap, run_progress
from steerco.track.runs import RunFetch, RunHistory, ScalarPoint, ScalarSeries, plausible

LOSS = [(0, 1.0, 1_000.0), (10, 0.5, 1_060.0), (20, 0.25, 1_120.0)]
AUC = [(10, 0.625, 1_061.0), (20, 0.75, 1_125.0)]
LR = [(0, 0.5, 999.0), (30, 0.25, 1_130.0)]
EPOCH = [(9, 0.0, 1_059.0), (19, 1.0, 1_119.0)]


def _log(tmp_path: Path) -> Path:
    scalars = {"train/loss": LOSS, "val/auc": AUC, "lr": LR, "epoch": EPOCH}
    write_tensorboard(tmp_path / "run", scalars)
    return tmp_path / "run"


def test_only_the_tags_asked_for_are_kept_with_the_epochs(tmp_path: Path) -> None:
    everything = read_tensorboard(_log(tmp_path)).history
    some = read_tensorboard(tmp_path / "run", tags={"train/loss"}).history
    assert everything is not None and some is not None
    assert set(some.scalars) == {"train/loss", "epoch"}
    assert some.unread == ("lr", "val/auc")
    assert some.tags() == everything.tags() == ("epoch", "lr", "train/loss", "val/auc")
    assert some.series("train/loss") == everything.series("train/loss")
    assert some.series("val/auc") == ()  # named, not read
    assert some.epochs == everything.epochs != ()


def test_every_series_is_arrays_of_the_points_written(tmp_path: Path) -> None:
    history = read_tensorboard(_log(tmp_path)).history
    assert history is not None
    series = history.series("lr")
    assert isinstance(series, ScalarSeries)
    assert series.steps.tolist() == [0, 30] and series.values.tolist() == [0.5, 0.25]
    assert series.wall_times.tolist() == [999.0, 1_130.0]
    assert series == tuple(ScalarPoint(s, v, w) for s, v, w in LR)
    assert history.wall_times() == (999.0, 1_130.0)
    assert history.wall_times(before=1_125.0) == (999.0, 1_120.0)
    assert history.last_step() == 30 and history.last_step("val/auc") == 20


def test_a_tag_the_log_lacks_is_warned_with_the_tags_it_has(tmp_path: Path) -> None:
    _log(tmp_path)
    link = RunLink(source="tensorboard", path="run", steps=40, tag="val/f1")
    fetched = fetch_run(link, base=tmp_path, tags={"val/f1"})
    assert fetched.history is not None and fetched.history.scalars.keys() == {"epoch"}
    assert [w.code for w in fetched.warnings] == ["run_log_unreadable"]
    assert "epoch, lr, train/loss, val/auc" in fetched.warnings[0].message
    day = dt.date(2027, 1, 1)
    gap = run_progress(fetched.history, link, calendar=RunCalendar(None, 24.0), status_date=day)
    assert isinstance(gap, RunGap) and "it has: epoch, lr, train/loss, val/auc" in gap.reason


def test_progress_on_a_tag_is_the_same_read_whole_or_in_part(tmp_path: Path) -> None:
    _log(tmp_path)
    link = RunLink(source="tensorboard", path="run", steps=40, tag="train/loss")
    calendar = RunCalendar(None, 24.0)
    whole = fetch_run(link, base=tmp_path).history
    part = fetch_run(link, base=tmp_path, tags={"train/loss"}).history
    assert whole is not None and part is not None
    day = dt.date(1970, 1, 1)
    # lr logged the first event (999 s): only the whole read sees it; the day is the same
    assert run_progress(whole, link, calendar=calendar, status_date=day) == run_progress(
        part, link, calendar=calendar, status_date=day
    )


POINTS = st.lists(
    st.tuples(st.integers(0, 5), st.sampled_from([0.0, 1.0, 2.0]), st.floats(-1, 1, width=32)),
    min_size=1,
    max_size=30,
)


@given(POINTS)
@settings(max_examples=200, deadline=None)
def test_the_value_written_last_counts_as_a_plain_dictionary_says(
    points: list[tuple[int, float, float]],
) -> None:
    kept = _Points()
    reference: dict[int, tuple[float, int, float]] = {}
    for order, (step, wall, value) in enumerate(points):
        kept.steps.append(step)
        kept.walls.append(wall)
        kept.values.append(value)
        known = reference.get(step)
        if known is None or (wall, order) >= known[:2]:
            reference[step] = (wall, order, value)
    expected = tuple(ScalarPoint(s, v, w) for s, (w, _, v) in sorted(reference.items()))
    assert kept.series() == expected


WALLS = st.one_of(
    st.none(),
    st.sampled_from([math.nan, math.inf, -1.0, 1e15, 0.0, 1_800_000_000.0]),
    st.floats(0, 2e9),
)


@given(st.lists(st.tuples(st.integers(-3, 50), st.floats(-1, 1), WALLS), max_size=20))
@settings(max_examples=200, deadline=None)
def test_plausible_treats_arrays_as_it_treats_tuples(
    points: list[tuple[int, float, float | None]],
) -> None:
    plain = tuple(ScalarPoint(s, v, w) for s, v, w in points)
    known = np.array([w is not None for _, _, w in points], dtype=bool)
    arrays = ScalarSeries(
        np.array([s for s, _, _ in points], dtype=np.int64),
        np.array([v for _, v, _ in points], dtype=np.float64),
        np.array([math.nan if w is None else w for _, _, w in points], dtype=np.float64),
        None if known.all() else known,
    )
    assert _same(arrays, plain)
    a = plausible(RunFetch(RunHistory({"x": arrays}, "run")), "f")
    b = plausible(RunFetch(RunHistory({"x": plain}, "run")), "f")
    assert a.warnings == b.warnings
    assert a.history is not None and b.history is not None
    assert _same(a.history.series("x"), b.history.series("x"))


def _same(left: object, right: object) -> bool:
    """Equal point by point, a NaN wall time equal to a NaN one."""
    assert isinstance(left, ScalarSeries | tuple) and isinstance(right, ScalarSeries | tuple)
    pairs = list(zip(left, right, strict=True))
    return all(
        (p.step, p.value) == (q.step, q.value)
        and (
            p.wall_time == q.wall_time
            or (p.wall_time != p.wall_time and q.wall_time != q.wall_time)
        )
        for p, q in pairs
    )


def test_a_slice_of_a_series_keeps_which_points_have_a_wall_time() -> None:
    series = ScalarSeries(
        np.array([1, 2, 3], dtype=np.int64),
        np.array([0.5, 0.25, 0.125]),
        np.array([10.0, math.nan, 30.0]),
        np.array([True, False, True]),
    )
    assert list(series[1:]) == [ScalarPoint(2, 0.25, None), ScalarPoint(3, 0.125, 30.0)]
    assert series[-1] == ScalarPoint(3, 0.125, 30.0)
    assert series.timed().tolist() == [10.0, 30.0]
    assert series != (ScalarPoint(1, 0.5, 10.0),)
