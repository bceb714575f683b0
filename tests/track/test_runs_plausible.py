"""`track.runs.plausible`: what no run can log is left out, with one warning per kind."""

from __future__ import annotations

import math

from steerco.track.runs import RunFetch, RunHistory, ScalarPoint, plausible

SECOND = 1_800_000_000.0  # 2027-01-15, in seconds since 1970


def _fetch(*points: ScalarPoint) -> RunFetch:
    return RunFetch(RunHistory({"loss": points}, source="runs/x", epochs=((-1, 0.0), (5, 1.0))))


def test_a_clean_log_is_left_as_it_is() -> None:
    fetched = _fetch(ScalarPoint(0, 1.0, SECOND), ScalarPoint(10, 0.5, SECOND + 60))
    assert plausible(fetched, "runs/x") is fetched


def test_milliseconds_nan_and_negative_steps_are_left_out_and_warned() -> None:
    fetched = _fetch(
        ScalarPoint(-1, 2.0, SECOND),  # a negative step: the point goes
        ScalarPoint(0, 1.0, SECOND * 1000),  # milliseconds: the wall time goes
        ScalarPoint(5, 0.8, math.nan),
        ScalarPoint(10, 0.5, -1.0),  # before 1970
        ScalarPoint(20, 0.4, SECOND),
    )
    cleaned = plausible(fetched, "runs/x/metrics.csv")
    assert cleaned.history is not None
    series = cleaned.history.series("loss")
    assert [p.step for p in series] == [0, 5, 10, 20]
    assert [p.wall_time for p in series] == [None, None, None, SECOND]
    assert cleaned.history.epochs == ((5, 1.0),)
    codes = [(w.code, w.file) for w in cleaned.warnings]
    assert codes == [("run_log_unreadable", "runs/x/metrics.csv")] * 2
    assert "negative step" in cleaned.warnings[0].message
    assert "3 wall time(s)" in cleaned.warnings[1].message
