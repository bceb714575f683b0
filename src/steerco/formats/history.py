"""History files: estimates against actuals (for calibration) and throughput per period.

Both come as CSV (a header row, then one row per record) or YAML (a list of mappings).
Every problem is reported with its line and column: for CSV, the row's line and the
cell's column; for YAML, the key's or the value's position.

Estimates and actuals are working time: a number is working days; a string may give a
unit, `"5d"`, `"4h"` or `"2w"`, converted at 8 hours a day and 5 days a week.

A throughput history has a `date` or a `period` (a whole number) and a `count` on each
row. Dates 1 day apart at the closest make a daily history, 7 days a weekly one. Days
(or weeks, or numbered periods) missing between the first and the last row count as
periods in which nothing was finished: a team that records only the days on which items
were done, or only its working days, gets zeros for the others, which is what the
resampling must see (a daily history counts calendar days).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic_core import PydanticCustomError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, did_you_mean
from steerco.forecast.calibration import HistoryRecord, record_problems
from steerco.formats.files import read_text
from steerco.formats.locations import LocationMap
from steerco.formats.yaml_source import load_yaml
from steerco.model.quantities import WorkTime, parse_work_time

__all__ = [
    "DAYS_PER_WEEK",
    "HISTORY_FIELDS",
    "HOURS_PER_DAY",
    "THROUGHPUT_FIELDS",
    "ThroughputHistory",
    "load_history",
    "load_throughput",
    "parse_history",
    "parse_throughput",
]

HOURS_PER_DAY = 8.0
DAYS_PER_WEEK = 5
HISTORY_FIELDS = ("task", "estimated_by", "category", "estimate", "actual", "project")
THROUGHPUT_FIELDS = ("date", "period", "count")
_HISTORY_REQUIRED = ("task", "estimate", "actual")

Kind = Literal["csv", "yaml"]
Position = tuple[int | None, int | None]


@dataclass(frozen=True)
class ThroughputHistory:
    """Items finished per period, oldest first, with the periods missing from the file as 0.

    `period_days` is 1 (daily) or 7 (weekly) for a history by date, None for numbered
    periods; `first` and `last` are the first and last period's date (or number).
    """

    counts: NDArray[np.int64]
    period_days: int | None
    first: dt.date | int
    last: dt.date | int
    filled: int
    """How many periods were missing from the file and count as 0."""


@dataclass
class _Row:
    """One record as read: its values by key and where each key and value sits."""

    values: dict[str, Any]
    at: Position
    value_at: dict[str, Position] = field(default_factory=dict)

    def where(self, key: str) -> Position:
        return self.value_at.get(key, self.at)


@dataclass
class _Problems:
    """Diagnostics collected while reading one file."""

    file: str | None
    found: list[Diagnostic] = field(default_factory=list)

    def add(self, code: Code, message: str, at: Position, path: tuple[str | int, ...] = ()) -> None:
        self.found.append(Diagnostic(code, message, path, self.file, *at))

    def raise_any(self) -> None:
        if self.found:
            raise ProjectError(sorted(self.found, key=lambda d: (d.line or 0, d.column or 0)))


def _kind(path: Path) -> Kind:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    raise ProjectError(
        [
            Diagnostic(
                Code.unknown_file_type,
                f"cannot read {suffix or 'a file without extension'} as a history; "
                "expected .csv, .yaml or .yml",
                (),
                str(path),
            )
        ]
    )


def _read(path: Path) -> str:
    return read_text(path, encoding="utf-8-sig")  # -sig: spreadsheets write a BOM


def _cell_columns(line: str) -> list[int]:
    """The 1-based column where each cell of a CSV line starts (quotes respected)."""
    columns, quoted = [1], False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            columns.append(i + 2)
    return columns


def _csv_rows(
    text: str, problems: _Problems, allowed: tuple[str, ...], what: str
) -> tuple[list[str], int, list[_Row]]:
    """The header's (lower-cased) names, its line and the rows under it; problems are added."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    header_line = 1
    rows: list[_Row] = []
    consumed = 0
    try:
        for cells in reader:
            line = consumed + 1
            consumed = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            raw = lines[line - 1] if line <= len(lines) else ""
            starts = _cell_columns(raw)

            def column(i: int, starts: list[int] = starts, end: int = len(raw) + 1) -> int:
                return starts[i] if i < len(starts) else end  # a missing cell: the line's end

            if header is None:
                header = [cell.strip().lower() for cell in cells]
                for i, name in enumerate(header):
                    if name not in allowed:
                        problems.add(
                            Code.unknown_key,
                            f"unknown column {name!r} in a {what}{did_you_mean(name, allowed)}",
                            (line, column(i)),
                        )
                    elif header.index(name) != i:
                        problems.add(
                            Code.duplicate_key, f"column {name!r} appears twice", (line, column(i))
                        )
                header_line = line
                continue
            if len(cells) > len(header):
                problems.add(
                    Code.bad_value,
                    f"this row has {len(cells)} cells; the header has {len(header)}",
                    (line, column(len(header))),
                )
                continue
            values = {
                name: cells[i].strip()
                for i, name in enumerate(header)
                if i < len(cells) and cells[i].strip()
            }
            rows.append(
                _Row(values, (line, 1), {name: (line, column(i)) for i, name in enumerate(header)})
            )
    except csv.Error as error:
        problems.add(Code.bad_value, f"not valid CSV: {error}", (consumed + 1, None))
    if header is None:
        problems.add(Code.missing_field, f"a {what} needs a header row", (1, 1))
        return [], 1, []
    return header, header_line, rows


def _yaml_rows(
    text: str, problems: _Problems, allowed: tuple[str, ...], wrapper: str, what: str
) -> list[_Row]:
    """The mappings of a YAML list (or of `{wrapper: [...]}`), with their positions."""
    data, locations = load_yaml(text, problems.file)
    base: tuple[str | int, ...] = ()
    if isinstance(data, dict) and set(data) == {wrapper}:
        data, base = data[wrapper], (wrapper,)
    if not isinstance(data, list):
        at: Position = locations.find(base) or (1, 1)  # an empty document: its first line
        problems.add(
            Code.bad_value, f"a {what} is a list of mappings (or `{wrapper}:` with that list)", at
        )
        return []
    rows: list[_Row] = []
    for index, item in enumerate(data):
        path = (*base, index)
        if not isinstance(item, dict):
            problems.add(
                Code.bad_value, f"each entry of a {what} is a mapping", _at(locations, path)
            )
            continue
        values: dict[str, Any] = {}
        value_at: dict[str, Position] = {}
        for key, value in item.items():
            name = str(key)
            if name not in allowed:
                problems.add(
                    Code.unknown_key,
                    f"unknown key {name!r} in a {what}{did_you_mean(name, allowed)}",
                    locations.keys.get((*path, key), _at(locations, path)),
                )
                continue
            value_at[name] = _at(locations, (*path, key))
            if value is not None:
                values[name] = value
        rows.append(_Row(values, _at(locations, path), value_at))
    return rows


def _at(locations: LocationMap, path: tuple[str | int, ...]) -> Position:
    found = locations.find(path)
    return found if found is not None else (None, None)


def _days(value: Any) -> float:
    """Working days from a number or a string like '5d', '4h', '2w'; ValueError if unreadable."""
    try:
        amount = parse_work_time(value)
    except PydanticCustomError as error:
        raise ValueError(error.message()) from None
    if not isinstance(amount, WorkTime):
        raise ValueError("expected an amount of working time like 5 or '5d'")
    return amount.in_days(HOURS_PER_DAY, DAYS_PER_WEEK)


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _history_records(rows: list[_Row], problems: _Problems) -> list[HistoryRecord]:
    records: list[HistoryRecord] = []
    for row in rows:
        missing = [name for name in _HISTORY_REQUIRED if name not in row.values]
        for name in missing:
            problems.add(Code.missing_field, f"missing field {name!r}", row.where(name))
        amounts: dict[str, float] = {}
        for name in ("estimate", "actual"):
            if name in row.values:
                try:
                    amounts[name] = _days(row.values[name])
                except ValueError as error:
                    problems.add(Code.bad_duration, str(error), row.where(name))
        if missing or len(amounts) < 2:
            continue
        record = HistoryRecord(
            task=str(row.values["task"]).strip(),
            estimated_by=_text_or_none(row.values.get("estimated_by")),
            category=_text_or_none(row.values.get("category")),
            estimate=amounts["estimate"],
            actual=amounts["actual"],
            project=_text_or_none(row.values.get("project")),
        )
        found = record_problems(record)
        for d in found:
            problems.add(d.code, d.message, row.where(str(d.path[-1])))
        if not found:
            records.append(record)
    return records


def parse_history(text: str, *, kind: Kind, file: str | None = None) -> list[HistoryRecord]:
    """Read history records from CSV or YAML text; every problem raises, located."""
    problems = _Problems(file)
    what = "history"
    if kind == "csv":
        header, line, rows = _csv_rows(text, problems, HISTORY_FIELDS, what)
        for name in _HISTORY_REQUIRED:
            if header and name not in header:
                problems.add(Code.missing_field, f"the header has no {name!r} column", (line, 1))
        problems.raise_any()
    else:
        rows = _yaml_rows(text, problems, HISTORY_FIELDS, "records", what)
    records = _history_records(rows, problems)
    if not problems.found and not records:
        problems.add(Code.bad_value, "the history has no records", (1, 1))
    problems.raise_any()
    return records


def load_history(path: str | Path) -> list[HistoryRecord]:
    """Read a history of estimates and actuals from a `.csv`, `.yaml` or `.yml` file."""
    path = Path(path)
    kind = _kind(path)
    return parse_history(_read(path), kind=kind, file=str(path))


def _count(value: Any) -> int:
    """A whole number of items, 0 or more; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("a count is a whole number, got a boolean")
    if isinstance(value, str):
        try:
            value = float(value) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            raise ValueError(f"cannot read {value!r} as a count of items") from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise ValueError(f"a count is a whole number of items, got {value!r}")
    if value < 0:
        raise ValueError(f"a count cannot be negative, got {value}")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date like 2027-01-04, got a date and time {value}")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"cannot read {value!r} as a date; write e.g. 2027-01-04") from None


def _period(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"a period is a whole number, got {value!r}")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"cannot read {value!r} as a period number") from None


def _throughput(rows: list[_Row], problems: _Problems) -> ThroughputHistory | None:
    """Counts by period, gaps filled with 0; None when problems were found."""
    keyed: dict[dt.date | int, int] = {}
    line_of: dict[dt.date | int, Position] = {}
    by: Literal["date", "period"] | None = None
    for row in rows:
        kinds = [name for name in ("date", "period") if name in row.values]
        if len(kinds) != 1:
            message = (
                "a throughput row has a `date` or a `period`, not both"
                if kinds
                else "missing field 'date' (or 'period')"
            )
            problems.add(Code.bad_value if kinds else Code.missing_field, message, row.at)
            continue
        if by is None:
            by = "date" if kinds[0] == "date" else "period"
        elif kinds[0] != by:
            problems.add(
                Code.bad_value,
                f"this history is by {by}: every row needs a {by}",
                row.where(kinds[0]),
            )
            continue
        parse: Callable[[Any], dt.date | int] = _date if by == "date" else _period
        try:
            key = parse(row.values[by])
        except ValueError as error:
            problems.add(
                Code.bad_date if by == "date" else Code.bad_value, str(error), row.where(by)
            )
            key = None
        if "count" not in row.values:
            problems.add(Code.missing_field, "missing field 'count'", row.where("count"))
            continue
        try:
            count = _count(row.values["count"])
        except ValueError as error:
            problems.add(Code.bad_value, str(error), row.where("count"))
            continue
        if key is None:
            continue
        if key in keyed:
            first = line_of[key][0]
            problems.add(
                Code.bad_date if by == "date" else Code.bad_value,
                f"{key} appears twice (first on line {first})",
                row.where(by),
            )
            continue
        keyed[key] = count
        line_of[key] = row.where(by)
    if problems.found:
        return None
    if not keyed:
        problems.add(Code.bad_value, "the throughput history has no rows", (1, 1))
        return None
    keys = sorted(keyed, key=lambda k: k.toordinal() if isinstance(k, dt.date) else k)
    if by == "period":
        numbers = [k for k in keys if isinstance(k, int)]
        step, offsets = 1, [n - numbers[0] for n in numbers]
        period_days: int | None = None
    else:
        days = [k.toordinal() for k in keys if isinstance(k, dt.date)]
        if len(days) < 2:
            problems.add(
                Code.bad_date,
                "a history by date needs at least two dates, to tell days from weeks",
                line_of[keys[0]],
            )
            return None
        step = min(b - a for a, b in itertools.pairwise(days))
        if step not in (1, 7):
            problems.add(
                Code.bad_date,
                f"the closest dates are {step} days apart; a daily history has dates 1 day "
                "apart, a weekly one 7",
                line_of[keys[0]],
            )
            return None
        offsets = [d - days[0] for d in days]
        for key, offset in zip(keys, offsets, strict=True):
            if offset % step:
                problems.add(
                    Code.bad_date,
                    f"{key} is not a whole number of weeks after {keys[0]}",
                    line_of[key],
                )
        if problems.found:
            return None
        period_days = step
    counts = np.zeros(offsets[-1] // step + 1, dtype=np.int64)
    for key, offset in zip(keys, offsets, strict=True):
        counts[offset // step] = keyed[key]
    return ThroughputHistory(counts, period_days, keys[0], keys[-1], counts.size - len(keys))


def parse_throughput(text: str, *, kind: Kind, file: str | None = None) -> ThroughputHistory:
    """Read a throughput history (date or period, count) from CSV or YAML text."""
    problems = _Problems(file)
    what = "throughput history"
    if kind == "csv":
        header, line, rows = _csv_rows(text, problems, THROUGHPUT_FIELDS, what)
        if header and "count" not in header:
            problems.add(Code.missing_field, "the header has no 'count' column", (line, 1))
        if header and not {"date", "period"} & set(header):
            problems.add(
                Code.missing_field, "the header has no 'date' (or 'period') column", (line, 1)
            )
        problems.raise_any()
    else:
        rows = _yaml_rows(text, problems, THROUGHPUT_FIELDS, "throughput", what)
    history = _throughput(rows, problems)
    problems.raise_any()
    assert history is not None
    return history


def load_throughput(path: str | Path) -> ThroughputHistory:
    """Read a throughput history from a `.csv`, `.yaml` or `.yml` file."""
    path = Path(path)
    kind = _kind(path)
    return parse_throughput(_read(path), kind=kind, file=str(path))
