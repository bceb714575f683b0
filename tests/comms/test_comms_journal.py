"""The send journal: one JSON line per attempt, a cut-short last line forgiven and dropped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from steerco.errors import ProjectError, Severity
from steerco.formats.comms_journal import (
    append_records,
    journal_path,
    read_journal,
    record_line,
)
from steerco.report.comms import SendRecord

RECORD = SendRecord(
    line="weekly",
    occurrence=dt.date(2027, 3, 8),
    recipients=("a@x.test", "b@x.test"),
    status="sent",
    sent_at="2027-03-08T09:00:00+00:00",
    format="pdf",
)
FAILED = SendRecord(
    "weekly",
    dt.date(2027, 3, 15),
    ("a@x.test",),
    "failed",
    "2027-03-15T09:00:00+00:00",
    "pdf",
    "connection refused by localhost:1",
)


def test_the_journal_sits_next_to_the_project_file() -> None:
    assert journal_path(Path("plans/churn.yaml")) == Path("plans/churn.comms.jsonl")


def test_records_round_trip_one_json_object_a_line(tmp_path: Path) -> None:
    path = tmp_path / "p.comms.jsonl"
    append_records(path, [RECORD])
    append_records(path, [FAILED])
    lines = path.read_text("utf-8").splitlines()
    assert json.loads(lines[0]) == {
        "line": "weekly",
        "occurrence": "2027-03-08",
        "recipients": ["a@x.test", "b@x.test"],
        "status": "sent",
        "error": "",
        "sent_at": "2027-03-08T09:00:00+00:00",
        "format": "pdf",
    }
    assert read_journal(path).records == (RECORD, FAILED)


def test_no_journal_is_no_records(tmp_path: Path) -> None:
    read = read_journal(tmp_path / "none.comms.jsonl")
    assert read.records == () and read.warnings == ()


def test_a_cut_short_last_line_is_a_warning_and_dropped_at_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "p.comms.jsonl"
    append_records(path, [RECORD])
    whole = path.read_text("utf-8")
    path.write_text(whole + '{"line": "weekly", "occurr', encoding="utf-8")  # a crash mid-write
    read = read_journal(path)
    assert read.records == (RECORD,)
    (warned,) = read.warnings
    assert (warned.code, warned.severity, warned.line) == (
        "truncated_journal",
        Severity.warning,
        2,
    )
    append_records(path, [FAILED])
    assert path.read_text("utf-8") == whole + record_line(FAILED)  # the cut line is gone
    assert read_journal(path).records == (RECORD, FAILED)
    assert read_journal(path).warnings == ()


def test_a_whole_last_line_without_its_newline_counts_as_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "p.comms.jsonl"
    append_records(path, [RECORD])
    path.write_text(path.read_text("utf-8").rstrip("\n"), encoding="utf-8")
    read = read_journal(path)
    assert read.records == ()
    assert [w.code for w in read.warnings] == ["truncated_journal"]


def test_a_damaged_line_before_the_last_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "p.comms.jsonl"
    append_records(path, [RECORD])
    lines = path.read_text("utf-8")
    path.write_text('{"line": 3}\n' + lines, encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        read_journal(path)
    (found,) = raised.value.diagnostics
    assert (found.code, found.file, found.line) == ("bad_journal", str(path), 1)
