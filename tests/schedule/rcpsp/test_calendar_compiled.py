"""The compiled calendar SGS (`calendar_compiled.py`) against the Python pass it stands in for.

On small random problems on task calendars (every link type, lags in plain units or on a
calendar, halves included, releases, leave whole and partial, horizons that make rows
fail) both are run on the same lists and must give the same starts and failures; a row
the compiled loop cannot finish from its tables is redone in Python; a whole heuristic
run gives the same schedules either way; and a search loads the compiled loop only when
the passes it has left would take longer than loading it.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rcpsp_tiny import TYPES

from steerco.schedule.network import network_from_arrays
from steerco.schedule.rcpsp import (
    RcpspProblem,
    Unavailability,
    heuristic_schedule,
    makespan_bound,
    rcpsp_problem,
    schedule_violations,
)
from steerco.schedule.rcpsp.bounds import held_energy_bound, held_spans
from steerco.schedule.rcpsp.calendar_compiled import calendar_rows, pack
from steerco.schedule.rcpsp.calendar_sgs import calendar_sgs_batch, calendar_tables
from steerco.schedule.rcpsp.kernel import kernel_data
from steerco.schedule.rcpsp.priority import order_by
from steerco.schedule.worktime import task_calendars
from steerco.types import IntArray

calendar_module = importlib.import_module("steerco.schedule.rcpsp.calendar_compiled")
calendar_sgs_module = importlib.import_module("steerco.schedule.rcpsp.calendar_sgs")
compiled_module = importlib.import_module("steerco.schedule.rcpsp.compiled")

LAGS = [-3.0, -2.0, -1.5, -1.0, 0.0, 0.5, 1.0, 2.0, 2.5, 3.0]


def calendar_problem(
    durations: list[int],
    links: list[tuple[int, int, str, float, int]],
    works: list[list[bool]],
    index: list[int],
    *,
    capacity: list[float],
    demand: list[list[float]],
    release: list[int] | None = None,
    leave: tuple[Unavailability, ...] = (),
) -> RcpspProblem:
    """A problem on task calendars: links are (from, to, type, lag, lag's calendar or -1)."""
    n = len(durations)
    calendars = task_calendars(
        np.array(index, dtype=np.int64),
        np.array(works, dtype=bool),
        tuple(f"c{c}" for c in range(len(works))),
        lag_calendar=np.array([on for *_, on in links], dtype=np.int64),
    )
    net = network_from_arrays(
        [f"t{i}" for i in range(n)],
        np.array(durations, dtype=np.float64),
        np.array([a for a, *_ in links], dtype=np.int64),
        np.array([b for _, b, *_ in links], dtype=np.int64),
        np.array([TYPES[t] for _, _, t, *_ in links], dtype=np.int8),
        np.array([lag for *_, lag, _ in links], dtype=np.float64),
        earliest_start=np.array(release, dtype=np.float64) if release else None,
        resource_ids=[f"r{k}" for k in range(len(capacity))],
        capacity=np.array(capacity, dtype=np.float64),
        demand=np.array(demand, dtype=np.float64).reshape(n, len(capacity)),
        calendars=calendars,
    )
    return rcpsp_problem(net, unavailable=leave)


@st.composite
def calendar_problems(draw: st.DrawFn) -> RcpspProblem:
    n = draw(st.integers(1, 12))
    durations = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    resources = draw(st.integers(1, 3))
    capacity = draw(st.lists(st.sampled_from([1, 2, 3, 5]), min_size=resources, max_size=resources))
    demand = [
        [float(draw(st.integers(0, capacity[k]))) for k in range(resources)] for _ in range(n)
    ]
    count = draw(st.integers(1, 3))
    length = draw(st.integers(4, 30))
    works = [draw(st.lists(st.booleans(), min_size=length, max_size=length)) for _ in range(count)]
    index = draw(st.lists(st.integers(0, count - 1), min_size=n, max_size=n))
    links = [
        (
            i,
            j,
            draw(st.sampled_from(list(TYPES))),
            draw(st.sampled_from(LAGS)),
            draw(st.integers(-1, count - 1)),
        )
        for i, j in itertools.combinations(range(n), 2)
        if draw(st.integers(0, 3)) == 0
    ]
    release = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    leave = tuple(
        Unavailability(
            resource=k,
            start=begin,
            end=begin + draw(st.integers(1, 6)),
            units=draw(st.integers(1, capacity[k])),  # part of it, or all: wholly away
        )
        for k in range(resources)
        for begin in draw(st.lists(st.integers(0, 20), max_size=2))
    )
    prob = calendar_problem(
        durations,
        links,
        works,
        index,
        capacity=[float(c) for c in capacity],
        demand=demand,
        release=release,
        leave=leave,
    )
    # A horizon from 1 up to the problem's own: short ones make rows fail.
    return dataclasses.replace(prob, horizon=draw(st.integers(1, prob.horizon)))


def _lists(prob: RcpspProblem, seed: int, rows: int) -> IntArray:
    """Random precedence-feasible activity lists."""
    keys = np.random.default_rng(seed).integers(0, 30, (rows, prob.size))
    return order_by(kernel_data(prob), keys, backward=False)


@settings(max_examples=300, deadline=None)
@given(calendar_problems(), st.integers(0, 2**32 - 1))
def test_compiled_calendar_sgs_equals_the_python_pass(prob: RcpspProblem, seed: int) -> None:
    lists = _lists(prob, seed, 6)
    tables = calendar_tables(prob)
    expected, expected_ok = calendar_sgs_batch(prob, lists, tables)
    kernel = pack(prob, tables)
    assert kernel is not None
    found = calendar_rows(kernel, lists)
    assert found is not None
    start, ok, redo = found
    kept = ~redo
    assert ok[kept].tolist() == expected_ok[kept].tolist()
    assert start[kept].tolist() == expected[kept].tolist()
    # Through calendar_sgs_batch, rows to redo are redone: every row as the Python pass.
    start, ok = calendar_sgs_batch(prob, lists, tables, kernel)
    assert ok.tolist() == expected_ok.tolist()
    assert start.tolist() == expected.tolist()
    for row in np.flatnonzero(ok):
        assert schedule_violations(prob, start[row]) == []


def _finish_linked() -> RcpspProblem:
    """Three tasks on a Mon-Wed and a Mon-Fri calendar, FF and SF links with calendar lags."""
    week = [True, True, True, False, False, False, False] * 4
    five = [True] * 5 + [False] * 2
    return calendar_problem(
        [3, 2, 4],
        [(0, 1, "FF", 1.0, 0), (0, 2, "SF", 2.0, 1), (1, 2, "FS", 0.5, -1)],
        [week, five * 4],
        [0, 1, 0],
        capacity=[2.0],
        demand=[[1.0], [2.0], [1.0]],
        leave=(Unavailability(resource=0, start=8, end=10, units=1),),
    )


def test_a_row_past_the_tables_is_redone_in_python() -> None:
    prob = _finish_linked()
    tables = calendar_tables(prob)
    kernel = pack(prob, tables)
    assert kernel is not None
    lists = _lists(prob, 0, 3)
    expected, expected_ok = calendar_sgs_batch(prob, lists, tables)
    # Bounds on a finish far below the table's range: every row must go back to Python.
    shifted = dataclasses.replace(kernel, bound_low=kernel.bound_low + 10**6)
    found = calendar_rows(shifted, lists)
    assert found is not None
    assert found[2].tolist() == [True] * 3
    start, ok = calendar_sgs_batch(prob, lists, tables, shifted)
    assert start.tolist() == expected.tolist()
    assert ok.tolist() == expected_ok.tolist()
    # With its own tables the loop finishes every row itself, with the same starts.
    found = calendar_rows(kernel, lists)
    assert found is not None
    assert found[2].tolist() == [False] * 3
    assert found[0].tolist() == expected.tolist()


def test_tables_too_large_keep_the_python_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    prob = _finish_linked()
    monkeypatch.setattr(calendar_module, "MAX_TABLE_CELLS", 1)
    assert pack(prob, calendar_tables(prob)) is None


def _calendar_plan(seed: int, n: int) -> RcpspProblem:
    """A random plan on two calendars: mixed links to earlier tasks, 3 resources, leave."""
    rng = np.random.default_rng(seed)
    durations = rng.integers(0, 8, n).tolist()
    links = []
    for j in range(1, n):
        for i in rng.choice(j, size=min(j, 2), replace=False).tolist():
            if rng.random() < 0.5:
                kind = ["FS", "SS", "FF", "SF"][int(rng.integers(4))]
                links.append((i, j, kind, float(rng.integers(-2, 4)), int(rng.integers(-1, 2))))
    weeks = 2 * n
    works = [[True] * 5 + [False] * 2, [True, True, False, True, True, True, False]]
    capacity = [4.0, 6.0, 3.0]
    return calendar_problem(
        durations,
        links,
        [w * weeks for w in works],
        rng.integers(0, 2, n).tolist(),
        capacity=capacity,
        demand=[[float(rng.integers(0, c + 1)) for c in capacity] for _ in range(n)],
        leave=(Unavailability(resource=1, start=20, end=35, units=4),),
    )


def test_heuristic_finds_the_same_schedules_with_either_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prob = _calendar_plan(3, 60)
    monkeypatch.setattr(calendar_module, "loaded", lambda: False)
    monkeypatch.setattr(compiled_module, "COMPILE_AFTER", float("inf"))
    plain = heuristic_schedule(prob, schedules=150, rng=np.random.default_rng(5))
    monkeypatch.setattr(compiled_module, "COMPILE_AFTER", 0.0)
    fast = heuristic_schedule(prob, schedules=150, rng=np.random.default_rng(5))
    assert fast.start is not None and plain.start is not None
    assert fast.makespan == plain.makespan
    assert fast.start.tolist() == plain.start.tolist()
    assert [h[1] for h in fast.history] == [h[1] for h in plain.history]
    assert schedule_violations(prob, fast.start) == []


def test_a_search_loads_the_compiled_pass_only_when_it_pays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bool] = []
    real = calendar_sgs_module.calendar_sgs_batch

    def spy(*args: object) -> object:
        calls.append(len(args) > 3 and args[3] is not None)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(calendar_sgs_module, "calendar_sgs_batch", spy)
    monkeypatch.setattr(calendar_module, "loaded", lambda: False)
    prob = _calendar_plan(4, 30)
    # Loading would cost more than the passes left: every pass in Python.
    monkeypatch.setattr(compiled_module, "COMPILE_AFTER", float("inf"))
    heuristic_schedule(prob, schedules=60, rng=np.random.default_rng(0))
    assert calls and not any(calls)
    calls.clear()
    # It pays: the first batch (the priority rules) measures the pace, the rest run compiled.
    monkeypatch.setattr(compiled_module, "COMPILE_AFTER", 1e-9)
    heuristic_schedule(prob, schedules=60, rng=np.random.default_rng(0))
    assert calls[0] is False and all(calls[1:]) and len(calls) > 1
    calls.clear()
    # ...unless the deadline is too close to pay for loading.
    heuristic_schedule(
        prob,
        schedules=60,
        rng=np.random.default_rng(0),
        deadline_seconds=compiled_module.LOAD_SECONDS / 2,
    )
    assert calls and not any(calls)
    calls.clear()
    # Once the process has it, a search uses it from its first pass.
    monkeypatch.setattr(calendar_module, "loaded", lambda: True)
    monkeypatch.setattr(compiled_module, "COMPILE_AFTER", float("inf"))
    heuristic_schedule(prob, schedules=60, rng=np.random.default_rng(0))
    assert calls and all(calls)


PROBE = """
import sys
import numpy as np
from test_calendar_compiled import _calendar_plan
from steerco.schedule.rcpsp import heuristic_schedule
result = heuristic_schedule(_calendar_plan(0, 12), schedules=40, rng=np.random.default_rng(0))
print(result.status, result.schedules, "numba" in sys.modules)
"""


def test_a_quick_calendar_search_never_imports_numba() -> None:
    # 40 lists of 12 tasks take well under COMPILE_AFTER in Python, and the search does not
    # meet its bound: the switch is asked after every batch and never loads the loop.
    here = str(Path(__file__).resolve().parent)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([here, *sys.path])},
    )
    assert done.stdout.split() == ["feasible", "40", "False"]


def test_the_checker_takes_overlapping_partial_leave_as_no_capacity_not_less() -> None:
    # Leave of 2 and 2 units of a capacity of 3 overlap on [3, 5): nothing is left there,
    # and a schedule that keeps r0's work out of it breaks no rule (as the SGS's tables say).
    five = [True] * 5 + [False] * 2
    prob = calendar_problem(
        [2, 2],
        [(0, 1, "FS", 0.0, -1)],
        [five * 4],
        [0, 0],
        capacity=[3.0, 1.0],
        demand=[[0.0, 1.0], [1.0, 1.0]],
        leave=(
            Unavailability(resource=0, start=2, end=5, units=2),
            Unavailability(resource=0, start=3, end=6, units=2),
        ),
    )
    start = calendar_sgs_batch(prob, np.array([[0, 1]]))[0][0]
    assert start.tolist() == [0, 7]  # after the leave and the weekend
    assert schedule_violations(prob, start) == []
    assert schedule_violations(prob, np.array([0, 2])) != []  # r0 over capacity in the leave


@pytest.mark.parametrize("row", [[0, 0, 1], [0, 1], [0, 1, 3], [0, 1, 2, 2]])
def test_a_list_that_is_not_a_permutation_is_refused_before_the_loop(row: list[int]) -> None:
    prob = _finish_linked()
    kernel = pack(prob, calendar_tables(prob))
    assert kernel is not None
    with pytest.raises(ValueError, match="each of the 3 tasks once"):
        calendar_rows(kernel, np.array([row]))


def test_the_held_energy_bound_counts_the_days_off_a_task_holds_its_resource() -> None:
    # Two tasks of 3 working days on a Mon-Wed-Fri calendar share one person: each holds
    # her for at least 5 days (Mon to Fri), so 10 days in all, where the work alone is 6.
    # The optimum is 12: the second starts the Monday after the first ends.
    week = [True, False, True, False, True, False, False] * 4
    prob = calendar_problem([3, 3], [], [week], [0, 0], capacity=[1.0], demand=[[1.0], [1.0]])
    held, length = held_spans(prob)
    assert held.tolist() == [5, 5] and length == 28
    assert held_energy_bound(prob) == 10 == makespan_bound(prob)
    result = heuristic_schedule(prob, rng=np.random.default_rng(0))
    assert result.makespan == 12 and result.bound == 10


@settings(max_examples=300, deadline=None)
@given(calendar_problems(), st.integers(0, 2**32 - 1))
def test_no_schedule_on_calendars_ends_before_the_held_energy_bound(
    prob: RcpspProblem, seed: int
) -> None:
    bound = held_energy_bound(prob)
    start, ok = calendar_sgs_batch(prob, _lists(prob, seed, 6))
    for row in np.flatnonzero(ok):
        assert int(prob.finishes(start[row][None, :]).max(initial=0)) >= bound
