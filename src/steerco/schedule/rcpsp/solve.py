"""One entry point for resource-constrained scheduling: heuristic, CP-SAT, or both.

`auto` runs the schedule-generation heuristic first (an instant answer and a warm start),
stops there when it already meets the lower bound or the project is too big for the exact
solver, and otherwise lets CP-SAT improve it until the time limit: the whole model up to
`LNS_SIZE` tasks; above, where the whole model no longer shortens the heuristic's plan,
a large-neighbourhood search (`lns.py`) re-solves slices of it with small CP-SAT models
while, given two or more workers, the genetic search goes on beside it and the two share
their best schedule (and, given three or more, the whole model runs for the bound).
Up to `LNS_SIZE` tasks and with two or more workers, the genetic search starts beside
the whole model once it has run `GENETIC_AFTER` seconds without a proof (its primal
search stalls on hard plans where the GA's does not), and the whole model's last
`BOUND_SHARE` of the time goes to CP-SAT's lower-bound search from the better of the
two schedules, so that the gap reported with it is not dominated by a weak bound.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from steerco.schedule.assign import greedy_picks, picked_finishes, resolve_choices
from steerco.schedule.options import SolveOptions
from steerco.schedule.rcpsp.bounds import makespan_bound
from steerco.schedule.rcpsp.cpsat import LARGE, ModelOptions, Progress, solve_cpsat
from steerco.schedule.rcpsp.heuristic import genetic_search, heuristic_schedule
from steerco.schedule.rcpsp.incumbent import Incumbent
from steerco.schedule.rcpsp.lns import LnsOptions, lns_schedule
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus

__all__ = [
    "BOUND_SHARE",
    "EXACT_SIZE_LIMIT",
    "GENETIC_AFTER",
    "GENETIC_FRESH_RUNS",
    "GENETIC_MUTATION_RATE",
    "GENETIC_PEAK_SHARE",
    "GENETIC_RESTARTS",
    "GENETIC_SCHEDULES",
    "GENETIC_SURE_RUNS",
    "LNS_SIZE",
    "neighbourhood_search",
    "solve",
]

EXACT_SIZE_LIMIT = 20_000
"""Above this many tasks `auto` keeps the heuristic's schedule (CP-SAT would not start in time)."""

LNS_SIZE = LARGE
"""Above this many tasks `auto` improves the heuristic's plan by neighbourhood search."""

BOUND_SHARE = 0.3
"""The share of the whole model's time kept for the lower-bound search (2+ workers).

On the 73 PSPLIB j60 instances steerco does not prove in 10 s, the last 3 s of bound
search moved the reported bound from 13.3% to 9.1% below the best-known makespans, with
schedules about as short (`benchmarks/psplib.py`; docs/benchmarks.md)."""

GENETIC_AFTER = 1.0
"""Seconds the whole model of a small plan runs alone before the GA starts beside it."""

GENETIC_SCHEDULES = 450_000
"""The GA's budget beside the whole model; spent, it leaves the CPU to CP-SAT's proof.

With peak crossover, on 33 j60 instances `auto` does not prove, the best of runs of
12,500 schedules ended 1.43%, 1.25% and 1.16% above the best-known makespans after
100,000, 200,000 and 300,000 schedules (0.9, 1.8 and 2.7 s on one core, alone): each
second more gains about 0.2 point there. On all of j60 at 10 s, 450,000 took no proof
from CP-SAT (407, as with 100,000) and ended 0.149% above best-known on average (100,000:
0.177%; 300,000: 0.152%; docs/benchmarks.md). Past `GENETIC_SURE_RUNS` runs it goes on
only while it is ahead of CP-SAT, so the proofs it would slow get their core back (j60:
0.155%)."""

GENETIC_RESTARTS = 36
"""The GA beside starts again this many times, its budget shared (`GENETIC_FRESH_RUNS`).

It converges within a few thousand schedules; fresh populations find what one long run
misses. On 33 j60 instances `auto` does not prove, the best of the runs ended 1.80% above
the best-known makespans as one run of 100,000 schedules, 1.67% as 2 of 50,000, 1.52% as
8 of 12,500, 1.53% as 16 of 6,250 and 1.80% as 32 of 3,125 (docs/benchmarks.md): runs
of 12,500 schedules, as many as the budget holds."""

GENETIC_FRESH_RUNS = 4
"""The GA beside's first runs start from the heuristic's plan; the later ones from the best
schedule of the runs before (an elite restart: a fresh population around it).

On 33 j60 instances `auto` does not prove (the GA alone, 8 runs of 12,500 schedules, seeds
7 to 15 in three sets), the best run ended 1.320% above the best-known makespans on
average with 4 fresh runs, against 1.403% with 8 (every run from the heuristic's plan),
1.351% with 1 and 1.345% with every other run fresh (docs/benchmarks.md)."""

GENETIC_SURE_RUNS = 8
"""Runs the GA beside always makes (budget allowing); past them, only while it is ahead.

Past these runs (100,000 schedules) the GA beside starts another only while its best
schedule is shorter than the whole model's best so far: where CP-SAT already holds as
short a schedule, most often an optimal one whose proof is under way (the slow PSPLIB j30
instances), the core goes back to the proof. On j30 the 15 instances proven after more
than a second took 112.6 s with 450,000 schedules and no rule, 104.4 s with 100,000 and
99.6 s with the rule; j60 ends 0.155% above best-known with it, 0.149% without."""

GENETIC_PEAK_SHARE = 0.5
"""The share of the GA beside's children bred by peak crossover (`genetic._peak_cuts`).

With `GENETIC_MUTATION_RATE`, on 33 j60 instances `auto` does not prove (the GA alone, 8
runs of 12,500 schedules from the heuristic's plan), the best run ended 1.43% above the
best-known makespans, against 1.57% with random cut points and half the children mutated
(the heuristic's GA; seeds 7 to 12, docs/benchmarks.md). The GA beside the neighbourhood
search keeps the heuristic's operators: on 5,000 tasks these ended 1 to 3 units longer."""

GENETIC_MUTATION_RATE = 1.0
"""The share of the GA beside's children given a shift mutation (the heuristic's GA: 0.5)."""

HALT_WAIT = 0.5
"""Seconds the run waits for the GA beside to halt before it goes on without its schedule.

A pass halts within a list, but loading the compiled loop cannot be interrupted (about
0.5 s from Numba's cache, 2 s to compile afresh): a GA caught loading ends on its own."""


def _better(a: ScheduleResult, b: ScheduleResult) -> ScheduleResult:
    """The result with a schedule and the smaller makespan (a on ties), the larger bound kept."""
    bound = max(a.bound, b.bound)
    if b.makespan is not None and (a.makespan is None or b.makespan < a.makespan):
        a, b = b, a
    status = a.status
    if a.makespan is not None and a.makespan <= bound:
        status = ScheduleStatus.optimal
    return replace(a, status=status, bound=min(bound, a.makespan or bound))


def solve(
    problem: RcpspProblem,
    *,
    options: SolveOptions | None = None,
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
    model_options: ModelOptions | None = None,
) -> ScheduleResult:
    """Schedule under resource limits; the result's method names what produced the schedule.

    `options` gives the method (auto, cp-sat or heuristic), time limit, workers, seed,
    schedule budget, objective and hard deadlines. Staffing choices are fixed greedily
    for the heuristic (and the GA beside the whole model) and left open for CP-SAT.
    """
    began = time.perf_counter()
    options = options or SolveOptions()
    method, time_limit = options.method, options.time_limit
    objective, hard_deadlines = options.objective, options.hard_deadlines
    if method == "cpm":
        raise ValueError("method 'cpm' ignores resource limits: use critical_path instead")
    if method == "cp-sat":
        return solve_cpsat(
            problem,
            options=options,
            on_progress=on_progress,
            stop=stop,
            model_options=model_options,
        )
    picks = greedy_picks(problem) if problem.choices else []
    fixed = resolve_choices(problem, picks) if problem.choices else problem
    # Alone, the heuristic may use the whole limit; before CP-SAT, a third of it.
    alone = method == "heuristic" or problem.size > EXACT_SIZE_LIMIT
    heuristic = heuristic_schedule(
        fixed,
        schedules=options.schedules,
        rng=np.random.default_rng(options.seed),
        deadline_seconds=time_limit if alone else time_limit / 3,
    )
    heuristic = replace(heuristic, picks=picks)
    if problem.choices:  # the picks' work and calendars: a bound for those picks only
        heuristic = _any_pick_bound(problem, heuristic)
    if on_progress is not None and heuristic.makespan is not None:
        on_progress(heuristic.makespan, heuristic.bound)
    plain = alone
    meets_deadlines = not hard_deadlines or _on_time(problem, heuristic)
    proven = heuristic.status == "optimal" and not problem.choices
    if plain or (proven and objective == "makespan" and meets_deadlines):
        return heuristic
    if stop is not None and stop.is_set():
        return heuristic
    remaining = time_limit - (time.perf_counter() - began)
    if remaining <= 0.05:
        return heuristic
    rest = replace(options, time_limit=remaining)
    calendars = problem.network.calendars is not None  # LNS assumes fixed spans
    if problem.size > LNS_SIZE and objective == "makespan" and not hard_deadlines and not calendars:
        searched = neighbourhood_search(
            problem, heuristic, options=rest, on_progress=on_progress, stop=stop
        )
        history = heuristic.history + _shifted(searched.history, heuristic.solve_seconds)
        return replace(searched, solve_seconds=time.perf_counter() - began, history=history)
    bounded = objective == "makespan" and not hard_deadlines and options.workers >= 2
    if bounded:
        rest = replace(rest, time_limit=remaining * (1 - BOUND_SHARE))
    offset = time.perf_counter() - began
    cpsat_best = [heuristic.makespan]  # the whole model's best makespan so far, for the GA

    def progress(span: int, bound: int) -> None:
        cpsat_best[0] = span if cpsat_best[0] is None else min(cpsat_best[0], span)
        if on_progress is not None:
            on_progress(span, bound)

    # On task calendars too: their SGS is compiled, and CP-SAT's whole model stalls on them.
    genetic = _GeneticBeside(
        fixed, heuristic, rest, began, enabled=bounded, rival=lambda: cpsat_best[0]
    )
    genetic.start()
    try:
        exact = solve_cpsat(
            problem,
            options=rest,
            hint=heuristic.start,
            lower_bound=heuristic.bound,
            upper_bound=heuristic.makespan if objective == "makespan" else None,
            on_progress=progress,
            stop=stop,
            model_options=model_options,
            picks=picks or None,
        )
    except BaseException:
        genetic.finish(quiet=True)  # the solver's own error, not the GA's, reaches the caller
        raise
    evolved = genetic.finish()
    if exact.status == "infeasible" or objective != "makespan" or hard_deadlines:
        result = exact if exact.start is not None or exact.status == "infeasible" else heuristic
    else:
        result = _better(exact, heuristic)
        if evolved is not None:
            shorter = _better(result, evolved)
            span = shorter.makespan
            if on_progress is not None and span is not None and span != result.makespan:
                on_progress(span, shorter.bound)
            result = shorter
    # One clock for the whole run, as the neighbourhood search's history has.
    history = _merged(
        heuristic.history,
        _shifted(exact.history, offset),
        [] if evolved is None else evolved.history,
    )
    if bounded and result.status == "feasible" and not (stop is not None and stop.is_set()):
        result, history = _bound_search(
            problem, result, history, options, began, on_progress, stop, model_options
        )
    return replace(result, solve_seconds=time.perf_counter() - began, history=history)


class _GeneticBeside:
    """The genetic search on a thread beside the whole model, from `GENETIC_AFTER` seconds on.

    CP-SAT proves most small plans within a second, and those never see the thread. On the
    others its primal search stalls while the GA, which cannot prove anything, keeps
    shortening the heuristic's plan (PSPLIB j60: docs/benchmarks.md); the better of the
    two goes on to the bound search. CP-SAT keeps its workers: the GA is one thread more,
    busy until its budget is spent (`GENETIC_SCHEDULES`, in `GENETIC_RESTARTS` runs, the
    first `GENETIC_FRESH_RUNS` from the heuristic's plan, the others from the best schedule
    so far) or the whole model's time is up, or, past `GENETIC_SURE_RUNS`
    runs, as soon as CP-SAT holds as short a schedule (`rival`). `finish` halts it and
    returns the best it found, its history on the run's clock.
    """

    def __init__(
        self,
        problem: RcpspProblem,
        heuristic: ScheduleResult,
        options: SolveOptions,
        began: float,
        *,
        enabled: bool,
        rival: Callable[[], int | None] = lambda: None,
    ) -> None:
        self.done = threading.Event()
        self.found: list[ScheduleResult] = []
        self.errors: list[BaseException] = []
        self.thread: threading.Thread | None = None
        self.rival = rival
        """The whole model's best makespan so far (None: none yet), read between runs."""
        first = heuristic.start
        if not enabled or first is None or options.time_limit <= GENETIC_AFTER:
            return
        rng = np.random.default_rng(options.seed + 1)
        deadline = time.perf_counter() + options.time_limit  # the whole model's

        def run() -> ScheduleResult | None:
            if self.done.wait(GENETIC_AFTER):
                return None
            best: ScheduleResult | None = None
            histories: list[list[tuple[float, int, int]]] = []
            spent, made = 0.0, 0  # all on the NumPy kernel unless the compiled loop is loaded
            runs = max(GENETIC_RESTARTS, 1)
            for _ in range(runs):
                offset = time.perf_counter() - began
                origin = first
                if (
                    len(histories) >= GENETIC_FRESH_RUNS
                    and best is not None
                    and best.start is not None
                ):
                    origin = best.start
                searched = genetic_search(
                    problem,
                    origin,
                    seconds=deadline - time.perf_counter(),
                    rng=rng,
                    schedules=GENETIC_SCHEDULES // runs,
                    lower_bound=heuristic.bound,
                    halt=self.done,
                    numpy_seconds=spent,
                    peak_share=GENETIC_PEAK_SHARE,
                    mutation_rate=GENETIC_MUTATION_RATE,
                )
                spent += searched.solve_seconds
                made += searched.schedules
                histories.append(_shifted(searched.history, offset))
                best = searched if best is None else _better(best, searched)
                if self.done.is_set() or best.status == "optimal":
                    break
                rival = self.rival()
                ahead = best.makespan is not None and (rival is None or best.makespan < rival)
                if len(histories) >= GENETIC_SURE_RUNS and not ahead:
                    break  # CP-SAT's schedule is as short: the CPU serves its proof better
                if time.perf_counter() >= deadline:
                    break
            assert best is not None
            message = f"{made} schedules generated in {len(histories)} genetic-search runs"
            history = _merged(*histories)
            return replace(
                best, picks=heuristic.picks, history=history, message=message, schedules=made
            )

        # Not a daemon: one left loading the compiled loop finishes before the process ends.
        self.thread = _beside(run, self.found, self.errors, daemon=False)

    def start(self) -> None:
        """Start the thread (it waits `GENETIC_AFTER` seconds first); nothing when disabled."""
        if self.thread is not None:
            self.thread.start()

    def finish(self, *, quiet: bool = False) -> ScheduleResult | None:
        """Halt the search and return its best schedule; None if it never ran or did not halt.

        What the thread raised is raised here, unless `quiet`.
        """
        self.done.set()
        if self.thread is not None and self.thread.is_alive():
            self.thread.join(HALT_WAIT)
            if self.thread.is_alive():  # loading the compiled loop: it halts after
                return None
        if self.errors and not quiet:
            raise self.errors[0]
        return self.found[0] if self.found else None


def _merged(*histories: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """Searches' histories on one clock as the run's: its best makespan and bound over time."""
    merged: list[tuple[float, int, int]] = []
    entries = [entry for history in histories for entry in history]
    for t, span, bound in sorted(entries, key=lambda entry: entry[0]):
        if merged:
            _, best, floor = merged[-1]
            span, bound = min(span, best), max(bound, floor)
            if (span, bound) == (best, floor):
                continue
        merged.append((t, span, bound))
    return merged


def _shifted(history: list[tuple[float, int, int]], offset: float) -> list[tuple[float, int, int]]:
    """A phase's history on the run's clock: each entry `offset` seconds later."""
    return [(offset + t, span, bound) for t, span, bound in history]


def _bound_search(
    problem: RcpspProblem,
    result: ScheduleResult,
    history: list[tuple[float, int, int]],
    options: SolveOptions,
    began: float,
    on_progress: Progress | None,
    stop: threading.Event | None,
    model_options: ModelOptions | None,
) -> tuple[ScheduleResult, list[tuple[float, int, int]]]:
    """The rest of the time on the whole model with CP-SAT's lower-bound search beside it.

    Hinted with the schedule found, its makespan as horizon and its bound as floor; the
    better schedule and the larger bound are kept. The history goes on on the same clock.
    """
    offset = time.perf_counter() - began
    left = options.time_limit - offset
    if left <= 0.05 or result.start is None:
        return result, history
    second = solve_cpsat(
        problem,
        options=replace(options, time_limit=left),
        hint=result.start,
        lower_bound=result.bound,
        upper_bound=result.makespan,
        on_progress=on_progress,
        stop=stop,
        model_options=replace(model_options or ModelOptions(), bound_search=True),
        picks=result.picks or None,
    )
    if second.start is not None:
        result = _better(result, second)
    history = history + _shifted(second.history, offset)
    return result, history


def neighbourhood_search(
    problem: RcpspProblem,
    heuristic: ScheduleResult,
    *,
    options: SolveOptions | None = None,
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> ScheduleResult:
    """The neighbourhood search from the heuristic's plan, with the GA and the whole model beside.

    The search re-solves slices with one CP-SAT worker. With `options.workers` >= 2 the
    genetic search goes on beside it from the same plan, and the two share their best
    schedule (`Incumbent`): each goes on from the other's when it is shorter. With 3 or
    more, the other workers run the whole model for a lower bound. All minimise the
    makespan within `options.time_limit` seconds, seeded by `options.seed`; staffing stays
    as the heuristic chose it.
    """
    first = heuristic.start
    if first is None or heuristic.makespan is None:
        return heuristic
    began = time.perf_counter()
    options = options or SolveOptions()
    picks = heuristic.picks or []
    fixed = resolve_choices(problem, picks) if problem.choices else problem
    done = threading.Event()
    found: list[ScheduleResult] = []
    errors: list[BaseException] = []
    shared = Incumbent(first, heuristic.makespan)
    helpers: list[threading.Thread] = []
    if options.workers >= 2:
        rng = np.random.default_rng(options.seed + 1)
        helpers.append(
            _beside(
                lambda: replace(
                    genetic_search(
                        fixed,
                        first,
                        seconds=options.time_limit,
                        rng=rng,
                        lower_bound=heuristic.bound,
                        incumbent=shared,
                        halt=done,
                    ),
                    picks=heuristic.picks,
                ),
                found,
                errors,
            )
        )
    if options.workers >= 3:  # its own staffing: the choices stay open in the whole model
        whole = SolveOptions(
            time_limit=options.time_limit, workers=options.workers - 2, seed=options.seed
        )
        helpers.append(
            _beside(
                lambda: solve_cpsat(
                    problem,
                    options=whole,
                    hint=first,
                    lower_bound=heuristic.bound,
                    upper_bound=heuristic.makespan,
                    stop=done,
                    picks=picks or None,
                ),
                found,
                errors,
            )
        )
    for helper in helpers:
        helper.start()
    try:
        searched = lns_schedule(
            fixed,
            first,
            time_limit=options.time_limit,
            seed=options.seed,
            lower_bound=heuristic.bound,
            options=LnsOptions(workers=1),
            on_progress=on_progress,
            stop=stop,
            incumbent=shared,
        )
    finally:
        done.set()
        for helper in helpers:
            helper.join()
    if errors:
        raise errors[0]
    result = replace(searched, picks=heuristic.picks)
    for other in found:
        if other.status != "infeasible":
            result = _better(result, other)
    if result.start is not None and np.array_equal(result.start, first):
        result = replace(result, method="heuristic")
    return replace(result, solve_seconds=time.perf_counter() - began)


def _beside(
    work: Callable[[], ScheduleResult | None],
    found: list[ScheduleResult],
    errors: list[BaseException],
    *,
    daemon: bool = True,
) -> threading.Thread:
    """A thread that runs `work` and keeps its result, if any, or what it raised, for the caller."""

    def run() -> None:
        try:
            result = work()
            if result is not None:
                found.append(result)
        except BaseException as error:  # raised again in the caller's thread after the join
            errors.append(error)

    return threading.Thread(target=run, daemon=daemon)


def _any_pick_bound(problem: RcpspProblem, result: ScheduleResult) -> ScheduleResult:
    """`result` with the bound of the problem before anyone is picked (valid for every pick).

    The picked people's work is left out of the energy bounds (another pick may spread it
    over other people), and a staffed task's spans are taken on the union of its
    candidates' calendars (`bounds.loosest_calendars`: a person with a calendar of their
    own may work days the task's own does not), which bounds every staffing.
    """
    bound = makespan_bound(problem)
    status = result.status
    if result.makespan is not None:
        status = ScheduleStatus.optimal if result.makespan <= bound else ScheduleStatus.feasible
    return replace(result, bound=bound, status=status)


def _on_time(problem: RcpspProblem, result: ScheduleResult) -> bool:
    """Whether a schedule finishes every task by its deadline."""
    if result.start is None:
        return False
    due = problem.due
    finish = picked_finishes(problem, result.start, result.picks)
    return bool(np.all((due < 0) | (finish <= due)))
