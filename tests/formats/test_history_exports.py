"""History files as people export them: encodings, extra and mapped columns, NA cells,
one row per finished item, day-first dates and date-times (issue 22, point 4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.errors import ProjectError
from steerco.forecast.calibration import HistoryRecord
from steerco.formats.history import (
    HistoryOptions,
    HistoryRead,
    check_encoding,
    load_throughput,
    parse_columns,
    parse_history,
    parse_throughput,
    read_history,
)


def test_a_cp1252_file_is_detected_and_read(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    # "Café" and an en dash as Windows-1252 writes them: bytes 0xE9 and 0x96, not UTF-8
    path.write_bytes("task,estimate,actual\nCafé – menu,2,3\n".encode("cp1252"))
    read = read_history(path)
    assert read.encoding == "cp1252"
    assert read.records == [HistoryRecord("Café – menu", None, None, 2.0, 3.0)]


def test_utf8_with_a_byte_order_mark_and_utf16(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes("task,estimate,actual\nNaïve,1,2\n".encode("utf-8-sig"))
    assert (read_history(path).encoding, read_history(path).records[0].task) == ("utf-8", "Naïve")
    path.write_bytes("task,estimate,actual\nNaïve,1,2\n".encode("utf-16"))  # with its mark
    assert (read_history(path).encoding, read_history(path).records[0].task) == ("utf-16", "Naïve")


def test_a_named_encoding_that_does_not_fit_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(b"task,estimate,actual\nab\xe9,1,2\n")
    with pytest.raises(ProjectError) as caught:
        read_history(path, HistoryOptions(encoding="utf-8"))
    [error] = caught.value.diagnostics
    # byte 0xE9 is the 3rd byte of line 2
    assert (error.code, error.file) == ("unreadable_file", str(path))
    assert (error.line, error.column) == (2, 3)
    assert "0xe9" in error.message and "--encoding cp1252" in error.message
    assert read_history(path, HistoryOptions(encoding="cp1252")).records[0].task == "abé"


def test_extra_columns_are_ignored_and_listed(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("id,task,sprint,estimate,actual,notes\n7,a,S1,2,3,late\n", encoding="utf-8")
    read = read_history(path)
    assert read.records == [HistoryRecord("a", None, None, 2.0, 3.0)]
    assert read.ignored == ("id", "sprint", "notes")


def test_columns_mapped_onto_fields() -> None:
    text = "Key,HoursEstimate,HoursActual,estimate,Assignee\nT-1,4h,6h,99,dev2\n"
    mapping = parse_columns(
        "task=Key, estimate=HoursEstimate,actual=hoursactual,estimated_by=Assignee",
        ("task", "estimated_by", "category", "estimate", "actual"),
    )
    records = parse_history(text, kind="csv", options=HistoryOptions(columns=mapping))
    # 4h = 0.5 days, 6h = 0.75 days; the `estimate` column is not read: estimate is mapped
    assert records == [HistoryRecord("T-1", "dev2", None, 0.5, 0.75)]
    yaml = "- {Key: T-1, HoursEstimate: 2, HoursActual: 3}\n"
    options = HistoryOptions(columns={"estimate": "HoursEstimate", "actual": "HoursActual"})
    assert parse_history(yaml, kind="yaml", options=options)[0].ratio == 1.5


def test_a_mapping_to_a_column_the_file_lacks_is_missing() -> None:
    options = HistoryOptions(columns={"estimate": "Est"})
    with pytest.raises(ProjectError) as caught:
        parse_history("task,estimate,actual\na,1,2\n", kind="csv", options=options)
    [error] = caught.value.diagnostics
    assert error.code == "missing_field"
    assert "no column 'Est' (mapped to 'estimate')" in error.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("estimate", "write FIELD=COLUMN pairs"),
        ("estimat=X", "did you mean 'estimate'?"),
        ("estimate=X,estimate=Y", "mapped twice"),
    ],
)
def test_bad_column_mappings(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_columns(text, ("task", "estimate", "actual"))


def test_na_and_empty_cells_and_zeros_are_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    rows = [
        "task,estimate,actual",
        "a,2,3",  # kept
        "b,NA,NA",  # no value
        "c,2,",  # no value
        "d,n/a,4",  # no value
        "e,2,0",  # zero actual
        "f,0,3",  # zero estimate
        ",4,2",  # no task name: named by its line
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    read = read_history(path)
    assert [r.task for r in read.records] == ["a", "line 8"]
    assert (read.no_value, read.zero) == (3, 2)


def test_a_history_of_only_skipped_rows_says_so() -> None:
    with pytest.raises(ProjectError) as caught:
        parse_history("task,estimate,actual\na,NA,1\nb,1,0\n", kind="csv")
    assert "no records (2 rows skipped" in caught.value.diagnostics[0].message


def test_one_row_per_finished_item_is_aggregated_into_days() -> None:
    text = (
        "id,created,finished\n"
        "1,2027-01-01,2027-01-04\n"
        "2,2027-01-02,2027-01-04\n"
        "3,2027-01-02,\n"  # not finished yet: skipped
        "4,2027-01-03,2027-01-07\n"
        "5,2027-01-03,2027-01-06\n"
        "6,2027-01-03,2027-01-04\n"
    )
    options = HistoryOptions(columns={"date": "finished"})
    history = parse_throughput(text, kind="csv", options=options)
    # 3 items on the 4th, none on the 5th, 1 on the 6th, 1 on the 7th
    assert history.counts.tolist() == [3, 0, 1, 1]
    assert (history.period_days, history.first, history.last) == (
        1,
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 7),
    )
    assert (history.items, history.skipped, history.filled) == (True, 1, 1)
    assert history.ignored == ("id", "created")


def test_one_item_listed_in_yaml_and_items_on_one_day_stay_daily() -> None:
    history = parse_throughput("- {date: 2027-01-04}\n- {date: 2027-01-04}\n", kind="yaml")
    assert (history.counts.tolist(), history.period_days) == ([2], 1)
    # items a week apart stay a daily history (only counts per period can be weekly)
    history = parse_throughput("date\n2027-01-04\n2027-01-11\n", kind="csv")
    assert (history.counts.size, history.period_days) == (8, 1)


def test_dayfirst_dates() -> None:
    text = "date,count\n20/01/2010,1\n21/01/2010,2\n"
    history = parse_throughput(text, kind="csv", options=HistoryOptions(dayfirst=True))
    assert (history.first, history.counts.tolist()) == (dt.date(2010, 1, 20), [1, 2])
    # without --dayfirst, slashed dates are month first: 20 is no month
    with pytest.raises(ProjectError) as caught:
        parse_throughput(text, kind="csv")
    [first, _] = caught.value.diagnostics
    assert (first.code, first.line, first.column) == ("bad_date", 2, 1)
    assert "give --dayfirst" in first.message
    month_first = parse_throughput("date,count\n01/20/2010,1\n01/21/2010,2\n", kind="csv")
    assert month_first.first == dt.date(2010, 1, 20)


def test_iso_date_times_count_on_their_day() -> None:
    text = (
        "date\n"
        "2027-01-04T09:15:00\n"
        "2027-01-04 17:45\n"
        "2027-01-05T23:59:59+01:00\n"
        "2027-01-06T08:00:00Z\n"
    )
    history = parse_throughput(text, kind="csv")
    assert history.counts.tolist() == [2, 1, 1]
    yaml = "- {date: 2027-01-04 10:00:00, count: 2}\n- {date: 2027-01-05, count: 1}\n"
    assert parse_throughput(yaml, kind="yaml").counts.tolist() == [2, 1]


def test_throughput_file_detects_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("Fertig am,Bemerkung\n2027-01-04,Größe\n2027-01-05,\n".encode("cp1252"))
    history = load_throughput(path, HistoryOptions(columns={"date": "Fertig am"}))
    assert (history.counts.tolist(), history.encoding) == ([1, 1], "cp1252")


def test_story_points_as_the_estimate_unit(tmp_path: Path) -> None:
    def _read_text(text: str, options: HistoryOptions | None = None) -> HistoryRead:
        path = tmp_path / "h.csv"
        path.write_text(text, encoding="utf-8")
        return read_history(path, options)

    text = "task,estimate,actual\na,2pt,1\nb,3 points,3\nc,5SP,4h\n"
    read = _read_text(text)
    # days per point: 1/2, 3/3, 0.5/5
    assert [r.ratio for r in read.records] == [0.5, 1.0, 0.1]
    assert read.estimate_unit == "points"
    # --estimate-unit points reads bare numbers as points; actuals stay working time
    bare = _read_text("task,estimate,actual\na,2,1w\n", HistoryOptions(estimate_unit="points"))
    assert (bare.records[0].estimate, bare.records[0].actual, bare.estimate_unit) == (
        2.0,
        5.0,
        "points",
    )
    assert _read_text("task,estimate,actual\na,2,1\n").estimate_unit == "time"


def test_points_and_time_are_not_mixed_in_one_history() -> None:
    with pytest.raises(ProjectError) as caught:
        parse_history("task,estimate,actual\na,2pt,1\nb,3,3\n", kind="csv", file="h")
    [error] = caught.value.diagnostics
    assert (error.code, error.line, error.column) == ("bad_duration", 3, 3)
    assert "working time, the one on line 2 story points" in error.message


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"),
    [
        # dates a project may not hold: the calendar's end, before 1900
        (
            "date,count\n9999-12-30,1\n2027-01-05,2\n",
            "bad_date",
            2,
            1,
            "9999-12-30 is out of range",
        ),
        (
            "date,count\n1850-01-01,1\n2027-01-05,2\n",
            "bad_date",
            2,
            1,
            "1850-01-01 is out of range",
        ),
        ("period,count\n1,1\n999999999999,2\n", "bad_value", 3, 1, "period 999999999999"),
        (
            "date,count\n2027-01-04,99999999999999999999\n",
            "bad_value",
            2,
            12,
            "more than 1,000,000,000",
        ),
        # two rows 300 years apart: a daily history of 109,573 days, past the longest
        ("date,count\n1900-01-01,1\n2199-12-31,2\n", "bad_value", 3, 1, "spans 109,573 days"),
        ("period,count\n0,1\n36500,2\n", "bad_value", 3, 1, "spans 36,501 periods"),
    ],
)
def test_throughput_histories_out_of_range_are_located_errors(
    text: str, code: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(ProjectError) as caught:
        parse_throughput(text, kind="csv", file="t.csv")
    [error] = caught.value.diagnostics
    assert (error.code, error.file, error.line, error.column) == (code, "t.csv", line, column)
    assert words in error.message


def test_the_longest_throughput_history_is_read() -> None:
    history = parse_throughput("period,count\n0,1\n36499,2\n", kind="csv")
    assert history.counts.size == 36_500 and history.counts.sum() == 3


@pytest.mark.parametrize("name", ["hex", "rot13", "uu", "klingon"])
def test_a_codec_that_reads_no_text_is_refused_by_name(name: str) -> None:
    with pytest.raises(ValueError, match=f"no text encoding is called '{name}'"):
        check_encoding(name)
    assert check_encoding("latin1") == "iso8859-1"  # a text codec: its canonical name


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ('task,estimate,actual\n"a,5,7\nb,3,4\n', parse_history),
        ('task,estimate,actual\nz,1,1\nq,2,2\n"a,5,7\nb,3,4\n', parse_history),
        ('date,count\n2027-01-04,1\n"2027-01-05,2\n2027-01-06,3\n', parse_throughput),
    ],
)
def test_a_quote_never_closed_is_reported_where_it_opens(text: str, read: object) -> None:
    opened = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith('"'))
    with pytest.raises(ProjectError) as caught:
        read(text, kind="csv", file="h.csv")  # type: ignore[operator]
    [error] = caught.value.diagnostics
    assert (error.code, error.line, error.column) == ("bad_value", opened, 1)
    assert f"a quote opened on line {opened} is never closed" in error.message


def test_quoted_cells_that_close_are_read_as_before() -> None:
    text = 'task,estimate,actual\n"a, with a comma",5,7\n"two\nlines",3,4\n'
    records = parse_history(text, kind="csv")
    assert [r.task for r in records] == ["a, with a comma", "two\nlines"]


def test_utf16_keeps_its_characters_and_line_numbers(tmp_path: Path) -> None:
    # "č" is U+010D: in UTF-16-LE its bytes are 0D 01, and a 0x0D byte is no carriage return
    path = tmp_path / "h.csv"
    text = "task,estimated_by,estimate,actual\r\nA,Petr Kočí,2,3\r\nB,b,2,oops\r\n"
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(ProjectError) as caught:
        read_history(path)
    [error] = caught.value.diagnostics
    assert (error.line, error.column) == (3, 7)  # the third line, not the fifth
    path.write_bytes(text.replace("B,b,2,oops\r\n", "").encode("utf-16"))
    assert read_history(path).records[0].estimated_by == "Petr Kočí"


def test_dotted_dates_are_day_first_and_may_carry_a_time() -> None:
    history = parse_throughput("date,count\n05.01.2027,1\n06.01.2027 17:30,2\n", kind="csv")
    assert (history.first, history.last) == (dt.date(2027, 1, 5), dt.date(2027, 1, 6))
    timed = parse_throughput("date,count\n01/04/2027 5:30 PM,1\n01/05/2027T09:00,2\n", kind="csv")
    assert (timed.first, timed.counts.tolist()) == (dt.date(2027, 1, 4), [1, 2])


@pytest.mark.parametrize("cell", ["01/04/2027 not a time", "01/04/2027x", "04.01.2027 noon"])
def test_anything_but_a_time_after_a_date_is_bad_date(cell: str) -> None:
    with pytest.raises(ProjectError) as caught:
        parse_throughput(f"date,count\n{cell},1\n01/05/2027,2\n", kind="csv", file="t.csv")
    [error] = caught.value.diagnostics
    assert (error.code, error.line, error.column) == ("bad_date", 2, 1)


def test_a_quote_inside_an_unquoted_cell_is_a_character() -> None:
    # Python's reader (as a spreadsheet) reads 27" as the cell's text; the quoted cell
    # after it spans two lines and closes
    text = 'task,estimate,actual\nBuy 27" monitor,1,2\n"Fix login\nand logout",2,3\n'
    records = parse_history(text, kind="csv")
    assert [r.task for r in records] == ['Buy 27" monitor', "Fix login\nand logout"]


def test_a_line_separator_inside_a_cell_leaves_later_columns_in_place() -> None:
    text = "task,category,estimate,actual\na\u2028b,x,1,2\nlong task name here,cat,2,oops\n"
    with pytest.raises(ProjectError) as caught:
        parse_history(text, kind="csv", file="h.csv")
    [error] = caught.value.diagnostics
    assert (error.line, error.column) == (3, len("long task name here,cat,2,") + 1)


def test_one_column_mapped_to_two_fields_is_refused() -> None:
    with pytest.raises(ValueError, match="column 'X' is mapped to both 'estimate' and 'actual'"):
        parse_columns("estimate=x,actual=X", ("task", "estimate", "actual"))


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("task;estimate;actual\na;1;2\n", "semicolons"),
        ("task\testimate\tactual\na\t1\t2\n", "tabs"),
    ],
)
def test_a_file_separated_otherwise_says_so(text: str, named: str) -> None:
    with pytest.raises(ProjectError) as caught:
        parse_history(text, kind="csv", file="h.csv")
    first = caught.value.diagnostics[0]
    assert (first.code, first.line, first.column) == ("missing_field", 1, 1)
    assert f"the file looks separated by {named}" in first.message


def test_utf32_with_its_mark_is_read_as_the_table_reader_reads_it(tmp_path: Path) -> None:
    # UTF-32's little-endian mark begins with UTF-16's: it was read as UTF-16, every
    # character then a pair of garbled ones
    path = tmp_path / "h.csv"
    path.write_bytes("task,estimate,actual\nNaïve,1,2\n".encode("utf-32"))
    assert (read_history(path).encoding, read_history(path).records[0].task) == ("utf-32", "Naïve")
