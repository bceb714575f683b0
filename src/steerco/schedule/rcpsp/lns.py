"""Large-neighbourhood search: re-solve windows of a levelled schedule with small CP-SAT models.

From an incumbent schedule S (the heuristic's), each step frees a neighbourhood F of
tasks and keeps every other task at its start. The sub-model has one interval per freed
task; a fixed task i bounds a freed task j through each link, S_j >= S_i + c_ij (or
S_j <= S_i - c_ji), and its use of each resource, with leave, enters as fixed intervals
that take the capacity it leaves, R_k - a_k(t) + sum over fixed i running at t of q_ik.
The objective is lexicographic: the makespan of the whole plan, then sum_{j in F} S_j,
so that a window that cannot shorten the plan still compacts it and leaves room for the
next. A move is kept when it shortens the plan, or keeps its length with a smaller sum
of starts; every kept move is followed by a left shift (each task, in start order, moved
to the earliest unit its links and the free capacity allow; never later).

Neighbourhoods: a time slice [a, a + w) frees every task running in it; the tasks before
it stay fixed and the tasks after it (the tail) may shift earlier together by up to
`LnsOptions.shift` units (S_j - v), so a slice squeezed by v shortens the plan by v.
Slices sit around a task of the driving chain (the tasks that hold the last finish),
at random, or at the end of the plan; a fourth kind frees the users of one resource near
a chain task. The width w grows when a slice is solved to optimality without a gain and
shrinks when the sub-solve runs out of time.

Deterministic for a seed when the search is bounded by `iterations` and CP-SAT runs with
one worker (each sub-solve is bounded by deterministic time, not the clock); bounded by
the clock, how many steps fit depends on the machine.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
from ortools.sat.python import cp_model

from steerco.schedule.rcpsp.cpsat import Progress, cpsat_seed
from steerco.schedule.rcpsp.incumbent import Incumbent
from steerco.schedule.rcpsp.justify import justify
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus
from steerco.schedule.rcpsp.stopping import StopRelay
from steerco.types import BoolArray, IntArray

__all__ = ["LnsOptions", "Neighbourhood", "lns_schedule"]

Neighbourhood = Literal["chain", "window", "end", "resource"]
NEIGHBOURHOODS: tuple[Neighbourhood, ...] = ("chain", "window", "end", "resource")


@dataclass(frozen=True)
class LnsOptions:
    """Sizes, limits and adaptation rates of the search (the defaults are the tuned ones).

    Each step draws a neighbourhood kind with odds `weights` (in `NEIGHBOURHOODS` order)
    and a slice width uniformly in [size // 2, 2 * size]. After a kept move the kind's
    odds grow by `reward` (up to `max_weight`), after any other step they shrink by
    `penalty` (down to `min_weight`); the size grows by `grow` (+1, up to `max_width`)
    when the slice was solved to optimality without a gain, and shrinks by `shrink`
    (down to `min_width`) when the sub-solve ran out of time.
    """

    width: int = 16
    """Units of the plan freed per step at first (every task running in a slice that wide)."""
    min_width: int = 2
    """The smallest slice size the adaptation goes down to."""
    max_width: int = 200
    """The largest slice size the adaptation goes up to."""
    work: float = 0.3
    """CP-SAT's deterministic time per sub-solve (about seconds of one core)."""
    seconds: float = 1.5
    """The wall-clock cap per sub-solve."""
    end_seconds: float = 2.0
    """Factor on `seconds` for slices at the end of the plan, where the makespan is won."""
    workers: int = 1
    """CP-SAT workers per sub-solve; 1 keeps the search deterministic as long as the
    deterministic time, not a wall-clock cap, ends each sub-solve."""
    compact_work: float = 0.3
    """Deterministic time of the second solve, which minimises the sum of starts."""
    compact_seconds: float = 0.5
    """Wall-clock cap of that second solve."""
    band: int = 15
    """How far (units) a freed task may move beyond the window's span."""
    shift: int = 8
    """How many units the tail after a slice may move earlier as one block."""
    weights: tuple[float, float, float, float] = (1.5, 1.0, 3.0, 0.5)
    """First odds of the chain, window, end and resource neighbourhoods."""
    reward: float = 1.2
    """Factor on a kind's odds after a kept move."""
    max_weight: float = 10.0
    """Cap on a kind's odds."""
    penalty: float = 0.95
    """Factor on a kind's odds after a step that kept nothing."""
    min_weight: float = 0.2
    """Floor of a kind's odds."""
    grow: float = 1.15
    """Factor on the slice size after a slice proven without a gain."""
    shrink: float = 0.85
    """Factor on the slice size after a sub-solve that ran out of time."""


@dataclass
class _State:
    """The incumbent: starts, makespan, sum of starts, and resource use by unit."""

    start: IntArray
    makespan: int
    total: int
    usage: IntArray


@dataclass(frozen=True)
class _Plan:
    """Arrays of the problem the search reuses: links by target and source, users, capacity."""

    n: int
    duration: IntArray
    release: IntArray
    demand: IntArray
    capacity: IntArray
    avail: IntArray
    src: IntArray
    dst: IntArray
    off: IntArray
    in_ptr: IntArray
    in_src: IntArray
    in_off: IntArray
    res_tasks: IntArray
    res_ids: IntArray
    busy: BoolArray
    uses: list[IntArray]


def _plan(problem: RcpspProblem, horizon: int) -> _Plan:
    """Precompute links (incoming CSR), per-task resources and the availability."""
    n = problem.size
    net = problem.network
    src, dst = net.src.astype(np.int64), net.dst.astype(np.int64)
    off = problem.link_offset().astype(np.int64)
    by_dst = np.argsort(dst, kind="stable")
    in_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(dst, minlength=n), out=in_ptr[1:])
    busy = (problem.duration > 0)[:, None] & (problem.demand > 0)
    res_tasks, res_ids = np.nonzero(busy)
    return _Plan(
        n=n,
        duration=problem.duration.astype(np.int64),
        release=problem.release.astype(np.int64),
        demand=problem.demand.astype(np.int64),
        capacity=problem.capacity.astype(np.int64),
        avail=problem.availability(horizon),
        src=src,
        dst=dst,
        off=off,
        in_ptr=in_ptr,
        in_src=src[by_dst],
        in_off=off[by_dst],
        res_tasks=res_tasks.astype(np.int64),
        res_ids=res_ids.astype(np.int64),
        busy=np.asarray(busy.any(axis=1), dtype=bool),
        uses=[np.flatnonzero(row) for row in busy],
    )


def _state(plan: _Plan, start: IntArray, makespan: int, horizon: int) -> _State:
    """The incumbent `start` with its sum of starts and resource use over `horizon` units."""
    return _State(start, makespan, int(start.sum()), _usage(plan, start, None, horizon))


def _usage(plan: _Plan, start: IntArray, tasks: IntArray | None, horizon: int) -> IntArray:
    """Units of each resource in use per time unit, shape (resources, horizon), of `tasks`."""
    rows, ks = plan.res_tasks, plan.res_ids
    if tasks is not None:
        keep = np.isin(rows, tasks)
        rows, ks = rows[keep], ks[keep]
    diff = np.zeros((plan.capacity.size, horizon + 1), dtype=np.int64)
    q = plan.demand[rows, ks]
    np.add.at(diff, (ks, start[rows]), q)
    np.add.at(diff, (ks, start[rows] + plan.duration[rows]), -q)
    used: IntArray = np.cumsum(diff, axis=1)[:, :horizon]
    return used


def _driving_chain(plan: _Plan, state: _State) -> IntArray:
    """Tasks that hold the last finish: back from it through tight links and resources.

    i holds j when S_j = S_i + c_ij for a link, or when i ends at S_j and they share a
    resource (j could not start before i released it).
    """
    s, d = state.start, plan.duration
    busy = np.flatnonzero(plan.busy)
    finish = (s + d)[busy]
    by_finish = np.argsort(finish, kind="stable")
    keys, first = np.unique(finish[by_finish], return_index=True)
    groups = np.split(busy[by_finish], first[1:]) if busy.size else []
    ends = dict(zip(keys.tolist(), groups, strict=True))
    todo = np.flatnonzero(s + d == state.makespan).tolist()
    seen = set(todo)
    ptr, in_src, in_off = plan.in_ptr, plan.in_src, plan.in_off
    while todo:
        j = todo.pop()
        lo, hi = int(ptr[j]), int(ptr[j + 1])
        preds = in_src[lo:hi][s[in_src[lo:hi]] + in_off[lo:hi] == s[j]].tolist()
        if plan.busy[j] and s[j] > 0:
            mine = plan.uses[j]
            room = plan.avail[mine, s[j] - 1] - state.usage[mine, s[j] - 1]
            short = mine[room < plan.demand[j, mine]]
            enders = ends.get(int(s[j]))
            if short.size and enders is not None:
                preds += enders[(plan.demand[np.ix_(enders, short)] > 0).any(axis=1)].tolist()
        for i in preds:
            if i not in seen:
                seen.add(i)
                todo.append(i)
    return np.array(sorted(seen), dtype=np.int64)


def _neighbourhood(
    kind: Neighbourhood,
    rng: np.random.Generator,
    plan: _Plan,
    state: _State,
    chain: IntArray,
    width: int,
) -> tuple[IntArray, IntArray]:
    """The tasks to free and the tail that may shift, for a time slice chosen by `kind`.

    A slice [a, a + width) frees every task that runs in it (zero-length tasks: that
    start in it); the tail is every task that starts at or after a + width. A resource
    neighbourhood (the users of one resource running near a chain task) has no tail.
    """
    s, d, end = state.start, plan.duration, state.makespan
    width = max(1, min(width, end))
    empty = np.zeros(0, dtype=np.int64)
    if kind == "end":
        a = end - width
    elif kind == "window" or not chain.size:
        a = int(rng.integers(0, end - width + 1))
    else:
        pivot = int(chain[rng.integers(0, chain.size)])
        a = min(max(int(s[pivot]) - width // 2, 0), end - width)
        if kind == "resource" and plan.uses[pivot].size:
            k = int(rng.choice(plan.uses[pivot]))
            lo, hi = a - width, a + 2 * width
            users = (plan.demand[:, k] > 0) & (s < hi) & (s + d > lo)
            return np.flatnonzero(users), empty
    b = a + width
    free = np.flatnonzero(((s < b) & (s + d > a)) | ((d == 0) & (s >= a) & (s < b)))
    return free, np.flatnonzero(s >= b)


def _runs(blocked: IntArray, origin: int) -> list[tuple[int, int, int]]:
    """Maximal runs of equal positive values: (start, length, value), times from `origin`."""
    if not blocked.size:
        return []
    change = np.flatnonzero(np.diff(blocked)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [blocked.size]])
    values = blocked[starts]
    keep = values > 0
    return [
        (origin + int(a), int(b - a), int(v))
        for a, b, v in zip(starts[keep], ends[keep], values[keep], strict=True)
    ]


def _shifts(plan: _Plan, state: _State, tail: IntArray, most: int, cutoff: int) -> list[int]:
    """The shifts v in [0, most] for which the tail, moved v units earlier, fits the leave.

    After `cutoff` only tail tasks run: use_tail(t + v) <= a(t) for every t >= cutoff.
    """
    if most <= 0 or not tail.size:
        return [0]
    end = state.makespan
    use = _usage(plan, state.start, tail, end)
    return [
        v
        for v in range(most + 1)
        if cutoff + v >= end or (use[:, cutoff + v :] <= plan.avail[:, cutoff : end - v]).all()
    ]


def _solve_window(
    plan: _Plan,
    state: _State,
    free: IntArray,
    tail: IntArray,
    *,
    lower_bound: int,
    seed: int,
    options: LnsOptions,
    seconds: float,
    relay: StopRelay,
    compact: bool = True,
) -> tuple[IntArray | None, bool]:
    """Re-solve `free`, shift `tail` v units earlier as one block, keep the rest fixed.

    Returns the new starts (None when none was found) and whether the sub-model was solved
    to optimality. Links: fixed -> free bound S_j from below, free -> fixed from above,
    fixed -> tail bound v; links with the tail at one end enter as S_j >= s_i - v + c or
    s_j - v >= S_i + c. Capacity: freed tasks and the tail tasks near them in cumulative
    constraints with the fixed tasks' use and the leave as fixed intervals; the rest of the
    tail keeps its own packing, and its fit against leave is checked for each v.
    """
    s, d, end = state.start, plan.duration, state.makespan
    kind = np.zeros(plan.n, dtype=np.int8)  # 0 fixed, 1 free, 2 tail
    kind[free] = 1
    kind[tail] = 2
    ks, kd = kind[plan.src], kind[plan.dst]
    lb = plan.release.copy()
    ub = end - d
    into = (kd == 1) & (ks == 0)
    np.maximum.at(lb, plan.dst[into], s[plan.src[into]] + plan.off[into])
    out = (ks == 1) & (kd == 0)
    np.minimum.at(ub, plan.src[out], s[plan.dst[out]] - plan.off[out])
    # Freed tasks move within a band around their window; the incumbent is in it.
    band_lo = int(s[free].min()) - options.band
    band_hi = int((s[free] + d[free]).max()) + options.band
    lb = np.minimum(np.maximum(lb, band_lo), s)
    ub = np.maximum(np.minimum(ub, band_hi - d), s)
    fixed = kind == 0
    fixed_end = int((s[fixed] + d[fixed]).max(initial=0))
    most = 0
    if tail.size:
        held = (ks == 0) & (kd == 2)
        most = min(
            options.shift,
            int((s[tail] - plan.release[tail]).min()),
            int((s[plan.dst[held]] - s[plan.src[held]] - plan.off[held]).min(initial=end)),
        )
    if most <= 0:  # the tail cannot move: it is fixed like the rest
        kind[tail] = 0
        tail = tail[:0]
        ks, kd = kind[plan.src], kind[plan.dst]
        fixed = kind == 0
        fixed_end = int((s[fixed] + d[fixed]).max(initial=0))
    cutoff = max(band_hi, fixed_end)
    near = tail[s[tail] - most < cutoff] if most > 0 else tail[:0]
    model = cp_model.CpModel()
    shift = model.new_int_var_from_domain(
        cp_model.Domain.from_values(_shifts(plan, state, tail, most, cutoff)), "shift"
    )
    expr: dict[int, cp_model.LinearExprT] = {}
    var: list[cp_model.IntVar] = []
    for j in free.tolist():
        v = model.new_int_var(int(lb[j]), int(ub[j]), f"s{j}")
        var.append(v)
        expr[j] = v
        model.add_hint(v, int(s[j]))
    for j in tail.tolist():
        expr[j] = int(s[j]) - shift
    inner = ((ks == 1) | (kd == 1)) & (ks != 0) & (kd != 0)
    for i, j, c in zip(
        plan.src[inner].tolist(), plan.dst[inner].tolist(), plan.off[inner].tolist(), strict=True
    ):
        model.add(expr[j] >= expr[i] + c)
    lo = int(lb[free].min())
    hi = min(max(band_hi, int((s[near] + d[near]).max(initial=0))), end)
    fixed_use = _usage(plan, s, np.flatnonzero(fixed), end)[:, lo:hi]
    placed = np.concatenate([free, near])
    for k in range(plan.capacity.size):
        users = placed[(plan.demand[placed, k] > 0) & (d[placed] > 0)].tolist()
        if not any(kind[j] == 1 for j in users):
            continue
        cap = int(plan.capacity[k])
        blocked = np.minimum(cap - plan.avail[k, lo:hi] + fixed_use[k], cap)
        intervals = [model.new_fixed_size_interval_var(expr[j], int(d[j]), f"x{j}") for j in users]
        demands = [int(plan.demand[j, k]) for j in users]
        for a, length, value in _runs(blocked, lo):
            intervals.append(model.new_fixed_size_interval_var(a, length, f"b{k}_{a}"))
            demands.append(value)
        model.add_cumulative(intervals, demands, cap)
    floor = max(fixed_end, min(lower_bound, end))
    makespan = model.new_int_var(floor, end, "makespan")
    for m, j in enumerate(free.tolist()):
        if ub[j] + d[j] > floor:
            model.add(makespan >= var[m] + int(d[j]))
    if tail.size:
        model.add(makespan >= int((s[tail] + d[tail]).max()) - shift)
    model.add_hint(makespan, end)
    model.add_hint(shift, 0)
    # First the makespan alone (quick to prove when the slice cannot shorten the plan),
    # then, at that makespan, the sum of starts: the slice compacts, the tail moves up.
    model.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(options.workers, 1)
    solver.parameters.random_seed = cpsat_seed(seed)
    solver.parameters.max_deterministic_time = options.work
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    relay.attach(solver)
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    proven = code == cp_model.OPTIMAL
    best = int(solver.value(makespan))
    if best == end and compact:
        model.add(makespan == end)
        model.minimize(sum(var) - tail.size * shift)
        solver.parameters.max_deterministic_time = options.compact_work
        solver.parameters.max_time_in_seconds = max(min(seconds, options.compact_seconds), 0.01)
        code = solver.solve(model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, proven
    new = s.copy()
    new[free] = [solver.value(v) for v in var]
    new[tail] -= solver.value(shift)
    return new, proven


def _left_shift(plan: _Plan, state: _State, since: int) -> None:
    """Move each task starting at or after `since`, in start order, as early as it fits.

    A task goes to the first unit t >= max(r_j, S_i + c_ij over its links) where every
    resource it uses has room over [t, t + d_j) with all other tasks where they are; it
    never moves later, so the plan stays feasible and no longer.
    """
    s, d, usage = state.start, plan.duration, state.usage
    ptr, in_src, in_off = plan.in_ptr, plan.in_src, plan.in_off
    for j in np.flatnonzero(s >= since)[np.argsort(s[s >= since], kind="stable")].tolist():
        lo_e, hi_e = int(ptr[j]), int(ptr[j + 1])
        earliest = int(plan.release[j])
        if hi_e > lo_e:
            earliest = max(earliest, int((s[in_src[lo_e:hi_e]] + in_off[lo_e:hi_e]).max()))
        now = int(s[j])
        if earliest >= now:
            continue
        dj = int(d[j])
        ks = plan.uses[j]
        if dj == 0 or not ks.size:
            s[j] = earliest
            continue
        q = plan.demand[j, ks][:, None]
        usage[ks, now : now + dj] -= q
        room = plan.avail[ks, earliest : now + dj] - usage[ks, earliest : now + dj]
        bad = np.concatenate([[0], np.cumsum(~(room >= q).all(axis=0))])
        clear = np.flatnonzero(bad[dj : dj + now - earliest + 1] == bad[: now - earliest + 1])
        t = earliest + int(clear[0])
        s[j] = t
        usage[ks, t : t + dj] += q


def lns_schedule(
    problem: RcpspProblem,
    start: IntArray,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    iterations: int | None = None,
    lower_bound: int = 0,
    options: LnsOptions | None = None,
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
    incumbent: Incumbent | None = None,
) -> ScheduleResult:
    """Improve the feasible schedule `start` by re-solving neighbourhoods with CP-SAT.

    Runs until `time_limit` seconds, `iterations` sub-solves, `stop` is set or the makespan
    meets `lower_bound`; never returns a longer schedule than `start`. The result's bound is
    `lower_bound` (the search proves none of its own). With an `incumbent` shared with
    other searches, each step starts from the shortest schedule any of them has found, and
    every gain is offered there; the result's method is `heuristic` when it ends on another
    search's schedule as it came. Staffing choices must be resolved first
    (`resolve_choices`).
    """
    began = time.perf_counter()
    options = options or LnsOptions()
    if problem.choices:
        raise ValueError("resolve the staffing choices before the neighbourhood search")
    first = np.asarray(start, dtype=np.int64).copy()
    if first.shape != (problem.size,):
        raise ValueError(f"expected {problem.size} start times, got {first.shape}")
    d = problem.duration.astype(np.int64)
    horizon = int((first + d).max(initial=0))
    plan = _plan(problem, max(horizon, 1))
    state = _state(plan, first, horizon, horizon)
    history: list[tuple[float, int, int]] = [(0.0, horizon, min(lower_bound, horizon))]

    def reached() -> None:
        """A shorter incumbent: into the history and to the progress callback."""
        bound = min(lower_bound, state.makespan)
        history.append((time.perf_counter() - began, state.makespan, bound))
        if on_progress is not None:
            on_progress(state.makespan, bound)

    rng = np.random.default_rng(seed)
    size = options.width
    weights = np.array(options.weights, dtype=np.float64)
    chain = _driving_chain(plan, state)
    steps = 0
    adopted = False  # the incumbent is another search's schedule, unchanged here since
    with StopRelay(stop) as relay:
        while problem.size and state.makespan > lower_bound:
            left = time_limit - (time.perf_counter() - began)
            if left <= 0.05 or (iterations is not None and steps >= iterations):
                break
            if stop is not None and stop.is_set():
                break
            found = None if incumbent is None else incumbent.shorter_than(state.makespan)
            if found is not None:  # another search got further: go on from its schedule
                state = _state(plan, found[0], found[1], horizon)
                chain = _driving_chain(plan, state)
                adopted = True
                reached()
                continue  # the bound, the clock and the stop request again, for this plan
            steps += 1
            pick = int(rng.choice(len(NEIGHBOURHOODS), p=weights / weights.sum()))
            width = int(rng.integers(max(size // 2, 1), 2 * size + 1))
            kind = NEIGHBOURHOODS[pick]
            free, tail = _neighbourhood(kind, rng, plan, state, chain, width)
            new, proven = _solve_window(
                plan,
                state,
                free,
                tail,
                lower_bound=lower_bound,
                seed=int(rng.integers(0, 2**31 - 1)),
                options=options,
                seconds=min(options.seconds * (options.end_seconds if kind == "end" else 1), left),
                relay=relay,
                compact=kind != "end",
            )
            gained = new is not None and _accept(plan, state, new, free)
            if gained:
                adopted = False
                weights[pick] = min(weights[pick] * options.reward, options.max_weight)
                before = state.makespan
                _left_shift(plan, state, int(state.start[free].min()))
                state.makespan = int((state.start + d).max(initial=0))
                if state.makespan < before:
                    _justify(problem, plan, state)
                state.total = int(state.start.sum())
                chain = _driving_chain(plan, state)
                if state.makespan < before or state.makespan < history[-1][1]:
                    if incumbent is not None:
                        incumbent.offer(state.start, state.makespan)
                    reached()
            else:
                weights[pick] = max(weights[pick] * options.penalty, options.min_weight)
                if proven:
                    size = min(int(size * options.grow) + 1, options.max_width)
                else:
                    size = max(int(size * options.shrink), options.min_width)
    span = state.makespan
    bound = min(lower_bound, span)
    return ScheduleResult(
        status=ScheduleStatus.optimal if span <= bound else ScheduleStatus.feasible,
        method="heuristic" if adopted else "cp-sat-lns",
        makespan=span,
        bound=bound,
        solve_seconds=time.perf_counter() - began,
        start=state.start,
        objective=float(span),
        message=f"{steps} neighbourhoods re-solved",
        history=history,
    )


def _justify(problem: RcpspProblem, plan: _Plan, state: _State) -> None:
    """Double justification of the incumbent (never longer), resource use recomputed."""
    start = justify(problem, state.start)
    span = int((start + plan.duration).max(initial=0))
    if span <= state.makespan:
        state.start, state.makespan = start, span
        state.usage = _usage(plan, start, None, state.usage.shape[1])


def _accept(plan: _Plan, state: _State, new: IntArray, free: IntArray) -> bool:
    """Take `new` when it is shorter, or as long with a smaller sum of starts."""
    span = int((new + plan.duration).max(initial=0))
    total = int(new.sum())
    if (span, total) >= (state.makespan, state.total):
        return False
    moved = np.flatnonzero(new != state.start)
    state.usage -= _usage(plan, state.start, moved, state.usage.shape[1])
    state.usage += _usage(plan, new, moved, state.usage.shape[1])
    state.start, state.makespan, state.total = new, span, total
    return True
