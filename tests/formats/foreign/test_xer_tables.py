"""The XER table reader: encodings decided from the bytes, tables, rows and their lines."""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.formats.foreign.xer_tables import decode_xer, parse_date, parse_xer


def test_utf8_with_or_without_a_byte_order_mark_reads_as_utf8() -> None:
    text = "Проект Café €"
    assert decode_xer(text.encode("utf-8")) == (text, "utf-8")
    assert decode_xer(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8")


def test_cyrillic_words_read_as_windows_1251() -> None:
    text = "Проект Бета: Испытания и приёмка"
    assert decode_xer(text.encode("cp1251")) == (text, "windows-1251")


def test_accented_latin_letters_and_the_euro_read_as_cp1252() -> None:
    for text in ("Café rollout €", "Ingénieur Dupré", "Größe der Maßnahme", "Zoë"):
        assert decode_xer(text.encode("cp1252")) == (text, "cp1252")


def test_tables_rows_fields_and_lines() -> None:
    raw = (
        b"ERMHDR\t19.12\t2024-01-05\tProject\r\n"
        b"%T\tPROJECT\r\n%F\tproj_id\tproj_short_name\r\n%R\t1\tDEMO\r\n%R\t2\r\n"
        b"%T\tTASK\r\n%F\ttask_id\r\n%E\r\n"
    )
    xer = parse_xer(raw, "f.xer")
    assert xer.header == ("19.12", "2024-01-05", "Project")
    assert list(xer.tables) == ["PROJECT", "TASK"]
    first, second = xer.rows("PROJECT")
    assert (first.values, first.line) == ({"proj_id": "1", "proj_short_name": "DEMO"}, 4)
    assert (second.get("proj_short_name"), second.line) == ("", 5)  # a short row: empty values
    assert xer.rows("TASK") == [] and xer.rows("RSRC") == []


def test_a_line_after_the_end_is_a_syntax_error() -> None:
    raw = b"ERMHDR\t19.12\r\n%T\tTASK\r\n%F\ttask_id\r\n%E\r\n%R\t1\r\n"
    with pytest.raises(ProjectError) as caught:
        parse_xer(raw, "f.xer")
    assert (caught.value.diagnostics[0].code, caught.value.diagnostics[0].line) == (
        Code.foreign_syntax,
        5,
    )


def test_an_unknown_line_kind_is_a_syntax_error_at_its_line() -> None:
    raw = b"ERMHDR\t19.12\r\n%T\tTASK\r\n%X\tfoo\r\n%E\r\n"
    with pytest.raises(ProjectError) as caught:
        parse_xer(raw, "f.xer")
    assert caught.value.diagnostics[0].line == 3


def test_dates_with_and_without_time() -> None:
    xer = parse_xer(
        b"ERMHDR\r\n%T\tT\r\n%F\ta\tb\tc\r\n%R\t2024-01-08 08:00\t2024-01-09\t\r\n%E\r\n", "f.xer"
    )
    row = xer.rows("T")[0]
    assert parse_date(row, "a", "f.xer") == dt.datetime(2024, 1, 8, 8, 0)
    assert parse_date(row, "b", "f.xer") == dt.datetime(2024, 1, 9)
    assert parse_date(row, "c", "f.xer") is None
