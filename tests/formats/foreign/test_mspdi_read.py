"""Reading MS Project XML: the model data each hand-written file gives, and located errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.errors import ProjectError
from steerco.formats.foreign.mspdi_read import read_mspdi
from steerco.formats.foreign.plan import BaselineDates, ForeignPlan, StoredDates
from steerco.model import Project
from steerco.model.ranges import MAX_WBS_DEPTH

DATA = Path(__file__).parents[2] / "data" / "interop" / "mspdi"
D = dt.date


def read(name: str) -> ForeignPlan:
    plan = read_mspdi(DATA / name)
    Project.model_validate(plan.data)  # the data is a valid steerco project
    return plan


def tasks(plan: ForeignPlan) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}

    def visit(items: list[dict[str, object]]) -> None:
        for item in items:
            found[str(item["id"])] = item
            visit(item.get("children", []))  # type: ignore[arg-type]

    visit(plan.data["tasks"])
    return found


def report(plan: ForeignPlan) -> dict[tuple[str, str], int]:
    return {(e.what, e.outcome): e.count for e in plan.report}


def test_fs_links_with_a_working_day_lag_and_a_lead() -> None:
    plan = read("fs_days.xml")
    assert plan.tool == "msproject" and plan.format == "mspdi"
    assert plan.data["name"] == "FS links"
    assert plan.data["start"] == D(2026, 1, 5)
    assert plan.data["calendar"] == {
        "workdays": ["mon", "tue", "wed", "thu", "fri"],
        "hours_per_day": 8.0,
    }
    assert plan.data["scheduling"] == {"lag_calendar": "successor", "finish_links": "driving"}
    assert "unit" not in plan.data
    t = tasks(plan)
    assert t["1"] == {"id": "1", "name": "A", "duration": "3d"}
    assert t["2"]["after"] == [{"task": "1", "type": "FS", "lag": "2d"}]
    assert t["3"]["after"] == [{"task": "2", "type": "FS", "lag": "-1d"}]
    assert plan.stored["2"] == StoredDates(D(2026, 1, 12), D(2026, 1, 13))
    assert report(plan)[("FS links", "carried")] == 2
    assert report(plan)[("working-time lags (leads)", "carried")] == 1


def test_an_hour_lag_makes_a_plan_in_hours() -> None:
    plan = read("ss_hours.xml")
    assert plan.data["unit"] == "hour"
    t = tasks(plan)
    assert t["1"]["duration"] == "32h"
    assert t["2"]["after"] == [{"task": "1", "type": "SS", "lag": "8h"}]
    assert t["3"]["after"] == [{"task": "2", "type": "SS", "lag": "4h"}]
    assert ("plan in hours", "approximated") in report(plan)


def test_ff_link_and_elapsed_lags() -> None:
    t = tasks(read("ff_elapsed.xml"))
    assert t["2"]["after"] == [{"task": "1", "type": "FF", "lag": "2ed"}]
    assert t["3"]["after"] == [{"task": "2", "type": "FS", "lag": "2ed"}]


def test_sf_links() -> None:
    t = tasks(read("sf.xml"))
    assert t["3"]["after"] == [{"task": "2", "type": "SF"}]
    assert t["4"]["after"] == [{"task": "2", "type": "SF", "lag": "1d"}]


def test_percent_lags() -> None:
    plan = read("percent.xml")
    t = tasks(plan)
    assert t["2"]["after"] == [{"task": "1", "type": "FS", "lag_percent": 50.0}]
    assert t["3"]["after"] == [{"task": "1", "type": "SS", "lag_percent": 25.0}]
    assert report(plan)[("percent lags", "carried")] == 2


def test_calendars_exceptions_inheritance_and_resource_calendars() -> None:
    plan = read("calendar.xml")
    assert plan.data["calendar"] == {
        "workdays": ["mon", "tue", "wed", "thu", "fri"],
        "hours_per_day": 8.0,
        # the recurring New Year (2026 and 2027) and the 2007+ holiday
        "holidays": [D(2026, 1, 1), D(2026, 1, 7), D(2027, 1, 1)],
        "working_days": [D(2026, 1, 10)],
    }
    calendars = plan.data["calendars"]
    # Bob's changes nothing (Standard's); Ann's only takes days off Standard: her leave
    assert set(calendars) == {"Mon-Thu"}
    assert calendars["Mon-Thu"] == {
        "workdays": ["mon", "tue", "wed", "thu"],
        "hours_per_day": 8.0,
        "holidays": [D(2026, 1, 12)],  # the old WeekDay DayType 0 form
    }
    assert plan.data["resources"] == [
        {"id": "1", "name": "Ann", "leave": [{"start": D(2026, 1, 13), "end": D(2026, 1, 14)}]},
        {"id": "2", "name": "Bob"},
    ]
    t = tasks(plan)
    assert t["3"]["calendar"] == "Mon-Thu"
    assert t["4"]["demands"] == [{"resource": "1"}]
    entries = report(plan)
    assert entries[("recurring calendar exceptions", "approximated")] == 1
    assert entries[("calendars", "dropped")] == 1


def test_progress_at_a_status_date() -> None:
    plan = read("progress.xml")
    assert plan.data["progress"] == {
        "status_date": D(2026, 1, 9),
        "tasks": {
            "2": {
                "actual_start": D(2026, 1, 5),
                "actual_finish": D(2026, 1, 7),
                "percent_complete": 100.0,
            },
            "3": {"actual_start": D(2026, 1, 8), "percent_complete": 50.0, "remaining": "2d"},
        },
    }
    t = tasks(plan)
    assert [c["id"] for c in t["1"]["children"]] == ["2", "3", "4"]  # type: ignore[union-attr]
    assert "duration" not in t["1"]
    assert t["5"]["milestone"] is True
    assert plan.stored["1"] == StoredDates(D(2026, 1, 5), D(2026, 1, 15))
    assert plan.stored["5"] == StoredDates(D(2026, 1, 15), D(2026, 1, 15))
    assert ("project summary task", "dropped") not in report(plan)


def test_constraints_and_deadlines() -> None:
    t = tasks(read("constraints.xml"))
    assert t["1"]["start_no_earlier_than"] == D(2026, 1, 7)
    assert t["1"]["deadline"] == D(2026, 1, 9)
    assert t["2"]["must_start_on"] == D(2026, 1, 12)
    assert t["3"]["finish_no_earlier_than"] == D(2026, 1, 14)
    assert t["4"]["finish_no_later_than"] == D(2026, 1, 30)
    assert t["5"]["start_no_later_than"] == D(2026, 1, 30)
    assert t["6"]["must_finish_on"] == D(2026, 1, 16)


def test_manual_levelled_and_contoured_tasks_are_pinned() -> None:
    plan = read("manual.xml")
    t = tasks(plan)
    assert t["2"]["pinned"] == {
        "start": D(2026, 1, 12),
        "finish": D(2026, 1, 13),
        "reason": "manual",
    }
    assert t["4"]["pinned"] == {
        "start": D(2026, 1, 8),
        "finish": D(2026, 1, 8),
        "reason": "levelled",
    }
    assert t["5"]["pinned"] == {
        "start": D(2026, 1, 9),
        "finish": D(2026, 1, 9),
        "reason": "contoured",
    }
    assert "pinned" not in t["3"]
    assert plan.pinned == ("2", "4", "5")


def test_baselines_costs_and_resources() -> None:
    plan = read("baselines.xml")
    assert plan.baselines == {
        "Baseline": {
            "1": BaselineDates(D(2026, 1, 5), D(2026, 1, 6), 2.0, 500.0),
            "3": BaselineDates(D(2026, 1, 7), D(2026, 1, 7), 0.0, 0.0),
        },
        "Baseline1": {"1": BaselineDates(D(2026, 1, 6), D(2026, 1, 7), 2.0, 400.0)},
    }
    assert plan.data["currency"] == "EUR"
    assert plan.data["resources"] == [
        {"id": "1", "name": "Ann", "capacity": 2.0, "rate": "50/h"},
        {"id": "2", "name": "Gpu", "kind": "equipment"},
    ]
    t = tasks(plan)
    assert t["1"]["cost"] == 100.0  # FixedCost 10000 cents
    assert t["1"]["demands"] == [{"resource": "1", "units": 0.5}]
    assert t["2"]["description"] == "Check the build."
    entries = report(plan)
    assert entries[("resource overtime rates", "dropped")] == 1
    assert entries[("material resources", "approximated")] == 1


def _resource_calendar(uid: int, name: str, inner: str) -> str:
    return (
        f"<Calendar><UID>{uid}</UID><Name>{name}</Name><IsBaseCalendar>0</IsBaseCalendar>"
        f"<BaseCalendarUID>1</BaseCalendarUID>{inner}</Calendar>\n"
    )


def _off(first: str, last: str, working: int = 0) -> str:
    return (
        f"<Exception><TimePeriod><FromDate>{first}T00:00:00</FromDate>"
        f"<ToDate>{last}T23:59:00</ToDate></TimePeriod><Type>1</Type>"
        f"<DayWorking>{working}</DayWorking></Exception>"
    )


def test_resource_calendars_that_only_take_time_off_are_leave_and_workdays() -> None:
    """MS Project's per-resource vacation calendars, its Group and IgnoreResourceCalendar.

    Cy's calendar (on Standard) is off Wed 01-07 .. Fri 01-09 and on Mon 01-12: two
    leave ranges (the weekend between is not in the file, so the days do not touch); Di's
    is off on Fridays: workdays Mon-Thu; Ed's works Sat 01-10: it adds working time, so it
    stays a calendar.
    """
    content = (
        _HEAD
        + "<StartDate>2026-01-05T08:00:00</StartDate><CalendarUID>1</CalendarUID>\n"
        + "<Calendars>\n<Calendar><UID>1</UID><Name>Standard</Name>"
        + "<IsBaseCalendar>1</IsBaseCalendar></Calendar>\n"
        + _resource_calendar(
            2,
            "Cy",
            "<Exceptions>"
            + _off("2026-01-07", "2026-01-09")
            + _off("2026-01-12", "2026-01-12")
            + "</Exceptions>",
        )
        + _resource_calendar(
            3,
            "Di",
            "<WeekDays><WeekDay><DayType>6</DayType>"
            "<DayWorking>0</DayWorking></WeekDay></WeekDays>",
        )
        + _resource_calendar(
            4, "Ed", "<Exceptions>" + _off("2026-01-10", "2026-01-10", 1) + "</Exceptions>"
        )
        + "</Calendars>\n<Tasks><Task><UID>1</UID><Name>A</Name><Start>2026-01-05T08:00:00"
        + "</Start><Finish>2026-01-05T17:00:00</Finish><Duration>PT8H0M0S</Duration>"
        + "<IgnoreResourceCalendar>1</IgnoreResourceCalendar></Task></Tasks>\n<Resources>"
        + "<Resource><UID>1</UID><Name>Cy</Name><Group>tester</Group><CalendarUID>2</CalendarUID>"
        + "</Resource><Resource><UID>2</UID><Name>Di</Name><CalendarUID>3</CalendarUID>"
        + "</Resource><Resource><UID>3</UID><Name>Ed</Name><CalendarUID>4</CalendarUID>"
        + "</Resource></Resources></Project>"
    )
    plan = read_mspdi(Path("vacations.xml"), content=content.encode())
    Project.model_validate(plan.data)
    assert plan.data["resources"] == [
        {
            "id": "1",
            "name": "Cy",
            "role": "tester",
            "leave": [
                {"start": D(2026, 1, 7), "end": D(2026, 1, 9)},
                {"start": D(2026, 1, 12), "end": D(2026, 1, 12)},
            ],
        },
        {"id": "2", "name": "Di", "workdays": ["mon", "tue", "wed", "thu"]},
        {"id": "3", "name": "Ed", "calendar": "Ed"},
    ]
    assert plan.data["calendars"]["Ed"]["working_days"] == [D(2026, 1, 10)]
    assert tasks(plan)["1"]["split"] is False
    entries = report(plan)
    assert entries[("resource leave", "carried")] == 1
    assert entries[("resource workdays", "carried")] == 1
    assert entries[("resource calendars", "carried")] == 1
    assert ("calendars", "dropped") not in entries


# ---- errors ----------------------------------------------------------------------------

_HEAD = '<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project">\n'
_ONE_TASK = "<StartDate>2026-01-05T08:00:00</StartDate>\n<Tasks>\n<Task><UID>1</UID>\n"


def located(content: str) -> tuple[str, int | None, str]:
    with pytest.raises(ProjectError) as info:
        read_mspdi(Path("bad.xml"), content=content.encode())
    diagnostic = info.value.diagnostics[0]
    return str(diagnostic.code), diagnostic.line, diagnostic.message


def test_truncated_xml_is_a_syntax_error_at_its_line() -> None:
    text = (DATA / "fs_days.xml").read_text()
    code, line, _ = located(text[: text.index("<Task><UID>2")])
    assert code == "foreign_syntax"
    assert line is not None and line > 20


def test_a_link_to_a_missing_uid_is_located() -> None:
    content = _HEAD + (
        "<StartDate>2026-01-05T08:00:00</StartDate>\n<Tasks>\n"
        "<Task><UID>1</UID><Name>A</Name><Duration>PT8H0M0S</Duration>\n"
        "<PredecessorLink><PredecessorUID>7</PredecessorUID></PredecessorLink></Task>\n"
        "</Tasks></Project>"
    )
    code, line, message = located(content)
    assert (code, line) == ("foreign_content", 6)
    assert "7" in message


def test_a_bad_date_is_located() -> None:
    content = _HEAD + _ONE_TASK + "<Start>next monday</Start></Task></Tasks></Project>"
    code, line, message = located(content)
    assert (code, line) == ("foreign_content", 6)
    assert "next monday" in message


def test_a_bad_duration_is_located() -> None:
    content = _HEAD + _ONE_TASK + "<Duration>5 days</Duration></Task></Tasks></Project>"
    assert located(content)[:2] == ("foreign_content", 6)


def test_an_entity_bomb_is_refused_without_expanding() -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    content = (
        f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY l0 "lol">{lol}]>'
        '<Project xmlns="http://schemas.microsoft.com/project"><Name>&l9;</Name></Project>'
    )
    code, _, message = located(content)
    assert code in {"foreign_content", "foreign_syntax"}
    assert "lol" * 100 not in message


def test_what_is_approximated_or_dropped_is_counted() -> None:
    plan = read("approximations.xml")
    assert plan.data["description"] == "The whole release."  # the project summary's notes
    assert plan.data["calendar"] == {
        "workdays": ["mon", "tue", "wed", "thu", "fri"],
        "hours_per_day": 8.0,
        # Mon 12 from the work week; Fridays 23 and 30 from the weekly recurrence
        "holidays": [D(2026, 1, 12), D(2026, 1, 23), D(2026, 1, 30)],
    }
    t = tasks(plan)
    assert t["1"] == {"id": "1", "name": "A", "duration": "1d"}  # ALAP -> ASAP
    assert t["2"]["duration"] == "3ed"
    assert t["3"] == {"id": "3", "name": "C", "milestone": True}
    entries = report(plan)
    assert entries[("as-late-as-possible constraints", "approximated")] == 1
    assert entries[("hyperlinks", "dropped")] == 1
    assert entries[("extended attributes", "dropped")] == 1
    assert entries[("task priorities", "dropped")] == 1
    assert entries[("milestones with a duration", "approximated")] == 1
    assert entries[("work weeks", "approximated")] == 1
    assert entries[("recurring calendar exceptions", "approximated")] == 1
    assert entries[("partial working days", "approximated")] == 2  # Fridays, Fri 16
    assert entries[("project field HonorConstraints", "dropped")] == 1
    assert entries[("elapsed durations", "carried")] == 1
    assert plan.count("carried") > 0


def test_an_external_entity_is_refused() -> None:
    content = (
        '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<Project xmlns="http://schemas.microsoft.com/project"><Name>&x;</Name></Project>'
    )
    code, _, message = located(content)
    assert code == "foreign_content" and "root" not in message


def test_a_file_of_another_kind_is_refused() -> None:
    code, line, message = located('<?xml version="1.0"?>\n<project name="x"/>')
    assert (code, line) == ("foreign_content", 2)
    assert "not an MS Project XML file" in message


@pytest.mark.parametrize("minutes", ["99999999999", "-60", "1441"])
def test_a_day_length_out_of_range_is_located(minutes: str) -> None:
    # Past 24 hours the project's calendar was refused without a line.
    content = _HEAD + f"<MinutesPerDay>{minutes}</MinutesPerDay>\n" + _ONE_TASK
    content += "<Duration>PT8H0M0S</Duration></Task></Tasks></Project>"
    code, line, message = located(content)
    assert (code, line) == ("foreign_content", 3)
    assert message.startswith(f"<MinutesPerDay> is {float(minutes):g}; a working day holds")


# ---- inactive tasks and other projects' tasks ------------------------------------------


def _task(uid: int, name: str, start: str, finish: str, hours: int, extra: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Start>{start}T08:00:00</Start><Finish>{finish}T17:00:00</Finish>"
        f"<Duration>PT{hours}H0M0S</Duration>{extra}</Task>\n"
    )


def _fs(uid: int, lag_days: int = 0, cross: int = 0) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{uid}</PredecessorUID><Type>1</Type>"
        f"<CrossProject>{cross}</CrossProject><LinkLag>{lag_days * 4800}</LinkLag>"
        "<LagFormat>7</LagFormat></PredecessorLink>"
    )


def test_an_inactive_task_is_dropped_and_reported() -> None:
    """MS Project neither schedules nor costs an inactive task; its links move nothing.

    It was read as an ordinary task (Active 0 looked like a default), scheduled, costed
    and reported as carried.
    """
    content = (
        _HEAD
        + "<StartDate>2027-01-04T08:00:00</StartDate>\n<Tasks>\n"
        + _task(1, "Design", "2027-01-04", "2027-01-06", 24)
        + _task(2, "Build", "2027-01-07", "2027-01-08", 16, "<Active>0</Active>" + _fs(1))
        + _task(3, "Phase", "2027-01-07", "2027-01-07", 8, "<Active>0</Active><Summary>1</Summary>")
        + _task(4, "Sub", "2027-01-07", "2027-01-07", 8).replace(
            "<OutlineLevel>1", "<OutlineLevel>2"
        )
        + _task(5, "Test", "2027-01-07", "2027-01-07", 8, "<FixedCost>10000</FixedCost>" + _fs(2))
        + "</Tasks>\n<Resources><Resource><UID>1</UID><Name>Ann</Name></Resource></Resources>\n"
        + "<Assignments><Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID>"
        + "</Assignment></Assignments></Project>"
    )
    plan = read_mspdi(Path("inactive.xml"), content=content.encode())
    Project.model_validate(plan.data)
    t = tasks(plan)
    assert set(t) == {"1", "5"}  # Build, and Phase with its subtask, are not tasks
    assert "after" not in t["5"] and t["5"]["cost"] == 100.0
    assert set(plan.stored) == {"1", "5"}
    entries = {(e.what, e.outcome): e for e in plan.report}
    assert entries[("inactive tasks", "dropped")].count == 3
    assert entries[("inactive tasks", "dropped")].examples == ("Build", "Phase", "Sub")
    assert "Active 0" in entries[("inactive tasks", "dropped")].rule
    assert entries[("links from inactive tasks", "dropped")].count == 1
    assert entries[("tasks", "carried")].count == 2
    assert ("assignments", "carried") not in entries


def test_a_link_from_another_projects_task_becomes_a_constraint() -> None:
    """An external task (ExternalTask 1) is not a task of the plan; its link a constraint.

    Vendor delivery (another project's) finishes Tue 2027-01-19; Build follows it FS+1d:
    the lag day is Wed 20, Build starts no earlier than Thu 21 (it was read as task '9',
    2 days from the project's start, and its link as an ordinary one). The external
    milestone Sign-off on Fri 01-22 with an SS+2d link gives Test a start no earlier than
    Tue 01-26; Test's own SNET of 01-25 is the earlier. The external successor row's link
    from Build is dropped.
    """
    content = (
        _HEAD
        + "<StartDate>2027-01-04T08:00:00</StartDate>\n<Tasks>\n"
        + _task(1, "Design", "2027-01-04", "2027-01-06", 24)
        + _task(2, "Build", "2027-01-21", "2027-01-22", 16, _fs(1) + _fs(9, 1, 1))
        + _task(
            3,
            "Test",
            "2027-01-26",
            "2027-01-26",
            8,
            "<ConstraintType>4</ConstraintType><ConstraintDate>2027-01-25T08:00:00"
            "</ConstraintDate><PredecessorLink><PredecessorUID>10</PredecessorUID>"
            "<Type>3</Type><CrossProject>1</CrossProject><LinkLag>9600</LinkLag>"
            "</PredecessorLink>",
        )
        + _task(
            9,
            "Vendor delivery",
            "2027-01-18",
            "2027-01-19",
            16,
            "<ExternalTask>1</ExternalTask><ExternalTaskProject>C:\\plans\\vendor.mpp"
            "</ExternalTaskProject>",
        )
        + _task(
            10,
            "Sign-off",
            "2027-01-22",
            "2027-01-22",
            0,
            "<Milestone>1</Milestone><ExternalTask>1</ExternalTask>",
        )
        + _task(
            11, "Install", "2027-01-25", "2027-01-25", 8, "<ExternalTask>1</ExternalTask>" + _fs(2)
        )
        + "</Tasks>\n<Assignments><Assignment><UID>1</UID><TaskUID>9</TaskUID>"
        + "<ResourceUID>-65535</ResourceUID></Assignment></Assignments></Project>"
    )
    plan = read_mspdi(Path("external.xml"), content=content.encode())
    Project.model_validate(plan.data)
    t = tasks(plan)
    assert set(t) == {"1", "2", "3"}
    assert t["2"]["after"] == [{"task": "1", "type": "FS"}]
    assert t["2"]["start_no_earlier_than"] == D(2027, 1, 21)
    assert "after" not in t["3"] and t["3"]["start_no_earlier_than"] == D(2027, 1, 26)
    entries = {(e.what, e.outcome): e for e in plan.report}
    assert entries[("other projects' tasks", "dropped")].count == 3
    assert entries[("other projects' tasks", "dropped")].examples[0] == (
        "Vendor delivery (C:\\plans\\vendor.mpp)"
    )
    assert entries[("external links", "approximated")].count == 2
    assert entries[("external links", "approximated")].examples == (
        "Vendor delivery FS Build",
        "Sign-off SS Test",
    )
    assert entries[("links to other projects' tasks", "dropped")].count == 1
    assert entries[("tasks", "carried")].count == 3
    assert entries[("FS links", "carried")].count == 1


def test_an_outline_deeper_than_a_plan_nests_is_located_not_a_crash() -> None:
    # 1,500 levels overflowed Python's recursion; 41 already wrote a file steerco could not
    # read back (its YAML nests at most 100 levels)
    rows = [
        _task(uid, f"T{uid}", "2027-01-04", "2027-01-04", 8).replace(
            "<OutlineLevel>1<", f"<OutlineLevel>{uid}<"
        )
        for uid in range(1, MAX_WBS_DEPTH + 2)
    ]
    content = _HEAD + "<StartDate>2027-01-04T08:00:00</StartDate>\n<Tasks>\n" + "".join(rows)
    code, line, message = located(content + "</Tasks></Project>")
    assert code == "foreign_content"
    assert (
        line == 4 + MAX_WBS_DEPTH + 1
    )  # task 41, the first one level too deep (task k: line 4 + k)
    assert f"more than {MAX_WBS_DEPTH} levels deep" in message
    within = content.replace(f"<UID>{MAX_WBS_DEPTH + 1}</UID>", "<UID>999</UID>")
    within = within.replace(f"<OutlineLevel>{MAX_WBS_DEPTH + 1}<", "<OutlineLevel>1<")
    plan = read_mspdi(Path("ok.xml"), content=(within + "</Tasks></Project>").encode())
    assert plan.data["tasks"]
