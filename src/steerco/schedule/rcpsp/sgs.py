"""The fast heuristic: serial schedule generation, priority rules, justification and a GA.

Every schedule comes from the serial schedule generation scheme (SGS): tasks are taken in
the order of a precedence-feasible activity list, and each starts at the earliest unit
t >= max(r_j, max_i S_i + c_ij) where the availability of every resource covers its
demand over [t, t + d_j). Links are minimum time lags between starts, S_j >= S_i + c_ij
(see `RcpspProblem.link_offset`), and all point forward in the network's DAG.

The kernels run a whole batch of activity lists in lockstep over list positions: the
free capacity of the batch is one array of shape (batch, words, units), the resources
packed into bit fields of int64 words so that one subtraction tests them all, and each
position is a handful of NumPy operations on all rows at once. Staffing choices
(`RcpspProblem.choices`) are not decided here: resolve them into demands first.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.cpm import critical_path
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleResult, SolveStatus

__all__ = [
    "PRIORITY_RULES",
    "PriorityRule",
    "heuristic_schedule",
    "justify",
    "makespan_bound",
    "priority_values",
    "serial_sgs",
]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
PriorityRule = Literal["LFT", "LST", "MINSLACK", "GRPW"]
PRIORITY_RULES: tuple[PriorityRule, ...] = ("LFT", "LST", "MINSLACK", "GRPW")

_CLIQUE_CANDIDATES = 400
_NEG = -(1 << 40)
_FIRST_WINDOW = 32
_SPARE_UNITS = 256
_PAD_LIMIT = 64


@dataclass(frozen=True)
class _Links:
    """The links S_j >= S_i + c that bound each task j, merged (largest c) and indexed twice.

    Padded rows per target (`src`, `off`, shape (tasks, width), padding points at the
    sentinel column `tasks`) serve the gather of each task's earliest start; CSR by
    source (`ptr`, `dst`, `out_off`) serves the scatter used when a task has too many.
    """

    src: IntArray
    off: IntArray
    padded: bool
    ptr: IntArray
    dst: IntArray
    out_off: IntArray
    degree: IntArray


@dataclass(frozen=True)
class _Data:
    """Arrays the kernels share, computed once per problem.

    Resources are packed into int64 words: resource k owns bits [shift_k, shift_k + w_k)
    of word `word_k`, w_k = bitlength(R_k) + 1, and its top bit is a guard that stays set
    while the field holds 2^(w_k - 1) + free units. Then a demand fits iff
    ((free - need) & guard) == guard for every word: no field borrows, since need <= R_k.
    """

    n: int
    duration: IntArray
    need: IntArray
    guard: IntArray
    shift: IntArray
    word: IntArray
    release: IntArray
    forward: _Links
    backward: _Links
    pred: _Links
    full: IntArray
    varying: bool
    level_in: list[tuple[int, int, IntArray, IntArray]]
    level_out: list[tuple[int, int, IntArray, IntArray]]
    order: IntArray
    pad: int


def _links(n: int, src: IntArray, dst: IntArray, off: IntArray) -> _Links:
    """Merge parallel links i -> j (keeping the largest offset); index by target and source."""
    width = max(n, 1)
    if src.size:
        unique, inverse = np.unique(src * width + dst, return_inverse=True)
        merged = np.full(unique.size, _NEG, dtype=np.int64)
        np.maximum.at(merged, inverse, off)
        src, dst, off = unique // width, unique % width, merged
    degree = np.bincount(src, minlength=n).astype(np.int64)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=ptr[1:])
    # np.unique sorts by (src, dst), so the merged links are already grouped by source.
    indegree = np.bincount(dst, minlength=n)
    cols = int(indegree.max(initial=0))
    padded = cols <= _PAD_LIMIT
    cols = cols if padded else 0
    pad_src = np.full((n, cols), n, dtype=np.int64)
    pad_off = np.zeros((n, cols), dtype=np.int64)
    if padded and src.size:
        by_dst = np.argsort(dst, kind="stable")
        first = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(indegree, out=first[1:])
        slot = np.arange(src.size) - first[dst[by_dst]]
        pad_src[dst[by_dst], slot] = src[by_dst]
        pad_off[dst[by_dst], slot] = off[by_dst]
    return _Links(pad_src, pad_off, padded, ptr, dst.astype(np.int64), off.astype(np.int64), degree)


def _packing(capacity: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Bit shift and word of each resource's field, and the guard bits of each word."""
    shift = np.zeros(capacity.size, dtype=np.int64)
    word = np.zeros(capacity.size, dtype=np.int64)
    guards = [0]
    used = 0
    for k, cap in enumerate(capacity.tolist()):
        bits = int(cap).bit_length() + 1
        if used + bits > 62:
            guards.append(0)
            used = 0
        shift[k], word[k] = used, len(guards) - 1
        guards[-1] |= 1 << (used + bits - 1)
        used += bits
    return shift, word, np.array(guards, dtype=np.int64)


def _pack(values: IntArray, shift: IntArray, word: IntArray, words: int) -> IntArray:
    """Pack the last axis (resources) of `values` into `words` int64 words."""
    out = np.zeros((*values.shape[:-1], words), dtype=np.int64)
    for g in range(words):
        members = np.flatnonzero(word == g)
        if members.size:
            out[..., g] = (values[..., members].astype(np.int64) << shift[members]).sum(axis=-1)
    return out


def _data(problem: RcpspProblem) -> _Data:
    """Precompute links both ways, level slices and the packed demands of `problem`."""
    net = problem.network
    n = problem.size
    d = problem.duration.astype(np.int64)
    offset = problem.link_offset().astype(np.int64)
    src, dst = net.src.astype(np.int64), net.dst.astype(np.int64)
    plan = net.plan
    level_in: list[tuple[int, int, IntArray, IntArray]] = []
    node_ptr = plan.node_ptr.tolist()
    in_ptr = plan.in_ptr.tolist()
    for lv in range(1, plan.depth):
        lo, hi = in_ptr[lv], in_ptr[lv + 1]
        level_in.append((node_ptr[lv], node_ptr[lv + 1], plan.in_src[lo:hi], plan.in_seg[lv]))
    level_out: list[tuple[int, int, IntArray, IntArray]] = []
    out_ptr, stop = plan.out_ptr.tolist(), plan.out_stop.tolist()
    for lv in range(plan.depth - 1, -1, -1):
        lo, hi = out_ptr[lv], out_ptr[lv + 1]
        if lo < hi:
            level_out.append((node_ptr[lv], stop[lv], plan.out_dst[lo:hi], plan.out_seg[lv]))
    shift, word, guard = _packing(problem.capacity)
    need = _pack(problem.demand.reshape(n, problem.resources), shift, word, guard.size)
    return _Data(
        n=n,
        duration=d,
        need=need,
        guard=guard,
        shift=shift,
        word=word,
        release=problem.release.astype(np.int64),
        forward=_links(n, src, dst, offset),
        # Reversed time S'_i = T - S_i - d_i turns S_j >= S_i + c into S'_i >= S'_j + c + d_j - d_i.
        backward=_links(n, dst, src, offset + d[dst] - d[src]),
        pred=_links(n, dst, src, np.zeros(src.size, dtype=np.int64)),
        full=_pack(problem.capacity[None, :], shift, word, guard.size)[0] | guard,
        varying=bool(problem.unavailable),
        level_in=level_in,
        level_out=level_out,
        order=plan.order.astype(np.int64),
        pad=int(2 * d.max(initial=0) + _SPARE_UNITS),
    )


def _profile(problem: RcpspProblem, data: _Data, cap: int) -> IntArray:
    """Packed free capacity by (word, unit) over [0, cap), then `pad` units that fit nothing."""
    avail = problem.availability(cap).T.reshape(cap, problem.resources)
    packed = _pack(avail, data.shift, data.word, data.guard.size) | data.guard
    blocked = np.broadcast_to(data.guard, (data.pad, data.guard.size))
    profile: IntArray = np.ascontiguousarray(np.concatenate([packed, blocked]).T)
    return profile


def _reversed_profiles(data: _Data, cap: int, makespan: IntArray, forward: IntArray) -> IntArray:
    """Per row, the free capacity seen backwards from its makespan T: unit t' is T - 1 - t'."""
    rows = makespan.size
    if not data.varying:
        return np.broadcast_to(forward, (rows, *forward.shape)).copy()
    back = makespan[:, None] - 1 - np.arange(cap)[None, :]
    # Before unit 0 (t' >= T) nothing is on leave: the full capacity is free.
    gathered = forward[:, np.clip(back, 0, None)].transpose(1, 0, 2)
    head = np.where((back >= 0)[:, None, :], gathered, data.full[None, :, None])
    tail = np.broadcast_to(forward[:, cap:], (rows, *forward[:, cap:].shape))
    profiles: IntArray = np.ascontiguousarray(np.concatenate([head, tail], axis=2))
    return profiles


def _fit(
    windows: Callable[[int, int], IntArray],
    rows: IntArray,
    guard: list[int],
    lo: IntArray,
    d: IntArray,
    need: IntArray,
    cap: int,
    width: int,
    limit: int,
) -> IntArray:
    """Per row, the first t >= lo where the demand fits over [t, t + d); -1 past `cap`.

    `windows(g, w)` is a (rows, starts, w) sliding-window view of word g of the packed
    profile; `need` is (words, rows, 1). Looks at `width` units at a time: with nb(o) the
    first unit >= o where the demand does not fit, start o is clear iff nb(o) - o >= d;
    rows without a clear start slide on with a wider window.
    """
    start = np.full(lo.size, -1, dtype=np.int64)
    todo = np.arange(lo.size)
    at, dt, rt, nt = lo, d, rows, need
    while True:
        if int((at + dt).max()) > cap:
            inside = at + dt <= cap
            todo, at, dt, rt, nt = todo[inside], at[inside], dt[inside], rt[inside], nt[:, inside]
            if not todo.size:
                return start
        fits = ((windows(0, width)[rt, at] - nt[0]) & guard[0]) == guard[0]
        for g in range(1, len(guard)):
            fits &= ((windows(g, width)[rt, at] - nt[g]) & guard[g]) == guard[g]
        offsets = np.arange(width)
        next_bad = np.minimum.accumulate(np.where(fits, width, offsets)[:, ::-1], axis=1)
        clear = next_bad[:, ::-1] - offsets >= dt[:, None]
        first = clear.argmax(axis=1)
        found = clear.any(axis=1)
        if found.all():
            start[todo] = at + first
            return start
        start[todo[found]] = at[found] + first[found]
        miss = ~found
        todo, dt, rt, nt = todo[miss], dt[miss], rt[miss], nt[:, miss]
        at = at[miss] + width - dt + 1
        width = min(limit, width * 4)


def _sgs_batch(
    data: _Data,
    lists: IntArray,
    earliest: IntArray,
    links: _Links,
    profile: IntArray,
    cap: int,
    stop_at: float | None = None,
) -> tuple[IntArray, NDArray[np.bool_]]:
    """Serial SGS for every row of `lists` at once; rows that cannot finish by `cap` fail.

    `earliest` (rows, tasks) bounds each start from below before any link; `profile`
    (rows, words, units) is the packed free capacity, used up in place. Past the clock
    time `stop_at` the pass gives up and every row fails. Per-position data is gathered
    up front into (positions, rows, ...) arrays so that each step slices one position.
    """
    batch, n = lists.shape
    words, units = profile.shape[1], profile.shape[2]
    flat = profile.reshape(-1)
    rows = np.arange(batch, dtype=np.int64)
    base = rows * words * units
    start = np.zeros((batch, n + 1), dtype=np.int64)
    start[:, n] = _NEG
    placed = start.reshape(-1)
    ok = np.ones(batch, dtype=bool)
    guard = data.guard.tolist()
    limit = data.pad - 1
    task = np.ascontiguousarray(lists.T)
    slot = task + (rows * (n + 1))[None, :]
    dur = data.duration[task]
    dmax = dur.max(axis=1, initial=0).tolist()
    need = np.ascontiguousarray(data.need[task].transpose(0, 2, 1))[..., None]
    first = np.take_along_axis(np.asarray(earliest, dtype=np.int64), lists, axis=1).T.copy()
    pred_slot = pred_off = None
    est = None
    if not links.padded:
        est = np.ascontiguousarray(earliest, dtype=np.int64).ravel().copy()
        est_slot = task + (rows * n)[None, :]
    elif links.src.shape[1]:
        pred_slot = links.src[task] + (rows * (n + 1))[None, :, None]
        pred_off = links.off[task]
    span = np.arange(int(data.duration.max(initial=0)))
    views: dict[tuple[int, int], IntArray] = {}

    def windows(g: int, width: int) -> IntArray:
        view = views.get((g, width))
        if view is None:
            view = np.lib.stride_tricks.sliding_window_view(profile[:, g, :], width, axis=1)
            views[g, width] = view
        return view

    for p in range(n):
        if stop_at is not None and p % 32 == 31 and time.perf_counter() >= stop_at:
            return start[:, :n], np.zeros(batch, dtype=bool)
        d = dur[p]
        if est is not None:
            lo = est[est_slot[p]]
        elif pred_slot is not None and pred_off is not None:
            lo = np.maximum(first[p], (placed[pred_slot[p]] + pred_off[p]).max(axis=1))
        else:
            lo = first[p]
        q = need[p]
        longest = dmax[p]
        s = _fit(windows, rows, guard, lo, d, q, cap, min(limit, longest + _FIRST_WINDOW), limit)
        if int(s.min(initial=0)) < 0:
            failed = s < 0
            ok &= ~failed
            s = np.where(failed, lo, s)
            d = np.where(failed, 0, d)
        placed[slot[p]] = s
        if longest:
            taken = span[:longest] < d[:, None]
            cell = (base + s)[:, None] + span[:longest]
            for g in range(words):
                flat[cell + g * units] -= q[g] * taken
        if est is not None:
            j = task[p]
            count = links.degree[j]
            total = int(count.sum())
            if total:
                owner = np.repeat(rows, count)
                edge = np.repeat(links.ptr[j] - np.cumsum(count) + count, count)
                edge += np.arange(total)
                cell = owner * n + links.dst[edge]
                est[cell] = np.maximum(est[cell], s[owner] + links.out_off[edge])
    return start[:, :n], ok


def _order_by(data: _Data, key: IntArray, *, backward: bool) -> IntArray:
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


def _makespans(data: _Data, start: IntArray) -> IntArray:
    """max_j S_j + d_j per row (0 without tasks)."""
    finish = start + data.duration[None, :]
    spans: IntArray = finish.max(axis=1, initial=0)
    return spans


def _justify_batch(
    data: _Data,
    lists: IntArray,
    start: IntArray,
    makespan: IntArray,
    forward_profile: IntArray,
    cap: int,
    stop_at: float | None = None,
) -> tuple[IntArray, IntArray, IntArray]:
    """Double justification of every row: right-justify within its makespan, then left.

    Returns the new starts, makespans and the activity lists that regenerate them; a row
    keeps its schedule and list when the justified one would be longer.
    """
    batch = start.shape[0]
    d = data.duration[None, :]
    back_lists = _order_by(data, makespan[:, None] - start - d, backward=True)
    profiles = _reversed_profiles(data, cap, makespan, forward_profile)
    earliest = np.zeros((batch, data.n), dtype=np.int64)
    back_start, back_ok = _sgs_batch(
        data, back_lists, earliest, data.backward, profiles, cap, stop_at
    )
    right = np.where(back_ok[:, None], makespan[:, None] - back_start - d, start)
    new_lists = _order_by(data, right, backward=False)
    profiles = np.broadcast_to(forward_profile, (batch, *forward_profile.shape)).copy()
    earliest = np.broadcast_to(data.release, (batch, data.n))
    left, ok = _sgs_batch(data, new_lists, earliest, data.forward, profiles, cap, stop_at)
    spans = _makespans(data, left)
    better = ok & (spans <= makespan)
    return (
        np.where(better[:, None], left, start),
        np.where(better, spans, makespan),
        np.where(better[:, None], new_lists, lists),
    )


def _cpm(problem: RcpspProblem) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """ES, LS, LF and total float of the critical-path pass over the integer durations."""
    result = critical_path(problem.network, duration=problem.duration.astype(np.float64))
    return result.es, result.ls, result.lf, result.total_float


def priority_values(problem: RcpspProblem, rule: PriorityRule) -> FloatArray:
    """Priority of each task under `rule`; the smallest value is scheduled first.

    LFT: LF_j; LST: LS_j = LF_j - d_j; MINSLACK: TF_j = LS_j - ES_j (critical-path pass);
    GRPW: -(d_j + sum of d_s over the direct successors s of j), greatest weight first.
    """
    _, ls, lf, slack = _cpm(problem)
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


def _serial_list(data: _Data, value: FloatArray, tie: FloatArray) -> IntArray:
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


def _check_list(data: _Data, activity_list: IntArray) -> IntArray:
    """`activity_list` as int64 after checking it is a precedence-feasible permutation."""
    order = np.asarray(activity_list, dtype=np.int64).ravel()
    n = data.n
    if order.size != n or not np.array_equal(np.sort(order), np.arange(n)):
        raise ValueError("the activity list must hold every task exactly once")
    where = np.empty(n, dtype=np.int64)
    where[order] = np.arange(n)
    src = np.repeat(np.arange(n, dtype=np.int64), data.forward.degree)
    late = np.flatnonzero(where[src] >= where[data.forward.dst])
    if late.size:
        i, j = int(src[late[0]]), int(data.forward.dst[late[0]])
        raise ValueError(f"the activity list puts task {j} before its predecessor {i}")
    return order


def _unfit(problem: RcpspProblem) -> str | None:
    """Why no schedule exists (a task needs more than a resource's capacity), or None."""
    over = (problem.demand > problem.capacity[None, :]) & (problem.duration[:, None] > 0)
    if not over.any():
        return None
    i, k = (int(v) for v in np.argwhere(over)[0])
    return (
        f"task {problem.network.ids[i]} needs {problem.demand[i, k]} of resource "
        f"{problem.resource_ids[k]}, which has only {problem.capacity[k]}"
    )


def serial_sgs(problem: RcpspProblem, activity_list: IntArray) -> IntArray:
    """Serial SGS: each task in list order at the first t >= max(r_j, max_i S_i + c_ij) that fits.

    Fits means availability_k(u) - usage_k(u) >= demand_jk for every resource k and every
    unit u in [t, t + d_j); a zero-duration task takes no resources. Raises ValueError
    when the list is not precedence-feasible or a task needs more than a capacity.
    """
    data = _data(problem)
    order = _check_list(data, activity_list)
    reason = _unfit(problem)
    if reason is not None:
        raise ValueError(reason)
    cap = max(problem.horizon, 1)
    profile = _profile(problem, data, cap)[None].copy()
    start, ok = _sgs_batch(data, order[None, :], data.release[None, :], data.forward, profile, cap)
    if not ok[0]:  # pragma: no cover - the horizon bounds every serial schedule
        raise RuntimeError("serial SGS ran past the problem's horizon")
    result: IntArray = start[0]
    return result


def justify(problem: RcpspProblem, start: IntArray) -> IntArray:
    """Double justification (Valls et al. 2005): right- then left-justify; never longer.

    Right: tasks by decreasing finish, each as late as possible before the makespan T;
    left: tasks by increasing start of that schedule, each as early as possible (serial SGS).
    """
    data = _data(problem)
    reason = _unfit(problem)
    if reason is not None:
        raise ValueError(reason)
    base = np.asarray(start, dtype=np.int64).reshape(1, -1)
    if base.shape[1] != data.n:
        raise ValueError(f"expected {data.n} start times, got {base.shape[1]}")
    span = _makespans(data, base)
    cap = max(problem.horizon, int(span[0]), 1)
    profile = _profile(problem, data, cap)
    lists = _order_by(data, base, backward=False)
    new_start, _, _ = _justify_batch(data, lists, base, span, profile, cap)
    result: IntArray = new_start[0]
    return result


def _cpm_length(data: _Data) -> int:
    """max_j ES_j + d_j with ES_j = max(r_j, max_i ES_i + c_ij), in integers."""
    if not data.n:
        return 0
    es = data.release.copy()
    ptr, dst, off = data.forward.ptr, data.forward.dst, data.forward.out_off
    for j in data.order.tolist():
        lo, hi = int(ptr[j]), int(ptr[j + 1])
        if lo < hi:
            targets = dst[lo:hi]
            es[targets] = np.maximum(es[targets], es[j] + off[lo:hi])
    return int((es + data.duration).max(initial=0))


def _energy_bound(problem: RcpspProblem) -> int:
    """Per resource, the first T with sum_{u<T} availability_k(u) >= sum_j d_j * demand_jk."""
    energy = (problem.duration[:, None] * problem.demand).sum(axis=0)
    if not energy.size or not energy.any():
        return 0
    avail = problem.availability(max(problem.horizon, 1))
    total = np.cumsum(avail, axis=1)
    best = 0
    for k in np.flatnonzero(energy).tolist():
        need = int(energy[k])
        t = int(np.searchsorted(total[k], need)) + 1
        if total[k, -1] < need:
            t = problem.horizon + math.ceil(
                (need - int(total[k, -1])) / max(problem.capacity[k], 1)
            )
        best = max(best, t)
    return best


def _clique_bound(problem: RcpspProblem) -> int:
    """Tasks that pairwise cannot overlap (demand_ik + demand_jk > capacity_k) run in sequence.

    Greedy cliques among the longest tasks; bound min_j r_j + sum_j d_j over a clique.
    """
    d = problem.duration
    candidates = np.flatnonzero(d > 0)
    if candidates.size < 2 or not problem.resources:
        return 0
    candidates = candidates[np.argsort(-d[candidates], kind="stable")][:_CLIQUE_CANDIDATES]
    need = problem.demand[candidates]
    clash: NDArray[np.bool_] = np.zeros((candidates.size, candidates.size), dtype=bool)
    for k in range(problem.resources):
        clash |= (need[:, None, k] + need[None, :, k]) > problem.capacity[k]
    best = 0
    for seed in range(min(candidates.size, 8)):
        members = [seed]
        allowed = clash[seed].copy()
        allowed[seed] = False
        for c in range(candidates.size):
            if allowed[c]:
                members.append(c)
                allowed &= clash[c]
        tasks = candidates[members]
        best = max(best, int(problem.release[tasks].min() + d[tasks].sum()))
    return best


def makespan_bound(problem: RcpspProblem) -> int:
    """Lower bound on the makespan: the largest of the critical-path, energy and clique bounds.

    Critical path: max_j ES_j + d_j. Energy: per resource k the first T with
    sum_{u<T} a_k(u) >= sum_j d_j * q_jk (= ceil(sum_j d_j q_jk / R_k) without leave).
    Clique: sum of d_j over tasks that pairwise exceed a capacity together.
    """
    data = _data(problem)
    return max(_cpm_length(data), _energy_bound(problem), _clique_bound(problem))


@dataclass
class _Search:
    """One heuristic run: the budget in schedules, the clock, and the best schedule so far."""

    problem: RcpspProblem
    data: _Data
    budget: int
    clock: float
    stop_at: float | None
    bound: int
    used: int = 0
    best_span: int = -1
    best_start: IntArray | None = None
    history: list[tuple[float, int, int]] = field(default_factory=list)

    def done(self) -> bool:
        """True when the budget is spent, time is up or the bound is reached."""
        if self.used >= self.budget or self.best_span == self.bound:
            return True
        return self.stop_at is not None and time.perf_counter() >= self.stop_at

    def record(self, start: IntArray, span: IntArray) -> None:
        """Keep the shortest row of `start` if it beats the best so far."""
        if not span.size:
            return
        best = int(np.argmin(span))
        if self.best_span < 0 or int(span[best]) < self.best_span:
            self.best_span = int(span[best])
            self.best_start = start[best].copy()
            self.history.append((time.perf_counter() - self.clock, self.best_span, self.bound))

    def evaluate(
        self, lists: IntArray, profile: IntArray, cap: int, *, stop: bool = True
    ) -> tuple[IntArray, IntArray, IntArray, NDArray[np.bool_]]:
        """Serial SGS of every list, then double justification while the budget allows.

        Returns the (justified) lists, starts, makespans and which rows finished by `cap`.
        """
        data = self.data
        count = lists.shape[0]
        stop_at = self.stop_at if stop else None
        profiles = np.broadcast_to(profile, (count, *profile.shape)).copy()
        earliest = np.broadcast_to(data.release, (count, data.n))
        start, ok = _sgs_batch(data, lists, earliest, data.forward, profiles, cap, stop_at)
        span = _makespans(data, start)
        self.used += count
        if ok.any():
            self.record(start[ok], span[ok])
        good = np.flatnonzero(ok)
        if good.size and self.used + 2 * good.size <= self.budget and not self.done():
            new_start, new_span, new_lists = _justify_batch(
                data, lists[good], start[good], span[good], profile, cap, stop_at
            )
            lists = lists.copy()
            start[good], span[good], lists[good] = new_start, new_span, new_lists
            self.used += 2 * good.size
            self.record(new_start, new_span)
        return lists, start, span, ok


def _population_size(schedules: int) -> int:
    """Population size for a budget: about 1.2 sqrt(budget), between 16 and 80."""
    return int(min(80, max(16, round(math.sqrt(schedules) * 1.2))))


def _crossover(rng: np.random.Generator, mother: IntArray, father: IntArray) -> IntArray:
    """Two-point crossover of activity lists (Hartmann 1998), one child per pair of rows.

    Child: mother's first q1 tasks, then father's first q2 - q1 tasks not taken yet (in
    his order), then the rest in mother's order; feasible parents give a feasible child.
    """
    batch, n = mother.shape
    cuts = np.sort(rng.integers(0, n + 1, size=(batch, 2)), axis=1)
    q1, q2 = cuts[:, :1], cuts[:, 1:]
    rows = np.arange(batch)[:, None]
    pos_m = np.empty_like(mother)
    pos_m[rows, mother] = np.arange(n)[None, :]
    head = pos_m < q1
    rank = np.empty_like(mother)
    rank[rows, father] = np.cumsum(~head[rows, father], axis=1)
    middle = ~head & (rank <= q2 - q1)
    key = np.where(head, pos_m, np.where(middle, q1 + rank - 1, n + pos_m))
    child: IntArray = np.argsort(key, axis=1)
    return child


def _segment_extreme(
    links: _Links, values: IntArray, tasks: IntArray, *, largest: bool, empty: int
) -> IntArray:
    """Per row b, the max (or min) of values[b, q] over the tasks q linked from tasks[b]."""
    batch = tasks.size
    count = links.degree[tasks]
    total = int(count.sum())
    out = np.full(batch, empty, dtype=np.int64)
    if total:
        owner = np.repeat(np.arange(batch), count)
        edge = np.repeat(links.ptr[tasks] - np.cumsum(count) + count, count) + np.arange(total)
        picked = values[owner, links.dst[edge]]
        if largest:
            np.maximum.at(out, owner, picked)
        else:
            np.minimum.at(out, owner, picked)
    return out


def _mutate(rng: np.random.Generator, data: _Data, lists: IntArray, rate: float) -> IntArray:
    """Shift mutation: with probability `rate` per row, move one random task elsewhere.

    The task goes to a random place after its last predecessor and before its first
    successor in the list, so the list stays precedence-feasible.
    """
    batch, n = lists.shape
    chosen = np.flatnonzero(rng.random(batch) < rate)
    if n < 2 or not chosen.size:
        return lists
    sub = lists[chosen]
    rows = np.arange(chosen.size)
    pos = np.empty_like(sub)
    pos[rows[:, None], sub] = np.arange(n)[None, :]
    task = sub[rows, rng.integers(0, n, size=chosen.size)]
    lo = _segment_extreme(data.pred, pos, task, largest=True, empty=-1)
    hi = _segment_extreme(data.forward, pos, task, largest=False, empty=n)
    key = pos.astype(np.float64)
    key[rows, task] = lo + 0.5 + np.floor(rng.random(chosen.size) * (hi - lo))
    out = lists.copy()
    out[chosen] = np.argsort(key, axis=1)
    return out


def _fitness(data: _Data, start: IntArray, span: IntArray, ok: NDArray[np.bool_]) -> FloatArray:
    """Makespan plus a tie-breaker below 1 (mean finish over makespan); inf for failed rows."""
    finish = (start + data.duration[None, :]).mean(axis=1) if data.n else np.zeros(span.size)
    tie = finish / np.maximum(span, 1) / 2.0
    fit: FloatArray = np.where(ok, span + tie, np.inf)
    return fit


def _sampled_lists(rng: np.random.Generator, data: _Data, lf: FloatArray, count: int) -> IntArray:
    """Random activity lists biased towards latest finish: sort by LF_j + noise, noise ~ U."""
    spread = float(max(lf.max(initial=0) - lf.min(initial=0), 1.0))
    scale = spread * rng.uniform(0.05, 0.6, (count, 1))
    key = np.rint((lf[None, :] + rng.random((count, data.n)) * scale) * 16).astype(np.int64)
    return _order_by(data, key, backward=False)


def _evolve(
    search: _Search,
    rng: np.random.Generator,
    seeds: tuple[IntArray, IntArray, IntArray, NDArray[np.bool_]],
    lf: FloatArray,
) -> None:
    """The GA: fill a population with biased random lists, then breed until the search stops.

    Parents come from binary tournaments; children are justified and Lamarckian (their
    list is the one that regenerates the justified schedule); the best distinct schedules
    of parents and children survive (ranking selection).
    """
    data = search.data
    if search.done() or data.n < 2 or search.best_start is None:
        return
    size = _population_size(search.budget)
    # A schedule past cap cannot be the best, so the profiles stop there.
    span = search.best_span
    cap = min(span + max(span // 2, int(data.duration.max(initial=0)) + 1), search.problem.horizon)
    profile = _profile(search.problem, data, cap)
    pop_lists = seeds[0]
    pop_fit = _fitness(data, *seeds[1:])
    missing = min(size - pop_lists.shape[0], (search.budget - search.used) // 3)
    if missing > 0 and not search.done():
        lists, start, span_, ok = search.evaluate(
            _sampled_lists(rng, data, lf, missing), profile, cap
        )
        pop_lists = np.concatenate([pop_lists, lists])
        pop_fit = np.concatenate([pop_fit, _fitness(data, start, span_, ok)])
    while not search.done():
        count = min(size, max((search.budget - search.used) // 3, 1))
        rank = np.argsort(pop_fit, kind="stable")
        pop_lists, pop_fit = pop_lists[rank], pop_fit[rank]
        m = pop_lists.shape[0]
        mother = np.minimum(rng.integers(0, m, count), rng.integers(0, m, count))
        father = np.minimum(rng.integers(0, m, count), rng.integers(0, m, count))
        children = _crossover(rng, pop_lists[mother], pop_lists[father])
        children = _mutate(rng, data, children, 0.5)
        lists, start, span_, ok = search.evaluate(children, profile, cap)
        pool_lists = np.concatenate([pop_lists, lists])
        pool_fit = np.concatenate([pop_fit, _fitness(data, start, span_, ok)])
        _, distinct = np.unique(pool_fit, return_index=True)
        keep = distinct[np.argsort(pool_fit[distinct], kind="stable")][:size]
        pop_lists, pop_fit = pool_lists[keep], pool_fit[keep]


def _no_schedule(status: SolveStatus, bound: int, clock: float, message: str) -> ScheduleResult:
    """A heuristic outcome without a schedule, and why."""
    return ScheduleResult(
        status=status,
        method="heuristic",
        makespan=None,
        bound=bound,
        solve_seconds=time.perf_counter() - clock,
        start=None,
        message=message,
    )


def heuristic_schedule(
    problem: RcpspProblem,
    *,
    schedules: int = 1000,
    rng: np.random.Generator,
    rules: tuple[PriorityRule, ...] = PRIORITY_RULES,
    deadline_seconds: float | None = None,
) -> ScheduleResult:
    """Priority-rule passes, then a GA over activity lists, within a schedule budget.

    Each rule gives one serial SGS pass (always run, whatever the deadline) and its double
    justification; a population of lists (the rules' and random lists biased towards LFT)
    then evolves by two-point crossover, shift mutation and ranking selection (Hartmann
    1998), every child justified (Valls et al. 2005). A pass counts 1 schedule and a
    justification 2; the search stops at `schedules`, at `deadline_seconds`, or when the
    makespan meets the bound max(critical path, energy, clique).
    """
    clock = time.perf_counter()
    if schedules < 1:
        raise ValueError("the schedule budget must be at least 1")
    for rule in rules:
        if rule not in PRIORITY_RULES:
            raise ValueError(f"unknown priority rule {rule!r}; expected one of {PRIORITY_RULES}")
    data = _data(problem)
    bound = max(_cpm_length(data), _energy_bound(problem), _clique_bound(problem))
    reason = _unfit(problem)
    if reason is not None:
        return _no_schedule("infeasible", bound, clock, reason)
    stop_at = None if deadline_seconds is None else clock + deadline_seconds
    search = _Search(problem, data, schedules, clock, stop_at, bound)
    _, _, lf, _ = _cpm(problem)
    chosen = rules or ("LFT",)
    lists = np.stack([_serial_list(data, priority_values(problem, r), lf) for r in chosen])
    lists = lists[: max(1, min(len(chosen), schedules))]
    cap = max(problem.horizon, 1)
    seeds = search.evaluate(lists, _profile(problem, data, cap), cap, stop=False)
    _evolve(search, rng, seeds, lf)
    best_start = search.best_start
    if best_start is None:  # every list ran past the horizon: unavailability left no room
        return _no_schedule(
            "unknown",
            bound,
            clock,
            "no schedule fits within the horizon (leave or part-time weeks leave no room)",
        )
    span = search.best_span
    return ScheduleResult(
        status="optimal" if span <= bound else "feasible",
        method="heuristic",
        makespan=span,
        bound=bound,
        solve_seconds=time.perf_counter() - clock,
        start=best_start.astype(np.int64),
        objective=float(span),
        message=f"{search.used} schedules generated",
        history=search.history,
    )
