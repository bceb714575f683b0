"""Which recorded progress counts at a date: the snapshots and the project file's own."""

from __future__ import annotations

import datetime as dt

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.model import Progress, Project

__all__ = ["progress_at", "recorded_dates"]


def progress_at(project: Project, snapshots: list[Progress], day: dt.date | None) -> Progress:
    """The progress to measure: the latest snapshot on or before `day` (the file's own last).

    Without `day`, the file's progress at its status date (`no_status_date` when it has
    none). Before any snapshot, no progress at `day`. On a tie the file's own progress wins.
    """
    current = project.progress
    if day is None:
        if current.status_date is None:
            raise ProjectError.single(
                Code.no_status_date,
                "the project has no status date: record progress with `steerco update`, "
                "or give --status-date",
            )
        return current
    dated = [p for p in [*snapshots, current] if p.status_date is not None and p.status_date <= day]
    if not dated:
        return Progress(status_date=day)
    latest = max(p.status_date for p in dated if p.status_date is not None)
    return [p for p in dated if p.status_date == latest][-1]


def recorded_dates(project: Project, snapshots: list[Progress]) -> list[dt.date]:
    """Every status date with a record (a snapshot or the file's own progress), oldest first."""
    recorded = [*snapshots, project.progress]
    return sorted({p.status_date for p in recorded if p.status_date is not None})
