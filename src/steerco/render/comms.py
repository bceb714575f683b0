"""The JSON object of `steerco comms due`: the lines of the communication plan due at a date."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from steerco.errors import Diagnostic
from steerco.report.comms import DueReport

__all__ = ["due_json", "due_object"]


def _line(item: DueReport) -> dict[str, Any]:
    line = item.line
    return {
        "id": line.id,
        "report": line.report,
        "audience": line.audience,
        "format": line.format,
        "frequency": line.frequency,
        "occurrence": item.occurrence.isoformat(),
        "skipped": item.skipped,
        "failures": item.failures,
        "subject": line.subject or None,
        "to": [
            {"id": person.id, "name": person.name, "email": person.email}
            for person in item.recipients
        ],
    }


def due_object(
    project: str, date: str, due: Sequence[DueReport], warnings: Sequence[Diagnostic] = ()
) -> dict[str, Any]:
    """The project's name, the date asked about, each due line and the warnings printed."""
    return {
        "project": project,
        "date": date,
        "due": [_line(item) for item in due],
        "warnings": [w.format() for w in warnings],
    }


def due_json(
    project: str, date: str, due: Sequence[DueReport], warnings: Sequence[Diagnostic] = ()
) -> str:
    """`due_object` as indented JSON text with a final newline."""
    return json.dumps(due_object(project, date, due, warnings), indent=2) + "\n"
