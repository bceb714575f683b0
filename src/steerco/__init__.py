"""steerco: plan, schedule, forecast and track AI/ML projects.

The curated public API: load a project file, compile it, schedule it.
"""

from __future__ import annotations

from pathlib import Path

from steerco.errors import CycleError, Diagnostic, ProjectError, SteercoError
from steerco.formats.loader import load_network, load_project
from steerco.model import Project
from steerco.schedule import Network, compile_project, critical_path
from steerco.schedule.plan import Schedule, schedule_cpm

__all__ = [
    "CycleError",
    "Diagnostic",
    "Network",
    "Project",
    "ProjectError",
    "Schedule",
    "SteercoError",
    "__version__",
    "compile_project",
    "critical_path",
    "load_network",
    "load_project",
    "schedule",
]

__version__ = "0.1.0"


def schedule(project: Project | str | Path) -> Schedule:
    """Schedule a project (or the project file at a path) by the critical path method."""
    network = compile_project(project) if isinstance(project, Project) else load_network(project)
    return schedule_cpm(network)
