"""The skills matrix: people x skills, levels 0-5, with names merged through the taxonomy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.model import Demand, Project, Resource
from steerco.people.skills import Taxonomy

__all__ = ["SkillsMatrix", "skills_matrix"]


@dataclass(frozen=True)
class SkillsMatrix:
    """`levels[p, s]` is person `people[p]`'s level in skill `skills[s]` (0 when not listed)."""

    people: list[str]
    skills: list[str]
    levels: NDArray[np.int64]

    def level(self, person: str, skill: str) -> int:
        """One person's level in one skill (0 when either is not in the matrix)."""
        if person not in self.people or skill not in self.skills:
            return 0
        return int(self.levels[self.people.index(person), self.skills.index(skill)])

    def holders(self, skill: str) -> list[str]:
        """The people who have `skill` at all (level 1 or more).

        Who qualifies for a demand is `people.skills.qualifies`'s to say, not the matrix's.
        """
        if skill not in self.skills:
            return []
        column = self.levels[:, self.skills.index(skill)]
        return [p for p, level in zip(self.people, column.tolist(), strict=True) if level >= 1]


def _is_team(resource: Resource) -> bool:
    return resource.kind != "equipment"


def _column_order(names: set[str], taxonomy: Taxonomy) -> list[str]:
    """Known skills in taxonomy order (by category, then file order), unknown ones after, sorted."""
    categories = list(taxonomy.categories)
    order = {sid: k for k, sid in enumerate(taxonomy.skills)}
    known = sorted(
        (n for n in names if n in taxonomy.skills),
        key=lambda n: (categories.index(taxonomy.category_of(n)), order[n]),
    )
    return known + sorted(n for n in names if n not in taxonomy.skills)


def skills_matrix(
    project: Project, taxonomy: Taxonomy, demands: tuple[Demand, ...] = ()
) -> SkillsMatrix:
    """People and role pools x skills of a canonical project; `demands` add their skills."""
    team = [r for r in project.resources if _is_team(r)]
    names = {s for r in team for s in r.skills} | {d.skill for d in demands if d.skill}
    skills = _column_order(names, taxonomy)
    levels = np.zeros((len(team), len(skills)), dtype=np.int64)
    column = {s: k for k, s in enumerate(skills)}
    for p, resource in enumerate(team):
        for skill, level in resource.skills.items():
            levels[p, column[skill]] = level
    return SkillsMatrix([r.id for r in team], skills, levels)
