"""History files: estimates against actuals (for calibration) and throughput per period.

Both come as CSV (a header row, then one row per record) or YAML (a list of mappings),
as people export them: the encoding is detected (UTF-8, with or without a byte-order
mark, UTF-16 with one, else Windows-1252) unless one is named; columns that steerco does
not use are ignored, and a column may be mapped onto a field (`HoursEstimate` read as
`estimate`). Every problem is reported with its line and column: for CSV, the row's line
and the cell's column; for YAML, the key's or the value's position.

Estimates and actuals are working time: a number is working days; a string may give a
unit, `"5d"`, `"4h"` or `"2w"`, converted at 8 hours a day and 5 days a week. Records
without an estimate or an actual (an empty cell, `NA`) and those with an estimate or an
actual of 0 are skipped and counted, not refused: exports are full of them.

A throughput history has a `date` or a `period` (a whole number) and a `count` on each
row, or is a list of finished items, one row per item with the date it was done (no
`count` column), aggregated into items per day. Dates all a whole number of weeks apart
make a weekly history, others a daily one. Days (or weeks, or numbered periods) missing
between the first and the last row count as periods in which nothing was finished: a
team that records only the days on which items were done, or only its working days, gets
zeros for the others, which is what the resampling must see (a daily history counts
calendar days).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic_core import PydanticCustomError

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, closest, did_you_mean
from steerco.forecast.calibration import HistoryRecord, record_problems
from steerco.formats.files import marked_encoding, read_bytes, text_codec
from steerco.formats.locations import LocationMap
from steerco.formats.yaml_source import load_yaml
from steerco.model.quantities import WorkTime, parse_work_time
from steerco.model.ranges import MAX_DATE, MAX_HISTORY_PERIODS, MAX_PERIODS, MIN_DATE

__all__ = [
    "DAYS_PER_WEEK",
    "EMPTY_CELLS",
    "HISTORY_FIELDS",
    "HOURS_PER_DAY",
    "THROUGHPUT_FIELDS",
    "HistoryOptions",
    "HistoryRead",
    "ThroughputHistory",
    "check_encoding",
    "load_history",
    "load_throughput",
    "parse_columns",
    "parse_history",
    "parse_throughput",
    "read_history",
]

HOURS_PER_DAY = 8.0
DAYS_PER_WEEK = 5
HISTORY_FIELDS = ("task", "estimated_by", "category", "estimate", "actual", "project")
THROUGHPUT_FIELDS = ("date", "period", "count")
_HISTORY_REQUIRED = ("estimate", "actual")
EMPTY_CELLS = frozenset({"", "na", "n/a", "nan", "null", "none", "-"})
"""Cells that mean "no value" (compared in lower case): what spreadsheets and R export."""
MAX_COUNT = 1_000_000_000
"""The most items a throughput history may count in one period."""
_DETECTED = ("utf-8-sig", "cp1252", "latin-1")
"""Encodings tried in turn when none is named; latin-1 reads any byte, so one always fits."""

Kind = Literal["csv", "yaml"]
Position = tuple[int | None, int | None]


@dataclass(frozen=True)
class HistoryOptions:
    """How to read a history file as exported: its encoding, its columns, its dates."""

    encoding: str | None = None
    """A Python codec name (`cp1252`, `utf-16`); None: detected."""
    columns: Mapping[str, str] = field(default_factory=dict)
    """Field → the column (or YAML key) it is read from, e.g. `{"estimate": "HoursEstimate"}`."""
    dayfirst: bool = False
    """Read `20/01/2027` as 20 January (else slashed dates are month first, `01/20/2027`)."""
    estimate_unit: Literal["time", "points"] = "time"
    """`points`: bare numbers in the estimate column are story points (`5pt` always is)."""


@dataclass(frozen=True)
class HistoryRead:
    """The records of a history file, and what was left out of them."""

    records: list[HistoryRecord]
    no_value: int = 0
    """Rows skipped for an empty or `NA` estimate or actual."""
    zero: int = 0
    """Rows skipped for an estimate or actual of 0 (no ratio can be formed)."""
    ignored: tuple[str, ...] = ()
    """Columns (or YAML keys) of the file that no field reads."""
    encoding: str = "utf-8"
    estimate_unit: Literal["time", "points"] = "time"
    """`points`: the estimates are story points, so a ratio is working days per point."""


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
    items: bool = False
    """True when the file listed finished items (one row each), not counts per period."""
    skipped: int = 0
    """Items of such a list skipped because their date was empty (not finished yet)."""
    ignored: tuple[str, ...] = ()
    encoding: str = "utf-8"
    recorded: NDArray[np.bool_] | None = None
    """Per period, whether the file has it (None: every period but the `filled` ones)."""

    def filled_in(self, periods: int) -> int:
        """How many of the first `periods` periods were missing from the file and count as 0."""
        if self.recorded is None:
            return self.filled
        return int(periods - np.count_nonzero(self.recorded[:periods]))


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


def check_encoding(name: str) -> str:
    """The codec's canonical name; ValueError naming what to write when Python has no such codec."""
    canonical = text_codec(name)
    if canonical is None:
        raise ValueError(f"no text encoding is called {name!r}; write e.g. utf-8, cp1252 or utf-16")
    return canonical


def _decode(raw: bytes, encoding: str | None, file: str) -> tuple[str, str]:
    """The text and the encoding it was read with: `encoding`, else the first that fits.

    A byte-order mark names UTF-16 or UTF-32; else UTF-8 (a UTF-8 mark dropped),
    Windows-1252, and Latin-1 are tried in turn. A named encoding that does not fit is
    `unreadable_file` at the line and column of the first byte it cannot read.
    """
    if encoding is None:
        encoding = marked_encoding(raw)
        if encoding is None:
            for candidate in _DETECTED:
                try:
                    return raw.decode(candidate), candidate.removesuffix("-sig")
                except UnicodeDecodeError:
                    continue
    assert encoding is not None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1  # counted in bytes
        message = (
            f"not {encoding} text: the byte 0x{raw[error.start]:02x} cannot be read "
            "(byte column); leave --encoding out to detect the encoding, or name the one "
            "the file was saved in, e.g. --encoding cp1252"
        )
        raise ProjectError(
            [Diagnostic(Code.unreadable_file, message, (), file, line, column)]
        ) from None
    return text.removeprefix("\ufeff"), encoding


def _read(path: Path, encoding: str | None) -> tuple[str, str]:
    """A history file's text (line ends made LF) and the encoding it was read with."""
    # Line ends are made LF after decoding: in UTF-16 a byte 0x0D is half of a character
    # (the č of "Kočí"), not a carriage return.
    text, read_as = _decode(read_bytes(path), encoding, str(path))
    return text.replace("\r\n", "\n").replace("\r", "\n"), read_as


def parse_columns(text: str, fields: tuple[str, ...]) -> dict[str, str]:
    """`"estimate=HoursEstimate,actual=HoursActual"` as {field: column}; ValueError if bad."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, equals, column = part.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not equals or not name or not column:
            raise ValueError(
                f"cannot read {part.strip()!r}; write FIELD=COLUMN pairs separated by commas, "
                "e.g. estimate=HoursEstimate,actual=HoursActual"
            )
        if name not in fields:
            raise ValueError(
                f"{name!r} is not a field of this history{did_you_mean(name, fields)}; "
                f"the fields are {', '.join(fields)}"
            )
        if name in mapping:
            raise ValueError(f"{name!r} is mapped twice")
        taken = next((f for f, c in mapping.items() if c.lower() == column.lower()), None)
        if taken is not None:
            raise ValueError(
                f"column {column!r} is mapped to both {taken!r} and {name!r}; a column gives "
                "one field"
            )
        mapping[name] = column
    return mapping


def _field_of(
    names: list[str], allowed: tuple[str, ...], columns: Mapping[str, str]
) -> list[str | None]:
    """The field each column (or key) of the file is read as; None for one no field reads.

    A mapped column is read as its field; a column named like a field is read as it unless
    that field is mapped to another column. Names compare case-insensitively.
    """
    mapped = {column.strip().lower(): name for name, column in columns.items()}
    out: list[str | None] = []
    for name in names:
        key = name.strip().lower()
        if key in mapped:
            out.append(mapped[key])
        elif key in allowed and key not in columns:
            out.append(key)
        else:
            out.append(None)
    return out


def _cell_columns(line: str) -> list[int]:
    """The 1-based column where each cell of a CSV line starts (quotes respected)."""
    columns, quoted = [1], False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            columns.append(i + 2)
    return columns


@dataclass
class _Header:
    """The header of a CSV file: the field each column is read as, and where it sits."""

    fields: list[str | None]
    names: list[str]
    line: int

    @property
    def ignored(self) -> tuple[str, ...]:
        return tuple(n for n, f in zip(self.names, self.fields, strict=True) if f is None)


def _cell_column(starts: list[int], i: int, end: int) -> int:
    """Cell `i`'s column from `_cell_columns`; a missing cell: the line's end."""
    return starts[i] if i < len(starts) else end


def _csv_header(
    cells: list[str],
    line: int,
    raw: str,
    problems: _Problems,
    allowed: tuple[str, ...],
    what: str,
    columns: Mapping[str, str],
    strict: bool,
) -> _Header:
    """The header row's fields; unknown (under `strict`) and duplicate columns are added."""
    starts, end = _cell_columns(raw), len(raw) + 1
    names = [cell.strip() for cell in cells]
    header = _Header(_field_of(names, allowed, columns), names, line)
    for i, name in enumerate(header.fields):
        if name is None and strict:
            unknown = names[i].lower()
            problems.add(
                Code.unknown_key,
                f"unknown column {unknown!r} in a {what}{did_you_mean(unknown, allowed)}",
                (line, _cell_column(starts, i, end)),
            )
        elif name is not None and header.fields.index(name) != i:
            problems.add(
                Code.duplicate_key,
                f"column {name!r} appears twice"
                if names[i].lower() == name
                else f"column {names[i]!r} is read as {name!r}, and so is an earlier one",
                (line, _cell_column(starts, i, end)),
            )
    return header


def _csv_row(cells: list[str], header: _Header, line: int, raw: str) -> _Row:
    """A data row (no more cells than the header) keyed by field, with each cell's position."""
    starts, end = _cell_columns(raw), len(raw) + 1
    values = {
        name: cells[i].strip()
        for i, name in enumerate(header.fields)
        if name is not None and i < len(cells) and cells[i].strip()
    }
    value_at: dict[str, Position] = {
        name: (line, _cell_column(starts, i, end))
        for i, name in enumerate(header.fields)
        if name is not None
    }
    return _Row(values, (line, 1), value_at)


def _csv_rows(
    text: str,
    problems: _Problems,
    allowed: tuple[str, ...],
    what: str,
    columns: Mapping[str, str],
    *,
    strict: bool = False,
) -> tuple[_Header | None, list[_Row]]:
    """The header and the rows under it, keyed by field; problems are added.

    `strict`: a column that no field reads is an `unknown_key` (else it is ignored).
    """
    text = text.removeprefix("\ufeff")
    lines = _lines(text)
    reader = csv.reader(io.StringIO(text))
    header: _Header | None = None
    rows: list[_Row] = []
    consumed = 0
    try:
        for cells in reader:
            line = consumed + 1
            consumed = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            raw = lines[line - 1] if line <= len(lines) else ""
            if header is None:
                header = _csv_header(cells, line, raw, problems, allowed, what, columns, strict)
                continue
            if len(cells) > len(header.fields):
                problems.add(
                    Code.bad_value,
                    f"this row has {len(cells)} cells; the header has {len(header.fields)}",
                    (line, _cell_column(_cell_columns(raw), len(header.fields), len(raw) + 1)),
                )
                continue
            rows.append(_csv_row(cells, header, line, raw))
        if consumed and _quote_left_open(lines, line, consumed):
            message = f"a quote opened on line {line} is never closed: the rest is one cell"
            problems.add(Code.bad_value, message, (line, raw.find('"') + 1 or None))
    except csv.Error as error:
        problems.add(Code.bad_value, f"not valid CSV: {error}", (consumed + 1, None))
    if header is None:
        problems.add(Code.missing_field, f"a {what} needs a header row", (1, 1))
    return header, rows


def _lines(text: str) -> list[str]:
    """The lines of CSV text as the reader counts them: split at line feeds alone.

    `str.splitlines` also splits at U+2028, NEL and other characters that a CSV cell may
    hold, which put every later row's columns on the wrong line.
    """
    return text.split("\n")


def _quote_left_open(lines: list[str], first: int, last: int) -> bool:
    """Whether the last row, lines `first` to `last`, ran to the end of the text in an open quote.

    Python's reader takes the rest of the file as one cell then, without an error; read
    strictly, the same lines end inside a quoted cell. A quote inside an unquoted cell
    (`27" monitor`) is a character of the cell, as the reader reads it.
    """
    if last <= first:
        return False
    try:
        for _ in csv.reader(io.StringIO("\n".join(lines[first - 1 : last])), strict=True):
            pass
    except csv.Error as error:
        return "end of data" in str(error)
    return False


def _missing_column(
    header: _Header,
    name: str,
    columns: Mapping[str, str],
    problems: _Problems,
    alternative: str = "",
) -> None:
    """Report a field that no column of the header gives, with the closest unused column."""
    if name in header.fields:
        return
    if name in columns:
        message = f"the header has no column {columns[name]!r} (mapped to {name!r})"
    else:
        message = f"the header has no {name!r}{alternative} column"
    close = closest(name, header.ignored)
    separator = _other_separator(header.names)
    if separator is not None:
        message += (
            f"; the header is one cell holding {separator}: the file looks separated by "
            f"{_SEPARATOR_NAMES[separator]}, and steerco reads comma-separated CSV (save it "
            "as 'CSV (comma delimited)', or as YAML)"
        )
    elif close is not None:
        message += f"; did you mean {close!r}? (or --columns {name}={close})"
    problems.add(Code.missing_field, message, (header.line, 1))


_SEPARATOR_NAMES = {"';'": "semicolons", "a tab": "tabs", "'|'": "bars"}


def _other_separator(names: list[str]) -> str | None:
    """The separator a one-cell header holds (`;`, a tab, `|`), as the message names it."""
    if len(names) != 1:
        return None
    for char, shown in ((";", "';'"), ("\t", "a tab"), ("|", "'|'")):
        if char in names[0]:
            return shown
    return None


def _yaml_rows(
    text: str,
    problems: _Problems,
    allowed: tuple[str, ...],
    wrapper: str,
    what: str,
    columns: Mapping[str, str],
    *,
    strict: bool = False,
) -> tuple[list[_Row], tuple[str, ...]]:
    """The mappings of a YAML list (or of `{wrapper: [...]}`) keyed by field, and ignored keys.

    `strict`: a key that no field reads is an `unknown_key` (else it is ignored).
    """
    data, locations = load_yaml(text, problems.file)
    base: tuple[str | int, ...] = ()
    if isinstance(data, dict) and set(data) == {wrapper}:
        data, base = data[wrapper], (wrapper,)
    if not isinstance(data, list):
        at: Position = locations.find(base) or (1, 1)  # an empty document: its first line
        problems.add(
            Code.bad_value, f"a {what} is a list of mappings (or `{wrapper}:` with that list)", at
        )
        return [], ()
    rows: list[_Row] = []
    ignored: dict[str, None] = {}
    for index, item in enumerate(data):
        path = (*base, index)
        if not isinstance(item, dict):
            problems.add(
                Code.bad_value, f"each entry of a {what} is a mapping", _at(locations, path)
            )
            continue
        values: dict[str, Any] = {}
        value_at: dict[str, Position] = {}
        keys = list(item)
        for key, name in zip(
            keys, _field_of([str(k) for k in keys], allowed, columns), strict=True
        ):
            if name is None:
                ignored[str(key)] = None
                if strict:
                    problems.add(
                        Code.unknown_key,
                        f"unknown key {str(key)!r} in a {what}{did_you_mean(str(key), allowed)}",
                        locations.keys.get((*path, key), _at(locations, path)),
                    )
                continue
            if name in value_at:
                problems.add(
                    Code.duplicate_key,
                    f"key {str(key)!r} is read as {name!r}, and so is an earlier one",
                    locations.keys.get((*path, key), _at(locations, path)),
                )
                continue
            value_at[name] = _at(locations, (*path, key))
            value = item[key]
            if value is not None:
                values[name] = value
        rows.append(_Row(values, _at(locations, path), value_at))
    return rows, tuple(ignored)


def _at(locations: LocationMap, path: tuple[str | int, ...]) -> Position:
    found = locations.find(path)
    return found if found is not None else (None, None)


def _empty(value: Any) -> bool:
    """An empty cell or one of EMPTY_CELLS (`NA`, `null`, ...): no value."""
    return value is None or (isinstance(value, str) and value.strip().lower() in EMPTY_CELLS)


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
    if _empty(value):
        return None
    text = str(value).strip()
    return text or None


_POINTS = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:pts?|sp|points?)\s*$", re.IGNORECASE)
EstimateUnit = Literal["time", "points"]


def _estimate(value: Any, unit: EstimateUnit) -> tuple[float, EstimateUnit]:
    """An estimate as working days, or as story points (`5pt`, or any number under `points`)."""
    if isinstance(value, str):
        match = _POINTS.match(value)
        if match is not None:
            return float(match.group(1)), "points"
    if unit == "points" and not isinstance(value, bool):
        try:
            return float(value), "points"
        except (TypeError, ValueError):
            pass
    return _days(value), "time"


@dataclass
class _Records:
    """Records read so far, rows skipped, and the estimates' unit with its first line."""

    records: list[HistoryRecord] = field(default_factory=list)
    no_value: int = 0
    zero: int = 0
    unit: EstimateUnit | None = None
    unit_line: int | None = None


def _history_records(rows: list[_Row], problems: _Problems, unit: EstimateUnit) -> _Records:
    """The records of the rows, and how many rows had no value and a zero (both skipped)."""
    out = _Records()
    for row in rows:
        _add_record(row, problems, unit, out)
    return out


def _add_record(row: _Row, problems: _Problems, unit: EstimateUnit, out: _Records) -> None:
    """Add the row's record to `out`, count it as skipped, or add its problems."""
    if any(_empty(row.values.get(name)) for name in _HISTORY_REQUIRED):
        out.no_value += 1
        return
    amounts: dict[str, float] = {}
    try:
        amounts["estimate"], row_unit = _estimate(row.values["estimate"], unit)
    except ValueError as error:
        problems.add(Code.bad_duration, str(error), row.where("estimate"))
        row_unit = None
    try:
        amounts["actual"] = _days(row.values["actual"])
    except ValueError as error:
        problems.add(Code.bad_duration, str(error), row.where("actual"))
    if len(amounts) < len(_HISTORY_REQUIRED) or row_unit is None:
        return
    line = row.at[0]
    if out.unit is None:
        out.unit, out.unit_line = row_unit, line
    elif row_unit != out.unit:
        problems.add(
            Code.bad_duration,
            f"this estimate is {'story points' if row_unit == 'points' else 'working time'}"
            f", the one on line {out.unit_line} "
            f"{'story points' if out.unit == 'points' else 'working time'}; write every "
            "estimate of a history in one of them",
            row.where("estimate"),
        )
        return
    if 0.0 in amounts.values() and min(amounts.values()) >= 0:
        out.zero += 1
        return
    record = HistoryRecord(
        task=_text_or_none(row.values.get("task")) or f"line {line or '?'}",
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
        out.records.append(record)


_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?").fullmatch
"""A cell that is a plain number of working days (or points) as `_days` reads it."""


def _csv_history(
    text: str, file: str | None, options: HistoryOptions
) -> tuple[_Header, _Records, list[Diagnostic]] | None:
    """The header, records and record problems of a CSV history, read in one pass.

    A row whose estimate and actual are plain positive numbers becomes its record at once;
    any other row goes through `_add_record` with its cells' positions. None when the file
    has a problem of its own (header, a row too long, CSV syntax), which `_csv_rows`
    reports: read it again that way.
    """
    enabled = gc.isenabled()
    gc.disable()  # records hold no cycles: no collections while 100,000 of them are made
    try:
        return _csv_pass(text, file, options)
    finally:
        if enabled:
            gc.enable()


def _csv_pass(
    text: str, file: str | None, options: HistoryOptions
) -> tuple[_Header, _Records, list[Diagnostic]] | None:
    """`_csv_history`'s one pass over the rows."""
    text = text.removeprefix("\ufeff")
    problems, out, unit = _Problems(file), _Records(), options.estimate_unit
    reader = csv.reader(io.StringIO(text))
    lines: list[str] | None = None
    header: _Header | None = None
    width = ie = ia = 0
    it = ib = ic = ip = None
    plain, append = _PLAIN_NUMBER, out.records.append
    seen: dict[tuple[str, str, str], tuple[str | None, str | None, str | None]] = {}
    consumed = 0
    try:
        for cells in reader:
            line = consumed + 1
            consumed = reader.line_num
            if len(cells) == width and header is not None:
                e, a = cells[ie].strip(), cells[ia].strip()
                if plain(e) and plain(a) and out.unit == unit:
                    estimate, actual = float(e), float(a)
                    if 0 < estimate <= MAX_PERIODS and 0 < actual <= MAX_PERIODS:
                        task = cells[it].strip() if it is not None else ""
                        if task.lower() in EMPTY_CELLS:
                            task = f"line {line}"
                        keys = (
                            cells[ib] if ib is not None else "",
                            cells[ic] if ic is not None else "",
                            cells[ip] if ip is not None else "",
                        )
                        named = seen.get(keys)
                        if named is None:
                            named = seen[keys] = (
                                _text_or_none(keys[0]),
                                _text_or_none(keys[1]),
                                _text_or_none(keys[2]),
                            )
                        by, category, project = named
                        append(HistoryRecord(task, by, category, estimate, actual, project))
                        continue
            if not any(cell.strip() for cell in cells):
                continue
            if lines is None:
                lines = _lines(text)
            raw = lines[line - 1] if line <= len(lines) else ""
            if header is None:
                header = _csv_header(
                    cells, line, raw, problems, HISTORY_FIELDS, "history", options.columns, False
                )
                fields = header.fields
                if problems.found or not all(name in fields for name in _HISTORY_REQUIRED):
                    return None
                width, ie, ia = len(fields), fields.index("estimate"), fields.index("actual")
                it, ib, ic, ip = (
                    fields.index(name) if name in fields else None
                    for name in ("task", "estimated_by", "category", "project")
                )
                continue
            if len(cells) > width:
                return None
            _add_record(_csv_row(cells, header, line, raw), problems, unit, out)
        if consumed and _quote_left_open(_lines(text), line, consumed):
            return None  # `_csv_rows` says where
    except csv.Error:
        return None
    if header is None:
        return None
    return header, out, problems.found


def _history(
    text: str, kind: Kind, file: str | None, options: HistoryOptions, encoding: str
) -> HistoryRead:
    problems = _Problems(file)
    what = "history"
    ignored: tuple[str, ...]
    read: _Records | None = None
    fast = _csv_history(text, file, options) if kind == "csv" else None
    if fast is not None:
        header, read, problems.found = fast
        ignored = header.ignored
    elif kind == "csv":  # the file has a problem of its own: read it again to report it
        found, rows = _csv_rows(text, problems, HISTORY_FIELDS, what, options.columns)
        if found is not None:
            for name in _HISTORY_REQUIRED:
                _missing_column(found, name, options.columns, problems)
            ignored = found.ignored
        problems.raise_any()
    else:
        rows, ignored = _yaml_rows(text, problems, HISTORY_FIELDS, "records", what, options.columns)
    if read is None:
        read = _history_records(rows, problems, options.estimate_unit)
    records, no_value, zero = read.records, read.no_value, read.zero
    if not problems.found and not records:
        skipped = f" ({no_value + zero} rows skipped for an empty, NA or 0 estimate or actual)"
        message = "the history has no records" + (skipped if no_value + zero else "")
        problems.add(Code.bad_value, message, (1, 1))
    problems.raise_any()
    return HistoryRead(records, no_value, zero, ignored, encoding, read.unit or "time")


def parse_history(
    text: str, *, kind: Kind, file: str | None = None, options: HistoryOptions | None = None
) -> list[HistoryRecord]:
    """Read history records from CSV or YAML text; every problem raises, located."""
    return _history(text, kind, file, options or HistoryOptions(), "utf-8").records


def read_history(path: str | Path, options: HistoryOptions | None = None) -> HistoryRead:
    """Read a `.csv`, `.yaml` or `.yml` history of estimates and actuals, and what it skipped."""
    path, options = Path(path), options or HistoryOptions()
    kind = _kind(path)
    text, encoding = _read(path, options.encoding)
    return _history(text, kind, str(path), options, encoding)


def load_history(path: str | Path, options: HistoryOptions | None = None) -> list[HistoryRecord]:
    """Read a history of estimates and actuals from a `.csv`, `.yaml` or `.yml` file."""
    return read_history(path, options).records


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
    if value > MAX_COUNT:
        raise ValueError(f"a count of more than {MAX_COUNT:,} items in a period, got {value}")
    return value


_SLASHED = re.compile(
    r"^([0-9]{1,2})([/.])([0-9]{1,2})\2([0-9]{4})"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?: ?[AaPp][Mm])?)?$"
)
"""`01/20/2027` (month first; day first with --dayfirst), `20.01.2027` (always day first),
each with an optional time of day (`17:30`, `5:30:00 PM`) after a space or a T."""


def _date(value: Any, dayfirst: bool = False) -> dt.date:
    """A date from 1900-01-01 to 2199-12-31, as `_any_date` reads it; ValueError otherwise."""
    day = _any_date(value, dayfirst)
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(
            f"date {day.isoformat()} is out of range; write a date from "
            f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
        )
    return day


def _any_date(value: Any, dayfirst: bool = False) -> dt.date:
    """A date from an ISO date or date-time (the date part), or `01/20/2027` (`20/01/2027`)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.fromisoformat(t).date()):
        try:
            return parse(text)
        except ValueError:
            pass
    match = _SLASHED.match(text)
    if match is not None:
        first, separator, second, year = match.groups()
        dotted = separator == "."
        day, month = (first, second) if dayfirst or dotted else (second, first)
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            order = (
                "day first (dotted)"
                if dotted
                else ("day first (--dayfirst)" if dayfirst else "month first")
            )
            hint = "; give --dayfirst for dates like 20/01/2027" if not (dayfirst or dotted) else ""
            raise ValueError(f"{text!r} is not a date, read {order}{hint}") from None
    raise ValueError(
        f"cannot read {value!r} as a date; write e.g. 2027-01-04 or 2027-01-04T17:30 "
        "(or 01/04/2027, month first, 04/01/2027 with --dayfirst, and 04.01.2027, day first)"
    )


def _period(value: Any) -> int:
    """A period number within ±`MAX_PERIODS`; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"a period is a whole number, got {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"cannot read {value!r} as a period number") from None
    if abs(number) > MAX_PERIODS:
        raise ValueError(f"period {number} is out of range; at most {MAX_PERIODS:,} either way")
    return number


@dataclass
class _Keyed:
    """Counts by date (or period number) as read, where each key was first seen, rows skipped."""

    counts: dict[dt.date | int, int] = field(default_factory=dict)
    line_of: dict[dt.date | int, Position] = field(default_factory=dict)
    by: Literal["date", "period"] | None = None
    skipped: int = 0


def _row_key(
    row: _Row, keyed: _Keyed, problems: _Problems, dayfirst: bool, items: bool
) -> dt.date | int | None:
    """The row's date or period; None (a problem added, or an item not done) if it has none."""
    kinds = [name for name in ("date", "period") if not _empty(row.values.get(name))]
    if items and not kinds and any(name in row.value_at for name in ("date", "period")):
        keyed.skipped += 1  # an item without a finish date is not done yet
        return None
    if len(kinds) != 1:
        message = (
            "a throughput row has a `date` or a `period`, not both"
            if kinds
            else "missing field 'date' (or 'period')"
        )
        problems.add(Code.bad_value if kinds else Code.missing_field, message, row.at)
        return None
    if keyed.by is None:
        keyed.by = "date" if kinds[0] == "date" else "period"
    elif kinds[0] != keyed.by:
        problems.add(
            Code.bad_value,
            f"this history is by {keyed.by}: every row needs a {keyed.by}",
            row.where(kinds[0]),
        )
        return None
    by = keyed.by
    parse: Callable[[Any], dt.date | int] = (
        (lambda v: _date(v, dayfirst)) if by == "date" else _period
    )
    try:
        return parse(row.values[by])
    except ValueError as error:
        problems.add(Code.bad_date if by == "date" else Code.bad_value, str(error), row.where(by))
        return None


def _keyed(rows: list[_Row], problems: _Problems, dayfirst: bool, items: bool) -> _Keyed:
    """Counts by key: one per row of an item list, the `count` cell otherwise."""
    keyed = _Keyed()
    for row in rows:
        key = _row_key(row, keyed, problems, dayfirst, items)
        if items:
            if key is not None:
                keyed.counts[key] = keyed.counts.get(key, 0) + 1
                keyed.line_of.setdefault(key, row.where(keyed.by or "date"))
            continue
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
        at = row.where(keyed.by or "date")
        if key in keyed.counts:
            problems.add(
                Code.bad_date if keyed.by == "date" else Code.bad_value,
                f"{key} appears twice (first on line {keyed.line_of[key][0]})",
                at,
            )
            continue
        keyed.counts[key] = count
        keyed.line_of[key] = at
    return keyed


def _throughput(
    rows: list[_Row], problems: _Problems, *, items: bool, dayfirst: bool
) -> ThroughputHistory | None:
    """Counts by period, gaps filled with 0; None when problems were found."""
    keyed = _keyed(rows, problems, dayfirst, items)
    if problems.found:
        return None
    if not keyed.counts:
        what = "finished items" if items else "rows"
        problems.add(Code.bad_value, f"the throughput history has no {what}", (1, 1))
        return None
    keys = sorted(keyed.counts, key=lambda k: k.toordinal() if isinstance(k, dt.date) else k)
    if keyed.by == "period":
        numbers = [k for k in keys if isinstance(k, int)]
        step, offsets = 1, [n - numbers[0] for n in numbers]
        period_days: int | None = None
    else:
        days = [k.toordinal() for k in keys if isinstance(k, dt.date)]
        if len(days) < 2 and not items:
            problems.add(
                Code.bad_date,
                "a history by date needs at least two dates, to tell days from weeks",
                keyed.line_of[keys[0]],
            )
            return None
        offsets = [d - days[0] for d in days]
        weekly = not items and all(offset % 7 == 0 for offset in offsets)
        step = period_days = 7 if weekly else 1
    size = offsets[-1] // step + 1
    if size > MAX_HISTORY_PERIODS:
        unit = "periods" if period_days is None else ("weeks" if step == 7 else "days")
        problems.add(
            Code.bad_value,
            f"the history spans {size:,} {unit} from {keys[0]} to {keys[-1]}; "
            f"at most {MAX_HISTORY_PERIODS:,}",
            keyed.line_of[keys[-1]],
        )
        return None
    counts = np.zeros(size, dtype=np.int64)
    recorded = np.zeros(size, dtype=np.bool_)
    for key, offset in zip(keys, offsets, strict=True):
        counts[offset // step] = keyed.counts[key]
        recorded[offset // step] = True
    return ThroughputHistory(
        counts,
        period_days,
        keys[0],
        keys[-1],
        counts.size - len(keys),
        items,
        keyed.skipped,
        recorded=recorded,
    )


def _throughput_text(
    text: str, kind: Kind, file: str | None, options: HistoryOptions, encoding: str
) -> ThroughputHistory:
    problems = _Problems(file)
    what = "throughput history"
    ignored: tuple[str, ...] = ()
    if kind == "csv":
        header, rows = _csv_rows(text, problems, THROUGHPUT_FIELDS, what, options.columns)
        items = header is not None and "count" not in header.fields
        if header is not None:
            ignored = header.ignored
            if not {"date", "period"} & set(header.fields):
                _missing_column(header, "date", options.columns, problems, " (or 'period')")
        problems.raise_any()
    else:
        rows, ignored = _yaml_rows(
            text, problems, THROUGHPUT_FIELDS, "throughput", what, options.columns
        )
        items = bool(rows) and not any("count" in row.value_at for row in rows)
    history = _throughput(rows, problems, items=items, dayfirst=options.dayfirst)
    problems.raise_any()
    assert history is not None
    return ThroughputHistory(
        history.counts,
        history.period_days,
        history.first,
        history.last,
        history.filled,
        history.items,
        history.skipped,
        ignored,
        encoding,
        history.recorded,
    )


def parse_throughput(
    text: str, *, kind: Kind, file: str | None = None, options: HistoryOptions | None = None
) -> ThroughputHistory:
    """Read a throughput history (date or period, count; or one row per item) from text."""
    return _throughput_text(text, kind, file, options or HistoryOptions(), "utf-8")


def load_throughput(path: str | Path, options: HistoryOptions | None = None) -> ThroughputHistory:
    """Read a throughput history from a `.csv`, `.yaml` or `.yml` file."""
    path, options = Path(path), options or HistoryOptions()
    kind = _kind(path)
    text, encoding = _read(path, options.encoding)
    return _throughput_text(text, kind, str(path), options, encoding)
