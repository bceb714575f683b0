"""The fast heuristic: priority-rule passes, then the GA, within a budget of schedules."""

from __future__ import annotations

import threading
import time

import numpy as np

from steerco.schedule.rcpsp.bounds import makespan_bound
from steerco.schedule.rcpsp.genetic import evolve
from steerco.schedule.rcpsp.incumbent import Incumbent
from steerco.schedule.rcpsp.kernel import free_profile, kernel_data, unfit
from steerco.schedule.rcpsp.priority import (
    PRIORITY_RULES,
    PriorityRule,
    cpm_times,
    order_by,
    priority_values,
    serial_list,
)
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus
from steerco.schedule.rcpsp.search import Search
from steerco.types import IntArray

__all__ = ["genetic_search", "heuristic_schedule"]


def _no_schedule(status: ScheduleStatus, bound: int, clock: float, message: str) -> ScheduleResult:
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
    makespan meets the lower bound (`makespan_bound`).
    """
    clock = time.perf_counter()
    if schedules < 1:
        raise ValueError("the schedule budget must be at least 1")
    for rule in rules:
        if rule not in PRIORITY_RULES:
            raise ValueError(f"unknown priority rule {rule!r}; expected one of {PRIORITY_RULES}")
    data = kernel_data(problem)
    bound = makespan_bound(problem, data)
    reason = unfit(problem)
    if reason is not None:
        return _no_schedule(ScheduleStatus.infeasible, bound, clock, reason)
    stop_at = None if deadline_seconds is None else clock + deadline_seconds
    search = Search(problem, data, schedules, clock, stop_at, bound)
    _, _, lf, _ = cpm_times(problem)
    chosen = rules or ("LFT",)
    lists = np.stack([serial_list(data, priority_values(problem, r), lf) for r in chosen])
    lists = lists[: max(1, min(len(chosen), schedules))]
    cap = max(problem.horizon, 1)
    seeds = search.evaluate(lists, free_profile(problem, data, cap), cap, stop=False)
    evolve(search, rng, seeds, lf)
    if search.best_start is None:  # every list ran past the horizon: leave left no room
        return _no_schedule(
            ScheduleStatus.unknown,
            bound,
            clock,
            "no schedule fits within the horizon (leave or part-time weeks leave no room)",
        )
    return search.result()


def genetic_search(
    problem: RcpspProblem,
    start: IntArray,
    *,
    seconds: float,
    rng: np.random.Generator,
    lower_bound: int,
    schedules: int = 1_000_000,
    incumbent: Incumbent | None = None,
    halt: threading.Event | None = None,
    numpy_seconds: float = 0.0,
    peak_share: float = 0.0,
    mutation_rate: float = 0.5,
) -> ScheduleResult:
    """The GA again from a feasible schedule, for `seconds` or until `halt` is set.

    The schedule is the best so far; the population starts from its activity list (its
    tasks by start) and random lists biased towards LFT, then evolves as in
    `heuristic_schedule`. With an `incumbent` it offers every new best there and takes in
    shorter schedules found by the searches beside it (each the best so far, its list
    into the population). A share `peak_share` of its children come from peak crossover,
    and each is mutated with probability `mutation_rate` (by default the heuristic's GA:
    random cut points, half the children mutated). `halt` ends the pass under way within
    32 tasks (a chunk of lists with the compiled loop). `numpy_seconds`, what earlier runs
    of the same caller spent in the NumPy kernel, counts towards the switch to the compiled
    loop. Staffing choices must be resolved first.
    """
    clock = time.perf_counter()
    if problem.choices:
        raise ValueError("resolve the staffing choices before the genetic search")
    data = kernel_data(problem)
    deadline = clock + seconds
    search = Search(
        problem,
        data,
        schedules,
        clock,
        deadline,
        lower_bound,
        halt=halt,
        incumbent=incumbent,
        numpy_seconds=numpy_seconds,
    )
    first = np.asarray(start, dtype=np.int64)
    # The plan itself is the best so far: its list's serial SGS may come out longer.
    search.record(first[None, :], problem.finishes(first[None, :]).max(axis=1, initial=0))
    _, _, lf, _ = cpm_times(problem)
    cap = max(problem.horizon, 1)
    seeds = search.evaluate(
        order_by(data, first[None, :], backward=False),
        free_profile(problem, data, cap),
        cap,
        stop=False,
    )
    evolve(
        search,
        rng,
        seeds,
        lf,
        peak_share=peak_share,
        mutation_rate=mutation_rate,
    )
    return search.result()
