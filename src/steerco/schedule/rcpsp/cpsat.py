"""Resource-constrained scheduling as a CP-SAT model (OR-Tools).

One fixed-size interval per task; one cumulative constraint per renewable resource with
its capacity, leave entering as fixed intervals that take capacity away; every link as a
linear minimum lag between starts, S_j >= S_i + a*d_i + lag - b*d_j. Objectives: the
makespan (default), the total lateness against deadlines (each deadline weighs 1), or
the staffing cost (rates x time of the people chosen); deadlines can also be hard.
The solver proves optimality when it can, and always reports its lower bound.

`_build` adds the model one constraint family at a time, each in its own function whose
docstring states its maths (as PyJobShop's `solvers/ortools/Constraints.py` does); their
order fixes the order of the variables, and with it CP-SAT's search for a given seed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from steerco.schedule.assign import picked_finishes
from steerco.schedule.options import Objective, SolveOptions
from steerco.schedule.options import ProgressCallback as Progress
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus
from steerco.schedule.rcpsp.stopping import StopRelay

__all__ = ["LARGE", "ModelOptions", "Objective", "Progress", "cpsat_seed", "solve_cpsat"]

LARGE = 400
"""Above this many tasks: no pairwise disjunctions (quadratic), interleaved search."""


@dataclass
class _Staffing:
    """The staffing choices' variables: presence literals, optional intervals, cost terms."""

    chosen: list[list[cp_model.IntVar]] = field(default_factory=list)
    optional: dict[int, list[tuple[cp_model.IntervalVar, int]]] = field(default_factory=dict)
    cost_terms: list[tuple[cp_model.IntVar, int]] = field(default_factory=list)


@dataclass
class _Model:
    """The built model and the variables the solve reads back."""

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
    `bound_search`: with two or more workers, the second runs CP-SAT's objective
    lower-bound search (it proves "no schedule ends by b" for rising b) instead of the
    large-neighbourhood search: a much better bound, less search for shorter schedules.
    """

    disjunctions: bool = True
    set_times: bool = False
    bound_search: bool = False


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


def _task_intervals(
    model: cp_model.CpModel, problem: RcpspProblem, horizon: int
) -> tuple[list[cp_model.IntVar], list[cp_model.IntervalVar]]:
    """S_i in [r_i, max(r_i, H - d_i)]; one fixed-size interval [S_i, S_i + d_i) per task."""
    n = problem.size
    d = problem.duration.tolist()
    release = problem.release.tolist()
    start = [
        model.new_int_var(release[i], max(release[i], horizon - d[i]), f"s{i}") for i in range(n)
    ]
    interval = [model.new_fixed_size_interval_var(start[i], d[i], f"x{i}") for i in range(n)]
    return start, interval


def _precedence(
    model: cp_model.CpModel, problem: RcpspProblem, start: list[cp_model.IntVar]
) -> None:
    """S_j >= S_i + c_ij for every link, c_ij = a*d_i + lag - b*d_j (FS/SS/FF/SF)."""
    net = problem.network
    for i, j, c in zip(
        net.src.tolist(), net.dst.tolist(), problem.link_offset().tolist(), strict=True
    ):
        model.add(start[j] >= start[i] + c)


def _staffing(
    model: cp_model.CpModel, problem: RcpspProblem, start: list[cp_model.IntVar]
) -> _Staffing:
    """sum_m x_cm = units_c per choice c; candidate m holds an optional interval iff x_cm."""
    d = problem.duration.tolist()
    staffing = _Staffing()
    for c, option in enumerate(problem.choices):
        i = option.task
        present = [model.new_bool_var(f"p{c}_{m}") for m in range(len(option.candidates))]
        model.add(sum(present) == option.units)
        staffing.chosen.append(present)
        for m, k in enumerate(option.candidates):
            if d[i] > 0:
                slot = model.new_optional_fixed_size_interval_var(
                    start[i], d[i], present[m], f"y{c}_{m}"
                )
                staffing.optional.setdefault(k, []).append((slot, int(problem.scale[k])))
            staffing.cost_terms.append((present[m], round(option.cost[m] * d[i])))
    return staffing


def _renewable_capacity(
    model: cp_model.CpModel,
    problem: RcpspProblem,
    interval: list[cp_model.IntervalVar],
    optional: dict[int, list[tuple[cp_model.IntervalVar, int]]],
) -> None:
    """sum_{i running at t} q_ik + leave_k(t) <= R_k per resource k (no-overlap when all 1)."""
    n = problem.size
    d = problem.duration.tolist()
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


def _disjunctions(
    model: cp_model.CpModel, problem: RcpspProblem, start: list[cp_model.IntVar]
) -> None:
    """S_j >= S_i + d_i or S_i >= S_j + d_j for pairs no capacity lets overlap, links unordered."""
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


def _set_times(model: cp_model.CpModel, start: list[cp_model.IntVar]) -> None:
    """Branch on the task of least earliest start, at that start (schedule-or-postpone)."""
    model.add_decision_strategy(start, cp_model.CHOOSE_LOWEST_MIN, cp_model.SELECT_MIN_VALUE)


def _makespan(
    model: cp_model.CpModel,
    problem: RcpspProblem,
    start: list[cp_model.IntVar],
    lower_bound: int,
    horizon: int,
) -> cp_model.IntVar:
    """C_max in [lower bound, H], C_max >= S_i + d_i for every task."""
    d = problem.duration.tolist()
    makespan = model.new_int_var(lower_bound, horizon, "makespan")
    for i in range(problem.size):
        model.add(makespan >= start[i] + d[i])
    return makespan


def _deadlines(
    model: cp_model.CpModel,
    problem: RcpspProblem,
    start: list[cp_model.IntVar],
    horizon: int,
    hard: bool,
) -> list[cp_model.IntVar]:
    """L_i >= S_i + d_i - D_i, L_i in [0, H] per deadline D_i; S_i + d_i <= D_i when hard."""
    d = problem.duration.tolist()
    lateness: list[cp_model.IntVar] = []
    for i in np.flatnonzero(problem.due >= 0).tolist():
        due = int(problem.due[i])
        if hard:
            model.add(start[i] + d[i] <= due)
        late = model.new_int_var(0, horizon, f"late{i}")
        model.add(late >= start[i] + d[i] - due)
        lateness.append(late)
    return lateness


def _objective(
    model: cp_model.CpModel,
    objective: Objective,
    makespan: cp_model.IntVar,
    lateness: list[cp_model.IntVar],
    cost_terms: list[tuple[cp_model.IntVar, int]],
    horizon: int,
) -> None:
    """Lexicographic: min C_max (or sum L_i, then C_max; or cost, then C_max), then cost."""
    # Among equally good plans, the cheaper staffing: cost is a lower-order term.
    cost = sum(q * lit for lit, q in cost_terms) if cost_terms else 0
    cost_span = sum(q for _, q in cost_terms) + 1
    if objective == "cost" and cost_terms:
        model.minimize(cost * (horizon + 1) + makespan)
    elif objective == "lateness" and lateness:
        model.minimize((sum(lateness) * (horizon + 1) + makespan) * cost_span + cost)
    else:
        model.minimize(makespan * cost_span + cost if cost_terms else makespan)


def _build(
    problem: RcpspProblem,
    *,
    horizon: int,
    lower_bound: int,
    objective: Objective,
    hard_deadlines: bool,
    options: ModelOptions,
) -> _Model:
    """The whole model, one constraint family after another (this order fixes the variables')."""
    model = cp_model.CpModel()
    if problem.network.calendars is not None:  # start-dependent spans: `cpsat_calendar.py`
        from steerco.schedule.rcpsp.cpsat_calendar import calendar_model

        cal = calendar_model(model, problem, horizon)
        makespan = cal.makespan(lower_bound)
        lateness = cal.deadlines(hard_deadlines)
        _objective(model, objective, makespan, lateness, cal.cost_terms, horizon)
        return _Model(model, cal.start, makespan, lateness, cal.chosen)
    start, interval = _task_intervals(model, problem, horizon)
    _precedence(model, problem, start)
    staffing = _staffing(model, problem, start)
    _renewable_capacity(model, problem, interval, staffing.optional)
    if options.disjunctions:
        _disjunctions(model, problem, start)
    if options.set_times:
        _set_times(model, start)
    makespan = _makespan(model, problem, start, lower_bound, horizon)
    lateness = _deadlines(model, problem, start, horizon, hard_deadlines)
    _objective(model, objective, makespan, lateness, staffing.cost_terms, horizon)
    return _Model(model, start, makespan, lateness, staffing.chosen)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Reports progress and stops the search when asked (Ctrl-C), keeping the best plan.

    Its history's times count from `began`, the start of the whole call (model building
    included), so that they sit on the same clock as the result's `solve_seconds`.
    """

    def __init__(
        self,
        on_progress: Progress | None,
        stop: threading.Event | None,
        makespan: cp_model.IntVar,
        began: float,
    ) -> None:
        super().__init__()
        self.makespan = makespan
        self.on_progress = on_progress
        self.stop = stop
        self.history: list[tuple[float, int, int]] = []
        self.began = began

    def on_solution_callback(self) -> None:
        best = int(self.value(self.makespan))
        bound = min(best, round(self.best_objective_bound))
        self.history.append((time.perf_counter() - self.began, best, bound))
        if self.on_progress is not None:
            self.on_progress(best, bound)
        if self.stop is not None and self.stop.is_set():
            self.stop_search()


def _hints(
    built: _Model,
    problem: RcpspProblem,
    hint: NDArray[np.int64] | None,
    picks: list[tuple[int, ...]] | None,
) -> None:
    """Hint S_i = hint_i and C_max = max_i hint_i + d_i; x_cm = 1 for the people picked."""
    if hint is not None:
        for var, value in zip(built.start, hint.tolist(), strict=True):
            built.model.add_hint(var, value)
        # A complete hint (the makespan too) lets CP-SAT take it as its first solution
        # at once, even on plans of thousands of tasks.
        finish = picked_finishes(problem, hint, picks)
        built.model.add_hint(built.makespan, int(finish.max(initial=0)))
    if picks is not None:
        for option, present, chosen in zip(problem.choices, built.chosen, picks, strict=True):
            for m, k in enumerate(option.candidates):
                built.model.add_hint(present[m], k in chosen)


def cpsat_seed(seed: int) -> int:
    """The seed as CP-SAT takes it (a 32-bit signed integer): `seed` modulo 2^31."""
    return seed % 2**31


def _solver(
    problem: RcpspProblem, options: SolveOptions, model_options: ModelOptions
) -> cp_model.CpSolver:
    """A CP-SAT solver with the run's time limit, workers and seed."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(options.time_limit, 0.01)
    solver.parameters.num_workers = max(options.workers, 1)
    solver.parameters.random_seed = cpsat_seed(options.seed)
    if model_options.bound_search and options.workers >= 2:
        solver.parameters.subsolvers.extend(["default_lp", "objective_lb_search"])
        solver.parameters.num_full_subsolvers = 2
    if problem.size > LARGE:
        # On large plans, interleaving CP-SAT's subsolvers in the few threads proves much
        # better bounds (5,000 tasks: 613 -> 673 in 60 s, benchmarks/rcpsp_scale.py).
        solver.parameters.interleave_search = True
    return solver


def solve_cpsat(
    problem: RcpspProblem,
    *,
    options: SolveOptions | None = None,
    hint: NDArray[np.int64] | None = None,
    lower_bound: int = 0,
    upper_bound: int | None = None,
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
    model_options: ModelOptions | None = None,
    picks: list[tuple[int, ...]] | None = None,
) -> ScheduleResult:
    """Solve with CP-SAT within `options.time_limit` seconds; the result has status, bound, gap.

    `options` gives the time limit, workers, seed, objective and hard deadlines (its
    method and schedule budget do not apply). `hint` (e.g. the heuristic's schedule)
    warms the search; `upper_bound` (its makespan) shrinks the horizon when minimising
    the makespan. `stop` ends the search early and keeps the best schedule found so far.
    """
    began = time.perf_counter()
    options = options or SolveOptions()
    objective, hard_deadlines = options.objective, options.hard_deadlines
    horizon = problem.horizon
    if upper_bound is not None and objective == "makespan" and not hard_deadlines:
        horizon = min(horizon, upper_bound)
    built = _build(
        problem,
        horizon=horizon,
        lower_bound=min(lower_bound, horizon),
        objective=objective,
        hard_deadlines=hard_deadlines,
        options=model_options or ModelOptions(),
    )
    _hints(built, problem, hint, picks)
    solver = _solver(problem, options, model_options or ModelOptions())
    watcher = _Watcher(on_progress, stop, built.makespan, began)
    with StopRelay(stop, solver):
        code = solver.solve(built.model, watcher)
    elapsed = time.perf_counter() - began
    status = {
        cp_model.OPTIMAL: ScheduleStatus.optimal,
        cp_model.FEASIBLE: ScheduleStatus.feasible,
        cp_model.INFEASIBLE: ScheduleStatus.infeasible,
    }.get(code, ScheduleStatus.unknown)
    if status in ("optimal", "feasible"):
        start = np.array([solver.value(v) for v in built.start], dtype=np.int64)
        objective_value = float(solver.objective_value)
        staffed = [
            tuple(k for k, lit in zip(option.candidates, present, strict=True) if solver.value(lit))
            for option, present in zip(problem.choices, built.chosen, strict=True)
        ]
        makespan = int(picked_finishes(problem, start, staffed).max(initial=0))
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
