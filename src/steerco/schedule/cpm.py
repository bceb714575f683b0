"""The critical path method over a Network: early and late dates, floats, critical paths."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.network import Network

__all__ = ["CpmResult", "critical_path", "early_starts"]

FloatArray = NDArray[np.float64]

_MAX_PATHS = 64


@dataclass(frozen=True)
class CpmResult:
    """Early/late start and finish, floats and criticality of every node (time points)."""

    es: FloatArray
    ef: FloatArray
    ls: FloatArray
    lf: FloatArray
    total_float: FloatArray
    free_float: FloatArray
    makespan: float
    critical: NDArray[np.bool_]
    critical_paths: list[list[int]]


def _link_shift(network: Network, duration: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per link, the terms of ES_j >= ES_i + a*d_i + lag - b*d_j: (a*d_i + lag, b*d_j)."""
    a = network.from_finish
    b = network.to_finish
    return a * duration[network.src] + network.lag, b * duration[network.dst]


def early_starts(network: Network, duration: FloatArray | None = None) -> FloatArray:
    """Forward pass: ES_j = max(0, SNET_j, max over links i->j of ES_i + a*d_i + lag - b*d_j).

    a = 1 for links from the predecessor's finish (FS, FF), b = 1 for links to the
    successor's finish (FF, SF). One vectorised step per topological level.
    """
    d = network.duration if duration is None else duration
    plan = network.plan
    head, tail = _link_shift(network, d)
    # Everything below is in topological positions: the nodes of one level are contiguous.
    src_pos = plan.position[network.src][plan.in_edge]
    const = (head - tail)[plan.in_edge]
    es = np.maximum(network.earliest_start, 0.0)[plan.order]
    for lv in range(1, len(plan.node_ptr) - 1):
        lo, hi = plan.in_ptr[lv], plan.in_ptr[lv + 1]
        if lo == hi:
            continue
        values = es[src_pos[lo:hi]] + const[lo:hi]
        targets = plan.in_node[lv]
        es[targets] = np.maximum(es[targets], np.maximum.reduceat(values, plan.in_seg[lv]))
    out = np.empty_like(es)
    out[plan.order] = es
    return out


def _late_finishes(network: Network, d: FloatArray, makespan: float) -> FloatArray:
    """Backward pass: LF_i = min(makespan, cap_i, min over links i->j of the successor bound).

    The bound of link i->j is LS_j + b*d_j - lag + (1 - a)*d_i, the mirror of the forward
    inequality; tasks with no successor finish by the makespan.
    """
    plan = network.plan
    a = network.from_finish
    b = network.to_finish
    dst_pos = plan.position[network.dst][plan.out_edge]
    const = (b * d[network.dst] - network.lag + (1.0 - a) * d[network.src])[plan.out_edge]
    lf = np.minimum(network.latest_finish, makespan)[plan.order]
    d_pos = d[plan.order]
    for lv in range(len(plan.node_ptr) - 2, -1, -1):
        lo, hi = plan.out_ptr[lv], plan.out_ptr[lv + 1]
        if lo == hi:
            continue
        succ = dst_pos[lo:hi]
        values = lf[succ] - d_pos[succ] + const[lo:hi]
        sources = plan.out_node[lv]
        lf[sources] = np.minimum(lf[sources], np.minimum.reduceat(values, plan.out_seg[lv]))
    out = np.empty_like(lf)
    out[plan.order] = lf
    return out


def _free_float(network: Network, d: FloatArray, es: FloatArray, makespan: float) -> FloatArray:
    """Smallest slack over a node's outgoing links; the makespan bounds a node with none."""
    head, tail = _link_shift(network, d)
    slack = es[network.dst] - (es[network.src] + head - tail)
    free = makespan - (es + d)
    if slack.size:
        succ = network.successors
        has_out = np.flatnonzero(np.diff(succ.ptr) > 0)
        free[has_out] = np.minimum.reduceat(slack[succ.edge], succ.ptr[has_out])
    return free


def _paths(
    network: Network, critical: NDArray[np.bool_], driving: NDArray[np.bool_]
) -> list[list[int]]:
    """Chains of critical nodes along driving links, from a start to an end (at most 64)."""
    keep = driving & critical[network.src] & critical[network.dst]
    nxt: dict[int, list[int]] = {}
    has_prev: set[int] = set()
    for s, t in zip(network.src[keep].tolist(), network.dst[keep].tolist(), strict=True):
        nxt.setdefault(s, []).append(t)
        has_prev.add(t)
    starts = [int(i) for i in np.flatnonzero(critical) if int(i) not in has_prev]
    paths: list[list[int]] = []
    stack: list[tuple[int, list[int]]] = [(s, [s]) for s in reversed(starts)]
    while stack and len(paths) < _MAX_PATHS:
        node, path = stack.pop()
        following = nxt.get(node)
        if not following:
            paths.append(path)
            continue
        for t in reversed(sorted(set(following))):
            stack.append((t, [*path, t]))
    return paths


def critical_path(network: Network, *, duration: FloatArray | None = None) -> CpmResult:
    """Forward and backward pass over `network`: early/late dates, floats, critical paths.

    ES_j = max over predecessors i of the link bound (by type and lag); EF = ES + d.
    LF_i = min over successors of the mirrored bound, capped by the makespan and by
    deadlines; LS = LF - d. Total float TF = LS - ES; a node is critical when TF <= 0.
    """
    d = network.duration if duration is None else duration
    es = early_starts(network, d)
    ef = es + d
    makespan = float(ef.max()) if ef.size else 0.0
    lf = _late_finishes(network, d, makespan)
    ls = lf - d
    total = ls - es
    free = _free_float(network, d, es, makespan)
    critical = total <= 1e-9
    head, tail = _link_shift(network, d)
    driving = np.abs(es[network.dst] - (es[network.src] + head - tail)) <= 1e-9
    paths = _paths(network, critical, driving)
    paths.sort(key=lambda p: -float(d[p].sum()))
    return CpmResult(es, ef, ls, lf, total, free, makespan, critical, paths)
