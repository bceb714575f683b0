"""P6's clndr_data: weekdays numbered from Sunday, slots, exceptions as day numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.formats.foreign.xer_calendars import parse_clndr_data
from steerco.formats.foreign.xer_read import read_xer

XER = Path(__file__).parents[2] / "data" / "interop" / "xer"

# Sunday (1) and Friday (6) off; Saturday (7) 08:00-12:00 only; Monday to Thursday 8 hours
# in two slots. Exceptions: day 45392 = 2024-04-10 (1899-12-30 + 45392 days) a holiday,
# 45401 = 2024-04-19 (a Friday) worked 8 hours, 45393 = 2024-04-11 worked 4 hours.
_DATA = "\x7f".join(
    [
        "(0||CalendarData()(",
        "  (0||DaysOfWeek()(",
        "    (0||1()())",
        "    (0||2()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))",
        "    (0||3()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))",
        "    (0||4()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))",
        "    (0||5()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))",
        "    (0||6()())",
        "    (0||7()((0||0(s|08:00|f|12:00)())))",
        "  ))",
        "  (0||VIEW(ShowTotal|Y)())",
        "  (0||Exceptions()(",
        "    (0||0(d|45392)())",
        "    (0||1(d|45401)((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))",
        "    (0||2(d|45393)((0||0(s|08:00|f|12:00)())))",
        "  ))",
        "))",
    ]
)


def test_weekdays_count_from_sunday_and_slots_add_up() -> None:
    week = parse_clndr_data(_DATA)
    assert week.hours == {
        "sun": 0.0, "mon": 8.0, "tue": 8.0, "wed": 8.0, "thu": 8.0, "fri": 0.0, "sat": 4.0,
    }  # fmt: skip
    assert week.workdays() == ("mon", "tue", "wed", "thu", "sat")
    assert week.day_start["mon"] == dt.time(8, 0)
    assert week.exceptions == {
        dt.date(2024, 4, 10): 0.0,
        dt.date(2024, 4, 19): 8.0,
        dt.date(2024, 4, 11): 4.0,
    }


def test_steerco_calendar_with_holidays_working_days_and_partial_days_counted() -> None:
    data, partial = parse_clndr_data(_DATA).steerco(8.0)
    assert data == {
        "workdays": ["mon", "tue", "wed", "thu", "sat"],
        "hours_per_day": 8.0,
        "holidays": [dt.date(2024, 4, 10)],
        "working_days": [dt.date(2024, 4, 19)],
    }
    assert partial == 2  # Saturdays of 4 hours, and the 4-hour exception of 2024-04-11


def test_a_full_day_slot_of_24_hours() -> None:
    week = parse_clndr_data(
        "(0||CalendarData()((0||DaysOfWeek()((0||2()((0||0(s|00:00|f|00:00)())))))))"
    )
    assert week.hours == {"mon": 24.0}


def test_unreadable_calendar_data_is_a_content_error_at_the_calendar_row(tmp_path: Path) -> None:
    raw = (XER / "progress.xer").read_bytes()
    broken = raw.replace(b"(0||CalendarData()(", b"(0||CalendarData()(((", 1)
    path = tmp_path / "broken.xer"
    path.write_bytes(broken)
    with pytest.raises(ProjectError) as caught:
        read_xer(path)
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.line) == (Code.foreign_content, 4)
    assert "clndr_data" in diagnostic.message


@pytest.mark.parametrize("day", ["99999999", "0", "109575"])
def test_an_exception_day_outside_1900_to_2199_says_so(day: str) -> None:
    # 109575 is 2200-01-01; 99999999 would overflow a date; 0 is 1899-12-30
    with pytest.raises(ValueError, match="falls outside 1900-01-01 to 2199-12-31"):
        parse_clndr_data(_DATA.replace("d|45392", f"d|{day}"))
    assert parse_clndr_data(_DATA.replace("d|45392", "d|109574")).exceptions  # 2199-12-31
