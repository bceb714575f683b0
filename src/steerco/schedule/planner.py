"""Schedule a project: the critical path alone, or levelled under its resource limits."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from steerco.model import Project
from steerco.schedule.cpm import critical_path
from steerco.schedule.network import Network
from steerco.schedule.options import PlanMethod, ProgressCallback, SolveOptions
from steerco.schedule.plan import Schedule, ScheduleStatus

if TYPE_CHECKING:
    from steerco.schedule.conflicts import Conflict
    from steerco.schedule.misses import DeadlineMiss
    from steerco.schedule.rcpsp.problem import RcpspProblem
    from steerco.schedule.rcpsp.result import ScheduleResult
    from steerco.schedule.reuse import SolveStore

__all__ = ["PlanMethod", "SolveOptions", "Unscheduled", "plan_network", "uses_resources"]


@dataclass(frozen=True)
class Unscheduled:
    """No schedule could be produced: the status, the best bound and why.

    When the problem is infeasible, `conflicts` are constraints that cannot all hold (see
    `steerco.schedule.conflicts`) and `misses` the deadlines the least-late plan misses.
    """

    network: Network
    method: str
    status: ScheduleStatus
    bound: int
    message: str
    notes: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    misses: list[DeadlineMiss] = field(default_factory=list)


def uses_resources(network: Network, project: Project | None) -> bool:
    """Whether any task demands a resource (named, or by role or skill)."""
    if network.demand.size and network.demand.any():
        return True
    return project is not None and any(leaf.demands for leaf in project.leaves())


def _unstaffable_notes(unmet: list[str], *, planned: bool = True) -> list[str]:
    """One note per unstaffable demand, then (for a plan) what that means for its status."""
    notes = [f"unstaffable: {line}" for line in unmet]
    if unmet and planned:
        left = (
            "1 unstaffable demand is"
            if len(unmet) == 1
            else f"{len(unmet)} unstaffable demands are"
        )
        notes.append(
            f"not optimal: {left} left out of this plan, so its status is feasible at best; "
            "add qualified people (`steerco team` suggests whom) to plan the whole project"
        )
    return notes


def _status(status: ScheduleStatus, unmet: list[str]) -> ScheduleStatus:
    """A plan that leaves out unstaffable demands is at best feasible, never optimal."""
    return ScheduleStatus.feasible if unmet and status == ScheduleStatus.optimal else status


def _problem(network: Network, project: Project | None) -> tuple[RcpspProblem, list[str]]:
    from steerco.schedule.assign import staffing_problem
    from steerco.schedule.rcpsp.problem import rcpsp_problem

    if project is None:
        return rcpsp_problem(network), []
    staffing = staffing_problem(project, network)
    return staffing.problem, staffing.unstaffable


def _critical_path_plan(network: Network, project: Project | None) -> Schedule:
    """The plain critical path; with resources, what it books for the over-allocation notes."""
    cpm = critical_path(network)
    if not uses_resources(network, project):
        return Schedule(network, cpm, "cpm", ScheduleStatus.optimal)
    from steerco.schedule.assign import resource_limits

    limits, unmet = resource_limits(network, project, horizon=max(round(cpm.makespan), 1))
    return Schedule(
        network,
        cpm,
        "cpm",
        _status(ScheduleStatus.optimal, unmet),
        findings=_unstaffable_notes(unmet),
        limits=limits,
    )


def _solve_or_reuse(
    problem: RcpspProblem,
    project: Project,
    options: SolveOptions,
    store: SolveStore,
    *,
    on_progress: ProgressCallback | None,
    stop: threading.Event | None,
) -> ScheduleResult:
    """`solve`, unless `store` holds an answer; a finished search is remembered there."""
    from steerco.schedule.rcpsp.solve import solve
    from steerco.schedule.reuse import merged, reusable, solve_key

    key = solve_key(project, problem.network, options)
    entry = store.load(key)
    if entry is not None and reusable(entry, options):
        if on_progress is not None and entry.result.makespan is not None:
            on_progress(entry.result.makespan, entry.result.bound)
        return entry.result
    result = solve(problem, options=options, on_progress=on_progress, stop=stop)
    if result.start is None or (stop is not None and stop.is_set()):
        return result  # an interrupted search is not the effort its limit promises
    remembered = merged(result, entry, options)
    store.save(key, remembered)
    return remembered.result


def plan_network(
    network: Network,
    *,
    project: Project | None = None,
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    store: SolveStore | None = None,
) -> Schedule | Unscheduled:
    """Schedule by CPM (no resources, or `method="cpm"`) or levelled by `solve`.

    `store`: where levelled solves of a project are remembered (`schedule.reuse`): a
    request answered by an earlier solve of the same problem reuses its schedule.
    """
    options = options or SolveOptions()
    method = options.method
    if method == "cpm" or not uses_resources(network, project):
        return _critical_path_plan(network, project)
    from steerco.schedule.assign import load_profile, resolve_choices
    from steerco.schedule.calendar_passes import finish_links_note, working_links
    from steerco.schedule.levelled import levelled_cpm
    from steerco.schedule.rcpsp.solve import solve

    kept = finish_links_note(network)  # the solvers level finish links the `working` way
    network = working_links(network)
    problem, unmet = _problem(network, project)
    if store is None or project is None:
        result = solve(problem, options=options, on_progress=on_progress, stop=stop)
    else:
        result = _solve_or_reuse(
            problem, project, options, store, on_progress=on_progress, stop=stop
        )
    if result.start is None:
        notes = _unstaffable_notes(unmet, planned=False)
        if result.status != "infeasible" or not options.explain:
            return Unscheduled(
                network, result.method, result.status, result.bound, result.message, notes
            )
        from steerco.schedule.conflicts import explain_infeasible

        why = explain_infeasible(problem, options=options)
        return Unscheduled(
            network,
            result.method,
            result.status,
            result.bound,
            why.message,
            notes,
            conflicts=list(why.conflicts),
            misses=list(why.misses),
        )
    picks = result.picks or []
    if problem.choices:  # the people picked, on their calendars
        problem = resolve_choices(problem, picks)
    used = problem.demand
    cpm = levelled_cpm(problem, result.start, used)
    start = np.rint(cpm.es).astype(np.int64)
    ids = problem.resource_ids
    scale = problem.scale
    resources = [
        {ids[k]: float(units) / float(scale[k]) for k, units in enumerate(row) if units > 0}
        for row in used.tolist()
    ]
    people = {r.id for r in project.resources if r.kind != "equipment"} if project else set()
    assignees = [sorted(r for r in row if r in people) for row in resources]
    return Schedule(
        problem.network,
        cpm,
        result.method,
        _status(result.status, unmet),
        bound=result.bound,
        solve_seconds=result.solve_seconds,
        resources=resources,
        assignees=assignees,
        findings=_unstaffable_notes(unmet) + kept,
        load=load_profile(problem, start, used),
    )
