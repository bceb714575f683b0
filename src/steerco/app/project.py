"""Open and check a project file: a project YAML or a PSPLIB `.sm` file, by extension."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from steerco.errors import Diagnostic
from steerco.model import Project
from steerco.schedule.network import Network

__all__ = [
    "ProjectInput",
    "Validation",
    "check_schedulable",
    "load_project_file",
    "validate_project_file",
]


@dataclass(frozen=True)
class ProjectInput:
    """A project compiled to its Network; the Project too for a YAML file (None for PSPLIB)."""

    network: Network
    project: Project | None = None
    path: Path | None = None


@dataclass(frozen=True)
class Validation:
    """A valid project file: what it holds, and warnings that do not make it invalid."""

    path: Path
    tasks: int
    summaries: int
    dependencies: int
    warnings: tuple[Diagnostic, ...] = ()


def load_project_file(*, path: str | Path) -> ProjectInput:
    """Read and compile a project file; invalid input raises ProjectError (located)."""
    from steerco.formats.loader import load_plan_input

    network, project = load_plan_input(path)
    return ProjectInput(network, project, Path(path))


def check_schedulable(
    loaded: ProjectInput, *, demands: bool = True, hard_deadlines: bool = False
) -> None:
    """Raise a located ProjectError for what makes levelling impossible, known without solving.

    A demand above every candidate's capacity (`demand_above_capacity`, when `demands`),
    and with `hard_deadlines` a deadline before its task's earliest finish
    (`deadline_unreachable`); see `steerco.schedule.precheck`.
    """
    if loaded.project is None:
        return
    demands = demands and any(leaf.demands for leaf in loaded.project.leaves())
    if not demands and not hard_deadlines:
        return  # nothing to check: keep the solvers' modules out of a plain validate
    from steerco.errors import ProjectError
    from steerco.formats.located import locate_in_file
    from steerco.schedule.precheck import feasibility_problems

    found = feasibility_problems(
        loaded.project, loaded.network, demands=demands, hard_deadlines=hard_deadlines
    )
    if found:
        raise ProjectError(locate_in_file(loaded.path, found) if loaded.path else found)


def _validation_input(path: Path) -> tuple[ProjectInput, list[Diagnostic]]:
    """The file compiled for checking, and a located warning per task sized in points alone.

    A project that a history of points can date (every task such a history would calibrate
    has `points`: no `forecast.points.unpointed`) is valid input for `steerco forecast
    --history H --history-estimate-unit points`: its tasks in points alone are warned of
    (`points_only_warnings`) and planned at one unit, the least that forecast plans, for
    the other checks. Otherwise no history dates it, and they stay the located
    `points_need_history` errors every command that plans gives.
    """
    from steerco.formats.loader import load_plan_input
    from steerco.formats.located import locate_in_file
    from steerco.model.points import planned_at_least, points_only, points_only_warnings

    warned: list[Diagnostic] = []

    def sized(project: Project) -> Project:
        if not any(points_only(leaf) for leaf in project.leaves()):
            return project
        from steerco.forecast.points import unpointed

        if unpointed(project):
            return project  # compiling it raises points_need_history
        warned.extend(points_only_warnings(project, file=str(path)))
        return planned_at_least(project)

    network, project = load_plan_input(path, sized=sized)
    return ProjectInput(network, project, path), locate_in_file(path, warned)


def validate_project_file(
    *, path: str | Path, today: dt.date | None = None, hard_deadlines: bool = False
) -> Validation:
    """Check a project file: counts of what it holds, and located warnings.

    Skill names are free-form, so a skill missing from steerco's taxonomy and from the
    project's declared `skills` is a located warning (`unknown_skill`), not an error; so is
    an actual date on a day the calendar does not work (`actual_on_non_working_day`), and so
    is a recipient of the communication plan without an `email` (`no_email`). A
    role or skill demand too few resources qualify for raises a located ProjectError
    (`unstaffable_demand`). Nothing is scheduled, but what would make levelling impossible
    is an error too: a demand above every candidate's capacity and, with `hard_deadlines`,
    a deadline before its task's earliest finish (`check_schedulable`). A task sized in
    story points alone is a located warning (`points_need_history`) when a history of points
    can date the project, and those checks plan it at one unit (`_validation_input`).
    """
    loaded, pointed = _validation_input(Path(path))
    check_schedulable(loaded, hard_deadlines=hard_deadlines)
    warnings = tuple(pointed)
    if loaded.project is not None:
        from steerco.app.progress import progress_warnings_at
        from steerco.errors import ProjectError
        from steerco.formats.skill_warnings import (
            project_taxonomy,
            skill_warnings,
            unstaffable_errors,
        )
        from steerco.library.people import load_people_data

        bundled = load_people_data().taxonomy
        taxonomy = project_taxonomy(Path(path), loaded.project, bundled)
        warnings += tuple(skill_warnings(Path(path), loaded.project, taxonomy))
        staffed = any(leaf.demands for leaf in loaded.project.leaves())
        errors = unstaffable_errors(Path(path), loaded.project) if staffed else []
        if errors:
            raise ProjectError([*errors, *warnings])
        day = today or dt.date.today()  # a status date after it is warned (status_date_in_future)
        warnings += tuple(progress_warnings_at(Path(path), loaded.project, today=day))
        if loaded.project.backlog:  # done on no known day: left out of velocity and flow
            from steerco.agile.items import undated_done
            from steerco.formats.located import locate_in_file

            project = loaded.project
            warnings += tuple(
                locate_in_file(Path(path), undated_done(project.backlog, project.workflow))
            )
        if loaded.project.communications:  # a recipient without an address is warned (no_email)
            from steerco.formats.located import locate_in_file
            from steerco.report.comms import missing_emails

            warnings += tuple(locate_in_file(Path(path), missing_emails(loaded.project)))
    network = loaded.network
    return Validation(
        path=Path(path),
        tasks=network.size,
        summaries=len(network.summaries),
        dependencies=int(network.src.size),
        warnings=warnings,
    )
