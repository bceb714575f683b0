"""steerco: plan, schedule, forecast and track AI/ML projects.

The curated public API: load a project file, compile it, schedule it. Names are
imported on first use (PEP 562), so `import steerco` (and the CLI's start-up) costs
nothing until a name is needed.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from steerco._lazy import lazy_exports
from steerco.errors import CycleError, Diagnostic, ProjectError, SteercoError

if TYPE_CHECKING:
    from steerco.formats.loader import load_network, load_project
    from steerco.model import Project
    from steerco.schedule.cpm import critical_path
    from steerco.schedule.network import Network, compile_project
    from steerco.schedule.options import Objective, PlanMethod
    from steerco.schedule.plan import Schedule
    from steerco.schedule.planner import Unscheduled

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

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(
        __name__,
        {
            "Network": "steerco.schedule.network",
            "Project": "steerco.model",
            "Schedule": "steerco.schedule.plan",
            "Unscheduled": "steerco.schedule.planner",
            "compile_project": "steerco.schedule.network",
            "critical_path": "steerco.schedule.cpm",
            "load_network": "steerco.formats.loader",
            "load_project": "steerco.formats.loader",
        },
    )

# The subpackage `steerco.schedule` (light: its names are lazy) is imported before the
# function of the same name is defined, so that importing it later cannot rebind
# `steerco.schedule` to the package.
import_module("steerco.schedule")


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
    from steerco.formats.loader import load_plan_input
    from steerco.model import Project
    from steerco.schedule.network import compile_project
    from steerco.schedule.options import SolveOptions
    from steerco.schedule.planner import plan_network

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
