"""`steerco export`: write a plan out as MS Project XML (MSPDI), CSV or an Excel workbook."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from steerco.cli.options import FileArgument, MethodName, TableOrJson, TableOrJsonOption

__all__ = ["export"]


class Target(StrEnum):
    """The formats `export` writes (steerco.formats.foreign.export_result.ExportFormat)."""

    mspdi = "mspdi"
    csv = "csv"
    xlsx = "xlsx"


def export(
    file: FileArgument,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The file to write (replaced whole, atomically).",
            show_default=False,
        ),
    ],
    to: Annotated[
        Target | None,
        typer.Option(
            "--to",
            help="mspdi: MS Project XML; csv; xlsx: Excel, with a Gantt sheet. "
            "Default: from the suffix of --out (.xml, .csv, .xlsx).",
            show_default=False,
        ),
    ] = None,
    method: Annotated[
        MethodName,
        typer.Option(
            help="cpm: the critical path, as MS Project and P6 schedule; auto, cp-sat, "
            "heuristic: levelled under the resource limits, as `steerco schedule` does."
        ),
    ] = "cpm",
    output_format: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Write the plan, dated by its schedule, as MS Project XML, CSV or an Excel workbook.

    Prints what was written and what the target format cannot hold (notes).
    """
    from steerco.app.export import export_format, export_plan
    from steerco.cli.main import guarded
    from steerco.schedule.options import SolveOptions

    chosen = guarded(lambda: export_format(out, None if to is None else to.value))
    result = guarded(
        lambda: export_plan(path=file, to=chosen, out=out, options=SolveOptions(method=method))
    )
    if output_format is TableOrJson.json:
        import json

        from steerco.render.export import export_object

        sys.stdout.write(json.dumps(export_object(result)) + "\n")
        return
    baseline = f"; baseline {result.baseline}" if result.baseline else ""
    links = f"{result.links} link{'' if result.links == 1 else 's'}"
    sys.stdout.write(
        f"{result.path}: {result.format}, {result.size:,} bytes: {result.tasks} tasks, "
        f"milestones and summaries, {links}; dated by the {result.plan} plan{baseline}\n"
    )
    for note in result.notes:
        sys.stdout.write(f"note: {note}\n")
