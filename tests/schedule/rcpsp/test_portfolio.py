"""The genetic search beside the neighbourhood search: a shared best, taken up by each."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_lns import mid_size, sequential, span

from psplib_data import optimal_makespans, psplib_instance
from steerco.formats.psplib import load_psplib, psplib_network
from steerco.schedule.assign import picked_finishes, resolve_choices
from steerco.schedule.options import SolveOptions
from steerco.schedule.rcpsp import RcpspProblem, rcpsp_problem, schedule_violations
from steerco.schedule.rcpsp.cpsat import solve_cpsat
from steerco.schedule.rcpsp.heuristic import genetic_search, heuristic_schedule
from steerco.schedule.rcpsp.incumbent import Incumbent
from steerco.schedule.rcpsp.kernel import free_profile, kernel_data, sgs_batch
from steerco.schedule.rcpsp.lns import lns_schedule
from steerco.schedule.rcpsp.priority import serial_list
from steerco.schedule.rcpsp.problem import Choice
from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus
from steerco.schedule.rcpsp.solve import LNS_SIZE, neighbourhood_search, solve

INSTANCE = "j3013_1"


def j30() -> RcpspProblem:
    """A vendored PSPLIB j30 instance with a published optimum (finish-to-start links)."""
    return rcpsp_problem(psplib_network(load_psplib(psplib_instance(INSTANCE))))


def test_the_incumbent_keeps_only_a_shorter_schedule() -> None:
    first = np.array([0, 3, 5], dtype=np.int64)
    shared = Incumbent(first, 9)
    first[0] = 7  # the incumbent holds its own copy
    assert not shared.offer(np.array([1, 1, 1]), 9)
    assert not shared.offer(np.array([2, 2, 2]), 10)
    assert shared.shorter_than(9) is None
    assert shared.offer(np.array([0, 2, 4]), 8)
    found = shared.shorter_than(9)
    assert found is not None
    start, makespan = found
    assert makespan == 8 == shared.makespan
    assert start.tolist() == [0, 2, 4]
    start[0] = 5  # and hands out copies
    again = shared.shorter_than(9)
    assert again is not None and again[0].tolist() == [0, 2, 4]


def test_the_genetic_search_shortens_a_poor_plan_and_offers_what_it_finds() -> None:
    prob = mid_size(150, seed=5)
    start = sequential(prob)
    shared = Incumbent(start, span(prob, start))
    result = genetic_search(
        prob,
        start,
        seconds=60,
        rng=np.random.default_rng(0),
        lower_bound=0,
        schedules=200,
        incumbent=shared,
    )
    assert result.start is not None and result.makespan is not None
    assert schedule_violations(prob, result.start) == []
    assert result.makespan == span(prob, result.start) < span(prob, start)
    assert shared.makespan == result.makespan
    times = [t for t, _, _ in result.history]
    spans = [s for _, s, _ in result.history]
    assert times == sorted(times) and spans == sorted(spans, reverse=True)


def test_the_genetic_search_takes_up_a_shorter_schedule_found_beside_it() -> None:
    prob = j30()
    best = optimal_makespans()[INSTANCE]
    exact = solve_cpsat(prob, options=SolveOptions(time_limit=30, workers=2))
    assert exact.status == "optimal" and exact.start is not None and exact.makespan == best
    start = sequential(prob)

    def search(incumbent: Incumbent | None) -> int:
        result = genetic_search(
            prob,
            start,
            seconds=60,
            rng=np.random.default_rng(1),
            lower_bound=0,
            schedules=60,
            incumbent=incumbent,
        )
        assert result.start is not None and schedule_violations(prob, result.start) == []
        assert result.makespan is not None
        return result.makespan

    # With 60 schedules from a one-at-a-time plan the search alone stays above the
    # optimum; given the optimal schedule through the incumbent, it ends on it.
    assert search(None) > best
    assert search(Incumbent(exact.start, best)) == best


def test_a_halted_genetic_search_returns_at_once_with_a_schedule_no_longer() -> None:
    prob = mid_size(150, seed=5)
    start = sequential(prob)
    halt = threading.Event()
    halt.set()
    result = genetic_search(
        prob, start, seconds=60, rng=np.random.default_rng(0), lower_bound=0, halt=halt
    )
    assert result.start is not None and result.makespan is not None
    assert result.makespan <= span(prob, start)
    assert schedule_violations(prob, result.start) == []
    assert result.message == "1 schedules generated"  # the start's list alone
    assert result.schedules == 1
    assert result.history[0][1] == span(prob, start)  # the plan itself came first


def test_a_set_halt_ends_a_pass_of_the_serial_sgs() -> None:
    prob = mid_size(150, seed=5)
    data = kernel_data(prob)
    lists = np.stack(
        [serial_list(data, prob.duration.astype(float), prob.duration.astype(float))] * 3
    )
    cap = max(prob.horizon, 1)

    def passed(halt: threading.Event | None) -> np.ndarray:
        profile = np.broadcast_to(
            free_profile(prob, data, cap), (3, *free_profile(prob, data, cap).shape)
        )
        earliest = np.broadcast_to(data.release, (3, data.n))
        _, ok = sgs_batch(data, lists, earliest, data.forward, profile.copy(), cap, None, halt)
        return ok

    halt = threading.Event()
    assert passed(halt).all()
    halt.set()
    assert not passed(halt).any()


def test_an_error_in_the_search_beside_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    solve_module = _solve_module()

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the genetic search broke")

    monkeypatch.setattr(solve_module, "genetic_search", broken)
    prob = mid_size(60, seed=2)
    heuristic = heuristic_schedule(prob, schedules=20, rng=np.random.default_rng(0))
    with pytest.raises(RuntimeError, match="genetic search broke"):
        neighbourhood_search(prob, heuristic, options=SolveOptions(time_limit=1.0, workers=2))


def test_the_neighbourhood_search_goes_on_from_a_shorter_schedule_found_elsewhere() -> None:
    prob = mid_size(120, seed=4)
    poor = sequential(prob)
    good = heuristic_schedule(prob, schedules=200, rng=np.random.default_rng(0))
    assert good.start is not None and good.makespan is not None
    assert good.makespan < span(prob, poor)
    shared = Incumbent(good.start, good.makespan)
    result = lns_schedule(prob, poor, iterations=1, seed=0, incumbent=shared)
    assert result.start is not None and result.makespan is not None
    assert schedule_violations(prob, result.start) == []
    assert result.makespan <= good.makespan
    assert result.history[0][1] == span(prob, poor)
    assert result.history[1][1] == good.makespan  # taken up before the first step


def test_a_schedule_taken_up_as_it_came_is_named_for_the_search_that_found_it() -> None:
    prob = mid_size(120, seed=4)
    poor = sequential(prob)
    good = heuristic_schedule(prob, schedules=200, rng=np.random.default_rng(0))
    assert good.start is not None and good.makespan is not None
    # With the bound at the shared schedule's makespan the search stops once it has it.
    shared = Incumbent(good.start, good.makespan)
    result = lns_schedule(prob, poor, seed=0, lower_bound=good.makespan, incumbent=shared)
    assert result.method == "heuristic"
    assert result.start is not None and np.array_equal(result.start, good.start)
    alone = lns_schedule(prob, poor, iterations=3, seed=0)
    assert alone.method == "cp-sat-lns"


@pytest.mark.slow
def test_with_three_workers_and_staffing_choices_the_picks_fit_the_schedule() -> None:
    base = mid_size(LNS_SIZE + 20, seed=11)
    choices = tuple(
        Choice(j, (0, 1), 1, (1.0, 2.0)) for j in range(0, base.size, 7) if base.duration[j] > 0
    )
    prob = replace(base, choices=choices)
    result = solve(prob, options=SolveOptions(method="auto", time_limit=4.0, workers=3))
    assert result.start is not None and result.picks is not None
    assert len(result.picks) == len(choices)
    assert schedule_violations(resolve_choices(prob, result.picks), result.start) == []


@pytest.mark.slow
def test_the_portfolio_is_feasible_and_never_longer_than_the_heuristic() -> None:
    prob = mid_size(LNS_SIZE + 50, seed=11)
    heuristic = heuristic_schedule(prob, schedules=30, rng=np.random.default_rng(0))
    assert heuristic.start is not None and heuristic.makespan is not None
    result = neighbourhood_search(
        prob, heuristic, options=SolveOptions(time_limit=3.0, workers=2, seed=0)
    )
    assert result.start is not None and result.makespan is not None
    assert schedule_violations(prob, result.start) == []
    assert result.makespan == span(prob, result.start) <= heuristic.makespan
    assert result.bound == heuristic.bound
    assert result.method in ("cp-sat-lns", "heuristic")


def _solve_module() -> ModuleType:
    # `steerco.schedule.rcpsp.solve` is also the name of a function the package exports.
    return importlib.import_module("steerco.schedule.rcpsp.solve")


@pytest.mark.slow
def test_the_genetic_search_never_starts_beside_a_plan_proven_within_its_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = genetic_search

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    module = _solve_module()
    monkeypatch.setattr(module, "genetic_search", counted)
    monkeypatch.setattr(module, "GENETIC_AFTER", 30.0)  # j3013_1 is proven well within it
    prob = j30()
    result = solve(prob, options=SolveOptions(time_limit=60, workers=2, seed=0))
    assert result.status == "optimal" and result.makespan == optimal_makespans()[INSTANCE]
    assert calls == []


@pytest.mark.slow
def test_the_genetic_search_beside_the_whole_model_breeds_past_its_first_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = _solve_module()
    monkeypatch.setattr(module, "GENETIC_AFTER", 0.0)
    monkeypatch.setattr(module, "HALT_WAIT", 30.0)  # a loaded machine may halt it slowly
    prob = mid_size(150, seed=5)
    start = sequential(prob)
    poor = heuristic_schedule(prob, schedules=1, rng=np.random.default_rng(0))
    poor = replace(poor, start=start, makespan=span(prob, start), history=[])
    # The plan's own list, once through the serial SGS: what the GA starts from.
    first_pass = genetic_search(
        prob, start, seconds=30, rng=np.random.default_rng(0), lower_bound=0, schedules=1
    )
    assert first_pass.makespan is not None
    options = SolveOptions(time_limit=30, workers=2)
    beside = module._GeneticBeside(prob, poor, options, time.perf_counter(), enabled=True)
    beside.start()
    time.sleep(1.0)
    found = beside.finish()
    assert found is not None and found.start is not None and found.makespan is not None
    assert schedule_violations(prob, found.start) == []
    assert found.makespan == span(prob, found.start) <= first_pass.makespan
    assert int(found.message.split()[0]) > 100  # it bred children, not only the first list
    assert beside.thread is not None and not beside.thread.is_alive()  # halted, not left


def _beside_with_runs(
    monkeypatch: pytest.MonkeyPatch,
    spans_of: Callable[[int, int], list[int]],
    halt_at: int | None = None,
    rival: Callable[[int], int | None] = lambda _: None,
) -> tuple[ScheduleResult, list[dict[str, Any]], ScheduleResult | None]:
    """The GA beside with a stand-in whose n-th run ends at spans[n]: plan, calls, result.

    `spans_of(makespan, bound)` gives the runs' makespans from the plan's own; the run
    numbered `halt_at` (from 1) is halted as it runs, as the whole model's end does;
    `rival(makespan)` is the whole model's best makespan meanwhile (None: none yet).
    """
    module = _solve_module()
    prob = mid_size(60, seed=2)
    plan = heuristic_schedule(prob, schedules=20, rng=np.random.default_rng(0))
    assert plan.start is not None and plan.makespan is not None and plan.makespan > plan.bound + 3
    spans = spans_of(plan.makespan, plan.bound) + [plan.makespan] * module.GENETIC_RESTARTS
    calls: list[dict[str, Any]] = []

    def run(problem: RcpspProblem, start: Any, **kwargs: Any) -> ScheduleResult:
        calls.append({"start": np.array(start), **kwargs})
        if len(calls) == halt_at:
            kwargs["halt"].set()
        made, bound = spans[len(calls) - 1], int(kwargs["lower_bound"])
        status = ScheduleStatus.optimal if made <= bound else ScheduleStatus.feasible
        history, message = [(0.01, made, bound)], "1000 schedules generated"
        return replace(
            plan,
            start=plan.start + len(calls),  # which run's schedule a later run starts from
            status=status,
            makespan=made,
            bound=bound,
            history=history,
            message=message,
            schedules=1000,
        )

    monkeypatch.setattr(module, "genetic_search", run)
    monkeypatch.setattr(module, "GENETIC_AFTER", 0.0)
    options = SolveOptions(time_limit=30)
    beside = module._GeneticBeside(
        prob, plan, options, 0.0, enabled=True, rival=lambda: rival(plan.makespan)
    )
    beside.start()
    assert beside.thread is not None
    beside.thread.join(10)
    return plan, calls, beside.finish()


def test_the_genetic_search_beside_restarts_from_the_plan_and_keeps_its_best_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, calls, found = _beside_with_runs(monkeypatch, lambda m, _: [m - 1, m - 3, m - 2])
    module = _solve_module()
    assert plan.start is not None
    assert len(calls) == module.GENETIC_RESTARTS  # every run
    fresh = module.GENETIC_FRESH_RUNS
    assert 3 <= fresh < module.GENETIC_RESTARTS
    for number, call in enumerate(calls):
        # The first runs from the plan itself, the later ones from the best run's schedule
        # (the second run's, m - 3).
        origin = plan.start if number < fresh else plan.start + 2
        assert np.array_equal(call["start"], origin)
        assert call["schedules"] == module.GENETIC_SCHEDULES // module.GENETIC_RESTARTS
        assert call["peak_share"] == module.GENETIC_PEAK_SHARE > 0  # its own operators
        assert call["mutation_rate"] == module.GENETIC_MUTATION_RATE
    assert plan.makespan is not None and found is not None
    assert found.makespan == plan.makespan - 3  # the best run, not the last
    # One history, the runs' best over time.
    assert [s for _, s, _ in found.history] == [plan.makespan - 1, plan.makespan - 3]


def test_the_genetic_search_beside_the_neighbourhood_search_keeps_the_heuristics_operators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = _solve_module()
    prob = mid_size(LNS_SIZE + 20, seed=1)
    plan = heuristic_schedule(prob, schedules=20, rng=np.random.default_rng(0))
    calls: list[dict[str, Any]] = []

    def run(problem: RcpspProblem, start: Any, **kwargs: Any) -> ScheduleResult:
        calls.append(kwargs)
        return plan

    monkeypatch.setattr(module, "genetic_search", run)
    neighbourhood_search(prob, plan, options=SolveOptions(time_limit=0.5, workers=2))
    assert len(calls) == 1
    # The heuristic's operators: random cut points, half the children mutated.
    assert calls[0].get("peak_share", 0.0) == 0.0
    assert calls[0].get("mutation_rate", 0.5) == 0.5


def test_a_halt_ends_the_restarts_and_keeps_the_best_run_so_far(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, calls, found = _beside_with_runs(
        monkeypatch, lambda m, _: [m - 2, m - 1, m - 3], halt_at=3
    )
    assert len(calls) == 3  # no run after the halt
    assert plan.makespan is not None and found is not None
    assert found.makespan == plan.makespan - 3
    assert found.message == f"{3 * 1000} schedules generated in 3 genetic-search runs"
    assert found.schedules == 3 * 1000  # the runs' counts added up
    seconds = [call["seconds"] for call in calls]
    assert seconds == sorted(seconds, reverse=True) and seconds[0] <= 30  # one deadline for all
    spent = [call["numpy_seconds"] for call in calls]
    assert spent[0] == 0.0 and spent == sorted(spent)  # each run counts the time before it


def test_past_its_sure_runs_the_genetic_search_beside_goes_on_only_while_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = _solve_module()
    assert module.GENETIC_SURE_RUNS < module.GENETIC_RESTARTS

    def runs(m: int, _: int) -> list[int]:
        return [m - 1, m - 3, m - 2]

    # CP-SAT holds a schedule as short as the GA's best: the GA stops after its sure runs.
    _, calls, found = _beside_with_runs(monkeypatch, runs, rival=lambda m: m - 3)
    assert len(calls) == module.GENETIC_SURE_RUNS
    assert found is not None and found.message.endswith(
        f"in {module.GENETIC_SURE_RUNS} genetic-search runs"
    )
    # The GA's best is shorter than CP-SAT's: it spends its whole budget.
    _, calls, _ = _beside_with_runs(monkeypatch, runs, rival=lambda m: m - 2)
    assert len(calls) == module.GENETIC_RESTARTS


def test_the_genetic_search_beside_stops_restarting_at_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, calls, found = _beside_with_runs(monkeypatch, lambda m, bound: [m, bound])
    assert len(calls) == 2  # the second run met the bound: nothing left to find
    assert found is not None and found.makespan == plan.bound and found.status == "optimal"


def test_a_disabled_or_halted_genetic_search_beside_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = _solve_module()
    prob = mid_size(60, seed=2)
    first = heuristic_schedule(prob, schedules=20, rng=np.random.default_rng(0))
    options = SolveOptions(time_limit=30, workers=2)
    off = module._GeneticBeside(prob, first, options, 0.0, enabled=False)
    off.start()
    assert off.thread is None and off.finish() is None
    monkeypatch.setattr(module, "GENETIC_AFTER", 20.0)
    early = module._GeneticBeside(prob, first, options, 0.0, enabled=True)
    early.start()
    assert early.thread is not None
    assert early.finish() is None  # halted within its delay: it never ran
    assert not early.thread.is_alive()


def test_a_genetic_search_that_does_not_halt_in_time_is_left_to_end_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entered, release = threading.Event(), threading.Event()
    prob = mid_size(60, seed=2)
    first = heuristic_schedule(prob, schedules=20, rng=np.random.default_rng(0))

    def deaf(*args: object, **kwargs: object) -> object:
        entered.set()  # like a load of the compiled loop: the halt is not seen until it ends
        release.wait(30)
        return first

    module = _solve_module()
    monkeypatch.setattr(module, "genetic_search", deaf)
    monkeypatch.setattr(module, "GENETIC_AFTER", 0.0)
    beside = module._GeneticBeside(prob, first, SolveOptions(time_limit=30), 0.0, enabled=True)
    beside.start()
    assert entered.wait(30)
    assert beside.finish() is None  # after HALT_WAIT, without its schedule
    assert beside.thread is not None and beside.thread.is_alive()
    assert not beside.thread.daemon  # a process exit waits for it
    release.set()
    beside.thread.join(30)
    assert not beside.thread.is_alive()


@pytest.mark.slow
def test_an_error_in_the_genetic_search_beside_the_whole_model_reaches_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the genetic search broke")

    module = _solve_module()
    monkeypatch.setattr(module, "genetic_search", broken)
    monkeypatch.setattr(module, "GENETIC_AFTER", 0.0)
    # j6041_6: the heuristic does not prove it, so the whole model runs.
    prob = rcpsp_problem(psplib_network(load_psplib(psplib_instance("j6041_6"))))
    with pytest.raises(RuntimeError, match="genetic search broke"):
        solve(prob, options=SolveOptions(time_limit=1.0, workers=2, seed=0))


def test_the_solvers_own_error_is_not_hidden_by_the_genetic_searchs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failed = threading.Event()

    def broken(*args: object, **kwargs: object) -> object:
        failed.set()
        raise RuntimeError("the genetic search broke")

    def solver_broken(*args: object, **kwargs: object) -> object:
        assert failed.wait(30)
        raise ValueError("the solver broke")

    module = _solve_module()
    monkeypatch.setattr(module, "genetic_search", broken)
    monkeypatch.setattr(module, "solve_cpsat", solver_broken)
    monkeypatch.setattr(module, "GENETIC_AFTER", 0.0)
    prob = rcpsp_problem(psplib_network(load_psplib(psplib_instance("j6041_6"))))
    with pytest.raises(ValueError, match="solver broke"):
        solve(prob, options=SolveOptions(time_limit=5.0, workers=2, seed=0))


@pytest.mark.slow
def test_a_shorter_schedule_from_the_genetic_search_beside_is_the_result_with_its_picks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = mid_size(150, seed=5)
    choices = tuple(
        Choice(j, (0, 1), 1, (1.0, 2.0)) for j in range(0, base.size, 9) if base.duration[j] > 0
    )
    prob = replace(base, choices=choices)

    def stalled(problem: RcpspProblem, **kwargs: Any) -> ScheduleResult:
        # A whole model that finds nothing better than its hint, after a second's search.
        if not kwargs["model_options"] or not kwargs["model_options"].bound_search:
            time.sleep(1.0)
        hint, picks = kwargs["hint"], kwargs["picks"]
        makespan = int(picked_finishes(problem, hint, picks).max())
        return ScheduleResult(
            ScheduleStatus.feasible,
            "cp-sat",
            makespan,
            kwargs["lower_bound"],
            0.0,
            hint,
            picks=picks,
        )

    module = _solve_module()
    monkeypatch.setattr(module, "solve_cpsat", stalled)
    monkeypatch.setattr(module, "GENETIC_AFTER", 0.0)
    # On a loaded machine the GA can take longer than HALT_WAIT to halt, and the run then
    # goes on without its schedule (by design); here its schedule is what is looked at.
    monkeypatch.setattr(module, "HALT_WAIT", 30.0)
    heard: list[tuple[int, int]] = []
    options = SolveOptions(time_limit=6.0, workers=2, seed=0, schedules=10)
    result = solve(prob, options=options, on_progress=lambda s, b: heard.append((s, b)))
    first = heard[0][0]  # the heuristic's makespan, reported first
    assert result.start is not None and result.makespan is not None and result.picks
    assert result.makespan < first and result.method == "heuristic"
    assert schedule_violations(resolve_choices(prob, result.picks), result.start) == []
    assert result.makespan == int(picked_finishes(prob, result.start, result.picks).max())
    assert heard[-1][0] == result.makespan  # the caller heard of the GA's schedule
    times = [t for t, _, _ in result.history]
    spans = [s for _, s, _ in result.history]
    bounds = [b for _, _, b in result.history]
    assert times == sorted(times) and times[-1] <= result.solve_seconds
    assert spans == sorted(spans, reverse=True) and spans[-1] == result.makespan
    assert bounds == sorted(bounds)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.floats(0, 100), st.integers(0, 50), st.integers(0, 50))),
        max_size=3,
    )
)
def test_histories_merge_into_the_runs_best_makespan_and_bound_over_time(
    histories: list[list[tuple[float, int, int]]],
) -> None:
    merged = _solve_module()._merged(*histories)
    entries = sorted((e for h in histories for e in h), key=lambda e: e[0])
    # Plain reference: at each entry's time, the best span and bound seen up to it.
    envelope = [
        (t, min(s for _, s, _ in entries[: i + 1]), max(b for _, _, b in entries[: i + 1]))
        for i, (t, _, _) in enumerate(entries)
    ]
    kept = [e for i, e in enumerate(envelope) if i == 0 or e[1:] != envelope[i - 1][1:]]
    assert merged == kept


def test_the_genetic_search_goes_on_beside_the_whole_model_on_task_calendars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from test_calendar_compiled import _calendar_plan

    prob = _calendar_plan(3, 60)
    assert prob.network.calendars is not None

    def stalled(problem: RcpspProblem, **kwargs: Any) -> ScheduleResult:
        # A whole model that finds nothing better than its hint, after 4 s of search: time
        # for the GA to measure its Python passes, load the compiled loop and breed.
        if not kwargs["model_options"] or not kwargs["model_options"].bound_search:
            time.sleep(4.0)
        hint = kwargs["hint"]
        makespan = int(problem.finishes(hint[None, :]).max())
        return ScheduleResult(
            ScheduleStatus.feasible, "cp-sat", makespan, kwargs["lower_bound"], 0.0, hint
        )

    module = _solve_module()
    monkeypatch.setattr(module, "solve_cpsat", stalled)
    monkeypatch.setattr(module, "GENETIC_AFTER", 0.0)
    monkeypatch.setattr(module, "HALT_WAIT", 30.0)  # its schedule is what is looked at
    heard: list[tuple[int, int]] = []
    options = SolveOptions(time_limit=8.0, workers=2, seed=0, schedules=10)
    result = solve(prob, options=options, on_progress=lambda s, b: heard.append((s, b)))
    assert result.start is not None and result.makespan is not None
    assert result.method == "heuristic" and "genetic-search runs" in result.message
    assert result.makespan < heard[0][0]  # shorter than the heuristic's plan
    assert schedule_violations(prob, result.start) == []
    assert result.makespan == int(prob.finishes(result.start[None, :]).max())
