"""`steerco career`: assess a profile against the AI project manager path; compare roles."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from steerco.cli.options import OutputOption, TableOrJson, TableOrJsonOption, WideOption

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["career_app"]

career_app = typer.Typer(
    help="The AI project manager career path: assess a profile, compare roles.",
    no_args_is_help=True,
)

SalariesOption = Annotated[
    Path | None,
    typer.Option("--salaries", help="A YAML file of salary bands that replace the bundled ones."),
]


class AssessFormat(StrEnum):
    """How `career assess` prints: a table, one JSON object, or one HTML page."""

    table = "table"
    json = "json"
    html = "html"


@career_app.command()
def assess(
    profile_file: Annotated[
        Path, typer.Argument(metavar="PROFILE", help="A profile (.yaml).", show_default=False)
    ],
    target: Annotated[
        str | None,
        typer.Option("--target", help="Role id to aim for (default: the profile's `target`)."),
    ] = None,
    output_format: Annotated[
        AssessFormat, typer.Option("--format", "-f", help="table, json or html.")
    ] = AssessFormat.table,
    output: OutputOption = None,
    salaries: SalariesOption = None,
    wide: WideOption = False,
) -> None:
    """Readiness per level, ranked gaps, a 30/60/90-day plan and certification advice."""
    from steerco.app.career import assess_career
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.career import assessment_object, career_html, json_text

    result = guarded(lambda: assess_career(path=profile_file, target=target, salaries=salaries))
    report = assessment_object(result.assessment, result.profile, result.data)
    if output_format is AssessFormat.json:
        emit(json_text(report), output)
    elif output_format is AssessFormat.html:
        emit(career_html(report), output)
    else:
        emit_rich(lambda console: _render_assessment(report, console), output, wide=wide)


@career_app.command()
def roles(
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    salaries: SalariesOption = None,
    wide: WideOption = False,
) -> None:
    """Compare the role profiles: level, experience, salary band, weights and top skills."""
    from steerco.app.career import compare_roles
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.career import json_text, roles_object

    report = roles_object(guarded(lambda: compare_roles(salaries=salaries)))
    if output_format is TableOrJson.json:
        emit(json_text(report), output)
    else:
        emit_rich(lambda console: _render_roles(report, console), output, wide=wide)


def _render_assessment(r: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, percent, print_table

    name = escape(r["profile"]["name"] or "profile")
    console.print(f"[bold]{name}[/] → target [bold]{escape(r['target_readiness']['name'])}[/]")
    console.print(r["formula"], style="dim", markup=False)
    readiness = r["readiness"] + (
        [r["target_readiness"]] if r["target"] not in {x["role"] for x in r["readiness"]} else []
    )
    rows = [
        Row(
            [
                escape(x["name"]),
                percent(x["score"], 0),
                f"{x['weighted_met']:.1f} / {x['total_weight']:.1f}",
                f"{x['experience_months']['have']} ({x['experience_months']['typical']}) months",
                escape(f"{x['salary']['text']} ({x['salary']['year']})"),
            ]
        )
        for x in readiness
    ]
    columns = [
        Col("Role", "list"),  # the levels' names differ only at their end
        Col("Readiness", "figure", justify="right"),
        Col("Σ w×met / Σ w", "list", priority=2),
        Col("Experience (typical)", "list", priority=1),
        Col("Salary", "list", priority=3),
    ]
    print_table(console, columns, rows, title="Readiness")
    if r["gaps"]:
        rows = [
            Row(
                [
                    escape(g["name"]),
                    escape(g["category"]),
                    str(g["level"]),
                    str(g["required"]),
                    f"{g['weight']:g}",
                    f"{g['priority']:.1f}",
                ]
            )
            for g in r["gaps"]
        ]
        columns = [
            Col("Skill", "text"),
            Col("Category", priority=2),
            Col("Level", "figure", justify="right"),
            Col("Required", "figure", justify="right"),
            Col("Weight", "figure", priority=1, justify="right"),
            Col("Priority", "figure", justify="right"),
        ]
        print_table(console, columns, rows, title=escape(f"Gaps, by priority ({r['gap_formula']})"))
    for days, lines in r["learning_plan"]["days"].items():
        console.print(f"[bold]Within {days} days[/]")
        for line in lines:
            console.print(f"  • {escape(line)}")
    style = {"eligible": "bold green", "course": "cyan", "not_yet": "yellow", "held": "dim"}
    rows = [
        Row(
            [
                escape(c["name"]) + (" ★" if c["for_target"] else ""),
                f"[{style[c['status']]}]{c['status'].replace('_', ' ')}[/]",
                escape("; ".join(c["missing"])),
            ]
        )
        for c in r["certifications"]
    ]
    columns = [Col("Certification", "text"), Col("Status"), Col("Still needed", "list", priority=1)]
    print_table(console, columns, rows, title="Certifications (★ valued by the target role)")


def _render_roles(report: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    rows = []
    for role in report["roles"]:
        top = sorted(role["skills"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        cells = [
            escape(role["name"]),
            escape(role["id"]),
            escape(role["level"]),
            f"{role['experience_months']} months ({role['leading_months']} leading)",
            escape(f"{role['salary']['text']} ({role['salary']['year']})"),
            escape(", ".join(f"{skill} {level}" for skill, level in top)),
        ]
        rows.append(Row(cells))
    columns = [
        Col("Role", "text"),
        Col("Id"),
        Col("Level", priority=2),
        Col("Experience", "list", priority=3),
        Col("Salary", "list", priority=4),
        Col("Top skills", "list", priority=1),
    ]
    print_table(console, columns, rows, title="Role profiles")
    weights = report["weights"]
    shown = ", ".join(f"{c} {w:g}" for c, w in weights["categories"].items())
    console.print(f"Category weights (out of 10): {shown}", markup=False)
    console.print(
        f"Weights: {weights['source']} ({weights['year']}). Salaries: see each role's source.",
        style="dim",
        markup=False,
    )
