"""When lines of the communication plan fall due, what is due, and the power-interest grid."""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.model import Project
from steerco.model.communication import Communication, Stakeholder
from steerco.report.comms import (
    SendRecord,
    due,
    occurrence,
    occurrences,
    power_interest,
    quadrant,
)

D = dt.date


def _project(*lines: Communication, people: tuple[Stakeholder, ...] = ()) -> Project:
    people = people or (Stakeholder(id="s", name="Sponsor", email="s@x.test"),)
    return Project.model_validate(
        {
            "name": "P",
            "start": "2027-03-01",
            "tasks": [{"id": "a", "duration": 5}],
            "stakeholders": [p.model_dump() for p in people],
            "communications": [line.model_dump() for line in lines],
        }
    )


def _sent(line: str, day: dt.date, status: str = "sent") -> SendRecord:
    return SendRecord(line, day, ("s@x.test",), status, "2027-03-01T09:00:00+00:00", "pdf")  # type: ignore[arg-type]


def test_weekly_from_a_monday_falls_due_every_monday() -> None:
    got = list(occurrences(D(2027, 3, 1), "weekly", D(2027, 3, 22)))
    assert got == [D(2027, 3, 1), D(2027, 3, 8), D(2027, 3, 15), D(2027, 3, 22)]


def test_fortnightly_steps_fourteen_days() -> None:
    assert list(occurrences(D(2027, 3, 1), "fortnightly", D(2027, 3, 28))) == [
        D(2027, 3, 1),
        D(2027, 3, 15),
    ]


def test_monthly_on_the_31st_clamps_to_the_month_end_and_comes_back() -> None:
    got = list(occurrences(D(2027, 1, 31), "monthly", D(2027, 5, 30)))
    assert got == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]
    assert occurrence(D(2028, 1, 31), "monthly", 1) == D(2028, 2, 29)  # a leap year


def test_once_falls_due_once() -> None:
    assert list(occurrences(D(2027, 3, 3), "once", D(2028, 1, 1))) == [D(2027, 3, 3)]
    assert list(occurrences(D(2027, 3, 3), "once", D(2027, 3, 2))) == []


def test_weekly_due_is_the_latest_monday_with_the_earlier_ones_skipped() -> None:
    project = _project(Communication(id="w", to=("s",), frequency="weekly"))
    # Mondays 1, 8, 15 March up to Wednesday 17 March: 15 March is due, 2 skipped.
    (found,) = due(project, [], D(2027, 3, 17))
    assert (found.occurrence, found.skipped) == (D(2027, 3, 15), 2)
    assert [p.id for p in found.recipients] == ["s"]


def test_skipped_counts_only_after_the_last_one_sent() -> None:
    project = _project(Communication(id="w", to=("s",), frequency="weekly"))
    (found,) = due(project, [_sent("w", D(2027, 3, 1))], D(2027, 3, 22))
    assert (found.occurrence, found.skipped) == (D(2027, 3, 22), 2)  # 8 and 15 March


def test_a_sent_occurrence_is_not_due_and_a_failed_one_is() -> None:
    project = _project(Communication(id="w", to=("s",), frequency="weekly"))
    assert due(project, [_sent("w", D(2027, 3, 8))], D(2027, 3, 10)) == ()
    (found,) = due(project, [_sent("w", D(2027, 3, 8), "failed")] * 2, D(2027, 3, 10))
    assert (found.occurrence, found.failures) == (D(2027, 3, 8), 2)


def test_nothing_is_due_before_the_first_date() -> None:
    project = _project(Communication(id="m", to=("s",), frequency="monthly", first=D(2027, 4, 1)))
    assert due(project, [], D(2027, 3, 31)) == ()
    (found,) = due(project, [], D(2027, 4, 1))
    assert (found.occurrence, found.skipped) == (D(2027, 4, 1), 0)


def test_monthly_on_the_31st_is_due_on_the_last_of_february() -> None:
    project = _project(Communication(id="m", to=("s",), frequency="monthly", first=D(2027, 1, 31)))
    (found,) = due(project, [_sent("m", D(2027, 1, 31))], D(2027, 3, 30))
    assert (found.occurrence, found.skipped) == (D(2027, 2, 28), 0)


def test_once_is_due_until_sent() -> None:
    project = _project(Communication(id="k", to=("s",), frequency="once", first=D(2027, 3, 3)))
    (found,) = due(project, [], D(2027, 6, 1))
    assert (found.occurrence, found.skipped) == (D(2027, 3, 3), 0)
    assert due(project, [_sent("k", D(2027, 3, 3))], D(2027, 6, 1)) == ()


def test_a_line_without_first_starts_with_the_project() -> None:
    project = _project(Communication(id="w", to=("s",), frequency="fortnightly"))
    (found,) = due(project, [], D(2027, 3, 14))
    assert found.occurrence == D(2027, 3, 1)


@pytest.mark.parametrize(
    ("influence", "interest", "where"),
    [
        ("high", "high", "manage_closely"),
        ("high", "low", "keep_satisfied"),
        ("low", "high", "keep_informed"),
        ("low", "low", "monitor"),
        ("medium", "medium", "manage_closely"),
        ("medium", "low", "keep_satisfied"),
        ("low", "medium", "keep_informed"),
    ],
)
def test_quadrants_count_medium_as_high(influence: str, interest: str, where: str) -> None:
    person = Stakeholder.model_validate(
        {"id": "x", "name": "X", "influence": influence, "interest": interest}
    )
    assert quadrant(person) == where


def test_power_interest_lists_every_quadrant_in_file_order() -> None:
    people = [
        Stakeholder(id="a", name="A", influence="low", interest="low"),
        Stakeholder(id="b", name="B", influence="high", interest="high"),
        Stakeholder(id="c", name="C", influence="high", interest="medium"),
    ]
    grid = power_interest(people)
    assert list(grid) == ["manage_closely", "keep_satisfied", "keep_informed", "monitor"]
    assert [p.id for p in grid["manage_closely"]] == ["b", "c"]
    assert grid["keep_satisfied"] == () and grid["keep_informed"] == ()
    assert [p.id for p in grid["monitor"]] == ["a"]
