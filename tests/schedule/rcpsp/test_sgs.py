"""The schedule-generation heuristic: hand-checked small cases, brute force, PSPLIB j30.

Conventions: S_j >= S_i + c_ij per link with c = a*d_i + lag - b*d_j (a = 1 for FS/FF,
b = 1 for FF/SF); a task holds its demand over [S, S + d); zero-duration tasks hold
nothing. Every returned schedule is checked with `schedule_violations`.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from rcpsp_tiny import brute_force, problem, tiny_problems

from steerco.formats.psplib import load_psplib, psplib_network
from steerco.schedule.rcpsp import (
    PRIORITY_RULES,
    RcpspProblem,
    Unavailability,
    heuristic_schedule,
    justify,
    makespan_bound,
    priority_values,
    rcpsp_problem,
    schedule_violations,
    serial_sgs,
)

PSPLIB = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "psplib"
IntArray = NDArray[np.int64]


def solve(prob: RcpspProblem, schedules: int = 200, seed: int = 0) -> Any:
    result = heuristic_schedule(prob, schedules=schedules, rng=np.random.default_rng(seed))
    assert result.start is not None
    assert schedule_violations(prob, result.start) == []
    return result


def makespan(prob: RcpspProblem, start: IntArray) -> int:
    return int((start + prob.duration).max(initial=0))


# --- serial SGS, hand-checked ------------------------------------------------------------


def test_capacity_conflict_puts_second_task_after_first() -> None:
    # Both need 2 of 3 units: b waits for a to finish at 3.
    prob = problem([3, 2], capacity=[3], demand=[[2], [2]])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 3]
    assert serial_sgs(prob, np.array([1, 0])).tolist() == [2, 0]


def test_tasks_that_fit_together_run_in_parallel() -> None:
    prob = problem([3, 2], capacity=[4], demand=[[2], [2]])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 0]


def test_capacity_conflict_heuristic_is_optimal_at_the_clique_bound() -> None:
    # 2 + 2 > 3, so a and b never overlap: bound 3 + 2 = 5 = makespan.
    prob = problem([3, 2], capacity=[3], demand=[[2], [2]])
    result = solve(prob)
    assert (result.makespan, result.bound, result.status) == (5, 5, "optimal")
    assert result.method == "heuristic"


@pytest.mark.parametrize(
    ("kind", "lag", "expected"),
    [
        ("FS", 0, 4),  # S_b >= 0 + 4
        ("FS", 2, 6),  # lag
        ("FS", -2, 2),  # lead
        ("SS", 2, 2),  # S_b >= S_a + 2
        ("SS", -1, 0),  # a lead below 0 is cut at 0
        ("FF", 1, 3),  # F_b = S_b + 2 >= 4 + 1
        ("FF", -3, 0),  # F_b >= 1: S_b >= -1, cut at 0
        ("SF", 5, 3),  # F_b = S_b + 2 >= 0 + 5
        ("SF", 1, 0),  # F_b >= 1
    ],
)
def test_link_types_with_lags_and_leads(kind: str, lag: int, expected: int) -> None:
    prob = problem([4, 2], [(0, 1, kind, lag)])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, expected]


def test_ss_lead_lets_successor_start_before_a_released_predecessor() -> None:
    # a is released at 3; SS lag -2: S_b >= 1.
    prob = problem([4, 2], [(0, 1, "SS", -2)], release=[3, 0])
    start = serial_sgs(prob, np.array([0, 1]))
    assert start.tolist() == [3, 1]
    assert schedule_violations(prob, start) == []


def test_parallel_links_keep_the_tightest() -> None:
    # SS +1 and FF +3 between the same pair: S_b >= max(1, 4 + 3 - 2) = 5.
    prob = problem([4, 2], [(0, 1, "SS", 1), (0, 1, "FF", 3)])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 5]


def test_release_date_delays_start() -> None:
    prob = problem([2, 3], [(0, 1, "FS", 0)], release=[0, 4])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 4]


def test_resource_wait_and_release_combine() -> None:
    # One unit; b released at 1 must wait for a (0..3).
    prob = problem([3, 2], capacity=[1], demand=[[1], [1]], release=[0, 1])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 3]


def test_leave_pushes_a_task_past_it_without_splitting() -> None:
    # The only unit is on leave over [2, 5): a 3-unit task cannot run 0..2 and 5..6.
    leave = (Unavailability(resource=0, start=2, end=5, units=1),)
    prob = problem([3], capacity=[1], demand=[[1]], leave=leave)
    start = serial_sgs(prob, np.array([0]))
    assert start.tolist() == [5]
    assert schedule_violations(prob, start) == []


def test_short_task_fits_before_leave_long_task_after() -> None:
    leave = (Unavailability(resource=0, start=2, end=5, units=1),)
    prob = problem([3, 2], capacity=[1], demand=[[1], [1]], leave=leave)
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [5, 0]
    result = solve(prob)
    assert result.makespan == 8
    assert result.start.tolist() == [5, 0]


def test_partial_leave_leaves_room_for_small_demands() -> None:
    # Capacity 2, one unit on leave over [0, 4): a needs 1 (fits), b needs 2 (waits).
    leave = (Unavailability(resource=0, start=0, end=4, units=1),)
    prob = problem([2, 2], capacity=[2], demand=[[1], [2]], leave=leave)
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 4]


def test_energy_bound_counts_leave() -> None:
    # Work 6 unit-periods on capacity 2, one unit away over [0, 4): 1*4 + 2*T' >= 6 -> T = 5.
    leave = (Unavailability(resource=0, start=0, end=4, units=1),)
    prob = problem([3, 3], capacity=[2], demand=[[1], [1]], leave=leave)
    assert makespan_bound(prob) == 5
    result = solve(prob)
    assert result.bound <= result.makespan


def test_zero_duration_task_holds_no_resources() -> None:
    # The milestone asks for more than the capacity, but holds nothing.
    prob = problem([3, 0, 2], [(0, 1, "FS", 0)], capacity=[1], demand=[[1], [5], [1]])
    start = serial_sgs(prob, np.array([0, 1, 2]))
    assert start.tolist() == [0, 3, 3]
    assert schedule_violations(prob, start) == []


def test_fractional_units_are_scaled() -> None:
    # 0.5 + 0.5 fit one unit; a third half-unit task waits.
    prob = problem([2, 2, 2], capacity=[1], demand=[[0.5], [0.5], [0.5]])
    assert serial_sgs(prob, np.array([0, 1, 2])).tolist() == [0, 0, 2]


def test_many_resources_with_large_capacities_pack_into_several_words() -> None:
    # 12 resources of capacity 1000 need 11 bits each: three 64-bit words.
    k = 12
    demand = [[600.0] * k, [600.0] * k, [400.0] * k]
    prob = problem([2, 3, 4], capacity=[1000.0] * k, demand=demand)
    assert serial_sgs(prob, np.array([0, 1, 2])).tolist() == [0, 2, 0]
    demand[2][k - 1] = 500.0  # only the last resource (last word) clashes with a and b
    prob = problem([2, 3, 4], capacity=[1000.0] * k, demand=demand)
    assert serial_sgs(prob, np.array([0, 1, 2])).tolist() == [0, 2, 5]


def test_hub_with_many_predecessors() -> None:
    # 100 unit tasks on 2 units, then a milestone after all of them: at 50.
    n = 100
    links = [(i, n, "FS", 0) for i in range(n)]
    prob = problem([1] * n + [0], links, capacity=[2], demand=[[1]] * n + [[0]])
    start = serial_sgs(prob, np.arange(n + 1))
    assert int(start[n]) == 50
    assert schedule_violations(prob, start) == []
    result = solve(prob, schedules=20)
    assert result.makespan == 50
    assert result.status == "optimal"


def test_list_must_respect_precedence() -> None:
    prob = problem([1, 1], [(0, 1, "FS", 0)])
    with pytest.raises(ValueError, match="before its predecessor"):
        serial_sgs(prob, np.array([1, 0]))
    with pytest.raises(ValueError, match="exactly once"):
        serial_sgs(prob, np.array([0, 0]))


def test_demand_beyond_capacity_is_infeasible() -> None:
    prob = problem([2], capacity=[1], demand=[[2]])
    result = heuristic_schedule(prob, rng=np.random.default_rng(0))
    assert result.status == "infeasible"
    assert result.start is None and result.makespan is None
    assert "t0" in result.message and "r0" in result.message


def test_empty_project() -> None:
    result = heuristic_schedule(problem([]), rng=np.random.default_rng(0))
    assert (result.status, result.makespan, result.bound) == ("optimal", 0, 0)


# --- priority rules ----------------------------------------------------------------------


def test_priority_values_by_hand() -> None:
    # a(2) -> c(3), b(1) -> c; a(2) -> d(1). CPM: ES a=0 b=0 c=2 d=2; M = 5.
    # LF: c=5, d=5, a=min(2, 4)=2, b=2. LS = LF - d. Slack = LS - ES.
    prob = problem([2, 1, 3, 1], [(0, 2, "FS", 0), (1, 2, "FS", 0), (0, 3, "FS", 0)])
    assert priority_values(prob, "LFT").tolist() == [2, 2, 5, 5]
    assert priority_values(prob, "LST").tolist() == [0, 1, 2, 4]
    assert priority_values(prob, "MINSLACK").tolist() == [0, 1, 0, 2]
    # GRPW: d_j + durations of direct successors, greatest first (negated).
    assert priority_values(prob, "GRPW").tolist() == [-6, -4, -3, -1]
    with pytest.raises(ValueError, match="unknown priority rule"):
        priority_values(prob, "EDD")  # type: ignore[arg-type]


def test_rules_argument_is_checked() -> None:
    with pytest.raises(ValueError, match="unknown priority rule"):
        heuristic_schedule(problem([1]), rng=np.random.default_rng(0), rules=("FIFO",))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 1"):
        heuristic_schedule(problem([1]), rng=np.random.default_rng(0), schedules=0)


# --- justification ------------------------------------------------------------------------


def test_justification_closes_a_gap() -> None:
    # Capacity 2; a(2, 1 unit), b(2, 2 units), c(3, 1 unit). List a, b, c: a 0..2, b 2..4,
    # c cannot overlap b, so 4..7. Right-justified within 7: c 4..7, b 2..4, a 0..2 -> then
    # left by those starts... the backward pass packs b last (5..7), a and c before it;
    # the forward pass gives b 0..2, then a and c side by side 2..4 and 2..5: makespan 5.
    prob = problem([2, 2, 3], capacity=[2], demand=[[1], [2], [1]])
    start = serial_sgs(prob, np.array([0, 1, 2]))
    assert start.tolist() == [0, 2, 4]
    better = justify(prob, start)
    assert schedule_violations(prob, better) == []
    assert better.tolist() == [2, 0, 2]


def _j30(parameter: int, instance: int) -> RcpspProblem:
    return rcpsp_problem(
        psplib_network(load_psplib(PSPLIB / "j30" / f"j30{parameter}_{instance}.sm"))
    )


def _j30_optimum() -> dict[tuple[int, int], int]:
    table: dict[tuple[int, int], int] = {}
    for line in (PSPLIB / "j30opt.sm").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].isdigit() and parts[1].isdigit():
            table[int(parts[0]), int(parts[1])] = int(parts[2])
    return table


def test_justification_never_lengthens_random_lists() -> None:
    prob = _j30(14, 3)
    rng = np.random.default_rng(3)
    values = priority_values(prob, "LFT")
    order = np.argsort(prob.network.plan.position)  # topological
    for _ in range(5):
        noisy = values + rng.random(prob.size) * 40
        # A precedence-feasible list: sort by the noisy value pushed past predecessors.
        key = noisy.copy()
        for j in order:
            preds = prob.network.src[prob.network.dst == j]
            if preds.size:
                key[j] = max(key[j], key[preds].max() + 1e-6)
        start = serial_sgs(prob, np.argsort(key, kind="stable"))
        better = justify(prob, start)
        assert schedule_violations(prob, better) == []
        assert makespan(prob, better) <= makespan(prob, start)


def test_justify_checks_the_start_vector() -> None:
    with pytest.raises(ValueError, match="expected 2 start times"):
        justify(problem([1, 1]), np.array([0]))


def test_justification_with_leave_and_mixed_links() -> None:
    leave = (Unavailability(resource=0, start=3, end=6, units=1),)
    links = [(0, 2, "SS", 1), (1, 3, "FF", 2), (2, 4, "SF", 4), (0, 4, "FS", -1)]
    prob = problem(
        [3, 2, 4, 1, 2], links, capacity=[2], demand=[[1], [2], [1], [1], [2]], leave=leave
    )
    start = serial_sgs(prob, np.array([0, 1, 2, 3, 4]))
    better = justify(prob, start)
    assert schedule_violations(prob, start) == []
    assert schedule_violations(prob, better) == []
    assert makespan(prob, better) <= makespan(prob, start)


# --- budget, deadline and result ------------------------------------------------------------


def test_budget_counts_passes_and_justifications() -> None:
    prob = _j30(14, 3)
    for budget in (1, 4, 12, 100):
        result = solve(prob, schedules=budget)
        used = int(result.message.split()[0])
        assert used <= budget
    # Four rule passes (4) and their justification (8) fit in 12.
    assert int(solve(prob, schedules=12).message.split()[0]) == 12


def test_deadline_still_returns_the_rule_schedule() -> None:
    prob = _j30(14, 3)
    result = heuristic_schedule(
        prob, schedules=5000, rng=np.random.default_rng(0), deadline_seconds=0.0
    )
    assert result.start is not None and schedule_violations(prob, result.start) == []
    assert int(result.message.split()[0]) < 5000


def test_result_fields_and_history() -> None:
    prob = _j30(14, 3)
    result = solve(prob, schedules=300)
    assert result.start.dtype == np.int64
    assert result.makespan == makespan(prob, result.start)
    assert result.bound == makespan_bound(prob) <= result.makespan
    assert result.solve_seconds >= 0
    spans = [span for _, span, _ in result.history]
    assert spans == sorted(spans, reverse=True) and spans[-1] == result.makespan


def test_same_seed_same_schedule() -> None:
    prob = _j30(14, 3)
    a, b = solve(prob, seed=7), solve(prob, seed=7)
    assert a.start.tolist() == b.start.tolist()


# --- PSPLIB j30 -------------------------------------------------------------------------------


@pytest.mark.parametrize(("parameter", "instance"), [(1, 1), (14, 3), (33, 5)])
def test_priority_rules_on_j30_are_feasible_and_close(parameter: int, instance: int) -> None:
    prob = _j30(parameter, instance)
    optimum = _j30_optimum()[parameter, instance]
    best = 10**9
    for rule in PRIORITY_RULES:
        result = heuristic_schedule(prob, schedules=1, rules=(rule,), rng=np.random.default_rng(0))
        assert result.start is not None
        assert schedule_violations(prob, result.start) == []
        assert result.makespan is not None and result.makespan >= optimum
        best = min(best, result.makespan)
    assert best <= 1.15 * optimum


def test_ga_on_j30_within_three_percent() -> None:
    optimum = _j30_optimum()
    # Ten instances from the tight-resource classes, where the optimum is far above the
    # critical path (one LFT pass is about 9% above the optimum on these).
    picked = [(13, 1), (14, 2), (15, 3), (16, 4), (29, 5), (30, 6), (31, 7), (32, 8), (45, 9)]
    picked.append((46, 10))
    gaps = []
    for parameter, instance in picked:
        prob = _j30(parameter, instance)
        result = solve(prob, schedules=1000, seed=parameter)
        best = optimum[parameter, instance]
        assert result.bound <= best <= result.makespan
        gaps.append((result.makespan - best) / best)
    assert float(np.mean(gaps)) <= 0.03


# --- brute force on tiny instances --------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(tiny_problems(), st.integers(0, 3))
def test_heuristic_against_brute_force(prob: RcpspProblem, seed: int) -> None:
    best = brute_force(prob)
    result = solve(prob, schedules=60, seed=seed)
    assert result.bound <= best <= result.makespan


@st.composite
def tiny_fs_problems(draw: st.DrawFn) -> RcpspProblem:
    n = draw(st.integers(1, 5))
    durations = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    capacity = draw(st.integers(1, 3))
    demand = [[draw(st.integers(0, capacity))] for _ in range(n)]
    links = [
        (i, j, "FS", draw(st.integers(0, 2)))
        for i, j in itertools.combinations(range(n), 2)
        if draw(st.booleans())
    ]
    release = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    return problem(durations, links, capacity=[float(capacity)], demand=demand, release=release)


@settings(max_examples=150, deadline=None)
@given(tiny_fs_problems())
def test_serial_sgs_over_all_lists_reaches_the_optimum(prob: RcpspProblem) -> None:
    # With finish-to-start links and non-negative lags the active schedules, which the
    # serial SGS generates, include an optimal one.
    src, dst = prob.network.src.tolist(), prob.network.dst.tolist()
    best = 10**9
    for perm in itertools.permutations(range(prob.size)):
        where = {j: p for p, j in enumerate(perm)}
        if all(where[i] < where[j] for i, j in zip(src, dst, strict=True)):
            start = serial_sgs(prob, np.array(perm))
            assert schedule_violations(prob, start) == []
            best = min(best, makespan(prob, start))
    assert best == brute_force(prob)
