"""Arguments and options that several `steerco` commands share."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["FileArgument", "OutputOption", "TableOrJson"]

FileArgument = Annotated[
    Path,
    typer.Argument(help="A project file (.yaml) or a PSPLIB instance (.sm).", show_default=False),
]

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]


class TableOrJson(StrEnum):
    """How a command prints its result: a table for people or one JSON object for tools."""

    table = "table"
    json = "json"
