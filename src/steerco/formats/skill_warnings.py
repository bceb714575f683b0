"""Locate the unknown-skill warnings of a project file (skill names are free-form, so warnings)."""

from __future__ import annotations

from pathlib import Path

from steerco.errors import Diagnostic
from steerco.formats.files import read_text
from steerco.formats.yaml_source import load_yaml
from steerco.library.people import locate
from steerco.model import Project
from steerco.people.skills import Taxonomy, unknown_skills

__all__ = ["skill_warnings"]


def skill_warnings(path: Path, project: Project, taxonomy: Taxonomy) -> list[Diagnostic]:
    """`unknown_skill` warnings for a valid project file, each at its line and column."""
    found = unknown_skills(project, taxonomy)
    if not found or path.suffix.lower() not in {".yaml", ".yml"}:
        return found
    _, locations = load_yaml(read_text(path), str(path))
    return locate(found, locations, str(path))
