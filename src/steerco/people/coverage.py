"""Coverage: the skills the project's tasks demand, how much work needs each, and who can do it.

Work is person-days: a demand's units x its task's duration in working days (hours divided
by the calendar's hours per day; periods count as days).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from steerco.model import Project
from steerco.people.matrix import SkillsMatrix
from steerco.people.skills import qualified
from steerco.schedule.network import Network

__all__ = ["Coverage", "SkillNeed", "coverage", "skill_needs", "work_days"]


@dataclass(frozen=True)
class SkillNeed:
    """One skill demand of one task: `units` people at `min_level` (1 at least) for `work` days.

    `qualified`: the people and role pools that can serve it (`people.skills.qualifies`, the
    matcher the scheduler uses too), in the project's order.
    """

    task: str
    skill: str
    min_level: int
    units: int
    work: float
    qualified: list[str]

    @property
    def staffable(self) -> bool:
        """Whether enough people qualify for it (the scheduler's test, the same numbers)."""
        return len(self.qualified) >= self.units


@dataclass(frozen=True)
class Coverage:
    """A skill at a level: the tasks that need it, their work, and who qualifies."""

    skill: str
    min_level: int
    tasks: list[str]
    work: float
    units: int
    """The most people any one of those tasks needs at once."""
    qualified: list[str]
    """Who can serve every one of those demands (a demand's role too, when it names one)."""
    short: list[str]
    """The tasks too few people qualify for: the scheduler leaves them unstaffable."""

    @property
    def covered(self) -> bool:
        """Whether every task of the row has as many qualified people as it needs at once."""
        return not self.short


def work_days(project: Project, units: float) -> float:
    """Working time in project units as working days (hours / hours per day)."""
    return units / project.calendar.hours_per_day if project.unit == "hour" else units


def skill_needs(project: Project, network: Network) -> list[SkillNeed]:
    """Every skill demand of the leaf tasks, in task order (`network` compiled from `project`)."""
    index = {tid: i for i, tid in enumerate(network.ids)}
    needs = []
    for leaf in project.leaves():
        duration = float(network.duration[index[leaf.id]])
        for demand in leaf.demands:
            if demand.skill is None:
                continue
            units = int(np.ceil(demand.units))
            needs.append(
                SkillNeed(
                    task=leaf.id,
                    skill=demand.skill,
                    min_level=max(demand.min_level, 1),
                    units=units,
                    work=demand.units * work_days(project, duration),
                    qualified=[r.id for r in qualified(project.resources, demand)],
                )
            )
    return needs


def _all_of(group: list[SkillNeed], order: list[str]) -> list[str]:
    """Who qualifies for every need of the group, in the matrix's order."""
    common = set(group[0].qualified).intersection(*(n.qualified for n in group[1:]))
    return [p for p in order if p in common]


def coverage(matrix: SkillsMatrix, needs: list[SkillNeed]) -> list[Coverage]:
    """Needs grouped by (skill, level), most work first, with the people who qualify."""
    groups: dict[tuple[str, int], list[SkillNeed]] = {}
    for need in needs:
        groups.setdefault((need.skill, need.min_level), []).append(need)
    rows = [
        Coverage(
            skill=skill,
            min_level=level,
            tasks=list(dict.fromkeys(n.task for n in group)),
            work=sum(n.work for n in group),
            units=max(n.units for n in group),
            qualified=_all_of(group, matrix.people),
            short=list(dict.fromkeys(n.task for n in group if not n.staffable)),
        )
        for (skill, level), group in groups.items()
    ]
    return sorted(rows, key=lambda c: (-c.work, c.skill, c.min_level))
