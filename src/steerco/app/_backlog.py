"""What every backlog command reads first: the project, and the day it is measured on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from steerco.model import Project

__all__ = ["as_of_day", "backlog_project"]


def backlog_project(path: Path, project: Project | None) -> Project:
    """`project` when the caller has loaded the file already, else the file at `path`."""
    if project is not None:
        return project
    from steerco.formats.loader import load_project

    return load_project(path)


def as_of_day(project: Project, as_of: dt.date | None) -> dt.date:
    """The as-of date: the one given, else the file's status date, else today."""
    return as_of or project.progress.status_date or dt.date.today()
