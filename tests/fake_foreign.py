"""A small foreign plan written by hand, for the import use case and CLI without a reader.

`install(monkeypatch)` makes `read_foreign` return it for any `.xml` path (the readers of
each format have their own tests); the dates are derived by hand below.

Project start Monday 2027-01-04, Monday-Friday. `1` Design 3d: units 0-2, Jan 4-6. `2`
Build 2d after `1 FS+1d`: es = 3 + 1 = 4, units 4-5, Fri Jan 8 - Mon Jan 11. `3` Done, a
milestone after 2: its predecessor's finish day, Jan 11. Summary `S` (1 and 2): Jan 4-11.
The file stores `2` as Jan 7-8 (as if the lag were lost): one mismatch, and `S` with it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from steerco.formats.foreign import read
from steerco.formats.foreign.plan import BaselineDates, ConversionEntry, ForeignPlan, StoredDates

D = dt.date


def data() -> dict[str, Any]:
    """The plan as steerco project data."""
    return {
        "name": "Tiny plan",
        "start": D(2027, 1, 4),
        "tasks": [
            {
                "id": "S",
                "name": "Phase",
                "children": [
                    {"id": "1", "name": "Design", "duration": "3d", "cost": 300.0},
                    {
                        "id": "2",
                        "name": "Build",
                        "duration": "2d",
                        "after": [{"task": "1", "type": "FS", "lag": "1d"}],
                    },
                ],
            },
            {"id": "3", "name": "Done", "milestone": True, "after": [{"task": "2"}]},
        ],
    }


STORED = {
    "S": StoredDates(D(2027, 1, 4), D(2027, 1, 8)),
    "1": StoredDates(D(2027, 1, 4), D(2027, 1, 6)),
    "2": StoredDates(D(2027, 1, 7), D(2027, 1, 8)),
    "3": StoredDates(D(2027, 1, 11), D(2027, 1, 11)),
}
REPORT = (
    ConversionEntry("tasks", "carried", 4),
    ConversionEntry("FS links", "carried", 2),
    ConversionEntry("partial working days", "approximated", 1, "a day of 4 hours counts"),
    ConversionEntry("hyperlinks", "dropped", 2, "steerco has no hyperlinks", ("1", "2")),
)
BASELINES = {
    "Baseline": {
        "S": BaselineDates(D(2027, 1, 4), D(2027, 1, 8), 5, 500.0),
        "1": BaselineDates(D(2027, 1, 4), D(2027, 1, 6), 3, 300.0),
        "2": BaselineDates(D(2027, 1, 7), D(2027, 1, 8), 2, 200.0),
        "3": BaselineDates(D(2027, 1, 8), D(2027, 1, 8), 0, 0.0),
    }
}


def plan(source: Path, **changes: Any) -> ForeignPlan:
    """The plan as a reader of `source` would return it."""
    fields: dict[str, Any] = {
        "source": source,
        "format": "mspdi",
        "tool": "msproject",
        "data": data(),
        "stored": dict(STORED),
        "report": REPORT,
        "baselines": BASELINES,
    }
    return ForeignPlan(**{**fields, **changes})


def install(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> None:
    """Make `read_foreign` read every file as this plan (with `changes`)."""
    monkeypatch.setattr(read, "_read", lambda path, kind, project: plan(path, **changes))
