"""Forward and backward passes over a network whose tasks work on their own calendars.

The same level-by-level passes as `cpm.py`, with each task's dates read from its calendar
(`worktime.TaskCalendars`): ES_j = snap_j(max(floor_j, max over links of the link's
bound)), EF_j = F_j(ES_j, d_j); a link from i bounds j's start by shift(X_i, lag) with
X_i = EF_i (FS, FF) or ES_i (SS, SF), or j's finish (FF, SF), which asks the earliest
start whose finish reaches it. The backward pass inverts each step. Arrays are by
topological position, of shape (nodes,) or (nodes, iterations): the Monte Carlo runs the
same passes on every iteration at once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.network import LevelPlan
from steerco.schedule.worktime import TaskCalendars
from steerco.types import FloatArray, IntArray

__all__ = ["backward_calendar", "forward_calendar", "link_slack_calendar"]


def _fit(values: NDArray[Any], like: FloatArray) -> NDArray[Any]:
    """`values` (one per node or edge) shaped to broadcast against `like`'s rows."""
    return values.reshape(values.shape + (1,) * (like.ndim - 1))


def _edge_bounds(
    plan: LevelPlan,
    cal: TaskCalendars,
    index: IntArray,
    d: FloatArray,
    es: FloatArray,
    ef: FloatArray,
    src: IntArray,
    dst: IntArray,
    edges: slice,
    *,
    inbound: bool,
) -> FloatArray:
    """Each link's bound on its target's start, snapped to the target's calendar."""
    if inbound:
        from_finish, to_finish, lag, ids = (
            plan.in_from_finish[edges],
            plan.in_to_finish[edges],
            plan.in_lag[edges],
            plan.in_edge[edges],
        )
    else:
        from_finish, to_finish, lag, ids = (
            plan.out_from_finish[edges],
            plan.out_to_finish[edges],
            plan.out_lag[edges],
            plan.out_edge[edges],
        )
    like = d[dst]
    x = np.where(_fit(from_finish, like) > 0, ef[src], es[src])
    y = cal.shift(x, _fit(lag, like), _fit(cal.lag_on(ids), like))
    c = _fit(index[dst], like)
    d_dst = d[dst]
    if to_finish.any():
        y = np.where(_fit(to_finish, like) > 0, cal.start_for_finish(c, y, d_dst), y)
    snapped: FloatArray = cal.snap(c, y, d_dst)
    return snapped


def forward_calendar(
    plan: LevelPlan, cal: TaskCalendars, index: IntArray, d: FloatArray, floor: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Early starts and finishes by position: ES_j = snap_j(max(floor_j, link bounds))."""
    es = np.broadcast_to(_fit(floor, d), d.shape).astype(np.float64).copy()
    ef = np.empty_like(es)
    edge_ptr, node_ptr = plan.in_ptr.tolist(), plan.node_ptr.tolist()
    for lv in range(plan.depth):
        a, b = node_ptr[lv], node_ptr[lv + 1]
        if lv:
            lo, hi = edge_ptr[lv], edge_ptr[lv + 1]
            bounds = _edge_bounds(
                plan, cal, index, d, es, ef, plan.in_src[lo:hi], plan.in_dst[lo:hi],
                slice(lo, hi), inbound=True,
            )  # fmt: skip
            np.maximum(es[a:b], np.maximum.reduceat(bounds, plan.in_seg[lv], axis=0), out=es[a:b])
        c = _fit(index[a:b], d[a:b])
        es[a:b] = cal.snap(c, es[a:b], d[a:b])
        ef[a:b] = cal.finish(c, es[a:b], d[a:b])
    return es, ef


def backward_calendar(
    plan: LevelPlan, cal: TaskCalendars, index: IntArray, d: FloatArray, cap: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Late starts and finishes by position: the latest dates no successor's late date moves.

    A link to j's start (finish) gives y = LS_j (LF_j), and X_i <= unshift(y, lag); a bound
    on ES_i becomes one on LF_i through the latest finish of a start at most X_i. Then
    LS_i = latest start finishing by LF_i, and LF_i = F_i(LS_i, d_i).
    """
    lf = np.broadcast_to(cap, d.shape).astype(np.float64).copy()
    ls = np.empty_like(lf)
    edge_ptr, node_ptr, stop = plan.out_ptr.tolist(), plan.node_ptr.tolist(), plan.out_stop.tolist()
    for lv in range(plan.depth - 1, -1, -1):
        a, b = node_ptr[lv], node_ptr[lv + 1]
        lo, hi = edge_ptr[lv], edge_ptr[lv + 1]
        if lo < hi:
            src, dst = plan.out_src[lo:hi], plan.out_dst[lo:hi]
            like = d[src]
            to_finish = _fit(plan.out_to_finish[lo:hi], like) > 0
            from_finish = _fit(plan.out_from_finish[lo:hi], like) > 0
            y = np.where(to_finish, lf[dst], ls[dst])
            ids = plan.out_edge[lo:hi]
            x = cal.unshift(y, _fit(plan.out_lag[lo:hi], like), _fit(cal.lag_on(ids), like))
            c = _fit(index[src], like)
            bound = np.where(from_finish, x, cal.finish_by_start(c, x, d[src]))
            top = stop[lv]
            np.minimum(
                lf[a:top], np.minimum.reduceat(bound, plan.out_seg[lv], axis=0), out=lf[a:top]
            )
        c = _fit(index[a:b], d[a:b])
        ls[a:b] = cal.latest_start(c, lf[a:b], d[a:b])
        lf[a:b] = cal.finish(c, ls[a:b], d[a:b])
    return ls, lf


def link_slack_calendar(
    plan: LevelPlan,
    cal: TaskCalendars,
    index: IntArray,
    d: FloatArray,
    es: FloatArray,
    ef: FloatArray,
) -> FloatArray:
    """Slack of each out-link under the early dates: ES_j less the link's snapped bound."""
    edges = slice(0, plan.out_src.size)
    bounds = _edge_bounds(
        plan, cal, index, d, es, ef, plan.out_src, plan.out_dst, edges, inbound=False
    )
    slack: FloatArray = es[plan.out_dst] - bounds
    return slack
