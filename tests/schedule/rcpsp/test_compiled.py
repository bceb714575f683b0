"""The compiled serial SGS (`compiled.py`) against the batched NumPy kernel it stands in for.

On small random problems (every link type, lags, releases, leave, several packed words,
caps that make rows fail) the two are called side by side and must give the same starts
and the same failures; a whole heuristic run must give the same schedules either way, and
a search switches to the compiled loop only once its NumPy passes have paid for the load.
"""

from __future__ import annotations

import importlib
import itertools
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rcpsp_tiny import problem

from steerco.schedule.rcpsp import (
    RcpspProblem,
    Unavailability,
    heuristic_schedule,
    schedule_violations,
)
from steerco.schedule.rcpsp.kernel import (
    KernelData,
    free_profile,
    kernel_data,
    makespans,
    reversed_profiles,
    sgs_batch,
)
from steerco.schedule.rcpsp.priority import order_by
from steerco.types import IntArray

compiled_module = importlib.import_module("steerco.schedule.rcpsp.compiled")
kernel_module = importlib.import_module("steerco.schedule.rcpsp.kernel")
search_module = importlib.import_module("steerco.schedule.rcpsp.search")


@st.composite
def small_problems(draw: st.DrawFn) -> RcpspProblem:
    n = draw(st.integers(1, 14))
    durations = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    resources = draw(st.integers(1, 5))
    # Capacities up to 2^20 need 22 bits each, so several resources spill into more words.
    capacity = draw(
        st.lists(st.sampled_from([1, 2, 3, 5, 40, 2**20]), min_size=resources, max_size=resources)
    )
    demand = [[draw(st.integers(0, capacity[k])) for k in range(resources)] for _ in range(n)]
    links = [
        (i, j, draw(st.sampled_from(["FS", "SS", "FF", "SF"])), draw(st.integers(-3, 3)))
        for i, j in itertools.combinations(range(n), 2)
        if draw(st.integers(0, 3)) == 0
    ]
    release = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    leave = tuple(
        Unavailability(
            resource=k,
            start=begin,
            end=begin + draw(st.integers(1, 6)),
            units=draw(st.integers(1, capacity[k])),
        )
        for k in range(resources)
        for begin in draw(st.lists(st.integers(0, 20), max_size=2))
    )
    return problem(
        durations,
        links,
        capacity=[float(c) for c in capacity],
        demand=[[float(v) for v in row] for row in demand],
        release=release,
        leave=leave,
    )


@settings(max_examples=200, deadline=None)
@given(small_problems(), st.integers(0, 2**32 - 1), st.integers(0, 30))
def test_compiled_sgs_equals_the_numpy_kernel_both_ways(
    prob: RcpspProblem, seed: int, short: int
) -> None:
    data = kernel_data(prob)
    rng = np.random.default_rng(seed)
    rows = 6
    lists = order_by(data, rng.integers(0, 30, (rows, data.n)), backward=False)
    # A cap below the horizon makes some rows fail: both must fail the same rows.
    cap = max(prob.horizon - short, 1)
    forward = free_profile(prob, data, cap)
    earliest = np.broadcast_to(data.release, (rows, data.n))
    expected, expected_ok = sgs_batch(
        data,
        lists,
        earliest,
        data.forward,
        np.broadcast_to(forward, (rows, *forward.shape)).copy(),
        cap,
    )
    profiles = np.broadcast_to(forward, (rows, *forward.shape)).copy()
    start, ok = sgs_batch(data, lists, earliest, data.forward, profiles, cap, compiled=True)
    assert ok.tolist() == expected_ok.tolist()
    assert start.tolist() == expected.tolist()
    for row in np.flatnonzero(ok):
        assert schedule_violations(prob, start[row]) == []

    # The backward pass of a justification: reversed links on each row's reversed profile.
    span = makespans(data, start)
    back_lists = order_by(data, span[:, None] - start - data.duration[None, :], backward=True)
    zero = np.zeros((rows, data.n), dtype=np.int64)
    back = reversed_profiles(data, cap, span, forward)
    expected, expected_ok = sgs_batch(data, back_lists, zero, data.backward, back.copy(), cap)
    start, ok = sgs_batch(data, back_lists, zero, data.backward, back.copy(), cap, compiled=True)
    assert ok.tolist() == expected_ok.tolist()
    assert start.tolist() == expected.tolist()


def test_compiled_profile_is_used_up_as_the_numpy_kernels() -> None:
    prob = problem([3, 2, 4], capacity=[3.0, 2.0], demand=[[2, 1], [1, 0], [2, 2]])
    data = kernel_data(prob)
    lists = np.array([[0, 1, 2], [2, 1, 0]], dtype=np.int64)
    cap = prob.horizon
    base = free_profile(prob, data, cap)
    earliest = np.broadcast_to(data.release, lists.shape)
    numpy_profile = np.broadcast_to(base, (2, *base.shape)).copy()
    compiled_profile = numpy_profile.copy()
    sgs_batch(data, lists, earliest, data.forward, numpy_profile, cap)
    sgs_batch(data, lists, earliest, data.forward, compiled_profile, cap, compiled=True)
    assert np.array_equal(compiled_profile, numpy_profile)
    assert not np.array_equal(compiled_profile, np.broadcast_to(base, compiled_profile.shape))


@pytest.mark.parametrize("how", ["halt", "clock"])
def test_a_stopped_pass_fails_every_row_in_both_kernels(how: str) -> None:
    # The NumPy kernel looks at the clock every 32 tasks, the compiled loop before each chunk.
    prob = _plan(2, 40)
    data = kernel_data(prob)
    rows = 3
    lists = order_by(data, np.zeros((rows, data.n), dtype=np.int64), backward=False)
    cap = prob.horizon
    forward = free_profile(prob, data, cap)
    earliest = np.broadcast_to(data.release, (rows, data.n))
    halt = threading.Event()
    halt.set()
    stop = {"halt": halt} if how == "halt" else {"stop_at": time.perf_counter() - 1.0}
    for compiled in (False, True):
        profiles = np.broadcast_to(forward, (rows, *forward.shape)).copy()
        _, ok = sgs_batch(
            data, lists, earliest, data.forward, profiles, cap, **stop, compiled=compiled
        )
        assert ok.tolist() == [False] * rows


class _HaltAfter:
    """A halt that reads as set from its `calls`-th look on (an event set mid-pass)."""

    def __init__(self, calls: int) -> None:
        self.looks = 0
        self.calls = calls

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks >= self.calls


def _lists_on(seed: int, n: int, rows: int) -> tuple[KernelData, IntArray, IntArray, IntArray, int]:
    """A random `_plan` of n tasks, `rows` random lists, their earliest starts, free
    profiles (one read-only row each) and the cap: what `sgs_batch` takes."""
    prob = _plan(seed, n)
    data = kernel_data(prob)
    lists = order_by(
        data, np.random.default_rng(seed).integers(0, 2 * n, (rows, n)), backward=False
    )
    cap = prob.horizon
    forward = free_profile(prob, data, cap)
    base = np.broadcast_to(forward, (rows, *forward.shape))
    return data, lists, np.broadcast_to(data.release, (rows, n)), base, cap


def test_rows_in_chunks_give_the_same_starts_and_a_halt_between_chunks_fails_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = 9
    data, lists, earliest, base, cap = _lists_on(5, 40, rows)

    def run(**stop: object) -> tuple[np.ndarray, np.ndarray]:
        return sgs_batch(
            data, lists, earliest, data.forward, base.copy(), cap, compiled=True, **stop
        )  # type: ignore[arg-type]

    whole = run()
    # Two rows per call: five calls, the last with one row.
    monkeypatch.setattr(compiled_module, "CHUNK_TASKS", 2 * 40)
    chunked = run()
    assert chunked[0].tolist() == whole[0].tolist()
    assert chunked[1].tolist() == whole[1].tolist()
    expected, _ = sgs_batch(data, lists, earliest, data.forward, base.copy(), cap)
    assert chunked[0].tolist() == expected.tolist()
    halt = _HaltAfter(3)
    _, ok = run(halt=halt)
    assert halt.looks == 3
    assert ok.tolist() == [False] * rows


def test_a_profile_that_is_not_contiguous_is_used_up_too_even_when_halted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = 3
    data, lists, earliest, base, cap = _lists_on(6, 30, rows)
    used = base.copy()
    sgs_batch(data, lists, earliest, data.forward, used, cap)  # the NumPy kernel, C order
    strided = np.asfortranarray(base)
    sgs_batch(data, lists, earliest, data.forward, strided, cap, compiled=True)
    assert np.array_equal(strided, used)
    # One list per call, halted after the first: its row is used up, the others untouched.
    monkeypatch.setattr(compiled_module, "CHUNK_TASKS", 30)
    halted = np.asfortranarray(base)
    halt = _HaltAfter(2)
    _, ok = sgs_batch(
        data,
        lists,
        earliest,
        data.forward,
        halted,
        cap,
        halt=halt,
        compiled=True,  # type: ignore[arg-type]
    )
    assert ok.tolist() == [False] * rows
    assert np.array_equal(halted[0], used[0])
    assert np.array_equal(halted[1:], base[1:])


def test_a_task_with_many_predecessors_uses_the_unpadded_links() -> None:
    # Over 64 incoming links the NumPy kernel scatters through CSR instead of padded rows.
    n = 80
    kinds = ["FS", "SS", "FF", "SF"]
    links = [(i, n - 1, kinds[i % 4], i % 5 - 2) for i in range(n - 1)]
    links += [(i, i + 1, "FS", 1) for i in range(0, n - 2, 3)]
    durations = [1 + i % 4 for i in range(n)]
    demand = [[float(1 + i % 2), float(i % 3)] for i in range(n)]
    prob = problem(durations, links, capacity=[2.0, 3.0], demand=demand)
    data = kernel_data(prob)
    assert not data.forward.padded or not data.backward.padded
    rng = np.random.default_rng(0)
    rows = 5
    cap = prob.horizon
    forward = free_profile(prob, data, cap)
    for links_used, backward in ((data.forward, False), (data.backward, True)):
        lists = order_by(data, rng.integers(0, 50, (rows, n)), backward=backward)
        earliest = (
            np.zeros((rows, n), dtype=np.int64)
            if backward
            else np.broadcast_to(data.release, (rows, n))
        )
        found = [
            sgs_batch(
                data,
                lists,
                earliest,
                links_used,
                np.broadcast_to(forward, (rows, *forward.shape)).copy(),
                cap,
                compiled=compiled,
            )
            for compiled in (False, True)
        ]
        assert found[1][0].tolist() == found[0][0].tolist()
        assert found[1][1].tolist() == found[0][1].tolist()


def _plan(seed: int, n: int) -> RcpspProblem:
    """A random plan: mixed links to earlier tasks, 3 resources, leave on one."""
    rng = np.random.default_rng(seed)
    durations = rng.integers(0, 8, n).tolist()
    links = []
    for j in range(1, n):
        for i in rng.choice(j, size=min(j, 2), replace=False).tolist():
            if rng.random() < 0.5:
                kind = ["FS", "SS", "FF", "SF"][int(rng.integers(4))]
                links.append((i, j, kind, int(rng.integers(-2, 4))))
    capacity = [4.0, 6.0, 3.0]
    demand = [[float(rng.integers(0, c + 1)) for c in capacity] for _ in range(n)]
    leave = (Unavailability(resource=1, start=20, end=35, units=4),)
    return problem(durations, links, capacity=capacity, demand=demand, leave=leave)


@pytest.mark.slow
def test_heuristic_finds_the_same_schedules_with_either_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prob = _plan(3, 300)
    monkeypatch.setattr(compiled_module, "COMPILE_AFTER", float("inf"))
    plain = heuristic_schedule(prob, schedules=120, rng=np.random.default_rng(5))
    monkeypatch.setattr(compiled_module, "COMPILE_AFTER", 0.0)
    fast = heuristic_schedule(prob, schedules=120, rng=np.random.default_rng(5))
    assert fast.start is not None and plain.start is not None
    assert fast.makespan == plain.makespan
    assert fast.start.tolist() == plain.start.tolist()
    assert [h[1] for h in fast.history] == [h[1] for h in plain.history]
    assert schedule_violations(prob, fast.start) == []


def test_a_short_search_keeps_the_numpy_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = kernel_module.sgs_batch

    def spy(*args: object, compiled: bool = False) -> object:
        calls.append(compiled)
        return real(*args, compiled=compiled)  # type: ignore[arg-type]

    monkeypatch.setattr(search_module, "sgs_batch", spy)
    # A search that needs far less than COMPILE_AFTER never switches.
    heuristic_schedule(_plan(4, 30), schedules=60, rng=np.random.default_rng(0))
    assert calls and not any(calls)
    calls.clear()
    # Once the NumPy passes have taken COMPILE_AFTER seconds, the rest run compiled...
    monkeypatch.setattr(compiled_module, "COMPILE_AFTER", 1e-9)
    heuristic_schedule(_plan(4, 30), schedules=60, rng=np.random.default_rng(0))
    assert calls[0] is False and calls[-1] is True
    calls.clear()
    # ...unless the deadline is too close to pay for loading.
    heuristic_schedule(
        _plan(4, 30),
        schedules=60,
        rng=np.random.default_rng(0),
        deadline_seconds=compiled_module.LOAD_SECONDS / 2,
    )
    assert calls and not any(calls)


PROBE = """
import sys
import numpy as np
from steerco.schedule.rcpsp import heuristic_schedule
from rcpsp_tiny import problem
prob = problem([3, 2, 4, 1], [(0, 1, "FS", 0), (1, 3, "SS", 1)], capacity=[2.0],
               demand=[[1.0], [2.0], [1.0], [1.0]])
result = heuristic_schedule(prob, schedules=300, rng=np.random.default_rng(0))
print(result.makespan, "numba" in sys.modules)
"""


def test_a_small_plan_never_imports_numba() -> None:
    here = str(Path(__file__).resolve().parent)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([here, *sys.path])},
    )
    assert done.stdout.split() == ["7", "False"]
