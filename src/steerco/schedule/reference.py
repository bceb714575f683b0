"""A plain-Python critical path method, one task at a time, to check and time `cpm` against.

Written for clarity, not speed: dictionaries keyed by task id and a
`graphlib.TopologicalSorter`, no NumPy. Times are points on the working-time axis;
a task with early start ES and duration d has early finish EF = ES + d.

Forward pass, in topological order: ES_j = max(0, SNET_j, max over links i -> j of the
link's bound on ES_j), where the bound of a link with lag L (negative L is a lead) is

    FS: EF_i + L        SS: ES_i + L        FF: EF_i + L - d_j        SF: ES_i + L - d_j

so that FS means ES_j >= EF_i + L, SS means ES_j >= ES_i + L, FF means EF_j >= EF_i + L
and SF means EF_j >= ES_i + L. The makespan M is the largest EF (0 for no tasks).

Backward pass, in reverse topological order: LF_i = min(M, LNLT_i, min over links
i -> j of the mirrored bound), where the mirrored bound of a link is

    FS: LS_j - L        SS: LS_j - L + d_i        FF: LF_j - L        SF: LF_j - L + d_i

and LS = LF - d. Total float TF = LS - ES (negative when a deadline cannot be met).
The free float of i is the min over links i -> j of (ES_j - the link's bound on ES_j),
or M - EF_i for a task without successors, but never more than max(TF_i, 0): a task
cannot use slack that the makespan does not allow. A task is critical when TF <= 0.
"""

from __future__ import annotations

import graphlib
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from steerco.codes import Code
from steerco.errors import CycleError, Diagnostic
from steerco.schedule.network import DEPENDENCY_TYPES, Network

__all__ = [
    "TIME_FIELDS",
    "Link",
    "ReferenceCpm",
    "ReferenceTimes",
    "TimeField",
    "reference_cpm",
    "reference_from_network",
]

Link = tuple[str, str, str, float]
TimeField = Literal["es", "ef", "ls", "lf", "total_float", "free_float"]
TIME_FIELDS: tuple[TimeField, ...] = ("es", "ef", "ls", "lf", "total_float", "free_float")


@dataclass(frozen=True)
class ReferenceTimes:
    """Early and late start and finish of one task, and its total and free float."""

    es: float
    ef: float
    ls: float
    lf: float
    total_float: float
    free_float: float

    @property
    def critical(self) -> bool:
        """Whether the task is critical: total float <= 0."""
        return self.total_float <= 0


@dataclass(frozen=True)
class ReferenceCpm(Mapping[str, ReferenceTimes]):
    """The times of every task by id, in the order the ids were given, and the makespan."""

    times: dict[str, ReferenceTimes]
    makespan: float

    def __getitem__(self, task_id: str) -> ReferenceTimes:
        return self.times[task_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.times)

    def __len__(self) -> int:
        return len(self.times)

    def column(self, name: TimeField) -> list[float]:
        """One field (`es`, `ef`, `ls`, `lf`, `total_float` or `free_float`) of every task."""
        return [getattr(times, name) for times in self.times.values()]


def _forward_bound(kind: str, lag: float, es_pred: float, d_pred: float, d_succ: float) -> float:
    """The lower bound a link puts on its successor's early start."""
    if kind == "FS":
        return es_pred + d_pred + lag
    if kind == "SS":
        return es_pred + lag
    if kind == "FF":
        return es_pred + d_pred + lag - d_succ
    if kind == "SF":
        return es_pred + lag - d_succ
    raise ValueError(f"unknown link type {kind!r}")


def _backward_bound(kind: str, lag: float, ls_succ: float, d_pred: float, d_succ: float) -> float:
    """The upper bound a link puts on its predecessor's late finish."""
    lf_succ = ls_succ + d_succ
    if kind == "FS":
        return ls_succ - lag
    if kind == "SS":
        return ls_succ - lag + d_pred
    if kind == "FF":
        return lf_succ - lag
    if kind == "SF":
        return lf_succ - lag + d_pred
    raise ValueError(f"unknown link type {kind!r}")


def _topological_order(ids: list[str], links: list[Link]) -> list[str]:
    """The ids in an order where every link goes forward (raises CycleError on a cycle)."""
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for task_id in ids:
        sorter.add(task_id)
    for pred, succ, _, _ in links:
        sorter.add(succ, pred)
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as error:
        cycle = tuple(str(task_id) for task_id in error.args[1])
        shown = " -> ".join(cycle)
        raise CycleError(
            [Diagnostic(Code.dependency_cycle, f"dependency cycle: {shown}")], cycle=cycle
        ) from None


def reference_cpm(
    ids: Iterable[str],
    duration: Mapping[str, float],
    links: Iterable[Link],
    earliest_start: Mapping[str, float] | None = None,
    latest_finish: Mapping[str, float] | None = None,
) -> ReferenceCpm:
    """Critical path of tasks `ids` with `links` (pred, succ, FS|SS|FF|SF, lag), task by task."""
    ids = list(ids)
    links = list(links)
    earliest = earliest_start or {}
    latest = latest_finish or {}
    order = _topological_order(ids, links)
    incoming: dict[str, list[Link]] = {task_id: [] for task_id in ids}
    outgoing: dict[str, list[Link]] = {task_id: [] for task_id in ids}
    for link in links:
        outgoing[link[0]].append(link)
        incoming[link[1]].append(link)

    es: dict[str, float] = {}
    for j in order:
        start = max(0.0, earliest.get(j, 0.0))
        for i, _, kind, lag in incoming[j]:
            start = max(start, _forward_bound(kind, lag, es[i], duration[i], duration[j]))
        es[j] = start
    ef = {task_id: es[task_id] + duration[task_id] for task_id in ids}
    makespan = max(ef.values(), default=0.0)

    ls: dict[str, float] = {}
    lf: dict[str, float] = {}
    for i in reversed(order):
        finish = min(makespan, latest.get(i, math.inf))
        for _, j, kind, lag in outgoing[i]:
            finish = min(finish, _backward_bound(kind, lag, ls[j], duration[i], duration[j]))
        lf[i] = finish
        ls[i] = finish - duration[i]

    times: dict[str, ReferenceTimes] = {}
    for i in ids:
        free = makespan - ef[i]
        if outgoing[i]:
            free = min(
                es[j] - _forward_bound(kind, lag, es[i], duration[i], duration[j])
                for _, j, kind, lag in outgoing[i]
            )
        total = ls[i] - es[i]
        times[i] = ReferenceTimes(
            es=es[i],
            ef=ef[i],
            ls=ls[i],
            lf=lf[i],
            total_float=total,
            free_float=min(free, max(total, 0.0)),
        )
    return ReferenceCpm(times, makespan)


def reference_from_network(
    network: Network, *, duration: Iterable[float] | None = None
) -> ReferenceCpm:
    """Run `reference_cpm` on a Network's ids, durations, links and constraints."""
    ids = list(network.ids)
    durations = network.duration.tolist() if duration is None else [float(d) for d in duration]
    links: list[Link] = [
        (ids[s], ids[t], DEPENDENCY_TYPES[k], lag)
        for s, t, k, lag in zip(
            network.src.tolist(),
            network.dst.tolist(),
            network.dep_type.tolist(),
            network.lag.tolist(),
            strict=True,
        )
    ]
    return reference_cpm(
        ids,
        dict(zip(ids, durations, strict=True)),
        links,
        earliest_start=dict(zip(ids, network.earliest_start.tolist(), strict=True)),
        latest_finish=dict(zip(ids, network.latest_finish.tolist(), strict=True)),
    )
