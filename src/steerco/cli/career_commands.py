"""`steerco career`: assess a profile against the AI project manager path; compare roles."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from steerco.cli.options import OutputOption, TableOrJson

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
        emit_rich(lambda console: _render_assessment(report, console), output)


@career_app.command()
def roles(
    output_format: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="table: for people; json: one object.")
    ] = TableOrJson.table,
    output: OutputOption = None,
    salaries: SalariesOption = None,
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
        emit_rich(lambda console: _render_roles(report, console), output)


def _render_assessment(r: dict[str, Any], console: Console) -> None:
    from rich.table import Table

    name = r["profile"]["name"] or "profile"
    console.print(f"[bold]{name}[/] → target [bold]{r['target_readiness']['name']}[/]")
    console.print(f"[dim]{r['formula']}[/]")
    table = Table(title="Readiness")
    for column in ("Role", "Readiness", "Σ w×met / Σ w", "Experience (typical)", "Salary"):
        table.add_column(column)
    rows = r["readiness"] + (
        [r["target_readiness"]] if r["target"] not in {x["role"] for x in r["readiness"]} else []
    )
    for x in rows:
        table.add_row(
            x["name"],
            f"{x['score']:.0%}",
            f"{x['weighted_met']:.1f} / {x['total_weight']:.1f}",
            f"{x['experience_months']['have']} ({x['experience_months']['typical']}) months",
            f"{x['salary']['text']} ({x['salary']['year']})",
        )
    console.print(table)
    if r["gaps"]:
        gaps = Table(title=f"Gaps, by priority ({r['gap_formula']})")
        for column in ("Skill", "Category", "Level", "Required", "Weight", "Priority"):
            gaps.add_column(column)
        for g in r["gaps"]:
            gaps.add_row(
                g["name"],
                g["category"],
                str(g["level"]),
                str(g["required"]),
                f"{g['weight']:g}",
                f"{g['priority']:.1f}",
            )
        console.print(gaps)
    for days, lines in r["learning_plan"]["days"].items():
        console.print(f"[bold]Within {days} days[/]")
        for line in lines:
            console.print(f"  • {line}")
    certs = Table(title="Certifications (★ valued by the target role)")
    for column in ("Certification", "Status", "Still needed"):
        certs.add_column(column)
    style = {"eligible": "bold green", "course": "cyan", "not_yet": "yellow", "held": "dim"}
    for c in r["certifications"]:
        star = " ★" if c["for_target"] else ""
        status = f"[{style[c['status']]}]{c['status'].replace('_', ' ')}[/]"
        certs.add_row(c["name"] + star, status, "; ".join(c["missing"]))
    console.print(certs)


def _render_roles(report: dict[str, Any], console: Console) -> None:
    from rich.table import Table

    table = Table(title="Role profiles")
    for column in ("Role", "Id", "Level", "Experience", "Salary", "Top skills"):
        table.add_column(column)
    for role in report["roles"]:
        top = sorted(role["skills"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        table.add_row(
            role["name"],
            role["id"],
            role["level"],
            f"{role['experience_months']} months ({role['leading_months']} leading)",
            f"{role['salary']['text']} ({role['salary']['year']})",
            ", ".join(f"{skill} {level}" for skill, level in top),
        )
    console.print(table)
    weights = report["weights"]
    shown = ", ".join(f"{c} {w:g}" for c, w in weights["categories"].items())
    console.print(f"Category weights (out of 10): {shown}")
    console.print(
        f"[dim]Weights: {weights['source']} ({weights['year']}). "
        "Salaries: see each role's source.[/]"
    )
