"""The tasks a printed (PDF) team report lists: all of a small plan, those that matter of a big one.

A 1,000-row table is thirty pages nobody prints, and most of the PDF's time. Up to
`PRINT_TASKS` tasks the PDF lists every task, as the HTML page does; beyond, it lists the
unfinished tasks that need attention, in this order of precedence: in progress (started
on or before the status date), planned in the next period, late (planned to finish after
their baseline finish), critical; at most `PRINT_TASKS` of them, in plan order, and says
how many tasks only the HTML report lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from steerco.report.data import StatusReport, TaskLine

__all__ = ["PRINT_TASKS", "PrintedTasks", "printed_tasks"]

PRINT_TASKS: Final = 60
"""The most task rows the PDF's task table has: about three pages, as many as a Gantt shows."""


@dataclass(frozen=True)
class PrintedTasks:
    """The task rows the PDF lists, and how many of the report's tasks it leaves out."""

    tasks: tuple[TaskLine, ...]
    left_out: int


def _rank(
    task: TaskLine, status: dt.date, next_ids: set[str], late: set[str], critical: set[str]
) -> int | None:
    """Precedence of a task worth printing (lower first); None: finished or not worth it."""
    if task.percent >= 100:
        return None
    if task.start is not None and task.start <= status:
        return 0
    if task.id in next_ids:
        return 1
    if task.id in late:
        return 2
    if task.id in critical:
        return 3
    return None


def printed_tasks(report: StatusReport) -> PrintedTasks:
    """The team report's task rows for print: every task, or the ones that matter (see above)."""
    tasks = report.tasks
    if len(tasks) <= PRINT_TASKS:
        return PrintedTasks(tasks, 0)
    bars = report.charts.gantt
    late = {
        b.id
        for b in bars
        if b.finish is not None and b.baseline_finish is not None and b.finish > b.baseline_finish
    }
    critical = {b.id for b in bars if b.critical}
    next_ids = {t.id for t in report.planned_next_period}
    ranked = []
    for index, task in enumerate(tasks):
        rank = _rank(task, report.status_date, next_ids, late, critical)
        if rank is not None:
            ranked.append((rank, index))
    keep = sorted(index for _, index in sorted(ranked)[:PRINT_TASKS])
    return PrintedTasks(tuple(tasks[i] for i in keep), len(tasks) - len(keep))
