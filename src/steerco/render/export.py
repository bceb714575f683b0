"""The JSON object of `steerco export --format json` (docs/schemas/export.schema.json)."""

from __future__ import annotations

from typing import Any

from steerco.formats.foreign.export_result import ExportResult

__all__ = ["export_object"]


def export_object(result: ExportResult) -> dict[str, Any]:
    """What was written: the files, the format, the counts, the plan, the baseline, the notes."""
    return {
        "file": str(result.source),
        "out": str(result.path),
        "format": result.format,
        "tasks": result.tasks,
        "links": result.links,
        "plan": result.plan,
        "baseline": result.baseline,
        "bytes": result.size,
        "notes": list(result.notes),
    }
