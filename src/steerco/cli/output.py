"""Print or write command results: a Rich table for people, JSON and CSV for tools."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.formats.atomic import atomic_write

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.schedule.plan import Schedule
    from steerco.schedule.planner import Unscheduled

__all__ = [
    "atomic_write",
    "draw_schedule",
    "draw_unscheduled",
    "emit",
    "emit_rich",
    "write_output",
]


def emit(text: str, output: Path | None) -> None:
    """Send rendered text to stdout, or write it atomically to `output` (what `--output` means)."""
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)


def emit_rich(draw: Callable[[Console], None], output: Path | None, *, wide: bool = False) -> None:
    """Draw Rich renderables to the terminal, or as plain text (no colours) into `output`.

    `wide` (`--wide`): a console wide enough for every table at its natural width.
    """
    from rich.console import Console

    from steerco.cli.tables import WIDE

    if output is None:
        draw(Console(width=WIDE) if wide else Console())
        return
    buffer = io.StringIO()
    draw(Console(file=buffer, width=WIDE if wide else 120, no_color=True, force_terminal=False))
    atomic_write(output, buffer.getvalue())


def draw_schedule(schedule: Schedule, console: Console) -> None:
    """Draw the WBS tree with dates, floats and the critical path highlighted, then the notes."""
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table
    from steerco.render.schedule import missed_deadline_lines, people_notes, schedule_header

    header = schedule_header(schedule)
    depth: dict[str | None, int] = {None: -1}
    columns = [
        Col("Task", "text"),
        Col("Id"),
        Col("Start"),
        Col("Finish"),
        Col("Total float", "figure", justify="right"),
        Col("Free float", "figure", priority=2, justify="right"),
    ]
    with_cost = header["cost"] is not None
    if with_cost:
        columns.append(Col(f"Cost ({header['currency']})", "figure", priority=1, justify="right"))
    rows = []
    for task in schedule.tasks():
        level = depth.get(task.parent, -1) + 1
        depth[task.id] = level
        name = "  " * level + (task.name or task.id)
        if task.kind == "milestone":
            name += " ◆"
        style = "bold red" if task.critical else ("bold" if task.kind == "summary" else None)
        cells = [
            name,
            task.id,
            str(task.start),
            str(task.finish),
            "—" if task.total_float is None else str(task.total_float),
            "—" if task.free_float is None else str(task.free_float),
        ]
        if with_cost:
            cells.append(f"{task.cost:,.0f}")
        rows.append(Row(cells, style))
    print_table(
        console,
        columns,
        rows,
        title=f"{header['project']} — {header['method']}, {header['status']}",
        header_style="bold",
    )
    from steerco.schedule.axis import unit_words

    unit = unit_words(header["unit"], header["axis"], header["makespan"])
    console.print(f"Finish: [bold]{header['finish']}[/bold] ({header['makespan']} {unit})")
    if with_cost:
        console.print(f"Planned cost: [bold]{header['cost']:,.0f} {header['currency']}[/bold]")
    if header["deadline"] is not None:
        deadline, finish = header["deadline"], header["finish"]
        verdict = "[bold red]missed[/bold red]" if str(finish) > str(deadline) else "met"
        console.print(f"Deadline: {deadline} ({verdict})")
    for line in missed_deadline_lines(schedule):
        console.print(f"[bold red]{escape(line)}[/bold red]")
    if header["method"] != "cpm":
        console.print(
            f"Plan: {header['plan']}: {header['status']}, bound {header['bound']}, "
            f"gap {header['gap']:.1%}, {header['solve_seconds']:.1f} s"
        )
    else:
        console.print(f"Plan: {header['plan']}")
    for note in people_notes(schedule):
        console.print(f"[yellow]{note}[/yellow]")
    paths = schedule.critical_path_ids()
    if paths:
        console.print("Critical path: [bold red]" + " → ".join(paths[0]) + "[/bold red]")


def draw_unscheduled(result: Unscheduled, console: Console) -> None:
    """Why there is no schedule, for people: the constraints that conflict, the misses."""
    from steerco.cli.tables import Col, Row, print_table

    project = result.network.project
    console.print(f"[bold red]{project}: no schedule[/bold red] ({result.method}, {result.status})")
    if result.conflicts:
        columns = [
            Col("Constraint"),
            Col("Tasks", "list"),
            Col("Resources", "list", priority=1),
            Col("What", "list"),
        ]
        rows = [
            Row([c.kind, ", ".join(c.tasks), ", ".join(c.resources), c.text])
            for c in result.conflicts
        ]
        print_table(
            console, columns, rows, title="Constraints that cannot all hold", header_style="bold"
        )
    if result.misses:
        console.print("The least-late plan found misses:")
        for miss in result.misses:
            console.print(f"  {miss.text(result.network)}")


def _report_unscheduled(
    result: Unscheduled, output_format: str, output: Path | None, file: str
) -> None:
    """Say why there is no schedule: JSON for tools, a table for people, a line on stderr."""
    from steerco.render.schedule import unscheduled_json

    if output_format == "json":
        emit(unscheduled_json(result), output)
    elif output_format == "table" and (result.conflicts or result.misses):
        emit_rich(lambda console: draw_unscheduled(result, console), output)
    for note in result.notes:
        sys.stderr.write(f"{file}: note: {note}\n")
    sys.stderr.write(f"{file}: no_schedule: {result.status}: {result.message}\n")


def write_output(
    schedule: Schedule | Unscheduled,
    output_format: str,
    output: Path | None,
    file: str = "",
    *,
    wide: bool = False,
) -> None:
    """Render the schedule in the chosen format to stdout, or into `output` (atomically)."""
    from steerco.render.schedule import people_notes, write_schedule_csv, write_schedule_json
    from steerco.schedule.plan import Schedule

    if not isinstance(schedule, Schedule):
        _report_unscheduled(schedule, output_format, output, file)
        return
    if output_format == "table":
        emit_rich(lambda console: draw_schedule(schedule, console), output, wide=wide)
        return
    for note in people_notes(schedule):
        sys.stderr.write(f"{file}: note: {note}\n")
    writer = write_schedule_json if output_format == "json" else write_schedule_csv
    if output is None:
        writer(schedule, sys.stdout)
        return
    buffer = io.StringIO()
    writer(schedule, buffer)
    emit(buffer.getvalue(), output)
