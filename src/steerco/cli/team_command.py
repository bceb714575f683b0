"""`steerco team`: skills matrix, coverage, single points of failure, workload, staffing."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.options import FileArgument, MethodName, OutputOption, TableOrJson

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.people.skills import Taxonomy
    from steerco.people.team import TeamView

__all__ = ["team"]

_HEAT = {0: "dim", 1: "grey70", 2: "yellow", 3: "dark_orange", 4: "green", 5: "bold green"}
_BARS = " ▁▂▃▄▅▆▇█"


def team(
    file: FileArgument,
    output_format: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="table: for people; json: one object.")
    ] = TableOrJson.table,
    method: Annotated[
        MethodName,
        typer.Option(help="How to plan: auto, cp-sat, heuristic, or cpm (no levelling)."),
    ] = "auto",
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Seconds for each levelling run.")
    ] = 5.0,
    seed: Annotated[int, typer.Option(help="Seed of the heuristic and the solver.")] = 0,
    output: OutputOption = None,
) -> None:
    """Show the team: skills matrix, coverage, single points of failure, workload, staffing."""
    from steerco.app.team import PlanOptions, analyse_team
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.team import team_json

    options = PlanOptions(method=method, time_limit=time_limit, seed=seed)
    result = guarded(lambda: analyse_team(path=file, options=options))
    for warning in result.warnings:
        sys.stderr.write(warning.format() + "\n")
    if output_format is TableOrJson.json:
        emit(team_json(result.view, result.taxonomy, result.warnings), output)
    else:
        emit_rich(lambda console: _render(result.view, result.taxonomy, console), output)


def _render(view: TeamView, taxonomy: Taxonomy, console: Console) -> None:
    from rich.table import Table

    from steerco.schedule.plan import Schedule

    plan = view.plan
    span = f", {plan.makespan} working units" if isinstance(plan, Schedule) else ""
    console.print(f"[bold]{view.project.name}[/] — planned by {plan.method} ({plan.status}{span})")
    matrix = view.matrix
    heat = Table(title="Skills matrix (levels 0-5)")
    heat.add_column("Skill")
    for person in matrix.people:
        heat.add_column(person, justify="center")
    for column_index, skill in enumerate(matrix.skills):
        label = taxonomy.label(skill) + ("" if skill in taxonomy.skills else " (?)")
        cells = [
            f"[{_HEAT[int(v)]}]{int(v) or '·'}[/]" for v in matrix.levels[:, column_index].tolist()
        ]
        heat.add_row(label, *cells)
    console.print(heat)
    cover = Table(title="Coverage of the skills the tasks need")
    for column in ("Skill", "Level", "Work (person-days)", "Tasks", "Qualified"):
        cover.add_column(column)
    for c in view.coverage:
        who = (
            ", ".join(c.qualified)
            if c.covered
            else f"[bold red]{', '.join(c.qualified) or 'nobody'}[/]"
        )
        cover.add_row(
            taxonomy.label(c.skill), f"{c.min_level}+", f"{c.work:g}", ", ".join(c.tasks), who
        )
    console.print(cover)
    singles = [s for s in view.single_points if s.work > 0]
    if singles:
        spof = Table(title="Single points of failure (work only one person can do)")
        for column in ("Skill", "Person", "Work (person-days)", "Tasks"):
            spof.add_column(column)
        for s in singles:
            spof.add_row(taxonomy.label(s.skill), s.person, f"{s.work:g}", ", ".join(s.tasks))
        console.print(spof)
    rest = [s for s in view.single_points if s.work <= 0]
    if rest:
        console.print(f"Skills only one person has (no task needs them): {len(rest)}")
    load = Table(title="Workload per week (booked / capacity, person-days)")
    for column in ("Person", "Weeks", "Peak", "Over-allocated weeks"):
        load.add_column(column)
    for person, weeks in view.workload.people.items():
        shares = [w.utilisation or 0.0 for w in weeks]
        bars = "".join(_BARS[min(round(u * 8), 8)] for u in shares)
        over = sum(1 for w in weeks if w.over)
        peak = max(shares, default=0.0)
        load.add_row(person, bars, f"{peak:.0%}", f"[bold red]{over}[/]" if over else "0")
    console.print(load)
    short = [r for r in view.capacity if r.gap > 1e-9]
    if short:
        cap = Table(title="Capacity: FTE the unlevelled plan needs beyond the team's")
        for column in ("Role", "Month", "Needed FTE", "Available FTE"):
            cap.add_column(column)
        for r in short:
            cap.add_row(r.role, r.month, f"{r.needed_fte:.2f}", f"{r.available_fte:.2f}")
        console.print(cap)
    staffing = view.staffing
    if staffing.assign:
        assign = Table(title="Assignments chosen by the optimiser")
        for column in ("Task", "Needs", "Assigned", "Qualified"):
            assign.add_column(column)
        for a in staffing.assign:
            assign.add_row(
                a.task, "; ".join(a.needs), ", ".join(a.assigned) or "—", ", ".join(a.qualified)
            )
        console.print(assign)
    for t in staffing.train:
        console.print(
            f"[cyan]train[/] {t.person} in {taxonomy.label(t.skill)}: "
            f"level {t.level} → {t.target} ({t.reason})"
        )
    for h in staffing.hire:
        console.print(
            f"[magenta]hire[/] {taxonomy.label(h.skill)} at level {h.level}+ ({h.reason}): "
            f"makespan {h.makespan_before} → {h.makespan_after}, "
            f"unstaffable demands {h.unstaffable_before} → {h.unstaffable_after}"
        )
    for note in plan.notes:
        console.print(f"[yellow]{note}[/yellow]")
