"""Jira's CSV exports (and any CSV with a column mapping) read into plain exported items.

What is read, column by column, is in `jira_headers` (five languages); dates in
`jira_dates`; the file itself in `csv_table` (as UTF-16 or UTF-32 when it starts with
that byte-order mark). Every value of a repeated column is kept
(`Sprint`, `Labels` and custom fields repeat once per value). Rows with the same key are
merged, sprints and labels united, with a note. A broken row (no key, a date that is no
date, story points that are no number) is a located error `FILE:LINE: code: message`; all
of them are reported at once, and nothing is returned when there is one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.csv_table import Record, Table, read_table
from steerco.formats.jira_dates import numeric_order, numeric_parts, parse_day, parse_with_format
from steerco.formats.jira_headers import CATEGORIES, field_of, folded, item_type
from steerco.model.ranges import MAX_DATE, MIN_DATE

__all__ = ["ColumnMapping", "Export", "ExportedItem", "read_export"]

_DATES = ("created", "updated", "started", "done", "due")
MAX_ERRORS = 50
"""The most row errors reported at once (the rest are counted)."""


@dataclass(frozen=True)
class ColumnMapping:
    """How a generic CSV maps to fields: `field -> headers`, a date format, value maps."""

    columns: Mapping[str, tuple[str, ...]]
    date_format: str | None = None
    dayfirst: bool | None = None
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportedItem:
    """One issue of the export, its values read but not yet placed in a project."""

    key: str
    title: str = ""
    type: str = "story"
    status: str | None = None
    status_category: str | None = None
    assignee: str | None = None
    parent: str | None = None
    sprints: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    points: float | None = None
    created: dt.date | None = None
    updated: dt.date | None = None
    started: dt.date | None = None
    done: dt.date | None = None
    due: dt.date | None = None
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Export:
    """The items of an export in file order (one per key) and the notes about reading them."""

    file: str
    items: tuple[ExportedItem, ...]
    rows: int
    notes: tuple[str, ...] = ()


@dataclass
class _Row:
    """The values of one record by field, every non-empty cell of every column kept."""

    record: Record
    values: dict[str, list[tuple[str, str]]]  # field -> [(header, value)]

    def first(self, name: str) -> str | None:
        found = self.values.get(name)
        return found[0][1] if found else None

    def all(self, name: str) -> list[str]:
        return [value for _, value in self.values.get(name, [])]


def _columns(table: Table, mapping: ColumnMapping | None) -> dict[int, str]:
    """The field of each column index (columns not read are left out)."""
    if mapping is None:
        found = {i: field_of(h) for i, h in enumerate(table.header)}
        return {i: f for i, f in found.items() if f is not None}
    wanted = {folded(h): name for name, headers in mapping.columns.items() for h in headers}
    return {i: wanted[folded(h)] for i, h in enumerate(table.header) if folded(h) in wanted}


def _missing_columns(table: Table, mapping: ColumnMapping) -> list[Diagnostic]:
    """A mapping's headers that the file does not have."""
    present = {folded(h) for h in table.header}
    return [
        Diagnostic(
            Code.missing_field,
            f"the mapping reads {name} from column {header!r}, which the file does not have "
            f"(its columns: {', '.join(h for h in table.header if h)})",
            (),
            table.file,
            1,
        )
        for name, headers in mapping.columns.items()
        for header in headers
        if folded(header) not in present
    ]


def _ignored_note(table: Table, columns: dict[int, str]) -> list[str]:
    counts = Counter(h for i, h in enumerate(table.header) if i not in columns and h)
    if not counts:
        return []
    shown = ", ".join(f"{h} (x{n})" if n > 1 else h for h, n in sorted(counts.items()))
    return [f"{table.file}: columns not imported: {shown}"]


def _rows(table: Table, columns: dict[int, str], errors: list[Diagnostic]) -> list[_Row]:
    """The records by field; a row with more cells than the header, or fewer, is an error.

    A row that ends before the header's last named column is a file cut off or a cell left
    out: nothing says which column its cells belong to. Blank rows were skipped already.
    """
    named = max((i + 1 for i, h in enumerate(table.header) if h), default=0)
    rows = []
    for record in table.records:
        extra = [c for c in record.cells[len(table.header) :] if c.strip()]
        if extra or len(record.cells) < named:
            why = (
                "a delimiter inside a cell needs quotes around the cell"
                if extra
                else "the row ends early (a file cut off, or a cell left out): write every "
                "column's cell, an empty one as nothing between two delimiters"
            )
            header = len(table.header) if extra else named
            message = f"this row has {len(record.cells)} cells, the header {header}: {why}"
            errors.append(Diagnostic(Code.csv_syntax, message, (), table.file, record.line))
            continue
        values: dict[str, list[tuple[str, str]]] = {}
        for i, name in columns.items():
            if i < len(record.cells) and record.cells[i].strip():
                values.setdefault(name, []).append((table.header[i], record.cells[i].strip()))
        rows.append(_Row(record, values))
    return rows


def _number(text: str) -> float | None:
    """Story points as written: `8`, `8.0`, `8,5`; None when it is no number of 0 or more."""
    value = text.replace(",", ".") if "." not in text else text.replace(",", "")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and 0 <= number <= 1e9 else None


class _Reader:
    """Turns rows into items; every problem is appended to `errors`, located at its line."""

    def __init__(
        self, file: str, mapping: ColumnMapping | None, dayfirst: bool, errors: list[Diagnostic]
    ) -> None:
        self.file = file
        self.mapping = mapping
        self.dayfirst = dayfirst
        self.errors = errors
        self.unknown_types: Counter[str] = Counter()

    def error(self, code: Code, message: str, line: int) -> None:
        self.errors.append(Diagnostic(code, message, (), self.file, line))

    def day(self, row: _Row, name: str) -> dt.date | None:
        found = row.values.get(name)
        if not found:
            return None
        header, text = found[0]
        fmt = self.mapping.date_format if self.mapping else None
        day = parse_with_format(text, fmt) if fmt else parse_day(text, dayfirst=self.dayfirst)
        if day is not None and not MIN_DATE <= day <= MAX_DATE:
            message = (
                f"{header} {text!r} is out of range: write a date from {MIN_DATE} to {MAX_DATE}"
            )
            self.error(Code.bad_date, message, row.record.line)
            return None
        if day is None:
            like = (
                f"in the format {fmt!r}" if fmt else "like 19/mar/26 6:57 PM, 4/7/25 or 2026-03-19"
            )
            self.error(Code.bad_date, f"{header} {text!r} is not a date {like}", row.record.line)
        return day

    def kind(self, row: _Row) -> str:
        text = row.first("type")
        if text is None:
            return "story"
        mapped = (self.mapping.values.get("type", {}) if self.mapping else {}).get(text)
        found = mapped or item_type(text)
        if found is None:
            self.unknown_types[text] += 1
            return "task"
        return found

    def points(self, row: _Row) -> float | None:
        found = row.values.get("points")
        if not found:
            return None
        header, text = found[0]
        number = _number(text)
        if number is None:
            self.error(
                Code.bad_value,
                f"{header} {text!r} is not a number of story points (write 8, 8.0 or leave "
                "it empty)",
                row.record.line,
            )
        return number

    def status(self, row: _Row) -> str | None:
        text = row.first("status")
        if text is None or self.mapping is None:
            return text
        return self.mapping.values.get("status", {}).get(text, text)

    def item(self, row: _Row) -> ExportedItem | None:
        key = row.first("key")
        if key is None:
            self.error(Code.missing_field, "this row has no issue key", row.record.line)
            return None
        category = row.first("status_category")
        labels = [word for text in row.all("labels") for word in text.split()]
        dates = {name: self.day(row, name) for name in _DATES}
        return ExportedItem(
            key=key,
            title=row.first("title") or "",
            type=self.kind(row),
            status=self.status(row),
            status_category=CATEGORIES.get(folded(category)) if category else None,
            assignee=row.first("assignee"),
            parent=self.parent(row),
            sprints=tuple(dict.fromkeys(row.all("sprint"))),
            labels=tuple(dict.fromkeys(labels)),
            points=self.points(row),
            lines=(row.record.line,),
            **dates,
        )

    def parent(self, row: _Row) -> str | None:
        """The first parent reference written: `Parent`, `Parent id`, then the epic link."""
        for name in ("parent", "parent_id", "epic_link"):
            text = row.first(name)
            if text is not None:
                return text
        return None


def _merge(first: ExportedItem, other: ExportedItem) -> tuple[ExportedItem, list[str]]:
    """Two rows of one key as one item: lists united, else the first value written kept."""
    changes: dict[str, object] = {
        "sprints": tuple(dict.fromkeys(first.sprints + other.sprints)),
        "labels": tuple(dict.fromkeys(first.labels + other.labels)),
        "lines": first.lines + other.lines,
    }
    differing = []
    for name in ("title", "type", "status", "assignee", "parent", "points", *_DATES):
        mine, theirs = getattr(first, name), getattr(other, name)
        if mine in (None, "") and theirs not in (None, ""):
            changes[name] = theirs
        elif theirs not in (None, "") and theirs != mine:
            differing.append(name)
    return replace(first, **changes), differing  # type: ignore[arg-type]


def _merged(items: list[ExportedItem], file: str) -> tuple[list[ExportedItem], list[str]]:
    by_key: dict[str, ExportedItem] = {}
    differ: dict[str, list[str]] = {}
    for item in items:
        if item.key in by_key:
            by_key[item.key], fields = _merge(by_key[item.key], item)
            differ.setdefault(item.key, []).extend(fields)
        else:
            by_key[item.key] = item
    notes = []
    for key, item in by_key.items():
        if len(item.lines) > 1:
            lines = ", ".join(map(str, item.lines))
            kept = sorted(set(differ.get(key, [])))
            extra = f"; differing {', '.join(kept)}: the first line's kept" if kept else ""
            notes.append(
                f"{file}: {key} is on lines {lines}: merged into one item (sprints and labels "
                f"united){extra}"
            )
    return list(by_key.values()), notes


_KEY = re.compile(r"[^\s,]+")


def _resolve_parents(
    items: list[ExportedItem], ids: dict[str, str], file: str
) -> tuple[list[ExportedItem], list[str]]:
    """Parents written as issue ids become keys; a number no row has is left out, with a note."""
    keys = {item.key for item in items}
    out, lost = [], []
    for item in items:
        parent = item.parent
        if parent is not None and parent not in keys:
            if parent in ids:
                parent = ids[parent]
            elif parent.isdigit() or not _KEY.fullmatch(parent):
                lost.append(f"{item.key} ({parent})")
                parent = None
        out.append(replace(item, parent=parent))
    notes = (
        [f"{file}: parents that are issue ids of no row, left out: {', '.join(lost)}"]
        if lost
        else []
    )
    return out, notes


def _issue_ids(rows: Sequence[_Row]) -> dict[str, str]:
    return {
        issue_id: key
        for row in rows
        if (issue_id := row.first("issue_id")) and (key := row.first("key"))
    }


def _dates_in(rows: Sequence[_Row]) -> list[str]:
    return [value for row in rows for name in _DATES for value in row.all(name)[:1]]


def read_export(
    path: Path,
    *,
    encoding: str | None = None,
    dayfirst: bool | None = None,
    mapping: ColumnMapping | None = None,
) -> Export:
    """The items of a Jira CSV export (or of any CSV, through `mapping`) at `path`.

    Raises ProjectError with every broken row located at its line; nothing is read then.
    """
    table = read_table(path, encoding=encoding)
    columns = _columns(table, mapping)
    errors: list[Diagnostic] = _missing_columns(table, mapping) if mapping else []
    if "key" not in columns.values() and not errors:
        message = (
            "no column holds the issue key: the file needs one named Issue key (Clave de "
            "incidencia, Schlüssel, Clé de ticket, Chave da item)"
            + (
                " or a mapping of `key`"
                if mapping
                else "; for another tool, use `steerco import csv` with a mapping file"
            )
        )
        errors.append(Diagnostic(Code.missing_field, message, (), table.file, 1))
    if errors:
        raise ProjectError(errors)
    notes = [*table.notes, *_ignored_note(table, columns)]
    rows = _rows(table, columns, errors)
    wanted = dayfirst if dayfirst is not None else (mapping.dayfirst if mapping else None)
    first, guessed = numeric_order(_dates_in(rows), wanted)
    if guessed and mapping is None and any(numeric_parts(v) for v in _dates_in(rows)):
        notes.append(
            f"{table.file}: no date tells whether the day or the month comes first: read as "
            "month/day/year (Jira's English format); pass --dayfirst if that is wrong"
        )
    reader = _Reader(table.file, mapping, first, errors)
    items = [item for row in rows if (item := reader.item(row)) is not None]
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(
                Diagnostic(
                    Code.bad_value,
                    f"and {len(errors) - MAX_ERRORS} more broken rows; nothing was imported",
                    (),
                    table.file,
                )
            )
        raise ProjectError(shown)
    if reader.unknown_types:
        shown_types = ", ".join(f"{t} ({n})" for t, n in sorted(reader.unknown_types.items()))
        notes.append(
            f"{table.file}: issue types steerco does not know, imported as tasks: {shown_types}"
        )
    merged, merge_notes = _merged(items, table.file)
    resolved, parent_notes = _resolve_parents(merged, _issue_ids(rows), table.file)
    return Export(table.file, tuple(resolved), len(rows), tuple(notes + merge_notes + parent_notes))
