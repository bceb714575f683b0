"""steerco's critical path reproduces the dates MS Project stored in each hand-written file.

The stored dates are computed by hand from MS Project's rules (the derivation is the
comment at the top of each file). Files whose dates need a rule of issue 17 that the
engine learns separately (constraint types, percent lags, resource calendars, pinned
tasks) have their own test below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.app.date_check import check_dates
from steerco.formats.foreign.mspdi_read import read_mspdi

DATA = Path(__file__).parents[2] / "data" / "interop" / "mspdi"


@pytest.mark.parametrize(
    "name",
    ["fs_days.xml", "ss_hours.xml", "ff_elapsed.xml", "sf.xml", "progress.xml", "baselines.xml"],
)
def test_same_dates_as_ms_project(name: str) -> None:
    check = check_dates(read_mspdi(DATA / name))
    assert check.mismatches == ()
    assert check.checked >= 3


def test_calendar_exceptions_and_task_calendars_give_ms_projects_dates() -> None:
    check = check_dates(read_mspdi(DATA / "calendar.xml"))
    assert [m for m in check.mismatches if m.id != "4"] == []  # 4 needs resource calendars


def test_a_task_works_on_its_resources_calendar() -> None:
    """Rule 4 (resource calendars): D works on Ann's calendar, off Tue 13 and Wed 14."""
    assert check_dates(read_mspdi(DATA / "calendar.xml")).mismatches == ()


def test_percent_lags_give_ms_projects_dates() -> None:
    """Rule 2 (lag_percent)."""
    assert check_dates(read_mspdi(DATA / "percent.xml")).mismatches == ()


def test_constraints_give_ms_projects_dates() -> None:
    """Rule 1 (constraint types: MSO, MFO, FNET floor; SNLT, FNLT bound late dates only)."""
    assert check_dates(read_mspdi(DATA / "constraints.xml")).mismatches == ()


def test_pinned_tasks_keep_their_dates() -> None:
    """Rule 5 (pinned): manual, levelled and contoured tasks keep their stored dates."""
    check = check_dates(read_mspdi(DATA / "manual.xml"))
    assert check.mismatches == ()
    assert check.pinned == ("2", "4", "5")
