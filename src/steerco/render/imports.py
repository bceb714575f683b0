"""The JSON object of `steerco import jira` and `steerco import csv` (import.schema.json)."""

from __future__ import annotations

from typing import Any

from steerco.formats.import_result import ImportResult

__all__ = ["import_object"]

_CHANGES = ("added", "updated", "unchanged")


def import_object(result: ImportResult) -> dict[str, Any]:
    """What the import changed (or would, in a dry run): counts, each entry, totals, notes."""
    return {
        "file": str(result.file),
        "export": str(result.export),
        "source": result.source,
        "dry_run": result.dry_run,
        "written": result.written,
        "rows": result.rows,
        "items": {c: result.count("item", c) for c in _CHANGES},
        "sprints": {c: result.count("sprint", c) for c in _CHANGES},
        "statuses_added": [c.id for c in result.changes if c.kind == "status"],
        "types": dict(sorted(result.types.items())),
        "parents": result.parents,
        "points": result.points,
        "changes": [
            {"kind": c.kind, "id": c.id, "change": c.change, "fields": list(c.fields)}
            for c in result.changes
        ],
        "notes": list(result.notes),
    }
