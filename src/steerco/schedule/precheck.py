"""What makes a levelled schedule impossible that can be known without solving.

Two checks, each a located diagnostic at the line that causes it:

- `demand_above_capacity`: a task needs more units of a resource at a time than anyone
  who could give them has. A named demand (or a role demand met by the role's pool) needs
  units <= capacity; a role or skill demand picks `ceil(units)` people, each working on
  the task full time (1 unit), so it needs that many qualified people of capacity >= 1.
  (Too few qualified people at all is `unstaffable`, reported by staffing.)
- `deadline_unreachable` (hard deadlines only): a deadline before the task's earliest
  finish EF on the critical path, which no resource limit can bring earlier.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import numpy as np

from steerco.codes import Code
from steerco.errors import Diagnostic
from steerco.model import Demand, Project, Resource, Task
from steerco.people.skills import qualified
from steerco.schedule.cpm import CpmResult, critical_path
from steerco.schedule.misses import deadline_misses, working_time
from steerco.schedule.network import Network, link_flags
from steerco.types import ModelPath

__all__ = ["deadline_problems", "demand_problems", "feasibility_problems"]

_EPS = 1e-9
_CHAIN = 6
"""Tasks of a driving chain shown in full; a longer one shows its first and last ones."""


def feasibility_problems(
    project: Project, network: Network, *, demands: bool = True, hard_deadlines: bool = False
) -> list[Diagnostic]:
    """Demands no candidate can give (when `demands`), unreachable deadlines (when hard)."""
    found = demand_problems(project) if demands else []
    if hard_deadlines:
        found += deadline_problems(project, network)
    return found


def _written(need: Demand) -> str:
    """A demand as the list form writes it, defaults left out: `{skill: ml, min_level: 3}`."""
    parts = [f"{key}: {value}" for key, value in (("role", need.role), ("skill", need.skill))]
    parts = [part for part in parts if not part.endswith(": None")]
    if need.min_level:
        parts.append(f"min_level: {need.min_level}")
    if need.units != 1:
        parts.append(f"units: {need.units:g}")
    return "{" + ", ".join(parts) + "}"


def _fixed_target(need: Demand, pools: set[str]) -> str | None:
    """The resource a demand books as it stands: the named one, or a role's pool (no skill)."""
    if need.resource is not None:
        return need.resource
    if need.skill is None and need.role in pools:
        return need.role
    return None


def _over_capacity(task: str, target: Resource, units: float) -> str:
    """The message for a task needing more of one resource than its capacity."""
    what = f"role pool {target.id!r}" if target.kind == "role" else repr(target.id)
    cap = target.capacity
    instead = f"demand at most {cap:g}" if cap > 0 else "demand another resource"
    return (
        f"task {task!r} needs {units:g} of {what} at a time, more than its capacity of {cap:g}: "
        f"no schedule can give it; {instead}, or raise the capacity of {target.id!r}"
    )


def _part_timers(task: str, need: Demand, qualified: list[Resource]) -> str | None:
    """The message when too few of the qualified people can work on the task full time."""
    units = math.ceil(need.units)
    whole = [r for r in qualified if r.capacity >= 1 - _EPS]
    if len(qualified) < units or len(whole) >= units:
        return None
    short = ", ".join(f"{r.id} {r.capacity:g}" for r in qualified if r.capacity < 1 - _EPS)
    people = "person" if units == 1 else "people"
    able = ", ".join(r.id for r in whole) or "none"
    return (
        f"task {task!r} needs {units} {people} for {_written(need)}, each working on it full "
        f"time (1 unit), but of those who qualify only {len(whole)} can ({able}); the others "
        f"have less capacity ({short}): raise a capacity to 1, or name the person with the "
        f"units they can give (`demands: {{{qualified[0].id}: {qualified[0].capacity:g}}}`)"
    )


def demand_problems(project: Project) -> list[Diagnostic]:
    """A `demand_above_capacity` error for each demand no candidate's capacity can give."""
    resources = {r.id: r for r in project.resources}
    people = [r for r in project.resources if r.kind != "equipment"]
    pools = {r.id for r in project.resources if r.kind == "role"}
    out: list[Diagnostic] = []
    for placed in project.placed_tasks():
        task = placed.task
        booked: dict[str, tuple[float, ModelPath]] = {}
        for j, need in enumerate(task.demands):
            path: ModelPath = (*placed.path, "demands", j)
            target = _fixed_target(need, pools)
            if target is not None:
                units, first = booked.get(target, (0.0, path))
                booked[target] = (units + need.units, first)
                continue
            message = _part_timers(task.id, need, qualified(people, need))
            if message is not None:
                out.append(Diagnostic(Code.demand_above_capacity, message, path))
        for rid, (units, path) in booked.items():
            resource = resources.get(rid)
            if resource is not None and units > resource.capacity + _EPS:
                message = _over_capacity(task.id, resource, units)
                out.append(Diagnostic(Code.demand_above_capacity, message, path))
    return out


def _driving_chain(network: Network, cpm: CpmResult, end: int) -> list[str]:
    """The tasks whose links set `end`'s earliest start, first to last (ending with `end`)."""
    src, dst = network.src, network.dst
    d = network.duration
    a, b = link_flags(network.dep_type)
    slack = cpm.es[dst] - (cpm.es[src] + a * d[src] + network.lag - b * d[dst])
    tight = np.flatnonzero(np.abs(slack) <= _EPS)
    driver = np.full(network.size, -1, dtype=np.int64)
    driver[dst[tight]] = src[tight]
    chain = [end]
    while driver[chain[-1]] >= 0 and len(chain) <= network.size:
        chain.append(int(driver[chain[-1]]))
    return [network.ids[i] for i in reversed(chain)]


def _shown(chain: list[str]) -> str:
    """`a → b → c`, or `a → b → … → y → z` for a long chain."""
    if len(chain) > _CHAIN:
        chain = [*chain[:2], "…", *chain[-3:]]
    return " → ".join(chain)


def _deadlines(project: Project) -> Iterator[tuple[Task, str, dt.date, ModelPath]]:
    """(task, key, date, path) of every `deadline`, `finish_no_later_than`, `must_finish_on`."""
    for placed in project.placed_tasks():
        task = placed.task
        for key in ("deadline", "finish_no_later_than", "must_finish_on"):
            day = getattr(task, key)
            if day is not None:
                yield task, key, day, (*placed.path, key)


def _why_late(network: Network, chain: list[str]) -> str:
    """What the earliest finish already allows for: free resources, and the calendars worked."""
    calendars = network.calendars
    if calendars is None:
        return "even with every resource free"
    index = {task_id: i for i, task_id in enumerate(network.ids)}
    names = sorted({calendars.names[int(calendars.index[index[t]])] for t in chain} - {"project"})
    if not names:
        return "even with every resource free"
    return (
        "even with every resource free, working on the calendars of its chain "
        f"({', '.join(names)}: their workdays, leave and days off)"
    )


def deadline_problems(project: Project, network: Network) -> list[Diagnostic]:
    """A `deadline_unreachable` error for each deadline before its tasks' earliest finish."""
    calendar = network.calendar
    if calendar is None or not np.isfinite(network.latest_finish).any():
        return []
    cpm = critical_path(network)
    index = {task_id: i for i, task_id in enumerate(network.ids)}
    out: list[Diagnostic] = []
    for task, key, day, path in _deadlines(project):
        leaves = np.array([index[leaf.id] for leaf in task.leaves()], dtype=np.int64)
        open_leaves = leaves[np.isfinite(network.latest_finish[leaves])]  # not finished
        cap = np.full(network.size, np.inf)
        cap[open_leaves] = calendar.unit_after(day)
        misses = deadline_misses(network, cpm.ef, cap)
        if not misses:
            continue
        miss = misses[0]
        chain_ids = _driving_chain(network, cpm, index[miss.task])
        chain = _shown(chain_ids)
        who = (
            f"task {task.id!r} must finish by {day} ({key}), but it"
            if miss.task == task.id
            else f"summary {task.id!r} must finish by {day} ({key}), but its task {miss.task!r}"
        )
        message = (
            f"{who} finishes on {miss.finish} at the earliest, {_why_late(network, chain_ids)}: "
            f"{working_time(network, miss.late)} late, driven by {chain}; move the {key} to "
            f"{miss.finish} or later, shorten that chain, or schedule without --hard-deadlines"
        )
        out.append(Diagnostic(Code.deadline_unreachable, message, path))
    return out
