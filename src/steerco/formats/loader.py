"""Open a project from a file of any supported kind, chosen by extension."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.foreign.plan import FOREIGN_SUFFIXES
from steerco.model import Project
from steerco.schedule.network import Network, compile_project

__all__ = [
    "PROJECT_SUFFIXES",
    "compile_located",
    "load_network",
    "load_plan_input",
    "load_project",
]

PROJECT_SUFFIXES = (".yaml", ".yml", ".sm")


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    if suffix == ".sm":
        return "psplib"
    if suffix in FOREIGN_SUFFIXES:
        return "foreign"
    known = ", ".join([*PROJECT_SUFFIXES, *FOREIGN_SUFFIXES])
    raise ProjectError(
        [
            Diagnostic(
                Code.unknown_file_type,
                f"cannot read {suffix or 'a file without extension'}; expected {known}",
                (),
                str(path),
            )
        ]
    )


def load_project(path: str | Path) -> Project:
    """Read a project YAML file, a PSPLIB `.sm` file or another tool's plan into a valid Project.

    Another tool's plan (`.xml`, `.xer`, `.gan`, `.mpp`, `.mpx`) is read as `steerco import`
    reads it (`formats.foreign.project.load_foreign_project`); a file of several projects
    is ambiguous here and asks for `steerco import --project` first.

    A task delivered by an epic whose forecast cannot be made (no items, no throughput) is
    a located error here (`agile.hybrid.epic_forecasts`). Skill names come back resolved through
    steerco's taxonomy and the file's declared `skills` (`people.skills.canonical_project`:
    `training` is `facilitation`), so that every command matches people to demands alike.
    """
    path = Path(path)
    kind = _kind(path)
    if kind == "psplib":
        from steerco.formats.psplib import load_psplib, psplib_project

        return psplib_project(load_psplib(path))
    if kind == "foreign":
        from steerco.formats.foreign.project import load_foreign_project

        return load_foreign_project(path)
    from steerco.formats.project_yaml import load_project_yaml

    project = load_project_yaml(path)
    if not any(r.skills for r in project.resources) and not any(
        need.skill is not None for leaf in project.leaves() for need in leaf.demands
    ):
        return project  # no skill name to resolve: the staffing modules stay unimported
    from steerco.formats.skill_warnings import project_taxonomy
    from steerco.library.people import load_people_data
    from steerco.people.skills import canonical_project

    taxonomy = project_taxonomy(path, project, load_people_data().taxonomy)
    try:
        return canonical_project(project, taxonomy)
    except ProjectError as error:  # one skill under two names (`Python`, `python`)
        from steerco.formats.located import locate_in_file

        raise ProjectError(locate_in_file(path, error.diagnostics)) from None


def _check_epics(path: Path, project: Project) -> None:
    """Raise a located error for a task delivered by an epic that cannot be forecast.

    Checked where the file is compiled to a network (every command that plans), not where
    it is read: the backlog's own commands (sprint, flow, import) work on a hybrid project
    before its team has the week of history an epic's forecast needs.
    """
    if not any(leaf.epic is not None for leaf in project.leaves()):
        return
    from steerco.agile.hybrid import epic_forecasts
    from steerco.formats.located import locate_in_file

    try:
        epic_forecasts(project)
    except ProjectError as error:
        raise ProjectError(locate_in_file(path, error.diagnostics)) from None


def load_network(path: str | Path) -> Network:
    """Read a file and compile it to a Network (PSPLIB files go straight to arrays)."""
    path = Path(path)
    if _kind(path) == "psplib":
        from steerco.formats.psplib import load_psplib, psplib_network

        try:
            return psplib_network(load_psplib(path))
        except ProjectError as error:
            error.diagnostics = [
                d.located(str(path), d.line, d.column) if d.file is None else d
                for d in error.diagnostics
            ]
            raise
    project = load_project(path)
    _check_epics(path, project)
    return compile_located(path, project)


def compile_located(path: Path, project: Project) -> Network:
    """`project`'s Network; a problem found compiling it (`points_need_history`) located."""
    try:
        return compile_project(project)
    except ProjectError as error:
        if any(d.path and d.file is None for d in error.diagnostics):
            from steerco.formats.located import locate_in_file

            error.diagnostics = locate_in_file(path, error.diagnostics)
        raise


def load_plan_input(
    path: str | Path, *, sized: Callable[[Project], Project] | None = None
) -> tuple[Network, Project | None]:
    """The compiled Network and, for a project file, the Project (for staffing and leave).

    `sized`: gives the tasks sized in story points alone a duration before the project is
    compiled (a forecast on a history of points); without it, such a task is a located
    `points_need_history` error, as in every command that plans.
    """
    path = Path(path)
    if _kind(path) == "psplib":
        return load_network(path), None
    project = load_project(path)
    _check_epics(path, project)
    if sized is not None:
        try:
            project = sized(project)
        except ProjectError as error:
            from steerco.formats.located import locate_in_file

            error.diagnostics = locate_in_file(path, error.diagnostics)
            raise
    return compile_located(path, project), project
