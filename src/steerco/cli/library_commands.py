"""`steerco skills` and `steerco certifications`: the ids project and profile files accept."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from steerco.cli.options import OutputOption, TableOrJson, TableOrJsonOption, WideOption

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["certifications", "skills"]


def skills(
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """List the skill ids a project's `skills:` and a profile accept, with names and aliases."""
    from steerco.app.library import list_skills
    from steerco.cli.output import emit, emit_rich
    from steerco.render.library import skills_object

    data = skills_object(list_skills())
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        emit_rich(lambda console: _render_skills(data, console), output, wide=wide)


def certifications(
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """List the certification ids a profile's `certifications:` accepts."""
    from steerco.app.library import list_certifications
    from steerco.cli.output import emit, emit_rich
    from steerco.render.library import certifications_object

    data = certifications_object(list_certifications())
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        emit_rich(lambda console: _render_certifications(data, console), output, wide=wide)


def _render_skills(data: dict[str, Any], console: Console) -> None:
    from steerco.cli.tables import Col, Row, print_table

    rows = [
        Row([s["id"], s["name"], s["category"], ", ".join(s["aliases"])]) for s in data["skills"]
    ]
    columns = [
        Col("Id"),
        Col("Name", "text"),
        Col("Category", priority=1),
        Col("Aliases", "list", priority=2),
    ]
    print_table(console, columns, rows, title="Skills (levels 0-5)")
    console.print("Names match ignoring case, spaces, underscores and hyphens.")


def _render_certifications(data: dict[str, Any], console: Console) -> None:
    from steerco.cli.tables import Col, Row, print_table

    rows = [
        Row([c["id"], c["name"], c["body"], c["family"] or "", c["format"]])
        for c in data["certifications"]
    ]
    columns = [
        Col("Id"),
        Col("Name", "text"),
        Col("Body", "text", priority=1),
        Col("Family", priority=3),
        Col("Format", "text", priority=4),
    ]
    print_table(console, columns, rows, title="Certifications")
