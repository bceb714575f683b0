"""`steerco comms send` with the real report renderer, through a real SMTP server (aiosmtpd)
started here; and `steerco ical` of the same project lists its report dates."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader
from smtp_collector import Collector, free_port

from cli_runner import steerco
from steerco.formats.comms_journal import journal_path, read_journal

# Monday 2027-03-01: audit 1-5 March, model 8-12 March, `ready` on Friday 12 March.
PROJECT = """\
name: Fraud Scoring
start: 2027-03-01
tasks:
  - {id: audit, name: Data audit, duration: 5}
  - {id: model, name: First model, duration: 5, after: [audit]}
  - {id: ready, name: Model ready, milestone: true, after: [model]}
stakeholders:
  - {id: spon, name: Sponsor One, audience: sponsor, email: sponsor@bank.test}
  - {id: risk, name: Risk Officer, audience: sponsor, email: risk@bank.test}
  - {id: desk, name: Ops Desk}
communications:
  - {id: weekly, audience: sponsor, to: [spon, risk], frequency: weekly, format: pdf}
"""
DAY = dt.date(2027, 3, 8)
REPORT_DAYS = [dt.date(2027, 3, 1), dt.date(2027, 3, 8)]
"""The weekly line's Mondays up to the plan's end, Friday 12 March."""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("comms") / "fraud.yaml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sent(project: Path) -> Iterator[tuple[Collector, list[int]]]:
    """Send twice through a server on a free local port: what it got, and both exit codes."""
    handler = Collector()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        "STEERCO_SMTP_HOST": "127.0.0.1",
        "STEERCO_SMTP_PORT": str(port),
        "STEERCO_SMTP_SECURITY": "none",
        "STEERCO_SMTP_FROM": "pm@bank.test",
    }
    try:
        codes = []
        for _ in range(2):
            run = steerco("comms", "send", project, "--date", DAY.isoformat(), env=env)
            codes.append(run.exit_code)
        yield handler, codes
    finally:
        controller.stop()


def test_the_due_report_goes_once_as_a_real_pdf_to_the_plans_stakeholders(
    sent: tuple[Collector, list[int]], project: Path
) -> None:
    handler, codes = sent
    assert codes == [0, 0]
    assert len(handler.received) == 1, "the second send sends nothing"
    recipients, message = handler.received[0]
    assert recipients == ("sponsor@bank.test", "risk@bank.test")
    assert "Fraud Scoring" in message["Subject"]
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename().endswith(".pdf")
    data = attachment.get_payload(decode=True)
    assert isinstance(data, bytes)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 2 and "Fraud Scoring" in pages[0]
    assert "For the sponsor audience" in pages[0]
    assert "Model ready" in " ".join(" ".join(text.split()) for text in pages[1:])
    records = read_journal(journal_path(project)).records
    assert [(r.line, r.occurrence, r.status) for r in records] == [("weekly", DAY, "sent")]


def test_the_calendar_lists_the_report_dates_and_the_milestone(project: Path) -> None:
    run = steerco("ical", project)
    assert run.exit_code == 0, run.output
    calendar = icalendar.Calendar.from_ical(run.stdout)
    events = {str(e["UID"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    reports = sorted(day for uid, day in events.items() if uid.startswith("report-weekly-"))
    assert reports == REPORT_DAYS
    assert events["milestone-ready@fraud-scoring.steerco"] == dt.date(2027, 3, 12)
    assert steerco("ical", project).stdout == run.stdout, "the same UIDs and bytes again"
