"""The release forecast's level factor (`--level past`): as `when_done` moves its runs."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from steerco.agile.release import (
    ReleaseForecast,
    forecast_release,
    level_moved,
    periods_to_finish,
)
from steerco.forecast.level import DEFAULT_PRIOR, past_errors
from steerco.forecast.throughput import when_done
from steerco.model.agile import Sprint, Workflow, WorkItem

D = dt.date
FLOW = Workflow()
MONDAY = D(2027, 1, 4)


def item(id: str, **fields: object) -> WorkItem:
    return WorkItem.model_validate({"id": id, **fields})


def weekly(counts: list[int], left: int) -> tuple[list[WorkItem], dt.date]:
    """Items done `counts[w]` in week w from MONDAY (on its Tuesday), `left` to do; the as-of."""
    done = [
        item(
            f"w{w}-{k}",
            started=MONDAY.isoformat(),
            done=(MONDAY + dt.timedelta(days=7 * w + 1)).isoformat(),
        )
        for w, count in enumerate(counts)
        for k in range(count)
    ]
    todo = [item(f"t{k}", rank=k) for k in range(left)]
    return [*done, *todo], MONDAY + dt.timedelta(days=7 * len(counts))


def release(backlog: list[WorkItem], as_of: dt.date, seed: int, **options: Any) -> ReleaseForecast:
    return forecast_release(
        backlog=backlog,
        workflow=FLOW,
        sprints=[],
        as_of=as_of,
        basis="throughput",
        rng=np.random.default_rng(seed),
        iterations=4000,
        percentiles=(5, 50, 95),
        **options,
    )


# A team whose level moved: bursts of 4 items a week between slow spells of 1 a week.
MOVED = [1, 1, 1, 1, 1, 1, 4, 4, 4, 4, 4, 4] * 4


def test_too_short_a_history_leaves_the_runs_as_fixed_leaves_them() -> None:
    # 6 weeks: the first replayed moment is week 5, and 10 items take 5 weeks past it
    backlog, as_of = weekly([2, 1, 3, 2, 2, 1], 10)
    past = release(backlog, as_of, 9, level="past")
    fixed = release(backlog, as_of, 9, level="fixed")
    assert past.history == (2.0, 1.0, 3.0, 2.0, 2.0, 1.0)
    assert past.level is not None and not past.level.applied and past.level.sd == 0.0
    assert (past.level_mode, fixed.level_mode, fixed.level) == ("past", "fixed", None)
    assert past.runs is not None and fixed.runs is not None
    assert np.array_equal(past.runs.needed, fixed.runs.needed)
    assert past.percentiles == fixed.percentiles


def test_a_level_that_moved_widens_the_band_and_keeps_the_p50() -> None:
    backlog, as_of = weekly(MOVED, 20)
    past = release(backlog, as_of, 4, level="past")
    fixed = release(backlog, as_of, 4, level="fixed")
    assert past.history == tuple(float(c) for c in MOVED)
    assert past.level is not None and past.level.applied and past.level.sd > 0
    band = {f.level_mode: f.percentiles[95] - f.percentiles[5] for f in (past, fixed)}  # type: ignore[operator]
    assert band["past"] > band["fixed"]
    assert abs(past.percentiles[50] - fixed.percentiles[50]) <= 1  # type: ignore[operator]


def test_the_release_moves_its_runs_as_when_done_does_for_the_same_seed() -> None:
    backlog, as_of = weekly(MOVED, 20)
    ours = release(backlog, as_of, 12, level="past")
    errors = past_errors(np.array(MOVED, dtype=np.int64), items=20)
    theirs = when_done(
        MOVED, 20, 4000, np.random.default_rng(12), percentiles=(5, 50, 95), level=errors
    )
    assert ours.percentiles == theirs.percentiles
    assert ours.level == theirs.level


def plain_level_sd(
    history: list[float], remaining: float, needed: np.ndarray, cap: int
) -> tuple[int, float, float | None]:
    """Moments, independent windows and the factor's SD (None: too few), in plain Python.

    At each moment s (5 periods before it at least; none whose periods before it hold no
    work), the rate is the mean of the periods before s, D_s the periods from s until their
    running total reaches `remaining`; the error is log(remaining / rate / D_s), and the
    windows m / mean(D_s). The SD pools the errors' variance less the runs' own (log
    periods of the finished runs) with the prior; below 1 window or 2 errors, none.
    """
    errors, spans = [], []
    for s in range(5, len(history)):
        total, end = 0.0, s
        while total < remaining and end < len(history):
            total += history[end]
            end += 1
        if total < remaining:
            break
        rate = sum(history[:s]) / s
        if rate > 0:
            errors.append(math.log(remaining / rate / (end - s)))
            spans.append(end - s)
    m = len(errors)
    windows = m / (sum(spans) / m) if m else 0.0
    if windows < 1 or m < 2:
        return m, windows, None
    mean = sum(errors) / m
    total_var = sum((e - mean) ** 2 for e in errors) / m
    logs = [math.log(n) for n in needed.tolist() if n <= cap]
    noise = sum((v - sum(logs) / len(logs)) ** 2 for v in logs) / len(logs) if len(logs) > 1 else 0
    prior = DEFAULT_PRIOR
    pooled = (windows * max(total_var - noise, 0.0) + prior.windows * prior.variance) / (
        windows + prior.windows
    )
    return m, windows, math.sqrt(pooled)


def test_points_replay_as_a_plain_loop_replays_them_in_points() -> None:
    # half points: the replay in whole half points must be the replay in points
    history = [10.5, 8.0, 12.5, 9.5, 11.0, 3.5, 4.0, 2.5, 3.0, 13.5, 12.0, 14.5, 9.0, 10.5] * 2
    remaining = 27.5
    runs = periods_to_finish(history, remaining, 3000, np.random.default_rng(1))
    moved, spread = level_moved(runs, history, remaining, np.random.default_rng(2))
    m, windows, sd = plain_level_sd(history, remaining, runs.needed, runs.cap)
    assert sd is not None and spread.applied and spread.moments == m
    assert spread.windows == pytest.approx(windows)
    assert spread.sd == pytest.approx(sd)
    assert moved.cap == runs.cap and not np.array_equal(moved.needed, runs.needed)


def test_nothing_left_draws_no_factor() -> None:
    backlog, as_of = weekly(MOVED, 0)
    f = release(backlog, as_of, 3, level="past")
    assert f.percentiles == {5: 0, 50: 0, 95: 0} and f.level is None


def test_velocity_moves_its_runs_as_when_done_moves_the_same_history_in_items() -> None:
    # sprints of 2.5 or 10 points (MOVED times 2.5); 50 points left, 20 items of 2.5 points
    sprints = [
        Sprint(
            id=f"S{n}", start=MONDAY + dt.timedelta(14 * n), end=MONDAY + dt.timedelta(14 * n + 13)
        )
        for n in range(len(MOVED))
    ]
    done = [
        item(
            f"d{n}",
            points=2.5 * MOVED[n],
            status="Done",
            sprints=[s.id],
            done=(s.start + dt.timedelta(days=2)).isoformat(),
        )
        for n, s in enumerate(sprints)
    ]
    backlog = [*done, *(item(f"t{k}", points=5, rank=k) for k in range(10))]
    options: dict[str, Any] = {
        "backlog": backlog,
        "workflow": FLOW,
        "sprints": sprints,
        "as_of": sprints[-1].end + dt.timedelta(days=1),
        "basis": "velocity",
        "iterations": 3000,
        "percentiles": (5, 50, 95),
    }
    past = forecast_release(**options, rng=np.random.default_rng(5), level="past")
    fixed = forecast_release(**options, rng=np.random.default_rng(5), level="fixed")
    errors = past_errors(np.array(MOVED, dtype=np.int64), items=20)
    items = when_done(
        MOVED, 20, 3000, np.random.default_rng(5), level=errors, percentiles=(5, 50, 95)
    )
    assert past.remaining == 50.0 and past.level is not None and items.level is not None
    assert past.level.applied and past.level.moments == items.level.moments
    assert past.level.windows == pytest.approx(items.level.windows)
    assert past.level.sd == pytest.approx(items.level.sd)
    assert past.percentiles == items.percentiles
    assert past.percentiles[95] - past.percentiles[5] > fixed.percentiles[95] - fixed.percentiles[5]  # type: ignore[operator]


@settings(max_examples=40, deadline=None)
@given(
    quarters=st.lists(st.integers(0, 60), min_size=6, max_size=40),
    left=st.integers(1, 200),
)
def test_any_history_in_quarter_points_replays_as_the_plain_loop(
    quarters: list[int], left: int
) -> None:
    # quarter points add up exactly in floating point: the plain loop is exact too
    assume(any(quarters))
    history, remaining = [q / 4 for q in quarters], left / 4
    runs = periods_to_finish(history, remaining, 200, np.random.default_rng(0))
    _, spread = level_moved(runs, history, remaining, np.random.default_rng(1))
    m, windows, sd = plain_level_sd(history, remaining, runs.needed, runs.cap)
    assert spread.moments == m and spread.windows == pytest.approx(windows)
    assert spread.applied == (sd is not None)
    assert spread.sd == pytest.approx(sd or 0.0)
