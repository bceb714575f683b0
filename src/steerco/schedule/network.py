"""Compile a project once into a `Network` of NumPy arrays that every algorithm reads.

Nodes are the leaf tasks and milestones, in document order. Each dependency is kept as
its type and lag (not as a precomputed shift: FF and SF shifts depend on durations,
which the forecast samples). Nodes are grouped by topological level so that passes over
the network run one vectorised step per level.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from steerco.agile.hybrid import epic_days
from steerco.codes import Code
from steerco.errors import CycleError, Diagnostic, ProjectError
from steerco.model import WEEKDAYS, Calendar, Dependency, EarningRule, Project, Task, TimeUnit
from steerco.model.graph import CsrAdjacency, csr, find_cycle, gather_edges, topological_order
from steerco.model.points import points_need_history
from steerco.model.quantities import WorkTime
from steerco.model.ranges import MAX_PERIODS
from steerco.model.validate import leaf_links
from steerco.schedule.axis import TimeAxis
from steerco.schedule.calendar import WorkCalendar, work_calendar
from steerco.schedule.constraints import (
    constraint_bounds,
    constraint_dates,
    pinned_leaves,
    pinned_spans,
)
from steerco.schedule.cost import CostTable, cost_table
from steerco.schedule.task_calendars import every_day_axis, plan_reach, project_calendars
from steerco.schedule.worktime import TaskCalendars
from steerco.types import FloatArray, IntArray

__all__ = [
    "DEPENDENCY_TYPES",
    "Network",
    "NetworkProgress",
    "SummaryNode",
    "compile_project",
    "link_flags",
    "network_from_arrays",
    "relinked",
]


DEPENDENCY_TYPES: tuple[str, ...] = ("FS", "SS", "FF", "SF")


@dataclass(frozen=True)
class SummaryNode:
    """A summary task: its leaves are the contiguous leaf range `first:stop`."""

    id: str
    name: str
    parent: str | None
    first: int
    stop: int


@dataclass(frozen=True)
class LevelPlan:
    """Index arrays that let a pass over the network run one NumPy step per level.

    Nodes are renumbered by topological position (`order[p]` is the node at position p),
    so the nodes of level L occupy positions `node_ptr[L]:node_ptr[L+1]`. In-edges are
    sorted by the position of their target: those of level L are `in_ptr[L]:in_ptr[L+1]`,
    and `in_seg[L]` are the offsets (within that slice) where each target's edges start;
    every node above level 0 has an in-edge, so segments match the level's nodes one to
    one. Out-edges are sorted by the position of their source; within a level the nodes
    with out-edges come first, at positions `node_ptr[L]:out_stop[L]`, and `out_seg[L]`
    are their offsets.
    `in_*`/`out_*` edge arrays hold positions, and the link's type flags and lag;
    `in_edge`/`out_edge` the index of each in the network's links.
    """

    order: IntArray
    position: IntArray
    node_ptr: IntArray
    in_src: IntArray
    in_dst: IntArray
    in_from_finish: FloatArray
    in_to_finish: FloatArray
    in_lag: FloatArray
    in_ptr: IntArray
    in_seg: list[IntArray]
    out_src: IntArray
    out_dst: IntArray
    out_from_finish: FloatArray
    out_to_finish: FloatArray
    out_lag: FloatArray
    out_ptr: IntArray
    out_seg: list[IntArray]
    out_stop: IntArray
    out_seg_all: IntArray
    out_node_all: IntArray
    in_edge: IntArray
    out_edge: IntArray

    @property
    def depth(self) -> int:
        """Number of topological levels."""
        return len(self.node_ptr) - 1


@dataclass(frozen=True)
class NetworkProgress:
    """Progress of each node at the status date, in working units from the project start.

    `state` is 0 (not started), 1 (in progress) or 2 (finished). Work after the status date
    starts at `data_time`. `elapsed` is the time worked by `data_time` (the actual duration
    of a finished node); `remaining` the time still needed; `percent` the physical share
    complete (0..1); `actual_cost` the recorded cumulative cost (NaN where not recorded).
    `recorded_start` / `recorded_finish` are the actual dates as written (a day the calendar
    does not work included), for reports; empty when not known.
    """

    data_time: float
    state: NDArray[np.int8]
    actual_start: FloatArray
    actual_finish: FloatArray
    elapsed: FloatArray
    remaining: FloatArray
    percent: FloatArray
    actual_cost: FloatArray
    earning: list[EarningRule]
    recorded_start: tuple[dt.date | None, ...] = ()
    recorded_finish: tuple[dt.date | None, ...] = ()

    @property
    def started(self) -> NDArray[np.bool_]:
        """Nodes in progress or finished."""
        mask: NDArray[np.bool_] = self.state > 0
        return mask


@dataclass(frozen=True)
class Network:
    """A project compiled to arrays: nodes (leaves), links with type and lag, constraints.

    `demand[i, k]` is the units of resource `resource_ids[k]` that node i needs (named
    resources only; role and skill demands are resolved by the staffing step).
    `calendars` is the calendar each node works on, None when every node works every
    unit of the time axis (the common case, which no algorithm pays for). `axis`: what
    the axis counts, the project's working time or every calendar day (`axis.py`).
    """

    ids: list[str]
    names: list[str]
    parents: list[str | None]
    milestone: NDArray[np.bool_]
    duration: FloatArray
    src: IntArray
    dst: IntArray
    dep_type: NDArray[np.int8]
    lag: FloatArray
    earliest_start: FloatArray
    latest_finish: FloatArray
    level: IntArray
    plan: LevelPlan = field(repr=False)
    successors: CsrAdjacency = field(repr=False)
    summaries: list[SummaryNode] = field(default_factory=list)
    unit: TimeUnit = "period"
    project: str = ""
    start: dt.date | None = None
    deadline: dt.date | None = None
    calendar: WorkCalendar | None = None
    resource_ids: list[str] = field(default_factory=list)
    capacity: FloatArray = field(default_factory=lambda: np.zeros(0))
    demand: FloatArray = field(default_factory=lambda: np.zeros((0, 0)), repr=False)
    costs: CostTable | None = None
    currency: str = "USD"
    progress: NetworkProgress | None = None
    calendars: TaskCalendars | None = field(default=None, repr=False)
    axis: TimeAxis = "working"

    @property
    def size(self) -> int:
        """Number of nodes (leaf tasks and milestones)."""
        return len(self.ids)

    @property
    def from_finish(self) -> FloatArray:
        """1.0 on links that start from the predecessor's finish (FS, FF), else 0.0."""
        return link_flags(self.dep_type)[0]

    @property
    def to_finish(self) -> FloatArray:
        """1.0 on links that constrain the successor's finish (FF, SF), else 0.0."""
        return link_flags(self.dep_type)[1]


def link_flags(dep_type: NDArray[np.int8]) -> tuple[FloatArray, FloatArray]:
    """(a, b) per link in S_j >= S_i + a*d_i + lag - b*d_j: a = 1 for FS/FF, b = 1 for FF/SF."""
    from_finish: FloatArray = ((dep_type == 0) | (dep_type == 2)).astype(np.float64)
    to_finish: FloatArray = ((dep_type == 2) | (dep_type == 3)).astype(np.float64)
    return from_finish, to_finish


def _level_plan(
    order: IntArray,
    level: IntArray,
    src: IntArray,
    dst: IntArray,
    dep_type: NDArray[np.int8],
    lag: FloatArray,
    successors: CsrAdjacency,
) -> LevelPlan:
    n = order.size
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n, dtype=np.int64)
    depth = int(level.max()) + 1 if n else 0
    node_ptr = np.searchsorted(level[order], np.arange(depth + 1)).astype(np.int64)

    def side(adj: CsrAdjacency) -> tuple[IntArray, IntArray, IntArray]:
        """Edges in position order of their node, per-node offsets, and degrees by position."""
        edge = gather_edges(adj, order)
        degree = np.diff(adj.ptr)[order]
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(degree, out=ptr[1:])
        return edge, ptr, degree

    by_target = csr(n, position[dst])
    in_edge, in_node_ptr = by_target.edge, by_target.ptr
    in_degree = np.diff(in_node_ptr)
    out_edge, out_node_ptr, out_degree = side(successors)
    positions = np.arange(n, dtype=np.int64)
    in_ptr = in_node_ptr[node_ptr]
    out_ptr = out_node_ptr[node_ptr]
    # Per level: in-edge offsets of each node (all nodes above level 0 have in-edges), and
    # the nodes with out-edges, which come first in their level.
    in_cuts = np.split(in_node_ptr[:n], node_ptr[1:-1]) if depth else []
    in_seg = [cut - in_ptr[lv] for lv, cut in enumerate(in_cuts)]
    if in_seg:
        in_seg[0] = np.empty(0, dtype=np.int64)
    with_out = np.add.reduceat(out_degree > 0, node_ptr[:-1]) if depth else np.empty(0)
    out_stop = (node_ptr[:-1] + with_out).astype(np.int64)
    out_seg = [
        out_node_ptr[a:b] - out_ptr[lv]
        for lv, (a, b) in enumerate(zip(node_ptr[:-1].tolist(), out_stop.tolist(), strict=True))
    ]
    out_node_all = np.flatnonzero(out_degree > 0).astype(np.int64)
    in_from_finish, in_to_finish = link_flags(dep_type[in_edge])
    out_from_finish, out_to_finish = link_flags(dep_type[out_edge])
    return LevelPlan(
        order=order,
        position=position,
        node_ptr=node_ptr,
        in_src=position[src[in_edge]],
        in_dst=np.repeat(positions, in_degree),
        in_from_finish=in_from_finish,
        in_to_finish=in_to_finish,
        in_lag=lag[in_edge],
        in_ptr=in_ptr,
        in_seg=in_seg,
        out_src=np.repeat(positions, out_degree),
        out_dst=position[dst[out_edge]],
        out_from_finish=out_from_finish,
        out_to_finish=out_to_finish,
        out_lag=lag[out_edge],
        out_ptr=out_ptr,
        out_seg=out_seg,
        out_stop=out_stop,
        out_seg_all=out_node_ptr[out_node_all],
        out_node_all=out_node_all,
        in_edge=in_edge,
        out_edge=out_edge,
    )


def _check_horizon(duration: FloatArray, lag: FloatArray, earliest: FloatArray) -> None:
    """Raise `horizon_too_long` unless every schedule of these arrays ends by MAX_PERIODS units.

    The bound sum(d) + sum(max(lag, 0)) + max(earliest start) holds for any schedule without
    waiting for resources, and is what arrays sized by time start from; checking it here
    keeps a typo (a duration of 99999999999) from sizing one.
    """
    values = (duration, lag, earliest)
    if not all(np.isfinite(v).all() for v in values):
        message = "a duration, lag or start bound is not a finite number"
        raise ProjectError([Diagnostic(Code.horizon_too_long, message)])
    top = float(earliest.max()) if earliest.size else 0.0
    horizon = float(np.abs(duration).sum() + np.maximum(lag, 0.0).sum()) + max(top, 0.0)
    if horizon > MAX_PERIODS:
        message = (
            f"the plan could run {horizon:.0f} units (all durations and lags added); "
            f"steerco plans at most {MAX_PERIODS}"
        )
        raise ProjectError([Diagnostic(Code.horizon_too_long, message)])


def network_from_arrays(
    ids: list[str],
    duration: FloatArray,
    src: IntArray,
    dst: IntArray,
    dep_type: NDArray[np.int8] | None = None,
    lag: FloatArray | None = None,
    *,
    names: list[str] | None = None,
    parents: list[str | None] | None = None,
    milestone: NDArray[np.bool_] | None = None,
    earliest_start: FloatArray | None = None,
    latest_finish: FloatArray | None = None,
    summaries: list[SummaryNode] | None = None,
    unit: TimeUnit = "period",
    project: str = "",
    start: dt.date | None = None,
    deadline: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    resource_ids: list[str] | None = None,
    capacity: FloatArray | None = None,
    demand: FloatArray | None = None,
    costs: CostTable | None = None,
    currency: str = "USD",
    progress: NetworkProgress | None = None,
    calendars: TaskCalendars | None = None,
    axis: TimeAxis = "working",
) -> Network:
    """Build a Network from plain arrays (raises CycleError naming a cycle, if any)."""
    n = len(ids)
    src = np.ascontiguousarray(src, dtype=np.int64)
    dst = np.ascontiguousarray(dst, dtype=np.int64)
    m = src.size
    dep_type = dep_type if dep_type is not None else np.zeros(m, dtype=np.int8)
    lag = np.ascontiguousarray(lag, dtype=np.float64) if lag is not None else np.zeros(m)
    earliest_start = earliest_start if earliest_start is not None else np.zeros(n)
    _check_horizon(np.asarray(duration, dtype=np.float64), lag, earliest_start)
    successors = csr(n, src)
    # Within a level, nodes with successors come first, so the backward pass updates a slice.
    no_successor = np.diff(successors.ptr) == 0
    order, level = topological_order(n, src, dst, out_edges=successors, last=no_successor)
    if order.size < n:
        cycle = [ids[i] for i in find_cycle(src, dst, level)]
        shown = " -> ".join([*cycle, cycle[0]])
        raise CycleError(
            [Diagnostic(Code.dependency_cycle, f"dependency cycle: {shown}")],
            cycle=(*cycle, cycle[0]),
        )
    return Network(
        ids=ids,
        names=names if names is not None else list(ids),
        parents=parents if parents is not None else [None] * n,
        milestone=milestone if milestone is not None else np.zeros(n, dtype=bool),
        duration=np.ascontiguousarray(duration, dtype=np.float64),
        src=src,
        dst=dst,
        dep_type=dep_type,
        lag=lag,
        earliest_start=earliest_start,
        latest_finish=latest_finish if latest_finish is not None else np.full(n, np.inf),
        level=level,
        plan=_level_plan(order, level, src, dst, dep_type, lag, successors),
        successors=successors,
        summaries=summaries or [],
        unit=unit,
        project=project,
        start=start,
        deadline=deadline,
        calendar=calendar,
        resource_ids=resource_ids or [],
        capacity=capacity if capacity is not None else np.zeros(0),
        demand=demand if demand is not None else np.zeros((n, 0)),
        costs=costs,
        currency=currency,
        progress=progress,
        calendars=calendars,
        axis=axis,
    )


def relinked(network: Network, keep: NDArray[np.bool_], lag: FloatArray, **changes: Any) -> Network:
    """`network` with only the links `keep` (their lags from `lag`) and `changes` to its fields.

    The topological levels and pass plans are rebuilt for the links kept; every other
    field is the network's own unless `changes` replaces it.
    """
    graph = network_from_arrays(
        network.ids, network.duration, network.src[keep], network.dst[keep],
        network.dep_type[keep], lag[keep],
    )  # fmt: skip
    return replace(
        network,
        src=graph.src,
        dst=graph.dst,
        dep_type=graph.dep_type,
        lag=graph.lag,
        level=graph.level,
        plan=graph.plan,
        successors=graph.successors,
        **_kept_calendars(network, keep),
        **changes,
    )


def _on_axis(costs: CostTable | None, calendars: TaskCalendars | None) -> CostTable | None:
    """Costs on a calendar-day axis: overheads accrue on the project's working days only."""
    if costs is None or calendars is None:
        return costs
    worked = calendars.count[0].astype(np.float64)  # calendar 0: the project's own
    return replace(costs, worked=worked)


def _axis_calendar(project: Project, every_day: bool) -> Calendar:
    """The calendar of the time axis: the project's, or every day when a task needs that."""
    if not every_day:
        return project.calendar
    return Calendar(workdays=WEEKDAYS, hours_per_day=project.calendar.hours_per_day)


def _task_calendars(
    project: Project,
    leaves: list[Task],
    links: list[tuple[int, int, Dependency, Any]],
    calendar: WorkCalendar,
    every_day: bool,
    duration: FloatArray,
    lag: FloatArray,
) -> TaskCalendars | None:
    """Each leaf's calendar over the axis (None when all work every unit of it)."""
    away = any(
        r.workdays is not None or r.leave or r.calendar is not None for r in project.resources
    )
    if not every_day and not away and all(leaf.calendar is None for leaf in leaves):
        return None  # no calendar but the project's: nothing to compile
    hours, per_week = project.calendar.hours_per_day, project.days_per_week
    high = np.array(
        [
            project.units(leaf.estimate.high.in_days(hours, per_week))
            if leaf.estimate is not None
            else 0.0
            for leaf in leaves
        ]
    )
    reach = plan_reach(duration, high, lag, 0.0)
    elapsed = np.array([dep.lag.elapsed for _, _, dep, _ in links], dtype=bool)
    src = np.array([p for p, _, _, _ in links], dtype=np.int64)
    dst = np.array([s for _, s, _, _ in links], dtype=np.int64)
    return project_calendars(
        project, calendar, every_day=every_day, need=reach, src=src, dst=dst, plain_lag=elapsed
    )


def _lags(
    links: list[tuple[int, int, Dependency, Any]],
    duration: FloatArray,
    units: Callable[[WorkTime], float],
) -> FloatArray:
    """Each link's lag in whole units: its working or elapsed time, or its percentage.

    A percent lag is pct / 100 of the predecessor leaf's duration (a link from a summary
    expands to one per leaf, each with that leaf's own duration), rounded to whole units
    as every lag is (half to even: 50% of 3d is 2d in a day project; 36h in an hour one).
    """
    lag = np.empty(len(links), dtype=np.float64)
    for e, (p, _, dep, _) in enumerate(links):
        if dep.lag_percent is not None:
            lag[e] = float(round(dep.lag_percent / 100.0 * float(duration[p])))
        else:
            lag[e] = units(dep.lag)
    return lag


def _kept_calendars(network: Network, keep: NDArray[np.bool_]) -> dict[str, Any]:
    """The network's task calendars for the links `keep` (nothing when it has none)."""
    if network.calendars is None:
        return {}
    return {"calendars": network.calendars.link_kept(keep)}


def compile_project(project: Project) -> Network:
    """Compile a (valid) project into its Network: leaves, expanded links, constraints.

    A task sized in story points alone has no working time to plan: `points_need_history`
    (`steerco.model.points`; a points history gives it a duration first).
    """
    leaves, links = leaf_links(project)
    if any(leaf.points is not None for leaf in leaves):
        unsized = points_need_history(project)
        if unsized:
            raise ProjectError(unsized)
    pinned = pinned_leaves(leaves)
    if project.start is not None and project.unit != "period" and pinned.any():
        links = [link for link in links if not pinned[link[1]]]  # nothing moves a pinned task
    n = len(leaves)
    index = {leaf.id: i for i, leaf in enumerate(leaves)}
    hours = project.calendar.hours_per_day
    per_week = project.days_per_week

    def units(amount: float) -> float:
        return float(round(project.units(amount)))

    def lag_units(amount: WorkTime) -> float:
        return units(amount.in_days(hours, per_week))

    def booked(amount: float) -> float:
        """A duration in whole units: a fraction of an hour (hour projects) books the hour."""
        return float(math.ceil(project.units(amount) - 1e-9))

    calendar = None
    every_day = every_day_axis(project)
    if project.start is not None and project.unit != "period":
        hours_per_unit_day = int(hours) if project.unit == "hour" else 1
        dates = constraint_dates(project)
        calendar = work_calendar(
            _axis_calendar(project, every_day),
            project.start,
            until=max([*dates, project.deadline or project.start]),
            hours_per_unit_day=hours_per_unit_day,
        )
    epics = epic_days(project)  # a task delivered by an epic: the P50 of its forecast
    duration = np.array(
        [
            0.0
            if leaf.milestone
            else booked(epics[leaf.id])
            if leaf.id in epics
            else booked(leaf.planned.in_days(hours, per_week))
            for leaf in leaves
        ],
        dtype=np.float64,
    )
    parents: list[str | None] = [None] * n
    summaries: list[SummaryNode] = []
    for placed in project.placed_tasks():
        task = placed.task
        leaf_ids = [index[leaf.id] for leaf in task.leaves()]
        if task.children:
            summaries.append(
                SummaryNode(task.id, task.name, placed.parent, leaf_ids[0], leaf_ids[-1] + 1)
            )
        else:
            parents[index[task.id]] = placed.parent
    if calendar is not None and pinned.any():
        _, _, pin_duration = pinned_spans(leaves, calendar, None)
        duration = np.where(pinned, pin_duration, duration)
    src = np.fromiter((p for p, _, _, _ in links), dtype=np.int64, count=len(links))
    dst = np.fromiter((s for _, s, _, _ in links), dtype=np.int64, count=len(links))
    dep_type = np.array([DEPENDENCY_TYPES.index(dep.type) for _, _, dep, _ in links], np.int8)
    lag = _lags(links, duration, lag_units)
    resource_ids = [resource.id for resource in project.resources]
    column = {rid: k for k, rid in enumerate(resource_ids)}
    demand = np.zeros((n, len(resource_ids)))
    for i, leaf in enumerate(leaves):
        for need in leaf.demands:
            if need.resource is not None:
                demand[i, column[need.resource]] += need.units
    calendars = None
    earliest, latest = np.zeros(n), np.full(n, np.inf)
    if calendar is not None:
        calendars = _task_calendars(project, leaves, links, calendar, every_day, duration, lag)
        if pinned.any():  # the working time between the pinned dates, on the task's calendar
            pin_start, pin_finish, pin_duration = pinned_spans(leaves, calendar, calendars)
            duration = np.where(pinned, pin_duration, duration)
            lag = _lags(links, duration, lag_units)
        earliest, latest = constraint_bounds(project, leaves, calendar, duration, calendars)
        if pinned.any():
            earliest = np.where(pinned, pin_start, earliest)
            latest = np.where(pinned, pin_finish, latest)
    network = network_from_arrays(
        [leaf.id for leaf in leaves],
        duration,
        src,
        dst,
        dep_type,
        lag,
        names=[leaf.name for leaf in leaves],
        parents=parents,
        milestone=np.array([leaf.milestone for leaf in leaves], dtype=bool),
        earliest_start=earliest,
        latest_finish=latest,
        summaries=summaries,
        unit=project.unit,
        project=project.name,
        start=project.start,
        deadline=project.deadline,
        calendar=calendar,
        resource_ids=resource_ids,
        capacity=np.array([r.capacity for r in project.resources], dtype=np.float64),
        demand=demand,
        costs=_on_axis(cost_table(project), calendars if every_day else None),
        currency=project.currency,
        calendars=calendars,
        axis="calendar" if calendar is not None and every_day else "working",
    )
    if project.progress.status_date is None:
        return network
    from steerco.schedule.status import apply_progress, network_progress

    return apply_progress(network, network_progress(project, network))
