"""Reusing a levelled plan: a problem solved before with as much effort is not solved again.

Levelling a large plan is a search that stops at its time limit, and CP-SAT with several
workers does not find the same schedule twice. Two commands run on the same file would
then date it differently, and a status report would search again for what `steerco
schedule` found a minute before. A `SolveStore` remembers each solve under a key of
everything that decides the problem and the search's goal: the project as validated (its
canonical JSON), the compiled network's durations and links, and the options other than
the effort (method, objective, hard deadlines, seed, heuristic budget). The time limit is
the effort: an entry answers a request when it was proved optimal or was searched at
least as long; otherwise the plan is solved again and the better of the two schedules is
kept (smaller makespan, larger bound: both bounds are valid). Nothing but makespan
levelling is merged: for other objectives the newer result replaces the entry.

The store itself (where entries live, how they are written) is an adapter passed in; the
core only computes the key and decides what to reuse.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

import numpy as np

from steerco.schedule.rcpsp.result import ScheduleResult, ScheduleStatus

if TYPE_CHECKING:
    from steerco.model import Project
    from steerco.schedule.network import Network
    from steerco.schedule.options import SolveOptions

__all__ = ["SolveStore", "StoredSolve", "merged", "reusable", "solve_key"]

_FORMAT = "1"
"""Bumped when what a key covers changes, so that older entries are never read."""


@dataclass(frozen=True)
class StoredSolve:
    """A remembered levelling result and the time limit it was searched under."""

    result: ScheduleResult
    time_limit: float


class SolveStore(Protocol):
    """Where solves are remembered; a store that fails to load or save simply misses."""

    def load(self, key: str) -> StoredSolve | None:
        """The entry under `key`, or None."""

    def save(self, key: str, entry: StoredSolve) -> None:
        """Remember `entry` under `key`."""


def solve_key(project: Project, network: Network, options: SolveOptions) -> str:
    """A hex digest of everything that decides the levelling problem and its goal."""
    digest = hashlib.sha256()
    digest.update(_FORMAT.encode())
    digest.update(project.model_dump_json().encode())
    for array in (network.duration, network.src, network.dst, network.dep_type, network.lag):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update("\0".join(network.ids).encode())
    goal = (
        options.method,
        options.objective,
        options.hard_deadlines,
        options.seed,
        options.schedules,
    )
    digest.update(repr(goal).encode())
    return digest.hexdigest()


def reusable(entry: StoredSolve, options: SolveOptions) -> bool:
    """Whether a remembered solve answers a request: proved optimal, or searched as long."""
    if entry.result.start is None:
        return False
    return entry.result.status == ScheduleStatus.optimal or entry.time_limit >= options.time_limit


def merged(new: ScheduleResult, old: StoredSolve | None, options: SolveOptions) -> StoredSolve:
    """What to remember after solving again: the better schedule, the longer effort."""
    limit = options.time_limit if old is None else max(options.time_limit, old.time_limit)
    if old is None or old.result.start is None or options.objective != "makespan":
        return StoredSolve(replace(new, history=[]), options.time_limit)
    prior = old.result
    bound = max(new.bound, prior.bound)
    best = new
    if new.makespan is None or (prior.makespan is not None and prior.makespan < new.makespan):
        best = prior
    status = best.status
    if best.makespan is not None and best.makespan <= bound:
        status = ScheduleStatus.optimal
    bound = bound if best.makespan is None else min(bound, best.makespan)
    return StoredSolve(replace(best, status=status, bound=bound, history=[]), limit)
