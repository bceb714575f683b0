"""Which plan every command dates by: the one `steerco schedule` makes by default.

`schedule`, `forecast`, `gates`, `update`, `baseline` and `variance` all get their plan
here, so that no two commands date the same project differently: levelled under the
resource limits when tasks use resources (heuristic, then CP-SAT), else the critical path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.model import Project
from steerco.model.ranges import MAX_DATE
from steerco.schedule.dates import finish_date
from steerco.schedule.network import Network
from steerco.schedule.options import SolveOptions, check_limits
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled

__all__ = [
    "DatedPlan",
    "Planner",
    "check_dated",
    "dating_plan",
    "project_plan",
    "solve_plainly",
]

Planner = Callable[[Network, Project | None, SolveOptions], Schedule | Unscheduled]
"""How a use case gets its plan: (network, project or None for PSPLIB, options) -> result."""


def solve_plainly(
    network: Network, project: Project | None, options: SolveOptions
) -> Schedule | Unscheduled:
    """The default Planner: `plan_network`, with no progress callback and no stop.

    Levelled plans are remembered in the user's plan store (`formats.plan_store`), so that
    every command dates a file as the first one that levelled it did.
    """
    from steerco.formats.plan_store import default_plan_store
    from steerco.schedule.planner import plan_network

    return plan_network(network, project=project, options=options, store=default_plan_store())


def project_plan(
    network: Network,
    project: Project | None,
    *,
    options: SolveOptions | None = None,
    planner: Planner = solve_plainly,
) -> Schedule | Unscheduled:
    """The plan by `options`; by default `schedule`'s (levelled when tasks use resources).

    Options outside what one run may ask (`check_limits`) raise a `bad_value` ProjectError.
    """
    chosen = options or SolveOptions()
    check_limits(
        time_limit=chosen.time_limit,
        workers=chosen.workers,
        schedules=chosen.schedules,
        seed=chosen.seed,
    )
    plan = planner(network, project, chosen)
    if isinstance(plan, Schedule):
        check_dated(plan, project)
    return plan


def check_dated(plan: Schedule, project: Project | None) -> None:
    """Raise `horizon_too_long` at the task that finishes last if it finishes past MAX_DATE.

    The project's own checks bound its durations and lags; a resource's leave, days off or
    calendar can still hold a task back past the last date steerco plans with (someone on
    leave to 2199), which no date of the plan could then be written as.
    """
    calendar = plan.network.calendar
    if calendar is None or plan.network.size == 0:
        return
    last = int(np.argmax(plan.cpm.ef))
    try:
        day: dt.date | None = finish_date(calendar, float(plan.cpm.ef[last]))
    except ProjectError:  # not even the longest calendar reaches it
        day = None
    if day is not None and day <= MAX_DATE:
        return
    task_id = plan.network.ids[last]
    when = f"on {day}, after" if day is not None else "more than a century after"
    message = (
        f"task {task_id!r} would finish {when} {MAX_DATE}, the last date steerco plans with: "
        "its resources' leave, days off or calendar leave it too few working days before then"
    )
    path = (
        next((placed.path for placed in project.placed_tasks() if placed.task.id == task_id), ())
        if project is not None
        else ()
    )
    raise ProjectError([Diagnostic(Code.horizon_too_long, message, path)])


@dataclass(frozen=True)
class DatedPlan:
    """The plan a command dates by, and why it is not the levelled one when it is not."""

    schedule: Schedule
    notes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """Which plan it is, in words: `critical path` or `levelled (METHOD)`."""
        return self.schedule.plan_name


def dating_plan(
    network: Network,
    project: Project | None,
    *,
    levelled: bool = True,
    options: SolveOptions | None = None,
    planner: Planner = solve_plainly,
) -> DatedPlan:
    """`project_plan` by `options` (default `schedule`'s), never without dates.

    `levelled=False`: the critical path. When levelling finds no schedule, the dates follow
    the critical path and a note says why.
    """
    options = (options or SolveOptions()) if levelled else SolveOptions(method="cpm")
    plan = project_plan(network, project, options=options, planner=planner)
    if isinstance(plan, Schedule):
        return DatedPlan(plan)
    fallback = project_plan(network, project, options=SolveOptions(method="cpm"))
    assert isinstance(fallback, Schedule)  # the critical path always schedules
    note = f"no levelled plan ({plan.message}); the dates follow the critical path"
    return DatedPlan(fallback, (note,))
