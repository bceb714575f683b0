"""Staffing suggestions: whom to assign, whom to train, whom to hire.

Assignments are the people the resource-constrained scheduler's assignment optimisation
chose for each role or skill demand (`schedule.planner.plan_network`, which staffs role and
skill demands inside the levelling: CP-SAT picks who, warm-started from the heuristic). A
demand too few people qualify for, and work only one person can do, get a training
suggestion (the person closest to the level, 1 or 2 levels away) or a hire. Each hire is
tried: the project is planned again by the same optimisation with one more person who has the
skill at the level, and the suggestion reports the makespan and staffing with and without them.
"""

from __future__ import annotations

from dataclasses import dataclass

from steerco.model import Project, Resource
from steerco.people.coverage import Coverage
from steerco.people.matrix import SkillsMatrix
from steerco.people.spof import SinglePoint
from steerco.schedule.network import Network, compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import PlanMethod, Unscheduled, plan_network

__all__ = [
    "Assignment",
    "Hire",
    "PlanOptions",
    "Staffing",
    "Training",
    "level_plan",
    "staffing_suggestions",
]

MAX_TRAINING_GAP = 2
MAX_HIRES = 3
HIRE_ID = "new-hire"


@dataclass(frozen=True)
class PlanOptions:
    """How the team view plans: the scheduling method, time limit per plan, workers and seed."""

    method: PlanMethod = "auto"
    time_limit: float = 10.0
    workers: int = 2
    seed: int = 0


@dataclass(frozen=True)
class Assignment:
    """The people chosen for a task's role and skill demands, and everyone who qualified."""

    task: str
    needs: list[str]
    assigned: list[str]
    qualified: list[str]


@dataclass(frozen=True)
class Training:
    """Train `person` in `skill` from `level` to `target`, and why."""

    person: str
    skill: str
    level: int
    target: int
    reason: str


@dataclass(frozen=True)
class Hire:
    """Hire someone with `skill` at `level`; the plan with them, tried by the optimiser."""

    skill: str
    level: int
    reason: str
    makespan_before: int | None
    makespan_after: int | None
    unstaffable_before: int
    unstaffable_after: int


@dataclass(frozen=True)
class Staffing:
    """Every suggestion of the team view."""

    assign: list[Assignment]
    train: list[Training]
    hire: list[Hire]


def level_plan(project: Project, options: PlanOptions) -> tuple[Network, Schedule | Unscheduled]:
    """Compile and plan a project with the resource-constrained scheduler (staffing included)."""
    network = compile_project(project)
    solve_options = SolveOptions(
        method=options.method,
        time_limit=options.time_limit,
        workers=options.workers,
        seed=options.seed,
    )
    plan = plan_network(network, project=project, options=solve_options)
    return network, plan


def _need_label(skill: str | None, role: str | None, level: int) -> str:
    parts = []
    if role is not None:
        parts.append(f"role {role}")
    if skill is not None:
        parts.append(f"skill {skill} at level {max(level, 1)}+")
    return " with ".join(parts)


def assignments(
    project: Project, network: Network, plan: Schedule | Unscheduled
) -> list[Assignment]:
    """Who the optimisation chose for each task's role and skill demands."""
    if not isinstance(plan, Schedule):
        return []
    index = {tid: i for i, tid in enumerate(network.ids)}
    rows = plan.leaf_resources()
    out = []
    for leaf in project.leaves():
        chosen_for = [d for d in leaf.demands if d.resource is None]
        if not chosen_for:
            continue
        named = {d.resource for d in leaf.demands if d.resource is not None}
        people = {r.id for r in project.resources if r.kind != "equipment"}
        assigned = sorted(r for r in rows[index[leaf.id]] if r in people and r not in named)
        qualified = sorted(
            {
                r.id
                for r in project.resources
                for d in chosen_for
                if r.kind != "equipment" and d.accepts(r)
            }
        )
        needs = [_need_label(d.skill, d.role, d.min_level) for d in chosen_for]
        out.append(Assignment(leaf.id, needs, assigned, qualified))
    return out


def _closest(
    matrix: SkillsMatrix, skill: str, target: int, exclude: set[str]
) -> tuple[str, int] | None:
    """The person (not excluded) nearest to `target` in `skill`, within MAX_TRAINING_GAP levels."""
    ranked = sorted(
        ((matrix.level(p, skill), p) for p in matrix.people if p not in exclude),
        key=lambda lp: (-lp[0], lp[1]),
    )
    for level, person in ranked:
        if level >= 1 and target - level <= MAX_TRAINING_GAP:
            return person, level
    return None


def _unstaffable(plan: Schedule | Unscheduled) -> int:
    return sum(1 for note in plan.notes if note.startswith("unstaffable"))


def _makespan(plan: Schedule | Unscheduled) -> int | None:
    return plan.makespan if isinstance(plan, Schedule) else None


def _with_hire(project: Project, skill: str, level: int, like: list[Resource]) -> Project:
    rates = [r.rate for r in like if r.rate is not None]
    hire = Resource(
        id=HIRE_ID,
        name=f"New hire ({skill})",
        role=like[0].role if like else None,
        rate=rates[0] if rates else None,
        skills={skill: level},
    )
    return project.revised(resources=(*project.resources, hire))


def staffing_suggestions(
    project: Project,
    network: Network,
    plan: Schedule | Unscheduled,
    matrix: SkillsMatrix,
    rows: list[Coverage],
    singles: list[SinglePoint],
    options: PlanOptions,
) -> Staffing:
    """Assignments from the plan, then training and hires for short and single-person skills."""
    train: list[Training] = []
    hires: list[tuple[str, int, str, list[str]]] = []
    for row in rows:
        if row.covered:
            continue
        reason = (
            f"{', '.join(row.tasks)} need {row.units} at level {row.min_level}+; "
            f"{len(row.qualified)} qualify"
        )
        near = _closest(matrix, row.skill, row.min_level, set(row.qualified))
        if near is not None:
            train.append(Training(near[0], row.skill, near[1], row.min_level, reason))
        else:
            hires.append((row.skill, row.min_level, reason, row.qualified))
    for single in singles:
        if single.work <= 0:
            continue
        tasks = ", ".join(single.tasks)
        reason = f"only {single.person} can do its {single.work:g} person-days ({tasks})"
        near = _closest(matrix, single.skill, single.min_level, {single.person})
        if near is not None:
            train.append(Training(near[0], single.skill, near[1], single.min_level, reason))
        elif all(h[0] != single.skill for h in hires):
            hires.append((single.skill, single.min_level, reason, [single.person]))
    what_if = PlanOptions(
        "heuristic" if options.method == "cpm" else options.method,
        options.time_limit,
        options.workers,
        options.seed,
    )
    base = plan if options.method != "cpm" else level_plan(project, what_if)[1]
    tried = []
    by_id = {r.id: r for r in project.resources}
    for skill, level, reason, holders in hires[:MAX_HIRES]:
        _, after = level_plan(
            _with_hire(project, skill, level, [by_id[h] for h in holders]), what_if
        )
        tried.append(
            Hire(
                skill,
                level,
                reason,
                _makespan(base),
                _makespan(after),
                _unstaffable(base),
                _unstaffable(after),
            )
        )
    return Staffing(assignments(project, network, plan), train, tried)
