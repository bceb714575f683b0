"""A resource-constrained scheduling problem in integers, built from a Network.

Times are working units from 0. Each task runs uninterrupted for its duration, unless
its network has task calendars: then its span depends on its start (`calendar_sgs.py`,
`finishes`). Links are minimum time lags between starts, by type: with a = 1 for FS/FF,
b = 1 for FF/SF, S_j >= S_i + a*d_i + lag - b*d_j. Each renewable resource k has a
capacity; some of it can be unavailable over intervals (leave, maintenance). Units may be
fractional in the project file; each resource is scaled by a factor that makes its
numbers integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.network import Network, link_flags
from steerco.types import IntArray

__all__ = ["Choice", "RcpspProblem", "Unavailability", "rcpsp_problem"]


@dataclass(frozen=True)
class Unavailability:
    """`units` of resource `resource` cannot be used over the units [start, end)."""

    resource: int
    start: int
    end: int
    units: int


@dataclass(frozen=True)
class Choice:
    """Task `task` needs `units` people chosen among `candidates` (resource indices).

    Each chosen person gives one unit of themselves for the whole task; `cost[m]` is what
    candidate m costs per working unit, used to prefer cheaper people on ties.
    """

    task: int
    candidates: tuple[int, ...]
    units: int
    cost: tuple[float, ...]
    label: str = ""


@dataclass(frozen=True)
class RcpspProblem:
    """Integer data of a resource-constrained project scheduling problem over a Network."""

    network: Network
    duration: IntArray
    release: IntArray
    due: IntArray
    capacity: IntArray
    demand: IntArray
    unavailable: tuple[Unavailability, ...]
    horizon: int
    resource_ids: list[str]
    scale: IntArray
    choices: tuple[Choice, ...] = ()

    @property
    def size(self) -> int:
        """Number of tasks."""
        return int(self.duration.size)

    @property
    def resources(self) -> int:
        """Number of renewable resources."""
        return int(self.capacity.size)

    def link_offset(self) -> IntArray:
        """Per link, c in S_j >= S_i + c: a*d_i + lag - b*d_j."""
        net = self.network
        a, b = (flag.astype(np.int64) for flag in link_flags(net.dep_type))
        offset: IntArray = (
            a * self.duration[net.src]
            + np.rint(net.lag).astype(np.int64)
            - b * self.duration[net.dst]
        )
        return offset

    def finishes(self, start: IntArray) -> IntArray:
        """Each task's finish from its start: S + d, or F_c(S, d) on task calendars."""
        cal = self.network.calendars
        if cal is None:
            plain: IntArray = start + self.duration
            return plain
        worked = cal.finish(cal.index, start.astype(np.float64), self.duration.astype(np.float64))
        result: IntArray = np.rint(worked).astype(np.int64)
        return result

    def availability(self, horizon: int | None = None) -> IntArray:
        """Capacity of each resource over time, shape (resources, horizon), leave removed."""
        horizon = self.horizon if horizon is None else horizon
        profile = np.repeat(self.capacity[:, None], horizon, axis=1)
        for gap in self.unavailable:
            profile[gap.resource, max(gap.start, 0) : min(gap.end, horizon)] -= gap.units
        result: IntArray = np.maximum(profile, 0)
        return result


def _integer_scale(values: list[float]) -> int:
    """The smallest factor (up to 1000) that makes every value an integer."""
    scale = 1
    for value in set(values):  # demands repeat (mostly 0 and 1): each value once
        if float(value).is_integer():
            continue
        denominator = Fraction(value).limit_denominator(1000).denominator
        scale = scale * denominator // np.gcd(scale, denominator)
    return int(min(scale, 1000))


def _calendar_chain(network: Network, duration: IntArray, release: IntArray) -> int:
    """The finish of all tasks one after another on their calendars, links and releases kept.

    Added to the plain horizon (which covers waiting for leave), it bounds every serial
    schedule of a plan whose tasks pause on their calendars' days off.
    """
    cal = network.calendars
    assert cal is not None
    finish = np.zeros(network.size, dtype=np.float64)
    start = np.zeros(network.size, dtype=np.float64)
    a, _ = link_flags(network.dep_type)
    on = cal.lag_on(np.arange(network.lag.size))
    by_target: list[list[int]] = [[] for _ in range(network.size)]
    for e, j in enumerate(network.dst.tolist()):
        by_target[j].append(e)
    t = 0.0
    for j in network.plan.order.tolist():
        lo = max(t, float(release[j]))
        for e in by_target[j]:
            i = int(network.src[e])
            x = finish[i] if a[e] else start[i]
            y = float(cal.shift(np.float64(x), np.float64(network.lag[e]), on[e]))
            lo = max(lo, y)  # a bound on the finish holds once the start is past it
        c = cal.index[j]
        start[j] = float(cal.snap(c, np.float64(lo), np.float64(duration[j])))
        finish[j] = float(cal.finish(c, np.float64(start[j]), np.float64(duration[j])))
        t = max(t, finish[j])
    return int(np.ceil(t)) + 1


def rcpsp_problem(
    network: Network,
    *,
    unavailable: tuple[Unavailability, ...] = (),
    demand: NDArray[np.float64] | None = None,
    capacity: NDArray[np.float64] | None = None,
    choices: tuple[Choice, ...] = (),
    horizon: int | None = None,
) -> RcpspProblem:
    """Integer problem data from a Network (its named-resource demands unless given).

    `horizon` overrides the default upper bound on the makespan (durations, lags and
    releases summed, plus the end of the last unavailability).
    """
    demand_f = network.demand if demand is None else demand
    capacity_f = network.capacity if capacity is None else capacity
    r = capacity_f.size
    scale = np.array(
        [
            _integer_scale(
                [float(capacity_f[k]), *demand_f[:, k].tolist()]
                + [u.units for u in unavailable if u.resource == k]
            )
            for k in range(r)
        ],
        dtype=np.int64,
    )
    duration = np.rint(network.duration).astype(np.int64)
    release = np.rint(np.maximum(network.earliest_start, 0)).astype(np.int64)
    due = np.where(np.isfinite(network.latest_finish), network.latest_finish, -1).astype(np.int64)
    positive_lags = np.maximum(np.rint(network.lag), 0).astype(np.int64).sum()
    latest_gap = max((u.end for u in unavailable), default=0)
    if horizon is None:
        horizon = int(release.max(initial=0) + duration.sum() + positive_lags + latest_gap + 1)
    if network.calendars is not None:
        horizon += _calendar_chain(network, duration, release)
    return RcpspProblem(
        network=network,
        duration=duration,
        release=release,
        due=due,
        capacity=np.rint(capacity_f * scale).astype(np.int64),
        demand=np.rint(demand_f * scale).astype(np.int64).reshape(duration.size, r),
        unavailable=tuple(
            Unavailability(u.resource, u.start, u.end, round(u.units * int(scale[u.resource])))
            for u in unavailable
        ),
        horizon=horizon,
        resource_ids=list(network.resource_ids),
        scale=scale,
        choices=choices,
    )
