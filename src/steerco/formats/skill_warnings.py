"""A project file's skills taxonomy, its unknown-skill warnings and staffing errors, located.

Skill names are free-form, so an unknown one is a warning; a project extends steerco's
taxonomy with the skills it declares under `skills:`. A demand too few people qualify for
is an error (`schedule.staffing_check`).
"""

from __future__ import annotations

from pathlib import Path

from steerco.errors import Diagnostic, ProjectError
from steerco.formats.files import read_text
from steerco.formats.yaml_source import load_yaml
from steerco.library.people import locate
from steerco.model import Project
from steerco.people.skills import Taxonomy, unknown_skills

__all__ = ["project_taxonomy", "skill_warnings", "unstaffable_errors"]


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


def unstaffable_errors(path: Path, project: Project) -> list[Diagnostic]:
    """`unstaffable_demand` errors of a loaded (canonical) project, each at its demand."""
    from steerco.schedule.staffing_check import staffing_errors  # not on every project load

    return _located(path, staffing_errors(project))
