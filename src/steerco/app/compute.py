"""`steerco compute`: planned against used accelerator-hours and cost of each training task."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from steerco.app.runs import RunReader, read_run
from steerco.errors import Diagnostic
from steerco.model.project import Project
from steerco.track.compute_budget import ComputeBudget
from steerco.track.runs import RunHistory

__all__ = ["ComputeReport", "compute_report"]


@dataclass(frozen=True)
class ComputeReport:
    """The project, its compute budget, and the warnings reading the runs gave."""

    project: Project
    budget: ComputeBudget
    warnings: tuple[Diagnostic, ...] = ()


def compute_report(*, path: Path, fetch: RunReader | None = None) -> ComputeReport:
    """Read the project at `path`, each linked run's log, and the compute budget of its tasks.

    What the plan books comes from the plan every command dates by (`app.plan`), so the
    booked cost is the one `steerco schedule` shows for the task.

    Run logs are found relative to the project file's folder. A log that is missing or
    cannot be read leaves that task's used hours unknown (with the reader's warnings),
    never an error; an invalid project file raises a located ProjectError.
    """
    from steerco.formats.loader import load_project
    from steerco.library.accelerators import load_accelerators
    from steerco.track.compute_budget import compute_budget

    project = load_project(path)
    read = fetch or read_run
    runs: dict[str, RunHistory | str] = {}
    warnings: list[Diagnostic] = []
    for leaf in project.leaves():
        if leaf.run is None:
            continue
        found = read(leaf.run, Path(path).parent)
        warnings.extend(found.warnings)
        if found.history is not None:
            runs[leaf.id] = found.history
        else:
            runs[leaf.id] = found.missing or "the run's log could not be read"
    budget = compute_budget(project, load_accelerators(), runs, booked_days=_booked_days(project))
    return ComputeReport(project, budget, tuple(warnings))


def _booked_days(project: Project) -> dict[str, float]:
    """Each leaf's duration in days in the plan every command dates by (`app.plan`).

    Once started: the units it has run plus those left, as `steerco schedule` costs it.
    """
    from steerco.app.plan import dating_plan
    from steerco.schedule.network import compile_project

    network = dating_plan(compile_project(project), project).schedule.network
    per_day = project.calendar.hours_per_day if project.unit == "hour" else 1.0
    # A started task costs the units it has run and those left, as the schedule costs it.
    progress = network.progress
    durations = network.duration if progress is None else progress.elapsed + progress.remaining
    return {
        task: float(days) / per_day
        for task, days in zip(network.ids, durations.tolist(), strict=True)
    }
