"""Single points of failure: skills that only one person has, weighted by the work that needs them.

A person is a single point of failure for a skill when they are the only one who qualifies
for some of the work that demands it (at that work's level), or the only one who has the
skill at all. The weight is the person-days of the work only they can do; a skill only one
person has and no task demands weighs 0 and is listed last.
"""

from __future__ import annotations

from dataclasses import dataclass

from steerco.people.coverage import SkillNeed
from steerco.people.matrix import SkillsMatrix

__all__ = ["SinglePoint", "single_points_of_failure"]


@dataclass(frozen=True)
class SinglePoint:
    """`person` alone has `skill` at the level some work needs: `work` person-days of it."""

    skill: str
    person: str
    level: int
    min_level: int
    """The lowest level at which only this person qualifies (1 for an undemanded skill)."""
    work: float
    tasks: list[str]


def single_points_of_failure(matrix: SkillsMatrix, needs: list[SkillNeed]) -> list[SinglePoint]:
    """Every (skill, person) pair with work only that person can do, most work first."""
    found: dict[tuple[str, str], SinglePoint] = {}
    for need in needs:
        holders = need.qualified
        if len(holders) != 1:
            continue
        key = (need.skill, holders[0])
        old = found.get(key)
        found[key] = SinglePoint(
            skill=need.skill,
            person=holders[0],
            level=matrix.level(holders[0], need.skill),
            min_level=min(need.min_level, old.min_level) if old else need.min_level,
            work=need.work + (old.work if old else 0.0),
            tasks=[
                *(old.tasks if old else []),
                *([need.task] if not old or need.task not in old.tasks else []),
            ],
        )
    for skill in matrix.skills:
        holders = matrix.holders(skill)
        if len(holders) == 1 and (skill, holders[0]) not in found:
            person = holders[0]
            found[(skill, person)] = SinglePoint(
                skill, person, matrix.level(person, skill), 1, 0.0, []
            )
    return sorted(found.values(), key=lambda s: (-s.work, s.skill, s.person))
