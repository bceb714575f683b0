"""No report falls due after the plan's end: `comms due` and `steerco ical` list the same dates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar

from steerco.app.comms import comms_due
from steerco.app.ical import project_calendar
from steerco.formats.comms_journal import append_records, journal_path
from steerco.model import Project
from steerco.report.comms import SendRecord, due

D = dt.date
PLAN = Path(__file__).parents[1] / "cases" / "valid" / "communication_plan.yaml"
"""Starts Monday 1 March 2027 and ends Friday 26 March (its `done` milestone)."""


def _project() -> Project:
    return Project.model_validate(
        {
            "name": "P",
            "start": "2027-03-01",
            "tasks": [{"id": "a", "duration": 5}],
            "stakeholders": [{"id": "s", "name": "S", "email": "s@x.test"}],
            "communications": [
                {"id": "w", "to": ["s"], "frequency": "weekly"},
                {"id": "late", "to": ["s"], "frequency": "weekly", "first": "2027-05-03"},
            ],
        }
    )


def _sent(line: str, day: dt.date) -> SendRecord:
    return SendRecord(line, day, ("s@x.test",), "sent", "2027-03-01T09:00:00+00:00", "pdf")


def test_after_the_end_the_last_report_before_it_stays_due_and_nothing_later() -> None:
    project = _project()
    end = D(2027, 3, 12)  # Mondays 1 and 8 March fall due before it
    found = {d.line.id: (d.occurrence, d.skipped) for d in due(project, [], D(2027, 6, 30), end)}
    # a line first due after the end falls due once, on its first date
    assert found == {"w": (D(2027, 3, 8), 1), "late": (D(2027, 5, 3), 0)}
    sent = [_sent("w", D(2027, 3, 8)), _sent("late", D(2027, 5, 3))]
    assert due(project, sent, D(2027, 6, 30), end) == ()
    # without an end, every Monday to 28 June falls due, as before
    (weekly, _) = due(project, [], D(2027, 6, 30))
    assert (weekly.occurrence, weekly.skipped) == (D(2027, 6, 28), 17)


def _report_days(path: Path) -> dict[str, list[dt.date]]:
    calendar = icalendar.Calendar.from_ical(project_calendar(path=path).text)
    days: dict[str, list[dt.date]] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        if uid.startswith("report-"):
            line = uid.removeprefix("report-").split("@")[0][: -len("-2027-03-01")]
            days.setdefault(line, []).append(event.decoded("DTSTART"))
    return {line: sorted(found) for line, found in days.items()}


def test_comms_due_past_the_plans_end_lists_the_last_dates_ical_lists(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(PLAN, path)
    # the review's case: on 30 June the old code listed weekly-sponsor due 28 June and
    # monthly-client due 30 June, three months after the plan's end on 26 March
    listed = comms_due(path=path, date=D(2027, 6, 30)).due
    assert [(d.line.id, d.occurrence, d.skipped) for d in listed] == [
        ("weekly-sponsor", D(2027, 3, 22), 3),  # Mondays 1, 8, 15 March skipped
        ("monthly-client", D(2027, 2, 28), 1),  # 31 January skipped; 31 March is past the end
        ("kickoff", D(2027, 3, 3), 0),
    ]
    calendar = _report_days(path)
    assert {d.line.id: d.occurrence for d in listed} == {
        line: days[-1] for line, days in calendar.items()
    }
    records = [
        SendRecord(
            d.line.id, d.occurrence, ("x@x.test",), "sent", "2027-06-30T07:00:00+00:00", "md"
        )
        for d in listed
    ]
    append_records(journal_path(path), records, like=path)
    assert comms_due(path=path, date=D(2027, 6, 30)).due == ()
    assert comms_due(path=path, date=D(2028, 1, 31)).due == ()


def test_a_line_first_due_after_the_end_is_due_once_as_ical_lists_it(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = PLAN.read_text("utf-8")
    old = "{id: kickoff, to: [lead, ops], frequency: once, first: 2027-03-03, format: md}"
    assert old in text
    new = "{id: kickoff, to: [lead], frequency: fortnightly, first: 2027-04-05, format: md}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert _report_days(path)["kickoff"] == [D(2027, 4, 5)]
    assert [d.occurrence for d in comms_due(path=path, date=D(2027, 4, 4)).due] == [
        D(2027, 3, 22),
        D(2027, 2, 28),
    ]
    later = comms_due(path=path, date=D(2027, 6, 30)).due
    assert [(d.line.id, d.occurrence) for d in later][-1] == ("kickoff", D(2027, 4, 5))


def test_a_backlog_without_tasks_reports_to_its_deadline_or_last_sprint_not_its_start() -> None:
    from steerco.app.comms import report_end

    base = {
        "name": "B",
        "start": "2027-01-04",
        "stakeholders": [{"id": "s", "name": "S", "email": "s@x.test"}],
        "communications": [{"id": "w", "to": ["s"], "frequency": "weekly"}],
    }
    sprints = [{"id": "S1", "start": "2027-01-04", "end": "2027-02-26"}]
    # the sprints go on past the listed ones: the later of the last and the deadline
    both = Project.model_validate({**base, "sprints": sprints, "deadline": "2027-05-14"})
    assert report_end(both) == D(2027, 5, 14)
    (weekly,) = due(both, [], D(2027, 3, 1), report_end(both))
    assert weekly.occurrence == D(2027, 3, 1)  # it stopped at the start, 4 January, before
    assert report_end(Project.model_validate({**base, "sprints": sprints})) == D(2027, 2, 26)
    # nothing dated bounds it: reports go on, as before the plan's end was read
    assert report_end(Project.model_validate(base)) is None
    with_task = {**base, "tasks": [{"id": "a", "duration": 5}], "deadline": "2027-05-14"}
    assert report_end(Project.model_validate(with_task)) == D(2027, 1, 8)  # the plan's finish
