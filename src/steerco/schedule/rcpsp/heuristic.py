"""The fast heuristic: priority-rule passes, then the GA, within a budget of schedules."""

from __future__ import annotations

import time

import numpy as np

from steerco.schedule.rcpsp.bounds import makespan_bound
from steerco.schedule.rcpsp.genetic import evolve
from steerco.schedule.rcpsp.kernel import free_profile, kernel_data, unfit
from steerco.schedule.rcpsp.priority import (
    PRIORITY_RULES,
    PriorityRule,
    cpm_times,
    priority_values,
    serial_list,
)
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus
from steerco.schedule.rcpsp.search import Search

__all__ = ["heuristic_schedule"]


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
    best_start = search.best_start
    if best_start is None:  # every list ran past the horizon: unavailability left no room
        return _no_schedule(
            ScheduleStatus.unknown,
            bound,
            clock,
            "no schedule fits within the horizon (leave or part-time weeks leave no room)",
        )
    span = search.best_span
    return ScheduleResult(
        status=ScheduleStatus.optimal if span <= bound else ScheduleStatus.feasible,
        method="heuristic",
        makespan=span,
        bound=bound,
        solve_seconds=time.perf_counter() - clock,
        start=best_start.astype(np.int64),
        objective=float(span),
        message=f"{search.used} schedules generated",
        history=search.history,
    )
