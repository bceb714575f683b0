"""Kanban flow metrics of a project file's backlog over a window ending on the as-of date.

The as-of date is `as_of`, else the file's `progress.status_date`, else today. The window
is the `weeks` weeks ending on it (7 × weeks days), or the days from `start` through it;
by default the last `DEFAULT_WEEKS` weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from steerco.agile.flow import FlowMetrics
from steerco.app._backlog import as_of_day, backlog_project
from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.model.project import Project

__all__ = ["DEFAULT_WEEKS", "MAX_WEEKS", "FlowReport", "flow_report"]

DEFAULT_WEEKS = 12
"""The window when neither a first day nor a number of weeks is given: a quarter."""
MAX_WEEKS = 521
"""The longest window, in weeks (about ten years); `--from` is held to as many days."""


@dataclass(frozen=True)
class FlowReport:
    """The project and the flow of its board over the window."""

    project: Project
    metrics: FlowMetrics


def _option_error(option: str, message: str) -> ProjectError:
    return ProjectError([Diagnostic(Code.bad_value, message, (option,))])


def _window(as_of: dt.date, start: dt.date | None, weeks: int | None) -> dt.date:
    """The window's first day from the options (at most one of `start` and `weeks`)."""
    if start is not None and weeks is not None:
        raise _option_error("from", "give the window's first day or its weeks, not both")
    if start is not None:
        if start > as_of:
            raise _option_error("from", f"the window starts ({start}) after the as-of {as_of}")
        if (as_of - start).days >= 7 * MAX_WEEKS:
            message = (
                f"the window from {start} to {as_of} is longer than {7 * MAX_WEEKS} days "
                f"({MAX_WEEKS} weeks): start it later"
            )
            raise _option_error("from", message)
        return start
    count = DEFAULT_WEEKS if weeks is None else weeks
    if not 1 <= count <= MAX_WEEKS:
        raise _option_error("weeks", f"a window is 1 to {MAX_WEEKS} weeks, not {count}")
    try:
        return as_of - dt.timedelta(days=7 * count - 1)
    except OverflowError:
        message = f"a window of {count} weeks up to {as_of} would start before year 1"
        raise _option_error("date", message) from None


def flow_report(
    *,
    path: Path,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    weeks: int | None = None,
    project: Project | None = None,
) -> FlowReport:
    """Read the project file at `path` and measure its board's flow up to the as-of date.

    `project`: the file as loaded, when the caller has it.
    """
    from steerco.agile.flow import flow_metrics
    from steerco.agile.items import is_work

    project = backlog_project(path, project)
    if not any(is_work(item) for item in project.backlog):
        message = (
            "the backlog has no work items to measure: write stories, bugs, tasks, spikes "
            "or tests under `backlog:` (epics and sub-tasks do not count)"
        )
        diagnostic = Diagnostic(Code.missing_field, message, ("backlog",))
        raise ProjectError([diagnostic.located(str(path), None, None)])
    day = as_of_day(project, as_of)
    first = _window(day, start, weeks)
    metrics = flow_metrics(project.backlog, project.workflow, start=first, end=day)
    return FlowReport(project, metrics)
