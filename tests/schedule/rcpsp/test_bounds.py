"""Lower bounds on the makespan (`bounds.py`): clique and energy, with leave."""

from __future__ import annotations

from rcpsp_tiny import problem
from sgs_cases import solve

from steerco.schedule.rcpsp import (
    Unavailability,
    makespan_bound,
)


def test_capacity_conflict_heuristic_is_optimal_at_the_clique_bound() -> None:
    # 2 + 2 > 3, so a and b never overlap: bound 3 + 2 = 5 = makespan.
    prob = problem([3, 2], capacity=[3], demand=[[2], [2]])
    result = solve(prob)
    assert (result.makespan, result.bound, result.status) == (5, 5, "optimal")
    assert result.method == "heuristic"


def test_energy_bound_counts_leave() -> None:
    # Work 6 unit-periods on capacity 2, one unit away over [0, 4): 1*4 + 2*T' >= 6 -> T = 5.
    leave = (Unavailability(resource=0, start=0, end=4, units=1),)
    prob = problem([3, 3], capacity=[2], demand=[[1], [1]], leave=leave)
    assert makespan_bound(prob) == 5
    result = solve(prob)
    assert result.bound <= result.makespan
