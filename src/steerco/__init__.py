"""steerco: plan, schedule, forecast and track AI/ML projects.

The curated public API: load a project file, compile it, schedule it.
"""

from __future__ import annotations

from pathlib import Path

from steerco.errors import CycleError, Diagnostic, ProjectError, SteercoError
from steerco.formats.loader import load_network, load_plan_input, load_project
from steerco.model import Project
from steerco.schedule import Network, compile_project, critical_path
from steerco.schedule.options import Objective, PlanMethod, SolveOptions
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled, plan_network

__all__ = [
    "CycleError",
    "Diagnostic",
    "Network",
    "Project",
    "ProjectError",
    "Schedule",
    "SteercoError",
    "Unscheduled",
    "__version__",
    "compile_project",
    "critical_path",
    "load_network",
    "load_project",
    "schedule",
]

__version__ = "0.1.0"


def schedule(
    project: Project | str | Path,
    *,
    method: PlanMethod = "auto",
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    objective: Objective = "makespan",
    hard_deadlines: bool = False,
) -> Schedule | Unscheduled:
    """Schedule a project (or a project file): levelled when tasks use resources, else CPM.

    The same choices as `steerco schedule`; `method="cpm"` gives the plain critical path.
    """
    model: Project | None
    if isinstance(project, Project):
        network, model = compile_project(project), project
    else:
        network, model = load_plan_input(project)
    options = SolveOptions(
        method=method,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        objective=objective,
        hard_deadlines=hard_deadlines,
    )
    return plan_network(network, project=model, options=options)
