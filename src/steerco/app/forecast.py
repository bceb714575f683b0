"""Use case: forecast a project file — Monte Carlo dates, milestones and cost."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.forecast.calibrated import DEFAULT_MODEL, ModelName
from steerco.forecast.engine import simulate
from steerco.forecast.result import Forecast
from steerco.forecast.run import ForecastOptions, Simulator, forecast

if TYPE_CHECKING:
    from steerco.app.plan import DatedPlan
    from steerco.model import Project
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


def forecast_project(
    *,
    path: Path,
    options: ForecastOptions | None = None,
    history: Path | None = None,
    history_encoding: str | None = None,
    history_columns: str | dict[str, str] | None = None,
    model: ModelName = DEFAULT_MODEL,
    on_block: Callable[[int, int], None] | None = None,
    simulator: Simulator = simulate,
) -> ForecastRun:
    """Load `path` (project YAML or PSPLIB), calibrate on `history` if given, and forecast it.

    The forecast is measured against the plan every command dates by (`steerco.app.plan`):
    levelled when tasks use resources, and then levelled in every iteration too, unless
    `options.resources` is False (the critical path's quick view). `history` (CSV or YAML
    of estimates and actuals, read with `history_encoding` and `history_columns` as
    `app.history.history_options` reads them), calibrated by `model`
    (`steerco.forecast.calibrated`), replaces `options.calibration`; the rows it skipped
    are noted in the forecast. `on_block(done, total)` is called after each block of
    iterations; `simulator` runs them (a distributed job passes its own, see
    `steerco.app.workspace.job_kinds`). Invalid input (the project or the history) raises
    ProjectError with located diagnostics.
    """
    from steerco.formats.loader import load_plan_input

    options = options or ForecastOptions()
    network, project = load_plan_input(path)
    notes: list[str] = []
    if history is not None:
        from steerco.app.history import history_options
        from steerco.forecast.calibrated import fit_model
        from steerco.formats.history import HISTORY_FIELDS, read_history

        try:
            how = history_options(
                encoding=history_encoding, columns=history_columns, fields=HISTORY_FIELDS
            )
        except ProjectError as error:  # name the options as this function does
            raise ProjectError(
                [replace(d, path=(f"history_{d.path[0]}",)) for d in error.diagnostics]
            ) from None
        read = read_history(history, how)
        if read.estimate_unit == "points":
            raise ProjectError(
                [
                    Diagnostic(
                        Code.bad_duration,
                        "this history's estimates are story points: it calibrates days per "
                        "point (see `steerco calibration`), but a project's estimates are "
                        "working time; give a history whose estimates are working time",
                        (),
                        str(history),
                    )
                ]
            )
        options = replace(options, calibration=fit_model(read.records, model))
        if read.no_value or read.zero:
            notes.append(
                f"the history's rows without an estimate or actual ({read.no_value:,}) or "
                f"with one of 0 ({read.zero:,}) were skipped"
            )
    result, _ = forecast_plan(
        network, project, options, on_block=on_block, simulator=simulator, path=path
    )
    if notes:
        result = replace(result, notes=[*result.notes, *notes])
    return ForecastRun(file=path, history=history, forecast=result)
