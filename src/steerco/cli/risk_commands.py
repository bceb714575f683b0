"""`steerco risks`: the register (`show`, the default), `suggest` and `--adopt`, `--quantify`.

`steerco risks FILE` is `steerco risks show FILE`: a first argument that is not a
subcommand of the group is read as the FILE of `show`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from steerco.cli.options import (
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
    date_or_today,
)
from steerco.limits import MAX_ITERATIONS

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["risks_app"]


class _ShowByDefault(TyperGroup):
    """A group whose first argument, when it names no subcommand, belongs to `show`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own click Context
        """Put `show` in front of arguments that do not start with a subcommand or --help."""
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


risks_app = typer.Typer(
    cls=_ShowByDefault,
    help="The risk register: scores, the probability-impact matrix, suggestions from the "
    "AI risk library, each risk's share of the P80 finish. `steerco risks FILE` is "
    "`steerco risks show FILE`.",
    no_args_is_help=True,
)

ProjectArgument = Annotated[
    Path, typer.Argument(metavar="FILE", help="A project file (.yaml).", show_default=False)
]


def _number(value: float) -> str:
    return f"{value:,.1f}" if value % 1 else f"{value:,.0f}"


@risks_app.command()
def show(
    file: ProjectArgument,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date of the review (overdue reviews and actions); today."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="How many top risks to name.")] = 5,
    quantify: Annotated[
        bool,
        typer.Option(
            "--quantify",
            help="Each risk's contribution to the P80 finish (one forecast per risk, on "
            "common random numbers).",
        ),
    ] = False,
    iterations: Annotated[
        int,
        typer.Option(
            "--iterations", "-n", min=1, max=MAX_ITERATIONS, help="Iterations of each forecast."
        ),
    ] = 5000,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the forecasts.")] = 0,
    residual: Annotated[
        bool, typer.Option("--residual", help="Quantify with the residual probabilities.")
    ] = False,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Print the risk register: scores, exposure, the 5x5 matrix, top risks, what is overdue."""
    from steerco.app.risks import risk_register
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.risks import register_object

    day = date_or_today(as_of, "--as-of")
    options = None
    if quantify:
        from steerco.forecast.run import ForecastOptions

        options = ForecastOptions(iterations=iterations, seed=seed, residual=residual)
    report = guarded(lambda: risk_register(path=file, as_of=day, top=top, quantify=options))
    data = register_object(report.project, report.register, report.quantification)
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        emit_rich(lambda console: _render_register(data, console), output, wide=wide)


def _render_register(data: dict[str, Any], console: Console) -> None:
    from steerco.cli.tables import Col, Row, percent, print_table

    unit = {"day": "working days", "hour": "working hours"}.get(data["unit"], "periods")
    style = {"high": "bold red", "medium": "yellow", "low": None}
    ranked = sorted(
        data["risks"],
        key=lambda r: (
            r["status"] == "closed" or r["expired"],
            -r["score"],
            -r["expected_delay"],
            -r["expected_cost"],
            r["id"],
        ),
    )
    rows = [
        Row(
            [
                r["id"],
                r["title"],
                "expired" if r["expired"] else r["status"],
                f"{percent(r['probability'], 0)}/{r['probability_level']}",
                str(r["impact_level"]),
                f"{r['score']} {r['rating']}",
                _number(r["expected_delay"]),
                _number(r["expected_cost"]),
                r["owner"] or "",
            ],
            style="dim" if r["status"] == "closed" or r["expired"] else style[r["rating"]],
        )
        for r in ranked
    ]
    columns = [
        Col("Id"),
        Col("Title", "text"),
        Col("Status", priority=2),
        Col("P", "figure"),
        Col("I", "figure"),
        Col("Score", "figure", justify="right"),
        Col("Exp. delay", "figure", justify="right"),
        Col("Exp. cost", "figure", priority=1, justify="right"),
        Col("Owner", priority=3),
    ]
    title = f"Risk register — {data['project']}, as of {data['as_of']}"
    print_table(console, columns, rows, title=title)
    totals = data["totals"]
    console.print(
        f"Expected exposure of the open and occurred risks: {_number(totals['expected_delay'])} "
        f"{unit}, {_number(totals['expected_cost'])} {data['currency']} "
        f"({totals['open']} open, {totals['occurred']} occurred, {totals['closed']} closed)."
    )
    if data["expired"]:
        console.print(
            "[yellow]Expired[/yellow] (every linked task has finished; no exposure, not in the "
            "forecast): " + ", ".join(data["expired"]) + ". Close them with `status: closed`."
        )
    _render_matrix(data["matrix"], console)
    if data["top"]:
        console.print("Top risks: [bold]" + ", ".join(data["top"]) + "[/bold]")
    if data["overdue_reviews"]:
        console.print("[red]Reviews overdue:[/red] " + ", ".join(data["overdue_reviews"]))
    for a in data["overdue_actions"]:
        console.print(
            f"[red]Action overdue:[/red] {a['risk']}: {a['action']} "
            f"(owner {a['owner'] or 'none'}, due {a['due']})"
        )
    if "quantify" in data:
        _render_quantify(data["quantify"], unit, console)


def _render_matrix(matrix: list[list[list[str]]], console: Console) -> None:
    from rich.table import Table

    table = Table(title="Risks by probability × impact", show_lines=True)
    table.add_column("P \\ I")
    for impact in range(1, 6):
        table.add_column(str(impact), justify="center")
    for p in range(5, 0, -1):
        cells = []
        for i in range(1, 6):
            count = len(matrix[p - 1][i - 1])
            colour = "red" if p * i >= 10 else ("yellow" if p * i >= 5 else "green")
            cells.append(f"[{colour}]{count or '·'}[/{colour}]")
        table.add_row(str(p), *cells)
    console.print(table)


def _render_quantify(q: dict[str, Any], unit: str, console: Console) -> None:
    from steerco.cli.tables import Col, Row, print_table

    rows = [
        Row([r["id"], f"{r['contribution']:.1f}", f"{r['p80_without']:.1f}"]) for r in q["risks"]
    ]
    columns = [
        Col("Risk"),
        Col(f"Adds ({unit})", "figure", justify="right"),
        Col("P80 without it", "figure", justify="right"),
    ]
    title = f"What each risk adds to the P80 finish ({q['iterations']:,} iterations)"
    print_table(console, columns, rows, title=title)
    with_all = q["p80_finish"] or f"{q['p80']:.1f}"
    without = q["p80_finish_without_risks"] or f"{q['p80_without_risks']:.1f}"
    console.print(f"P80 finish with every risk: {with_all}; with none: {without}.")


@risks_app.command()
def suggest(
    file: ProjectArgument,
    top: Annotated[int, typer.Option(min=1, help="How many suggestions.")] = 10,
    adopt: Annotated[
        str | None,
        typer.Option(
            "--adopt",
            help="Copy this library risk into the project's register, with its defaults.",
        ),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Rank the AI risk library's risks by relevance to the project (TF-IDF similarity)."""
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich

    if adopt is not None:
        from steerco.app.risks import adopt_risk

        adopted = guarded(lambda: adopt_risk(path=file, risk_id=adopt))
        emit(_adopted_text(adopted.entry, file, output_format), output)
        return
    from steerco.app.risks import suggest_risks
    from steerco.render.risks import suggestions_object

    found = guarded(lambda: suggest_risks(path=file, top=top))
    data = suggestions_object(found.project, found.suggestions, found.held)
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        emit_rich(lambda console: _render_suggestions(data, file, console), output, wide=wide)


def _adopted_text(entry: Mapping[str, Any], file: Path, output_format: TableOrJson) -> str:
    """The adopted entry as JSON, or one line saying what was written and what to do next."""
    if output_format is TableOrJson.json:
        from steerco.render.risks import adopted_object

        return json.dumps(adopted_object(entry)) + "\n"
    delay = entry["impact"]["delay"]
    return (
        f"{file}: adopted {entry['id']!r} ({entry['title']}): probability "
        f"{entry['probability']}, delay {delay['low']}..{delay['likely']}..{delay['high']}, "
        f"cost {entry['impact']['cost']}; link it to its tasks (`tasks:`) and give it an owner.\n"
    )


def _render_suggestions(data: dict[str, Any], file: Path, console: Console) -> None:
    from steerco.cli.tables import Col, Row, print_table

    rows = [
        Row(
            [
                str(s["rank"]),
                s["id"],
                s["title"],
                s["category"],
                f"{s['score']:.2f}",
                ", ".join(s["terms"]),
                ", ".join(s["tasks"]),
            ]
        )
        for s in data["suggestions"]
    ]
    columns = [
        Col("#", "figure", justify="right"),
        Col("Id"),
        Col("Title", "text"),
        Col("Category", priority=3),
        Col("Score", "figure", priority=2, justify="right"),
        Col("Why", "list", priority=4),
        Col("Tasks", "list", priority=1),
    ]
    title = f"Risks to consider — {data['project']} (AI risk library)"
    print_table(console, columns, rows, title=title)
    how = {"library": "its library id", "id": "the same id", "wording": "in other words"}
    if data["held"]:
        console.print(
            "Already in the register, not suggested: "
            + ", ".join(f"{h['library']} (as {h['risk']}, {how[h['how']]})" for h in data["held"])
            + "."
        )
    console.print(f"Adopt one with: steerco risks suggest {file} --adopt ID")
