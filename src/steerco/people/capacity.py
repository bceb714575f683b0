"""Capacity planning: FTE each role needs per month to hold the unlevelled plan, against its FTE.

needed(r, m) = person-days of role r's demands worked in month m under the plan's early dates
(the critical path, no resource limits), divided by the project's working days in m;
available(r, m) = the person-days the people of role r can work in m (capacity, less leave
and days off) over the same working days. A demand for a named person counts for that
person's role (their id when they have none); a role demand for its role; a skill demand
for the role of the people who qualify when they share one, else for the pool "skill NAME
LEVEL+", whose available FTE is that of the people who qualify (they count in their role too).
A project without dates has no months and no capacity plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.model import Demand, Project, Resource
from steerco.people.skills import qualified
from steerco.people.workload import availability, working_dates
from steerco.schedule.network import Network

__all__ = ["RoleMonth", "demand_role", "monthly_capacity", "role_of"]

_EPS = 1e-9


@dataclass(frozen=True)
class RoleMonth:
    """One role in one month: FTE needed by the plan and FTE available."""

    role: str
    month: str
    needed_fte: float
    available_fte: float

    @property
    def gap(self) -> float:
        """Needed minus available: positive when the role is short."""
        return self.needed_fte - self.available_fte


def role_of(resource: Resource) -> str:
    """The role a person or pool counts for: its `role`, else its id."""
    return resource.role or resource.id


def demand_role(project: Project, demand: Demand) -> tuple[str, list[Resource] | None] | None:
    """The role or pool a demand counts for, and the pool's members (None: the role's people).

    None for equipment.
    """
    if demand.resource is not None:
        resource = project.resource(demand.resource)
        return None if resource.kind == "equipment" else (role_of(resource), None)
    if demand.role is not None:
        return demand.role, None
    fit = qualified(project.resources, demand)
    roles = {role_of(r) for r in fit}
    if len(roles) == 1:
        return roles.pop(), None
    return f"skill {demand.skill} {max(demand.min_level, 1)}+", fit


def monthly_capacity(
    project: Project, network: Network, es: NDArray[np.float64]
) -> list[RoleMonth]:
    """Needed vs available FTE per role and month, for a plan with early starts `es`."""
    per_day = int(project.calendar.hours_per_day) if project.unit == "hour" else 1
    finish = np.rint(es + network.duration).astype(np.int64)
    days = max(-(-int(finish.max(initial=0)) // per_day), 1)
    dates = working_dates(network, days)
    if dates is None:
        return []
    index = {tid: i for i, tid in enumerate(network.ids)}
    needed: dict[str, NDArray[np.float64]] = {}
    pools: dict[str, list[Resource]] = {}
    for leaf in project.leaves():
        i = index[leaf.id]
        units = np.arange(round(float(es[i])), int(finish[i]), dtype=np.int64)
        for demand in leaf.demands:
            counted = demand_role(project, demand)
            if counted is None:
                continue
            role, members = counted
            if members is not None:
                pools[role] = members
            row = needed.setdefault(role, np.zeros(days, dtype=np.float64))
            np.add.at(row, units // per_day, demand.units / per_day)
    available: dict[str, NDArray[np.float64]] = {}
    for resource in project.resources:
        if resource.kind != "equipment":
            row = available.setdefault(role_of(resource), np.zeros(days, dtype=np.float64))
            row += availability(resource, dates, days)
    for pool, members in pools.items():
        available[pool] = sum(
            (availability(r, dates, days) for r in members), np.zeros(days, dtype=np.float64)
        )
    months = [f"{d.year:04d}-{d.month:02d}" for d in dates]
    labels = list(dict.fromkeys(months))
    position = np.array([labels.index(m) for m in months], dtype=np.int64)
    working = np.bincount(position, minlength=len(labels)).astype(np.float64)
    rows: list[RoleMonth] = []
    for role in sorted(set(needed) | set(available)):
        need = np.bincount(
            position, weights=needed.get(role, np.zeros(days)), minlength=len(labels)
        )
        have = np.bincount(
            position, weights=available.get(role, np.zeros(days)), minlength=len(labels)
        )
        rows.extend(
            RoleMonth(role, label, float(n / w), float(h / w))
            for label, n, h, w in zip(
                labels, need.tolist(), have.tolist(), working.tolist(), strict=True
            )
            if n > _EPS or h > _EPS
        )
    return rows
