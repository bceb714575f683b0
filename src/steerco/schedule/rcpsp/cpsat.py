"""Resource-constrained scheduling as a CP-SAT model (OR-Tools).

One fixed-size interval per task; one cumulative constraint per renewable resource with
its capacity, leave entering as fixed intervals that take capacity away; every link as a
linear minimum lag between starts, S_j >= S_i + a*d_i + lag - b*d_j. Objectives: the
makespan (default), the total lateness against deadlines (each deadline weighs 1), or
the staffing cost (rates x time of the people chosen); deadlines can also be hard.
The solver proves optimality when it can, and always reports its lower bound.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from steerco.schedule.options import Objective
from steerco.schedule.options import ProgressCallback as Progress
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleResult, SolveStatus

__all__ = ["LARGE", "ModelOptions", "Objective", "Progress", "solve_cpsat"]

LARGE = 400
"""Above this many tasks: no pairwise disjunctions (quadratic), interleaved search."""

"""Called with (best makespan or objective so far, best lower bound) while solving."""


@dataclass
class _Model:
    model: cp_model.CpModel
    start: list[cp_model.IntVar]
    makespan: cp_model.IntVar
    lateness: list[cp_model.IntVar]
    chosen: list[list[cp_model.IntVar]]


@dataclass(frozen=True)
class ModelOptions:
    """Redundant constraints and search settings, each kept only if the benchmark shows it helps.

    `disjunctions`: for two tasks that cannot overlap (together they exceed a capacity)
    and are not ordered by the links, one Boolean orders them, S_j >= S_i + d_i or
    S_i >= S_j + d_j. `set_times`: branch on the earliest start first (schedule-or-
    postpone), the classic RCPSP search, alongside CP-SAT's own portfolio.
    """

    disjunctions: bool = True
    set_times: bool = False


def _ordered_pairs(problem: RcpspProblem) -> NDArray[np.bool_]:
    """reach[i, j]: task j is after task i through the links (transitive closure)."""
    n = problem.size
    reach = np.zeros((n, n), dtype=bool)
    net = problem.network
    succ: list[list[int]] = [[] for _ in range(n)]
    for i, j in zip(net.src.tolist(), net.dst.tolist(), strict=True):
        succ[i].append(j)
    for i in net.plan.order[::-1].tolist():
        for j in succ[i]:
            reach[i, j] = True
            reach[i] |= reach[j]
    return reach


def _add_disjunctions(
    model: cp_model.CpModel, problem: RcpspProblem, start: list[cp_model.IntVar]
) -> None:
    """Order each pair of tasks that no capacity lets overlap and the links leave unordered."""
    n = problem.size
    if n > LARGE:  # quadratic in tasks; large plans rely on the cumulative constraints
        return
    d = problem.duration
    busy = np.flatnonzero(d > 0)
    reach = _ordered_pairs(problem)
    demand = problem.demand[busy]
    clash = ((demand[:, None, :] + demand[None, :, :]) > problem.capacity).any(axis=2)
    for a, b in zip(*np.nonzero(np.triu(clash, 1)), strict=True):
        i, j = int(busy[a]), int(busy[b])
        if reach[i, j] or reach[j, i]:
            continue
        first = model.new_bool_var(f"o{i}_{j}")
        model.add(start[j] >= start[i] + int(d[i])).only_enforce_if(first)
        model.add(start[i] >= start[j] + int(d[j])).only_enforce_if(~first)


def _build(
    problem: RcpspProblem,
    *,
    horizon: int,
    lower_bound: int,
    objective: Objective,
    hard_deadlines: bool,
    options: ModelOptions,
) -> _Model:
    model = cp_model.CpModel()
    n = problem.size
    d = problem.duration.tolist()
    release = problem.release.tolist()
    start = [
        model.new_int_var(release[i], max(release[i], horizon - d[i]), f"s{i}") for i in range(n)
    ]
    interval = [model.new_fixed_size_interval_var(start[i], d[i], f"x{i}") for i in range(n)]
    net = problem.network
    for i, j, c in zip(
        net.src.tolist(), net.dst.tolist(), problem.link_offset().tolist(), strict=True
    ):
        model.add(start[j] >= start[i] + c)
    # Staffing choices: one optional interval per qualified person, `units` of them present.
    chosen: list[list[cp_model.IntVar]] = []
    optional: dict[int, list[tuple[cp_model.IntervalVar, int]]] = {}
    cost_terms: list[tuple[cp_model.IntVar, int]] = []
    for c, option in enumerate(problem.choices):
        i = option.task
        present = [model.new_bool_var(f"p{c}_{m}") for m in range(len(option.candidates))]
        model.add(sum(present) == option.units)
        chosen.append(present)
        for m, k in enumerate(option.candidates):
            if d[i] > 0:
                slot = model.new_optional_fixed_size_interval_var(
                    start[i], d[i], present[m], f"y{c}_{m}"
                )
                optional.setdefault(k, []).append((slot, int(problem.scale[k])))
            cost_terms.append((present[m], round(option.cost[m] * d[i])))
    for k in range(problem.resources):
        users = [i for i in range(n) if problem.demand[i, k] > 0 and d[i] > 0]
        gaps = [g for g in problem.unavailable if g.resource == k and g.end > g.start]
        extra = optional.get(k, [])
        if not users and not extra:
            continue
        intervals = [interval[i] for i in users] + [slot for slot, _ in extra]
        demands = [int(problem.demand[i, k]) for i in users] + [q for _, q in extra]
        for g in gaps:
            intervals.append(model.new_fixed_size_interval_var(g.start, g.end - g.start, f"gap{k}"))
            demands.append(g.units)
        capacity = int(problem.capacity[k])
        if capacity == 1 and all(q == 1 for q in demands):
            model.add_no_overlap(intervals)
        else:
            model.add_cumulative(intervals, demands, capacity)
    if options.disjunctions:
        _add_disjunctions(model, problem, start)
    if options.set_times:
        model.add_decision_strategy(start, cp_model.CHOOSE_LOWEST_MIN, cp_model.SELECT_MIN_VALUE)
    makespan = model.new_int_var(lower_bound, horizon, "makespan")
    for i in range(n):
        model.add(makespan >= start[i] + d[i])
    lateness: list[cp_model.IntVar] = []
    for i in np.flatnonzero(problem.due >= 0).tolist():
        due = int(problem.due[i])
        if hard_deadlines:
            model.add(start[i] + d[i] <= due)
        late = model.new_int_var(0, horizon, f"late{i}")
        model.add(late >= start[i] + d[i] - due)
        lateness.append(late)
    # Among equally good plans, the cheaper staffing: cost is a lower-order term.
    cost = sum(q * lit for lit, q in cost_terms) if cost_terms else 0
    cost_span = sum(q for _, q in cost_terms) + 1
    if objective == "cost" and cost_terms:
        model.minimize(cost * (horizon + 1) + makespan)
    elif objective == "lateness" and lateness:
        model.minimize((sum(lateness) * (horizon + 1) + makespan) * cost_span + cost)
    else:
        model.minimize(makespan * cost_span + cost if cost_terms else makespan)
    return _Model(model, start, makespan, lateness, chosen)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Reports progress and stops the search when asked (Ctrl-C), keeping the best plan."""

    def __init__(
        self, on_progress: Progress | None, stop: threading.Event | None, makespan: cp_model.IntVar
    ) -> None:
        super().__init__()
        self.makespan = makespan
        self.on_progress = on_progress
        self.stop = stop
        self.history: list[tuple[float, int, int]] = []
        self.began = time.perf_counter()

    def on_solution_callback(self) -> None:
        best = int(self.value(self.makespan))
        bound = min(best, round(self.best_objective_bound))
        self.history.append((time.perf_counter() - self.began, best, bound))
        if self.on_progress is not None:
            self.on_progress(best, bound)
        if self.stop is not None and self.stop.is_set():
            self.stop_search()


def solve_cpsat(
    problem: RcpspProblem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    hint: NDArray[np.int64] | None = None,
    lower_bound: int = 0,
    upper_bound: int | None = None,
    objective: Objective = "makespan",
    hard_deadlines: bool = False,
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
    options: ModelOptions | None = None,
    picks: list[tuple[int, ...]] | None = None,
) -> ScheduleResult:
    """Solve with CP-SAT within `time_limit` seconds; the result carries status, bound and gap.

    `hint` (e.g. the heuristic's schedule) warms the search; `upper_bound` (its makespan)
    shrinks the horizon when minimising the makespan. `stop` ends the search early and
    keeps the best schedule found so far.
    """
    began = time.perf_counter()
    horizon = problem.horizon
    if upper_bound is not None and objective == "makespan" and not hard_deadlines:
        horizon = min(horizon, upper_bound)
    built = _build(
        problem,
        horizon=horizon,
        lower_bound=min(lower_bound, horizon),
        objective=objective,
        hard_deadlines=hard_deadlines,
        options=options or ModelOptions(),
    )
    if hint is not None:
        for var, value in zip(built.start, hint.tolist(), strict=True):
            built.model.add_hint(var, value)
        # A complete hint (the makespan too) lets CP-SAT take it as its first solution
        # at once, even on plans of thousands of tasks.
        built.model.add_hint(built.makespan, int((hint + problem.duration).max(initial=0)))
    if picks is not None:
        for option, present, chosen in zip(problem.choices, built.chosen, picks, strict=True):
            for m, k in enumerate(option.candidates):
                built.model.add_hint(present[m], k in chosen)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    solver.parameters.num_workers = max(workers, 1)
    solver.parameters.random_seed = seed
    if problem.size > LARGE:
        # On large plans, interleaving CP-SAT's subsolvers in the few threads proves much
        # better bounds (5,000 tasks: 613 -> 673 in 60 s, benchmarks/rcpsp_scale.py).
        solver.parameters.interleave_search = True
    watcher = _Watcher(on_progress, stop, built.makespan)
    done = threading.Event()
    if stop is not None:
        threading.Thread(target=_stop_when_set, args=(stop, done, solver), daemon=True).start()
    try:
        code = solver.solve(built.model, watcher)
    finally:
        done.set()
    elapsed = time.perf_counter() - began
    status: SolveStatus = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
    }.get(code, "unknown")  # type: ignore[assignment]
    if status in ("optimal", "feasible"):
        start = np.array([solver.value(v) for v in built.start], dtype=np.int64)
        makespan = int((start + problem.duration).max(initial=0))
        objective_value = float(solver.objective_value)
        staffed = [
            tuple(k for k, lit in zip(option.candidates, present, strict=True) if solver.value(lit))
            for option, present in zip(problem.choices, built.chosen, strict=True)
        ]
        if objective == "makespan" and not hard_deadlines:
            bound = makespan if status == "optimal" else round(solver.best_objective_bound)
        else:
            bound = lower_bound  # the solver's bound is on another objective
        return ScheduleResult(
            status,
            "cp-sat",
            makespan,
            min(bound, makespan),
            elapsed,
            start,
            objective=objective_value,
            history=watcher.history,
            picks=staffed,
        )
    message = (
        "no feasible schedule exists" if status == "infeasible" else "no schedule found in time"
    )
    return ScheduleResult(
        status, "cp-sat", None, lower_bound, elapsed, None, message=message, history=watcher.history
    )


def _stop_when_set(stop: threading.Event, done: threading.Event, solver: cp_model.CpSolver) -> None:
    """Stop the solver when `stop` is set (e.g. by Ctrl-C), until the solve is `done`."""
    while not done.is_set():
        if stop.wait(0.05):
            solver.stop_search()
            return
