"""Levelled iterations (the default with resources): each sample keeps links, capacity, leave."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from steerco.forecast.distributions import inverse_cdf, sample_uniforms
from steerco.forecast.engine import forward_pass
from steerco.forecast.least_fit import compiled_fit
from steerco.forecast.levelling import (
    levelling_problem,
    plan_levelling,
    priority_list,
    serial_levelling,
)
from steerco.forecast.reference import reference_levelling
from steerco.forecast.run import ForecastOptions, forecast_inputs
from steerco.model import Project
from steerco.schedule.assign import staffing_problem
from steerco.schedule.network import Network, compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import FloatArray, IntArray


def random_project(seed: int, *, split: bool = False) -> Project:
    """Twelve tasks, random FS/SS links, a pool of capacity 2 and a person on leave."""
    rng = np.random.default_rng(seed)
    tasks: list[dict[str, Any]] = []
    for k in range(12):
        task: dict[str, Any] = {"id": f"t{k}", "estimate": "1..3..8"}
        preds = [f"t{j}" + rng.choice(["", " SS+1d"]) for j in range(k) if rng.random() < 0.2]
        if preds:
            task["after"] = preds
        task["demands"] = {
            str(rng.choice(["pool", "p1"])): float(rng.choice([1, 2])) if k % 2 else 1.0
        }
        if "p1" in task["demands"]:
            task["demands"] = {"p1": 1.0}
        task["split"] = split
        tasks.append(task)
    return Project.model_validate(
        {
            "name": "r",
            "start": "2027-01-04",
            "calendar": {"country": None},
            "resources": [
                {"id": "pool", "kind": "role", "capacity": 2},
                {"id": "p1", "leave": ["2027-01-11..2027-01-15"]},
            ],
            "tasks": tasks,
        }
    )


@pytest.mark.parametrize(("seed", "split"), [(s, split) for s in range(6) for split in (0, 1)])
def test_every_iteration_respects_links_capacity_and_leave(seed: int, split: int) -> None:
    # Unsplit tasks on p1 run before or after the leave; split ones may also pause over
    # all of it (their span is then at least d + 5 units).
    project = random_project(seed, split=bool(split))
    net = compile_project(project)
    assert (net.calendars is not None) == bool(split)
    plan = plan_network(net, project=project, options=SolveOptions(method="heuristic"))
    assert isinstance(plan, Schedule)
    levelling = plan_levelling(net, project, plan)
    inputs = forecast_inputs(net, project, ForecastOptions())
    rng = np.random.default_rng(seed)
    d_pos = inverse_cdf(
        inputs.durations.take(net.plan.order), sample_uniforms(rng, net.size, 200, lhs=False)
    )
    es_pos = forward_pass(net.plan, d_pos, net.earliest_start[net.plan.order])
    start = levelling(d_pos, es_pos)[net.plan.position]
    d = d_pos[net.plan.position]
    cal = net.calendars
    finish = start + d if cal is None else cal.finish(cal.index[:, None], start, d)
    eps = 1e-9
    # Links (FS and SS with lags) hold in every iteration.
    for e in range(net.src.size):
        i, j = net.src[e], net.dst[e]
        bound = (finish[i] if net.dep_type[e] == 0 else start[i]) + net.lag[e]
        assert (start[j] >= bound - eps).all()
    # Capacity: at every start point the running load fits; p1 never works on leave.
    demand = {rid: net.demand[:, k] for k, rid in enumerate(net.resource_ids)}
    capacity = {"pool": 2.0, "p1": 1.0}
    for it in range(start.shape[1]):
        s, f = start[:, it], finish[:, it]
        for rid, cap in capacity.items():
            for t in s:
                running = (s <= t + eps) & (f > t + eps) & (d[:, it] > 0)
                assert demand[rid][running].sum() <= cap + eps
        on_p1 = demand["p1"] > 0
        # Leave covers working days 5..9 (Monday 11 to Friday 15 January).
        paused = (s[on_p1] < 5) & (f[on_p1] - s[on_p1] >= d[on_p1, it] + 5 - eps)
        assert ((f[on_p1] <= 5 + eps) | (s[on_p1] >= 10 - eps) | (paused & bool(split))).all()


def test_priority_list_follows_baseline_starts_within_links() -> None:
    project = random_project(1)
    net = compile_project(project)
    problem = staffing_problem(project, net).problem
    start = np.arange(net.size)[::-1].copy()
    order = priority_list(net, start)
    where = {task: k for k, task in enumerate(order)}
    assert sorted(order) == list(range(net.size))
    assert all(where[int(i)] < where[int(j)] for i, j in zip(net.src, net.dst, strict=True))
    assert problem.size == net.size


def shared_project(seed: int) -> Project:
    """Twenty tasks on three people and a pool of 2, at full or half time, one on leave."""
    rng = np.random.default_rng(seed)
    tasks: list[dict[str, Any]] = []
    for k in range(20):
        # split: false keeps p1's leave a resource limit (no task calendars), the step the
        # plain reference implements; the calendar step is tested in test_task_calendars.
        task: dict[str, Any] = {"id": f"t{k}", "estimate": "1..3..8", "split": False}
        preds = [f"t{j}" for j in range(k) if rng.random() < 0.08]
        if preds:
            task["after"] = preds
        who = rng.choice(["p0", "p1", "p2", "pool"], size=int(rng.integers(1, 3)), replace=False)
        task["demands"] = {str(r): float(rng.choice([0.5, 1.0])) for r in who}
        tasks.append(task)
    return Project.model_validate(
        {
            "name": "s",
            "start": "2027-01-04",
            "calendar": {"country": None},
            "resources": [
                {"id": "p0"},
                {"id": "p1", "leave": ["2027-01-11..2027-01-15"]},
                {"id": "p2"},
                {"id": "pool", "kind": "role", "capacity": 2},
            ],
            "tasks": tasks,
        }
    )


def sampled_block(
    seed: int, iterations: int
) -> tuple[Network, tuple[RcpspProblem, IntArray, list[int]], FloatArray, FloatArray]:
    """`shared_project(seed)` planned, its levelling problem, and a block of sampled durations."""
    project = shared_project(seed)
    net = compile_project(project)
    plan = plan_network(net, project=project, options=SolveOptions(method="heuristic"))
    assert isinstance(plan, Schedule)
    levelled = levelling_problem(net, project, plan)
    inputs = forecast_inputs(net, project, ForecastOptions())
    rng = np.random.default_rng(seed)
    d_pos = inverse_cdf(
        inputs.durations.take(net.plan.order),
        sample_uniforms(rng, net.size, iterations, lhs=False),
    )
    es_pos = forward_pass(net.plan, d_pos, net.earliest_start[net.plan.order])
    return net, levelled, d_pos, es_pos


@pytest.mark.parametrize("seed", range(4))
def test_every_start_is_the_plain_serial_schemes(seed: int) -> None:
    """The vectorised step gives the starts of the plain one-iteration-at-a-time scheme.

    Both ways of finding a start: all candidates at once in NumPy, and the compiled loop
    of `least_fit` (one iteration at a time, first fit wins), bit for bit the same.
    """
    net, (problem, demand, order), d_pos, es_pos = sampled_block(seed, 60)
    start = serial_levelling(problem, demand, order, False)(d_pos, es_pos)[net.plan.position]
    assert compiled_fit() is not None
    compiled = serial_levelling(problem, demand, order, True)(d_pos, es_pos)[net.plan.position]
    assert np.array_equal(compiled, start)
    d = d_pos[net.plan.position]
    lasts = (d.max(axis=1) > 0).tolist()
    expected = reference_levelling(problem, demand, order, d.tolist(), lasts)
    assert np.allclose(start, np.array(expected), rtol=0, atol=1e-9)


def test_both_ways_leave_unchecked_a_resource_with_no_running_booking() -> None:
    # More units than the capacity, on a resource nothing is booked on yet: NumPy's step
    # checks only the bookings, and so does the compiled loop (the plan refuses such a
    # demand before it is levelled; the two must agree all the same).
    from steerco.forecast.levelling import Booked, _Chooser, _earliest_fit

    t0, d = np.zeros(2), np.ones(2)
    found = [
        _earliest_fit([(Booked(1.0, 2, [], 1), 2.0)], t0, d, _Chooser(compiled))
        for compiled in (False, True)
    ]
    np.testing.assert_array_equal(found[0], t0)
    np.testing.assert_array_equal(found[1], found[0])


def test_the_chooser_switches_once_numpy_has_spent_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    from steerco.forecast import levelling

    monkeypatch.setattr(levelling, "fit_loaded", lambda: False)
    monkeypatch.setattr(levelling, "COMPILE_CELLS", 10)
    monkeypatch.setattr(levelling, "LOAD_CELLS", 25)
    choose = levelling._Chooser(None)
    # Small searches stay in NumPy and count; large ones too until 25 cells are spent.
    assert [choose.compiles(c) for c in (5, 12, 9, 12, 12, 9)] == [
        False,
        False,
        False,
        True,
        True,
        False,
    ]
    assert choose.spent == 5 + 12 + 9 + 9
    monkeypatch.setattr(levelling, "fit_loaded", lambda: True)
    assert levelling._Chooser(None).compiles(10) and not levelling._Chooser(None).compiles(9)
    assert levelling._Chooser(True).compiles(0) and not levelling._Chooser(False).compiles(10**12)


@pytest.mark.parametrize("seed", range(3))
def test_a_block_that_switches_midway_gives_the_same_starts(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The automatic choice, with thresholds low enough that the first tasks run in NumPy
    # and the later large ones in the compiled loop: the starts are NumPy's throughout.
    from steerco.forecast import levelling

    monkeypatch.setattr(levelling, "fit_loaded", lambda: False)
    monkeypatch.setattr(levelling, "COMPILE_CELLS", 1_000)
    monkeypatch.setattr(levelling, "LOAD_CELLS", 20_000)
    used: list[bool] = []
    compiles = levelling._Chooser.compiles

    def recording(self: levelling._Chooser, cells: int) -> bool:
        used.append(compiles(self, cells))
        return used[-1]

    monkeypatch.setattr(levelling._Chooser, "compiles", recording)
    _, (problem, demand, order), d_pos, es_pos = sampled_block(seed, 200)
    mixed = serial_levelling(problem, demand, order)(d_pos, es_pos)
    assert False in used and True in used  # the block did switch
    numpy_only = serial_levelling(problem, demand, order, False)(d_pos, es_pos)
    assert np.array_equal(mixed, numpy_only)
