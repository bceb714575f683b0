"""`steerco ical` and the project's name: UIDs unique across projects, the name escaped."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import icalendar
import pytest

from steerco.app.ical import project_calendar
from steerco.formats.ical import CalendarEvent, calendar_text
from steerco.report.comms import project_key, project_slug


def _file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(
        f'name: "{name}"\nstart: 2027-03-01\ntasks:\n'
        "  - {id: t, name: T, duration: 5}\n"
        "  - {id: m1, name: M1, milestone: true, after: [t]}\n",
        encoding="utf-8",
    )
    return path


def _uids(path: Path) -> set[str]:
    calendar = icalendar.Calendar.from_ical(project_calendar(path=path).text)
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # the first 8 hex digits of the SHA-256 of the name's UTF-8 (printf NAME | sha256sum)
        ("项目", "project-79f326be"),
        ("Проект", "project-f45edf00"),
        ("Ünïcode Prøject", "unicode-pr-ject-e9080d6a"),  # accents dropped, ø is no accent
        ("Café Münster", "cafe-munster-f875a26d"),
        # a name all in ASCII keeps the key it always had
        ("Churn Model", "churn-model"),
        ("Churn-Model!", "churn-model"),
        ("???", "project"),
    ],
)
def test_a_name_not_in_ascii_gets_a_hash_of_itself(name: str, key: str) -> None:
    assert project_key(name) == key


def test_accents_are_dropped_from_the_slug_not_the_letters() -> None:
    # the old slug made "Ünïcode" `n-code`; a name all in ASCII is as it was
    assert project_slug("Ünïcode Prøject") == "unicode-pr-ject"
    assert project_slug("Straße") == "strasse"
    assert project_slug("Churn Model v2.0") == "churn-model-v2-0"


def test_the_same_name_written_decomposed_keeps_its_key() -> None:
    composed = "Café Münster"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert project_key(decomposed) == project_key(composed) == "cafe-munster-f875a26d"


def test_two_projects_named_in_other_scripts_share_no_uid(tmp_path: Path) -> None:
    # the review's case: both gave UID:milestone-m1@project.steerco
    chinese, russian = _uids(_file(tmp_path, "项目")), _uids(_file(tmp_path, "Проект"))
    assert chinese == {"milestone-m1@project-79f326be.steerco"}
    assert russian == {"milestone-m1@project-f45edf00.steerco"}
    assert _uids(_file(tmp_path, "Churn Model")) == {"milestone-m1@churn-model.steerco"}


def _calname(text: str) -> str:
    (line,) = [line for line in text.split("\r\n") if line.startswith("X-WR-CALNAME")]
    return line


def test_the_calendars_name_is_escaped_as_text() -> None:
    stamp = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)
    event = CalendarEvent("u@p.steerco", dt.date(2027, 3, 1), "a, b; c\\x", "Milestone")
    text = calendar_text([event], name="a, b; c\\x", stamp=stamp)
    # RFC 5545 3.3.11: backslash, comma and semicolon each get a backslash, as SUMMARY does
    assert _calname(text) == "X-WR-CALNAME:a\\, b\\; c\\\\x"
    assert "SUMMARY:a\\, b\\; c\\\\x" in text.split("\r\n")


def test_a_name_with_a_line_break_is_one_escaped_line(tmp_path: Path) -> None:
    # the old code failed here: icalendar refuses an unescaped line break in a content line
    text = project_calendar(path=_file(tmp_path, "Line one\\nline two")).text
    assert _calname(text) == "X-WR-CALNAME:Line one\\nline two"
