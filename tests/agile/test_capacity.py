"""A sprint's capacity in person-days from the team's calendars, leave and focus factor."""

from __future__ import annotations

from typing import Any

import pytest

from steerco.agile.capacity import sprint_capacity, working_days
from steerco.model import Project
from steerco.model.agile import Sprint

# Sprint 2027-03-01 (Mon) .. 2027-03-12 (Fri): 10 weekdays, less the holiday on Wed 03-03,
# gives 9 working days on the project calendar.
SPRINT = {"id": "T", "start": "2027-03-01", "end": "2027-03-12"}


def project(sprint: dict[str, Any] | None = None, **fields: Any) -> Project:
    data: dict[str, Any] = {
        "name": "p",
        "start": "2027-03-01",
        "calendar": {"holidays": ["2027-03-03"]},
        "resources": [
            {"id": "ana"},
            {"id": "ben", "leave": ["2027-03-08..2027-03-09"]},
            {"id": "cy", "capacity": 0.5, "workdays": ["mon", "tue", "wed", "thu"]},
            {"id": "gpu", "kind": "equipment", "capacity": 4},
        ],
        "sprints": [{**SPRINT, **(sprint or {})}],
        **fields,
    }
    return Project.model_validate(data)


def capacity_of(p: Project) -> Any:
    return sprint_capacity(p, p.sprints[0])


def test_holiday_leave_own_weekdays_units_and_focus_factor() -> None:
    cap = capacity_of(project({"focus_factor": 0.75}))
    assert cap.working_days == 9
    by_id = {m.resource: m for m in cap.members}
    assert set(by_id) == {"ana", "ben", "cy"}  # equipment is not on the team
    # ana: 9 days x 1 x 0.75 = 6.75
    assert (by_id["ana"].days, by_id["ana"].days_off, by_id["ana"].person_days) == (9, 0, 6.75)
    # ben: leave Mon 03-08 and Tue 03-09 -> 7 days x 0.75 = 5.25
    assert (by_id["ben"].days, by_id["ben"].days_off, by_id["ben"].person_days) == (7, 2, 5.25)
    # cy works Mon-Thu: the two Fridays off -> 7 days x 0.5 units x 0.75 = 2.625
    assert (by_id["cy"].days, by_id["cy"].days_off) == (7, 2)
    assert by_id["cy"].person_days == pytest.approx(2.625)
    assert cap.computed == pytest.approx(14.625)
    assert (cap.person_days, cap.basis, cap.focus_factor) == (
        pytest.approx(14.625),
        "calendars",
        0.75,
    )


def test_leave_over_a_holiday_and_a_weekend_counts_only_working_days() -> None:
    p = project(resources=[{"id": "ben", "leave": ["2027-03-03..2027-03-07"]}])
    (ben,) = capacity_of(p).members
    # Wed 03-03 is a holiday and 03-06/07 a weekend: only Thu 03-04 and Fri 03-05 are lost.
    assert (ben.days, ben.days_off, ben.person_days) == (7, 2, 7.0)


def test_the_team_and_the_agile_focus_factor_by_default() -> None:
    p = project({"team": ["ben"]}, agile={"focus_factor": 0.5})
    cap = capacity_of(p)
    assert [m.resource for m in cap.members] == ["ben"]
    assert cap.person_days == pytest.approx(7 * 0.5)


def test_a_given_capacity_replaces_the_computed_one() -> None:
    cap = capacity_of(project({"capacity": 12}))
    assert (cap.person_days, cap.given, cap.basis) == (12, 12, "given")
    assert cap.computed == pytest.approx(9 + 7 + 3.5)  # focus factor 1


def test_working_days_use_the_project_calendar() -> None:
    p = project()
    sprint: Sprint = p.sprints[0]
    days = working_days(p, sprint.start, sprint.end)
    assert len(days) == 9
    assert all(d.weekday() < 5 for d in days)
    assert sprint.start.replace(day=3) not in days
