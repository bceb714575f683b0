"""`steerco import FILE`: a plan from another tool; `import jira|csv`: work items from an export.

`steerco import plan.xml` reads an MS Project, Primavera P6 or GanttProject plan (the
`file` subcommand, which a first argument that names no subcommand goes to).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from steerco.cli.options import OutputOption, TableOrJson, TableOrJsonOption

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["import_app"]


class _FileOrSubcommand(TyperGroup):
    """The `import` group: `steerco import FILE` is `steerco import file FILE`, beside jira, csv."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own click Context
        """Put `file` in front of arguments that do not start with a subcommand or --help."""
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["file", *args]
        return super().parse_args(ctx, args)


import_app = typer.Typer(
    cls=_FileOrSubcommand,
    help="Import a plan from MS Project, Primavera P6 or GanttProject (steerco import FILE), "
    "or work items from a Jira CSV export or any CSV with a column mapping into the project "
    "file's backlog, sprints and workflow (steerco import jira|csv).",
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


_OUTCOMES = {"carried": "green", "approximated": "yellow", "dropped": "red"}


def _draw_plan(
    data: dict[str, Any], tool: str, console: Console, removed: Path | None = None
) -> None:
    """The conversion report's table and totals, the date check, the kept tasks, the files.

    `removed` is the baselines sidecar of the file replaced, removed: the plan has none.
    """
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    rows = [
        Row(
            [
                escape(entry["what"]),
                f"[{_OUTCOMES[entry['outcome']]}]{entry['outcome']}[/]",
                str(entry["count"]),
                escape(entry["rule"]),
                escape(", ".join(entry["examples"])),
            ]
        )
        for entry in data["report"]
    ]
    columns = [
        Col("What"),
        Col("Outcome"),
        Col("Count", "figure", justify="right"),
        Col("Rule or reason", "list", priority=1),
        Col("For example", "list", priority=2),
    ]
    print_table(console, columns, rows, title=f"Conversion of {escape(data['source'])}")
    totals = data["totals"]
    console.print(
        f"{totals['carried']} carried, {totals['approximated']} approximated, "
        f"{totals['dropped']} dropped",
        markup=False,
    )
    dates = data["dates"]
    console.print(
        f"dates: {dates['matched']} of {dates['checked']} tasks match {tool}'s dates",
        markup=False,
    )
    for m in dates["mismatches"]:
        stored, computed = m["stored"], m["computed"]
        console.print(
            f"  {m['id']} ({m['name']}): stored {stored['start']}..{stored['finish']}, "
            f"computed {computed['start']}..{computed['finish']}",
            markup=False,
        )
    if data["pinned"]:
        console.print(f"kept their dates: {', '.join(data['pinned'])}", markup=False)
    if data["out"] is None:
        console.print("not written: --out project.yaml writes the project file", markup=False)
    else:
        written = f"written: {data['out']}"
        if data["baselines"] is not None:
            written += f" (baselines: {data['baselines']})"
        if removed is not None:
            written += (
                f"; removed {removed}, the baselines of the file it replaced: "
                f"{Path(data['source']).name} has none"
            )
        console.print(written, markup=False)


@import_app.command("file")
def import_file(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The plan: MS Project XML (.xml), .mpp or .mpx (through MPXJ), a Primavera "
            "P6 .xer or a GanttProject .gan file.",
            show_default=False,
        ),
    ],
    project: Annotated[
        str | None,
        typer.Option(
            "--project",
            help="The project to read from a file that holds several (an XER's project code).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the project file here (.yaml), and its baselines beside it.",
            show_default=False,
        ),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
) -> None:
    """Import a plan from MS Project, P6 or GanttProject: steerco import FILE [--out x.yaml].

    Prints what was carried over, approximated and dropped, and whether steerco computes
    the dates the file stored (a difference is reported, exit 0). Exit 2 on a bad file.
    """
    import datetime as dt

    from steerco.app.interop import TOOLS, import_plan
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.interop import imported_plan_object

    result = guarded(
        lambda: import_plan(path=file, project=project, out=out, today=dt.date.today())
    )
    data = imported_plan_object(
        result.plan,
        checked=result.dates.checked,
        mismatches=result.dates.mismatches,
        out=result.out,
        baselines=result.baselines,
    )
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        tool = TOOLS[result.plan.tool]
        emit_rich(lambda console: _draw_plan(data, tool, console, result.removed), output)
