"""Forward and backward passes over a network whose tasks work on their own calendars.

The same level-by-level passes as `cpm.py`, with each task's dates read from its calendar
(`worktime.TaskCalendars`): ES_j = snap_j(max(floor_j, max over links of the link's
bound)), EF_j = F_j(ES_j, d_j); a link from i bounds j's start by shift(X_i, lag) with
X_i = EF_i (FS, FF) or ES_i (SS, SF), or j's finish (FF, SF), which asks the earliest
start whose finish reaches it. The backward pass inverts each step. Arrays are by
topological position, of shape (nodes,) or (nodes, iterations): the Monte Carlo runs the
same passes on every iteration at once.

A link to j's finish with driving time b (the shifted X_i): by default j's finish falls
where its work ends, at b when its calendar works the unit before b, else at the end of
its next worked unit (`start_for_finish`). With `TaskCalendars.driving`
(`scheduling.finish_links: driving`, MS Project's rule) the link asks ES_j >= the latest
start whose work ends by b (`latest_start`; the same start when the unit before b is
worked) and EF_j = max(F_j(ES_j, d_j), the largest such b): the finish lands on the
driving time, the work done before it. Backward, such a node's late finish is
LF_j = max(F_j(LS_j, d_j), min(its successors' bound, EF_j)): the early finish when it has
no float, so its predecessors' late dates keep that driving time.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.network import LevelPlan, Network
from steerco.schedule.worktime import TaskCalendars
from steerco.types import FloatArray, IntArray

__all__ = [
    "backward_calendar",
    "finish_links_note",
    "forward_calendar",
    "link_slack_calendar",
    "working_links",
]


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
) -> tuple[FloatArray, FloatArray]:
    """Each link's bound on its target's start (snapped to its calendar) and its driving time."""
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
    bound = y
    if to_finish.any():
        back = cal.latest_start if cal.driving else cal.start_for_finish
        bound = np.where(_fit(to_finish, like) > 0, back(c, y, d_dst), y)
    snapped: FloatArray = cal.snap(c, bound, d_dst)
    return snapped, y


def _driving_finish(plan: LevelPlan, times: FloatArray, edges: slice, seg: IntArray) -> FloatArray:
    """Per target of the in-links `edges`: the largest driving time of a link to its finish."""
    to_finish = _fit(plan.in_to_finish[edges], times) > 0
    found: FloatArray = np.maximum.reduceat(np.where(to_finish, times, -np.inf), seg, axis=0)
    return found


def forward_calendar(
    plan: LevelPlan, cal: TaskCalendars, index: IntArray, d: FloatArray, floor: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Early starts and finishes by position: ES_j = snap_j(max(floor_j, link bounds)).

    EF_j = F_j(ES_j, d_j); with `cal.driving`, at least each to-finish link's driving time.
    """
    es = np.broadcast_to(_fit(floor, d), d.shape).astype(np.float64).copy()
    ef = np.empty_like(es)
    edge_ptr, node_ptr = plan.in_ptr.tolist(), plan.node_ptr.tolist()
    for lv in range(plan.depth):
        a, b = node_ptr[lv], node_ptr[lv + 1]
        reach: FloatArray | None = None
        if lv:
            lo, hi = edge_ptr[lv], edge_ptr[lv + 1]
            bounds, times = _edge_bounds(
                plan, cal, index, d, es, ef, plan.in_src[lo:hi], plan.in_dst[lo:hi],
                slice(lo, hi), inbound=True,
            )  # fmt: skip
            np.maximum(es[a:b], np.maximum.reduceat(bounds, plan.in_seg[lv], axis=0), out=es[a:b])
            if cal.driving and plan.in_to_finish[lo:hi].any():
                reach = _driving_finish(plan, times, slice(lo, hi), plan.in_seg[lv])
        c = _fit(index[a:b], d[a:b])
        es[a:b] = cal.snap(c, es[a:b], d[a:b])
        ef[a:b] = cal.finish(c, es[a:b], d[a:b])
        if reach is not None:
            np.maximum(ef[a:b], reach, out=ef[a:b])
    return es, ef


def backward_calendar(
    plan: LevelPlan,
    cal: TaskCalendars,
    index: IntArray,
    d: FloatArray,
    cap: FloatArray,
    *,
    ef: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Late starts and finishes by position: the latest dates no successor's late date moves.

    A link to j's start (finish) gives y = LS_j (LF_j), and X_i <= unshift(y, lag); a bound
    on ES_i becomes one on LF_i through the latest finish of a start at most X_i. Then
    LS_i = latest start finishing by LF_i, and LF_i = F_i(LS_i, d_i); with `cal.driving`,
    a node with a link to its finish keeps max(LF_i, min(that bound, EF_i)) (`ef`: the
    early finishes), the module doc's rule.
    """
    lf = np.broadcast_to(cap, d.shape).astype(np.float64).copy()
    ls = np.empty_like(lf)
    driven: NDArray[np.bool_] | None = None
    if cal.driving and plan.in_to_finish.any():
        driven = np.zeros(d.shape[0], dtype=bool)
        driven[plan.in_dst[plan.in_to_finish > 0]] = True
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
        late = cal.finish(c, ls[a:b], d[a:b])
        if driven is not None and driven[a:b].any():
            kept = np.maximum(late, np.minimum(lf[a:b], ef[a:b]))
            late = np.where(_fit(driven[a:b], late), kept, late)
        lf[a:b] = late
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
    bounds, _ = _edge_bounds(
        plan, cal, index, d, es, ef, plan.out_src, plan.out_dst, edges, inbound=False
    )
    slack: FloatArray = es[plan.out_dst] - bounds
    return slack


def working_links(network: Network) -> Network:
    """`network` with its finish links read the default way (`working`), as levelling does."""
    cal = network.calendars
    if cal is None or not cal.driving:
        return network
    return replace(network, calendars=replace(cal, driving=False))


def finish_links_note(network: Network) -> list[str]:
    """The note of a levelled plan whose `scheduling.finish_links: driving` it did not apply."""
    cal = network.calendars
    if cal is None or not cal.driving or not network.to_finish.any():
        return []
    return [
        "finish links levelled as `scheduling.finish_links: working`: a task an FF or SF "
        "link drives finishes at the end of its next worked unit, not on the driving time "
        "(the critical path, `--method cpm`, applies `driving`)"
    ]
