"""The JSON object of `steerco import FILE` (import-plan.schema.json)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from steerco.formats.foreign.plan import ForeignPlan, StoredDates

__all__ = ["imported_plan_object"]


class Mismatch(Protocol):
    """A task whose computed dates differ from those stored in the file (`app.date_check`)."""

    @property
    def id(self) -> str:
        """The task's id."""

    @property
    def name(self) -> str:
        """The task's name."""

    @property
    def stored(self) -> StoredDates:
        """The dates the source tool stored."""

    @property
    def start(self) -> dt.date:
        """The start date steerco computed."""

    @property
    def finish(self) -> dt.date:
        """The finish date steerco computed."""


def imported_plan_object(
    plan: ForeignPlan,
    *,
    checked: int,
    mismatches: Sequence[Mismatch],
    out: Path | None,
    baselines: Path | None = None,
) -> dict[str, Any]:
    """The conversion report with its totals, the date check, the kept tasks and the files."""
    return {
        "source": str(plan.source),
        "format": plan.format,
        "tool": plan.tool,
        "project": str(plan.data.get("name", "")),
        "project_id": plan.project_id,
        "projects": list(plan.projects),
        "report": [
            {
                "what": entry.what,
                "outcome": entry.outcome,
                "count": entry.count,
                "rule": entry.rule,
                "examples": list(entry.examples),
            }
            for entry in plan.report
        ],
        "totals": {o: plan.count(o) for o in ("carried", "approximated", "dropped")},
        "dates": {
            "checked": checked,
            "matched": checked - len(mismatches),
            "mismatches": [
                {
                    "id": m.id,
                    "name": m.name,
                    "stored": {
                        "start": m.stored.start.isoformat(),
                        "finish": m.stored.finish.isoformat(),
                    },
                    "computed": {"start": m.start.isoformat(), "finish": m.finish.isoformat()},
                }
                for m in mismatches
            ],
        },
        "pinned": list(plan.pinned),
        "out": str(out) if out is not None else None,
        "baselines": str(baselines) if baselines is not None else None,
    }
