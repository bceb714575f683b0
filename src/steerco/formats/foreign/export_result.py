"""What `steerco export` wrote: the result of `app.export.export_plan`, for the renderers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["EXPORT_SUFFIXES", "ExportFormat", "ExportResult"]

ExportFormat = Literal["mspdi", "csv", "xlsx"]

EXPORT_SUFFIXES: dict[str, ExportFormat] = {".xml": "mspdi", ".csv": "csv", ".xlsx": "xlsx"}
"""The format an output file's suffix asks for when `--to` is not given."""


@dataclass(frozen=True)
class ExportResult:
    """What was written: where, in which format, how much, by which plan, and what not."""

    source: Path
    path: Path
    format: ExportFormat
    tasks: int
    """Rows written: tasks, milestones and summaries."""
    links: int
    plan: str
    """Which plan dates the file: `critical path` or `levelled (METHOD)`."""
    baseline: str | None
    """The baseline written with it (MSPDI: every saved one; CSV, XLSX: this one)."""
    size: int
    """Bytes written."""
    notes: tuple[str, ...] = ()
