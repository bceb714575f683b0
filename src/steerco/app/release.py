"""`steerco release`: when the remaining backlog, or everything above a cut line, is done.

Reads the project file, picks the basis (the option, else `agile.forecast`, else velocity
for a Scrum project and throughput otherwise) and the as-of date (the option, else the
file's `progress.status_date`, else today), and runs `steerco.agile.release.forecast_release`
with `numpy.random.default_rng(seed)`, its runs moved by the level factor of the history's
past errors (`--level past`, the default, as `steerco throughput` moves its runs) or as
drawn (`fixed`). A bad option value raises a ProjectError whose diagnostic has no file and
the option's name as its path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.app._backlog import as_of_day, backlog_project
from steerco.app.history import DEFAULT_LEVEL, level_mode
from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, did_you_mean
from steerco.render.release import ReleaseReport

if TYPE_CHECKING:
    from steerco.agile.release import ReleaseForecast
    from steerco.model import Project

__all__ = ["ReleaseReport", "release_forecast"]


def _option_error(code: Code, option: str, message: str) -> ProjectError:
    """A bad option value: no file, the option's name as the path."""
    return ProjectError([Diagnostic(code, message, (option,))])


def _notes(f: ReleaseForecast) -> tuple[str, ...]:
    """What a reader should know about how the numbers were counted."""
    notes = []
    if f.unpointed and f.imputed is not None:
        notes.append(
            f"{f.unpointed} remaining item(s) have no story points and count at the median "
            f"of the pointed items, {f.imputed:g} points each"
        )
    if f.scope.left_out:
        notes.append(
            f"{f.scope.left_out} item(s) not done are ranked below the cut line "
            f"{f.scope.cutline!r} and left out"
        )
    level = _level_note(f)
    if level is not None:
        notes.append(level)
    listed = [p.sprint for p in f.periods if p.sprint is not None]
    if listed and f.periods[0].start <= f.as_of:
        notes.append(
            f"sprint {listed[0]!r} is under way and counts as a whole sprint; what it "
            "completed so far is no longer remaining"
        )
    return tuple(notes)


def _level_note(f: ReleaseForecast) -> str | None:
    """How far the runs' level moved (`--level`), or why it did not; None without runs to move."""
    level, period = f.level, "sprint" if f.basis == "velocity" else "week"
    if f.runs is None or not f.remaining:
        return None
    if f.level_mode == "fixed":
        return "the runs take the history's level as known (--level fixed)"
    if level is None:
        return None
    if not level.applied:
        return (
            f"the level factor did not apply: the history ({len(f.history)} {period}s) is "
            "too short to replay this forecast before, so the runs take its level as known "
            "(--level past)"
        )
    return (
        f"each run's level moves by a factor of SD {level.sd:.2f} (log), as this forecast "
        f"replayed at {level.moments:,} earlier {period}s missed (about {level.windows:.0f} "
        "independent spans; --level past)"
    )


def release_forecast(
    *,
    path: Path,
    cutline: str | None = None,
    basis: str | None = None,
    as_of: dt.date | None = None,
    iterations: int = 10000,
    seed: int = 0,
    level: str = DEFAULT_LEVEL,
    project: Project | None = None,
) -> ReleaseReport:
    """Forecast the sprint (velocity) or week (throughput) by which the release is done.

    `cutline`: the id of the release's last item (default `agile.cutline`; none: the whole
    backlog); `basis`: velocity or throughput (default `agile.forecast`, else by the
    project's methodology); `level`: `past` (the runs move by the level factor of the
    history's past errors, `steerco.agile.release.level_moved`) or `fixed` (`level_mode`).
    `project`: the file as loaded, when the caller has it.
    """
    import numpy as np

    from steerco.agile.release import forecast_release
    from steerco.forecast.throughput import check_run

    if basis not in (None, "velocity", "throughput"):
        raise _option_error(
            Code.bad_value, "basis", f"a basis is velocity or throughput, not {basis!r}"
        )
    if seed < 0:
        raise _option_error(
            Code.bad_value, "seed", f"a seed is a whole number from 0 up, got {seed}"
        )
    mode = level_mode(level)
    try:
        check_run(iterations, seed)
    except ProjectError as error:
        raise _option_error(Code.bad_value, "iterations", error.diagnostics[0].message) from None
    project = backlog_project(path, project)
    ids = [item.id for item in project.backlog]
    if cutline is not None and cutline not in ids:
        raise _option_error(
            Code.unknown_item,
            "cutline",
            f"no work item has id {cutline!r}{did_you_mean(cutline, ids)}",
        )
    agile = project.agile
    chosen = (
        basis or agile.forecast or ("velocity" if project.methodology == "scrum" else "throughput")
    )
    day = as_of_day(project, as_of)
    forecast = forecast_release(
        backlog=project.backlog,
        workflow=project.workflow,
        sprints=project.sprints,
        as_of=day,
        basis="velocity" if chosen == "velocity" else "throughput",
        rng=np.random.default_rng(seed),
        iterations=iterations,
        cutline=cutline if cutline is not None else agile.cutline,
        sprint_days=agile.sprint_days,
        deadline=project.deadline,
        level=mode,
    )
    return ReleaseReport(
        project=project.name,
        forecast=forecast,
        iterations=iterations,
        seed=seed,
        notes=_notes(forecast),
    )
