"""A project file's skills taxonomy and its unknown-skill warnings, located in the file.

Skill names are free-form, so an unknown one is a warning; a project extends steerco's
taxonomy with the skills it declares under `skills:`.
"""

from __future__ import annotations

from pathlib import Path

from steerco.errors import Diagnostic, ProjectError
from steerco.formats.files import read_text
from steerco.formats.yaml_source import load_yaml
from steerco.library.people import locate
from steerco.model import Project
from steerco.people.skills import Taxonomy, unknown_skills

__all__ = ["project_taxonomy", "skill_warnings"]


def _located(path: Path, found: list[Diagnostic]) -> list[Diagnostic]:
    if not found or path.suffix.lower() not in {".yaml", ".yml"}:
        return found
    _, locations = load_yaml(read_text(path), str(path))
    return locate(found, locations, str(path))


def project_taxonomy(path: Path, project: Project, taxonomy: Taxonomy) -> Taxonomy:
    """`taxonomy` with the project's declared skills; a clash raises a located ProjectError."""
    try:
        return taxonomy.declaring(project.skills)
    except ProjectError as error:
        raise ProjectError(_located(path, error.diagnostics)) from None


def skill_warnings(path: Path, project: Project, taxonomy: Taxonomy) -> list[Diagnostic]:
    """`unknown_skill` warnings for a valid project file, each at its line and column."""
    return _located(path, unknown_skills(project, taxonomy))
