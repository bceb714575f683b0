"""The genetic algorithm over activity lists (Hartmann 1998), every child justified."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.rcpsp.kernel import KernelData, Links, free_profile
from steerco.schedule.rcpsp.priority import order_by
from steerco.schedule.rcpsp.search import Search
from steerco.types import FloatArray, IntArray

__all__ = ["evolve"]


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
    links: Links, values: IntArray, tasks: IntArray, *, largest: bool, empty: int
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


def _mutate(rng: np.random.Generator, data: KernelData, lists: IntArray, rate: float) -> IntArray:
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


def _fitness(
    data: KernelData, start: IntArray, span: IntArray, ok: NDArray[np.bool_]
) -> FloatArray:
    """Makespan plus a tie-breaker below 1 (mean finish over makespan); inf for failed rows."""
    finish = (start + data.duration[None, :]).mean(axis=1) if data.n else np.zeros(span.size)
    tie = finish / np.maximum(span, 1) / 2.0
    fit: FloatArray = np.where(ok, span + tie, np.inf)
    return fit


def _sampled_lists(
    rng: np.random.Generator, data: KernelData, lf: FloatArray, count: int
) -> IntArray:
    """Random activity lists biased towards latest finish: sort by LF_j + noise, noise ~ U."""
    spread = float(max(lf.max(initial=0) - lf.min(initial=0), 1.0))
    scale = spread * rng.uniform(0.05, 0.6, (count, 1))
    key = np.rint((lf[None, :] + rng.random((count, data.n)) * scale) * 16).astype(np.int64)
    return order_by(data, key, backward=False)


def evolve(
    search: Search,
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
    profile = free_profile(search.problem, data, cap)
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
        found = search.outside()
        if found is not None:  # another search's shorter schedule joins the population
            lists, start, span_, ok = search.evaluate(
                order_by(data, found[None, :], backward=False), profile, cap
            )
            pop_lists = np.concatenate([pop_lists, lists])
            pop_fit = np.concatenate([pop_fit, _fitness(data, start, span_, ok)])
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
