"""A computed schedule as data: per-task times, floats, dates and the critical paths.

Date conventions: a task works from the day of unit `es` to the day of unit `ef - 1`;
a zero-duration task (a milestone) falls on the day its predecessors finish, the day of
`es - 1`, or the day of unit 0 when `es = 0`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.cost import plan_cost, span_overheads, task_cost
from steerco.schedule.cpm import CpmResult, critical_chains, critical_path
from steerco.schedule.dates import span_dates, start_dates
from steerco.schedule.network import Network, NetworkProgress
from steerco.schedule.overallocation import Overload, ResourceLimits
from steerco.schedule.rcpsp.result import ScheduleStatus
from steerco.schedule.status import FINISHED

__all__ = [
    "Schedule",
    "ScheduleStatus",
    "ScheduledTask",
    "TaskKind",
    "overload_notes",
    "schedule_cpm",
    "task_dates",
]

DateOrInt = dt.date | int


TaskKind = Literal["task", "milestone", "summary"]
"""What a scheduled task is in the WBS."""


@dataclass(frozen=True, slots=True)
class ScheduledTask:
    """One task of a schedule (a leaf, a milestone or a summary): times, floats, dates, cost.

    `es`/`ef`/`ls`/`lf` and the floats are working units from the project start; `start`
    and `finish` the first and last working day (the units themselves without a calendar).
    `resources` maps resource ids to the units booked; `assignees` are the people on it.
    A finished task (an actual finish) has no float (None); the dates of a started task are
    its actual dates as recorded, a day the calendar does not work included.
    """

    id: str
    name: str
    parent: str | None
    kind: TaskKind
    es: int
    ef: int
    ls: int
    lf: int
    total_float: int | None
    free_float: int | None
    critical: bool
    start: DateOrInt
    finish: DateOrInt
    cost: float | None
    resources: Mapping[str, float]
    assignees: tuple[str, ...]


def task_dates(
    network: Network, es: NDArray[np.int64], ef: NDArray[np.int64]
) -> tuple[list[Any], list[Any]]:
    """Start and finish of each (es, ef) pair as dates, or as the integers themselves."""
    if network.calendar is None:
        return es.tolist(), ef.tolist()
    return span_dates(network.calendar, es, ef)


def overload_notes(network: Network, overloads: list[Overload]) -> list[str]:
    """`over-allocated: R where: B booked, C available`, one per over-allocated interval."""
    if not overloads:
        return []
    if network.calendar is not None:
        units = [o.start for o in overloads] + [o.end - 1 for o in overloads]
        dates = [str(day) for day in start_dates(network.calendar, units)]
        wheres = [
            f"{first} to {last}" if o.end - o.start > 1 else f"on {first}"
            for o, first, last in zip(
                overloads, dates[: len(overloads)], dates[len(overloads) :], strict=True
            )
        ]
    else:
        wheres = [f"in periods {o.start} to {o.end - 1}" for o in overloads]
    return [
        f"over-allocated: {o.resource} {where}: {o.booked:g} booked, {o.capacity:g} available"
        for o, where in zip(overloads, wheres, strict=True)
    ]


@dataclass(frozen=True)
class Schedule:
    """The outcome of scheduling a network: times for leaves and summaries, and status."""

    network: Network
    cpm: CpmResult
    method: str
    status: ScheduleStatus
    bound: int | None = None
    solve_seconds: float = 0.0
    resources: list[dict[str, float]] | None = None
    assignees: list[list[str]] | None = None
    findings: list[str] = field(default_factory=list)
    load: dict[str, list[tuple[int, int, float]]] = field(default_factory=dict)
    limits: ResourceLimits | None = field(default=None, repr=False)
    deadlines: Mapping[str, dt.date] = field(default_factory=dict)
    """Each task's own `deadline` by task id (see steerco.schedule.deadlines)."""

    @cached_property
    def overloads(self) -> list[Overload]:
        """Where the plan books a resource beyond what it can give (CPM plans with resources).

        Computed on first use from `limits`; a levelled plan respects capacity (none).
        """
        if self.limits is None:
            return []
        start = np.rint(self.cpm.es).astype(np.int64)
        cal = self.network.calendars
        if cal is None:
            duration = np.rint(self.network.duration).astype(np.int64)
            return self.limits.overloads(start, duration)
        span = np.rint(self.cpm.ef).astype(np.int64) - start  # pauses included
        return self.limits.overloads(start, span, cal.works[cal.index])

    @property
    def notes(self) -> list[str]:
        """Findings in words (unmet demands, durations from epics), then each over-allocation."""
        return self.findings + overload_notes(self.network, self.overloads)

    @property
    def plan_name(self) -> str:
        """Which plan this is, in words: `critical path`, or `levelled (METHOD)`."""
        return "critical path" if self.method == "cpm" else f"levelled ({self.method})"

    @property
    def lower_bound(self) -> int:
        """The proven lower bound on the makespan (the makespan itself for the CPM)."""
        return self.makespan if self.bound is None else self.bound

    @property
    def gap(self) -> float:
        """(makespan - bound) / makespan, CP-SAT's convention."""
        return (
            0.0
            if self.makespan <= 0
            else max(0.0, (self.makespan - self.lower_bound) / self.makespan)
        )

    def load_runs(self) -> dict[str, list[dict[str, Any]]]:
        """Each resource's booked units over time, as runs with start and finish (dates)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for rid, runs in self.load.items():
            first = np.array([a for a, _, _ in runs], dtype=np.int64)
            end = np.array([b for _, b, _ in runs], dtype=np.int64)
            starts, finishes = task_dates(self.network, first, end)
            out[rid] = [
                {"start": s, "finish": f, "units": units}
                for s, f, (_, _, units) in zip(starts, finishes, runs, strict=True)
            ]
        return out

    def leaf_resources(self) -> list[dict[str, float]]:
        """Units of each resource per leaf: the levelled assignment, or the named demands."""
        if self.resources is not None:
            return self.resources
        ids = self.network.resource_ids
        demand = self.network.demand
        found: list[dict[str, float]] = [{} for _ in range(self.network.size)]
        if demand.size:
            rows, cols = np.nonzero(demand > 0)
            units = demand[rows, cols].tolist()
            for i, k, value in zip(rows.tolist(), cols.tolist(), units, strict=True):
                found[i][ids[k]] = value
        return found

    @property
    def makespan(self) -> int:
        """Length of the schedule in working units."""
        return round(self.cpm.makespan)

    def project_dates(self) -> tuple[DateOrInt, DateOrInt]:
        """The project's first working day and last working day (or 0 and the makespan)."""
        start, finish = task_dates(self.network, np.array([0]), np.array([self.makespan]))
        return start[0], finish[0]

    def critical_path_ids(self) -> list[list[str]]:
        """The critical paths as lists of task ids, the longest first."""
        ids = self.network.ids
        return [[ids[i] for i in path] for path in critical_chains(self.network, self.cpm)]

    def task_costs(self) -> tuple[list[float] | None, list[float] | None]:
        """Planned cost of each leaf and each summary (None when the input has no costs).

        A summary costs its leaves plus its own overhead and its sub-summaries' over their
        spans in this plan.
        """
        costs = self.network.costs
        if costs is None:
            return None, None
        leaf = task_cost(costs, self.network.duration)
        summary = {s.id: float(leaf[s.first : s.stop].sum()) for s in self.network.summaries}
        parent = {s.id: s.parent for s in self.network.summaries}
        overheads = span_overheads(costs, self.cpm.es, self.cpm.ef).tolist()
        for span, amount in zip(costs.spans, overheads, strict=True):
            node: str | None = span.id
            while node is not None:
                summary[node] += amount
                node = parent[node]
        return leaf.tolist(), list(summary.values())

    def total_cost(self) -> float | None:
        """Planned cost of the whole project, overheads included (None without costs)."""
        costs = self.network.costs
        if costs is None:
            return None
        return plan_cost(
            costs, self.network.duration, self.cpm.es, self.cpm.ef, float(self.cpm.makespan)
        )

    def tasks(self) -> Iterator[ScheduledTask]:
        """One record per task, summaries included, in WBS order (summary before its children)."""
        net, cpm = self.network, self.cpm
        leaf = _ints(cpm)
        finished = np.zeros(net.size, dtype=bool)
        if net.progress is not None:  # an in-progress task started when it did
            started = net.progress.started
            finished = net.progress.state == FINISHED
            actual = np.nan_to_num(net.progress.actual_start)
            leaf["es"] = np.where(started, np.rint(actual).astype(np.int64), leaf["es"])
        leaf_start, leaf_finish = task_dates(net, leaf["es"], leaf["ef"])
        if net.progress is not None:
            _recorded_dates(net.progress, leaf_start, leaf_finish)
        leaf_floats = _floats(leaf, finished)
        leaf_cost, summary_cost = self.task_costs()
        resources = self.leaf_resources()
        assignees = (
            [tuple(sorted(r)) for r in resources]
            if self.assignees is None
            else [tuple(a) for a in self.assignees]
        )
        kinds: list[TaskKind] = ["milestone" if m else "task" for m in net.milestone.tolist()]
        leaves = map(
            ScheduledTask,
            net.ids,
            net.names,
            net.parents,
            kinds,
            *(leaf[key].tolist() for key in _FIELDS[:4]),
            *leaf_floats,
            cpm.critical.tolist(),
            leaf_start,
            leaf_finish,
            leaf_cost if leaf_cost is not None else itertools.repeat(None),
            resources,
            assignees,
        )
        if not net.summaries:
            yield from leaves
            return
        summary = _summary_ints(net, _open_floats(leaf, finished))
        sum_start, sum_finish = task_dates(net, summary["es"], summary["ef"])
        columns: dict[str, list[Any]] = {key: values.tolist() for key, values in summary.items()}
        for key in _FIELDS[4:]:  # a summary all of whose tasks are finished has no float
            columns[key] = [None if v == _NO_FLOAT else v for v in columns[key]]
        done = 0
        for k in sorted(range(len(net.summaries)), key=lambda k: (net.summaries[k].first, k)):
            node = net.summaries[k]
            yield from itertools.islice(leaves, node.first - done)
            done = node.first
            yield ScheduledTask(
                id=node.id,
                name=node.name,
                parent=node.parent,
                kind="summary",
                es=columns["es"][k],
                ef=columns["ef"][k],
                ls=columns["ls"][k],
                lf=columns["lf"][k],
                total_float=columns["total_float"][k],
                free_float=columns["free_float"][k],
                critical=columns["total_float"][k] is not None and columns["total_float"][k] <= 0,
                start=sum_start[k],
                finish=sum_finish[k],
                cost=summary_cost[k] if summary_cost is not None else None,
                resources={},
                assignees=tuple(
                    sorted({a for i in range(node.first, node.stop) for a in assignees[i]})
                ),
            )
        yield from leaves


_FIELDS = ("es", "ef", "ls", "lf", "total_float", "free_float")

_NO_FLOAT = np.iinfo(np.int64).max
"""Stands for "no float" (a finished task) while summaries take the smallest of their leaves'."""


def _recorded_dates(progress: NetworkProgress, starts: list[Any], finishes: list[Any]) -> None:
    """Put the actual dates as recorded in place of the calendar's (in place)."""
    for i, day in enumerate(progress.recorded_start):
        if day is not None:
            starts[i] = day
    for i, day in enumerate(progress.recorded_finish):
        if day is not None:
            finishes[i] = day


def _floats(leaf: dict[str, NDArray[np.int64]], finished: NDArray[np.bool_]) -> list[list[Any]]:
    """Total and free float of each leaf as lists; None where the task is finished."""
    columns: list[list[Any]] = [leaf[key].tolist() for key in _FIELDS[4:]]
    if finished.any():
        for column in columns:
            for i in np.flatnonzero(finished).tolist():
                column[i] = None
    return columns


def _open_floats(
    leaf: dict[str, NDArray[np.int64]], finished: NDArray[np.bool_]
) -> dict[str, NDArray[np.int64]]:
    """The leaf columns with the floats of finished tasks set to `_NO_FLOAT`."""
    if not finished.any():
        return leaf
    out = dict(leaf)
    for key in _FIELDS[4:]:
        out[key] = np.where(finished, _NO_FLOAT, leaf[key])
    return out


def _ints(cpm: CpmResult) -> dict[str, NDArray[np.int64]]:
    return {key: np.rint(getattr(cpm, key)).astype(np.int64) for key in _FIELDS}


def _summary_ints(net: Network, leaf: dict[str, NDArray[np.int64]]) -> dict[str, NDArray[np.int64]]:
    """Roll leaves up: es/ls the min, ef/lf the max, floats the smallest of the leaves'."""
    if not net.summaries:
        return {key: np.zeros(0, dtype=np.int64) for key in _FIELDS}
    starts = np.array([s.first for s in net.summaries], dtype=np.int64)
    stops = np.array([s.stop for s in net.summaries], dtype=np.int64)
    out: dict[str, NDArray[np.int64]] = {}
    for key in _FIELDS:
        values = leaf[key]
        # Summary ranges nest, so reduce each range separately via a prefix-free approach.
        take_max = key in {"ef", "lf"}
        reduce = np.maximum if take_max else np.minimum
        out[key] = np.array(
            [
                reduce.reduce(values[a:b])
                for a, b in zip(starts.tolist(), stops.tolist(), strict=True)
            ],
            dtype=np.int64,
        )
    return out


def schedule_cpm(network: Network) -> Schedule:
    """Schedule by the critical path method (no resource limits): always optimal."""
    return Schedule(network, critical_path(network), "cpm", ScheduleStatus.optimal)
