"""Helpers shared by the heuristic's tests: a checked heuristic run, makespans, PSPLIB j30."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from steerco.formats.psplib import load_psplib, psplib_network
from steerco.schedule.rcpsp import (
    RcpspProblem,
    heuristic_schedule,
    rcpsp_problem,
    schedule_violations,
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


def j30(parameter: int, instance: int) -> RcpspProblem:
    return rcpsp_problem(
        psplib_network(load_psplib(PSPLIB / "j30" / f"j30{parameter}_{instance}.sm"))
    )


def j30_optimum() -> dict[tuple[int, int], int]:
    table: dict[tuple[int, int], int] = {}
    for line in (PSPLIB / "j30opt.sm").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].isdigit() and parts[1].isdigit():
            table[int(parts[0]), int(parts[1])] = int(parts[2])
    return table
