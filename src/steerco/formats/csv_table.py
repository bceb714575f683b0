"""A CSV file as spreadsheets and issue trackers write it: its header and records, by line.

The bytes are decoded as UTF-8 (a byte-order mark dropped), else as Windows-1252 with a
note (what Excel on Windows saves), unless an encoding is given. The delimiter is the one
of comma, tab and semicolon that the header line uses most (outside quotes), whatever the
file's name says. Quoted cells may hold delimiters and line breaks; each record carries the
physical lines it spans, so a problem is reported at the line a person sees.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.formats.files import MAX_FILE_BYTES, marked_encoding, text_codec

__all__ = ["Record", "Table", "decode", "read_table", "sniff_delimiter"]

_DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon"}


@dataclass(frozen=True)
class Record:
    """One row of the file: its cells and the physical lines it spans (1-based, inclusive)."""

    line: int
    last_line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A CSV file read: its header, its records and what the reading had to assume."""

    file: str
    header: tuple[str, ...]
    records: tuple[Record, ...]
    delimiter: str
    encoding: str
    notes: tuple[str, ...] = ()


def _error(file: str, code: Code, message: str, line: int | None = None) -> ProjectError:
    return ProjectError([Diagnostic(code, message, (), file, line)])


def decode(raw: bytes, file: str, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """The text of `raw`, the encoding it was read in and a note when that was a guess."""
    if encoding is not None:
        if text_codec(encoding) is None:
            raise _error(
                file,
                Code.bad_value,
                f"--encoding {encoding!r} is no text encoding "
                "Python knows; try utf-8, cp1252 or latin-1",
            ) from None
        try:
            return raw.decode(encoding), encoding, []
        except UnicodeDecodeError as error:
            message = f"not {encoding} text (byte {error.start}: {error.reason})"
            raise _error(file, Code.unreadable_file, message) from None
    marked = marked_encoding(raw)
    if marked is not None:
        try:
            return raw.decode(marked), marked, []
        except UnicodeDecodeError as error:
            message = f"not {marked} text, though it starts like it (byte {error.start})"
            raise _error(file, Code.unreadable_file, message) from None
    try:
        return raw.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as error:
        message = (
            f"neither UTF-8 nor Windows-1252 text (byte {error.start}); export the file as "
            "UTF-8, or name its encoding with --encoding"
        )
        raise _error(file, Code.unreadable_file, message) from None
    note = (
        f"{file}: not UTF-8: read as Windows-1252 (cp1252), what Excel saves on Windows; "
        "name the encoding with --encoding if accents look wrong"
    )
    return text, "cp1252", [note]


def sniff_delimiter(text: str) -> str:
    """The delimiter the header line uses most, outside quotes: comma, tab or semicolon."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _records(text: str, delimiter: str, file: str) -> list[Record]:
    """Every non-blank record with its lines; a CSV error located at its line."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    out: list[Record] = []
    first = 1
    try:
        for cells in reader:
            last = reader.line_num
            if any(cell.strip() for cell in cells):
                out.append(Record(first, last, tuple(cells)))
            first = last + 1
    except csv.Error as error:
        raise _error(file, Code.csv_syntax, f"{error}; check the quotes", first) from None
    if out and _unclosed(lines[out[-1].line - 1 : out[-1].last_line], delimiter):
        message = "a quote opened here is never closed: the rest of the file is one cell"
        raise _error(file, Code.csv_syntax, message, out[-1].line)
    return out


def _unclosed(lines: list[str], delimiter: str) -> bool:
    """Whether these lines (the last record) end inside a quoted cell."""
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def read_table(path: Path, *, encoding: str | None = None) -> Table:
    """The header and records of the CSV file at `path` (see the module's docstring)."""
    file = str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _error(file, Code.file_not_found, "no such file") from None
    except OSError as error:
        raise _error(file, Code.unreadable_file, error.strerror or str(error)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _error(
            file,
            Code.file_too_large,
            "the file is larger than 64 MiB, the most steerco reads; export fewer issues at a time",
        )
    text, used, notes = decode(raw, file, encoding)
    delimiter = sniff_delimiter(text)
    if delimiter != "," and path.suffix.casefold() == ".csv":
        notes.append(f"{file}: separated by {_DELIMITERS[delimiter]}s, not commas: read so")
    records = _records(text, delimiter, file)
    if not records:
        raise _error(
            file,
            Code.missing_field,
            "the file is empty: export the issues with their header line",
            1,
        )
    header, *rows = records
    return Table(
        file, tuple(c.strip() for c in header.cells), tuple(rows), delimiter, used, tuple(notes)
    )
