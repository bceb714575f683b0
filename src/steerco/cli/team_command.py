"""`steerco team`: skills matrix, coverage, single points of failure, workload, staffing."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.options import (
    FileArgument,
    MethodName,
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
    time_limit_option,
)

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.people.skills import Taxonomy
    from steerco.people.team import TeamView

__all__ = ["team"]

_HEAT = {0: "dim", 1: "grey70", 2: "yellow", 3: "dark_orange", 4: "green", 5: "bold green"}
_BARS = " ▁▂▃▄▅▆▇█"


def team(
    file: FileArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
    method: Annotated[
        MethodName,
        typer.Option(help="How to plan: auto, cp-sat, heuristic, or cpm (no levelling)."),
    ] = "auto",
    time_limit: Annotated[
        float,
        time_limit_option("Seconds for each levelling run."),
    ] = 10.0,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the heuristic and the solver.")] = 0,
    output: OutputOption = None,
    wide: WideOption = False,
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
        emit_rich(lambda console: _render(result.view, result.taxonomy, console), output, wide=wide)


def _week_axis(weeks: list[dt.date | int], every: int = 4) -> str:
    """Labels under the workload sparkline: the ISO week (W05) or the period of every 4th week."""
    axis = ""
    for index in range(0, len(weeks), every):
        week = weeks[index]
        label = f"W{week.isocalendar().week:02d}" if isinstance(week, dt.date) else str(week)
        axis = axis.ljust(index) + label[: max(every - 1, 1)] if len(axis) <= index else axis
    return axis


def _render(view: TeamView, taxonomy: Taxonomy, console: Console) -> None:
    from steerco.cli.tables import Col, Row, percent, print_table
    from steerco.schedule.plan import Schedule

    plan = view.plan
    span = f", {plan.makespan} working units" if isinstance(plan, Schedule) else ""
    name = plan.plan_name if isinstance(plan, Schedule) else f"none ({plan.method})"
    console.print(f"[bold]{view.project.name}[/] — plan: {name} ({plan.status}{span})")
    matrix = view.matrix
    rows = []
    for column_index, skill in enumerate(matrix.skills):
        label = taxonomy.label(skill) + ("" if skill in taxonomy.skills else " (?)")
        cells = [
            f"[{_HEAT[int(v)]}]{int(v) or '·'}[/]" for v in matrix.levels[:, column_index].tolist()
        ]
        rows.append(Row([label, *cells]))
    people = [Col(p, "figure", priority=1, justify="center") for p in matrix.people]
    print_table(console, [Col("Skill", "text"), *people], rows, title="Skills matrix (levels 0-5)")
    rows = []
    for c in view.coverage:
        who = (
            ", ".join(c.qualified)
            if c.covered
            else f"[bold red]{', '.join(c.qualified) or 'nobody'}[/]"
        )
        rows.append(
            Row(
                [taxonomy.label(c.skill), f"{c.min_level}+", f"{c.work:g}", ", ".join(c.tasks), who]
            )
        )
    columns = [
        Col("Skill", "text"),
        Col("Level", "figure"),
        Col("Work (person-days)", "figure", justify="right"),
        Col("Tasks", "list", priority=2),
        Col("Qualified", "list", priority=1),
    ]
    print_table(console, columns, rows, title="Coverage of the skills the tasks need")
    singles = [s for s in view.single_points if s.work > 0]
    if singles:
        rows = [
            Row([taxonomy.label(s.skill), s.person, f"{s.work:g}", ", ".join(s.tasks)])
            for s in singles
        ]
        columns = [
            Col("Skill", "text"),
            Col("Person"),
            Col("Work (person-days)", "figure", justify="right"),
            Col("Tasks", "list", priority=1),
        ]
        title = "Single points of failure (work only one person can do)"
        print_table(console, columns, rows, title=title)
    rest = [s for s in view.single_points if s.work <= 0]
    if rest:
        console.print(f"Skills only one person has (no task needs them): {len(rest)}")
    rows = []
    for person, weeks in view.workload.people.items():
        shares = [w.utilisation or 0.0 for w in weeks]
        bars = "".join(_BARS[min(round(u * 8), 8)] for u in shares)
        over = sum(1 for w in weeks if w.over)
        peak = max(shares, default=0.0)
        rows.append(Row([person, bars, percent(peak, 0), f"[bold red]{over}[/]" if over else "0"]))
    if view.workload.weeks:
        rows.append(Row(["week", _week_axis(view.workload.weeks), "", ""], style="dim"))
    columns = [
        Col("Person"),
        Col("Weeks"),
        Col("Peak", "figure", justify="right"),
        Col("Over-allocated weeks", "figure", priority=1, justify="right"),
    ]
    print_table(console, columns, rows, title="Workload per week (booked / capacity, person-days)")
    if view.workload.weeks:
        first, last = view.workload.weeks[0], view.workload.weeks[-1]
        console.print(
            f"[dim]One bar per week, from {first} to {last}; the axis names every fourth "
            + ("ISO week.[/dim]" if isinstance(first, dt.date) else "week.[/dim]")
        )
    short = [r for r in view.capacity if r.gap > 1e-9]
    if short:
        rows = [
            Row([r.role, r.month, f"{r.needed_fte:.2f}", f"{r.available_fte:.2f}"]) for r in short
        ]
        columns = [
            Col("Role"),
            Col("Month"),
            Col("Needed FTE", "figure", justify="right"),
            Col("Available FTE", "figure", justify="right"),
        ]
        title = "Capacity: FTE the unlevelled plan needs beyond the team's"
        print_table(console, columns, rows, title=title)
    staffing = view.staffing
    if staffing.assign:
        rows = [
            Row([a.task, "; ".join(a.needs), ", ".join(a.assigned) or "—", ", ".join(a.qualified)])
            for a in staffing.assign
        ]
        columns = [
            Col("Task"),
            Col("Needs", "text", priority=1),
            Col("Assigned", "list"),
            Col("Qualified", "list", priority=2),
        ]
        print_table(console, columns, rows, title="Assignments chosen by the optimiser")
    for t in staffing.train:
        console.print(
            f"[cyan]train[/] {t.person} in {taxonomy.label(t.skill)}: "
            f"level {t.level} → {t.target} ({t.reason})"
        )
    for h in staffing.hire:
        cured = (
            f"unstaffable demands {h.unstaffable_before} → {h.unstaffable_after}"
            if h.cures == "unstaffable"
            else f"people who qualify {h.qualified_before} → {h.qualified_after}"
        )
        console.print(
            f"[magenta]hire[/] {h.people} × {taxonomy.label(h.skill)} at level {h.level}+ "
            f"({h.reason}): {cured}, makespan {h.makespan_before} → {h.makespan_after}"
        )
    for n in staffing.no_hire:
        console.print(f"[magenta]no hire[/] for {taxonomy.label(n.skill)}: {n.reason}")
    for note in plan.notes:
        console.print(f"[yellow]{note}[/yellow]")
