"""Use case: forecast a project file — Monte Carlo dates, milestones and cost."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.errors import ProjectError
from steerco.forecast.calibrated import DEFAULT_MODEL, CalibrationModel, ModelName
from steerco.forecast.engine import simulate
from steerco.forecast.result import Forecast
from steerco.forecast.run import ForecastOptions, Simulator, forecast
from steerco.model import Project

if TYPE_CHECKING:
    from steerco.app.plan import DatedPlan
    from steerco.schedule.network import Network
    from steerco.schedule.options import SolveOptions
    from steerco.track.gates import GateCheck

__all__ = ["ForecastOptions", "ForecastRun", "forecast_plan", "forecast_project"]


@dataclass(frozen=True)
class ForecastRun:
    """The forecast of one project file, and the estimate history it was calibrated on."""

    file: Path
    history: Path | None
    forecast: Forecast


def _rework_gates(
    project: Project | None, path: Path | None, judged: Sequence[GateCheck] | None
) -> tuple[GateCheck, ...]:
    """The verdicts on the gates of `project` when some metric gate has a rework, else none.

    `judged`: the verdicts already made, used instead of reading the gates' logs again.
    """
    if project is None or path is None:
        return ()
    if not any(getattr(task.gate, "rework", None) is not None for task in project.all_tasks()):
        return ()
    if judged is not None:
        return tuple(judged)
    from steerco.app.gates import judge_gates

    checks, _ = judge_gates(project, path)
    return checks


def forecast_plan(
    network: Network,
    project: Project | None,
    options: ForecastOptions,
    *,
    on_block: Callable[[int, int], None] | None = None,
    solve: SolveOptions | None = None,
    simulator: Simulator = simulate,
    path: Path | None = None,
    gates: Sequence[GateCheck] | None = None,
) -> tuple[Forecast, DatedPlan]:
    """The forecast of a loaded project against the plan every command dates by, and that plan.

    Levelled in every iteration when tasks use resources, unless `options.resources` is
    False; why the plan is not levelled when levelling found none leads the forecast's notes,
    followed by where the duration of each task delivered by an epic comes from.
    `solve`: how the plan is levelled (default `steerco schedule`'s options); `simulator`
    runs the iterations (`forecast.run.forecast`'s). `path`: the project file, whose folder
    holds the logs and metrics files its gates read; given, and when some metric gate has
    a `rework`, the gates are judged (`app.gates.judge_gates`) and each rework path added
    with probability 1 - P(met). No gate is read otherwise. `gates`: the verdicts when the
    caller has judged them already (`app.gates.judge_gates`); the logs are not read again.
    """
    from steerco.agile.hybrid import epic_notes
    from steerco.app.plan import dating_plan

    plan = dating_plan(network, project, levelled=options.resources, options=solve)
    gates = _rework_gates(project, path, gates)
    result = forecast(
        network,
        project,
        options,
        plan=plan.schedule,
        on_block=on_block,
        simulator=simulator,
        gates=gates,
    )
    epics = [] if project is None else epic_notes(project)
    if plan.notes or epics:
        result = replace(result, notes=[*plan.notes, *epics, *result.notes])
    return result, plan


def _calibrated_on(
    history: Path,
    options: ForecastOptions,
    model: ModelName,
    *,
    encoding: str | None,
    columns: str | dict[str, str] | None,
    estimate_unit: str,
    level: str,
) -> tuple[ForecastOptions, Callable[[Project], Project], list[str]]:
    """`options` calibrated on `history`, what sizes the project's points, and notes.

    A history of points gives each task sized in points alone its planned duration
    (`forecast.points.sized_by_points`); a history of working time refuses such a task
    (`points_need_history`, naming the history). `level` `past`: the options keep the
    history for the total's level factor (`steerco.forecast.total_level`).
    """
    from steerco.app.history import history_options, level_mode
    from steerco.forecast.calibrated import prefix_fits
    from steerco.formats.history import HISTORY_FIELDS, read_history

    try:
        how = history_options(
            encoding=encoding, columns=columns, estimate_unit=estimate_unit, fields=HISTORY_FIELDS
        )
    except ProjectError as error:  # name the options as this function does
        raise ProjectError(
            [replace(d, path=(f"history_{d.path[0]}",)) for d in error.diagnostics]
        ) from None
    mode = level_mode(level)
    read = read_history(history, how)
    fits = prefix_fits(read.records, model, unit=read.estimate_unit)
    calibration = fits.fit()
    options = replace(
        options,
        calibration=calibration,
        estimate_unit=read.estimate_unit,
        level_history=fits if mode == "past" else None,
    )
    notes: list[str] = []
    if read.no_value or read.zero:
        notes.append(
            f"the history's rows without an estimate or actual ({read.no_value:,}) or "
            f"with one of 0 ({read.zero:,}) were skipped"
        )
    if read.estimate_unit == "points":
        return options, _PointsSizing(calibration), notes

    def no_points_alone(project: Project) -> Project:
        from steerco.model.points import points_need_history

        found = points_need_history(project, history=str(history))
        if found:
            raise ProjectError(found)
        return project

    return options, no_points_alone, notes


@dataclass
class _PointsSizing:
    """Sizes a project's tasks on a history of points, keeping which were planned from it."""

    calibration: CalibrationModel
    planned: tuple[str, ...] = ()
    """Ids of the tasks sized in points alone, planned at the median of their draws."""

    def __call__(self, project: Project) -> Project:
        """`project` with its tasks sized in points alone given durations (`sized_by_points`)."""
        from steerco.forecast.points import sized_by_points

        sized, planned = sized_by_points(project, self.calibration)
        self.planned = tuple(planned)
        return sized


_SHOWN_POINTED = 6
"""Tasks sized in points alone named, with their planned durations, in the forecast's note."""


def _points_note(project: Project, pointed: int, planned: tuple[str, ...]) -> str:
    """What a history of points did: `pointed` tasks calibrated on points, `planned` from them."""
    note = (
        f"the history's estimates are story points: {pointed:,} task"
        f"{'' if pointed == 1 else 's'} drew working time from their points at the "
        "history's working days per point"
    )
    if not planned:
        return note
    durations = {leaf.id: leaf.duration for leaf in project.leaves() if leaf.id in planned}
    shown = ", ".join(f"{tid} {durations[tid]}" for tid in planned[:_SHOWN_POINTED])
    more = f" and {len(planned) - _SHOWN_POINTED:,} more" if len(planned) > _SHOWN_POINTED else ""
    return (
        f"{note}; estimated in points alone, {len(planned):,} planned at the median of "
        f"their draws: {shown}{more}"
    )


def forecast_project(
    *,
    path: Path,
    options: ForecastOptions | None = None,
    history: Path | None = None,
    history_encoding: str | None = None,
    history_columns: str | dict[str, str] | None = None,
    history_estimate_unit: str = "time",
    model: ModelName = DEFAULT_MODEL,
    level: str = "past",
    on_block: Callable[[int, int], None] | None = None,
    simulator: Simulator = simulate,
) -> ForecastRun:
    """Load `path` (project YAML or PSPLIB), calibrate on `history` if given, and forecast it.

    The forecast is measured against the plan every command dates by (`steerco.app.plan`):
    levelled when tasks use resources, and then levelled in every iteration too, unless
    `options.resources` is False (the critical path's quick view). `history` (CSV or YAML
    of estimates and actuals, read with `history_encoding`, `history_columns` and
    `history_estimate_unit` as `app.history.history_options` reads them), calibrated by
    `model` (`steerco.forecast.calibrated`), replaces `options.calibration`; the rows it
    skipped are noted in the forecast. `level` (`past` or `fixed`, as `--level` reads
    it): `past` moves the calibrated tasks' total by its level factor, learned from how
    the same forecast, replayed on the history's last windows, missed
    (`steerco.forecast.total_level`); `fixed` draws the tasks as they are. A history of
    story points calibrates the tasks' `points` (`steerco.forecast.points`): a task sized
    in points alone is planned at the median of its draws, and a task with working time
    but no points is a located `estimate_unit_mismatch`; without such a history, a task
    sized in points alone is a located `points_need_history`. `on_block(done, total)` is
    called after each block of iterations; `simulator` runs them (a distributed job passes
    its own, see `steerco.app.workspace.job_kinds`). Invalid input (the project or the
    history) raises ProjectError with located diagnostics.
    """
    from steerco.formats.loader import load_plan_input

    options = options or ForecastOptions()
    notes: list[str] = []
    sized: Callable[[Project], Project] | None = None
    if history is not None:
        options, sized, notes = _calibrated_on(
            history,
            options,
            model,
            encoding=history_encoding,
            columns=history_columns,
            estimate_unit=history_estimate_unit,
            level=level,
        )
    network, project = load_plan_input(path, sized=sized)
    result, _ = forecast_plan(
        network, project, options, on_block=on_block, simulator=simulator, path=path
    )
    if project is not None and isinstance(sized, _PointsSizing):
        pointed = len(result.calibration or ())
        notes.append(_points_note(project, pointed, sized.planned))
    if notes:
        result = replace(result, notes=[*result.notes, *notes])
    return ForecastRun(file=path, history=history, forecast=result)
