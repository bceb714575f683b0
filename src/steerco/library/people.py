"""Read the people data: the bundled taxonomy, roles, certifications, learning path; salaries.

Local salary overrides too. Every problem is a located diagnostic, as for project files.
"""

from __future__ import annotations

import typing
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, did_you_mean
from steerco.formats.files import read_text
from steerco.formats.locations import LocationMap
from steerco.formats.project_yaml import diagnostics_from_validation
from steerco.formats.yaml_source import load_yaml
from steerco.people.certifications import CertificationLibrary
from steerco.people.learning import LearningPath
from steerco.people.library import PeopleData, reference_problems
from steerco.people.profile_check import role_index, unknown_name
from steerco.people.roles import RoleLibrary, SalaryBand
from steerco.people.skills import Taxonomy, name_key

__all__ = [
    "load_people_data",
    "load_salary_overrides",
    "locate",
    "parse_salary_overrides",
    "parse_yaml_as",
]

T = TypeVar("T")
_KEYED = {"unknown_key", "unknown_skill", "unknown_role", "duplicate_key"}


def _model_at(root: Any, loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class whose fields are the valid keys at `loc` under the type `root`."""
    current: Any = root
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field is not None else None
            continue
        args = [a for a in typing.get_args(current) if a is not type(None) and a is not Ellipsis]
        current = args[-1] if args else None  # dict[str, X] / tuple[X, ...] / X | None -> X
    while current is not None and not (
        isinstance(current, type) and issubclass(current, BaseModel)
    ):
        args = [a for a in typing.get_args(current) if a is not type(None)]
        current = args[0] if args else None
    return current


def locate(
    diagnostics: list[Diagnostic], locations: LocationMap, file: str | None
) -> list[Diagnostic]:
    """Give each diagnostic the line and column of its path in the document."""
    out = []
    for d in diagnostics:
        # A name written as a mapping key (a person's skill) is located at the key; a value
        # (a demand's `skill: ...`) at the value.
        keyed = d.code in _KEYED and not (d.path and d.path[-1] == "skill")
        position = locations.find(d.path, prefer_key=keyed)
        line, column = position if position else (None, None)
        out.append(d.located(file, line, column))
    return out


def _explain(error: ValidationError, root: Any) -> list[Diagnostic]:
    """Pydantic's errors as diagnostics, unknown keys suggesting the keys of their own model."""
    out = []
    for d in diagnostics_from_validation(error):
        if d.code == "unknown_key" and d.path:
            model = _model_at(root, d.path[:-1])
            fields = {name_key(f): f for f in model.model_fields} if model is not None else {}
            hint = did_you_mean(name_key(str(d.path[-1])), fields)
            d = Diagnostic(d.code, f"unknown key {str(d.path[-1])!r}{hint}", d.path)
        out.append(d)
    return out


def parse_yaml_as(text: str, file: str | None, kind: Any) -> tuple[Any, LocationMap]:
    """Parse YAML text as `kind` (a model or a type); a problem raises a located ProjectError."""
    data, locations = load_yaml(text, file)
    if not isinstance(data, dict):
        raise ProjectError([Diagnostic(Code.bad_value, "expected a mapping", (), file, 1, 1)])
    try:
        value = TypeAdapter(kind).validate_python(data)
    except ValidationError as error:
        raise ProjectError(locate(_explain(error, kind), locations, file)) from None
    except ProjectError as error:
        raise ProjectError(locate(error.diagnostics, locations, file)) from None
    return value, locations


def _bundled(name: str, kind: type[T]) -> T:
    text = resources.files("steerco.data").joinpath(name).read_text(encoding="utf-8")
    value, _ = parse_yaml_as(text, f"steerco/data/{name}", kind)
    result: T = value
    return result


@lru_cache(maxsize=1)
def load_people_data() -> PeopleData:
    """The taxonomy, role profiles, certifications and learning path shipped with steerco."""
    data = PeopleData(
        taxonomy=_bundled("skills.yaml", Taxonomy),
        roles=_bundled("roles.yaml", RoleLibrary),
        certifications=_bundled("certifications.yaml", CertificationLibrary),
        learning=_bundled("learning.yaml", LearningPath),
    )
    problems = reference_problems(data)
    if problems:
        raise ProjectError([Diagnostic(Code.bad_value, p, (), "steerco/data") for p in problems])
    return data


def parse_salary_overrides(text: str, file: str | None, data: PeopleData) -> dict[str, SalaryBand]:
    """Salary bands by role id from YAML (`role-id: {min, max, currency, source, year}`)."""
    bands, locations = parse_yaml_as(text, file, dict[str, SalaryBand])
    roles = role_index(data)
    problems = [
        Diagnostic(Code.unknown_role, unknown_name("role", rid, roles), (rid,))
        for rid in bands
        if name_key(rid) not in roles
    ]
    if problems:
        raise ProjectError(locate(problems, locations, file))
    return {roles[name_key(rid)]: band for rid, band in bands.items()}


def load_salary_overrides(path: Path, data: PeopleData) -> dict[str, SalaryBand]:
    """Read a local salary file that replaces the bundled bands of the roles it names."""
    return parse_salary_overrides(read_text(path), str(path), data)
