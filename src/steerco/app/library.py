"""The bundled libraries a project or profile file may name: skills and certifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from steerco.people.certifications import CertificationLibrary
    from steerco.people.skills import Taxonomy

__all__ = ["list_certifications", "list_skills"]


def list_skills() -> Taxonomy:
    """The bundled skills taxonomy: the skill ids (and names, aliases) the files accept."""
    from steerco.library.people import load_people_data

    return load_people_data().taxonomy


def list_certifications() -> CertificationLibrary:
    """The bundled certifications: the ids a profile's `certifications:` accepts."""
    from steerco.library.people import load_people_data

    return load_people_data().certifications
