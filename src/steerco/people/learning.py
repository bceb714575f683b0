"""The learning plan: skill gaps by weighted gap, grouped by the practitioner's path, 30/60/90 days.

The path's stages come from `data/learning.yaml`. Each gap falls in the stage of its skill's
category; within a stage the largest importance x gap comes first. The 30/60/90-day plan
addresses the largest weighted gaps first, whatever their stage (the path's order breaks
ties): the first three for the first 30 days, the next three for days 31-60 and the next
three for days 61-90, with a staying-current habit (30), the certification step (60) and a
networking action (90).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.people.readiness import SkillScore
from steerco.people.skills import Taxonomy

__all__ = ["WINDOWS", "LearningPath", "LearningPlan", "LearningStage", "StagePlan", "learning_plan"]

WINDOWS = (30, 60, 90)
STEPS_PER_WINDOW = 3


class LearningStage(Model):
    """A stage of the path: the skill categories it grows, or fixed actions."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    categories: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


class LearningPath(Model):
    """The stages in the order a practitioner recommends."""

    stages: tuple[LearningStage, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_category_once(self) -> LearningPath:
        seen: set[str] = set()
        for stage in self.stages:
            for category in stage.categories:
                if category in seen:
                    raise PydanticCustomError(
                        "bad_value", "category '{c}' is in two stages", {"c": category}
                    )
                seen.add(category)
        return self

    def actions_of(self, stage_id: str) -> tuple[str, ...]:
        """The fixed actions of a stage (none when the stage does not exist)."""
        return next((s.actions for s in self.stages if s.id == stage_id), ())


@dataclass(frozen=True)
class Step:
    """Grow one skill from `level` to `required`, and how to start."""

    stage: str
    skill: str
    name: str
    level: int
    required: int
    priority: float
    action: str

    def text(self) -> str:
        """The step in words: 'Python: level 1 → 2. <first action>'."""
        return f"{self.name}: level {self.level} → {self.required}. {self.action}".strip()


@dataclass(frozen=True)
class StagePlan:
    """One stage of the path with its steps (skill gaps) or its actions."""

    id: str
    title: str
    steps: list[Step]
    actions: list[str]


@dataclass(frozen=True)
class LearningPlan:
    """The stages in order, and the concrete actions for the next 30, 60 and 90 days."""

    stages: list[StagePlan]
    days: dict[int, list[str]]


def learning_plan(
    gaps: list[SkillScore],
    path: LearningPath,
    taxonomy: Taxonomy,
    *,
    certification_lines: list[str],
    certification_step: str,
) -> LearningPlan:
    """Each stage's gaps (highest priority first); the 30/60/90 days take the largest first.

    Days: steps sorted by (-priority, the stage's place on the path, -weight, skill id).
    """
    stages: list[StagePlan] = []
    ordered: list[Step] = []
    for stage in path.stages:
        steps = [
            Step(
                stage=stage.id,
                skill=g.skill,
                name=taxonomy.label(g.skill),
                level=g.level,
                required=g.required,
                priority=g.priority,
                action=taxonomy.skills[g.skill].learn,
            )
            for g in sorted(gaps, key=lambda g: (-g.priority, -g.weight, g.skill))
            if g.category in stage.categories
        ]
        ordered.extend(steps)
        actions = list(stage.actions)
        if stage.id == "certifications":
            actions = list(certification_lines)
        stages.append(StagePlan(stage.id, stage.title, steps, actions))
    place = {stage.id: k for k, stage in enumerate(path.stages)}
    weight = {g.skill: g.weight for g in gaps}
    ordered.sort(key=lambda s: (-s.priority, place[s.stage], -weight[s.skill], s.skill))
    days: dict[int, list[str]] = {}
    fixed = {
        30: path.actions_of("staying-current")[:1],
        60: (certification_step,) if certification_step else (),
        90: path.actions_of("networking")[:1],
    }
    for k, window in enumerate(WINDOWS):
        chunk = ordered[k * STEPS_PER_WINDOW : (k + 1) * STEPS_PER_WINDOW]
        days[window] = [step.text() for step in chunk] + list(fixed[window])
    return LearningPlan(stages, days)
