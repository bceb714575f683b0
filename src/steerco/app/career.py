"""Career use cases: assess a profile against the AI project manager path; compare roles.

Both read the bundled people data (taxonomy, roles, certifications, learning path), with
the salary bands of a local file in place of the bundled ones when one is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from steerco.codes import Code
from steerco.people.career import Assessment
from steerco.people.library import PeopleData
from steerco.people.profile import Profile

__all__ = ["CareerAssessment", "assess_career", "compare_roles", "people_data"]


@dataclass(frozen=True)
class CareerAssessment:
    """The assessment of a profile, the resolved profile and the data it was assessed against."""

    assessment: Assessment
    profile: Profile
    data: PeopleData


def people_data(*, salaries: Path | None = None) -> PeopleData:
    """The bundled people data, with the salary bands of `salaries` (a YAML file) if given."""
    from dataclasses import replace

    from steerco.library.people import load_people_data, load_salary_overrides

    data = load_people_data()
    if salaries is None:
        return data
    bands = load_salary_overrides(salaries, data)
    return replace(data, roles=data.roles.with_salaries(bands))


def assess_career(
    *, path: Path, target: str | None = None, salaries: Path | None = None
) -> CareerAssessment:
    """Read the profile at `path` and assess it: readiness per level, gaps, plan, certificates.

    `target` (a role id, matched ignoring case and separators) replaces the profile's own;
    an unknown one raises ProjectError `unknown_role` with a did-you-mean.
    """
    from steerco.errors import Diagnostic, ProjectError
    from steerco.formats.profile_yaml import load_profile
    from steerco.people.career import assess
    from steerco.people.profile_check import role_index, unknown_name
    from steerco.people.skills import name_key

    data = people_data(salaries=salaries)
    profile = load_profile(path, data)
    role = None
    if target is not None:
        roles = role_index(data)
        role = roles.get(name_key(target))
        if role is None:
            raise ProjectError([Diagnostic(Code.unknown_role, unknown_name("role", target, roles))])
    return CareerAssessment(assess(profile, data, target=role), profile, data)


def compare_roles(*, salaries: Path | None = None) -> PeopleData:
    """The role profiles to compare side by side (with local salary bands if given)."""
    return people_data(salaries=salaries)
