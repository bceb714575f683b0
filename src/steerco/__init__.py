"""steerco: plan, schedule, forecast and track AI/ML projects.

The curated public API: the use cases of `steerco.app` (the same functions the CLI calls)
under short names, the project model, and the scheduling building blocks. Names are
imported on first use (PEP 562), so `import steerco` (and the CLI's start-up) costs
nothing until a name is needed.

    >>> import steerco
    >>> plan = steerco.schedule("examples/demand-forecast.yaml", method="cpm")
    >>> run = steerco.forecast("examples/demand-forecast.yaml")
"""

from importlib import import_module as _import_module
from pathlib import Path as _Path
from typing import TYPE_CHECKING as _TYPE_CHECKING

from steerco._lazy import lazy_exports as _lazy_exports
from steerco.errors import CycleError, Diagnostic, ProjectError, SteercoError

if _TYPE_CHECKING:
    from collections.abc import Callable

    from steerco.app.baseline import plan_variance as variance
    from steerco.app.baseline import save_baseline
    from steerco.app.career import assess_career
    from steerco.app.comms import comms_due, send_due
    from steerco.app.earned_value import earned_value_at as earned_value
    from steerco.app.earned_value import earned_value_trend
    from steerco.app.flow import flow_report
    from steerco.app.forecast import ForecastRun
    from steerco.app.gates import evaluate_gates
    from steerco.app.history import calibrate_history, forecast_throughput
    from steerco.app.imports import import_csv, import_jira
    from steerco.app.interop import import_plan
    from steerco.app.progress import record_progress
    from steerco.app.project import load_project_file as plan
    from steerco.app.project import validate_project_file as validate
    from steerco.app.release import release_forecast
    from steerco.app.report import status_report
    from steerco.app.report_output import write_report
    from steerco.app.risks import adopt_risk, quantify_risks, risk_register, suggest_risks
    from steerco.app.sprint import sprint_report, velocity_report
    from steerco.app.team import analyse_team
    from steerco.app.templates import new_project
    from steerco.forecast.run import ForecastOptions
    from steerco.formats.foreign.read import read_foreign
    from steerco.formats.loader import load_network, load_project
    from steerco.model import Project
    from steerco.schedule.cpm import critical_path
    from steerco.schedule.network import Network, compile_project
    from steerco.schedule.options import Objective, PlanMethod, SolveOptions
    from steerco.schedule.plan import Schedule, ScheduledTask, ScheduleStatus
    from steerco.schedule.planner import Unscheduled

__all__ = [
    "CycleError",
    "Diagnostic",
    "ForecastOptions",
    "Network",
    "Project",
    "ProjectError",
    "Schedule",
    "ScheduleStatus",
    "ScheduledTask",
    "SolveOptions",
    "SteercoError",
    "Unscheduled",
    "__version__",
    "adopt_risk",
    "analyse_team",
    "assess_career",
    "calibrate_history",
    "comms_due",
    "compile_project",
    "critical_path",
    "earned_value",
    "earned_value_trend",
    "evaluate_gates",
    "flow_report",
    "forecast",
    "forecast_throughput",
    "import_csv",
    "import_jira",
    "import_plan",
    "load_network",
    "load_project",
    "new_project",
    "plan",
    "quantify_risks",
    "read_foreign",
    "record_progress",
    "release_forecast",
    "risk_register",
    "save_baseline",
    "schedule",
    "send_due",
    "sprint_report",
    "status_report",
    "suggest_risks",
    "validate",
    "variance",
    "velocity_report",
    "write_report",
]

__version__ = "0.1.0"

if not _TYPE_CHECKING:
    __getattr__ = _lazy_exports(
        __name__,
        {
            "ForecastOptions": "steerco.forecast.run",
            "Network": "steerco.schedule.network",
            "Project": "steerco.model",
            "Schedule": "steerco.schedule.plan",
            "ScheduleStatus": "steerco.schedule.plan",
            "ScheduledTask": "steerco.schedule.plan",
            "SolveOptions": "steerco.schedule.options",
            "Unscheduled": "steerco.schedule.planner",
            "adopt_risk": "steerco.app.risks",
            "analyse_team": "steerco.app.team",
            "assess_career": "steerco.app.career",
            "calibrate_history": "steerco.app.history",
            "comms_due": "steerco.app.comms",
            "compile_project": "steerco.schedule.network",
            "critical_path": "steerco.schedule.cpm",
            "earned_value": "steerco.app.earned_value:earned_value_at",
            "earned_value_trend": "steerco.app.earned_value",
            "evaluate_gates": "steerco.app.gates",
            "flow_report": "steerco.app.flow",
            "forecast_throughput": "steerco.app.history",
            "import_csv": "steerco.app.imports",
            "import_jira": "steerco.app.imports",
            "import_plan": "steerco.app.interop",
            "load_network": "steerco.formats.loader",
            "load_project": "steerco.formats.loader",
            "new_project": "steerco.app.templates",
            "plan": "steerco.app.project:load_project_file",
            "quantify_risks": "steerco.app.risks",
            "read_foreign": "steerco.formats.foreign.read",
            "record_progress": "steerco.app.progress",
            "release_forecast": "steerco.app.release",
            "risk_register": "steerco.app.risks",
            "save_baseline": "steerco.app.baseline",
            "send_due": "steerco.app.comms",
            "sprint_report": "steerco.app.sprint",
            "status_report": "steerco.app.report",
            "suggest_risks": "steerco.app.risks",
            "validate": "steerco.app.project:validate_project_file",
            "variance": "steerco.app.baseline:plan_variance",
            "velocity_report": "steerco.app.sprint",
            "write_report": "steerco.app.report_output",
        },
    )

# `schedule` and `forecast` are also subpackages. They are imported (light: their names are
# lazy) before the functions of the same names are defined, so that importing them later
# cannot rebind `steerco.schedule` or `steerco.forecast` to the package.
_import_module("steerco.schedule")
_import_module("steerco.forecast")


def schedule(
    project: "Project | str | _Path",
    *,
    method: "PlanMethod" = "auto",
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    objective: "Objective" = "makespan",
    hard_deadlines: bool = False,
) -> "Schedule | Unscheduled":
    """Schedule a project (or a project file): levelled when tasks use resources, else CPM.

    The same choices as `steerco schedule`; `method="cpm"` gives the plain critical path.
    """
    from steerco.app.schedule import schedule_project
    from steerco.schedule.options import SolveOptions

    options = SolveOptions(
        method=method,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        objective=objective,
        hard_deadlines=hard_deadlines,
    )
    return schedule_project(source=project, options=options)


def forecast(
    path: "str | _Path",
    *,
    options: "ForecastOptions | None" = None,
    history: "str | _Path | None" = None,
    history_estimate_unit: str = "time",
    level: str = "past",
    on_block: "Callable[[int, int], None] | None" = None,
) -> "ForecastRun":
    """Forecast a project file by Monte Carlo, as `steerco forecast` does (see ForecastOptions).

    `history` (estimates against actuals) calibrates the estimates first; its estimates are
    working time, or story points with `history_estimate_unit="points"`
    (`--history-estimate-unit`), which then size the tasks' `points`. `level` (`--level`):
    `past` moves the calibrated tasks' total by the history's level factor, `fixed` not.
    """
    from steerco.app.forecast import forecast_project

    return forecast_project(
        path=_Path(path),
        options=options,
        history=None if history is None else _Path(history),
        history_estimate_unit=history_estimate_unit,
        level=level,
        on_block=on_block,
    )
