"""Read a person's profile YAML: validated, names resolved to ids, every problem located."""

from __future__ import annotations

from pathlib import Path

from steerco.errors import ProjectError
from steerco.formats.files import read_text
from steerco.library.people import locate, parse_yaml_as
from steerco.people.library import PeopleData
from steerco.people.profile import Profile
from steerco.people.profile_check import resolve_profile

__all__ = ["load_profile", "parse_profile"]


def parse_profile(text: str, file: str | None, data: PeopleData) -> Profile:
    """Build a resolved Profile from YAML text; a bad profile raises a located ProjectError."""
    profile, locations = parse_yaml_as(text, file, Profile)
    try:
        return resolve_profile(profile, data)
    except ProjectError as error:
        raise ProjectError(locate(error.diagnostics, locations, file)) from None


def load_profile(path: Path, data: PeopleData) -> Profile:
    """Read and resolve a profile file."""
    return parse_profile(read_text(path), str(path), data)
