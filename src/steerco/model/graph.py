"""Topological levels of a directed graph given as edge arrays, and cycle finding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.types import IntArray

__all__ = [
    "CsrAdjacency",
    "csr",
    "find_cycle",
    "gather_edges",
    "topological_levels",
    "topological_order",
]


@dataclass(frozen=True)
class CsrAdjacency:
    """Edges grouped by one endpoint: the edges of node v are `edge[ptr[v]:ptr[v + 1]]`."""

    ptr: IntArray
    edge: IntArray


def csr(n: int, key: IntArray) -> CsrAdjacency:
    """Group edge indices by `key` (their source or target) in CSR form, stable within a node."""
    m = key.size
    if m == 0:
        return CsrAdjacency(np.zeros(n + 1, dtype=np.int64), np.empty(0, dtype=np.int64))
    # Sorting (key, edge index) packed in one int64 is stable and faster than a stable argsort.
    shift = max(int(m).bit_length(), 1)
    if (n << shift) < (1 << 62):
        packed = np.sort((key.astype(np.int64) << shift) | np.arange(m, dtype=np.int64))
        order = packed & ((1 << shift) - 1)
    else:  # pragma: no cover - beyond 2**62 packed keys
        order = np.argsort(key, kind="stable").astype(np.int64)
    counts = np.bincount(key, minlength=n)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return CsrAdjacency(ptr, order)


def gather_edges(adj: CsrAdjacency, nodes: IntArray) -> IntArray:
    """The edge indices of all `nodes`, concatenated in the order of `nodes`."""
    starts = adj.ptr[nodes]
    counts = adj.ptr[nodes + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
    return adj.edge[offsets + np.arange(total, dtype=np.int64)]


def topological_levels(
    n: int, src: IntArray, dst: IntArray, *, out_edges: CsrAdjacency | None = None
) -> IntArray:
    """Level of each node: 0 for sources, else 1 + the largest level of its predecessors.

    Kahn's algorithm, one vectorised step per level. Nodes on or behind a cycle get -1.
    """
    return topological_order(n, src, dst, out_edges=out_edges)[1]


def topological_order(
    n: int,
    src: IntArray,
    dst: IntArray,
    *,
    out_edges: CsrAdjacency | None = None,
    last: NDArray[np.bool_] | None = None,
) -> tuple[IntArray, IntArray]:
    """Nodes in topological order (level by level) and the level of each node.

    Within a level, nodes come in id order, those flagged in `last` after the others.
    Nodes on or behind a cycle are left out of the order and get level -1.
    """
    out_edges = out_edges if out_edges is not None else csr(n, src)
    indegree = np.bincount(dst, minlength=n).astype(np.int64)
    level = np.full(n, -1, dtype=np.int64)
    stamp = np.zeros(n, dtype=np.int64)
    rank = n * last.astype(np.int64) if last is not None else np.zeros(n, dtype=np.int64)

    def ordered(nodes: IntArray) -> IntArray:
        result: IntArray = np.sort(nodes + rank[nodes]) % max(n, 1)
        return result

    frontier = ordered(np.flatnonzero(indegree == 0))
    chunks: list[IntArray] = []
    depth = 0
    while frontier.size:
        level[frontier] = depth
        chunks.append(frontier)
        targets = dst[gather_edges(out_edges, frontier)]
        if targets.size == 0:
            break
        np.subtract.at(indegree, targets, 1)
        ready = targets[indegree[targets] == 0]
        # A node freed by several links of this level appears once per link: keep one copy.
        positions = np.arange(ready.size, dtype=np.int64)
        stamp[ready] = positions
        frontier = ordered(ready[stamp[ready] == positions])
        depth += 1
    order = np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)
    return order, level


def find_cycle(src: IntArray, dst: IntArray, level: IntArray) -> list[int]:
    """One cycle among the nodes `topological_levels` left at -1, in edge order.

    Every such node has a predecessor that is also left, so walking predecessors must
    repeat a node; the walk from the first repeat is a cycle.
    """
    left = level < 0
    keep = left[src] & left[dst]
    pred: dict[int, int] = {}
    for s, d in zip(src[keep].tolist(), dst[keep].tolist(), strict=True):
        pred.setdefault(d, s)
    node = int(np.flatnonzero(left)[0])
    seen: dict[int, int] = {}
    walk: list[int] = []
    while node not in seen:
        seen[node] = len(walk)
        walk.append(node)
        node = pred[node]
    cycle = walk[seen[node] :]
    cycle.reverse()  # predecessors were walked backwards
    return cycle
