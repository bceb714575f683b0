"""Use case: the status report of a project file at a status date, for one audience.

Every figure comes from the use cases the commands call, so a report never disagrees with
`steerco schedule`, `forecast`, `evm`, `risks` or `gates`: the plan from `app.plan`, the
forecast from `app.forecast` (levelled in every iteration when tasks use resources, as
`steerco forecast` is), earned value from `app.earned_value`, the register from
`app.risks`, the gates from `app.gates`, the backlog's figures from the use cases of
`steerco sprint`, `velocity`, `release` and `flow` (`app.report_agile`). At a status date
before the file's own, the
progress is the snapshot recorded then (`<stem>.snapshots.yaml`), as `steerco evm` reads it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.model import Progress, Project
from steerco.model.communication import Audience

if TYPE_CHECKING:
    from steerco.model.baseline import Baseline
    from steerco.report.build import ReportInputs
    from steerco.report.data import StatusReport

__all__ = ["REPORT_ITERATIONS", "report_inputs", "status_report"]

REPORT_ITERATIONS = 1000
"""The forecast's iterations in a report (`steerco forecast` runs 10,000): every iteration is
levelled when tasks use resources, about 1 s per 1,000 iterations on a 1,000-task plan."""


def _status_date(path: Path, project: Project, wanted: dt.date | None) -> dt.date:
    """The report's date: `wanted`, else the file's status date, else today; checked."""
    recorded = project.progress.status_date
    status = wanted or recorded or dt.date.today()
    # Before the start with nothing recorded is the report of a project still in planning:
    # its plan and forecast, nothing earned yet.
    if project.start is not None and status < project.start and recorded is not None:
        how = (
            "give a status date on or after it"
            if wanted is not None
            else "move progress.status_date on or after it"
        )
        where = ("start",) if wanted is not None else ("progress", "status_date")
        message = f"the status date {status} is before the project's start {project.start}; {how}"
        raise _located(path, Diagnostic(Code.bad_date, message, where))
    if recorded is not None and status > recorded:
        message = (
            f"the status date {status} is after the file's progress status date {recorded}: "
            "nothing is recorded after it; record progress with `steerco update` first, or "
            f"report at {recorded} or earlier"
        )
        raise _located(path, Diagnostic(Code.bad_date, message, ("progress", "status_date")))
    return status


def _located(path: Path, diagnostic: Diagnostic) -> ProjectError:
    """The diagnostic at its line in the project file (the file alone when it has no path)."""
    from steerco.formats.located import locate_in_file

    return ProjectError(locate_in_file(path, [diagnostic]))


def _at(path: Path, project: Project, snapshots: list[Progress], status: dt.date) -> Project:
    """The project with the progress recorded at `status` (the file's own when it is that)."""
    from steerco.app._located import located_in
    from steerco.formats.snapshots import snapshots_path
    from steerco.track.progress import progress_at

    if project.progress.status_date in (None, status):
        return project  # nothing recorded, or the file's own date: the file as it is
    chosen = progress_at(project, snapshots, status)
    if chosen is project.progress:
        return project
    return located_in(snapshots_path(path), lambda: project.revised(progress=chosen))


def _baseline(path: Path, name: str | None) -> tuple[Baseline | None, str]:
    """The baseline the report measures against, and why there is none when there are some.

    `name` given: that one (`no_baseline` when it is not saved, as `steerco evm` says).
    Else the one named `baseline`, or the only one; none saved: no baseline, no reason.
    Several and none named `baseline`: no baseline, and the reason says which to choose.
    """
    from steerco.formats.baselines_file import load_baseline, load_baselines

    try:
        return load_baseline(path, name), ""
    except ProjectError as error:
        if name is not None or any(d.code != Code.no_baseline for d in error.diagnostics):
            raise
    names = load_baselines(path).names()
    if not names:
        return None, ""
    return None, (
        f"several baselines ({', '.join(names)}) and none named 'baseline': choose the one "
        "to measure against with --baseline NAME"
    )


def _epic_day_note(project: Project, status: dt.date) -> list[str]:
    """A note when the epics delivering tasks are counted at another day than the report's."""
    from steerco.agile.hybrid import epic_as_of

    day = epic_as_of(project)
    if day is None or day == status or not any(leaf.epic for leaf in project.leaves()):
        return []
    source = "progress status date" if project.progress.status_date else "start"
    return [
        f"the epics that deliver tasks are counted as of {day}, the file's {source}: record "
        f"progress at {status} (steerco update) to forecast them as of the report's date"
    ]


def report_inputs(
    *,
    path: Path,
    status_date: dt.date | None = None,
    iterations: int = REPORT_ITERATIONS,
    seed: int | None = None,
    time_limit: float | None = None,
    baseline: str | None = None,
) -> ReportInputs:
    """What the report of the project file at `path` on `status_date` is built from.

    `status_date` defaults to the file's progress status date, else today; a date before
    the project's start or after the file's status date is a located `bad_date`. The
    forecast runs `iterations` (seeded by `seed`, 0 when None) exactly as `steerco forecast
    --iterations N --seed S` does, so both give the same dates, against the plan `steerco
    schedule --time-limit T` makes: levelled for at most `time_limit` seconds (T; None:
    schedule's default, 10 s). Cost and scope are measured against the saved baseline
    `baseline` (`_baseline`: by default the one named `baseline`, else the only one).
    """
    from steerco.app.earned_value import earned_value_with_trend
    from steerco.app.forecast import forecast_plan
    from steerco.app.gates import evaluate_gates, judge_gates
    from steerco.app.report_agile import agile_figures
    from steerco.app.risks import risk_register
    from steerco.forecast.run import ForecastOptions
    from steerco.formats.loader import compile_located, load_project
    from steerco.formats.snapshots import load_snapshots
    from steerco.report.build import ReportInputs
    from steerco.schedule.options import SolveOptions
    from steerco.track.progress import progress_at, recorded_dates

    project = load_project(path)
    status = _status_date(path, project, status_date)
    snapshots = load_snapshots(path)
    measured = _at(path, project, snapshots, status)
    options = ForecastOptions(iterations=iterations, seed=seed or 0)
    solve = SolveOptions() if time_limit is None else SolveOptions(time_limit=time_limit)
    judged = judge_gates(project, path)  # once: the forecast's rework and the gates table
    run, plan = forecast_plan(
        compile_located(path, measured), measured, options, solve=solve, path=path, gates=judged[0]
    )
    earned = trend = None
    frozen, unchosen = _baseline(path, baseline)
    if frozen is not None:
        earned, whole = earned_value_with_trend(
            path=path, status_date=status, project=project, frozen=frozen
        )
        trend = tuple(p for p in whole.points if p.status_date <= status)
    days = [d for d in recorded_dates(project, snapshots) if d <= status]
    progresses = tuple(progress_at(project, snapshots, d) for d in days)
    gates = evaluate_gates(path=path, plan=plan, project=project, judged=judged)
    register = risk_register(path=path, as_of=status, project=project).register
    agile = agile_figures(path=path, project=project, status_date=status)
    notes = (
        *plan.notes,
        f"forecast: {run.iterations:,} iterations, seed {run.seed}, against the {run.plan} plan",
        *run.notes,
        *agile.notes,
        *([f"no baseline chosen: {unchosen}"] if unchosen else []),
        *_epic_day_note(measured, status),
    )
    return ReportInputs(
        project=measured,
        status_date=status,
        plan=plan.schedule,
        forecast=run,
        register=register,
        gates=gates.checks,
        baseline=frozen,
        unchosen=unchosen,
        earned=earned,
        trend=trend or (),
        progresses=progresses,
        notes=notes,
        agile=agile.section,
        sprint_burn=agile.burn,
    )


def status_report(
    *,
    path: Path,
    status_date: dt.date | None = None,
    audience: Audience = "team",
    iterations: int = REPORT_ITERATIONS,
    seed: int | None = None,
    time_limit: float | None = None,
    baseline: str | None = None,
) -> StatusReport:
    """The status report of the project file at `path` on `status_date` for `audience`.

    Built (`report.build`) from `report_inputs`, whose docstring says which date and
    forecast it takes.
    """
    from steerco.report.build import build_status_report

    inputs = report_inputs(
        path=path,
        status_date=status_date,
        iterations=iterations,
        seed=seed,
        time_limit=time_limit,
        baseline=baseline,
    )
    return build_status_report(inputs, audience=audience)
