"""Double justification (`justify.py`): never longer, closes gaps, with leave and links."""

from __future__ import annotations

import numpy as np
import pytest
from rcpsp_tiny import problem
from sgs_cases import j30, makespan

from steerco.schedule.rcpsp import (
    Unavailability,
    justify,
    priority_values,
    schedule_violations,
    serial_sgs,
)


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


def test_justification_never_lengthens_random_lists() -> None:
    prob = j30(14, 3)
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
