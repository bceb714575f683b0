"""Readiness for a role: the weighted share of the role's skill levels a person meets, and gaps.

readiness = sum over the role's skills s of w_s * min(level_s / required_s, 1), divided by
the sum of w_s, where w_s is the weight of skill s's category in the role (out of 10) and
level_s the person's level (0 when they do not list the skill). A gap is
required_s - level_s when positive; gaps rank by importance x gap, w_s * (required_s - level_s).
"""

from __future__ import annotations

from dataclasses import dataclass

from steerco.people.profile import Profile
from steerco.people.roles import RoleLibrary
from steerco.people.skills import Taxonomy

__all__ = ["FORMULA", "Readiness", "SkillScore", "ranked_gaps", "readiness"]

FORMULA = (
    "readiness = Σ w_s × min(level_s / required_s, 1) / Σ w_s, "
    "w_s = the weight of skill s's category (out of 10)"
)
GAP_FORMULA = "priority = w_s × (required_s − level_s)"


@dataclass(frozen=True)
class SkillScore:
    """One skill of a role against a person: weight, levels, share met, gap and priority."""

    skill: str
    category: str
    weight: float
    required: int
    level: int

    @property
    def met(self) -> float:
        """min(level / required, 1)."""
        return min(self.level / self.required, 1.0)

    @property
    def gap(self) -> int:
        """Levels missing: max(required - level, 0)."""
        return max(self.required - self.level, 0)

    @property
    def priority(self) -> float:
        """Importance x gap: weight * gap."""
        return self.weight * self.gap


@dataclass(frozen=True)
class Readiness:
    """How ready a person is for a role, skill by skill, with their experience beside it."""

    role: str
    score: float
    skills: list[SkillScore]
    experience_months: tuple[int, int]
    """(the person's, the role's typical)."""
    leading_months: tuple[int, int]

    @property
    def weighted_met(self) -> float:
        """Σ w_s × min(level_s / required_s, 1)."""
        return sum(s.weight * s.met for s in self.skills)

    @property
    def total_weight(self) -> float:
        """Σ w_s."""
        return sum(s.weight for s in self.skills)


def readiness(profile: Profile, role_id: str, roles: RoleLibrary, taxonomy: Taxonomy) -> Readiness:
    """Score a profile (skills already taxonomy ids) against a role; see the module docstring."""
    role = roles.roles[role_id]
    weights = roles.weights_of(role_id)
    scores = [
        SkillScore(
            skill=skill,
            category=taxonomy.category_of(skill),
            weight=weights[taxonomy.category_of(skill)],
            required=required,
            level=profile.skills.get(skill, 0),
        )
        for skill, required in role.skills.items()
    ]
    total = sum(s.weight for s in scores)
    score = sum(s.weight * s.met for s in scores) / total
    return Readiness(
        role=role_id,
        score=score,
        skills=scores,
        experience_months=(profile.experience_months, role.experience_months),
        leading_months=(profile.leading_months, role.leading_months),
    )


def ranked_gaps(result: Readiness) -> list[SkillScore]:
    """The skills below the role's level, largest importance x gap first (then weight, id)."""
    gaps = [s for s in result.skills if s.gap > 0]
    return sorted(gaps, key=lambda s: (-s.priority, -s.weight, s.skill))
