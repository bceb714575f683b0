"""The forecast's levelling step on task calendars against its plain first version.

`calendar_levelling` keeps each booking's load up to date, looks only at bookings still
running, checks whole leave by a search in its merged spells and tries the ends of leave
as candidate starts only while one can still win; the reference
(`calendar_levelling_reference`) recomputes every load from all bookings and tries every
leave interval. On projects with part-timers, leave inside tasks, a shared pool and
tasks that may or may not pause over leave, both must give the same starts in every
iteration, whether the step tries the candidates in NumPy or in its compiled loop
(`least_fit`); on random calendars, bookings and leave the two ways must find the same
start; the spells' search must agree with a brute-force look at every interval.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
import pytest
from calendar_levelling_reference import reference_calendar_levelling
from hypothesis import example, given, settings
from hypothesis import strategies as st

from steerco.forecast.calendar_levelling import _clear, _merged
from steerco.forecast.distributions import inverse_cdf, sample_uniforms
from steerco.forecast.engine import forward_pass
from steerco.forecast.levelling import levelling_problem, serial_levelling
from steerco.forecast.run import ForecastOptions, forecast_inputs
from steerco.model import Project
from steerco.schedule.network import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network

calendar_module = importlib.import_module("steerco.forecast.calendar_levelling")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 6), st.sampled_from([1.0, 2.0])),
        max_size=6,
    ),
    st.lists(
        st.tuples(
            st.floats(-2, 40, allow_nan=False),
            st.one_of(st.just(0.0), st.floats(0.01, 12, allow_nan=False)),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_the_merged_spells_find_every_interval_a_span_meets(
    gaps: list[tuple[int, int, float]], spans: list[tuple[float, float]]
) -> None:
    leave = [(float(lo), float(lo + width), units) for lo, width, units in gaps]
    starts, ends = _merged(leave)
    assert (starts[1:] > ends[:-1]).all() and (ends > starts).all()
    t = np.array([[a for a, _ in spans]])
    end = t + np.array([[b for _, b in spans]])
    found = _clear(starts, ends, t, end)
    for k, (a, b) in enumerate(spans):
        # As the plain step's bookings: one covers t, or starts inside (t, t + b).
        meets = any(lo < hi and (lo <= a < hi or a < lo < a + b) for lo, hi, _ in leave)
        assert bool(found[0, k]) is not meets


def calendar_project(seed: int) -> Project:
    """Fourteen tasks: a part-timer (Mon-Tue), a person on leave, a pool of 2, a 24x7 task."""
    rng = np.random.default_rng(seed)
    tasks: list[dict[str, Any]] = []
    for k in range(14):
        task: dict[str, Any] = {"id": f"t{k}", "estimate": "1..3..8"}
        preds = [
            f"t{j}" + str(rng.choice(["", " SS+1d", " FF", " FS+2d"]))
            for j in range(k)
            if rng.random() < 0.2
        ]
        if preds:
            task["after"] = preds
        who = rng.choice(["part", "p1", "pool", "p2"], size=int(rng.integers(1, 3)), replace=False)
        task["demands"] = {str(r): 1.0 for r in who}
        task["split"] = bool(rng.random() < 0.7)
        if k == 5:
            task["calendar"] = "24x7"
        tasks.append(task)
    return Project.model_validate(
        {
            "name": "calendars",
            "start": "2027-01-04",
            "calendar": {"country": None},
            "resources": [
                {"id": "part", "workdays": ["mon", "tue"]},
                {"id": "p1", "leave": ["2027-01-11..2027-01-15", "2027-02-01..2027-02-03"]},
                {"id": "pool", "kind": "role", "capacity": 2},
                {"id": "p2", "leave": ["2027-01-20..2027-01-21"]},
            ],
            "tasks": tasks,
        }
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("compiled", "batch"), [(False, 1), (False, 16), (True, 16)])
def test_calendar_levelling_gives_the_reference_starts(
    seed: int, compiled: bool, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The NumPy step tries every candidate at once, leave ends in batches until none can
    # win (one at a time stops earliest); the compiled loop takes each iteration's
    # candidates in rising order. Forced either way, the starts are the reference's.
    monkeypatch.setattr(calendar_module, "LEAVE_BATCH", batch)
    monkeypatch.setattr(calendar_module, "_compiles", lambda _forced, _work: compiled)
    assert not compiled or calendar_module.compiled_fit() is not None  # Numba is there
    project = calendar_project(seed)
    net = compile_project(project)
    assert net.calendars is not None
    plan = plan_network(net, project=project, options=SolveOptions(method="heuristic"))
    assert isinstance(plan, Schedule)
    problem, demand, order = levelling_problem(net, project, plan)
    inputs = forecast_inputs(net, project, ForecastOptions())
    rng = np.random.default_rng(seed)
    d_pos = inverse_cdf(
        inputs.durations.take(net.plan.order), sample_uniforms(rng, net.size, 300, lhs=False)
    )
    d_pos[rng.random(d_pos.shape) < 0.1] = 0.0  # as a rework task's when its gate passes
    es_pos = forward_pass(net.plan, d_pos, net.earliest_start[net.plan.order])
    fast = serial_levelling(problem, demand, order)(d_pos, es_pos)
    monkeypatch.setattr(calendar_module, "calendar_levelling", reference_calendar_levelling)
    plain = serial_levelling(problem, demand, order)(d_pos, es_pos)
    assert np.isfinite(fast).all()
    assert np.array_equal(fast, plain)


def _points(lo: int, hi: int) -> st.SearchStrategy[float]:
    """Points on the axis, whole units (where calendars and leave change) as often as not."""
    return st.one_of(st.integers(lo, hi).map(float), st.floats(lo, hi))


@settings(max_examples=400, deadline=None)
@given(
    works=st.lists(st.booleans(), min_size=1, max_size=24),
    bookings=st.lists(
        st.tuples(st.integers(0, 1), _points(-3, 30), _points(0, 8), st.sampled_from([1.0, 2.0])),
        max_size=10,
    ),
    away=st.lists(st.tuples(st.integers(0, 1), st.integers(-2, 28), st.integers(1, 5)), max_size=5),
    t0=st.lists(_points(-3, 34), min_size=1, max_size=6),
    d=st.sampled_from([0.0, 0.5, 1.0, 2.5, 7.0]),
    stopped=st.booleans(),
)
# A day's work from Tuesday ends on Tuesday night, not on Friday morning after two days
# off: leave from Wednesday does not stop it.
@example(
    works=[True, True, False, False, True, True],
    bookings=[],
    away=[(0, 2, 1)],
    t0=[1.0],
    d=1.0,
    stopped=True,
)
def test_the_compiled_loop_finds_the_numpy_start(
    works: list[bool],
    bookings: list[tuple[int, float, float, float]],
    away: list[tuple[int, int, int]],
    t0: list[float],
    d: float,
    stopped: bool,
) -> None:
    # Any calendar (points before and past its axis included), bookings of two resources
    # of capacity 2, whole leave: the least start either way is the same number.
    from steerco.forecast.calendar_levelling import Booked, _numpy_fit
    from steerco.forecast.least_fit import FitTables, compiled_fit, least_fit
    from steerco.schedule.worktime import TaskCalendars

    kernel = compiled_fit()
    assert kernel is not None
    cal = TaskCalendars(index=np.zeros(1, dtype=np.int64), works=np.array([works]), names=("c",))
    size = len(t0)
    booked = [Booked(2.0, size, [], len(bookings)) for _ in range(2)]
    for k, at, length, units in bookings:
        booked[k].book(np.full(size, at), np.full(size, length), units)
    leave = [[(float(lo), float(lo + w), 2.0) for k2, lo, w in away if k2 == k] for k in range(2)]
    spells = [_merged(gaps) for gaps in leave]
    start = np.array(t0)
    earliest = float(start.min())
    live = [(booked[k], 1.0, booked[k].live(earliest), spells[k]) for k in range(2)]
    gone = np.unique(np.array([hi for gaps in leave for _, hi, _ in gaps], dtype=np.float64))
    gone = gone[gone > earliest]
    durations = np.full(size, d)
    task = (cal, np.int64(0), durations, stopped)
    expected = _numpy_fit(task, start, live, gone)
    found = least_fit(kernel, FitTables(cal, 0), start, durations, live, gone, stopped)
    np.testing.assert_array_equal(found, expected)


def test_a_later_candidate_whose_span_ends_sooner_is_still_tried() -> None:
    # Two candidates a few ulps apart: the later one's span ends sooner (F(t, d) - t is
    # rounded), just before a full booking that the earlier one's span meets. Both ways
    # take the later one; a skip on "every start before that booking meets it" did not.
    from steerco.forecast.calendar_levelling import Booked, _numpy_fit
    from steerco.forecast.least_fit import FitTables, compiled_fit, least_fit
    from steerco.schedule.worktime import TaskCalendars

    works = np.ones(40, dtype=bool)
    works[[5, 6, 12, 13, 19, 20]] = False
    cal = TaskCalendars(index=np.zeros(1, dtype=np.int64), works=np.array([works]), names=("c",))
    early, late, d = 0.48875453187661844, 0.4887545318766186, 7.3
    spans = cal.finish(np.int64(0), np.array([early, late]), d)
    stops = np.array([early, late]) + (spans - np.array([early, late]))
    assert stops[1] < stops[0]  # the premise: the later start's span ends sooner
    booked = Booked(2.0, 1, [], 2)
    booked.book(np.array([0.0]), np.array([late]), 1.0)  # its end is the later candidate
    booked.book(np.array([stops[1]]), np.array([1.0]), 2.0)  # full from the later stop
    live = [(booked, 1.0, booked.live(early), _merged([]))]
    t0, durations, gone = np.array([early]), np.array([d]), np.zeros(0)
    expected = _numpy_fit((cal, np.int64(0), durations, False), t0, live, gone)
    kernel = compiled_fit()
    assert kernel is not None
    found = least_fit(kernel, FitTables(cal, 0), t0, durations, live, gone, False)
    assert expected[0] == late
    np.testing.assert_array_equal(found, expected)
