"""Why no levelled schedule exists: a small set of constraints that cannot all hold.

When a problem has been proved infeasible, its constraints are split into groups that can
each be dropped: a task's deadline (hard deadlines only), a task's earliest start (its
`start_no_earlier_than`, the status date), one task's demand on one resource, one
staffing choice, and one resource's unavailability (leave, days it does not work). A
deletion filter then drops groups while what is left stays infeasible: whole families
first, then halves, quarters... down to single groups. Each test is a short CP-SAT
feasibility solve, stopped at the first schedule it finds. What is left is infeasible
and, when every test was decided in time, minimal: without any one of its groups a
schedule exists. Links and durations always hold.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from steerco.schedule.misses import DeadlineMiss, deadline_misses
from steerco.schedule.network import Network
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import task_dates
from steerco.schedule.rcpsp.cpsat import ModelOptions, solve_cpsat
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.rcpsp.result import ScheduleStatus

__all__ = [
    "Conflict",
    "ConflictKind",
    "Explanation",
    "explain_infeasible",
    "explanation_message",
]

ConflictKind = Literal["deadline", "start", "capacity", "staffing", "unavailability"]
"""What a conflicting constraint is: a deadline, an earliest start, a resource's capacity
taken by the tasks named, a staffing choice (people to pick), a resource's time off."""

_KINDS: tuple[ConflictKind, ...] = ("deadline", "start", "unavailability", "capacity", "staffing")
"""The families in the order the filter tries to drop them (the last ones stay when it can)."""

_SHOWN: tuple[ConflictKind, ...] = ("capacity", "staffing", "unavailability", "start", "deadline")
"""The families in the order the explanation names them."""

_SHOWN_ITEMS = 10
"""Conflicts (and misses) named in the one-line message; the table and the JSON have all."""

_SHOWN_SPELLS = 3
"""Spells of unavailability named in a conflict's words; the rest are counted."""


@dataclass(frozen=True)
class Conflict:
    """One constraint among those that cannot all hold: the tasks and resources it binds."""

    kind: ConflictKind
    tasks: tuple[str, ...]
    resources: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Explanation:
    """The conflicting constraints, the least-late plan's deadline misses, and both in words.

    `minimal`: every test was decided, so dropping any one conflict leaves a schedule.
    """

    conflicts: tuple[Conflict, ...]
    misses: tuple[DeadlineMiss, ...]
    minimal: bool
    message: str


@dataclass(frozen=True)
class _Group:
    """A droppable group of constraints: its family, and the task, resource or choice."""

    kind: ConflictKind
    task: int = -1
    resource: int = -1
    choice: int = -1


def _groups(problem: RcpspProblem, hard_deadlines: bool) -> list[_Group]:
    """Every droppable group of `problem`, family by family in `_KINDS` order."""
    busy = problem.duration > 0
    out: list[_Group] = []
    if hard_deadlines:
        out += [_Group("deadline", task=i) for i in np.flatnonzero(problem.due >= 0).tolist()]
    out += [_Group("start", task=i) for i in np.flatnonzero(problem.release > 0).tolist()]
    off = sorted({gap.resource for gap in problem.unavailable if gap.end > gap.start})
    out += [_Group("unavailability", resource=k) for k in off]
    rows, cols = np.nonzero((problem.demand > 0) & busy[:, None])
    out += [
        _Group("capacity", task=i, resource=k)
        for i, k in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    out += [
        _Group("staffing", task=choice.task, choice=c)
        for c, choice in enumerate(problem.choices)
        if busy[choice.task]
    ]
    return out


def _relaxed(problem: RcpspProblem, kept: list[_Group]) -> RcpspProblem:
    """`problem` with only the `kept` groups: other deadlines, starts, demands, leave dropped."""
    due = np.full_like(problem.due, -1)
    release = np.zeros_like(problem.release)
    demand = np.zeros_like(problem.demand)
    choices = []
    off: set[int] = set()
    for group in kept:
        i, k = group.task, group.resource
        if group.kind == "deadline":
            due[i] = problem.due[i]
        elif group.kind == "start":
            release[i] = problem.release[i]
        elif group.kind == "capacity":
            demand[i, k] = problem.demand[i, k]
        elif group.kind == "staffing":
            choices.append(problem.choices[group.choice])
        else:
            off.add(k)
    return replace(
        problem,
        due=due,
        release=release,
        demand=demand,
        choices=tuple(choices),
        unavailable=tuple(gap for gap in problem.unavailable if gap.resource in off),
    )


class _Tester:
    """Short feasibility solves of relaxed problems within one time budget.

    The redundant disjunctions are left out: they cost more to build than they save when
    the first schedule found decides (150 tasks: 2.1 s to 0.07 s for the first test).
    """

    def __init__(self, problem: RcpspProblem, groups: list[_Group], options: SolveOptions):
        self.problem = problem
        self.groups = groups
        self.options = options
        budget = min(options.time_limit, 10.0)
        self.per_solve = max(1.0, budget / 5)
        self.ends = time.perf_counter() + budget
        self.undecided = False

    def left(self) -> float:
        """Seconds left of the budget."""
        return self.ends - time.perf_counter()

    def infeasible(self, kept: list[int], *, decisive: bool) -> bool:
        """True when the groups `kept` alone are proved infeasible (undecided counts false).

        `decisive`: a test of one group, whose undecided verdict keeps it without proof.
        """
        left = self.left()
        if left <= 0.01:
            self.undecided |= decisive
            return False
        stop = threading.Event()
        options = SolveOptions(
            time_limit=min(left, self.per_solve),
            workers=self.options.workers,
            seed=self.options.seed,
            hard_deadlines=True,
        )
        result = solve_cpsat(
            _relaxed(self.problem, [self.groups[g] for g in kept]),
            options=options,
            stop=stop,
            on_progress=lambda best, bound: stop.set(),  # the first schedule decides
            model_options=ModelOptions(disjunctions=False),
        )
        if result.status == ScheduleStatus.unknown:
            self.undecided |= decisive
        return result.status == ScheduleStatus.infeasible


def _shrink(tester: _Tester) -> list[int]:
    """A deletion filter: drop families, then halves ... single groups, while still infeasible."""
    groups = tester.groups
    kept = list(range(len(groups)))
    for kind in _KINDS:
        trial = [g for g in kept if groups[g].kind != kind]
        if len(trial) < len(kept) and tester.infeasible(trial, decisive=False):
            kept = trial
    chunk = max(len(kept) // 2, 1)
    while kept:
        i = 0
        while i < len(kept):
            trial = kept[:i] + kept[i + chunk :]
            if tester.infeasible(trial, decisive=chunk == 1):
                kept = trial
            else:
                i += chunk
        if chunk == 1:
            break
        chunk = max(chunk // 2, 1)
    return kept


def _joined(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _spells(problem: RcpspProblem, k: int) -> str:
    """The first spells of resource k's unavailability as dates, the rest counted."""
    gaps = sorted((g.start, g.end) for g in problem.unavailable if g.resource == k)
    starts, _ = task_dates(
        problem.network, np.array([a for a, _ in gaps]), np.array([a + 1 for a, _ in gaps])
    )
    _, ends = task_dates(
        problem.network, np.array([b - 1 for _, b in gaps]), np.array([b for _, b in gaps])
    )
    shown = [
        str(first) if first == last else f"{first} to {last}"
        for first, last in zip(starts[:_SHOWN_SPELLS], ends[:_SHOWN_SPELLS], strict=True)
    ]
    more = len(gaps) - len(shown)
    return _joined(shown + ([f"{more} more spell{'' if more == 1 else 's'}"] if more > 0 else []))


def _capacity(problem: RcpspProblem, k: int, tasks: list[int]) -> Conflict:
    """The tasks of the conflict that need resource k, and its capacity, in words."""
    ids, rid = problem.network.ids, problem.resource_ids[k]
    scale = float(problem.scale[k])
    units = [float(problem.demand[i, k]) / scale for i in tasks]
    capacity = f"capacity {float(problem.capacity[k]) / scale:g}"
    if len(tasks) == 1:
        text = f"{ids[tasks[0]]} needs {units[0]:g} of {rid} ({capacity})"
    else:
        names = [
            ids[i] if u == 1 else f"{ids[i]} ({u:g})" for i, u in zip(tasks, units, strict=True)
        ]
        text = f"{_joined(names)} need {rid} ({capacity})"
    return Conflict("capacity", tuple(ids[i] for i in tasks), (rid,), text)


def _conflicts(problem: RcpspProblem, kept: list[_Group]) -> list[Conflict]:
    """The kept groups in words, a resource's demands merged into one capacity conflict."""
    net, rids = problem.network, problem.resource_ids
    ids = net.ids
    users: dict[int, set[int]] = {}
    for group in kept:
        if group.kind == "capacity":
            users.setdefault(group.resource, set()).add(group.task)
        elif group.kind == "staffing":
            for k in problem.choices[group.choice].candidates:
                users.setdefault(k, set()).add(group.task)
    out: list[Conflict] = []
    for k in sorted({g.resource for g in kept if g.kind == "capacity"}):
        tasks = sorted(g.task for g in kept if g.kind == "capacity" and g.resource == k)
        out.append(_capacity(problem, k, tasks))
    for group in sorted(kept, key=lambda g: (_SHOWN.index(g.kind), g.task, g.resource)):
        i, k = group.task, group.resource
        if group.kind == "staffing":
            choice = problem.choices[group.choice]
            people = tuple(rids[m] for m in choice.candidates)
            text = f"{ids[i]} needs {choice.units} x {choice.label} (from {', '.join(people)})"
            out.append(Conflict("staffing", (ids[i],), people, text))
        elif group.kind == "unavailability":
            bound = tuple(ids[j] for j in sorted(users.get(k, set())))
            text = f"{rids[k]} is unavailable {_spells(problem, k)}"
            out.append(Conflict("unavailability", bound, (rids[k],), text))
        elif group.kind == "start":
            (day,), _ = task_dates(net, problem.release[i : i + 1], problem.release[i : i + 1] + 1)
            out.append(Conflict("start", (ids[i],), (), f"{ids[i]} cannot start before {day}"))
        elif group.kind == "deadline":
            _, (day,) = task_dates(net, problem.due[i : i + 1] - 1, problem.due[i : i + 1])
            out.append(Conflict("deadline", (ids[i],), (), f"{ids[i]} must finish by {day}"))
    return out


def _least_late(problem: RcpspProblem, options: SolveOptions, seconds: float) -> list[DeadlineMiss]:
    """The deadlines the least-late plan found (soft deadlines, total lateness) misses.

    One worker, so that among equally late plans the same one is found every time.
    """
    lateness = SolveOptions(
        time_limit=max(seconds, 0.5),
        workers=1,
        seed=options.seed,
        objective="lateness",
    )
    soft = solve_cpsat(problem, options=lateness)
    if soft.start is None:
        return []
    due = np.where(problem.due >= 0, problem.due, np.inf)
    return deadline_misses(problem.network, soft.start + problem.duration, due)


def explain_infeasible(
    problem: RcpspProblem, *, options: SolveOptions | None = None
) -> Explanation:
    """Which tasks, resources and deadlines conflict in a problem proved infeasible.

    The filter and then, when deadlines are among the conflicts, the least-late plan share
    min(`options.time_limit`, 10) seconds (the plan gets at least 1); `options` also gives
    the workers, the seed and whether deadlines are hard.
    """
    options = options or SolveOptions()
    groups = _groups(problem, options.hard_deadlines)
    tester = _Tester(problem, groups, options)
    kept = [groups[g] for g in _shrink(tester)]
    conflicts = _conflicts(problem, kept)
    misses: list[DeadlineMiss] = []
    if any(group.kind == "deadline" for group in kept):
        misses = _least_late(problem, options, max(tester.left(), 1.0))
    minimal = bool(conflicts) and not tester.undecided
    message = explanation_message(problem.network, conflicts, misses, minimal=minimal)
    return Explanation(tuple(conflicts), tuple(misses), minimal, message)


def _listed(items: list[str]) -> list[str]:
    """The first `_SHOWN_ITEMS` items, then `and N more` for the rest."""
    more = len(items) - _SHOWN_ITEMS
    return items if more <= 0 else [*items[:_SHOWN_ITEMS], f"and {more} more"]


def explanation_message(
    network: Network, conflicts: list[Conflict], misses: list[DeadlineMiss], *, minimal: bool
) -> str:
    """The conflicts and the misses in one sentence, each list cut after `_SHOWN_ITEMS`."""
    if not conflicts:
        return "no feasible schedule exists"
    message = "no schedule meets all of these: " + "; ".join(_listed([c.text for c in conflicts]))
    if minimal:
        message += " (without any one of them a schedule exists)"
    if misses:
        shown = ", ".join(_listed([miss.text(network) for miss in misses]))
        message += f"; the least-late plan found misses: {shown}"
    return message
