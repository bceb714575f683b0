"""Priority rules (`priority.py`): values by hand and the rules argument."""

from __future__ import annotations

import numpy as np
import pytest
from rcpsp_tiny import problem

from steerco.schedule.rcpsp import (
    heuristic_schedule,
    priority_values,
)


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
