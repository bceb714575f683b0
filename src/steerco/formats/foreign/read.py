"""Read another tool's plan by its suffix: MSPDI, XER and GAN natively, MPP and MPX via MPXJ."""

from __future__ import annotations

from pathlib import Path

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.foreign.errors import unknown_project
from steerco.formats.foreign.plan import FOREIGN_SUFFIXES, ForeignFormat, ForeignPlan

__all__ = ["foreign_format", "read_foreign"]


def foreign_format(path: Path) -> ForeignFormat | None:
    """The format of `path` by its suffix (`.xml` -> `mspdi`), or None for another file."""
    return FOREIGN_SUFFIXES.get(path.suffix.lower())


def _read(path: Path, kind: ForeignFormat, project: str | None) -> ForeignPlan:
    if kind == "mspdi":
        from steerco.formats.foreign.mspdi_read import read_mspdi

        return read_mspdi(path)
    if kind == "xer":
        from steerco.formats.foreign.xer_read import read_xer

        return read_xer(path, project=project)
    if kind == "gan":
        from steerco.formats.foreign.gan_read import read_gan

        return read_gan(path)
    from steerco.formats.foreign.mpxj_bridge import read_with_mpxj

    return read_with_mpxj(path)


def read_foreign(path: Path, *, project: str | None = None) -> ForeignPlan:
    """The plan in `path` (`.xml`, `.xer`, `.gan`, `.mpp`, `.mpx`) as a ForeignPlan.

    `project` picks one project of a file that holds several (an XER); on a file with one
    project it must name that one (`unknown_foreign_project` otherwise).
    """
    path = Path(path)
    kind = foreign_format(path)
    if kind is None:
        known = ", ".join(FOREIGN_SUFFIXES)
        what = path.suffix or "a file without extension"
        message = f"cannot read {what} as a plan; expected {known}"
        raise ProjectError([Diagnostic(Code.unknown_file_type, message, (), str(path))])
    plan = _read(path, kind, project)
    if project is not None and kind != "xer" and project not in _names(plan):
        raise unknown_project(str(path), project, _names(plan))
    return plan


def _names(plan: ForeignPlan) -> tuple[str, ...]:
    """What `--project` may say for a file of one project: its id, else its title."""
    if plan.projects:
        return plan.projects
    if plan.project_id is not None:
        return (plan.project_id,)
    return (str(plan.data.get("name", "")),)
