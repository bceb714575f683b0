"""Status snapshots: the progress at each status date, kept in a sidecar file for trends.

`churn.yaml` keeps its snapshots in `churn.snapshots.yaml` next to it: one entry per
status date, each a copy of the file's `progress` section as `steerco update` left it.
The project file holds the current progress; the sidecar holds the history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.atomic import atomic_write, locked
from steerco.formats.files import read_text
from steerco.formats.project_yaml import diagnostics_from_validation
from steerco.formats.yaml_source import load_yaml
from steerco.model import Progress

__all__ = ["load_snapshots", "save_snapshot", "snapshots_path"]

_HEADER = (
    "# Status snapshots of {name}, written by `steerco update`: the progress at each\n"
    "# status date, oldest first. `steerco evm --status-date D` reads the latest on or\n"
    "# before D; `steerco evm --trend` reads them all.\n"
)


def snapshots_path(project_file: Path) -> Path:
    """The sidecar file next to `project_file` (`churn.yaml` -> `churn.snapshots.yaml`)."""
    return project_file.with_name(f"{project_file.stem}.snapshots.yaml")


def load_snapshots(project_file: Path) -> list[Progress]:
    """Every snapshot of the project, oldest first (none when there is no sidecar file)."""
    path = snapshots_path(project_file)
    if not path.exists():
        return []
    data, locations = load_yaml(read_text(path), str(path))
    entries = (data or {}).get("snapshots", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ProjectError(
            [Diagnostic(Code.bad_value, "expected `snapshots:` with a list", (), str(path), 1, 1)]
        )
    snapshots: list[Progress] = []
    problems: list[Diagnostic] = []
    for i, entry in enumerate(entries):
        try:
            snapshots.append(Progress.model_validate(entry))
        except ValidationError as error:
            for d in diagnostics_from_validation(error):
                where = locations.find(("snapshots", i, *d.path))
                line, column = where if where else (None, None)
                problems.append(d.located(str(path), line, column))
    if problems:
        raise ProjectError(problems)
    return sorted(snapshots, key=lambda p: p.status_date or dt.date.min)


def _plain(progress: Progress) -> dict[str, Any]:
    """The snapshot as plain YAML data, in the keys and shorthands of the project file."""
    tasks: dict[str, Any] = {}
    for task_id, entry in progress.tasks.items():
        row: dict[str, Any] = {}
        for key in type(entry).model_fields:
            value = getattr(entry, key)
            if value is not None:
                row[key] = str(value) if key == "remaining" else value
        tasks[task_id] = row
    return {"status_date": progress.status_date, "earning": progress.earning, "tasks": tasks}


def save_snapshot(project_file: Path, progress: Progress) -> Path:
    """Add (or replace) the snapshot of `progress` at its status date; atomically."""
    with locked(project_file):  # read-modify-write under the project's lock
        kept = [s for s in load_snapshots(project_file) if s.status_date != progress.status_date]
        ordered = sorted([*kept, progress], key=lambda p: p.status_date or dt.date.min)
        body = yaml.safe_dump(
            {"snapshots": [_plain(s) for s in ordered]}, sort_keys=False, allow_unicode=True
        )
        path = snapshots_path(project_file)
        atomic_write(path, _HEADER.format(name=project_file.name) + body, like=project_file)
    return path
