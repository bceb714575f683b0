"""Resource usage in one vectorised pass, over-allocated intervals, and the CPM path's notes."""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.overallocation import (
    Overload,
    availability_profile,
    find_overloads,
    summarise_overloads,
    usage_profile,
)
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network

MONDAY = "2027-01-04"


def project(resources: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> Project:
    return Project.model_validate(
        {"name": "p", "start": MONDAY, "resources": resources, "tasks": tasks}
    )


def cpm_plan(p: Project) -> Schedule:
    plan = plan_network(compile_project(p), project=p, options=SolveOptions(method="cpm"))
    assert isinstance(plan, Schedule)
    return plan


def plain_usage(
    start: list[int], duration: list[int], demand: list[list[float]], horizon: int
) -> Any:
    used = np.zeros((len(demand[0]) if demand else 0, horizon))
    for i, (s, d) in enumerate(zip(start, duration, strict=True)):
        for k, units in enumerate(demand[i]):
            for t in range(s, min(s + d, horizon)):
                used[k, t] += units
    return used


def plain_overloads(used: Any, available: Any) -> list[tuple[int, int, int, float, float]]:
    found = []
    for k in range(used.shape[0]):
        t = 0
        while t < used.shape[1]:
            if used[k, t] > available[k, t] + 1e-9:
                a = t
                while t < used.shape[1] and used[k, t] > available[k, t] + 1e-9:
                    t += 1
                found.append((k, a, t, float(used[k, a:t].max()), float(available[k, a:t].min())))
            else:
                t += 1
    return found


def test_usage_adds_each_running_task_demand() -> None:
    start = np.array([0, 1, 4], dtype=np.int64)
    duration = np.array([3, 2, 1], dtype=np.int64)
    demand = np.array([[1.0, 0.0], [0.5, 2.0], [0.0, 1.0]])
    used = usage_profile(start, duration, demand, 6)
    assert used.tolist() == [[1.0, 1.5, 1.5, 0.0, 0.0, 0.0], [0.0, 2.0, 2.0, 0.0, 1.0, 0.0]]


def test_availability_removes_time_off_and_never_goes_below_zero() -> None:
    available = availability_profile(
        np.array([2.0]),
        np.array([0, 0], dtype=np.int64),
        np.array([1, 2], dtype=np.int64),
        np.array([3, 4], dtype=np.int64),
        np.array([1.0, 2.0]),
        5,
    )
    assert available.tolist() == [[2.0, 1.0, 0.0, 0.0, 2.0]]


def test_overloads_are_runs_with_their_peak_and_least_available() -> None:
    used = np.array([[2.0, 3.0, 1.0, 2.0], [0.0, 0.0, 0.0, 5.0]])
    available = np.array([[1.0, 2.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]])
    assert find_overloads(["a", "b"], used, available) == [
        Overload("a", 0, 2, 3.0, 1.0),
        Overload("a", 3, 4, 2.0, 1.0),
        Overload("b", 3, 4, 5.0, 1.0),
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 12),
            st.integers(0, 6),
            st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 0.1]), min_size=3, max_size=3),
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.sampled_from([0.0, 1.0, 1.5, 2.0]), min_size=3, max_size=3),
)
def test_vectorised_overloads_equal_a_plain_loop(
    tasks: list[tuple[int, int, list[float]]], capacity: list[float]
) -> None:
    start = [s for s, _, _ in tasks]
    duration = [d for _, d, _ in tasks]
    demand = [row for _, _, row in tasks]
    horizon = max(max(s + d for s, d in zip(start, duration, strict=True)), 1)
    used = np.round(
        usage_profile(
            np.array(start, dtype=np.int64),
            np.array(duration, dtype=np.int64),
            np.array(demand),
            horizon,
        ),
        9,
    )
    reference = plain_usage(start, duration, demand, horizon)
    assert np.allclose(used, reference)
    available = np.repeat(np.array(capacity)[:, None], horizon, axis=1)
    got = [
        (["r0", "r1", "r2"].index(o.resource), o.start, o.end, o.booked, o.capacity)
        for o in find_overloads(["r0", "r1", "r2"], used, available)
    ]
    want = plain_overloads(reference, available)
    assert [g[:3] for g in got] == [w[:3] for w in want]
    assert np.allclose([g[3:] for g in got], [w[3:] for w in want])


def test_summary_counts_units_and_keeps_the_peak_and_the_span() -> None:
    (summary,) = summarise_overloads(
        [Overload("a", 2, 5, 2.0, 1.0), Overload("a", 9, 10, 3.0, 1.0)]
    )
    assert (summary.units, summary.intervals, summary.first, summary.last) == (4, 2, 2, 9)
    assert (summary.peak, summary.available) == (3.0, 1.0)


def test_cpm_over_allocation_counts_leave_and_role_pools() -> None:
    p = project(
        [
            {"id": "mle1", "leave": [{"start": "2027-01-06", "end": "2027-01-06"}]},
            {"id": "labeller", "kind": "role", "capacity": 1},
        ],
        [
            # `split: false`: a runs Mon-Wed over the leave (it would pause over it else)
            {"id": "a", "duration": 3, "split": False, "demands": {"mle1": 1}},
            {"id": "b", "duration": 2, "demands": [{"role": "labeller", "units": 1}]},
            {"id": "c", "duration": 1, "demands": [{"role": "labeller", "units": 1}]},
        ],
    )
    plan = cpm_plan(p)
    assert plan.notes == [
        "over-allocated: mle1 on 2027-01-06: 1 booked, 0 available",
        "over-allocated: labeller on 2027-01-04: 2 booked, 1 available",
    ]


def test_cpm_skill_demands_book_nobody_and_unmet_ones_are_noted() -> None:
    p = project(
        [{"id": "mle1", "skills": {"python": 4}}],
        [
            {"id": "a", "duration": 2, "demands": [{"skill": "python", "min_level": 3}]},
            {"id": "b", "duration": 2, "demands": [{"skill": "python", "min_level": 3}]},
            {"id": "c", "duration": 2, "demands": [{"skill": "cuda", "min_level": 2}]},
        ],
    )
    plan = cpm_plan(p)
    assert plan.overloads == []
    assert plan.notes[0] == (
        "unstaffable: c: needs 1 x skill cuda at level 2 or more; 0 qualified (nobody)"
    )
    assert plan.notes[1].startswith("not optimal: 1 unstaffable demand is left out")
    assert len(plan.notes) == 2
    assert plan.status == "feasible"  # the critical path without c's demand, not optimal


def test_cpm_builds_no_resource_constrained_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    assign = importlib.import_module("steerco.schedule.assign")
    problem = importlib.import_module("steerco.schedule.rcpsp.problem")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the critical path must not build an RCPSP problem")

    monkeypatch.setattr(problem, "rcpsp_problem", refuse)
    monkeypatch.setattr(assign, "rcpsp_problem", refuse)
    monkeypatch.setattr(assign, "staffing_problem", refuse)
    p = project(
        [{"id": "mle1"}],
        [
            {"id": "a", "duration": 3, "demands": {"mle1": 1}},
            {"id": "b", "duration": 2, "demands": {"mle1": 1}},
        ],
    )
    plan = cpm_plan(p)
    assert plan.notes == ["over-allocated: mle1 2027-01-04 to 2027-01-05: 2 booked, 1 available"]


def test_over_allocation_is_computed_when_first_read() -> None:
    p = project([{"id": "mle1"}], [{"id": "a", "duration": 3, "demands": {"mle1": 2}}])
    plan = cpm_plan(p)
    assert "overloads" not in vars(plan)
    assert plan.overloads == [plan.overloads[0]] and "overloads" in vars(plan)
