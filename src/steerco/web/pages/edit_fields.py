"""The fields of each editing form: how a stored value is shown, and how typed text is read.

A form shows every value as text (`shown`) and reads the text back into the JSON value
the project file writes (`parsed`): a duration `5d` stays text, a number becomes a number,
a comma list of ids a list, a three-point estimate `3d..5d..10d` stays its shorthand, a
nested value (a risk's impact) is a YAML flow mapping such as `{delay: 5d..10d..20d}`.
A field whose text is unchanged is not part of the edit, so an edit writes only what the
user changed. Text that cannot be read is a `FieldError` (code, field, message), located
like the CLI's diagnostics.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "COLLECTIONS",
    "FieldError",
    "FieldSpec",
    "fields_of",
    "flow",
    "parsed",
    "shown",
    "singular",
]

Kind = Literal[
    "text",
    "textarea",
    "number",
    "amount",
    "date",
    "bool",
    "choice",
    "task",
    "resource",
    "ids",
    "estimate",
    "demands",
    "yaml",
]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: the entity's key it writes, its label, how it is typed."""

    name: str
    label: str
    kind: Kind = "text"
    choices: tuple[str, ...] = ()
    create_only: bool = False
    required: bool = False
    hint: str = ""


@dataclass(frozen=True)
class FieldError:
    """Text of a field that cannot be read: a stable code, the field and why."""

    code: str
    field: str
    message: str


_TASK_FIELDS = (
    FieldSpec("id", "Id", create_only=True, required=True, hint="Unique, e.g. train-v2."),
    FieldSpec("parent", "Parent (summary task)", "task", create_only=True),
    FieldSpec("name", "Name"),
    FieldSpec("duration", "Duration", "amount", hint="Working time, e.g. 5d, 3w or 16h."),
    FieldSpec(
        "estimate", "Estimate", "estimate", hint="Three points low..likely..high: 3d..5d..10d."
    ),
    FieldSpec("milestone", "Milestone", "bool"),
    FieldSpec("deadline", "Deadline", "date"),
    FieldSpec("start_no_earlier_than", "Start no earlier than", "date"),
    FieldSpec(
        "demands", "Demands", "demands", hint="Resource ids, with units after a colon: ana, bo:0.5."
    ),
    FieldSpec("cost", "Fixed cost", "number"),
    FieldSpec("description", "Description", "textarea"),
)
_DEPENDENCY_FIELDS = (
    FieldSpec("successor", "Successor (this task waits)", "task", create_only=True, required=True),
    FieldSpec("predecessor", "Predecessor", "task", create_only=True, required=True),
    FieldSpec("type", "Type", "choice", ("FS", "SS", "FF", "SF"), hint="FS: finish to start."),
    FieldSpec("lag", "Lag", "amount", hint="Working time, e.g. 2d; negative for a lead."),
)
_RESOURCE_FIELDS = (
    FieldSpec("id", "Id", create_only=True, required=True, hint="Unique, e.g. ml-engineer-1."),
    FieldSpec("name", "Name", hint="A role, e.g. ML engineer 1."),
    FieldSpec("kind", "Kind", "choice", ("person", "role", "equipment")),
    FieldSpec("role", "Role"),
    FieldSpec("capacity", "Capacity", "number", hint="Units at once, e.g. 1 or 0.5."),
    FieldSpec("rate", "Rate", "amount", hint="Cost per working day, or per hour: 100/h."),
    FieldSpec("description", "Description", "textarea"),
)
_RISK_FIELDS = (
    FieldSpec("id", "Id", create_only=True, required=True, hint="Unique, e.g. r7."),
    FieldSpec("title", "Title", required=True),
    FieldSpec("probability", "Probability", "number", required=True, hint="0 to 1, e.g. 0.3."),
    FieldSpec("impact", "Impact", "yaml", hint="e.g. {delay: 5d..10d..20d, cost: 20000}."),
    FieldSpec("tasks", "Tasks it delays", "ids", hint="Task ids, comma separated."),
    FieldSpec("owner", "Owner", "resource"),
    FieldSpec(
        "status", "Status", "choice", ("open", "occurred", "closed"), hint="open by default."
    ),
    FieldSpec(
        "response",
        "Response",
        "choice",
        ("avoid", "mitigate", "transfer", "accept", "escalate"),
    ),
    FieldSpec("category", "Category", hint="e.g. data, model, genai, legal."),
    FieldSpec("proximity", "Could first occur on", "date"),
    FieldSpec("plan", "Contingency plan", "textarea"),
    FieldSpec("description", "Description", "textarea"),
)

COLLECTIONS: dict[str, tuple[FieldSpec, ...]] = {
    "tasks": _TASK_FIELDS,
    "dependencies": _DEPENDENCY_FIELDS,
    "resources": _RESOURCE_FIELDS,
    "risks": _RISK_FIELDS,
}
"""The collections the pages edit, and their forms' fields in order."""

_SINGULAR = {
    "tasks": "task",
    "dependencies": "dependency",
    "resources": "resource",
    "risks": "risk",
}


def singular(collection: str) -> str:
    """One entity of `collection`, in words (`tasks` -> `task`)."""
    return _SINGULAR.get(collection, collection)


def fields_of(collection: str, *, creating: bool) -> tuple[FieldSpec, ...]:
    """The fields a form for a new entity (`creating`) or an existing one shows as inputs."""
    specs = COLLECTIONS[collection]
    return specs if creating else tuple(spec for spec in specs if not spec.create_only)


_PLAIN = re.compile(r"^[A-Za-z0-9_][\w.\-/%+ ]*$")


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _scalar(value: Any) -> str:
    """A scalar in YAML flow text: plain where YAML reads it back as the same text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number_text(value)
    text = str(value)
    if _PLAIN.match(text) and text.strip() == text and _is_text(text):
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar: what YAML would not print raw is escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF
            or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _is_text(text: str) -> bool:
    """Whether YAML reads `text` back as this very string (not a number, a date, a bool)."""
    from ruamel.yaml import YAML

    try:
        return bool(YAML(typ="safe", pure=True).load(text) == text)
    except Exception:  # anything YAML cannot read back as text is quoted
        return False


def _three_points(value: Any) -> str | None:
    """`low..likely..high` for an estimate with the default distribution, else None."""
    if (
        isinstance(value, dict)
        and set(value) <= {"low", "likely", "high", "distribution"}
        and {"low", "likely", "high"} <= set(value)
        and value.get("distribution", "pert") == "pert"
    ):
        return f"{value['low']}..{value['likely']}..{value['high']}"
    return None


def _compact(value: Any) -> Any:
    """`value` without its empty parts (None, "", [] and {}), estimates as their shorthand."""
    if isinstance(value, dict):
        short = _three_points(value)
        if short is not None:
            return short
        kept = {k: _compact(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def flow(value: Any) -> str:
    """`value` as one line of YAML flow text (`{delay: 5d..10d..20d, cost: 0}`)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return _scalar(value)


def _demands_text(value: Any) -> str:
    """Resource demands as `ana, bo:0.5`; any other demand as YAML flow text."""
    if not isinstance(value, list):
        return flow(_compact(value))
    parts = []
    for demand in value:
        if not isinstance(demand, dict) or demand.get("resource") is None:
            return flow(_compact(value))
        extra = {k: v for k, v in demand.items() if k not in ("resource", "units")}
        if any(v not in (None, 0) for v in extra.values()):
            return flow(_compact(value))
        units = demand.get("units", 1)
        parts.append(demand["resource"] + ("" if units == 1 else f":{_number_text(units)}"))
    return ", ".join(parts)


def shown(spec: FieldSpec, value: Any) -> str:
    """The text a form shows for a stored value (a blank for none)."""
    if value is None:
        return ""
    if spec.kind == "bool":
        return "true" if value else ""
    if spec.kind in ("number", "amount") and isinstance(value, int | float):
        return _number_text(value)
    if spec.kind == "ids" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if spec.kind == "estimate":
        return _three_points(value) or flow(_compact(value))
    if spec.kind == "demands":
        return _demands_text(value)
    if spec.kind == "yaml" or isinstance(value, dict | list):
        compact = _compact(value)
        return "" if compact in ({}, []) else flow(compact)
    return str(value)


def _number(text: str) -> int | float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() and "." not in text else number


def _plain_json(value: Any) -> Any:
    """YAML data as JSON data: dates as ISO text, keys as text."""
    if isinstance(value, dict):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _yaml(spec: FieldSpec, text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return _plain_json(YAML(typ="safe", pure=True).load(text))
    except YAMLError as error:
        problem = getattr(error, "problem", None) or "not YAML"
        raise _UnreadableError("bad_yaml", f"{spec.label}: {problem}; e.g. {spec.hint}") from None


def _demands(spec: FieldSpec, text: str) -> Any:
    if text.startswith(("[", "{")):
        return _yaml(spec, text)
    demands: dict[str, int | float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        resource, _, units = part.partition(":")
        amount = _number(units.strip()) if units.strip() else 1
        if not resource.strip() or amount is None:
            raise _UnreadableError(
                "bad_demand", f"{spec.label}: {part!r} is not resource or resource:units"
            )
        demands[resource.strip()] = amount
    return demands or None


class _UnreadableError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _read(spec: FieldSpec, text: str) -> Any:
    """The JSON value of the (stripped, non-empty) text of a field."""
    kind = spec.kind
    if kind == "bool":  # a checked box sends its value (`on` by default); a client may say no
        answer = text.casefold()
        if answer in ("true", "on", "1", "yes"):
            return True
        if answer in ("false", "off", "0", "no"):
            return False
        raise _UnreadableError("bad_value", f"{spec.label}: {text!r} is neither yes nor no")
    if kind == "number":
        number = _number(text)
        if number is None:
            raise _UnreadableError("bad_number", f"{spec.label}: {text!r} is not a number")
        return number
    if kind == "amount":
        number = _number(text)
        return number if number is not None else text
    if kind == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise _UnreadableError(
                "bad_date", f"{spec.label}: {text!r} is not a day (YYYY-MM-DD)"
            ) from None
    if kind == "choice" and text not in spec.choices:
        raise _UnreadableError(
            "bad_choice", f"{spec.label}: {text!r} is not one of {', '.join(spec.choices)}"
        )
    if kind == "ids":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "estimate" and text.startswith("{"):
        return _yaml(spec, text)
    if kind == "demands":
        return _demands(spec, text)
    if kind == "yaml":
        return _yaml(spec, text)
    return text


def parsed(spec: FieldSpec, text: str) -> tuple[Any, FieldError | None]:
    """The value typed `text` writes (None: remove the field, the default applies)."""
    stripped = text.strip()
    if not stripped:
        if spec.required:
            return None, FieldError("required", spec.name, f"{spec.label}: required")
        return None, None
    try:
        return _read(spec, stripped), None
    except _UnreadableError as problem:
        return None, FieldError(problem.code, spec.name, problem.message)
