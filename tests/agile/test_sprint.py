"""The sprint report: commitment, scope changes, burndown and burnup, worked out by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from steerco.agile.commitment import sprint_scope
from steerco.agile.sprint import current_sprint, sprint_report, sprint_state
from steerco.model import Project

D = dt.date

# Sprint T runs Thu 2027-03-04 .. Wed 2027-03-10: 7 days, 5 of them working (Thu, Fri, Mon,
# Tue, Wed). Committed at the start: X1 (5), X2 (3), X3 (no points), X4 (2) = 4 items, 10 points.
# Scope changes: Fri 03-05 X4 removed, X6 (1) added; Mon 03-08 X5 (4) added; Tue 03-09 X6
# removed. Done: X1 on 03-05, X3 on 03-08, X5 on 03-09; X2 is not done.
BACKLOG: list[dict[str, Any]] = [
    {"id": "X1", "points": 5, "sprints": ["T"], "done": "2027-03-05", "estimate": "2d"},
    {"id": "X2", "points": 3, "sprints": ["T"], "status": "In Progress", "estimate": "12h"},
    {"id": "X3", "type": "bug", "sprints": ["T"], "done": "2027-03-08"},
    {"id": "X4", "points": 2},  # removed: its `sprints` no longer names T
    {"id": "X5", "points": 4, "sprints": ["T"], "done": "2027-03-09"},
    {"id": "X6", "points": 1, "sprints": ["T"]},
    {"id": "E1", "type": "epic", "points": 40, "sprints": ["T"]},  # not work
]
SPRINT: dict[str, Any] = {
    "id": "T",
    "name": "Sprint T",
    "start": "2027-03-04",
    "end": "2027-03-10",
    "capacity": 30,
    "scope_changes": [
        {"date": "2027-03-05", "item": "X4", "change": "removed"},
        {"date": "2027-03-05", "item": "X6"},
        {"date": "2027-03-08", "item": "X5"},
        {"date": "2027-03-09", "item": "X6", "change": "removed"},
    ],
}


def project(*sprints: dict[str, Any], backlog: list[dict[str, Any]] = BACKLOG) -> Project:
    return Project.model_validate(
        {
            "name": "p",
            "start": "2027-02-01",
            "resources": [{"id": "ana"}],
            "backlog": backlog,
            "sprints": list(sprints) or [SPRINT],
        }
    )


def test_commitment_is_the_items_at_the_start() -> None:
    p = project()
    scope = sprint_scope(p.backlog, p.sprints[0])
    # in_sprint: X1 X2 X3 X5 X6 (not the epic, not X4); less X5, X6 (first change: added),
    # plus X4 (first change: removed)
    assert [i.id for i in scope.committed()] == ["X1", "X2", "X3", "X4"]
    report = sprint_report(p, p.sprints[0], D(2027, 3, 10))
    c = report.commitment
    assert (c.items, c.points, c.unpointed) == (4, 10.0, 1)
    # estimates: X1 2d + X2 12h = 1.5d -> 3.5 person-days; X3 and X4 have none
    assert (c.person_days, c.unestimated) == (3.5, 2)
    assert (report.capacity.person_days, report.capacity.basis) == (30, "given")


def test_burndown_and_burnup_day_by_day() -> None:
    p = project()
    report = sprint_report(p, p.sprints[0], D(2027, 3, 10))
    assert report.state == "active"
    rows = [
        (
            d.date.day,
            d.working,
            (d.added.points, d.removed.points),
            (d.scope.points, d.scope.items),
            (d.done.points, d.done.items),
            (d.remaining.points, d.remaining.items),
            round(d.ideal_points, 9),
        )
        for d in report.days
    ]
    assert rows == [
        # day, working, (added, removed), scope, done (burnup), remaining (burndown), ideal
        (4, True, (0, 0), (10, 4), (0, 0), (10, 4), 8.0),  # 10 x (1 - 1/5)
        (5, True, (1, 2), (9, 4), (5, 1), (4, 3), 6.0),  # X6 in, X4 out; X1 done
        (6, False, (0, 0), (9, 4), (5, 1), (4, 3), 6.0),  # weekend: the ideal is flat
        (7, False, (0, 0), (9, 4), (5, 1), (4, 3), 6.0),
        (8, True, (4, 0), (13, 5), (5, 2), (8, 3), 4.0),  # X5 in; X3 (no points) done
        (9, True, (0, 1), (12, 4), (9, 3), (3, 1), 2.0),  # X6 out; X5 done
        (10, True, (0, 0), (12, 4), (9, 3), (3, 1), 0.0),
    ]
    assert report.days[1].added.items == report.days[1].removed.items == 1


def test_totals_and_item_status_at_the_end() -> None:
    p = project()
    report = sprint_report(p, p.sprints[0], D(2027, 3, 11))
    assert report.state == "finished"
    assert len(report.days) == 7  # never past the last day
    assert (report.completed.items, report.completed.points, report.completed.unpointed) == (
        3,
        9.0,
        1,
    )  # X1, X3, X5
    assert (report.remaining.items, report.remaining.points) == (1, 3.0)  # X2
    assert (report.added.items, report.added.points) == (2, 5.0)  # X6, X5
    assert (report.removed.items, report.removed.points) == (2, 3.0)  # X4, X6
    rows = {r.id: r for r in report.items}
    assert list(rows) == ["X1", "X2", "X3", "X4", "X5", "X6"]
    assert (rows["X4"].committed, rows["X4"].in_sprint, rows["X4"].removed) == (
        True,
        False,
        D(2027, 3, 5),
    )
    assert (rows["X6"].added, rows["X6"].removed, rows["X6"].in_sprint) == (
        D(2027, 3, 5),
        D(2027, 3, 9),
        False,
    )
    assert (rows["X2"].category, rows["X2"].completed, rows["X2"].estimate_days) == (
        "in_progress",
        False,
        1.5,
    )
    assert rows["X5"].completed and not rows["X5"].committed


def test_mid_sprint_counts_only_what_happened_by_then() -> None:
    p = project()
    report = sprint_report(p, p.sprints[0], D(2027, 3, 6))
    assert [d.date.day for d in report.days] == [4, 5, 6]
    assert (report.completed.items, report.completed.points) == (1, 5.0)  # X1
    assert (report.remaining.items, report.remaining.points) == (3, 4.0)  # X2, X3, X6
    assert (report.added.items, report.removed.items) == (1, 1)
    x5 = next(r for r in report.items if r.id == "X5")
    assert (x5.in_sprint, x5.added, x5.completed) == (False, None, False)
    # each item as it stood on the 6th: X3 and X5 were done later (the file's latest
    # status and done day were shown, "Done 2027-03-08", beside "completed: false")
    rows = {r.id: (r.category, r.done, r.completed) for r in report.items}
    assert rows["X1"] == ("done", D(2027, 3, 5), True)
    assert rows["X3"] == ("todo", None, False)
    assert rows["X5"] == ("todo", None, False)
    assert rows["X2"] == ("in_progress", None, False)  # no day it started: as written


def test_a_planned_sprint_has_no_days_and_all_its_commitment_remains() -> None:
    p = project()
    report = sprint_report(p, p.sprints[0], D(2027, 3, 1))
    assert report.state == "planned"
    assert report.days == ()
    assert (report.remaining.points, report.completed.points, report.added.items) == (10, 0, 0)


def test_points_capacity_is_mean_velocity_scaled_by_capacity() -> None:
    earlier = [
        # P1: capacity 10, completed 8 points; P2: capacity 20, completed 12 points
        {"id": "P1", "start": "2027-02-15", "end": "2027-02-19", "capacity": 10},
        {"id": "P2", "start": "2027-02-22", "end": "2027-02-26", "capacity": 20},
    ]
    backlog = [
        *BACKLOG,
        {"id": "Y1", "points": 8, "sprints": ["P1"], "done": "2027-02-19"},
        {"id": "Y2", "points": 12, "sprints": ["P2"], "done": "2027-02-22"},
    ]
    p = project(*earlier, SPRINT, backlog=backlog)
    points = sprint_report(p, p.sprints[2], D(2027, 3, 5)).points_capacity
    assert points is not None
    # mean velocity (8 + 12) / 2 = 10, mean capacity 15, this sprint 30: 10 x 30 / 15 = 20
    assert (points.mean_velocity, points.mean_capacity, points.points) == (10, 15, 20)
    assert (points.sprints, points.scaled) == (("P1", "P2"), True)
    # the first sprint has no velocity before it
    assert sprint_report(p, p.sprints[0], D(2027, 3, 5)).points_capacity is None


def test_points_capacity_unscaled_when_the_velocity_sprints_had_no_capacity() -> None:
    earlier = {"id": "P1", "start": "2027-02-15", "end": "2027-02-19", "capacity": 0}
    backlog = [*BACKLOG, {"id": "Y1", "points": 6, "sprints": ["P1"], "done": "2027-02-19"}]
    p = project(earlier, SPRINT, backlog=backlog)
    points = sprint_report(p, p.sprints[1], D(2027, 3, 5)).points_capacity
    assert points is not None
    assert (points.points, points.scaled) == (6, False)


@pytest.mark.parametrize(
    ("day", "state"),
    [(D(2027, 3, 3), "planned"), (D(2027, 3, 4), "active"), (D(2027, 3, 10), "active")],
)
def test_state_at_a_date(day: dt.date, state: str) -> None:
    assert sprint_state(project().sprints[0], day) == state
    assert sprint_state(project().sprints[0], D(2027, 3, 11)) == "finished"


def test_current_sprint_active_else_last_finished_else_next() -> None:
    a = {"id": "A", "start": "2027-03-01", "end": "2027-03-05"}
    b = {"id": "B", "start": "2027-03-08", "end": "2027-03-12"}
    sprints = project(a, b, backlog=[]).sprints
    chosen = {d: current_sprint(sprints, D(2027, 3, d)) for d in (1, 6, 9, 13)}
    assert {d: s.id if s else None for d, s in chosen.items()} == {1: "A", 6: "A", 9: "B", 13: "B"}
    assert current_sprint(sprints, D(2027, 2, 1)).id == "A"  # type: ignore[union-attr]
