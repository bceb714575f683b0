"""The Excel workbook: the Schedule sheet's cells and the Gantt sheet's bars, read back."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from steerco.formats.foreign.table_export import ScheduleTable, schedule_table
from steerco.formats.foreign.xlsx_export import (
    CRITICAL,
    NORMAL,
    STATUS,
    SUMMARY,
    gantt_columns,
    xlsx_bytes,
)
from steerco.formats.loader import load_project
from steerco.schedule.network import compile_project
from steerco.schedule.plan import schedule_cpm

# From Mon 2027-01-04: a (2d) works Jan 4-5; b (3d, after a) Jan 6-8; c (1d, after a)
# Jan 6 with 2 days of float; m (a milestone after b) on Fri Jan 8. The plan spans
# Jan 4..Jan 8, 5 days: a column per day, C = Jan 4 ... G = Jan 8.
THREE = """\
name: Three
start: 2027-01-04
tasks:
  - {id: a, name: A, duration: 2d}
  - {id: b, name: B, duration: 3d, after: [a]}
  - {id: c, name: C, duration: 1d, after: [a]}
  - {id: m, name: M, milestone: true, after: [b]}
"""


def _table(tmp_path: Path, text: str) -> ScheduleTable:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    project = load_project(path)
    return schedule_table(project, schedule_cpm(compile_project(project)))


def _sheets(tmp_path: Path, text: str = THREE) -> tuple[Worksheet, Worksheet]:
    book = load_workbook(io.BytesIO(xlsx_bytes(_table(tmp_path, text))))
    assert book.sheetnames == ["Schedule", "Gantt"]
    return book["Schedule"], book["Gantt"]


def _fill(sheet: Worksheet, coordinate: str) -> str | None:
    fill = sheet[coordinate].fill
    return str(fill.start_color.rgb) if fill.fill_type == "solid" else None


def test_schedule_sheet_has_a_frozen_filtered_header_and_typed_cells(tmp_path: Path) -> None:
    schedule, _ = _sheets(tmp_path)
    header = [cell.value for cell in schedule[1]]
    assert header[:7] == ["ID", "WBS", "Name", "Kind", "Outline level", "Start", "Finish"]
    assert schedule.freeze_panes == "A2"
    assert schedule.auto_filter.ref == f"A1:{schedule.cell(1, len(header)).column_letter}5"
    start = schedule.cell(row=3, column=header.index("Start") + 1)
    assert start.is_date and start.value == dt.datetime(2027, 1, 6)
    duration = schedule.cell(row=3, column=header.index("Duration (days)") + 1).value
    assert duration == 3 and isinstance(duration, int | float)
    critical = schedule.cell(row=4, column=header.index("Critical") + 1).value
    assert critical is False  # c has 2 days of float


def test_gantt_fills_exactly_the_hand_computed_cells(tmp_path: Path) -> None:
    _, gantt = _sheets(tmp_path)
    days = [gantt.cell(row=1, column=k).value for k in range(3, 8)]
    assert days == [dt.datetime(2027, 1, d) for d in range(4, 9)]
    assert gantt.max_column == 7
    expected = {
        "C2": CRITICAL, "D2": CRITICAL,
        "E3": CRITICAL, "F3": CRITICAL, "G3": CRITICAL,
        "E4": NORMAL,
    }  # fmt: skip
    for row in range(2, 6):
        for column in "CDEFG":
            coordinate = f"{column}{row}"
            assert _fill(gantt, coordinate) == expected.get(coordinate), coordinate
    assert [gantt[f"{c}5"].value for c in "CDEFG"] == [None, None, None, None, "◆"]
    assert [gantt[f"{c}2"].value for c in "AB"] == ["1", "A"]


# Status date Mon Jan 4, a started that day: 1 of its 2 days worked, 1 remaining from
# Tue Jan 5; the dates stay those above and the status date is column C.
STATUS_DATE = """\
progress:
  status_date: 2027-01-04
  tasks: {a: {actual_start: 2027-01-04}}
"""


def test_gantt_marks_the_status_date_column(tmp_path: Path) -> None:
    _, gantt = _sheets(tmp_path, THREE + STATUS_DATE)
    assert [_fill(gantt, f"{c}1") for c in "CDEFG"] == [STATUS, None, None, None, None]
    assert gantt["C3"].border.left.style == "medium"
    assert [_fill(gantt, f"{c}2") for c in "CDEFG"] == [CRITICAL, CRITICAL, None, None, None]


def test_summaries_get_their_own_colour_and_long_plans_a_column_per_week(
    tmp_path: Path,
) -> None:
    # s (summary) holds x: 70 working days from Mon 2027-01-04, the last on Fri 2027-04-09:
    # 96 calendar days, so weeks: Monday Jan 4 to Monday Apr 5, 14 columns (C..P).
    text = """\
name: Long
start: 2027-01-04
tasks:
  - {id: s, name: S, children: [{id: x, name: X, duration: 70d}]}
"""
    table = _table(tmp_path, text)
    scale, columns, cut = gantt_columns(table.rows)
    assert (scale, len(columns), cut) == ("week", 14, False)
    assert (columns[0], columns[-1]) == (dt.date(2027, 1, 4), dt.date(2027, 4, 5))
    _, gantt = _sheets(tmp_path, text)
    assert {_fill(gantt, f"{gantt.cell(2, k).column_letter}2") for k in range(3, 17)} == {SUMMARY}
    assert {_fill(gantt, f"{gantt.cell(3, k).column_letter}3") for k in range(3, 17)} == {CRITICAL}


def test_a_formula_in_a_name_is_stored_as_text_never_as_a_formula(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://evil.example","x")'
    data = xlsx_bytes(_table(tmp_path, THREE.replace("name: A,", f"name: '{hostile}',")))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)
    book = load_workbook(io.BytesIO(data))
    for sheet, coordinate in ((book["Schedule"], "C2"), (book["Gantt"], "B2")):
        cell = sheet[coordinate]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (hostile, "s", True)


def test_the_same_plan_gives_the_same_bytes(tmp_path: Path) -> None:
    table = _table(tmp_path, THREE)
    assert xlsx_bytes(table) == xlsx_bytes(table)
