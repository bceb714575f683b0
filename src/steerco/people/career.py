"""The career assessment: readiness per level, ranked gaps, a learning plan, certification advice.

Everything here is pure: it takes a resolved profile (`profile_check.resolve_profile`) and
the parsed data (`library.PeopleData`) and returns an `Assessment`.
"""

from __future__ import annotations

from dataclasses import dataclass

from steerco.people.certifications import Eligibility, eligibility
from steerco.people.learning import LearningPlan, learning_plan
from steerco.people.library import PeopleData
from steerco.people.profile import Profile
from steerco.people.readiness import Readiness, SkillScore, ranked_gaps, readiness

__all__ = ["Advice", "Assessment", "assess", "certification_advice", "default_target"]

_STATUS_ORDER = {"eligible": 0, "course": 1, "not_yet": 2, "held": 3}


@dataclass(frozen=True)
class Advice:
    """A certification checked against the profile, and whether the target role values it."""

    eligibility: Eligibility
    for_target: bool


@dataclass(frozen=True)
class Assessment:
    """Where a person stands against the AI project manager path and their target role."""

    target: str
    levels: list[Readiness]
    """Readiness for each level of the AI project manager path (entry, mid, senior)."""
    target_readiness: Readiness
    gaps: list[SkillScore]
    plan: LearningPlan
    certifications: list[Advice]


def default_target(profile: Profile, data: PeopleData) -> str:
    """The profile's target, else the first AI project manager level it is not fully ready for."""
    if profile.target is not None:
        return profile.target
    path = data.roles.path()
    for role_id in path:
        if readiness(profile, role_id, data.roles, data.taxonomy).score < 1.0:
            return role_id
    return path[-1]


def certification_advice(profile: Profile, target: str, data: PeopleData) -> list[Advice]:
    """Every certification checked: the target role's first, in its order; the rest by status."""
    library = data.certifications
    wanted = library.expand(data.roles.roles[target].certifications)
    advice = [
        Advice(eligibility(cid, cert, profile, library.courses), cid in wanted)
        for cid, cert in library.certifications.items()
    ]
    rank = {cid: k for k, cid in enumerate(wanted)}
    return sorted(
        advice,
        key=lambda a: (
            rank.get(a.eligibility.certification, len(rank)),
            _STATUS_ORDER[a.eligibility.status],
            a.eligibility.certification,
        ),
    )


def _certification_step(advice: list[Advice], data: PeopleData) -> str:
    """The one certification action for days 31-60: the target's first one within reach.

    Within reach: eligible now or after its required course; else the target's first one not held.
    """
    certs = data.certifications
    wanted = [a for a in advice if a.for_target and a.eligibility.status != "held"]
    reachable = [a for a in wanted if a.eligibility.status in {"eligible", "course"}]
    for a in (reachable or wanted)[:1]:
        cert = certs.certifications[a.eligibility.certification]
        if a.eligibility.status == "eligible":
            return f"Book the {cert.name} exam: you meet its prerequisites ({cert.format})"
        if a.eligibility.status == "course":
            course = a.eligibility.missing[0].removeprefix("the required course: ")
            return f"Take the {course} to sit the {cert.name}"
        return f"Work towards the {cert.name}: still needed {'; '.join(a.eligibility.missing)}"
    return "Keep your certifications current (PMI asks for 60 PDUs every three years for the PMP)"


def _certification_lines(advice: list[Advice], data: PeopleData) -> list[str]:
    certs = data.certifications.certifications
    lines = []
    for a in advice:
        if not a.for_target:
            continue
        e = a.eligibility
        name = certs[e.certification].name
        state = {
            "held": "held",
            "eligible": "eligible now",
            "course": "eligible after its required course",
            "not_yet": "not yet: " + "; ".join(e.missing),
        }[e.status]
        lines.append(f"{name}: {state}")
    return lines


def assess(profile: Profile, data: PeopleData, *, target: str | None = None) -> Assessment:
    """Assess a resolved profile against the path's levels and a target role (a role id)."""
    chosen = target or default_target(profile, data)
    levels = [readiness(profile, rid, data.roles, data.taxonomy) for rid in data.roles.path()]
    aimed = readiness(profile, chosen, data.roles, data.taxonomy)
    gaps = ranked_gaps(aimed)
    advice = certification_advice(profile, chosen, data)
    plan = learning_plan(
        gaps,
        data.learning,
        data.taxonomy,
        certification_lines=_certification_lines(advice, data),
        certification_step=_certification_step(advice, data),
    )
    return Assessment(chosen, levels, aimed, gaps, plan, advice)
