"""The bound reported with staffing choices holds for every pick, not only the greedy one."""

from __future__ import annotations

from dataclasses import replace

from rcpsp_tiny import problem

from steerco.schedule.assign import greedy_picks, resolve_choices
from steerco.schedule.options import SolveOptions
from steerco.schedule.rcpsp import RcpspProblem, schedule_violations
from steerco.schedule.rcpsp.problem import Choice
from steerco.schedule.rcpsp.solve import solve


def two_tasks_one_flexible() -> RcpspProblem:
    """Two 10-unit tasks: the first by person 0 or person 1, the second by person 0 only.

    Greedy picking (least loaded, then the first) gives both to person 0: 20 units in
    sequence. The first on person 1 runs beside the second: 10, the optimum.
    """
    base = problem([10, 10], capacity=[1.0, 1.0], demand=[[0, 0], [0, 0]])
    return replace(base, choices=(Choice(0, (0, 1), 1, (1.0, 1.0)), Choice(1, (0,), 1, (1.0,))))


def test_the_greedy_picks_alone_are_not_called_optimal() -> None:
    prob = two_tasks_one_flexible()
    assert greedy_picks(prob) == [(0,), (0,)]
    result = solve(prob, options=SolveOptions(method="heuristic"))
    assert result.makespan == 20 and result.start is not None and result.picks is not None
    assert schedule_violations(resolve_choices(prob, result.picks), result.start) == []
    # Their energy bound (20 units on person 0) holds for those picks only.
    assert result.bound <= 10
    assert result.status == "feasible"


def test_the_exact_search_finds_the_other_pick_and_proves_it() -> None:
    prob = two_tasks_one_flexible()
    result = solve(prob, options=SolveOptions(time_limit=10, workers=2))
    assert result.status == "optimal" and result.makespan == 10 == result.bound
    assert result.picks == [(1,), (0,)]
    assert result.start is not None
    assert schedule_violations(resolve_choices(prob, result.picks), result.start) == []
