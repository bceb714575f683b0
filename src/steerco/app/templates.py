"""New projects from the bundled ML lifecycle templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from steerco.codes import Code
from steerco.library.templates import TemplateInfo
from steerco.model import Project

__all__ = ["NewProject", "TemplateInfo", "list_templates", "new_project", "next_monday"]


@dataclass(frozen=True)
class NewProject:
    """A project file written from a template: its text (comments kept) and what it describes."""

    template: str
    text: str
    project: Project


def next_monday(today: dt.date) -> dt.date:
    """The first Monday on or after `today`."""
    return today + dt.timedelta(days=-today.weekday() % 7)


def list_templates() -> tuple[TemplateInfo, ...]:
    """Every bundled template, by name, with the first line of its description."""
    from steerco.library.templates import templates

    return tuple(templates())


def new_project(
    *,
    template: str,
    name: str | None = None,
    start: dt.date | None = None,
    today: dt.date | None = None,
    file: str = "<stdout>",
) -> NewProject:
    """The project file of `template` with its `name` and `start` set, validated.

    `start` defaults to the first Monday on or after `today` (the current date when not
    given). An unknown template raises `unknown_template` (with the closest name, or the
    list); `file` names the result in diagnostics.
    """
    from steerco.errors import ProjectError, did_you_mean
    from steerco.formats.project_yaml import parse_project_yaml
    from steerco.library.templates import instantiate, template_names, template_text

    names = template_names()
    if template not in names:
        hint = did_you_mean(template, names) or f"; one of {', '.join(names)}"
        raise ProjectError.single(Code.unknown_template, f"no template {template!r}{hint}")
    first = start if start is not None else next_monday(today or dt.date.today())
    text = instantiate(template_text(template), name=name, start=first)
    return NewProject(template=template, text=text, project=parse_project_yaml(text, file))
