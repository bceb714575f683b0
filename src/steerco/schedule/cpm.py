"""The critical path method over a Network: early and late dates, floats, critical paths.

All passes run in topological positions (see `LevelPlan`): the nodes of one level are
contiguous, so each level is one gather, one segmented reduction and one slice update.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.calendar_passes import (
    backward_calendar,
    forward_calendar,
    link_slack_calendar,
)
from steerco.schedule.network import LevelPlan, Network
from steerco.types import FloatArray

__all__ = ["CpmResult", "critical_chains", "critical_path", "early_starts"]


_MAX_PATHS = 64
_EPS = 1e-9


@dataclass(frozen=True)
class CpmResult:
    """Early/late start and finish, floats and criticality of every node (time points).

    `driving_src/dst` are the driving links between critical nodes (zero slack under the
    early dates); `critical_chains` walks them into critical paths.
    """

    es: FloatArray
    ef: FloatArray
    ls: FloatArray
    lf: FloatArray
    total_float: FloatArray
    free_float: FloatArray
    makespan: float
    critical: NDArray[np.bool_]
    driving_src: NDArray[np.int64]
    driving_dst: NDArray[np.int64]


def _forward(plan: LevelPlan, d_pos: FloatArray, floor_pos: FloatArray) -> FloatArray:
    """Early starts by position: ES_j = max(floor_j, max_i ES_i + a*d_i + lag - b*d_j)."""
    shift = plan.in_from_finish * d_pos[plan.in_src] + plan.in_lag
    shift -= plan.in_to_finish * d_pos[plan.in_dst]
    es = floor_pos.copy()
    in_src, in_seg = plan.in_src, plan.in_seg
    edge_ptr, node_ptr = plan.in_ptr.tolist(), plan.node_ptr.tolist()
    for lv in range(1, plan.depth):
        lo, hi = edge_ptr[lv], edge_ptr[lv + 1]
        a, b = node_ptr[lv], node_ptr[lv + 1]
        bound = np.maximum.reduceat(es[in_src[lo:hi]] + shift[lo:hi], in_seg[lv])
        np.maximum(es[a:b], bound, out=es[a:b])
    return es


def _backward(plan: LevelPlan, d_pos: FloatArray, cap_pos: FloatArray) -> FloatArray:
    """Late finishes by position: LF_i = min(cap_i, min_j LS_j + b*d_j - lag + (1 - a)*d_i)."""
    # LS_j + b*d_j = LF_j - (1 - b)*d_j, so one constant per link suffices.
    shift = (1.0 - plan.out_from_finish) * d_pos[plan.out_src] - plan.out_lag
    shift -= (1.0 - plan.out_to_finish) * d_pos[plan.out_dst]
    lf = cap_pos.copy()
    out_dst, out_seg = plan.out_dst, plan.out_seg
    edge_ptr, node_ptr, stop = plan.out_ptr.tolist(), plan.node_ptr.tolist(), plan.out_stop.tolist()
    for lv in range(plan.depth - 1, -1, -1):
        lo, hi = edge_ptr[lv], edge_ptr[lv + 1]
        if lo == hi:
            continue
        a, b = node_ptr[lv], stop[lv]
        bound = np.minimum.reduceat(lf[out_dst[lo:hi]] + shift[lo:hi], out_seg[lv])
        np.minimum(lf[a:b], bound, out=lf[a:b])
    return lf


def _link_slack(plan: LevelPlan, d_pos: FloatArray, es: FloatArray) -> FloatArray:
    """Slack of each out-edge under the early dates: ES_j - (ES_i + a*d_i + lag - b*d_j)."""
    bound = es[plan.out_src] + plan.out_from_finish * d_pos[plan.out_src] + plan.out_lag
    bound -= plan.out_to_finish * d_pos[plan.out_dst]
    slack: FloatArray = es[plan.out_dst] - bound
    return slack


def early_starts(network: Network, duration: FloatArray | None = None) -> FloatArray:
    """Forward pass: ES_j = max(0, SNET_j, max over links i->j of ES_i + a*d_i + lag - b*d_j).

    a = 1 for links from the predecessor's finish (FS, FF), b = 1 for links to the
    successor's finish (FF, SF).
    """
    d = network.duration if duration is None else duration
    plan = network.plan
    floor = np.maximum(network.earliest_start, 0.0)[plan.order]
    if network.calendars is not None:
        cal = network.calendars
        es_pos, _ = forward_calendar(plan, cal, cal.index[plan.order], d[plan.order], floor)
    else:
        es_pos = _forward(plan, d[plan.order], floor)
    out = np.empty_like(es_pos)
    out[plan.order] = es_pos
    return out


def critical_chains(
    network: Network, result: CpmResult, *, limit: int = _MAX_PATHS
) -> list[list[int]]:
    """Chains of critical nodes along driving links, each from a start to an end.

    Ends are critical nodes with no driving critical successor, latest finish first, so
    the first chain is the one that sets the makespan. Walks back with one shared path
    (backtracking), so each chain costs its length; at most `limit` chains.
    """
    if not result.critical.any():
        return []
    # A levelled plan can drive one pair twice (a link and a resource hand-over): walk each
    # pair once, or every chain through it would be listed again.
    pairs = np.unique(np.stack((result.driving_src, result.driving_dst)), axis=1)
    src, dst = pairs[0], pairs[1]
    order = np.argsort(dst, kind="stable")
    ptr = np.zeros(network.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(dst, minlength=network.size), out=ptr[1:])
    preds = src[order].tolist()
    ptr_list = ptr.tolist()
    has_next = np.zeros(network.size, dtype=bool)
    has_next[src] = True
    ends = np.flatnonzero(result.critical & ~has_next)
    ends = ends[np.lexsort((ends, -result.ef[ends]))].tolist()
    chains: list[list[int]] = []
    for end in ends:
        path = [end]
        cursor = [ptr_list[end]]
        while path and len(chains) < limit:
            node = path[-1]
            if ptr_list[node] == ptr_list[node + 1]:
                chains.append(path[::-1])
            k = cursor[-1]
            if k < ptr_list[node + 1]:
                cursor[-1] = k + 1
                nxt = preds[k]
                path.append(nxt)
                cursor.append(ptr_list[nxt])
                continue
            path.pop()
            cursor.pop()
        if len(chains) >= limit:
            break
    return chains


def critical_path(network: Network, *, duration: FloatArray | None = None) -> CpmResult:
    """Forward and backward pass over `network`: early/late dates, floats, critical paths.

    ES_j = max over predecessors i of the link bound (by type and lag); EF = ES + d.
    LF_i = min over successors of the mirrored bound, capped by the makespan and by
    deadlines; LS = LF - d. When tasks work on calendars (`network.calendars`), the
    dates come from them instead (`calendar_passes.py`): work pauses on days off.
    Total float TF = LS - ES; a node is critical when TF <= 0.
    Free float is the smallest slack over a node's outgoing links (makespan - EF if none),
    capped at the total float when that is smaller, and at least 0.
    """
    d = network.duration if duration is None else duration
    plan = network.plan
    order = plan.order
    d_pos = d[order]
    floor = np.maximum(network.earliest_start, 0.0)[order]
    cal = network.calendars
    if cal is not None:
        index = cal.index[order]
        es_pos, ef_pos = forward_calendar(plan, cal, index, d_pos, floor)
    else:
        es_pos = _forward(plan, d_pos, floor)
        ef_pos = es_pos + d_pos
    makespan = float(ef_pos.max()) if ef_pos.size else 0.0
    cap = np.minimum(network.latest_finish, makespan)[order]
    if cal is not None:
        ls_pos, lf_pos = backward_calendar(plan, cal, index, d_pos, cap, ef=ef_pos)
        slack = link_slack_calendar(plan, cal, index, d_pos, es_pos, ef_pos)
    else:
        lf_pos = _backward(plan, d_pos, cap)
        ls_pos = lf_pos - d_pos
        slack = _link_slack(plan, d_pos, es_pos)
    free_pos = makespan - ef_pos
    if slack.size:
        free_pos[plan.out_node_all] = np.minimum.reduceat(slack, plan.out_seg_all)

    def by_node(values: FloatArray) -> FloatArray:
        out = np.empty_like(values)
        out[order] = values
        return out

    es, ef, lf, free = by_node(es_pos), by_node(ef_pos), by_node(lf_pos), by_node(free_pos)
    ls = by_node(ls_pos)
    total = ls - es
    # Free float never exceeds total float (a lead can leave more link slack than the
    # makespan allows), and is never negative.
    np.minimum(free, np.maximum(total, 0.0), out=free)
    critical = total <= _EPS
    driving = (
        (np.abs(slack) <= _EPS) & critical[order[plan.out_src]] & critical[order[plan.out_dst]]
    )
    return CpmResult(
        es,
        ef,
        ls,
        lf,
        total,
        free,
        makespan,
        critical,
        order[plan.out_src[driving]],
        order[plan.out_dst[driving]],
    )
