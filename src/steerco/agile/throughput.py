"""Work items done per period, the history that throughput forecasts resample.

Periods are whole runs of `days` calendar days counted from `start`: period k covers
`start + k*days` through `start + (k+1)*days - 1`. Only whole periods that end on or before
`end` are counted, because a partial period would read as a slow one. Only work is counted
(`items.is_work`: no epics, no sub-tasks), on the day it was done (`items.done_on`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from steerco.agile.items import done_on, is_work
from steerco.model.agile import Workflow, WorkItem

__all__ = ["done_days", "done_per_period"]


def done_days(backlog: Iterable[WorkItem], workflow: Workflow) -> list[dt.date]:
    """The done day of every finished work item (one entry per item), in increasing order."""
    days = [day for item in backlog if is_work(item) and (day := done_on(item, workflow))]
    return sorted(days)


def done_per_period(
    backlog: Iterable[WorkItem],
    workflow: Workflow,
    *,
    start: dt.date,
    end: dt.date,
    days: int = 7,
) -> NDArray[np.int64]:
    """Work items done in each whole period of `days` days from `start` through `end`."""
    if days < 1:
        raise ValueError("a period is at least one day")
    periods = max(0, ((end - start).days + 1) // days)
    counts = np.zeros(periods, dtype=np.int64)
    for day in done_days(backlog, workflow):
        k = (day - start).days // days
        if 0 <= k < periods:
            counts[k] += 1
    return counts
