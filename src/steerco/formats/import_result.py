"""What an import of work items changed in a project file: each entry's change, the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["ImportChange", "ImportResult"]


@dataclass(frozen=True)
class ImportChange:
    """One work item or sprint of the export and what the import does to the file's entry."""

    kind: Literal["item", "sprint", "status"]
    id: str
    change: Literal["added", "updated", "unchanged"]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """What an import changed (or, in a dry run, would change) in the project file."""

    file: Path
    export: Path
    source: Literal["jira", "csv"]
    dry_run: bool
    written: bool
    rows: int
    changes: tuple[ImportChange, ...]
    types: dict[str, int]
    parents: int
    points: float
    notes: tuple[str, ...] = field(default=())

    def count(self, kind: str, change: str) -> int:
        """How many entries of `kind` the import gives `change` (added, updated, unchanged)."""
        return sum(c.kind == kind and c.change == change for c in self.changes)
