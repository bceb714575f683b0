"""Resource usage over time, and where a plan books a resource beyond what it can give.

Usage of resource k at unit t is what the tasks running then demand,
u_k(t) = sum_i d_ik [s_i <= t < s_i + p_i], built in one vectorised pass: +d_ik at s_i and
-d_ik at s_i + p_i (one `bincount` over all resources), then a cumulative sum along time.
Availability a_k(t) is the capacity less time off (leave, days a part-timer does not
work), never below 0. Resource k is over-allocated at t when u_k(t) > a_k(t); consecutive
such units form one `Overload`, with the most booked and the least available in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Overload",
    "OverloadSummary",
    "ResourceLimits",
    "availability_profile",
    "find_overloads",
    "summarise_overloads",
    "usage_profile",
    "worked_usage",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_TOLERANCE = 1e-9  # units: sums of fractional demands are compared with this slack


@dataclass(frozen=True)
class Overload:
    """Resource `resource` is booked beyond capacity over the units [start, end)."""

    resource: str
    start: int
    end: int
    booked: float
    capacity: float


@dataclass(frozen=True)
class OverloadSummary:
    """One resource's over-allocation in a plan, for people: how much, how bad, when.

    `units` counts the over-allocated units; `peak` is the most booked in any of them and
    `available` what was available in that interval; `first` and `last` the first and the
    last over-allocated unit.
    """

    resource: str
    units: int
    intervals: int
    peak: float
    available: float
    first: int
    last: int


@dataclass(frozen=True)
class ResourceLimits:
    """What each leaf books on each resource and what each resource can give, in plain units.

    `demand[i, k]`: units of resource k that leaf i books (named demands, and demands for a
    role counted against the role's pool); `capacity[k]`; time off as parallel arrays
    `off_resource`, `off_start`, `off_end` (units [start, end)) and `off_units`.
    """

    resource_ids: list[str]
    demand: FloatArray
    capacity: FloatArray
    off_resource: IntArray
    off_start: IntArray
    off_end: IntArray
    off_units: FloatArray

    def overloads(
        self, start: IntArray, duration: IntArray, worked: NDArray[np.bool_] | None = None
    ) -> list[Overload]:
        """Where a plan starting leaf i at `start[i]` books a resource beyond availability.

        `duration` is each leaf's span; with `worked` (leaves x units: whether leaf i works
        unit t, on task calendars), a leaf books its resources only on the units it works.
        """
        if not self.demand.size or not self.demand.any():
            return []
        horizon = max(int((start + duration).max(initial=0)), 1)
        if worked is None:
            used = np.round(usage_profile(start, duration, self.demand, horizon), 9)
        else:
            used = np.round(worked_usage(start, duration, self.demand, horizon, worked), 9)
        available = availability_profile(
            self.capacity,
            self.off_resource,
            self.off_start,
            self.off_end,
            self.off_units,
            horizon,
        )
        return find_overloads(self.resource_ids, used, available)


def usage_profile(
    start: IntArray, duration: IntArray, demand: NDArray[np.float64] | IntArray, horizon: int
) -> NDArray[np.float64]:
    """u[k, t] for t < horizon: what the tasks running at t demand of resource k.

    Integer demands give exact integers (as floats, exact below 2**53).
    """
    resources = demand.shape[1] if demand.ndim == 2 else 0
    width = horizon + 1
    task, kind = np.nonzero(demand)
    amount = demand[task, kind].astype(np.float64)
    first = np.clip(start[task], 0, horizon)
    stop = np.clip(start[task] + duration[task], 0, horizon)
    size = resources * width
    delta: FloatArray = np.asarray(
        np.bincount(kind * width + first, weights=amount, minlength=size), dtype=np.float64
    )
    delta -= np.bincount(kind * width + stop, weights=amount, minlength=size)
    used: FloatArray = np.cumsum(delta.reshape(resources, width), axis=1)[:, :horizon]
    return used


def worked_usage(
    start: IntArray,
    duration: IntArray,
    demand: NDArray[np.float64] | IntArray,
    horizon: int,
    worked: NDArray[np.bool_],
) -> FloatArray:
    """u[k, t]: what the leaves working at t demand (a leaf pausing at t books nothing)."""
    used = np.zeros((demand.shape[1], horizon), dtype=np.float64)
    for i in np.flatnonzero(demand.any(axis=1) & (duration > 0)).tolist():
        units = np.arange(max(int(start[i]), 0), min(int(start[i] + duration[i]), horizon))
        inside = units < worked.shape[1]
        units = units[~inside | worked[i, np.minimum(units, worked.shape[1] - 1)]]
        used[:, units] += demand[i][:, None]
    return used


def availability_profile(
    capacity: FloatArray,
    off_resource: IntArray,
    off_start: IntArray,
    off_end: IntArray,
    off_units: FloatArray,
    horizon: int,
) -> FloatArray:
    """a[k, t] for t < horizon: capacity of resource k less its time off, never below 0."""
    resources = capacity.size
    width = horizon + 1
    first = np.clip(off_start, 0, horizon)
    stop = np.clip(off_end, 0, horizon)
    size = resources * width
    delta: FloatArray = np.asarray(
        np.bincount(off_resource * width + first, weights=off_units, minlength=size),
        dtype=np.float64,
    )
    delta -= np.bincount(off_resource * width + stop, weights=off_units, minlength=size)
    off = np.cumsum(delta.reshape(resources, width), axis=1)[:, :horizon]
    available: FloatArray = np.maximum(capacity[:, None] - off, 0.0)
    return available


def find_overloads(
    resource_ids: Sequence[str], used: FloatArray, available: FloatArray
) -> list[Overload]:
    """Each run of consecutive units where `used` exceeds `available`, resource by resource."""
    resources, horizon = used.shape
    if not resources or not horizon:
        return []
    over = used > available + _TOLERANCE
    if not over.any():
        return []
    edges = np.diff(
        np.pad(over.astype(np.int8), ((0, 0), (1, 1))), axis=1
    )  # +1 where a run starts, -1 one past where it ends
    row, first = np.nonzero(edges == 1)
    _, stop = np.nonzero(edges == -1)
    # Reduce each run [first, stop) of its row over the flattened rows, padded by one column
    # so that no run ends past the last index.
    width = horizon + 1
    bounds = np.empty(2 * row.size, dtype=np.int64)
    bounds[0::2] = row * width + first
    bounds[1::2] = row * width + stop
    flat_used = np.pad(used, ((0, 0), (0, 1))).ravel()
    flat_available = np.pad(available, ((0, 0), (0, 1))).ravel()
    booked = np.maximum.reduceat(flat_used, bounds)[0::2]
    least = np.minimum.reduceat(flat_available, bounds)[0::2]
    columns = (row.tolist(), first.tolist(), stop.tolist(), booked.tolist(), least.tolist())
    return [
        Overload(resource_ids[k], a, b, most, cap)
        for k, a, b, most, cap in zip(*columns, strict=True)
    ]


def summarise_overloads(overloads: Sequence[Overload]) -> list[OverloadSummary]:
    """One summary per over-allocated resource, the most over-allocated units first."""
    found: dict[str, list[Overload]] = {}
    for over in overloads:
        found.setdefault(over.resource, []).append(over)
    summaries = []
    for resource, runs in found.items():
        worst = max(runs, key=lambda o: (o.booked, -o.capacity))
        summaries.append(
            OverloadSummary(
                resource=resource,
                units=sum(o.end - o.start for o in runs),
                intervals=len(runs),
                peak=worst.booked,
                available=worst.capacity,
                first=min(o.start for o in runs),
                last=max(o.end for o in runs) - 1,
            )
        )
    return sorted(summaries, key=lambda s: -s.units)
