"""The career assessment and the role comparison as JSON data; the assessment as HTML."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from steerco.people.career import Assessment
from steerco.people.library import PeopleData
from steerco.people.profile import Profile
from steerco.people.readiness import FORMULA, GAP_FORMULA, Readiness
from steerco.people.roles import SalaryBand

__all__ = ["assessment_object", "career_html", "json_text", "roles_object"]


def _salary(band: SalaryBand) -> dict[str, Any]:
    return {**band.model_dump(), "text": band.text()}


def _readiness(result: Readiness, data: PeopleData) -> dict[str, Any]:
    role = data.roles.roles[result.role]
    return {
        "role": result.role,
        "name": role.name,
        "level": role.level,
        "score": result.score,
        "weighted_met": result.weighted_met,
        "total_weight": result.total_weight,
        "experience_months": {
            "have": result.experience_months[0],
            "typical": result.experience_months[1],
        },
        "leading_months": {"have": result.leading_months[0], "typical": result.leading_months[1]},
        "salary": _salary(role.salary),
    }


def assessment_object(assessment: Assessment, profile: Profile, data: PeopleData) -> dict[str, Any]:
    """Everything `career assess` reports, as plain JSON data (see docs/people.md)."""
    taxonomy, certs = data.taxonomy, data.certifications
    target = assessment.target_readiness
    return {
        "profile": {
            "name": profile.name,
            "experience_months": profile.experience_months,
            "leading_months": profile.leading_months,
            "education": profile.education,
            "certifications": list(profile.certifications),
        },
        "target": assessment.target,
        "formula": FORMULA,
        "gap_formula": GAP_FORMULA,
        "readiness": [_readiness(r, data) for r in assessment.levels],
        "target_readiness": _readiness(target, data),
        "skills": [
            {
                "skill": s.skill,
                "name": taxonomy.label(s.skill),
                "category": s.category,
                "weight": s.weight,
                "required": s.required,
                "level": s.level,
                "met": s.met,
            }
            for s in target.skills
        ],
        "gaps": [
            {
                "skill": g.skill,
                "name": taxonomy.label(g.skill),
                "category": g.category,
                "weight": g.weight,
                "required": g.required,
                "level": g.level,
                "gap": g.gap,
                "priority": g.priority,
            }
            for g in assessment.gaps
        ],
        "learning_plan": {
            "stages": [
                {
                    "id": stage.id,
                    "title": stage.title,
                    "steps": [step.text() for step in stage.steps],
                    "actions": stage.actions,
                }
                for stage in assessment.plan.stages
            ],
            "days": {str(days): lines for days, lines in assessment.plan.days.items()},
        },
        "certifications": [
            {
                "id": a.eligibility.certification,
                "name": certs.certifications[a.eligibility.certification].name,
                "body": certs.certifications[a.eligibility.certification].body,
                "status": a.eligibility.status,
                "eligible": a.eligibility.status == "eligible",
                "for_target": a.for_target,
                "missing": a.eligibility.missing,
                "format": certs.certifications[a.eligibility.certification].format,
                "source": certs.certifications[a.eligibility.certification].source,
            }
            for a in assessment.certifications
        ],
    }


def roles_object(data: PeopleData) -> dict[str, Any]:
    """The role profiles side by side (`career roles --format json`)."""
    roles = data.roles
    return {
        "weights": roles.weights.model_dump(),
        "roles": [
            {
                "id": rid,
                "name": role.name,
                "track": role.track,
                "level": role.level,
                "experience_months": role.experience_months,
                "leading_months": role.leading_months,
                "salary": _salary(role.salary),
                "certifications": data.certifications.expand(role.certifications),
                "weights": roles.weights_of(rid),
                "skills": dict(role.skills),
            }
            for rid, role in roles.roles.items()
        ],
    }


def json_text(value: dict[str, Any]) -> str:
    """One line of JSON and a newline."""
    return json.dumps(value) + "\n"


def career_html(report: dict[str, Any]) -> str:
    """The assessment (from `assessment_object`) as one self-contained HTML page."""
    from jinja2 import Environment, select_autoescape

    page = resources.files("steerco.render").joinpath("career_page.html").read_text("utf-8")
    env = Environment(
        autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True
    )
    return env.from_string(page).render(r=report)
