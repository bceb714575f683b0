"""Staffing suggestions: whom to assign, whom to train, whom to hire.

Assignments are the people the resource-constrained scheduler's assignment optimisation
chose for each role or skill demand (`schedule.planner.plan_network`, which staffs role and
skill demands inside the levelling: CP-SAT picks who, warm-started from the heuristic). A
demand too few people qualify for, and work only one person can do, get a training
suggestion (the person closest to the level, 1 or 2 levels away) or a hire. Each hire is
tried: the project is planned again by the same optimisation with the hired people (as many as
the demand is short of, with its role and the skill at the level), and the staffing check runs
again on that project. A hire is suggested only when it cures what it was for (the demands are
staffable, or the work has a second person); otherwise it is listed as not suggested, with why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from steerco.model import Demand, Project, Resource
from steerco.people.coverage import Coverage
from steerco.people.matrix import SkillsMatrix
from steerco.people.skills import qualified
from steerco.people.spof import SinglePoint
from steerco.schedule.assign import unstaffable_demands
from steerco.schedule.network import Network, compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import PlanMethod, Unscheduled, plan_network

__all__ = [
    "Assignment",
    "Hire",
    "NoHire",
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
    """Hire `people` with `skill` at `level`; the plan with them, tried by the optimiser.

    `cures`: `unstaffable` (demands too few qualified for) or `single_point` (work only one
    person can do); `qualified_before`/`_after`: the fewest people who qualify for one of
    those demands, without and with the hire (re-checked on the project with the hire).
    """

    skill: str
    level: int
    people: int
    reason: str
    cures: str
    tasks: list[str]
    qualified_before: int
    qualified_after: int
    makespan_before: int | None
    makespan_after: int | None
    unstaffable_before: int
    unstaffable_after: int


@dataclass(frozen=True)
class NoHire:
    """A shortfall no hire is suggested for, and why."""

    skill: str
    level: int
    reason: str


@dataclass(frozen=True)
class Staffing:
    """Every suggestion of the team view; `no_hire`: shortfalls no hire was found to cure."""

    assign: list[Assignment]
    train: list[Training]
    hire: list[Hire]
    no_hire: list[NoHire]


def level_plan(
    project: Project, options: PlanOptions, *, explain: bool = True
) -> tuple[Network, Schedule | Unscheduled]:
    """Compile and plan a project with the resource-constrained scheduler (staffing included).

    `explain=False` skips explaining an infeasible plan (a what-if needs only the verdict).
    """
    network = compile_project(project)
    solve_options = SolveOptions(
        method=options.method,
        time_limit=options.time_limit,
        workers=options.workers,
        seed=options.seed,
        explain=explain,
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
        fit = sorted({r.id for d in chosen_for for r in qualified(project.resources, d)})
        needs = [_need_label(d.skill, d.role, d.min_level) for d in chosen_for]
        out.append(Assignment(leaf.id, needs, assigned, fit))
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


@dataclass(frozen=True)
class _Want:
    """A hire to try: whom, for which demands, and what it must cure."""

    skill: str
    level: int
    reason: str
    cures: str
    tasks: list[str]
    people: int
    role: str | None
    like: list[str]


def _demands_of(project: Project, tasks: list[str], skill: str) -> list[Demand]:
    """The demands for `skill` of the leaves `tasks`."""
    wanted = set(tasks)
    return [
        d
        for leaf in project.leaves()
        if leaf.id in wanted
        for d in leaf.demands
        if d.skill == skill
    ]


def _targets(project: Project, want: _Want) -> list[Demand]:
    """The demands the hire must cure: the row's, at its level, or all of the single point's."""
    found = _demands_of(project, want.tasks, want.skill)
    if want.cures == "single_point":
        return found
    return [d for d in found if max(d.min_level, 1) == want.level]


def _fewest(project: Project, demands: list[Demand]) -> int:
    """The fewest resources that qualify for one of `demands`."""
    return min((len(qualified(project.resources, d)) for d in demands), default=0)


def _cured(project: Project, want: _Want, demands: list[Demand]) -> bool:
    """Whether the staffing check on `project` (with the hire) finds the shortfall gone."""
    if want.cures == "unstaffable":
        left = unstaffable_demands(project)
        tasks = set(want.tasks)
        return not any(u.task in tasks and u.demand in demands for u in left)
    return _fewest(project, demands) >= 2


def _with_hire(project: Project, want: _Want, like: list[Resource]) -> Project:
    rates = [r.rate for r in like if r.rate is not None]
    hires = tuple(
        Resource(
            id=HIRE_ID if want.people == 1 else f"{HIRE_ID}-{n}",
            name=f"New hire ({want.skill})",
            role=want.role or (like[0].role if like else None),
            rate=rates[0] if rates else None,
            skills={want.skill: want.level},
        )
        for n in range(1, want.people + 1)
    )
    return project.revised(resources=(*project.resources, *hires))


def _short_demands(project: Project, row: Coverage) -> tuple[int, str | None]:
    """How many people the row's unstaffable demands are short of at most, and their role."""
    short = [
        u
        for u in unstaffable_demands(project)
        if u.demand.skill == row.skill and max(u.demand.min_level, 1) == row.min_level
    ]
    people = max((math.ceil(u.demand.units) - len(u.qualified) for u in short), default=1)
    roles = {u.demand.role for u in short}
    return max(people, 1), roles.pop() if len(roles) == 1 else None


def staffing_suggestions(
    project: Project,
    network: Network,
    plan: Schedule | Unscheduled,
    matrix: SkillsMatrix,
    rows: list[Coverage],
    singles: list[SinglePoint],
    options: PlanOptions,
) -> Staffing:
    """Assignments from the plan, then training and hires for short and single-person skills.

    Each hire is re-planned and re-checked with the hired people in the project; one that
    does not cure its shortfall goes to `no_hire` with the reason.
    """
    train: list[Training] = []
    wants: list[_Want] = []
    for row in rows:
        if row.covered:
            continue
        reason = (
            f"{', '.join(row.short)} need {row.units} at level {row.min_level}+; "
            f"{len(row.qualified)} qualify"
        )
        near = _closest(matrix, row.skill, row.min_level, set(row.qualified))
        if near is not None:
            train.append(Training(near[0], row.skill, near[1], row.min_level, reason))
            continue
        people, role = _short_demands(project, row)
        wants.append(
            _Want(
                row.skill,
                row.min_level,
                reason,
                "unstaffable",
                row.short,
                people,
                role,
                row.qualified,
            )
        )
    for single in singles:
        if single.work <= 0:
            continue
        tasks = ", ".join(single.tasks)
        reason = f"only {single.person} can do its {single.work:g} person-days ({tasks})"
        near = _closest(matrix, single.skill, single.min_level, {single.person})
        if near is not None:
            train.append(Training(near[0], single.skill, near[1], single.min_level, reason))
        elif all(w.skill != single.skill for w in wants):
            # the hire must serve every one of that work's demands: at the highest level
            levels = [max(d.min_level, 1) for d in _demands_of(project, single.tasks, single.skill)]
            wants.append(
                _Want(
                    single.skill,
                    max(levels, default=single.min_level),
                    reason,
                    "single_point",
                    single.tasks,
                    1,
                    None,
                    [single.person],
                )
            )
    what_if = PlanOptions(
        "auto" if options.method == "cpm" else options.method,
        options.time_limit,
        options.workers,
        options.seed,
    )
    base = plan if options.method != "cpm" else level_plan(project, what_if, explain=False)[1]
    tried: list[Hire] = []
    no_hire: list[NoHire] = []
    by_id = {r.id: r for r in project.resources}
    for want in wants[MAX_HIRES:]:
        if want.cures == "unstaffable":
            why = f"{want.reason}; not tried: steerco plans at most {MAX_HIRES} hires per run"
            no_hire.append(NoHire(want.skill, want.level, why))
    for want in wants[:MAX_HIRES]:
        demands = _targets(project, want)
        hired = _with_hire(project, want, [by_id[h] for h in want.like if h in by_id])
        if not _cured(hired, want, demands):
            why = (
                f"{want.reason}; {want.people} new "
                f"{'person' if want.people == 1 else 'people'} with {want.skill} at level "
                f"{want.level} would still leave it short, so no hire is suggested: "
                "change the demand (its role, level or units) or who the team has"
            )
            no_hire.append(NoHire(want.skill, want.level, why))
            continue
        _, after = level_plan(hired, what_if, explain=False)
        tried.append(
            Hire(
                skill=want.skill,
                level=want.level,
                people=want.people,
                reason=want.reason,
                cures=want.cures,
                tasks=want.tasks,
                qualified_before=_fewest(project, demands),
                qualified_after=_fewest(hired, demands),
                makespan_before=_makespan(base),
                makespan_after=_makespan(after),
                unstaffable_before=_unstaffable(base),
                unstaffable_after=_unstaffable(after),
            )
        )
    return Staffing(assignments(project, network, plan), train, tried, no_hire)
