"""The project file: YAML in, a valid Project out, every problem located in the file."""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, did_you_mean
from steerco.formats.files import read_text
from steerco.formats.locations import LocationMap
from steerco.formats.yaml_source import load_yaml
from steerco.model import Project

__all__ = ["diagnostics_from_validation", "load_project_yaml", "parse_project_yaml"]

_DATE_ERRORS = {
    "date_parsing",
    "date_from_datetime_parsing",
    "date_type",
    "date_from_datetime_inexact",
}
_PROGRESS_TASKS = ("progress", "tasks")
_TIME_FIELDS = {"duration", "lag", "low", "likely", "high"}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model class inside a (possibly nested) type annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    if isinstance(annotation, types.UnionType):  # pragma: no cover - covered by get_args
        return None
    return None


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class whose fields are valid keys at `loc` (a path into the document)."""
    model: type[BaseModel] | None = Project
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _model_in(field.annotation)
    return model


def _code_for(error: Any) -> Code:
    """Our code for one of pydantic's errors: its own type mapped, or our custom error's."""
    kind = str(error["type"])
    loc = error["loc"]
    if kind == "extra_forbidden":
        return Code.unknown_key
    if kind == "missing":
        return Code.missing_field
    if kind in _DATE_ERRORS:
        return Code.bad_date
    if kind in Code.__members__:  # a PydanticCustomError raised by the model's validators
        return Code(kind)
    if any(part in _TIME_FIELDS for part in loc if isinstance(part, str)):
        return Code.bad_duration
    return Code.bad_value


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's own loc parts (validator and union tags) that are not document keys."""
    return tuple(
        p for p in loc if isinstance(p, int) or ("[" not in p and p not in {"date", "str"})
    )


def diagnostics_from_validation(error: ValidationError) -> list[Diagnostic]:
    """Turn pydantic's errors into diagnostics with stable codes and model paths."""
    out: list[Diagnostic] = []
    for item in error.errors():
        loc = _clean_loc(item["loc"])
        code = _code_for(item)
        message = item["msg"]
        if code == "unknown_key":
            key = str(loc[-1]) if loc else ""
            model = _model_at(loc[:-1])
            choices = sorted(model.model_fields) if model is not None else []
            message = f"unknown key {key!r}{did_you_mean(key, choices)}"
        elif code == "missing_field":
            message = f"missing field {str(loc[-1])!r}" if loc else "missing field"
        elif item["type"] == "literal_error":
            message = f"{message}, got {item['input']!r}"
        out.append(Diagnostic(code, message, loc))
    return out


def _locate(
    diagnostics: list[Diagnostic], locations: LocationMap, file: str | None
) -> list[Diagnostic]:
    located = []
    for d in diagnostics:
        # A key that names something unknown (a key, or a task id in `progress`) is shown at
        # the key itself rather than at its value.
        on_key = d.code == "unknown_key" or (len(d.path) == 3 and d.path[:2] == _PROGRESS_TASKS)
        position = locations.find(d.path, prefer_key=on_key)
        line, column = position if position else (None, None)
        located.append(d.located(file, line, column))
    return located


def parse_project_yaml(text: str, file: str | None = None) -> Project:
    """Build a Project from YAML text; every problem found raises one located ProjectError."""
    data, locations = load_yaml(text, file)
    if not isinstance(data, dict):
        raise ProjectError(
            [
                Diagnostic(
                    Code.bad_value,
                    "a project file is a mapping with `name`, `start` and `tasks`",
                    (),
                    file,
                    1,
                    1,
                )
            ]
        )
    try:
        return Project.model_validate(data)
    except ValidationError as error:
        raise ProjectError(_locate(diagnostics_from_validation(error), locations, file)) from None
    except ProjectError as error:
        error.diagnostics = _locate(error.diagnostics, locations, file)
        error.args = (str(error),)
        raise


def load_project_yaml(path: Path) -> Project:
    """Read and validate a project file."""
    return parse_project_yaml(read_text(path), str(path))
