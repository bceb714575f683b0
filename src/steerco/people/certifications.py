"""Certifications and their prerequisites, checked against a person's profile.

A certification lists options; a person is eligible when they meet every requirement of at
least one option. For an option not met, the shortfall says what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from steerco.model.base import Model
from steerco.people.profile import EDUCATION, Education, Profile

__all__ = [
    "Certification",
    "CertificationLibrary",
    "Course",
    "Eligibility",
    "Requirement",
    "eligibility",
    "shortfall",
]

Status = Literal["held", "eligible", "course", "not_yet"]


class Requirement(Model):
    """One way into a certification: every field given must be met (see certifications.yaml)."""

    education: Education | None = None
    experience_months: int = Field(default=0, ge=0)
    leading_months: int = Field(default=0, ge=0)
    agile_months: int = Field(default=0, ge=0)
    pm_education_hours: float = Field(default=0, ge=0)
    agile_education_hours: float = Field(default=0, ge=0)
    holds: tuple[str, ...] = Field(default=(), description="any one of these certifications")
    course: str | None = Field(default=None, description="a required course id")


class Course(Model):
    """A course a certification requires."""

    name: str = Field(min_length=1)
    hours: float = Field(ge=0)


class Certification(Model):
    """A certification: who issues it, what it certifies, its format, prerequisites and source."""

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    family: str | None = None
    body: str = Field(min_length=1)
    certifies: str = Field(min_length=1)
    format: str = Field(min_length=1)
    source: str = Field(min_length=1)
    year: int
    options: tuple[Requirement, ...] = Field(min_length=1)
    recommended: str = ""
    note: str = ""


class CertificationLibrary(Model):
    """Every certification by id, and the courses they require."""

    courses: dict[str, Course] = Field(default_factory=dict)
    certifications: dict[str, Certification] = Field(min_length=1)

    def expand(self, names: tuple[str, ...]) -> list[str]:
        """Certification ids for a list of ids and families (`cloud-ml`), in order, once each."""
        out: list[str] = []
        for name in names:
            members = (
                [name]
                if name in self.certifications
                else [cid for cid, c in self.certifications.items() if c.family == name]
            )
            out.extend(cid for cid in members if cid not in out)
        return out


def shortfall(requirement: Requirement, profile: Profile, courses: dict[str, Course]) -> list[str]:
    """What the profile lacks for one option, in words; empty when the option is met."""
    missing: list[str] = []
    if requirement.education is not None and EDUCATION.index(profile.education) < EDUCATION.index(
        requirement.education
    ):
        missing.append(f"a {requirement.education} degree or higher")
    for field, what in (
        ("experience_months", "months of professional experience"),
        ("leading_months", "months leading projects"),
        ("agile_months", "months on agile projects"),
        ("pm_education_hours", "contact hours of project management education"),
        ("agile_education_hours", "contact hours of agile training"),
    ):
        need = getattr(requirement, field)
        have = getattr(profile, field)
        if have < need:
            missing.append(f"{need - have:g} more {what} ({have:g} of {need:g})")
    if requirement.holds and not set(requirement.holds) & set(profile.certifications):
        missing.append("holding " + " or ".join(h.upper() for h in requirement.holds))
    if requirement.course is not None and requirement.course not in profile.courses:
        course = courses.get(requirement.course)
        missing.append(f"the required course: {course.name if course else requirement.course}")
    return missing


@dataclass(frozen=True)
class Eligibility:
    """Whether a person can sit a certification now and, if not, the smallest shortfall."""

    certification: str
    status: Status
    option: int | None
    """The option met (index into `options`), or the closest one when none is."""
    missing: list[str]


def eligibility(
    cert_id: str, certification: Certification, profile: Profile, courses: dict[str, Course]
) -> Eligibility:
    """Check a certification's options against a profile.

    `held` when the profile has it; `eligible` when an option is met; `course` when the only
    thing missing from the closest option is its required course; else `not_yet`.
    """
    if cert_id in profile.certifications:
        return Eligibility(cert_id, "held", None, [])
    gaps = [shortfall(option, profile, courses) for option in certification.options]
    best = min(range(len(gaps)), key=lambda k: (len(gaps[k]), k))
    if not gaps[best]:
        return Eligibility(cert_id, "eligible", best, [])
    only_course = len(gaps[best]) == 1 and certification.options[best].course is not None
    only_course = only_course and gaps[best][0].startswith("the required course")
    return Eligibility(cert_id, "course" if only_course else "not_yet", best, gaps[best])
