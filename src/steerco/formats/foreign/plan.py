"""What a reader of another tool's plan returns: the project, the stored dates, a report.

The contract every reader (`mspdi_read`, `xer_read`, `gan_read`, `mpxj_bridge`) fulfils:

- `data` is the content of a steerco project file (plain dicts, lists, strings, numbers
  and dates, ready for YAML), which `Project.model_validate` accepts;
- `stored` holds, for every task of `data` (leaves, milestones and summaries, by the id
  used in `data`), the start and finish dates the source tool computed and saved in the
  file, as first and last working day (a milestone: its day, twice);
- `report` lists what was carried over, approximated (with the rule applied) and
  dropped, with counts: nothing the file holds is lost silently;
- `baselines` holds the source's baselines by name (MS Project's `Baseline`, `Baseline1`...,
  P6's project baseline), each task's dates, duration (working days) and cost;
- `pinned` are the tasks that keep their stored dates (manually scheduled, levelled,
  edited contours): `data` gives each a `pinned:` entry, and they are listed here too;
- `lines` gives, where the format has lines, the line each task comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "FOREIGN_SUFFIXES",
    "BaselineDates",
    "ConversionEntry",
    "ForeignFormat",
    "ForeignPlan",
    "Outcome",
    "SourceTool",
    "StoredDates",
    "task_lines",
]

ForeignFormat = Literal["mspdi", "xer", "gan", "mpp", "mpx"]
SourceTool = Literal["msproject", "p6", "ganttproject"]
Outcome = Literal["carried", "approximated", "dropped"]

FOREIGN_SUFFIXES: dict[str, ForeignFormat] = {
    ".xml": "mspdi",
    ".xer": "xer",
    ".gan": "gan",
    ".mpp": "mpp",
    ".mpx": "mpx",
}
"""The file suffixes steerco reads as another tool's plan, and the format of each."""


@dataclass(frozen=True)
class StoredDates:
    """The dates the source tool computed for one task: first and last working day."""

    start: dt.date
    finish: dt.date


@dataclass(frozen=True)
class BaselineDates:
    """One task of a source baseline: its dates, duration in working days and cost."""

    start: dt.date
    finish: dt.date
    duration: float
    cost: float = 0.0


@dataclass(frozen=True)
class ConversionEntry:
    """One line of the conversion report: what, its outcome, how many, and the rule or reason.

    `what` names the concept in the user's words ("tasks", "FS links", "elapsed lags",
    "calendar exceptions", "work contours"); `rule` says how an approximation was made or
    why something was dropped; `examples` names a few of the items (ids or names).
    """

    what: str
    outcome: Outcome
    count: int
    rule: str = ""
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForeignPlan:
    """A plan read from another tool's file, as steerco project data with its stored dates."""

    source: Path
    format: ForeignFormat
    tool: SourceTool
    data: dict[str, Any]
    stored: dict[str, StoredDates] = field(default_factory=dict)
    report: tuple[ConversionEntry, ...] = ()
    baselines: dict[str, dict[str, BaselineDates]] = field(default_factory=dict)
    pinned: tuple[str, ...] = ()
    project_id: str | None = None
    projects: tuple[str, ...] = ()
    """Every project the file holds (an XER may hold several), by the id `--project` takes."""
    lines: dict[str, int] = field(default_factory=dict)
    """The line of the file each task of `data` comes from, by its id (where the reader knows
    it): what does not validate in a task is reported at that line."""

    def count(self, outcome: Outcome) -> int:
        """How many items the report gives this outcome."""
        return sum(entry.count for entry in self.report if entry.outcome == outcome)


def task_lines(pairs: Iterable[tuple[str, int | None]]) -> dict[str, int]:
    """`ForeignPlan.lines` from (task id, line) pairs; an id given twice gets no line.

    Which of two tasks with one id an error means is not known, so neither line is given.
    """
    lines: dict[str, int] = {}
    twice: set[str] = set()
    for task, line in pairs:
        if task in lines or task in twice:
            twice.add(task)
            lines.pop(task, None)
        elif line is not None:
            lines[task] = line
    return lines
