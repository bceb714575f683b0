"""Import a plan from MS Project, Primavera P6 or GanttProject: read, check its dates, write YAML.

`import_plan` reads the file (`formats.foreign.read.read_foreign`), validates its content
as a steerco project (a problem is located at the source file and names the task and
field), schedules it by the critical path to compare every task's dates with those the
source tool stored (`app.date_check`), and with `out` writes the project file (a comment
header names the source, the tool, the format, the project, the import date and the
conversion report's counts) and, when the source holds baselines, its baselines sidecar.
The import replaces the file wholesale, its baselines with it: the sidecar then holds the
source's baselines, and a sidecar left from before is removed when the source has none
(a baseline of the file replaced would measure the new plan against another one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from steerco.app.date_check import DateCheck
from steerco.formats.foreign.plan import ForeignPlan
from steerco.model import Project
from steerco.model.baseline import BaselineFile

__all__ = ["ImportedPlan", "header_lines", "import_plan"]

TOOLS = {"msproject": "MS Project", "p6": "Primavera P6", "ganttproject": "GanttProject"}
"""The source tools by the names people know them."""

FORMATS = {
    "mspdi": "MSPDI XML",
    "xer": "XER",
    "gan": "GanttProject XML",
    "mpp": "MPP (through MPXJ)",
    "mpx": "MPX (through MPXJ)",
}
"""The file formats as a header or a table names them."""


@dataclass(frozen=True)
class ImportedPlan:
    """An imported plan: what was read, the valid project, the date check, where it went."""

    plan: ForeignPlan
    project: Project
    dates: DateCheck
    out: Path | None = None
    baselines: Path | None = None
    """The baselines sidecar written next to `out`, when the source held baselines."""
    removed: Path | None = None
    """The baselines sidecar of the file `out` replaced, removed: the source held none."""


def header_lines(plan: ForeignPlan, today: dt.date) -> list[str]:
    """The comment header of an imported project file: source, tool, format, date, counts."""
    counts = ", ".join(
        f"{plan.count(outcome)} {outcome}" for outcome in ("carried", "approximated", "dropped")
    )
    lines = [
        f"Imported by `steerco import` from {plan.source.name} on {today.isoformat()}.",
        f"Source: {plan.source}",
        f"Tool: {TOOLS[plan.tool]}; format: {FORMATS[plan.format]}",
    ]
    if plan.project_id is not None:
        lines.append(f"Project: {plan.project_id}")
    lines += [
        f"Conversion: {counts} (run `steerco import {plan.source.name}` for the report).",
        "Edit freely: steerco does not read this header.",
    ]
    return lines


def _baselines(
    plan: ForeignPlan, project: Project, today: dt.date
) -> tuple[ForeignPlan, BaselineFile | None]:
    """The source's baselines as a baselines file (None without any); the report says how."""
    if not plan.baselines:
        return plan, None
    from steerco.app.foreign_baselines import foreign_baselines
    from steerco.schedule.network import compile_project

    calendar = compile_project(project).calendar
    if calendar is None:  # pragma: no cover - an imported plan always has dates
        return plan, None
    saved, entries = foreign_baselines(plan, project, calendar, saved=today)
    return replace(plan, report=(*plan.report, *entries)), saved if saved.baselines else None


def _write(
    plan: ForeignPlan, saved: BaselineFile | None, out: Path, today: dt.date
) -> tuple[Path | None, Path | None]:
    """Write the project file and its sidecar: the sidecar written, and the one removed.

    Without baselines, a sidecar of the file replaced is removed after the project file is
    written (a failed write leaves both as they were); both under the project file's lock.
    A new file replaces nothing: a sidecar of its name (`plan.baselines.yaml` beside a new
    `plan.yml`) is another file's (`plan.yaml`'s) and stays.
    """
    from steerco.formats.atomic import atomic_write, locked
    from steerco.formats.baselines_file import baselines_path, baselines_yaml
    from steerco.formats.foreign.yaml_out import project_yaml_text

    sidecar = baselines_path(out)
    with locked(out):
        replaced = out.is_file()
        atomic_write(out, project_yaml_text(plan.data, header_lines(plan, today)))
        if saved is None:
            if not replaced or not sidecar.is_file():
                return None, None
            sidecar.unlink()
            return None, sidecar
        writer = f"`steerco import` from {plan.source.name}"
        atomic_write(sidecar, baselines_yaml(saved, out.name, writer=writer), like=out)
    return sidecar, None


def import_plan(
    *,
    path: Path,
    project: str | None = None,
    out: Path | None = None,
    today: dt.date | None = None,
) -> ImportedPlan:
    """Read another tool's plan, check steerco computes its dates, and write it to `out`.

    `project` picks one project of a multi-project XER. `today` is the import date the
    YAML header (and a baseline's `saved`) records; by default the system's date.
    """
    from steerco.app.date_check import check_dates
    from steerco.formats.foreign.project import validated_project
    from steerco.formats.foreign.read import read_foreign

    plan = read_foreign(Path(path), project=project)
    valid = validated_project(plan)
    dates = check_dates(plan, valid)
    day = today or dt.date.today()
    plan, saved = _baselines(plan, valid, day)
    if out is None:
        return ImportedPlan(plan, valid, dates)
    sidecar, removed = _write(plan, saved, Path(out), day)
    return ImportedPlan(plan, valid, dates, Path(out), sidecar, removed)
