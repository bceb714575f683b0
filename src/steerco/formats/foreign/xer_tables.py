"""The tables of a Primavera P6 XER file: its encoding, and `%T`/`%F`/`%R`/`%E` lines.

An XER file is tab-separated text: an `ERMHDR` line, then per table a `%T NAME` line, a
`%F` line naming the fields and one `%R` line per row, and `%E` at the very end. P6
writes it in the Windows code page of the machine that exported it (cp1252 in Western
Europe and the Americas, windows-1251 for Cyrillic) or in UTF-8; the header does not say
which, so `decode_xer` decides: UTF-8 when the bytes are valid UTF-8 (a byte-order mark
or not), else windows-1251 when the letters above ASCII run in whole words (Cyrillic),
else cp1252.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from steerco.formats.foreign.errors import content_error, syntax_error
from steerco.model.ranges import MAX_DATE, MIN_DATE

__all__ = ["XerFile", "XerRow", "XerTable", "decode_xer", "parse_date", "parse_xer"]

_DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
_HIGH_WORD = re.compile(rb"[\xc0-\xff\xa8\xb8]{3,}")


@dataclass(frozen=True)
class XerRow:
    """One `%R` line: its values by field name and the line it stands on."""

    values: dict[str, str]
    line: int

    def get(self, name: str) -> str:
        """The value of field `name`, stripped; empty when the table lacks the field."""
        return self.values.get(name, "").strip()


@dataclass
class XerTable:
    """A `%T` table: its fields, rows and the line of its `%T`."""

    name: str
    line: int
    fields: tuple[str, ...] = ()
    rows: list[XerRow] = field(default_factory=list)


@dataclass(frozen=True)
class XerFile:
    """A whole XER file: the header's fields, the tables by name, the encoding read."""

    header: tuple[str, ...]
    tables: dict[str, XerTable]
    encoding: str

    def rows(self, name: str) -> list[XerRow]:
        """The rows of table `name` (none when the file lacks it)."""
        table = self.tables.get(name)
        return table.rows if table is not None else []


def _cyrillic(raw: bytes) -> bool:
    """Whether the bytes above ASCII read as windows-1251 words rather than cp1252 accents.

    Cyrillic text is written in letters 0xC0..0xFF (and 0xA8/0xB8, Ё/ё) one after the
    other; accented Latin letters of cp1252 stand one at a time among ASCII letters. When
    most of the high letters stand in runs of three or more, the text is Cyrillic.
    """
    high = sum(1 for byte in raw if byte >= 0xC0 or byte in (0xA8, 0xB8))
    if high == 0:
        return False
    in_words = sum(len(match) for match in _HIGH_WORD.findall(raw))
    return in_words * 2 > high


def decode_xer(raw: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read in: utf-8, windows-1251 or cp1252."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, "utf-8"
    if _cyrillic(raw):
        return raw.decode("cp1251", "replace"), "windows-1251"
    return raw.decode("cp1252", "replace"), "cp1252"


def parse_xer(raw: bytes, file: str) -> XerFile:
    """The tables of an XER file; `foreign_syntax` at the line where it is not well formed."""
    text, encoding = decode_xer(raw)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not lines[0].startswith("ERMHDR"):
        raise syntax_error(
            file, "not an XER file: its first line is not the ERMHDR header P6 writes", 1
        )
    header = tuple(lines[0].split("\t")[1:])
    tables: dict[str, XerTable] = {}
    table: XerTable | None = None
    ended = False
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        if ended:
            raise syntax_error(file, "a line after %E, the end of the XER file", number)
        kind, _, rest = line.partition("\t")
        if kind == "%T":
            name = rest.strip()
            if not name:
                raise syntax_error(file, "a %T line without a table name", number)
            table = XerTable(name, number)
            tables[name] = table
        elif kind == "%F":
            if table is None:
                raise syntax_error(file, "a %F line before any %T table line", number)
            table.fields = tuple(name.strip() for name in rest.split("\t"))
        elif kind == "%R":
            if table is None or not table.fields:
                where = f"table {table.name}" if table is not None else "the file"
                raise syntax_error(
                    file, f"a %R row in {where} before its %F line of field names", number
                )
            values = rest.split("\t")
            if len(values) > len(table.fields):
                raise syntax_error(
                    file,
                    f"a %R row of {table.name} with {len(values)} values; its %F line "
                    f"names {len(table.fields)} fields",
                    number,
                )
            values += [""] * (len(table.fields) - len(values))
            table.rows.append(XerRow(dict(zip(table.fields, values, strict=True)), number))
        elif kind.strip() == "%E":
            ended = True
        else:
            raise syntax_error(
                file, f"a line starting {kind[:12]!r}; XER lines start %T, %F, %R or %E", number
            )
    if not ended:
        last = len(lines) if lines[-1].strip() else max(len(lines) - 1, 1)
        raise syntax_error(
            file, "the file ends without %E: it is truncated; export it again from P6", last
        )
    return XerFile(header, tables, encoding)


def parse_date(row: XerRow, name: str, file: str) -> dt.datetime | None:
    """The date and time in field `name` of `row` (None when empty); located if unreadable."""
    value = row.get(name)
    if not value:
        return None
    for form in _DATE_FORMATS:
        try:
            moment = dt.datetime.strptime(value, form)
        except ValueError:
            continue
        if not MIN_DATE <= moment.date() <= MAX_DATE:
            message = f"{name} is {value!r}; steerco plans dates from {MIN_DATE} to {MAX_DATE}"
            raise content_error(file, message, row.line)
        return moment
    raise content_error(
        file, f"{name} is {value!r}, not a date; P6 writes dates as 2024-01-08 08:00", row.line
    )
