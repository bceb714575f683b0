"""The send journal of the communication plan: `<stem>.comms.jsonl` next to the project file.

One JSON object a line, one line per attempt to send a line of the plan::

    {"line": "weekly-sponsor", "occurrence": "2027-03-08", "recipients": ["a@example.com"],
     "status": "sent", "error": "", "sent_at": "2027-03-08T09:00:02+00:00", "format": "pdf"}

Reading forgives a last line cut short (a crash while writing): it is left out with a
located `truncated_journal` warning and dropped at the next write. Writing replaces the
whole file atomically (`steerco.formats.atomic`), so earlier lines are never lost.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, warning
from steerco.formats.atomic import atomic_write, locked
from steerco.formats.files import read_text
from steerco.report.comms import SendRecord

__all__ = ["JournalRead", "append_records", "journal_path", "read_journal", "record_line"]

_KEYS = ("line", "occurrence", "recipients", "status", "error", "sent_at", "format")


@dataclass(frozen=True)
class JournalRead:
    """The records of a journal, and a warning when its last line was cut short."""

    records: tuple[SendRecord, ...]
    warnings: tuple[Diagnostic, ...] = ()
    text: str = ""
    """The whole lines read (each ending in a newline): what the next write keeps."""


def journal_path(project_file: str | Path) -> Path:
    """Where the journal of the project file at `project_file` lives."""
    path = Path(project_file)
    return path.with_name(f"{path.stem}.comms.jsonl")


def record_line(record: SendRecord) -> str:
    """The journal line of `record` (keys in a fixed order, ending in a newline)."""
    data = {
        "line": record.line,
        "occurrence": record.occurrence.isoformat(),
        "recipients": list(record.recipients),
        "status": record.status,
        "error": record.error,
        "sent_at": record.sent_at,
        "format": record.format,
    }
    return json.dumps(data, ensure_ascii=False) + "\n"


def _record(data: Any) -> SendRecord:
    """The record a parsed line holds; ValueError saying what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError("a journal line is a JSON object")
    missing = [key for key in _KEYS if key not in data]
    if missing:
        raise ValueError(f"the record has no {missing[0]!r}")
    recipients = data["recipients"]
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        raise ValueError("`recipients` is a list of addresses")
    if data["status"] not in ("sent", "failed"):
        raise ValueError("`status` is 'sent' or 'failed'")
    texts = ("line", "occurrence", "error", "sent_at", "format")
    if not all(isinstance(data[key], str) for key in texts):
        raise ValueError(f"{', '.join(texts)} are text")
    return SendRecord(
        line=data["line"],
        occurrence=dt.date.fromisoformat(data["occurrence"]),
        recipients=tuple(recipients),
        status=data["status"],
        error=data["error"],
        sent_at=data["sent_at"],
        format=data["format"],
    )


def read_journal(path: Path) -> JournalRead:
    """The journal at `path` (no file: no records); a damaged line other than the last raises.

    A last line that is cut short or not a record is a `truncated_journal` warning; any
    other line that is not a record is a located `bad_journal` error.
    """
    if not path.exists():
        return JournalRead(())
    text = read_text(path)
    lines = text.split("\n")
    ends_cleanly = lines[-1] == ""
    if ends_cleanly:
        lines.pop()
    records: list[SendRecord] = []
    kept: list[str] = []
    for number, line in enumerate(lines, start=1):
        last = number == len(lines)
        try:
            if last and not ends_cleanly:
                raise ValueError("the line has no end")
            records.append(_record(json.loads(line)))
            kept.append(line + "\n")
        except ValueError as error:  # json.JSONDecodeError is a ValueError
            if last:
                message = (
                    f"the last line is cut short ({error}); it is ignored, "
                    "and the next `steerco comms send` drops it"
                )
                found = warning(Code.truncated_journal, message)
                located = found.located(str(path), number, 1)
                return JournalRead(tuple(records), (located,), "".join(kept))
            message = f"line {number} is not a journal record: {error}; mend or delete it"
            raise ProjectError(
                [Diagnostic(Code.bad_journal, message, (), str(path), number, 1)]
            ) from None
    return JournalRead(tuple(records), (), "".join(kept))


def append_records(path: Path, records: Iterable[SendRecord], *, like: Path | None = None) -> None:
    """Add `records` to the journal at `path`, rewriting it whole and atomically.

    A cut-short last line is dropped; every whole line is kept. `like`: a new journal takes
    this file's permissions (the project file's).
    """
    with locked(path):
        kept = read_journal(path).text
        atomic_write(path, kept + "".join(record_line(r) for r in records), like=like)
