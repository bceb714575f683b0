"""Print or write command results: a Rich table for people, JSON and CSV for tools."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from steerco.formats.atomic import atomic_write
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import Unscheduled

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["atomic_write", "emit", "emit_rich", "render_table", "write_output"]


def emit(text: str, output: Path | None) -> None:
    """Send rendered text to stdout, or write it atomically to `output` (what `--output` means)."""
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)


def emit_rich(draw: Callable[[Console], None], output: Path | None) -> None:
    """Draw Rich renderables to the terminal, or as plain text (no colours) into `output`."""
    from rich.console import Console

    if output is None:
        draw(Console())
        return
    buffer = io.StringIO()
    draw(Console(file=buffer, width=120, no_color=True, force_terminal=False))
    atomic_write(output, buffer.getvalue())


def render_table(schedule: Schedule) -> None:
    """Print the WBS tree with dates, floats and the critical path highlighted."""
    from rich.console import Console
    from rich.table import Table

    from steerco.render.schedule import schedule_header

    header = schedule_header(schedule)
    depth: dict[str | None, int] = {None: -1}
    table = Table(
        title=f"{header['project']} — {header['method']}, {header['status']}",
        header_style="bold",
        show_lines=False,
    )
    columns = [
        ("Task", "left"),
        ("Id", "left"),
        ("Start", "left"),
        ("Finish", "left"),
        ("Total float", "right"),
        ("Free float", "right"),
    ]
    with_cost = header["cost"] is not None
    if with_cost:
        columns.append((f"Cost ({header['currency']})", "right"))
    for column, justify in columns:
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in schedule.rows():
        level = depth.get(row["parent"], -1) + 1
        depth[row["id"]] = level
        name = "  " * level + (row["name"] or row["id"])
        if row["kind"] == "milestone":
            name += " ◆"
        style = "bold red" if row["critical"] else ("bold" if row["kind"] == "summary" else None)
        cells = [
            name,
            row["id"],
            str(row["start"]),
            str(row["finish"]),
            str(row["total_float"]),
            str(row["free_float"]),
        ]
        if with_cost:
            cells.append(f"{row['cost']:,.0f}")
        table.add_row(*cells, style=style)
    console = Console()
    console.print(table)
    unit = {"day": "working days", "hour": "working hours", "period": "periods"}[header["unit"]]
    console.print(f"Finish: [bold]{header['finish']}[/bold] ({header['makespan']} {unit})")
    if with_cost:
        console.print(f"Planned cost: [bold]{header['cost']:,.0f} {header['currency']}[/bold]")
    if header["deadline"] is not None:
        deadline, finish = header["deadline"], header["finish"]
        verdict = "[bold red]missed[/bold red]" if str(finish) > str(deadline) else "met"
        console.print(f"Deadline: {deadline} ({verdict})")
    if header["method"] != "cpm":
        console.print(
            f"Levelled by {header['method']}: {header['status']}, bound {header['bound']}, "
            f"gap {header['gap']:.1%}, {header['solve_seconds']:.1f} s"
        )
    for note in schedule.notes:
        console.print(f"[yellow]{note}[/yellow]")
    paths = schedule.critical_path_ids()
    if paths:
        console.print("Critical path: [bold red]" + " → ".join(paths[0]) + "[/bold red]")


def _report_unscheduled(result: Unscheduled, output_format: str, file: str) -> None:
    """Say why there is no schedule: JSON on stdout for tools, a located line on stderr."""
    if output_format == "json":
        sys.stdout.write(
            json.dumps(
                {
                    "project": result.network.project,
                    "method": result.method,
                    "status": result.status,
                    "bound": result.bound,
                    "message": result.message,
                    "notes": result.notes,
                }
            )
            + "\n"
        )
    for note in result.notes:
        sys.stderr.write(f"{file}: note: {note}\n")
    sys.stderr.write(f"{file}: no_schedule: {result.status}: {result.message}\n")


def write_output(
    schedule: Schedule | Unscheduled, output_format: str, output: Path | None, file: str = ""
) -> None:
    """Send the schedule to stdout or a file, in the chosen format."""
    from steerco.render.schedule import write_schedule_csv, write_schedule_json

    if isinstance(schedule, Unscheduled):
        _report_unscheduled(schedule, output_format, file)
        return
    if output_format == "table":
        if output is not None:
            buffer = io.StringIO()
            write_schedule_json(schedule, buffer)
            atomic_write(output, buffer.getvalue())
        render_table(schedule)
        return
    for note in schedule.notes:
        sys.stderr.write(f"{file}: note: {note}\n")
    writer = write_schedule_json if output_format == "json" else write_schedule_csv
    if output is None:
        writer(schedule, sys.stdout)
        return
    buffer = io.StringIO()
    writer(schedule, buffer)
    atomic_write(output, buffer.getvalue())
