"""Check a profile against the data: skills, certifications, courses and the target must exist.

Unlike a project file, a profile's skill names must be known (the readiness maths needs their
categories): an unknown one is an error with a did-you-mean. Names are matched as in the
taxonomy (case, spaces, underscores and hyphens ignored) and returned as ids.
"""

from __future__ import annotations

from collections.abc import Callable

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, did_you_mean
from steerco.people.library import PeopleData
from steerco.people.profile import Profile
from steerco.people.skills import name_key, same_skill_twice

__all__ = ["certification_index", "resolve_profile", "role_index", "unknown_name"]


def unknown_name(what: str, name: str, index: dict[str, str]) -> str:
    """'no certification named X; did you mean Y?' (the hint when one is close)."""
    return f"no {what} named {name!r}{did_you_mean(name_key(name), index)}"


def certification_index(data: PeopleData) -> dict[str, str]:
    """Certification ids by `name_key` of their id and aliases."""
    index: dict[str, str] = {}
    for cid, cert in data.certifications.certifications.items():
        for name in (cid, *cert.aliases):
            index[name_key(name)] = cid
    return index


def role_index(data: PeopleData) -> dict[str, str]:
    """Role ids by `name_key` of their id."""
    return {name_key(rid): rid for rid in data.roles.roles}


def _resolve(
    names: tuple[str, ...],
    index: dict[str, str],
    problem: Callable[[int, str], Diagnostic],
    problems: list[Diagnostic],
) -> list[str]:
    """The ids of `names` (once each); an unknown name adds `problem(position, name)`."""
    found: list[str] = []
    for i, name in enumerate(names):
        known = index.get(name_key(name))
        if known is None:
            problems.append(problem(i, name))
        elif known not in found:
            found.append(known)
    return found


def resolve_profile(profile: Profile, data: PeopleData) -> Profile:
    """The profile with every name turned into its id; unknown names raise a ProjectError.

    Diagnostics carry model paths (`("skills", name)`); the reader adds the file location.
    """
    problems: list[Diagnostic] = []
    skills: dict[str, int] = {}
    for name, level in profile.skills.items():
        skill = data.taxonomy.lookup(name)
        if skill is None:
            message = data.taxonomy.unknown_message(name)
            problems.append(Diagnostic(Code.unknown_skill, message, ("skills", name)))
        else:
            skills[skill] = level
    problems += same_skill_twice(profile.skills, data.taxonomy, ("skills",))
    certs = certification_index(data)
    held = _resolve(
        profile.certifications,
        certs,
        lambda i, name: Diagnostic(
            Code.unknown_certification,
            unknown_name("certification", name, certs),
            ("certifications", i),
        ),
        problems,
    )
    courses = {name_key(c): c for c in data.certifications.courses}
    done = _resolve(
        profile.courses,
        courses,
        lambda i, name: Diagnostic(
            Code.unknown_course, unknown_name("course", name, courses), ("courses", i)
        ),
        problems,
    )
    target = profile.target
    if target is not None:
        target = role_index(data).get(name_key(target))
        if target is None:
            message = unknown_name("role", str(profile.target), role_index(data))
            problems.append(Diagnostic(Code.unknown_role, message, ("target",)))
    if problems:
        raise ProjectError(problems)
    return profile.revised(
        skills=skills, certifications=tuple(held), courses=tuple(done), target=target
    )
