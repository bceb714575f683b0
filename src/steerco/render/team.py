"""The team view as one JSON object (`steerco team --format json`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from steerco.errors import Diagnostic
from steerco.people.skills import Taxonomy
from steerco.people.team import TeamView
from steerco.schedule.plan import Schedule

__all__ = ["team_json", "team_object"]


def _when(value: dt.date | int) -> str | int:
    return value.isoformat() if isinstance(value, dt.date) else value


def team_object(
    view: TeamView, taxonomy: Taxonomy, warnings: Sequence[Diagnostic]
) -> dict[str, Any]:
    """Every part of the team view as plain JSON data (see docs/people.md for the fields)."""
    plan, project, matrix = view.plan, view.project, view.matrix
    by_id = {r.id: r for r in project.resources}
    return {
        "project": project.name,
        "method": plan.method,
        "plan": plan.plan_name if isinstance(plan, Schedule) else None,
        "status": plan.status,
        "makespan": plan.makespan if isinstance(plan, Schedule) else None,
        "unit": project.unit,
        "people": [
            {
                "id": p,
                "name": by_id[p].label(),
                "kind": by_id[p].kind,
                "role": by_id[p].role,
                "capacity": by_id[p].capacity,
            }
            for p in matrix.people
        ],
        "skills": [
            {
                "id": s,
                "name": taxonomy.label(s),
                "category": taxonomy.category_of(s) if s in taxonomy.skills else None,
                "known": s in taxonomy.skills,
            }
            for s in matrix.skills
        ],
        "matrix": {
            p: {s: int(level) for s, level in zip(matrix.skills, row, strict=True) if level > 0}
            for p, row in zip(matrix.people, matrix.levels.tolist(), strict=True)
        },
        "coverage": [
            {
                "skill": c.skill,
                "min_level": c.min_level,
                "tasks": c.tasks,
                "work": c.work,
                "units": c.units,
                "qualified": c.qualified,
                "covered": c.covered,
            }
            for c in view.coverage
        ],
        "single_points_of_failure": [
            {
                "skill": s.skill,
                "person": s.person,
                "level": s.level,
                "min_level": s.min_level,
                "work": s.work,
                "tasks": s.tasks,
            }
            for s in view.single_points
        ],
        "workload": {
            person: [
                {
                    "week": _when(w.week),
                    "booked": w.booked,
                    "capacity": w.capacity,
                    "utilisation": w.utilisation,
                    "over": w.over,
                }
                for w in weeks
            ]
            for person, weeks in view.workload.people.items()
        },
        "over_allocations": [
            {"person": p, "week": _when(w.week), "booked": w.booked, "capacity": w.capacity}
            for p, w in view.workload.over_allocations()
        ],
        "capacity": [
            {
                "role": r.role,
                "month": r.month,
                "needed_fte": r.needed_fte,
                "available_fte": r.available_fte,
                "gap": r.gap,
            }
            for r in view.capacity
        ],
        "staffing": {
            "assign": [
                {"task": a.task, "needs": a.needs, "assigned": a.assigned, "qualified": a.qualified}
                for a in view.staffing.assign
            ],
            "train": [
                {
                    "person": t.person,
                    "skill": t.skill,
                    "level": t.level,
                    "target": t.target,
                    "reason": t.reason,
                }
                for t in view.staffing.train
            ],
            "hire": [
                {
                    "skill": h.skill,
                    "level": h.level,
                    "people": h.people,
                    "reason": h.reason,
                    "cures": h.cures,
                    "tasks": h.tasks,
                    "qualified_before": h.qualified_before,
                    "qualified_after": h.qualified_after,
                    "makespan_before": h.makespan_before,
                    "makespan_after": h.makespan_after,
                    "unstaffable_before": h.unstaffable_before,
                    "unstaffable_after": h.unstaffable_after,
                }
                for h in view.staffing.hire
            ],
            "no_hire": [
                {"skill": n.skill, "level": n.level, "reason": n.reason}
                for n in view.staffing.no_hire
            ],
        },
        "notes": list(plan.notes),
        "warnings": [w.format() for w in warnings],
    }


def team_json(view: TeamView, taxonomy: Taxonomy, warnings: Sequence[Diagnostic]) -> str:
    """The team view as one line of JSON and a newline."""
    return json.dumps(team_object(view, taxonomy, warnings)) + "\n"
