"""`steerco ical`: events on the plan's dates, UIDs stable across runs and edits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from steerco.app.ical import project_calendar
from steerco.errors import ProjectError

PLAN = Path(__file__).parents[1] / "cases" / "valid" / "communication_plan.yaml"
EXAMPLE = Path(__file__).parents[2] / "examples" / "support-assistant.yaml"


def _events(text: str) -> dict[str, tuple[dt.date, str]]:
    calendar = icalendar.Calendar.from_ical(text)
    return {
        str(event["UID"]): (event.decoded("DTSTART"), str(event["SUMMARY"]))
        for event in calendar.walk("VEVENT")
    }


def test_milestones_gates_and_report_dates_fall_on_their_days(tmp_path: Path) -> None:
    export = project_calendar(path=PLAN)
    events = _events(export.text)
    # data 1-5 March, model 8-19 March (10 working days): m1 on Friday 19 March; ship
    # 22-26 March: `done` on Friday 26 March, the plan's end.
    assert events["milestone-m1@churn-model.steerco"] == (
        dt.date(2027, 3, 19),
        "Milestone: Model ready",
    )
    assert events["gate-m1@churn-model.steerco"][0] == dt.date(2027, 3, 19)
    assert events["milestone-done@churn-model.steerco"][0] == dt.date(2027, 3, 26)
    reports = sorted(
        (day, uid.split("@")[0]) for uid, (day, _) in events.items() if uid.startswith("report-")
    )
    weekly = [dt.date(2027, 3, d) for d in (1, 8, 15, 22)]  # Mondays up to the end, 26 March
    assert [d for d, uid in reports if uid.startswith("report-weekly-sponsor")] == weekly
    assert [d for d, uid in reports if uid.startswith("report-monthly-client")] == [
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 28),
    ]
    assert [d for d, uid in reports if uid.startswith("report-kickoff")] == [dt.date(2027, 3, 3)]
    assert "report-weekly-sponsor-2027-03-08@churn-model.steerco" in events
    assert len(events) == 3 + 4 + 2 + 1
    calendar = icalendar.Calendar.from_ical(export.text)
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end - start == dt.timedelta(days=1)  # all-day
        assert event.decoded("DTSTAMP") == dt.datetime(2027, 3, 1, tzinfo=dt.UTC)  # the start


def test_two_runs_give_the_same_bytes() -> None:
    assert project_calendar(path=PLAN).text == project_calendar(path=PLAN).text


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "plan.yaml"
    text = PLAN.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_uids_depend_on_ids_not_positions(tmp_path: Path) -> None:
    before = _events(project_calendar(path=PLAN).text)
    # a new task first in the file, not linked to anything: positions move, dates do not
    path = _edited(tmp_path, "tasks:\n", "tasks:\n  - {id: extra, name: Unrelated, duration: 3}\n")
    assert _events(project_calendar(path=path).text) == before


def test_a_milestone_moved_by_a_longer_task_keeps_its_uid_with_a_new_date(tmp_path: Path) -> None:
    before = _events(project_calendar(path=PLAN).text)
    path = _edited(
        tmp_path,
        "{id: model, name: Baseline model, duration: 10",
        "{id: model, name: Baseline model, duration: 15",
    )
    after = _events(project_calendar(path=path).text)
    assert after["milestone-m1@churn-model.steerco"][0] == dt.date(2027, 3, 26)  # 5 days later
    assert after["gate-m1@churn-model.steerco"][0] == dt.date(2027, 3, 26)
    assert after["milestone-done@churn-model.steerco"][0] == dt.date(2027, 4, 2)
    assert set(before) <= set(after)  # every event kept its UID; the longer span adds a report
    # the plan now ends on 2 April: the weekly report of 29 March and the monthly of 31 March
    assert set(after) - set(before) == {
        "report-weekly-sponsor-2027-03-29@churn-model.steerco",
        "report-monthly-client-2027-03-31@churn-model.steerco",
    }


def test_the_bundled_example_exports_its_milestones() -> None:
    events = _events(project_calendar(path=EXAMPLE).text)
    assert any(uid.startswith("milestone-") for uid in events)
    assert len(events) == len(set(events))


def test_a_project_in_bare_periods_has_no_calendar(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: P\nunit: period\ntasks: [{id: a, duration: 3}]\n", encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        project_calendar(path=path)
    assert raised.value.code == "bad_value"


SCRUM = Path(__file__).parents[2] / "examples" / "scrum-recommender.yaml"
"""Six sprints: S1 18-29 January 2027 ... S5 15-26 March, S6 29 March to 9 April."""


def _descriptions(text: str) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["UID"]): str(e.get("DESCRIPTION", "")) for e in calendar.walk("VEVENT")}


def _reviews(text: str) -> dict[str, tuple[dt.date, str]]:
    return {uid: seen for uid, seen in _events(text).items() if uid.startswith("sprint-review-")}


def test_each_sprint_review_falls_on_the_sprints_last_day_with_its_goal() -> None:
    text = project_calendar(path=SCRUM).text
    reviews = _reviews(text)
    assert len(reviews) == 6
    assert reviews["sprint-review-S1@product-recommender.steerco"] == (
        dt.date(2027, 1, 29),
        "Sprint review: Sprint 1",
    )
    assert reviews["sprint-review-S6@product-recommender.steerco"][0] == dt.date(2027, 4, 9)
    described = _descriptions(text)["sprint-review-S5@product-recommender.steerco"]
    assert "Goal: Shadow traffic on 5% of sessions, ready for the A/B test" in described
    assert "sprint 2027-03-15 to 2027-03-26" in described
    calendar = icalendar.Calendar.from_ical(text)
    categories = {str(e["UID"]): e.get("CATEGORIES").cats[0] for e in calendar.walk("VEVENT")}
    assert categories["sprint-review-S1@product-recommender.steerco"] == "Sprint review"


def _edited_scrum(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    path = tmp_path / "scrum.yaml"
    text = SCRUM.read_text("utf-8")
    for old, new in changes:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_re_export_updates_a_moved_sprint_review_instead_of_adding_one(tmp_path: Path) -> None:
    before = _reviews(project_calendar(path=SCRUM).text)
    assert before == _reviews(project_calendar(path=SCRUM).text)  # stable across runs
    # S6 ends a week later and a sprint 0 is written first in the list: S6 keeps its UID
    # with its new day, the other reviews are unchanged, and sprint 0 adds one event
    path = _edited_scrum(
        tmp_path,
        (
            "{id: S6, name: Sprint 6, start: 2027-03-29, end: 2027-04-09,",
            "{id: S6, name: Sprint 6, start: 2027-03-29, end: 2027-04-16,",
        ),
        (
            "sprints:\n",
            "sprints:\n  - {id: S0, name: Sprint 0, start: 2027-01-05, end: 2027-01-15}\n",
        ),
    )
    after = _reviews(project_calendar(path=path).text)
    moved, added = (f"sprint-review-{s}@product-recommender.steerco" for s in ("S6", "S0"))
    assert after[moved] == (dt.date(2027, 4, 16), "Sprint review: Sprint 6")
    assert after[added] == (dt.date(2027, 1, 15), "Sprint review: Sprint 0")
    assert set(after) == set(before) | {added}
    assert {k: v for k, v in after.items() if k not in {moved, added}} == {
        k: v for k, v in before.items() if k != moved
    }
