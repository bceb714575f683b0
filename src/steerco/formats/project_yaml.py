"""The project file: YAML in, a valid Project out, every problem located in the file."""

from __future__ import annotations

import re
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

__all__ = [
    "diagnostics_from_validation",
    "load_project_yaml",
    "parse_project_yaml",
    "sized_by_compute",
    "validate_project_data",
]

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


_SHAPES = {
    "Dependency": "a dependency: 'task', 'task SS', 'task FS+2d' or {task: a, type: FS, lag: 2d}",
    "Demand": "a demand: {resource: gpu, units: 2} or {role: ml_engineer}",
    "Task": "a task: a mapping with at least `id`, e.g. `- id: train`",
    "Resource": "a resource: a mapping with at least `id`, e.g. `- id: alice`",
    "Risk": "a risk: a mapping with `id`, `title` and `probability`",
    "Estimate": "an estimate: '3d..5d..10d' or {low: 3d, likely: 5d, high: 10d}",
    "DateRange": "a date or a range of dates: 2027-03-01 or '2027-03-01..2027-03-05'",
    "RiskAction": "an action: its text, or {action: ..., owner: ..., due: ...}",
    "Correlation": "a correlation: {between: [a, b], coefficient: 0.5}",
}
_FRACTIONS = {"probability", "coefficient"}
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def _shown(value: Any) -> str:
    """A value as the file would spell it, for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if _whole(value):
        return str(int(value))
    if isinstance(value, int) and abs(value) >= _LONG:
        return _long(value)
    return repr(value) if isinstance(value, str) else str(value)


_LONG = 10**15
"""From here on a whole number is shown in exponent form (1e+308), not in all its digits."""


def _whole(value: Any) -> bool:
    """A float to print as a whole number: 30.0 as 30, but 1e308 as 1e+308, not 309 digits."""
    return isinstance(value, float) and value.is_integer() and abs(value) < _LONG


def _long(value: int) -> str:
    """A long integer in a few characters: 1e+308, or its count of digits past a float's range."""
    try:
        return f"{float(value):g}"
    except OverflowError:
        return f"a number of {len(str(abs(value)))} digits"


def _number(value: Any) -> str:
    return str(int(value)) if _whole(value) else str(value)


def _bound_message(kind: str, item: Any, loc: tuple[str | int, ...]) -> str:
    """`must be at most 1, got 30`, with the fraction a percentage was meant as."""
    key, words = _BOUNDS[kind]
    bound = item.get("ctx", {}).get(key)
    value = item["input"]
    message = f"must be {words} {_number(bound)}, got {_shown(value)}"
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if field in _FRACTIONS and number and kind.startswith("less") and 1 < value <= 100:
        message += f"; it is a fraction from 0 to 1: for {_number(value)}% write {value / 100:g}"
    return message


def _message(item: Any, loc: tuple[str | int, ...]) -> str:
    """What to write instead, for one of pydantic's errors, in the project file's terms."""
    kind = str(item["type"])
    value = item["input"]
    ctx = item.get("ctx") or {}
    got = f", got {_shown(value)}"
    if kind in _DATE_ERRORS:
        if kind == "date_from_datetime_inexact" and not isinstance(value, int | float):
            return f"write a date without a time, as YYYY-MM-DD (e.g. 2027-03-01){got}"
        return f"write a date as YYYY-MM-DD, e.g. 2027-03-01{got}"
    if kind == "finite_number":
        return "write a finite number here: .inf and .nan are not numbers steerco can use"
    if kind in {"float_parsing", "float_type"}:
        if isinstance(value, int) and not isinstance(value, bool):  # past a float's range
            return f"write a number up to about 1.8e+308 here{got}"
        return f"write a number here{got}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"write a whole number here{got}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"write true or false here{got}"
    if kind == "string_type":
        if isinstance(value, dict | list):
            return f"write text here, not a {'mapping' if isinstance(value, dict) else 'list'}"
        return f"write text here; put a value YAML reads otherwise in quotes, e.g. '{value}'"
    if kind in {"tuple_type", "list_type"}:
        example = f"[{value}]" if isinstance(value, str | int | float) else "[a, b]"
        return f"write a list here, e.g. {example} or one `- item` per line{got}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        shape = _SHAPES.get(str(ctx.get("class_name", "")))
        return f"write {shape}{got}" if shape else f"write a mapping of `key: value` here{got}"
    if kind == "string_too_short":
        return "write some text here: it cannot be empty"
    if kind == "too_short":
        return f"write at least {ctx.get('min_length')} items here{got}"
    if kind in _BOUNDS:
        return _bound_message(kind, item, loc)
    if kind in {"literal_error", "enum"}:
        expected = str(ctx.get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"write one of {expected}{got}{hint}"
    message = str(item["msg"])
    return message.removeprefix("Value error, ")


def _glued_comma(loc: tuple[str | int, ...], data: Any) -> str:
    """A hint when an unknown key with no value follows text: a comma in an unquoted name.

    `{id: a, name: Train, tune, duration: 2}` reads as a key `tune` with no value.
    """
    mapping = data
    for part in loc[:-1]:
        try:
            mapping = mapping[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if not isinstance(mapping, dict) or loc[-1] not in mapping or mapping[loc[-1]] is not None:
        return ""
    keys = list(mapping)
    at = keys.index(loc[-1])
    if at == 0 or not isinstance(mapping[keys[at - 1]], str):
        return ""
    before = keys[at - 1]
    return (
        f"; if {loc[-1]!r} belongs to the text of {before!r}, quote it: "
        f'{before}: "{mapping[before]}, {loc[-1]}"'
    )


def diagnostics_from_validation(error: ValidationError, data: Any = None) -> list[Diagnostic]:
    """Turn pydantic's errors into diagnostics with stable codes, model paths and our wording.

    `data` is the document that was validated: with it, an unknown key that looks like the
    rest of an unquoted text (a comma inside a flow mapping) says so.
    """
    out: list[Diagnostic] = []
    for item in error.errors():
        loc = _clean_loc(item["loc"])
        code = _code_for(item)
        if code == "unknown_key":
            key = str(loc[-1]) if loc else ""
            model = _model_at(loc[:-1])
            choices = sorted(model.model_fields) if model is not None else []
            hint = _glued_comma(loc, data) if loc else ""
            message = f"unknown key {key!r}{hint or did_you_mean(key, choices)}"
        elif code == "missing_field":
            message = f"missing field {str(loc[-1])!r}" if loc else "missing field"
        elif item["type"] in Code.__members__:
            message = str(item["msg"])
        else:
            message = _message(item, loc)
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
    return validate_project_data(data, locations, file)


def validate_project_data(data: Any, locations: LocationMap, file: str | None = None) -> Project:
    """The Project that `data` (a loaded document) describes; problems located by `locations`.

    The step after reading the YAML: the model's validation, then each `compute` task's
    estimate. `data` is not changed.
    """
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
        project = Project.model_validate(data)
        return _with_compute(project) if sized_by_compute(project) else project
    except ValidationError as error:
        diagnostics = diagnostics_from_validation(error, data)
        raise ProjectError(_locate(diagnostics, locations, file)) from None
    except ProjectError as error:
        error.diagnostics = _locate(error.diagnostics, locations, file)
        error.args = (str(error),)
        raise


def sized_by_compute(project: Project) -> bool:
    """Whether some task is sized by `compute` (its estimate is derived once it is read)."""
    return any(task.compute is not None for task in project.all_tasks())


def _with_compute(project: Project) -> Project:
    """Each `compute` task with its three-point estimate, from the known accelerator types."""
    from steerco.library.accelerators import load_accelerators
    from steerco.schedule.compute import with_compute_estimates

    return with_compute_estimates(project, load_accelerators())


def load_project_yaml(path: Path) -> Project:
    """Read and validate a project file."""
    return parse_project_yaml(read_text(path), str(path))
