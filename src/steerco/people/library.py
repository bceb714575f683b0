"""The people data steerco ships (taxonomy, roles, certifications, learning path) as one bundle."""

from __future__ import annotations

from dataclasses import dataclass

from steerco.people.certifications import CertificationLibrary
from steerco.people.learning import LearningPath
from steerco.people.roles import RoleLibrary
from steerco.people.skills import Taxonomy

__all__ = ["PeopleData", "reference_problems"]


@dataclass(frozen=True)
class PeopleData:
    """The parsed data files of `steerco/data/` that the people functions read."""

    taxonomy: Taxonomy
    roles: RoleLibrary
    certifications: CertificationLibrary
    learning: LearningPath


def reference_problems(data: PeopleData) -> list[str]:
    """Names one data file uses that another does not define (empty when all resolve)."""
    problems: list[str] = []
    categories = set(data.taxonomy.categories)
    for category in data.roles.weights.categories:
        if category not in categories:
            problems.append(f"weights: unknown category {category!r}")
    missing = categories - set(data.roles.weights.categories)
    problems.extend(f"weights: no weight for category {c!r}" for c in sorted(missing))
    certs = data.certifications
    families = {c.family for c in certs.certifications.values() if c.family}
    for rid, role in data.roles.roles.items():
        problems.extend(
            f"roles.{rid}: unknown skill {s!r}"
            for s in role.skills
            if s not in data.taxonomy.skills
        )
        problems.extend(
            f"roles.{rid}: unknown certification {c!r}"
            for c in role.certifications
            if c not in certs.certifications and c not in families
        )
    for cid, cert in certs.certifications.items():
        for option in cert.options:
            problems.extend(
                f"certifications.{cid}: unknown certification {h!r}"
                for h in option.holds
                if h not in certs.certifications
            )
            if option.course is not None and option.course not in certs.courses:
                problems.append(f"certifications.{cid}: unknown course {option.course!r}")
    for stage in data.learning.stages:
        problems.extend(
            f"learning.{stage.id}: unknown category {c!r}"
            for c in stage.categories
            if c not in categories
        )
    return problems
