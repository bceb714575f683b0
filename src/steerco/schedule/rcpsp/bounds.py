"""Lower bounds on the makespan: critical path, resource energy, cliques of clashing tasks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.network import link_flags, relinked
from steerco.schedule.rcpsp.calendar_sgs import leave_tables
from steerco.schedule.rcpsp.kernel import KernelData, kernel_data
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import IntArray

__all__ = [
    "clique_bound",
    "cpm_length",
    "energy_bound",
    "head_tail_bound",
    "heads_and_tails",
    "held_energy_bound",
    "held_spans",
    "loosest_calendars",
    "makespan_bound",
    "path_bound",
]

_CLIQUE_CANDIDATES = 400
_GRID_LEVELS = 2048
"""Most heads (and tails) the head-tail bound tries per resource: a grid of at most 4M cells."""


def cpm_length(data: KernelData) -> int:
    """max_j ES_j + d_j with ES_j = max(r_j, max_i ES_i + c_ij), in integers."""
    if not data.n:
        return 0
    return int((_heads(data) + data.duration).max(initial=0))


def _heads(data: KernelData) -> IntArray:
    """ES_j = max(r_j, max_i ES_i + c_ij), forward over the links in topological order."""
    es = data.release.copy()
    ptr, dst, off = data.forward.ptr, data.forward.dst, data.forward.out_off
    for j in data.order.tolist():
        lo, hi = int(ptr[j]), int(ptr[j + 1])
        if lo < hi:
            targets = dst[lo:hi]
            es[targets] = np.maximum(es[targets], es[j] + off[lo:hi])
    return es


def heads_and_tails(data: KernelData) -> tuple[IntArray, IntArray]:
    """Per task, the earliest start (head) and the least time from its finish to the end (tail).

    head_j = max(r_j, max_i head_i + c_ij); tail_i = max(0, max_j c_ij + d_j + tail_j - d_i),
    so every schedule has S_j >= head_j and C_max >= S_j + d_j + tail_j.
    """
    tail = np.zeros(data.n, dtype=np.int64)
    ptr, dst, off = data.forward.ptr, data.forward.dst, data.forward.out_off
    d = data.duration
    for i in reversed(data.order.tolist()):
        lo, hi = int(ptr[i]), int(ptr[i + 1])
        if lo < hi:
            targets = dst[lo:hi]
            reach = off[lo:hi] + d[targets] + tail[targets] - d[i]
            tail[i] = max(0, int(reach.max()))
    return _heads(data), tail


def head_tail_bound(problem: RcpspProblem, data: KernelData) -> int:
    """Per resource k: max over h, t of h + t + the time its capacity needs for E_k(h, t).

    E_k(h, t) = sum of d_j q_jk over the tasks with head_j >= h and tail_j >= t: all of
    them run inside [h, C_max - t], so C_max - t is at least the first T with
    sum_{h <= u < T} a_k(u) >= E_k(h, t) (h + ceil(E / R_k) without leave). With h = t = 0
    this is the energy bound. Not defined over task calendars (spans vary): 0 there.
    """
    if problem.network.calendars is not None or not problem.resources or not data.n:
        return 0
    head, tail = heads_and_tails(data)
    d = problem.duration
    on_leave = {g.resource for g in problem.unavailable if g.end > g.start and g.units > 0}
    avail = problem.availability(max(problem.horizon, 1)) if on_leave else None
    best = 0
    for k in range(problem.resources):
        users = np.flatnonzero((problem.demand[:, k] > 0) & (d > 0))
        if not users.size:
            continue
        heads, h_rank = _levels(head[users])
        tails, t_rank = _levels(tail[users])
        cells = h_rank * tails.size + t_rank
        weights = (d[users] * problem.demand[users, k]).astype(np.float64)
        work = np.bincount(cells, weights, heads.size * tails.size)
        work = np.rint(work).astype(np.int64).reshape(heads.size, tails.size)
        # E[a, b] = work of the users with head >= heads[a] and tail >= tails[b].
        energy = work[::-1, ::-1].cumsum(axis=0).cumsum(axis=1)[::-1, ::-1]
        capacity = int(problem.capacity[k])
        if avail is not None and k in on_leave:
            span = _span(avail[k], heads, energy, capacity)
        else:
            span = -(-energy // max(capacity, 1))
        # A cell no task reaches (E = 0) says nothing: h and t may come from different tasks.
        ends = np.where(energy > 0, heads[:, None] + tails[None, :] + span, 0)
        best = max(best, int(ends.max()))
    return best


def _levels(values: IntArray) -> tuple[IntArray, IntArray]:
    """At most `_GRID_LEVELS` sorted levels among the values (the least kept), each value's rank.

    A value's rank is that of the largest level not above it. The bound holds for any
    head h and tail t, so fewer levels only weaken it, and keep its grid of heads x tails
    within memory on long chains (distinct values: as many as the tasks).
    """
    levels, rank = np.unique(values, return_inverse=True)
    if levels.size <= _GRID_LEVELS:
        return levels, rank.reshape(-1)
    levels = levels[np.linspace(0, levels.size - 1, _GRID_LEVELS).astype(np.int64)]
    return levels, np.searchsorted(levels, values, side="right") - 1


def _span(avail: IntArray, starts: IntArray, energy: IntArray, capacity: int) -> IntArray:
    """Per start h (rows) and energy E: the least T - h with sum_{h <= u < T} avail(u) >= E."""
    total = np.concatenate(([0], np.cumsum(avail)))
    begin = np.minimum(starts, total.size - 1)
    need = total[begin][:, None] + energy
    end = np.searchsorted(total, need, side="left")
    # Past the horizon the full capacity is available (no leave is that far out).
    over = need > total[-1]
    extra = -(-(need - total[-1]) // max(capacity, 1))
    end = np.where(over, total.size - 1 + extra, end)
    return np.asarray(end - starts[:, None], dtype=np.int64)


def energy_bound(problem: RcpspProblem) -> int:
    """Per resource, the first T with sum_{u<T} availability_k(u) >= sum_j d_j * demand_jk."""
    energy = (problem.duration[:, None] * problem.demand).sum(axis=0)
    if not energy.size or not energy.any():
        return 0
    avail = problem.availability(max(problem.horizon, 1))
    first = np.zeros(1, dtype=np.int64)
    return max(
        int(_span(avail[k], first, energy[k].reshape(1, 1), int(problem.capacity[k]))[0, 0])
        for k in np.flatnonzero(energy).tolist()
    )


def loosest_calendars(problem: RcpspProblem) -> RcpspProblem:
    """The problem with each staffed task on the union of its own and its candidates' calendars.

    A task whose person is picked by role or skill works on that person's calendar once
    picked (`TaskCalendars.picked`), which may work days its own does not (a person with a
    calendar of their own). On a calendar that works more days every start snaps no later
    and every span is no longer, so the critical path and the spans held over the union
    bound every pick. The earliest start that meets a bound on a finish is not monotone in
    the calendar, though (on one that works more days the task finishes sooner, so it may
    have to start later): links to the finish of a task whose calendar depends on the pick
    are left out, which only loosens the critical path.
    """
    cal = problem.network.calendars
    if cal is None or not problem.choices or not cal.picked:
        return problem
    ids = problem.resource_ids
    index = cal.index.copy()
    works = list(cal.works)
    row_of = {mask.tobytes(): r for r, mask in enumerate(works)}
    varied: list[int] = []
    for option in problem.choices:
        i = option.task
        own = int(cal.index[i])
        rows = {own, int(index[i]), *(cal.picked.get((i, ids[k]), own) for k in option.candidates)}
        if len(rows) == 1:
            continue
        varied.append(i)
        mask = np.logical_or.reduce([works[r] for r in sorted(rows)])
        key = mask.tobytes()
        if key not in row_of:
            row_of[key] = len(works)
            works.append(mask)
        index[i] = row_of[key]
    if not varied:
        return problem
    extra = len(works) - cal.works.shape[0]
    loose = replace(cal, index=index, works=np.array(works), names=(*cal.names, *[""] * extra))
    network = replace(problem.network, calendars=loose)
    to_finish = link_flags(network.dep_type)[1] > 0
    keep = ~(to_finish & np.isin(network.dst, varied))
    if not keep.all():
        network = relinked(network, keep, network.lag)
    return replace(problem, network=network)


def held_spans(problem: RcpspProblem) -> tuple[IntArray, int]:
    """Per task on calendars, the least span it holds its resources over, and where that holds.

    A task of d > 0 working units starts on a unit its calendar works (in both schedulers)
    and holds its resources from its start S to F(S), its days off included: at least
    min F(S) - S over those starts with F(S) <= L, L the calendars' axis (past it every
    unit is worked). Returns those spans (d without calendars) and L (0 without
    calendars): a schedule with a task that ends past L ends after L. Staffed tasks are
    taken on their own calendar: `held_energy_bound` passes `loosest_calendars` first.
    """
    cal = problem.network.calendars
    d = problem.duration.astype(np.int64)
    if cal is None or cal.length < 1:
        return d, 0
    length = cal.length
    held = d.copy()
    index = cal.index.tolist()
    least: dict[tuple[int, int], int] = {}
    for j in np.flatnonzero(d > 0).tolist():
        key = (index[j], int(d[j]))
        if key not in least:
            # A start whose span runs past L ends after L, which the cap covers.
            starts = np.flatnonzero(cal.works[key[0]])
            ends = cal.spans(key[0], key[1], length - 1)[starts]
            inside = ends <= length
            spans = ends[inside] - starts[inside]
            least[key] = int(spans.min()) if spans.size else length
        held[j] = max(int(d[j]), least[key])
    return held, length


def held_energy_bound(problem: RcpspProblem) -> int:
    """On task calendars, the energy bound over the spans tasks hold their resources (pauses in).

    Per resource k: the first T with sum_{u<T} c_k(u) >= sum_j h_j q_jk, with h_j the least
    span task j holds (`held_spans`) and c_k its capacity less partial leave (a resource
    wholly away still holds a paused task, as in the calendar SGS's tables); capped at the
    axis's length L, since a schedule that starts a task past L ends after it. 0 without
    calendars (the energy bound counts the same work).
    """
    return _held_energy_bound(loosest_calendars(problem))  # valid whoever is picked


def _held_energy_bound(loose: RcpspProblem) -> int:
    """`held_energy_bound` of a problem `loosest_calendars` has already loosened."""
    held, length = held_spans(loose)
    if not length or not loose.resources:
        return 0
    energy = (held[:, None] * loose.demand).sum(axis=0)
    if not energy.any():
        return 0
    hold, _ = leave_tables(loose, max(loose.horizon, 1))
    first = np.zeros(1, dtype=np.int64)
    best = max(
        int(_span(hold[k], first, energy[k].reshape(1, 1), int(loose.capacity[k]))[0, 0])
        for k in np.flatnonzero(energy).tolist()
    )
    return min(best, length)


def clique_bound(problem: RcpspProblem) -> int:
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


def path_bound(problem: RcpspProblem, data: KernelData) -> int:
    """The critical-path bound: `cpm_length`, or on task calendars the calendar pass's makespan.

    With calendars, spans depend on the start, so the bound comes from the critical path
    over calendars (the same pass the plan's dates use), a staffed task on the union of its
    candidates' calendars (`loosest_calendars`).
    """
    return _path_bound(loosest_calendars(problem), data)  # valid whoever is picked


def _path_bound(loose: RcpspProblem, data: KernelData) -> int:
    """`path_bound` of a problem `loosest_calendars` has already loosened."""
    if loose.network.calendars is None:
        return cpm_length(data)
    from steerco.schedule.cpm import critical_path

    duration = loose.duration.astype(np.float64)
    return round(critical_path(loose.network, duration=duration).makespan)


def makespan_bound(problem: RcpspProblem, data: KernelData | None = None) -> int:
    """Lower bound on the makespan: the largest of the path, energy, clique, head-tail bounds.

    Critical path: max_j ES_j + d_j (over calendars when tasks have them). Energy: per
    resource k the first T with sum_{u<T} a_k(u) >= sum_j d_j * q_jk (= ceil(sum_j d_j
    q_jk / R_k) without leave).
    Clique: sum of d_j over tasks that pairwise exceed a capacity together.
    Head-tail: the energy bound over the tasks that cannot start before h nor finish later
    than t before the end, for every h and t (`head_tail_bound`).
    On task calendars, energy again over the spans tasks hold, pauses in (`held_energy_bound`).
    """
    data = kernel_data(problem) if data is None else data
    loose = loosest_calendars(problem)  # once for both bounds that read the calendars
    return max(
        _path_bound(loose, data),
        energy_bound(problem),
        _held_energy_bound(loose),
        clique_bound(problem),
        head_tail_bound(problem, data),
    )
