"""Double justification (forward-backward improvement) of serial SGS schedules."""

from __future__ import annotations

import threading

import numpy as np

from steerco.schedule.rcpsp.kernel import (
    KernelData,
    free_profile,
    kernel_data,
    makespans,
    reversed_profiles,
    sgs_batch,
    unfit,
)
from steerco.schedule.rcpsp.priority import order_by
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import IntArray

__all__ = ["justify", "justify_batch"]


def justify_batch(
    data: KernelData,
    lists: IntArray,
    start: IntArray,
    makespan: IntArray,
    forward_profile: IntArray,
    cap: int,
    stop_at: float | None = None,
    halt: threading.Event | None = None,
    *,
    compiled: bool = False,
) -> tuple[IntArray, IntArray, IntArray]:
    """Double justification of every row: right-justify within its makespan, then left.

    Returns the new starts, makespans and the activity lists that regenerate them; a row
    keeps its schedule and list when the justified one would be longer (or when the
    passes give up at `stop_at` or once `halt` is set). `compiled` as in `sgs_batch`.
    """
    batch = start.shape[0]
    d = data.duration[None, :]
    back_lists = order_by(data, makespan[:, None] - start - d, backward=True)
    profiles = reversed_profiles(data, cap, makespan, forward_profile)
    earliest = np.zeros((batch, data.n), dtype=np.int64)
    back_start, back_ok = sgs_batch(
        data, back_lists, earliest, data.backward, profiles, cap, stop_at, halt, compiled=compiled
    )
    right = np.where(back_ok[:, None], makespan[:, None] - back_start - d, start)
    new_lists = order_by(data, right, backward=False)
    profiles = np.broadcast_to(forward_profile, (batch, *forward_profile.shape)).copy()
    earliest = np.broadcast_to(data.release, (batch, data.n))
    left, ok = sgs_batch(
        data, new_lists, earliest, data.forward, profiles, cap, stop_at, halt, compiled=compiled
    )
    spans = makespans(data, left)
    better = ok & (spans <= makespan)
    return (
        np.where(better[:, None], left, start),
        np.where(better, spans, makespan),
        np.where(better[:, None], new_lists, lists),
    )


def justify(problem: RcpspProblem, start: IntArray) -> IntArray:
    """Double justification (Valls et al. 2005): right- then left-justify; never longer.

    Right: tasks by decreasing finish, each as late as possible before the makespan T;
    left: tasks by increasing start of that schedule, each as early as possible (serial SGS).
    """
    data = kernel_data(problem)
    reason = unfit(problem)
    if reason is not None:
        raise ValueError(reason)
    base = np.asarray(start, dtype=np.int64).reshape(1, -1)
    if base.shape[1] != data.n:
        raise ValueError(f"expected {data.n} start times, got {base.shape[1]}")
    span = makespans(data, base)
    cap = max(problem.horizon, int(span[0]), 1)
    profile = free_profile(problem, data, cap)
    lists = order_by(data, base, backward=False)
    new_start, _, _ = justify_batch(data, lists, base, span, profile, cap)
    result: IntArray = new_start[0]
    return result
