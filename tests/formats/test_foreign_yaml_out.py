"""An imported plan's project file: documented key order, link shorthand, reads back equal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from steerco.formats.foreign.yaml_out import dependency_text, project_yaml_text
from steerco.formats.loader import load_project
from steerco.model import Project

D = dt.date


def _data() -> dict[str, Any]:
    """A plan touching every part the readers fill, its keys in no particular order."""
    return {
        "progress": {
            "status_date": D(2027, 1, 12),
            "tasks": {"a": {"actual_start": D(2027, 1, 4), "actual_finish": D(2027, 1, 8)}},
        },
        "tasks": [
            {
                "name": "Phase one",
                "id": "p1",
                "children": [
                    {"id": "a", "name": "Collect: raw", "duration": "5d", "description": "x\ny"},
                    {
                        "id": "b",
                        "duration": "16h",
                        "after": [
                            {"task": "a", "type": "SS", "lag": "2d"},
                            {"task": "a", "type": "FF", "lag": "-1d"},
                        ],
                        "calendar": "Nights",
                        "demands": {"ann": 0.5},
                    },
                ],
            },
            {
                "id": "c",
                "duration": "3ed",
                "after": [{"task": "b", "type": "FS", "lag_percent": 50.0}, {"task": "p1"}],
                "start_no_earlier_than": D(2027, 2, 1),
                "pinned": {"start": D(2027, 2, 1), "finish": D(2027, 2, 3), "reason": "levelled"},
            },
            {"id": "m", "milestone": True, "after": [{"task": "c", "type": "FS", "lag": "3ed"}]},
        ],
        "resources": [{"id": "ann", "name": "Ann", "rate": "100/h", "calendar": "Nights"}],
        "calendars": {"Nights": {"workdays": ["sat", "sun", "mon", "tue", "wed", "thu"]}},
        "scheduling": {"lag_calendar": "successor"},
        "calendar": {"holidays": [D(2027, 1, 1)], "hours_per_day": 8},
        "start": D(2027, 1, 4),
        "name": "Imported: a plan",
    }


def test_it_reads_back_as_the_same_project(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(project_yaml_text(_data(), ["from plan.xml"]), encoding="utf-8")
    assert load_project(path) == Project.model_validate(_data())


def test_keys_come_in_the_documented_order_after_the_header() -> None:
    text = project_yaml_text(_data(), ["Imported from plan.xml", "on 2027-03-01"])
    lines = text.splitlines()
    assert lines[:3] == ["# Imported from plan.xml", "# on 2027-03-01", ""]
    top = [line.split(":")[0] for line in lines[3:] if line and not line[0].isspace()]
    assert top == [
        "name", "start", "calendar", "calendars", "scheduling", "resources", "tasks", "progress"
    ]  # fmt: skip


def test_links_and_dates_are_written_as_people_write_them() -> None:
    text = project_yaml_text(_data())
    assert "after: [a SS+2d, a FF-1d]" in text
    assert "after: [b FS+50%, p1]" in text
    assert "after: [c FS+3ed]" in text
    assert "start_no_earlier_than: 2027-02-01\n" in text
    assert "pinned: {start: 2027-02-01, finish: 2027-02-03, reason: levelled}" in text
    assert "    children:\n      - id: a\n" in text


@pytest.mark.parametrize(
    ("link", "written"),
    [
        ({"task": "a"}, "a"),
        ({"task": "a", "type": "FS", "lag": 0}, "a"),
        ({"task": "a", "type": "sf", "lag": 2}, "a SF+2"),
        ({"task": "a", "type": "FS", "lag": "4h"}, "a FS+4h"),
        ({"task": "a", "type": "SS", "lag_percent": -25.0}, "a SS-25%"),
        # an id with a space has no shorthand: the long form stays
        ({"task": "a b", "type": "FS", "lag": "1d"}, {"task": "a b", "type": "FS", "lag": "1d"}),
    ],
)
def test_dependency_shorthand_only_where_it_reads_back_the_same(
    link: dict[str, Any], written: Any
) -> None:
    assert dependency_text(link) == written
