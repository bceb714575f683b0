"""Helpers shared by the heuristic's tests: a checked heuristic run, makespans, PSPLIB j30."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from psplib_data import optimal_makespans, psplib_instance
from steerco.formats.psplib import load_psplib, psplib_network
from steerco.schedule.rcpsp import (
    RcpspProblem,
    heuristic_schedule,
    rcpsp_problem,
    schedule_violations,
)

IntArray = NDArray[np.int64]


def solve(prob: RcpspProblem, schedules: int = 200, seed: int = 0) -> Any:
    result = heuristic_schedule(prob, schedules=schedules, rng=np.random.default_rng(seed))
    assert result.start is not None
    assert schedule_violations(prob, result.start) == []
    return result


def makespan(prob: RcpspProblem, start: IntArray) -> int:
    return int((start + prob.duration).max(initial=0))


def j30(parameter: int, instance: int) -> RcpspProblem:
    return rcpsp_problem(psplib_network(load_psplib(psplib_instance(f"j30{parameter}_{instance}"))))


def j30_optimum() -> dict[tuple[int, int], int]:
    """The proven optima of the vendored j30 instances, by (parameter, instance)."""
    table: dict[tuple[int, int], int] = {}
    for name, value in optimal_makespans().items():
        if name.startswith("j30"):
            parameter, instance = name[3:].split("_")
            table[int(parameter), int(instance)] = value
    return table
