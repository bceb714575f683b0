"""The schedule as an Excel workbook: the "Schedule" table and a "Gantt" sheet (openpyxl).

"Schedule" holds the rows of `table_export` with a styled, frozen header row, an
autofilter, column widths, dates as Excel dates, numbers as numbers and summaries in
bold, names indented by outline level. "Gantt" has one row per task and one column per
day when the plan spans at most `DAY_SCALE_LIMIT` days, else one per week (Monday to
Sunday), at most `MAX_TIME_COLUMNS` columns (a later part of the plan is cut, and the
sheet says so). A task's cells are filled from its start to its finish (a week: when the
task has a day in it): critical tasks in `CRITICAL`, other tasks in `NORMAL`, summaries
in `SUMMARY`; a milestone is a ◆ in the cell of its day. The status date's column has a
`STATUS` header and a border on its left. A plan in bare periods has a column per period.

A text cell that Excel would read as a formula is stored as text with Excel's quote
prefix (the apostrophe Excel itself puts before such text), never as a formula. The
workbook's dates (its properties and the zip entries) are fixed at `stamp`, so the same
plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from steerco.formats.foreign.table_export import (
    ScheduleTable,
    TableRow,
    header,
    row_values,
    safe_text,
)

__all__ = [
    "CRITICAL",
    "DAY_SCALE_LIMIT",
    "MAX_TIME_COLUMNS",
    "NORMAL",
    "STATUS",
    "SUMMARY",
    "gantt_columns",
    "xlsx_bytes",
]

CRITICAL = "FFC0392B"
"""Fill of a critical task's cells (red)."""
NORMAL = "FF4A90D9"
"""Fill of a non-critical task's cells (blue)."""
SUMMARY = "FF4D4D4D"
"""Fill of a summary's cells (dark grey)."""
STATUS = "FFF5A623"
"""Fill of the status date column's header (orange)."""
HEADER = "FFDDE4EE"

DAY_SCALE_LIMIT = 62
"""A plan of at most this many calendar days gets a column per day, a longer one per week."""
MAX_TIME_COLUMNS = 156
"""At most this many time columns (three years of weeks); the rest of the plan is cut."""

_FIRST_TIME_COLUMN = 3  # A: WBS, B: name
_DATE_FORMAT = "yyyy-mm-dd"
_WIDEST = 60


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _text_cell(cell: Cell, text: str) -> None:
    """Put `text` in `cell` as text; what Excel would read as a formula gets a quote prefix."""
    cell.value = text
    cell.data_type = "s"
    if safe_text(text) != text:
        cell.quotePrefix = True


def _put(cell: Cell, value: object) -> None:
    if isinstance(value, str):
        _text_cell(cell, value)
        return
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = _DATE_FORMAT


def _schedule_sheet(sheet: Worksheet, table: ScheduleTable) -> None:
    names = header(table)
    bold = Font(bold=True)
    for c, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=c)
        _text_cell(cell, name)
        cell.font = bold
        cell.fill = _fill(HEADER)
    widths = [len(name) for name in names]
    name_column = names.index("Name")
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row_values(table, row)):
            cell = sheet.cell(row=r, column=c + 1)
            _put(cell, value)
            if row.kind == "summary":
                cell.font = bold
            shown = value.isoformat() if isinstance(value, dt.date) else str(value or "")
            widths[c] = max(
                widths[c], len(shown) + (2 * (row.level - 1) if c == name_column else 0)
            )
        sheet.cell(row=r, column=name_column + 1).alignment = Alignment(indent=row.level - 1)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(width + 2, _WIDEST)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(table.rows) + 1}"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def gantt_columns(rows: tuple[TableRow, ...]) -> tuple[str, list[Any], bool]:
    """The Gantt's scale (`day`, `week` or `period`), each column's first day, and if cut.

    A week column is named by its Monday. Periods (a plan without dates) are integers.
    """
    if not rows:
        return "day", [], False
    first, last = min(r.start for r in rows), max(r.finish for r in rows)
    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
        columns: list[Any] = list(range(int(first), int(last) + 1))  # type: ignore[arg-type]
        scale = "period"
    elif (last - first).days + 1 <= DAY_SCALE_LIMIT:
        columns = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
        scale = "day"
    else:
        monday = _monday(first)
        weeks = (last - monday).days // 7 + 1
        columns = [monday + dt.timedelta(weeks=k) for k in range(weeks)]
        scale = "week"
    return scale, columns[:MAX_TIME_COLUMNS], len(columns) > MAX_TIME_COLUMNS


def _covers(scale: str, column: Any, start: Any, finish: Any) -> bool:
    """Whether the column's day (or week) holds a day of [start, finish]."""
    if scale == "week":
        return bool(start <= column + dt.timedelta(days=6) and finish >= column)
    return bool(start <= column <= finish)


def _gantt_sheet(sheet: Worksheet, table: ScheduleTable) -> None:
    scale, columns, cut = gantt_columns(table.rows)
    bold = Font(bold=True)
    for c, name in enumerate(("WBS", "Name"), start=1):
        cell = sheet.cell(row=1, column=c)
        _text_cell(cell, name)
        cell.font = bold
    status = table.status_date
    status_column = None
    marker = Border(left=Side(style="medium", color=STATUS))
    for k, column in enumerate(columns):
        cell = sheet.cell(row=1, column=_FIRST_TIME_COLUMN + k, value=column)
        if isinstance(column, dt.date):
            cell.number_format = "dd mmm"
        cell.font = bold
        cell.alignment = Alignment(text_rotation=90)
        sheet.column_dimensions[get_column_letter(_FIRST_TIME_COLUMN + k)].width = 3.5
        if status is not None and scale != "period" and _covers(scale, column, status, status):
            status_column = _FIRST_TIME_COLUMN + k
            cell.fill = _fill(STATUS)
    if cut:
        note = sheet.cell(row=1, column=_FIRST_TIME_COLUMN + len(columns))
        _text_cell(note, f"cut at {MAX_TIME_COLUMNS} {scale}s")
    fills = {"critical": _fill(CRITICAL), "task": _fill(NORMAL), "summary": _fill(SUMMARY)}
    for r, row in enumerate(table.rows, start=2):
        _text_cell(sheet.cell(row=r, column=1), row.wbs)
        name = sheet.cell(row=r, column=2)
        _text_cell(name, row.name)
        name.alignment = Alignment(indent=row.level - 1)
        if row.kind == "summary":
            name.font = bold
        key = "summary" if row.kind == "summary" else "critical" if row.critical else "task"
        for k, column in enumerate(columns):
            if not _covers(scale, column, row.start, row.finish):
                continue
            cell = sheet.cell(row=r, column=_FIRST_TIME_COLUMN + k)
            if row.kind == "milestone":
                cell.value = "◆"
                cell.font = Font(bold=True, color=CRITICAL if row.critical else NORMAL)
                cell.alignment = Alignment(horizontal="center")
            else:
                cell.fill = fills[key]
        if status_column is not None:
            sheet.cell(row=r, column=status_column).border = marker
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = min(
        max((len(row.name) + 2 * row.level for row in table.rows), default=10), _WIDEST
    )
    sheet.freeze_panes = sheet.cell(row=2, column=_FIRST_TIME_COLUMN).coordinate


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _stable(data: bytes, stamp: dt.datetime) -> bytes:
    """The workbook's zip rewritten with every date at `stamp` (openpyxl stamps `now`)."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + when + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def xlsx_bytes(table: ScheduleTable, *, stamp: dt.date | None = None) -> bytes:
    """The workbook (sheets "Schedule" and "Gantt") as bytes, its dates fixed at `stamp`.

    `stamp` (default: the status date, else 2000-01-01) dates the workbook's properties
    and zip entries, so that the same table always gives the same bytes.
    """
    day = stamp or table.status_date or dt.date(2000, 1, 1)
    moment = dt.datetime.combine(max(day, dt.date(1980, 1, 1)), dt.time())
    book = Workbook()
    book.properties.creator = "steerco"
    book.properties.title = table.project
    book.properties.created = moment
    book.properties.modified = moment
    schedule = book.active
    assert schedule is not None  # a new workbook has one sheet
    schedule.title = "Schedule"
    _schedule_sheet(schedule, table)
    _gantt_sheet(book.create_sheet("Gantt"), table)
    buffer = io.BytesIO()
    book.save(buffer)
    return _stable(buffer.getvalue(), moment)
