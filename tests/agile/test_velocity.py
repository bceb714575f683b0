"""Velocity per finished sprint, and its mean, range and trend over the last N, by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from steerco.agile.velocity import slope, sprint_velocity, trend_of, velocity
from steerco.model import Project

D = dt.date

# Four one-week sprints V1..V4 and V5, still running on 2027-03-31.
SPRINTS: list[dict[str, Any]] = [
    {"id": "V1", "start": "2027-03-01", "end": "2027-03-05"},
    {"id": "V2", "start": "2027-03-08", "end": "2027-03-12"},
    {"id": "V3", "start": "2027-03-15", "end": "2027-03-19"},
    {"id": "V4", "start": "2027-03-22", "end": "2027-03-26"},
    {"id": "V5", "start": "2027-03-29", "end": "2027-04-02"},
]
# Completed points: V1 10 (C, 5 points, is carried over to V2 and done there), V2 5 + 7 = 12,
# V3 9, V4 13 (and a bug without points). V5 has 20 points done already: not finished.
BACKLOG: list[dict[str, Any]] = [
    {"id": "a", "points": 10, "sprints": "V1", "done": "2027-03-04"},
    {"id": "C", "points": 5, "sprints": ["V1", "V2"], "done": "2027-03-09"},
    {"id": "b", "points": 7, "sprints": "V2", "done": "2027-03-12"},
    {"id": "c", "points": 9, "sprints": "V3", "done": "2027-03-17"},
    {"id": "d", "points": 13, "sprints": "V4", "done": "2027-03-26"},
    {"id": "bug", "type": "bug", "sprints": "V4", "done": "2027-03-23"},
    {"id": "e", "points": 20, "sprints": "V5", "done": "2027-03-30"},
    {"id": "s", "type": "subtask", "points": 3, "sprints": "V4", "done": "2027-03-23"},
]


def project(**fields: Any) -> Project:
    return Project.model_validate(
        {
            "name": "p",
            "start": "2027-03-01",
            "resources": [{"id": "ana"}, {"id": "ben", "capacity": 0.5}],
            "backlog": BACKLOG,
            "sprints": SPRINTS,
            **fields,
        }
    )


def test_per_sprint_committed_and_completed_with_a_carried_over_item() -> None:
    result = velocity(project(), D(2027, 3, 31), window=4)
    rows = [
        (r.sprint, r.committed_points, r.committed_items, r.completed_points, r.completed_items)
        for r in result.sprints
    ]
    assert rows == [
        ("V1", 15, 2, 10, 1),  # committed a and C; C was done in V2
        ("V2", 12, 2, 12, 2),  # C counts here
        ("V3", 9, 1, 9, 1),
        ("V4", 13, 2, 13, 2),  # the bug adds an item, no points; the sub-task is not work
    ]
    assert [r.completed_unpointed for r in result.sprints] == [0, 0, 0, 1]
    # 5 working days x (1 + 0.5) units x focus factor 1
    assert {r.capacity for r in result.sprints} == {7.5}


def test_mean_range_and_trend_over_four_sprints() -> None:
    result = velocity(project(), D(2027, 3, 31), window=4)
    # 10, 12, 9, 13: mean 11, range 9..13; slope: x - 1.5 = -1.5, -0.5, 0.5, 1.5 (sum of
    # squares 5), v - 11 = -1, 1, -2, 2: (1.5 - 0.5 - 1 + 3) / 5 = 0.6 >= 5% of 11 = 0.55
    assert (result.mean, result.low, result.high) == (11, 9, 13)
    assert result.slope == pytest.approx(0.6)
    assert result.trend == "rising"
    assert [r.sprint for r in result.counted] == ["V1", "V2", "V3", "V4"]
    assert result.mean_capacity == 7.5


def test_the_window_comes_from_the_file_and_a_flat_trend() -> None:
    result = velocity(project(), D(2027, 3, 31))  # agile.velocity_sprints: 3 by default
    assert [r.sprint for r in result.counted] == ["V2", "V3", "V4"]
    # 12, 9, 13: mean 34/3; slope (13 - 12) / 2 = 0.5 < 5% of 11.33 = 0.567: flat
    assert result.mean == pytest.approx(34 / 3)
    assert (result.low, result.high, result.slope, result.trend) == (9, 13, 0.5, "flat")
    two = velocity(project(agile={"velocity_sprints": 2}), D(2027, 3, 31))
    assert (two.window, two.mean, two.slope, two.trend) == (2, 11, None, None)  # too few


def test_only_sprints_finished_before_the_date_count() -> None:
    assert [r.sprint for r in velocity(project(), D(2027, 3, 26)).sprints] == ["V1", "V2", "V3"]
    empty = velocity(project(), D(2027, 3, 5))  # V1 ends that day: not finished
    assert (empty.sprints, empty.mean, empty.low, empty.trend) == ((), None, None, None)


def test_committed_points_leave_out_items_added_after_the_start() -> None:
    # V1 with `a` (10 points) added on its third day: it committed C alone (5 points)
    changed = {**SPRINTS[0], "scope_changes": [{"date": "2027-03-03", "item": "a"}]}
    p = project(sprints=[changed, *SPRINTS[1:]])
    row = sprint_velocity(p, p.sprints[0])
    assert (row.committed_points, row.committed_items, row.completed_points) == (5, 1, 10)


def test_slope_and_trend_rule() -> None:
    assert slope([10, 12, 14, 16]) == pytest.approx(2)
    assert slope([16, 14, 12, 10]) == pytest.approx(-2)
    assert slope([5]) == 0
    assert trend_of(-2, 13) == "falling"
    assert trend_of(-0.6, 13) == "flat"  # within 5% of 13 = 0.65
    assert trend_of(0.65, 13) == "rising"
    assert trend_of(0, 0) == "flat"
