"""Staffing: turn a project's people, skills and leave into a resource-constrained problem.

A demand that names a resource is fixed. A demand for a role or a skill (with a minimum
level) becomes a choice among the qualified people and role pools (`people.skills.qualifies`,
the one matcher every command uses; each candidate gives one unit): the exact solver picks
who, the heuristic starts from a greedy pick (least loaded, then cheapest). A demand too few
can meet is reported as unstaffable and left out of the schedule (`unstaffable_demands`).
Personal leave and a part-timer's days off become unavailability: a task that names the
person pauses over it on its calendar (`task_calendars.py`), and so does a task staffed by a
choice of one person, on the calendar of whoever is picked (`resolve_choices`); one with
`split: false`, or a choice of several people, does not overlap it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from steerco.model import WEEKDAYS, Demand, Project, Resource
from steerco.people.skills import chosen_among, qualified
from steerco.schedule.network import Network
from steerco.schedule.overallocation import ResourceLimits, usage_profile, worked_usage
from steerco.schedule.rcpsp.problem import Choice, RcpspProblem, Unavailability, rcpsp_problem

__all__ = [
    "Needs",
    "Staffing",
    "Unstaffable",
    "describe_demand",
    "greedy_picks",
    "load_profile",
    "picked_finishes",
    "picked_network",
    "resolve_choices",
    "resource_limits",
    "staffing_needs",
    "staffing_problem",
    "unstaffable_demands",
]


@dataclass(frozen=True)
class Staffing:
    """The problem to solve, and the demands that nobody in the project can meet."""

    problem: RcpspProblem
    unstaffable: list[str]


def describe_demand(demand: Demand) -> str:
    """A role or skill demand in words: "role x with skill y at level 3 or more"."""
    parts = []
    if demand.role is not None:
        parts.append(f"role {demand.role}")
    if demand.skill is not None:
        parts.append(f"skill {demand.skill} at level {demand.min_level} or more")
    return " with ".join(parts)


@dataclass(frozen=True)
class Needs:
    """What a project's leaves need before anyone is picked.

    `demand[i, k]`: fixed units of resource k for leaf i (named resources, and a role's pool
    for a demand by role alone); `choices`: demands by skill, to be met by picking qualified
    people; `unstaffable`: demands too few qualified people can meet (left out).
    """

    demand: NDArray[np.float64]
    choices: tuple[Choice, ...]
    unstaffable: list[str]


def _unstaffable(task: str, need: Demand, fit: list[Resource]) -> str:
    units = int(np.ceil(need.units))
    who = ", ".join(r.id for r in fit) or "nobody"
    return f"{task}: needs {units} x {describe_demand(need)}; {len(fit)} qualified ({who})"


@dataclass(frozen=True)
class Unstaffable:
    """A role or skill demand too few resources qualify for: `demands[index]` of `task`."""

    task: str
    index: int
    demand: Demand
    qualified: list[Resource]

    @property
    def message(self) -> str:
        """The demand in words with who qualifies, as `schedule` notes it."""
        return _unstaffable(self.task, self.demand, self.qualified)


def unstaffable_demands(project: Project) -> list[Unstaffable]:
    """Each role or skill demand of a leaf that too few resources qualify for, in task order.

    The same test as `staffing_needs` (which leaves these out of the schedule), without a
    compiled network, so that `validate` reports exactly what `schedule` would drop.
    """
    found = []
    for leaf in project.leaves():
        for j, need in enumerate(leaf.demands):
            if not chosen_among(project, need):
                continue
            fit = qualified(project.resources, need)
            if len(fit) < int(np.ceil(need.units)):
                found.append(Unstaffable(leaf.id, j, need, fit))
    return found


def staffing_needs(project: Project, network: Network) -> Needs:
    """Fixed demands per leaf and resource, the choices among qualified people, unmet demands."""
    index = {rid: k for k, rid in enumerate(network.resource_ids)}
    leaves = {leaf.id: i for i, leaf in enumerate(project.leaves())}
    hours = project.calendar.hours_per_day
    per_unit = hours if project.unit == "hour" else 1.0
    demand = network.demand.copy()
    choices: list[Choice] = []
    unstaffable: list[str] = []
    for leaf in project.leaves():
        i = leaves[leaf.id]
        for need in leaf.demands:
            if need.resource is not None:
                continue
            if not chosen_among(project, need):
                demand[i, index[str(need.role)]] += need.units
                continue
            fit = qualified(project.resources, need)
            units = int(np.ceil(need.units))
            if len(fit) < units:
                unstaffable.append(_unstaffable(leaf.id, need, fit))
                continue
            choices.append(
                Choice(
                    task=i,
                    candidates=tuple(index[r.id] for r in fit),
                    units=units,
                    cost=tuple(
                        (r.rate.per_day(hours) / per_unit) if r.rate is not None else 0.0
                        for r in fit
                    ),
                    label=describe_demand(need),
                )
            )
    return Needs(demand, tuple(choices), unstaffable)


def _leave(project: Project, network: Network) -> list[Unavailability]:
    """Each person's leave as the working units [start, end) it covers."""
    calendar = network.calendar
    gaps: list[Unavailability] = []
    if calendar is not None:
        for k, resource in enumerate(project.resources):
            for leave in resource.leave:
                start = calendar.unit_on_or_after(leave.start)
                end = calendar.unit_after(leave.end)
                if end > start:
                    gaps.append(Unavailability(k, start, end, round(resource.capacity)))
    return gaps


def _part_time(project: Project, network: Network, horizon: int) -> list[Unavailability]:
    """The project's working days before `horizon` that part-timers do not work."""
    gaps: list[Unavailability] = []
    if network.calendar is not None:
        for k, resource in enumerate(project.resources):
            if resource.workdays is not None:
                gaps.extend(_off_days(network, k, resource, horizon))
    return gaps


def staffing_problem(project: Project, network: Network) -> Staffing:
    """The resource-constrained problem of a project: capacities, leave and choices."""
    needs = staffing_needs(project, network)
    leave = _leave(project, network)
    horizon = _horizon_units(network, project, max((g.end for g in leave), default=0))
    gaps = leave + _part_time(project, network, horizon)
    problem = rcpsp_problem(
        network,
        unavailable=tuple(gaps),
        demand=needs.demand,
        choices=needs.choices,
        horizon=horizon,
    )
    return Staffing(problem, needs.unstaffable)


def resource_limits(
    network: Network, project: Project | None, *, horizon: int
) -> tuple[ResourceLimits, list[str]]:
    """What leaves book (named resources and role pools) and what resources give, unscaled.

    No one is picked: a demand by skill is only checked for enough qualified people (the
    unmet ones are returned as notes) and books nobody. Time off counts up to `horizon`.
    """
    if project is None:
        demand, gaps, unmet = network.demand, [], []
    else:
        needs = staffing_needs(project, network)
        demand, unmet = needs.demand, needs.unstaffable
        gaps = _leave(project, network) + _part_time(project, network, horizon)
    limits = ResourceLimits(
        resource_ids=list(network.resource_ids),
        demand=demand,
        capacity=network.capacity.astype(np.float64),
        off_resource=np.array([g.resource for g in gaps], dtype=np.int64),
        off_start=np.array([g.start for g in gaps], dtype=np.int64),
        off_end=np.array([g.end for g in gaps], dtype=np.int64),
        off_units=np.array([g.units for g in gaps], dtype=np.float64),
    )
    return limits, unmet


def _horizon_units(network: Network, project: Project, leave_end: int) -> int:
    """Units that any feasible levelled schedule fits in, part-time weeks and leave included.

    One task after another: the durations, lags and releases summed, after the last leave;
    with part-time people, each task may also wait a week for a long enough run of working
    days and stretch by the part-time factor.
    """
    per_day = network.calendar.hours_per_unit_day if network.calendar is not None else 1
    lags = float(np.maximum(network.lag, 0).sum()) if network.lag.size else 0.0
    release = float(network.earliest_start.max(initial=0.0))
    total = float(network.duration.sum())
    plain = release + lags + total + leave_end + 1
    weeks = [len(r.workdays) for r in project.resources if r.workdays]
    if not weeks:
        return int(plain)
    part_time = release + lags + total * 7.0 / min(weeks) + 7 * per_day * network.size
    return int(max(plain, part_time + leave_end + 1))


def _off_days(network: Network, k: int, resource: Resource, horizon: int) -> list[Unavailability]:
    """Project working days on which a resource with its own `workdays` does not work."""
    calendar = network.calendar
    assert calendar is not None and resource.workdays is not None
    per_day = calendar.hours_per_unit_day
    days = calendar.covering(horizon // per_day + 1).days[: horizon // per_day + 1]
    weekday = ((days - np.datetime64("1970-01-01", "D")).astype(np.int64) + 3) % 7
    works = np.array([day in resource.workdays for day in WEEKDAYS], dtype=bool)[weekday]
    off = np.flatnonzero(~works)
    if off.size == 0:
        return []
    # Runs of consecutive off days become one interval each.
    breaks = np.flatnonzero(np.diff(off) > 1)
    firsts = np.r_[off[0], off[breaks + 1]]
    lasts = np.r_[off[breaks], off[-1]]
    units = round(resource.capacity)
    return [
        Unavailability(k, int(a) * per_day, (int(b) + 1) * per_day, units)
        for a, b in zip(firsts.tolist(), lasts.tolist(), strict=True)
    ]


def greedy_picks(problem: RcpspProblem) -> list[tuple[int, ...]]:
    """For each choice, the least-loaded qualified people (cheapest on ties)."""
    load = (problem.demand * problem.duration[:, None]).sum(axis=0).astype(np.float64)
    load = load / np.maximum(problem.scale, 1)
    picks: list[tuple[int, ...]] = []
    for choice in sorted(range(len(problem.choices)), key=lambda c: problem.choices[c].task):
        option = problem.choices[choice]
        ranked = sorted(
            range(len(option.candidates)),
            key=lambda m: (load[option.candidates[m]], option.cost[m], m),
        )
        chosen = tuple(option.candidates[m] for m in ranked[: option.units])
        for k in chosen:
            load[k] += problem.duration[option.task]
        picks.append(chosen)
    order = sorted(range(len(problem.choices)), key=lambda c: problem.choices[c].task)
    result: list[tuple[int, ...]] = [()] * len(picks)
    for position, choice in enumerate(order):
        result[choice] = picks[position]
    return result


def resolve_choices(problem: RcpspProblem, picks: list[tuple[int, ...]]) -> RcpspProblem:
    """The same problem with each choice fixed to the picked people (no choices left).

    A task whose one person is picked works on that person's calendar from then on
    (`TaskCalendars.picked`).
    """
    demand = problem.demand.copy()
    for option, chosen in zip(problem.choices, picks, strict=True):
        for k in chosen:
            demand[option.task, k] += problem.scale[k]
    return RcpspProblem(
        network=picked_network(problem, picks),
        duration=problem.duration,
        release=problem.release,
        due=problem.due,
        capacity=problem.capacity,
        demand=demand,
        unavailable=problem.unavailable,
        horizon=problem.horizon,
        resource_ids=problem.resource_ids,
        scale=problem.scale,
    )


def picked_network(problem: RcpspProblem, picks: list[tuple[int, ...]]) -> Network:
    """The problem's network with each task on the calendar of the one person picked for it."""
    cal = problem.network.calendars
    if cal is None or not cal.picked:
        return problem.network
    ids = problem.resource_ids
    chosen = [
        (option.task, ids[k])
        for option, people in zip(problem.choices, picks, strict=True)
        for k in people
    ]
    return replace(problem.network, calendars=cal.with_picks(chosen))


def picked_finishes(
    problem: RcpspProblem, start: NDArray[np.int64], picks: list[tuple[int, ...]] | None
) -> NDArray[np.int64]:
    """Each task's finish from its start, on the calendars of the people picked (`picks`)."""
    if not picks or not problem.choices:
        return problem.finishes(start)
    return resolve_choices(problem, picks).finishes(start)


def load_profile(
    problem: RcpspProblem, start: NDArray[np.int64], demand: NDArray[np.int64]
) -> dict[str, list[tuple[int, int, float]]]:
    """Booked units of each resource over time: (first unit, end unit, units), idle left out."""
    profiles: dict[str, list[tuple[int, int, float]]] = {}
    span = problem.finishes(start) - start
    finish = max(int((start + span).max(initial=0)), 1)
    cal = problem.network.calendars
    if cal is None:
        booked = usage_profile(start, span, demand, finish)
    else:  # a task books its people on the days it works, not while it pauses
        booked = worked_usage(start, span, demand, finish, cal.works[cal.index])
    usage = np.rint(booked).astype(np.int64)
    for k, used in enumerate(usage):
        cuts = np.flatnonzero(np.diff(used)) + 1
        bounds = np.r_[0, cuts, used.size].tolist()
        scale = float(problem.scale[k])
        runs = [
            (a, b, float(used[a]) / scale) for a, b in itertools.pairwise(bounds) if used[a] > 0
        ]
        if runs:
            profiles[problem.resource_ids[k]] = runs
    return profiles
