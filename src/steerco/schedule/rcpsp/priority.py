"""Priority rules and the activity lists they give (precedence-feasible task orders)."""

from __future__ import annotations

import heapq
from typing import Literal

import numpy as np

from steerco.schedule.cpm import critical_path
from steerco.schedule.rcpsp.kernel import KernelData
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import FloatArray, IntArray

__all__ = [
    "PRIORITY_RULES",
    "PriorityRule",
    "cpm_times",
    "order_by",
    "priority_values",
    "serial_list",
]

PriorityRule = Literal["LFT", "LST", "MINSLACK", "GRPW"]
PRIORITY_RULES: tuple[PriorityRule, ...] = ("LFT", "LST", "MINSLACK", "GRPW")


def cpm_times(problem: RcpspProblem) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """ES, LS, LF and total float of the critical-path pass over the integer durations."""
    result = critical_path(problem.network, duration=problem.duration.astype(np.float64))
    return result.es, result.ls, result.lf, result.total_float


def priority_values(problem: RcpspProblem, rule: PriorityRule) -> FloatArray:
    """Priority of each task under `rule`; the smallest value is scheduled first.

    LFT: LF_j; LST: LS_j = LF_j - d_j; MINSLACK: TF_j = LS_j - ES_j (critical-path pass);
    GRPW: -(d_j + sum of d_s over the direct successors s of j), greatest weight first.
    """
    _, ls, lf, slack = cpm_times(problem)
    if rule == "LFT":
        return lf
    if rule == "LST":
        return ls
    if rule == "MINSLACK":
        return slack
    if rule == "GRPW":
        net = problem.network
        d = problem.duration.astype(np.float64)
        weight = d.copy()
        pairs = np.unique(np.stack([net.src, net.dst], axis=1), axis=0)
        np.add.at(weight, pairs[:, 0], d[pairs[:, 1]])
        grpw: FloatArray = -weight
        return grpw
    raise ValueError(f"unknown priority rule {rule!r}; expected one of {PRIORITY_RULES}")


def serial_list(data: KernelData, value: FloatArray, tie: FloatArray) -> IntArray:
    """The activity list that always picks the eligible task of least (value, tie, index)."""
    n = data.n
    waiting = np.bincount(data.forward.dst, minlength=n).tolist()
    ptr, dst = data.forward.ptr.tolist(), data.forward.dst.tolist()
    values, ties = value.tolist(), tie.tolist()
    heap = [(values[j], ties[j], j) for j in range(n) if waiting[j] == 0]
    heapq.heapify(heap)
    out: list[int] = []
    while heap:
        _, _, j = heapq.heappop(heap)
        out.append(j)
        for e in range(ptr[j], ptr[j + 1]):
            q = dst[e]
            waiting[q] -= 1
            if waiting[q] == 0:
                heapq.heappush(heap, (values[q], ties[q], q))
    return np.array(out, dtype=np.int64)


def order_by(data: KernelData, key: IntArray, *, backward: bool) -> IntArray:
    """Activity lists sorting each row by `key`, made precedence-feasible.

    Forward: k_j = max(key_j, max over predecessors k_i), then sort by (k, topological
    position); backward the same over successors, by (k, reversed position). With links
    that never go back in time, this is a sort by `key` with ties in topological order.
    """
    n = data.n
    kpos = key[:, data.order].copy()
    if backward:
        for a, b, dst, seg in data.level_out:
            bound = np.maximum.reduceat(kpos[:, dst], seg, axis=1)
            np.maximum(kpos[:, a:b], bound, out=kpos[:, a:b])
        tie = np.arange(n - 1, -1, -1, dtype=np.int64)
    else:
        for a, b, src, seg in data.level_in:
            bound = np.maximum.reduceat(kpos[:, src], seg, axis=1)
            np.maximum(kpos[:, a:b], bound, out=kpos[:, a:b])
        tie = np.arange(n, dtype=np.int64)
    chosen = np.argsort(kpos * n + tie[None, :], axis=1)
    lists: IntArray = data.order[chosen]
    return lists
