"""Run the scheduler from the command line: a live line on stderr, Ctrl-C keeps the best plan."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from steerco.app.project import ProjectInput
    from steerco.model import Project
    from steerco.schedule.network import Network
    from steerco.schedule.options import SolveOptions
    from steerco.schedule.plan import Schedule
    from steerco.schedule.planner import Unscheduled

__all__ = ["plan_with_progress", "schedule_with_progress"]


def schedule_with_progress(source: ProjectInput, options: SolveOptions) -> Schedule | Unscheduled:
    """Schedule, showing the best makespan and bound while levelling; Ctrl-C stops early."""
    from steerco.app.schedule import levels, schedule_project

    if not levels(source, options):
        return schedule_project(source=source, options=options)
    from rich.console import Console

    console = Console(stderr=True)
    stop = threading.Event()

    def interrupt(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        with console.status("levelling: looking for a first schedule...") as status:

            def progress(best: int, bound: int) -> None:
                gap = 0.0 if best <= 0 else (best - bound) / best
                status.update(f"levelling: best makespan {best}, bound {bound}, gap {gap:.1%}")

            result = schedule_project(
                source=source, options=options, on_progress=progress, stop=stop
            )
    finally:
        signal.signal(signal.SIGINT, previous)
    if stop.is_set():
        console.print("interrupted: keeping the best schedule found so far")
    return result


def plan_with_progress(
    network: Network, project: Project | None, options: SolveOptions
) -> Schedule | Unscheduled:
    """`schedule_with_progress` of a compiled network (and its project, for staffing)."""
    from steerco.app.project import ProjectInput

    return schedule_with_progress(ProjectInput(network, project), options)
