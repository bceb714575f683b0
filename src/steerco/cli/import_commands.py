"""`steerco import jira` and `steerco import csv`: work items from an export into a project file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from steerco.cli.options import OutputOption, TableOrJson, TableOrJsonOption

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["import_app"]

import_app = typer.Typer(
    help="Import work items from a Jira CSV export, or any CSV with a column mapping, into "
    "the project file's backlog, sprints and workflow.",
    no_args_is_help=True,
)

ExportArgument = Annotated[
    Path, typer.Argument(metavar="EXPORT", help="The CSV export.", show_default=False)
]
IntoOption = Annotated[
    Path,
    typer.Option(
        "--into", help="The project file (.yaml) to merge the items into.", show_default=False
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
]
DayFirstOption = Annotated[
    bool | None,
    typer.Option(
        "--dayfirst/--monthfirst",
        help="Numeric dates (4/7/25) put the day first, or the month; by default the export's "
        "dates decide (a day above 12), else month first, with a note.",
        show_default=False,
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="The export's encoding; by default UTF-8, else cp1252.",
        show_default=False,
    ),
]


def _draw(data: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    shown = [c for c in data["changes"] if c["change"] != "unchanged"]
    if shown:
        rows = [
            Row([c["kind"], escape(c["id"]), c["change"], escape(", ".join(c["fields"]))])
            for c in shown
        ]
        title = "Would change" if data["dry_run"] else "Changed"
        columns = [Col("Kind"), Col("Id"), Col("Change"), Col("Fields", "list", priority=1)]
        print_table(console, columns, rows, title=f"{title} in {escape(data['file'])}")
    items, sprints = data["items"], data["sprints"]
    types = ", ".join(f"{n} {t}" for t, n in data["types"].items()) or "none"
    console.print(
        f"{data['rows']} rows, {sum(items.values())} items ({types}); "
        f"{data['parents']} with a parent; {data['points']:g} story points",
        markup=False,
    )
    console.print(
        f"items: {items['added']} added, {items['updated']} updated, {items['unchanged']} "
        f"unchanged; sprints: {sprints['added']} added, {sprints['unchanged']} known; "
        f"statuses added: {len(data['statuses_added'])}",
        markup=False,
    )
    verdict = (
        "dry run: nothing written"
        if data["dry_run"]
        else (
            f"{data['file']}: written" if data["written"] else f"{data['file']}: already up to date"
        )
    )
    console.print(verdict, markup=False)
    for note in data["notes"]:
        console.print(f"[yellow]note:[/] {escape(note)}")


def _show(result: Any, output_format: TableOrJson, output: Path | None) -> None:
    from steerco.cli.output import emit, emit_rich
    from steerco.render.imports import import_object

    data = import_object(result)
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        emit_rich(lambda console: _draw(data, console), output)


@import_app.command()
def jira(
    export: ExportArgument,
    into: IntoOption,
    dry_run: DryRunOption = False,
    dayfirst: DayFirstOption = None,
    encoding: EncodingOption = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
) -> None:
    """Merge a Jira CSV export (any language, list or board view) into the project file."""
    from steerco.app.imports import import_jira
    from steerco.cli.main import guarded

    result = guarded(
        lambda: import_jira(
            export=export, into=into, dry_run=dry_run, dayfirst=dayfirst, encoding=encoding
        )
    )
    _show(result, output_format, output)


@import_app.command()
def csv(
    export: ExportArgument,
    into: IntoOption,
    mapping: Annotated[
        Path,
        typer.Option("--mapping", help="The column-mapping file (.yaml).", show_default=False),
    ],
    dry_run: DryRunOption = False,
    dayfirst: DayFirstOption = None,
    encoding: EncodingOption = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
) -> None:
    """Merge any CSV file into the project file, its columns named by a mapping file."""
    from steerco.app.imports import import_csv
    from steerco.cli.main import guarded

    result = guarded(
        lambda: import_csv(
            export=export,
            mapping=mapping,
            into=into,
            dry_run=dry_run,
            dayfirst=dayfirst,
            encoding=encoding,
        )
    )
    _show(result, output_format, output)
