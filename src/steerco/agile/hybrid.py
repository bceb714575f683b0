"""A WBS task delivered by an epic: its duration is the epic's remaining items over throughput.

The rules (docs/agile.md, "Hybrid"):

- The epic's remaining items are its work items (`items.epic_items`, `items.is_work`) not
  done by the as-of day: the project's status date, else its start.
- The throughput is the **team's**: work items of the whole backlog done per week
  (`throughput.done_per_period`), over every whole week from the week the team first
  started an item through the as-of day, zero weeks included. The team works across
  epics, so an epic's own history would be a share of the team's pace that changes with
  what else is in flight; the whole backlog's is what the team delivers. Two epic tasks
  planned side by side therefore each forecast the whole team's pace (optimistic); chain
  them, or give them the same demand so that the levelled schedule runs them in turn.
- Weeks needed: the first n with `T_1 + ... + T_n >= remaining`, each `T_k` drawn with
  replacement from the weekly history, as `steerco throughput` forecasts (`forecast.
  throughput.when_done`). Its distribution is computed exactly (a convolution), not
  sampled: `P(N <= n) = P(T_1 + ... + T_n >= remaining)`.
- The task's duration for the critical path and the levelled schedule is the P50 of N
  (the least n with `P(N <= n) >= 1/2`), a week being `days_per_week` working days; the
  Monte Carlo draws N from its distribution in every iteration.
- These are read where the network is compiled (`schedule.network.compile_project`), its
  progress taken (`schedule.status.network_progress`) and its durations drawn
  (`forecast.distributions.project_distributions`), from the project as it is then, so a
  report at another status date forecasts the epic at that date.
- Progress at the status date: an epic none of whose items started is not started; one
  with an item started (the first item's start is the task's actual start) is in
  progress, with its remaining work the forecast of its remaining items and its percent
  complete the share of its items done; one whose items are all done finished on the
  last item's done day. What the file records under `progress.tasks` for the task wins.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.agile.items import category, done_on, epic_items, is_work, started_on
from steerco.agile.throughput import done_per_period
from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.forecast.throughput import check_throughput, default_max_periods
from steerco.model import Project, Task
from steerco.model.progress import TaskProgress
from steerco.model.quantities import WorkTime

__all__ = [
    "PERIOD_DAYS",
    "QUANTILES",
    "EpicForecast",
    "epic_as_of",
    "epic_days",
    "epic_forecasts",
    "epic_notes",
    "epic_progress",
    "periods_distribution",
    "team_throughput",
]

PERIOD_DAYS = 7
"""A throughput period: one calendar week."""
QUANTILES = 10_000
"""Values of the table the Monte Carlo draws weeks from: `u` picks `floor(u * QUANTILES)`."""
_TAIL = 1e-12
"""The weeks' distribution stops where less than this probability is left (put on its last
value), or at `forecast.throughput.default_max_periods`, whichever comes first."""


@dataclass(frozen=True)
class EpicForecast:
    """The forecast of the epic delivering a task, at the as-of day.

    `weeks[k]` weeks are needed with probability `probability[k]` (weeks increasing).
    """

    task: str
    epic: str
    items: int
    done: int
    throughput: NDArray[np.int64]
    weeks: NDArray[np.int64]
    probability: NDArray[np.float64]
    started: dt.date | None
    finished: dt.date | None

    @property
    def remaining(self) -> int:
        """Work items of the epic not done at the as-of day."""
        return self.items - self.done

    @property
    def rate(self) -> float:
        """The team's mean throughput, items per week (0 without a whole week of history)."""
        return float(self.throughput.mean()) if self.throughput.size else 0.0

    def percentile(self, q: float) -> int:
        """The least number of weeks n with P(N <= n) >= q / 100."""
        cdf = np.cumsum(self.probability)
        k = int(np.searchsorted(cdf, q / 100 - 1e-12, side="left"))
        return int(self.weeks[min(k, self.weeks.size - 1)])

    def quantile_table(self, size: int = QUANTILES) -> NDArray[np.int64]:
        """Weeks at the probabilities (k + 1/2) / size, k < size: what the Monte Carlo draws."""
        cdf = np.cumsum(self.probability)
        at = (np.arange(size, dtype=np.float64) + 0.5) / size
        k = np.minimum(np.searchsorted(cdf, at, side="left"), self.weeks.size - 1)
        table: NDArray[np.int64] = self.weeks[k]
        return table

    def days(self, days_per_week: int) -> float:
        """The task's planned working days: the P50 weeks, or the span of its items when done.

        A week is `days_per_week` working days; the span (first start to last done day) is
        counted in calendar days times `days_per_week / 7`, rounded up.
        """
        if self.finished is not None and self.started is not None:
            span = (self.finished - self.started).days + 1
            return float(math.ceil(span * days_per_week / PERIOD_DAYS))
        return float(self.percentile(50) * days_per_week)

    def note(self, days_per_week: int) -> str:
        """One line on where the task's duration comes from, for a plan's or forecast's notes."""
        if self.remaining == 0:
            return f"{self.task}: delivered by epic {self.epic}, all {self.items} items done"
        p50, p80, p95 = (self.percentile(q) for q in (50, 80, 95))
        return (
            f"{self.task}: duration from epic {self.epic}, {self.remaining} of {self.items} "
            f"items left at {self.rate:.1f} items/week ({self.throughput.size} weeks of the "
            f"team's history): P50 {p50} weeks ({p50 * days_per_week} working days), "
            f"P80 {p80}, P95 {p95}"
        )


def team_throughput(project: Project, as_of: dt.date) -> NDArray[np.int64]:
    """Work items of the whole backlog done per week, over the whole weeks through `as_of`.

    The weeks end on `as_of` and go back to the one holding the first day any work item
    started; none when no item started on or before `as_of`.
    """
    starts = [
        day
        for item in project.backlog
        if is_work(item) and (day := started_on(item, project.workflow)) is not None
    ]
    first = min((day for day in starts if day <= as_of), default=None)
    if first is None:
        return np.zeros(0, dtype=np.int64)
    weeks = ((as_of - first).days + PERIOD_DAYS) // PERIOD_DAYS
    begin = as_of - dt.timedelta(days=weeks * PERIOD_DAYS - 1)
    return done_per_period(
        project.backlog, project.workflow, start=begin, end=as_of, days=PERIOD_DAYS
    )


def periods_distribution(
    throughput: NDArray[np.int64], items: int
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The exact distribution of N = min{n : T_1 + ... + T_n >= items}, T_k drawn from `throughput`.

    Returns (values, probabilities). The mass of sums still below `items` after n periods
    is a vector over 0..items-1, convolved with the history's frequencies once per period;
    what crosses `items` at step n is P(N = n).
    """
    counts = check_throughput(throughput)
    if items <= 0:
        return np.zeros(1, dtype=np.int64), np.ones(1)
    frequency = np.bincount(counts).astype(np.float64) / counts.size
    cap = default_max_periods(counts, items)
    below = np.zeros(items)
    below[0] = 1.0
    values: list[int] = []
    chances: list[float] = []
    left = 1.0
    for n in range(1, cap + 1):
        below = np.convolve(below, frequency)[:items]
        still = float(below.sum())
        if left - still > 0:
            values.append(n)
            chances.append(left - still)
        left = still
        if left < _TAIL:
            break
    chances[-1] += left
    return np.array(values, dtype=np.int64), np.array(chances, dtype=np.float64)


def epic_as_of(project: Project) -> dt.date | None:
    """The day epics are counted at: the project's progress status date, else its start."""
    return project.progress.status_date or project.start


def _forecast(project: Project, task: Task, path: tuple[str | int, ...]) -> EpicForecast:
    assert task.epic is not None
    epic = task.epic
    as_of = epic_as_of(project)
    where = (*path, "epic")
    if as_of is None:
        raise ProjectError.single(
            Code.no_throughput,
            f"task {task.id!r} is delivered by epic {epic!r}, whose items are counted at the "
            "status date: give the project a `start` or a `progress.status_date`",
            where,
        )
    workflow = project.workflow
    mine = [item for item in epic_items(project.backlog, epic) if is_work(item)]
    if not mine:
        raise ProjectError.single(
            Code.empty_epic,
            f"epic {epic!r} has no work items to forecast task {task.id!r} from: add its "
            f"stories under `backlog` with `parent: {epic}`, or give the task a `duration` "
            "instead of `epic`",
            where,
        )
    done = [
        item
        for item in mine
        if category(item, workflow) == "done"
        and ((day := done_on(item, workflow)) is None or day <= as_of)
    ]
    done_days = [day for item in done if (day := done_on(item, workflow)) is not None]
    starts = [day for item in mine if (day := started_on(item, workflow)) and day <= as_of]
    remaining = len(mine) - len(done)
    throughput = team_throughput(project, as_of)
    if remaining > 0 and not np.any(throughput > 0):
        raise ProjectError.single(
            Code.no_throughput,
            f"epic {epic!r} has {remaining} remaining items but the team has finished none "
            f"yet in a whole week up to {as_of}: there is no pace to forecast task "
            f"{task.id!r} from; give it a `duration` or `estimate` instead of `epic` until "
            "the team has a week of history",
            where,
        )
    weeks, probability = periods_distribution(
        throughput if throughput.size else np.zeros(1, dtype=np.int64), remaining
    )
    return EpicForecast(
        task=task.id,
        epic=epic,
        items=len(mine),
        done=len(done),
        throughput=throughput,
        weeks=weeks,
        probability=probability,
        started=min(starts, default=None),
        finished=max(done_days, default=None) if remaining == 0 else None,
    )


def epic_forecasts(project: Project) -> dict[str, EpicForecast]:
    """The forecast of every leaf task delivered by an epic, by task id (document order).

    Raises a ProjectError located at each such task's `epic` that cannot be forecast.
    """
    found: dict[str, EpicForecast] = {}
    problems: list[Diagnostic] = []
    for placed in project.placed_tasks():
        if placed.task.epic is None or placed.task.children:
            continue
        try:
            found[placed.task.id] = _forecast(project, placed.task, placed.path)
        except ProjectError as error:
            problems.extend(error.diagnostics)
    if problems:
        raise ProjectError(problems)
    return found


def epic_notes(project: Project) -> list[str]:
    """One note per task delivered by an epic: where its duration comes from (see `note`)."""
    if not any(leaf.epic is not None for leaf in project.leaves()):
        return []
    return [found.note(project.days_per_week) for found in epic_forecasts(project).values()]


def _progress(forecast: EpicForecast, duration: float) -> TaskProgress | None:
    """What the backlog says of the task at the status date (None: not started)."""
    if forecast.finished is not None:
        return TaskProgress(actual_start=forecast.started, actual_finish=forecast.finished)
    if forecast.started is None:
        return None
    return TaskProgress(
        actual_start=forecast.started,
        remaining=WorkTime(duration),
        percent_complete=100.0 * forecast.done / forecast.items,
    )


def _merged(found: TaskProgress, recorded: TaskProgress | None) -> TaskProgress:
    """`found`, with every field the file recorded for the task taking precedence."""
    if recorded is None:
        return found
    said = {
        name: value
        for name in TaskProgress.model_fields
        if (value := getattr(recorded, name)) is not None
    }
    return found.model_copy(update=said)


def epic_days(project: Project) -> dict[str, float]:
    """The planned duration of each task delivered by an epic, in working days, by task id.

    See `EpicForecast.days`; empty without such tasks.
    """
    if not any(leaf.epic is not None for leaf in project.leaves()):
        return {}
    per_week = project.days_per_week
    return {task_id: found.days(per_week) for task_id, found in epic_forecasts(project).items()}


def epic_progress(project: Project) -> dict[str, TaskProgress]:
    """The progress of each task delivered by an epic at the status date, from its items.

    Only started tasks, and only with a status date; a field that `progress.tasks` records
    for the task wins over what the items say.
    """
    if project.progress.status_date is None:
        return {}
    if not any(leaf.epic is not None for leaf in project.leaves()):
        return {}
    out: dict[str, TaskProgress] = {}
    for task_id, found in epic_forecasts(project).items():
        entry = _progress(found, found.days(project.days_per_week))
        if entry is not None:
            out[task_id] = _merged(entry, project.progress.of(task_id))
    return out
