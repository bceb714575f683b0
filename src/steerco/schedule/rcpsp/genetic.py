"""The genetic algorithm over activity lists (Hartmann 1998), every child justified.

Children come from two-point crossover at random cut points or, for a share of them, at
the cut points of the peak crossover (Valls, Ballestín and Quintanilla 2008): the father's
tasks that start in a window where his schedule uses the resources most, so a child keeps
the densest part of one parent's schedule within the order of the other's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.rcpsp.kernel import KernelData, Links, free_profile
from steerco.schedule.rcpsp.priority import order_by
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.search import Search
from steerco.types import FloatArray, IntArray

__all__ = ["PEAK_WIDTH", "evolve"]

PEAK_WIDTH = (0.1, 0.5)
"""The peak crossover's window, as shares of the father's makespan (uniform in between)."""


def _population_size(schedules: int) -> int:
    """Population size for a budget: about 1.2 sqrt(budget), between 16 and 80."""
    return int(min(80, max(16, round(math.sqrt(schedules) * 1.2))))


def _random_cuts(rng: np.random.Generator, batch: int, n: int) -> IntArray:
    """Two cut points per child, 0 <= q1 <= q2 <= n, drawn uniformly."""
    cuts: IntArray = np.sort(rng.integers(0, n + 1, size=(batch, 2)), axis=1)
    return cuts


def _crossover(mother: IntArray, father: IntArray, cuts: IntArray) -> IntArray:
    """Two-point crossover of activity lists (Hartmann 1998), one child per pair of rows.

    Child: mother's first q1 tasks, then father's first q2 - q1 tasks not taken yet (in
    his order), then the rest in mother's order; feasible parents give a feasible child.
    `cuts` holds (q1, q2) per child.
    """
    batch, n = mother.shape
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


def _peak_cuts(
    rng: np.random.Generator, problem: RcpspProblem, start: IntArray, span: IntArray
) -> IntArray:
    """Per schedule, the cut points (q1, q2) of its peak: the tasks starting in its busiest window.

    Each task weighs its demands as shares of the capacities, averaged over the resources;
    the window, `PEAK_WIDTH` of the schedule's makespan wide (drawn per row), is where the
    weights of the tasks running sum highest over its units (ties drawn at random). q1
    counts the tasks starting before the window, q2 those starting before its end. In the
    crossover the father's next q2 - q1 tasks are about the window's: his list follows his
    starts only roughly (a justified list is in the order of the right-justified pass).
    """
    batch, n = start.shape
    capacity = np.maximum(problem.capacity, 1).astype(np.float64)
    weight = (problem.demand / capacity[None, :]).mean(axis=1) if problem.resources else np.zeros(n)
    span = np.maximum(span, 1)
    units = int(span.max(initial=1)) + 1
    begin = np.clip(start, 0, units)
    end = np.clip(problem.finishes(start), 0, units)
    offset = (np.arange(batch) * (units + 1))[:, None]
    weights = np.broadcast_to(weight, (batch, n)).ravel()
    size = batch * (units + 1)
    delta = np.bincount((begin + offset).ravel(), weights, size) - np.bincount(
        (end + offset).ravel(), weights, size
    )
    use = np.cumsum(delta.reshape(batch, units + 1), axis=1)[:, :units]
    total = np.concatenate([np.zeros((batch, 1)), np.cumsum(use, axis=1)], axis=1)
    low, high = PEAK_WIDTH
    width = np.maximum(1, (span * rng.uniform(low, high, batch)).astype(np.int64))
    first = np.arange(units)[None, :]
    stop = first + width[:, None]
    fits = stop <= span[:, None]
    sums = np.where(fits, np.take_along_axis(total, np.minimum(stop, units), axis=1), -np.inf)
    sums = sums - np.where(fits, total[:, :units], 0.0)
    top = sums >= sums.max(axis=1, keepdims=True) - 1e-9
    ties = top.sum(axis=1)
    pick = np.minimum((rng.random(batch) * ties).astype(np.int64), ties - 1)
    t1 = np.argmax(np.cumsum(top, axis=1) > pick[:, None], axis=1)
    t2 = t1 + width
    cuts: IntArray = np.stack(
        [(start < t1[:, None]).sum(axis=1), (start < t2[:, None]).sum(axis=1)], axis=1
    )
    return cuts


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


@dataclass(frozen=True)
class _Population:
    """The GA's lists with their schedules' starts, makespans and fitness, row by row."""

    lists: IntArray
    start: IntArray
    span: IntArray
    fit: FloatArray

    def joined(
        self, lists: IntArray, start: IntArray, span: IntArray, fit: FloatArray
    ) -> _Population:
        """The population with the given rows after its own."""
        return _Population(
            np.concatenate([self.lists, lists]),
            np.concatenate([self.start, start]),
            np.concatenate([self.span, span]),
            np.concatenate([self.fit, fit]),
        )

    def taken(self, rows: IntArray) -> _Population:
        """The given rows, in that order."""
        return _Population(self.lists[rows], self.start[rows], self.span[rows], self.fit[rows])

    def ranked(self) -> _Population:
        """The rows by fitness, the fittest first (stable on ties)."""
        return self.taken(np.argsort(self.fit, kind="stable"))


def evolve(
    search: Search,
    rng: np.random.Generator,
    seeds: tuple[IntArray, IntArray, IntArray, NDArray[np.bool_]],
    lf: FloatArray,
    *,
    peak_share: float = 0.0,
    mutation_rate: float = 0.5,
) -> None:
    """The GA: fill a population with biased random lists, then breed until the search stops.

    Parents come from binary tournaments; a share `peak_share` of the children take the
    peak crossover's cut points, the others random ones; each child is shift-mutated with
    probability `mutation_rate`, then justified and Lamarckian (its list is the one that
    regenerates the justified schedule); the best distinct schedules of parents and
    children survive (ranking selection).
    """
    data = search.data
    if search.done() or data.n < 2 or search.best_start is None:
        return
    size = _population_size(search.budget)
    # A schedule past cap cannot be the best, so the profiles stop there.
    span = search.best_span
    cap = min(span + max(span // 2, int(data.duration.max(initial=0)) + 1), search.problem.horizon)
    profile = free_profile(search.problem, data, cap)
    pop = _Population(*seeds[:3], _fitness(data, *seeds[1:]))
    missing = min(size - pop.lists.shape[0], (search.budget - search.used) // 3)
    if missing > 0 and not search.done():
        lists, start, span_, ok = search.evaluate(
            _sampled_lists(rng, data, lf, missing), profile, cap
        )
        pop = pop.joined(lists, start, span_, _fitness(data, start, span_, ok))
    while not search.done():
        found = search.outside()
        if found is not None:  # another search's shorter schedule joins the population
            lists, start, span_, ok = search.evaluate(
                order_by(data, found[None, :], backward=False), profile, cap
            )
            pop = pop.joined(lists, start, span_, _fitness(data, start, span_, ok))
        count = min(size, max((search.budget - search.used) // 3, 1))
        pop = pop.ranked()
        m = pop.lists.shape[0]
        mother = np.minimum(rng.integers(0, m, count), rng.integers(0, m, count))
        father = np.minimum(rng.integers(0, m, count), rng.integers(0, m, count))
        cuts = _random_cuts(rng, count, data.n)
        if peak_share > 0:
            peak = np.flatnonzero(rng.random(count) < peak_share)
            if peak.size:
                cuts[peak] = _peak_cuts(
                    rng, search.problem, pop.start[father[peak]], pop.span[father[peak]]
                )
        children = _crossover(pop.lists[mother], pop.lists[father], cuts)
        children = _mutate(rng, data, children, mutation_rate)
        lists, start, span_, ok = search.evaluate(children, profile, cap)
        pool = pop.joined(lists, start, span_, _fitness(data, start, span_, ok))
        _, distinct = np.unique(pool.fit, return_index=True)
        pop = pool.taken(distinct[np.argsort(pool.fit[distinct], kind="stable")][:size])
