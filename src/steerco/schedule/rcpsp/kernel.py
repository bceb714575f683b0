"""The bit-packed serial schedule generation scheme (SGS), run on a batch of activity lists.

Every schedule comes from the serial SGS: tasks are taken in the order of a
precedence-feasible activity list, and each starts at the earliest unit
t >= max(r_j, max_i S_i + c_ij) where the availability of every resource covers its
demand over [t, t + d_j). Links are minimum time lags between starts, S_j >= S_i + c_ij
(see `RcpspProblem.link_offset`), and all point forward in the network's DAG.

The kernel runs a whole batch of activity lists in lockstep over list positions: the
free capacity of the batch is one array of shape (batch, words, units), the resources
packed into bit fields of int64 words so that one subtraction tests them all, and each
position is a handful of NumPy operations on all rows at once. Staffing choices
(`RcpspProblem.choices`) are not decided here: resolve them into demands first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.rcpsp.compiled import sgs_rows
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import IntArray

__all__ = [
    "KernelData",
    "Links",
    "free_profile",
    "kernel_data",
    "makespans",
    "reversed_profiles",
    "serial_sgs",
    "sgs_batch",
    "unfit",
]


_NEG = -(1 << 40)
_FIRST_WINDOW = 32
_SPARE_UNITS = 256
_PAD_LIMIT = 64


@dataclass(frozen=True)
class Links:
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
class KernelData:
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
    forward: Links
    backward: Links
    pred: Links
    full: IntArray
    varying: bool
    level_in: list[tuple[int, int, IntArray, IntArray]]
    level_out: list[tuple[int, int, IntArray, IntArray]]
    order: IntArray
    pad: int


def _links(n: int, src: IntArray, dst: IntArray, off: IntArray) -> Links:
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
    return Links(pad_src, pad_off, padded, ptr, dst.astype(np.int64), off.astype(np.int64), degree)


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


def kernel_data(problem: RcpspProblem) -> KernelData:
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
    return KernelData(
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


def free_profile(problem: RcpspProblem, data: KernelData, cap: int) -> IntArray:
    """Packed free capacity by (word, unit) over [0, cap), then `pad` units that fit nothing."""
    avail = problem.availability(cap).T.reshape(cap, problem.resources)
    packed = _pack(avail, data.shift, data.word, data.guard.size) | data.guard
    blocked = np.broadcast_to(data.guard, (data.pad, data.guard.size))
    profile: IntArray = np.ascontiguousarray(np.concatenate([packed, blocked]).T)
    return profile


def reversed_profiles(
    data: KernelData, cap: int, makespan: IntArray, forward: IntArray
) -> IntArray:
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


def sgs_batch(
    data: KernelData,
    lists: IntArray,
    earliest: IntArray,
    links: Links,
    profile: IntArray,
    cap: int,
    stop_at: float | None = None,
    halt: threading.Event | None = None,
    *,
    compiled: bool = False,
) -> tuple[IntArray, NDArray[np.bool_]]:
    """Serial SGS for every row of `lists` at once; rows that cannot finish by `cap` fail.

    `earliest` (rows, tasks) bounds each start from below before any link; `profile`
    (rows, words, units) is the packed free capacity, used up in place. Past the clock
    time `stop_at`, or once `halt` is set, the pass gives up and every row fails.
    Per-position data is gathered up front into (positions, rows, ...) arrays so that each
    step slices one position. `compiled` runs the compiled loop of `compiled.sgs_rows`
    instead (when Numba loads): the same starts and failures, list after list, with the
    clock and `halt` checked before each chunk of lists rather than every 32 tasks.
    """
    batch, n = lists.shape
    if compiled:
        found = sgs_rows(data, lists, earliest, links, profile, cap, stop_at, halt)
        if found is not None:
            return found
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
        if p % 32 == 31 and (
            (stop_at is not None and time.perf_counter() >= stop_at)
            or (halt is not None and halt.is_set())
        ):
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


def makespans(data: KernelData, start: IntArray) -> IntArray:
    """max_j S_j + d_j per row (0 without tasks)."""
    finish = start + data.duration[None, :]
    spans: IntArray = finish.max(axis=1, initial=0)
    return spans


def _check_list(data: KernelData, activity_list: IntArray) -> IntArray:
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


def unfit(problem: RcpspProblem) -> str | None:
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
    data = kernel_data(problem)
    order = _check_list(data, activity_list)
    reason = unfit(problem)
    if reason is not None:
        raise ValueError(reason)
    if problem.network.calendars is not None:  # start-dependent spans: the plain SGS
        from steerco.schedule.rcpsp.calendar_sgs import calendar_sgs_batch

        starts, fits = calendar_sgs_batch(problem, order[None, :])
        if not fits[0]:
            raise RuntimeError("serial SGS ran past the problem's horizon")
        found: IntArray = starts[0]
        return found
    cap = max(problem.horizon, 1)
    profile = free_profile(problem, data, cap)[None].copy()
    start, ok = sgs_batch(data, order[None, :], data.release[None, :], data.forward, profile, cap)
    if not ok[0]:  # pragma: no cover - the horizon bounds every serial schedule
        raise RuntimeError("serial SGS ran past the problem's horizon")
    result: IntArray = start[0]
    return result
