"""An imported plan as a project file: clean YAML in the order docs/project-file.md gives.

Top-level keys come in the documented order (name, start, unit, calendar, calendars,
scheduling, resources, tasks with their children, progress...); links are written in
the shorthand (`"design FS+2d"`) wherever it reads back the same; dates are unquoted;
short lists and mappings of plain values sit on one line (`after: [a, "b SS+1d"]`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import ValidationError

from steerco.model.task import Dependency

__all__ = ["dependency_text", "project_yaml_text"]

ORDER = (
    "name",
    "description",
    "start",
    "deadline",
    "unit",
    "currency",
    "overhead",
    "methodology",
    "calendar",
    "calendars",
    "scheduling",
    "skills",
    "resources",
    "tasks",
    "risks",
    "forecast",
    "progress",
)
"""The top-level keys in the order of docs/project-file.md; others follow in their order."""

_TASK_ORDER = ("id", "name", "description", "milestone", "duration", "after")
"""A task's first keys, so that each reads as what it is and what it waits for."""

_SCALARS = (str, int, float, bool, dt.date, type(None))


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper: lists indented under their key, as docs/project-file.md writes."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent block lists under their key (`tasks:` then `  - id: ...`)."""
        super().increase_indent(flow, False)


class _Flow(list[Any]):
    """A list written on one line."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line."""


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)


def _number(value: float) -> str:
    return f"{value:g}"


def dependency_text(link: Any) -> Any:
    """A link in the shorthand (`"a FS+2d"`) where it reads back the same, else as it is.

    The shorthand: `"a"`, `"a SS"`, `"a FS+2d"`, `"a FS-1d"`, `"a FS+50%"`.
    """
    if not isinstance(link, dict):
        return link
    task, kind = link.get("task"), str(link.get("type", "FS")).upper()
    if not isinstance(task, str):
        return link
    lag, percent = link.get("lag", 0), link.get("lag_percent")
    if percent is not None:
        sign = "-" if percent < 0 else "+"
        text = f"{task} {kind}{sign}{_number(abs(percent))}%"
    elif lag in (0, 0.0, "0", "0d", "0h", "", None):
        text = task if kind == "FS" else f"{task} {kind}"
    else:
        written = _number(lag) if isinstance(lag, int | float) else str(lag).replace(" ", "")
        text = f"{task} {kind}{written if written.startswith('-') else '+' + written}"
    try:
        if Dependency.model_validate(text) != Dependency.model_validate(link):
            return link
    except ValidationError:
        return link
    return text


def _plain(value: Any) -> bool:
    return isinstance(value, _SCALARS)


def _shaped(value: Any, key: str | None = None) -> Any:
    """`value` ready to dump: flow lists and mappings where they hold plain values only."""
    if isinstance(value, dict):
        if key == "after":  # a mapping is one link
            return _FlowMap(value)
        if key is not None and value and all(_plain(item) for item in value.values()):
            return _FlowMap(value)
        keys = list(value)
        if "id" in value:  # a task, resource or risk: id first, what it waits for early
            first = [k for k in _TASK_ORDER if k in value]
            keys = first + [k for k in keys if k not in first]
        return {k: _shaped(value[k], k) for k in keys}
    if isinstance(value, list | tuple):
        if key == "after":
            return _Flow(_shaped(dependency_text(link), "after") for link in value)
        if all(_plain(item) for item in value):
            return _Flow(value)
        return [_shaped(item) for item in value]
    return value


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    first = [key for key in ORDER if key in data]
    return {key: data[key] for key in [*first, *(k for k in data if k not in first)]}


def project_yaml_text(data: dict[str, Any], header_lines: Iterable[str] = ()) -> str:
    """The text of a project file holding `data`, after `header_lines` as `# ` comments."""
    header = "".join(f"# {line}".rstrip() + "\n" for line in header_lines)
    header += "\n" if header else ""
    body: str = yaml.dump(
        _shaped(_ordered(data)),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=96,
    )
    return header + body
