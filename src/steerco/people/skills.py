"""The skills taxonomy: categories, skills, levels 0-5, lookup by id, name or alias; matching.

Names match ignoring case, spaces, underscores and hyphens, so "PyTorch", "pytorch" and
"py_torch" are the same skill. A name that matches nothing gets a did-you-mean suggestion.

The one skills matcher of steerco lives here: `canonical_project` resolves every skill name
of a project through the taxonomy once (the project loader does it for every command), and
`qualifies` decides whether a person or a role pool can serve a demand. Validation,
scheduling, costs, staffing and the team view all call these two; nothing else compares
skill names or levels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, closest, did_you_mean, warning
from steerco.model import Demand, Project, Resource, Task
from steerco.model.base import Model
from steerco.model.project import DeclaredSkill

__all__ = [
    "LEVELS",
    "PROJECT_CATEGORY",
    "Skill",
    "SkillCategory",
    "Taxonomy",
    "canonical_project",
    "chosen_among",
    "name_key",
    "qualified",
    "qualifies",
    "same_skill_twice",
    "skill_level",
    "unknown_skills",
]

LEVELS = range(6)
PROJECT_CATEGORY = "project"
"""The category of the skills a project file declares under `skills:`."""
_SEPARATORS = re.compile(r"[\s_\-]+")


def name_key(name: str) -> str:
    """The form names are compared in: lower case, without spaces, underscores or hyphens."""
    return _SEPARATORS.sub("", name.strip().lower())


class SkillCategory(Model):
    """A group of skills that role profiles weight as one (leadership, tools...)."""

    name: str = Field(min_length=1)
    description: str = ""


class Skill(Model):
    """One skill: display name, category, other names for it and a first step to learn it."""

    name: str = Field(min_length=1)
    category: str
    aliases: tuple[str, ...] = ()
    learn: str = ""


class Taxonomy(Model):
    """Every skill steerco knows, by id, with the meaning of each level 0-5."""

    levels: dict[int, str]
    categories: dict[str, SkillCategory]
    skills: dict[str, Skill]
    _index: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Taxonomy:
        if sorted(self.levels) != list(LEVELS):
            raise PydanticCustomError("bad_value", "levels must describe each of 0 to 5")
        index: dict[str, str] = {}
        for skill_id, skill in self.skills.items():
            if skill.category not in self.categories:
                raise PydanticCustomError(
                    "bad_value",
                    "skill '{skill}' is in unknown category '{category}'",
                    {"skill": skill_id, "category": skill.category},
                )
            for name in (skill_id, skill.name, *skill.aliases):
                key = name_key(name)
                if index.get(key, skill_id) != skill_id:
                    raise PydanticCustomError(
                        "bad_value",
                        "name '{name}' stands for two skills, '{a}' and '{b}'",
                        {"name": name, "a": index[key], "b": skill_id},
                    )
                index[key] = skill_id
        self._index = index
        return self

    def lookup(self, name: str) -> str | None:
        """The id of the skill `name` stands for (its id, name or an alias), or None."""
        return self._index.get(name_key(name))

    def suggest(self, name: str) -> str | None:
        """The id of the skill whose id, name or alias is closest to `name`, if any is close."""
        return closest(name_key(name), self._index)

    def category_of(self, skill_id: str) -> str:
        """The category id of a known skill."""
        return self.skills[skill_id].category

    def label(self, skill_id: str) -> str:
        """The display name of a skill id, or the id itself for a skill it does not know."""
        skill = self.skills.get(skill_id)
        return skill.name if skill is not None else skill_id

    def canonical(self, name: str) -> str:
        """The skill id for `name` when known, else `name` as written."""
        return self.lookup(name) or name

    def declaring(self, declared: tuple[DeclaredSkill, ...]) -> Taxonomy:
        """The taxonomy with a project's declared skills added, in category `project`.

        A declared id, name or alias that already stands for a skill (of the taxonomy or
        declared before it) raises a ProjectError at `("skills", i)`.
        """
        if not declared:
            return self
        problems: list[Diagnostic] = []
        index = dict(self._index)
        skills = dict(self.skills)
        for i, skill in enumerate(declared):
            names = [n for n in (skill.id, skill.name, *skill.aliases) if name_key(n)]
            clash = next((n for n in names if name_key(n) in index), None)
            if clash is not None:
                taken = index[name_key(clash)]
                where = "steerco's skills taxonomy" if taken in self.skills else "`skills:`"
                message = (
                    f"skill {clash!r} is already in {where} as {taken!r}: "
                    f"name it as {taken!r} in `skills` of people and demands, and drop it here"
                )
                problems.append(Diagnostic(Code.duplicate_id, message, ("skills", i)))
                continue
            index.update(dict.fromkeys(map(name_key, names), skill.id))
            skills[skill.id] = Skill(
                name=skill.label(), category=PROJECT_CATEGORY, aliases=skill.aliases
            )
        if problems:
            raise ProjectError(problems)
        category = SkillCategory(
            name="Project skills", description="declared by the project file under `skills:`"
        )
        return Taxonomy(
            levels=self.levels,
            categories={**self.categories, PROJECT_CATEGORY: category},
            skills=skills,
        )

    def unknown_message(self, name: str) -> str:
        """Say that `name` is not a known skill, with a did-you-mean when one is close."""
        hint = did_you_mean(name_key(name), self._index)
        return f"skill {name!r} is not in steerco's skills taxonomy{hint}"


_DECLARE = " (a skill of the project's own? declare it under the project's `skills:`)"


def unknown_skills(project: Project, taxonomy: Taxonomy) -> list[Diagnostic]:
    """Warnings for the skill names of people and demands that the taxonomy does not know.

    Skill names in project files are free-form, so these are warnings, never errors; the
    taxonomy is the one the project extends with its declared `skills`.
    """
    found: list[Diagnostic] = []
    for i, resource in enumerate(project.resources):
        for name in resource.skills:
            if taxonomy.lookup(name) is None:
                found.append(
                    warning(
                        Code.unknown_skill,
                        taxonomy.unknown_message(name) + _DECLARE,
                        ("resources", i, "skills", name),
                    )
                )
    for placed in project.placed_tasks():
        for j, demand in enumerate(placed.task.demands):
            if demand.skill is not None and taxonomy.lookup(demand.skill) is None:
                found.append(
                    warning(
                        Code.unknown_skill,
                        taxonomy.unknown_message(demand.skill) + _DECLARE,
                        (*placed.path, "demands", j, "skill"),
                    )
                )
    return found


def same_skill_twice(
    names: Iterable[str], taxonomy: Taxonomy, where: tuple[str | int, ...]
) -> list[Diagnostic]:
    """`duplicate_key` at each name that stands for a skill an earlier name already gave.

    `Python` and `python`, `PyTorch` and `py_torch`, or a skill and one of its aliases are
    one skill: listed twice, which level holds? (Taking the higher one silently made a
    level-1 person qualify at 5.) A name the taxonomy does not know is compared by
    `name_key`, as `skill_level` matches it. Each diagnostic's path is `(*where, name)`.
    """
    first: dict[str, str] = {}
    found: list[Diagnostic] = []
    for name in names:
        skill = taxonomy.lookup(name) or name_key(name)
        earlier = first.setdefault(skill, name)
        if earlier != name:
            message = (
                f"skills {earlier!r} and {name!r} are one skill, {taxonomy.canonical(name)!r}: "
                "list it once, with one level"
            )
            found.append(Diagnostic(Code.duplicate_key, message, (*where, name)))
    return found


def _merged(skills: dict[str, int], taxonomy: Taxonomy) -> dict[str, int]:
    return {taxonomy.canonical(name): level for name, level in skills.items()}


def _task(task: Task, taxonomy: Taxonomy) -> Task:
    demands = tuple(
        d.revised(skill=canonical)
        if d.skill is not None and (canonical := taxonomy.canonical(d.skill)) != d.skill
        else d
        for d in task.demands
    )
    children = tuple(_task(child, taxonomy) for child in task.children)
    if _same(demands, task.demands) and _same(children, task.children):
        return task
    return task.revised(demands=demands, children=children)


def canonical_project(project: Project, taxonomy: Taxonomy) -> Project:
    """The project with every known skill name written as its taxonomy id ("PyTorch" -> "pytorch").

    Then a demand for `facilitation` is met by a person with `training` (an alias), as the
    taxonomy promises; names it does not know stay as written. Applying it twice changes
    nothing. A person who lists one skill under two names (`Python` and `python`) raises a
    ProjectError (`duplicate_key`, at the second name; see `same_skill_twice`).
    """
    twice = [
        problem
        for i, resource in enumerate(project.resources)
        if len(resource.skills) > 1
        for problem in same_skill_twice(resource.skills, taxonomy, ("resources", i, "skills"))
    ]
    if twice:
        raise ProjectError(twice)
    resources = tuple(_resource(r, taxonomy) for r in project.resources)
    tasks = tuple(_task(t, taxonomy) for t in project.tasks)
    if _same(resources, project.resources) and _same(tasks, project.tasks):
        return project  # nothing to rename: no model to validate again
    return project.revised(resources=resources, tasks=tasks)


def _same(new: tuple[object, ...], old: tuple[object, ...]) -> bool:
    """Whether `new` holds the very objects of `old` (nothing was revised)."""
    return all(a is b for a, b in zip(new, old, strict=True))


def _resource(resource: Resource, taxonomy: Taxonomy) -> Resource:
    merged = _merged(resource.skills, taxonomy)
    if list(merged.items()) == list(resource.skills.items()):
        return resource
    return resource.revised(skills=merged)


def skill_level(resource: Resource, skill: str) -> int:
    """A resource's level in `skill` (0 when it does not list it), names compared by `name_key`."""
    key = name_key(skill)
    levels = [level for name, level in resource.skills.items() if name_key(name) == key]
    return max(levels, default=0)


def qualifies(resource: Resource, demand: Demand) -> bool:
    """Whether `resource` can serve `demand`: THE skills matcher of steerco.

    A named demand takes that resource only. Equipment serves named demands only. A role
    demand takes people whose `role` matches, or the `kind: role` pool with that id. A skill
    demand takes a person or a role pool with the skill at `min_level` or more (and at least
    1). Skill names are those of a `canonical_project` (aliases already resolved).
    """
    if demand.resource is not None:
        return resource.id == demand.resource
    if resource.kind == "equipment":
        return False
    if demand.role is not None and not (
        resource.role == demand.role or (resource.kind == "role" and resource.id == demand.role)
    ):
        return False
    if demand.skill is not None:
        return skill_level(resource, demand.skill) >= max(demand.min_level, 1)
    return True


def qualified(resources: Iterable[Resource], demand: Demand) -> list[Resource]:
    """The resources that can serve `demand` (see `qualifies`), in the order given."""
    return [r for r in resources if qualifies(r, demand)]


def chosen_among(project: Project, demand: Demand) -> bool:
    """Whether a demand is met by picking among qualified resources (not booked as named).

    Not a named resource, and not a demand by role alone for a `kind: role` pool of that id
    (the pool is booked as a whole).
    """
    if demand.resource is not None:
        return False
    pool = any(r.kind == "role" and r.id == demand.role for r in project.resources)
    return not (pool and demand.skill is None)
