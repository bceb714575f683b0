"""`steerco export`: a plan written out as MS Project XML (MSPDI), CSV or an Excel workbook.

The plan is the critical path by default (MS Project and P6 schedule so), or the plan
`steerco schedule --method` makes; the baselines sidecar goes along when there is one.
The file is written atomically. The result lists what the target cannot hold, so that
nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from steerco.formats.foreign.export_result import EXPORT_SUFFIXES, ExportFormat, ExportResult
from steerco.model import Project
from steerco.schedule.options import SolveOptions

__all__ = [
    "EXPORT_SUFFIXES",
    "ExportFormat",
    "ExportResult",
    "export_format",
    "export_plan",
    "mspdi_notes",
]


def export_format(out: Path, to: str | None) -> ExportFormat:
    """The format `to` names, else the one the output's suffix asks for (`.xml` is MSPDI).

    A format steerco does not write, or an output named otherwise with no `to`, raises
    the `unknown_file_type` ProjectError.
    """
    from steerco.codes import Code
    from steerco.errors import Diagnostic, ProjectError

    named = [name for name in EXPORT_SUFFIXES.values() if name == to]
    found = (
        named[0] if named else None if to is not None else EXPORT_SUFFIXES.get(out.suffix.lower())
    )
    if found is not None:
        return found
    if to is not None:
        message = f"cannot export to {to!r}; write --to mspdi, --to csv or --to xlsx"
    else:
        message = (
            f"cannot tell which format to write from the name {out.name!r}: end it in .xml "
            "(MS Project), .csv or .xlsx, or say --to mspdi|csv|xlsx"
        )
    raise ProjectError([Diagnostic(Code.unknown_file_type, message, (), str(out))])


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def mspdi_notes(project: Project, years: range) -> list[str]:
    """What an MS Project file cannot hold of `project`, each with how it is written instead.

    `years`: the calendar years over which the writer expands a country's holidays (the
    plan's years and the next, as `mspdi_write` does).
    """
    from steerco.schedule.calendar import holiday_dates

    notes = []
    tasks = list(project.all_tasks())
    leaves = [task for task in tasks if not task.children]
    rule = project.scheduling.lag_calendar
    timed = [
        dep
        for task in tasks
        for dep in task.after
        if dep.lag_percent is None and dep.lag.value != 0 and not dep.lag.elapsed
    ]
    if rule != "successor" and timed:
        notes.append(
            f"{_count(len(timed), 'working-time lag')} "
            f"{'counts' if len(timed) == 1 else 'count'} on the {rule} calendar here; "
            "MS Project counts a lag on the successor's calendar, so its dates can differ "
            "where the calendars do"
        )
    named = {"project": project.calendar, **project.calendars}
    for name, calendar in named.items():
        if calendar.country is not None:
            region = calendar.country.upper() + (
                f"-{calendar.subdivision.upper()}" if calendar.subdivision else ""
            )
            count = len(holiday_dates(calendar, years) - set(calendar.working_days))
            which = "the project calendar" if name == "project" else f"calendar {name}"
            notes.append(
                f"{which}: the public holidays of {region} are written as "
                f"{_count(count, 'exception')} ({years.start} to {years.stop - 1}); "
                "MS Project has no country calendars"
            )
    demands = sum(1 for leaf in leaves for need in leaf.demands if need.resource is None)
    if demands:
        notes.append(
            f"{_count(demands, 'role or skill demand')} "
            f"{'names' if demands == 1 else 'name'} no resource; MS Project "
            "assigns named resources only, so they are not written as assignments"
        )
    estimates = sum(1 for leaf in leaves if leaf.estimate is not None and leaf.compute is None)
    if estimates:
        notes.append(
            f"{_count(estimates, 'three-point estimate')} written as the likely duration; "
            "the low and high points stay in the steerco file"
        )
    sized = sum(1 for leaf in leaves if leaf.compute is not None)
    if sized:
        notes.append(
            f"{_count(sized, 'task')} sized by compute written as the duration steerco plans "
            f"(whole {project.unit}s); the FLOPs, accelerators and utilisation band stay in the "
            "steerco file"
        )
    overheads = sum(1 for task in tasks if task.overhead is not None) + (
        project.overhead is not None
    )
    if overheads:
        notes.append(
            f"{_count(overheads, 'overhead rate')} (cost per day of a span) not written; "
            "MS Project has no span overheads"
        )
    rest = [
        _count(len(project.risks), "risk") if project.risks else "",
        _count(sum(leaf.gate is not None for leaf in leaves), "gate")
        if any(leaf.gate is not None for leaf in leaves)
        else "",
        _count(len(project.backlog), "backlog item") if project.backlog else "",
        _count(sum(leaf.epic is not None for leaf in leaves), "task-to-epic link")
        if any(leaf.epic is not None for leaf in leaves)
        else "",
        _count(len(project.sprints), "sprint") if project.sprints else "",
        _count(len(project.stakeholders), "stakeholder") if project.stakeholders else "",
    ]
    fields = {
        "tags": sum(bool(task.tags) for task in tasks),
        "category": sum(task.category is not None for task in tasks),
        "estimated_by": sum(task.estimated_by is not None for task in tasks),
        "accrual": sum(task.accrual != "prorated" for task in leaves),
        "skills": sum(bool(resource.skills) for resource in project.resources),
        "deadline": int(project.deadline is not None),
    }
    rest += [f"`{name}` on {count}" for name, count in fields.items() if count]
    kept = [item for item in rest if item]
    if kept:
        notes.append(f"not part of an MS Project plan, kept in the steerco file: {', '.join(kept)}")
    return notes


def _no_dates(path: Path) -> Exception:
    from steerco.codes import Code
    from steerco.errors import ProjectError
    from steerco.formats.located import locate_in_file

    found = ProjectError.single(
        Code.bad_value,
        "a project in bare periods has no dates for MS Project; give it a `start`",
        ("unit",),
    )
    return ProjectError(locate_in_file(path, found.diagnostics))


def export_plan(
    *,
    path: Path,
    to: ExportFormat,
    out: Path,
    options: SolveOptions | None = None,
) -> ExportResult:
    """Schedule the project file at `path` and write it to `out` as `to`, atomically.

    `options`: how to plan (default: the critical path; `steerco schedule`'s options
    level it). When levelling finds no plan, the critical path dates the file and a note
    says why. MSPDI takes every saved baseline; CSV and XLSX show one (`baseline`, else
    the first saved). Invalid input raises a located ProjectError and writes nothing.
    """
    from steerco.app.plan import dating_plan
    from steerco.formats.atomic import atomic_write
    from steerco.formats.baselines_file import load_baselines
    from steerco.formats.loader import load_plan_input, load_project
    from steerco.schedule.network import compile_project

    network, loaded = load_plan_input(path)  # a plan's epics checked, located
    if loaded is None:  # a PSPLIB instance: its project, compiled with the same ids
        loaded = load_project(path)
        network = compile_project(loaded)
    project = loaded
    if to == "mspdi" and project.start is None:
        raise _no_dates(path)
    plan = dating_plan(network, project, options=options or SolveOptions(method="cpm"))
    schedule = plan.schedule
    saved = load_baselines(path)
    notes = list(plan.notes)
    baseline: str | None
    if to == "mspdi":
        from steerco.formats.foreign.mspdi_write import write_mspdi

        data = write_mspdi(project, schedule, baselines=saved if saved.baselines else None)
        baseline = ", ".join(saved.names()) or None
        first, last = schedule.project_dates()
        assert isinstance(first, dt.date) and isinstance(last, dt.date)  # a start was given
        notes += mspdi_notes(project, range(first.year, last.year + 2))
    else:
        from steerco.formats.foreign.table_export import csv_text, schedule_table

        chosen = saved.shown()
        baseline = chosen.name if chosen is not None else None
        table = schedule_table(project, schedule, baseline=chosen)
        if to == "csv":
            data = csv_text(table).encode("utf-8")
        else:
            from steerco.formats.foreign.xlsx_export import gantt_columns, xlsx_bytes

            data = xlsx_bytes(table, stamp=project.progress.status_date or project.start)
            scale, columns, cut = gantt_columns(table.rows)
            notes.append(
                f"the Gantt sheet has a column per {scale}"
                + (f", cut at {len(columns)} columns" if cut else "")
            )
    atomic_write(out, data)
    tasks = sum(1 for _ in project.all_tasks())
    links = sum(len(task.after) for task in project.all_tasks())
    return ExportResult(
        source=path,
        path=out,
        format=to,
        tasks=tasks,
        links=links,
        plan=plan.name,
        baseline=baseline,
        size=len(data),
        notes=tuple(notes),
    )
