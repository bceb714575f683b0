"""Another tool's plan as a valid Project: validated, and its problems located at the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.foreign.plan import ForeignPlan
from steerco.model import Project

__all__ = ["load_foreign_project", "validated_project"]

_LISTS = {"tasks": "task", "children": "task", "resources": "resource", "risks": "risk"}


def _named(data: dict[str, Any], path: tuple[str | int, ...]) -> tuple[str, str | None]:
    """Where a model path points, as the file's items and fields: `task b (Build), duration`.

    Also the id of the innermost task on the path, or None.
    """
    node: Any = data
    where: list[str] = []
    kind = ""
    task: str | None = None
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            where.append(str(step))
            continue
        if isinstance(step, str) and step in _LISTS:
            kind = _LISTS[step]
        elif isinstance(step, int) and isinstance(node, dict) and "id" in node:
            name = f" ({node['name']})" if node.get("name") else ""
            where = [f"{kind or 'item'} {node['id']}{name}"]
            task = str(node["id"]) if kind == "task" else None
        else:
            where.append(str(step))
    return ", ".join(where), task


def validated_project(plan: ForeignPlan) -> Project:
    """`plan.data` as a valid Project; what does not validate is located at the source file.

    The message names the task (or resource) and the field, as the source file's reader
    gave them ids: `task 7 (Build), duration: ...`, at the task's line where the reader
    knows it (`ForeignPlan.lines`).
    """
    from pydantic import ValidationError

    from steerco.formats.project_yaml import diagnostics_from_validation

    try:
        return Project.model_validate(plan.data)
    except ValidationError as error:
        found = diagnostics_from_validation(error, plan.data)
    except ProjectError as error:
        found = list(error.diagnostics)
    located = []
    for d in found:
        where, task = _named(plan.data, d.path)
        message = f"{where}: {d.message}" if where else d.message
        line = plan.lines.get(task) if task is not None else None
        located.append(replace(d, message=message).located(str(plan.source), line, None))
    raise ProjectError(located) from None


def load_foreign_project(path: Path) -> Project:
    """The project in another tool's file, for the commands that read one directly.

    A file holding several projects (an XER) is ambiguous there: `unknown_foreign_project`
    tells to write one to a project file first with `steerco import FILE --project ID`.
    """
    from steerco.formats.foreign.read import read_foreign

    first = f"write one to a project file first: steerco import {path} --project ID --out x.yaml"
    try:
        plan = read_foreign(path)
    except ProjectError as error:  # the reader's own "pick one with --project": not here
        error.diagnostics = [
            replace(d, message=f"{d.message.split(';')[0]}; {first}")
            if d.code == Code.unknown_foreign_project
            else d
            for d in error.diagnostics
        ]
        raise
    if len(plan.projects) > 1:
        message = f"the file holds {len(plan.projects)} projects ({', '.join(plan.projects)}); "
        raise ProjectError(
            [Diagnostic(Code.unknown_foreign_project, message + first, (), str(path))]
        )
    return validated_project(plan)
