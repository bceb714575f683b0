"""The communication plan's use cases: what is due (`comms due`) and sending it (`comms send`).

What was sent is kept in the send journal next to the project file
(`steerco.formats.comms_journal`): a line sent for an occurrence is not due again; a
failed send is recorded with its reason and stays due, so the next `comms send` retries it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from steerco.errors import Diagnostic
from steerco.model.communication import Audience, ReportFormat, Stakeholder
from steerco.model.project import Project
from steerco.report.comms import DueReport, Quadrant

if TYPE_CHECKING:
    from steerco.integrations.smtp import SmtpSettings

__all__ = [
    "CommsDue",
    "CommsSent",
    "RenderedReportLike",
    "ReportRenderer",
    "SendOutcome",
    "StakeholderRegister",
    "comms_due",
    "report_end",
    "send_due",
    "stakeholder_register",
]


class RenderedReportLike(Protocol):
    """What sending needs of a rendered report (`steerco.app.report_output.RenderedReport`)."""

    @property
    def body(self) -> bytes:
        """The report file's bytes."""

    @property
    def media_type(self) -> str:
        """Its media type: text/html, application/pdf, text/markdown."""

    @property
    def suffix(self) -> str:
        """Its file name's suffix, with the dot."""

    @property
    def attachments(self) -> Mapping[str, bytes]:
        """Files that go with it (a Markdown report's charts), by name."""


ReportRenderer = Callable[..., RenderedReportLike]
"""Renders a report: called as `render(path=, status_date=, audience=, fmt=)`."""


@dataclass(frozen=True)
class CommsDue:
    """The lines of the plan due at `date`, and warnings (recipients without address, journal)."""

    project: Project
    date: dt.date
    due: tuple[DueReport, ...]
    journal: Path
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class SendOutcome:
    """What became of one due line: sent, failed (with the reason) or only listed (dry run)."""

    due: DueReport
    addresses: tuple[str, ...]
    subject: str
    status: Literal["sent", "failed", "dry_run"]
    error: str = ""
    files: tuple[str, ...] = ()
    """The names of the files attached (empty in a dry run: nothing is rendered)."""


@dataclass(frozen=True)
class CommsSent:
    """Every due line's outcome, in plan order."""

    project: Project
    date: dt.date
    outcomes: tuple[SendOutcome, ...]
    journal: Path
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def failed(self) -> int:
        """How many due lines could not be sent."""
        return sum(outcome.status == "failed" for outcome in self.outcomes)


@dataclass(frozen=True)
class StakeholderRegister:
    """The stakeholder register and the power-interest grid's quadrants."""

    project: Project
    quadrants: Mapping[Quadrant, tuple[Stakeholder, ...]]


def _load(path: Path) -> tuple[Project, list[Diagnostic]]:
    """The project at `path` and its located `no_email` warnings."""
    from steerco.formats.loader import load_project
    from steerco.formats.located import locate_in_file
    from steerco.report.comms import missing_emails

    project = load_project(path)
    return project, locate_in_file(path, missing_emails(project))


def report_end(
    project: Project, planned: Mapping[str, dt.date | int] | None = None
) -> dt.date | None:
    """The plan's end, after which no report falls due: its last task finish or sprint end.

    `planned` is each task's finish in the plan every command dates by
    (`steerco.app.gates.planned_finishes`), planned here when not given; the sprints count
    too. A backlog without tasks runs to its last sprint or its deadline, the later (its
    sprints go on past the listed ones). None for a project in bare periods, which has no
    dates, and for one with no task, sprint or deadline: nothing bounds it.
    """
    if project.start is None:
        return None
    if planned is None:
        from steerco.app.gates import planned_finishes

        planned = planned_finishes(project)[0]
    tasks = [day for day in planned.values() if isinstance(day, dt.date)]
    days = tasks + [sprint.end for sprint in project.sprints]
    if not tasks and isinstance(project.deadline, dt.date):
        days.append(project.deadline)
    return max(days, default=None)


def comms_due(*, path: Path, date: dt.date) -> CommsDue:
    """The lines of the communication plan in the file at `path` that are due at `date`.

    Nothing is due after the plan's end (`report_end`, as `steerco ical` lists the dates).
    """
    from steerco.formats.comms_journal import journal_path, read_journal
    from steerco.report.comms import due

    project, warnings = _load(path)
    journal = journal_path(path)
    read = read_journal(journal)
    end = report_end(project) if project.communications else None
    found = due(project, read.records, date, end)
    return CommsDue(project, date, found, journal, (*warnings, *read.warnings))


def stakeholder_register(*, path: Path) -> StakeholderRegister:
    """The stakeholders of the file at `path`, placed on the power-interest grid."""
    from steerco.formats.loader import load_project
    from steerco.report.comms import power_interest

    project = load_project(path)
    return StakeholderRegister(project, power_interest(project.stakeholders))


def subject_of(project: Project, due: DueReport) -> str:
    """The e-mail subject of a due line: its own, else one naming the project and the date."""
    return due.line.subject or f"{project.name}: status report, {due.occurrence.isoformat()}"


def _narrative(project: Project) -> str | None:
    """The first paragraph of the manager's narrative at the file's status date, if written."""
    status = project.progress.status_date
    for narrative in project.reporting.narratives:
        if narrative.date == status:
            return narrative.text.strip().split("\n\n", 1)[0].strip()
    return None


def _text_body(project: Project, due: DueReport, filename: str) -> str:
    """The plain-text body: the narrative's first paragraph or one line, and what is attached."""
    status = project.progress.status_date
    at = f" at {status.isoformat()}" if status is not None else ""
    lead = _narrative(project) or f"The status report of {project.name}{at}."
    return (
        f"{lead}\n\nThe report is attached: {filename}.\n\n"
        f"-- \nSent by steerco for the communication plan's line {due.line.id!r}.\n"
    )


def _default_renderer() -> ReportRenderer:
    """`steerco report`'s renderer, imported when a report is first rendered."""
    from steerco.app.report_output import render_report  # type: ignore[import-not-found,unused-ignore]

    renderer: ReportRenderer = render_report
    return renderer


def _attempt(
    project: Project,
    due: DueReport,
    rendered: RenderedReportLike,
    settings: SmtpSettings,
) -> SendOutcome:
    """Build the e-mail of `due` around `rendered` and send it; the outcome either way."""
    from steerco.integrations.smtp import SendError, build_message, send_message
    from steerco.report.comms import project_slug

    addresses = tuple(p.email for p in due.recipients if p.email)
    subject = subject_of(project, due)
    name = f"{project_slug(project.name)}-status-{due.occurrence.isoformat()}{rendered.suffix}"
    files = {name: rendered.body, **rendered.attachments}
    html = rendered.body.decode("utf-8") if rendered.media_type == "text/html" else None
    try:
        message = build_message(
            sender=settings.sender,
            to=addresses,
            subject=subject,
            text=_text_body(project, due, name),
            attachments=files,
            html=html,
        )
        send_message(settings, message)
    except SendError as failure:
        return SendOutcome(due, addresses, subject, "failed", str(failure), tuple(files))
    return SendOutcome(due, addresses, subject, "sent", "", tuple(files))


def send_due(
    *,
    path: Path,
    date: dt.date,
    smtp_settings: SmtpSettings | None = None,
    smtp_config: Path | None = None,
    render: ReportRenderer | None = None,
    dry_run: bool = False,
    now: Callable[[], dt.datetime] | None = None,
) -> CommsSent:
    """Render and e-mail every line due at `date`; record each attempt in the send journal.

    `smtp_settings`, when not given, are read from the STEERCO_SMTP_* environment variables
    and the TOML file `smtp_config` (`steerco.integrations.smtp`), and only when something is
    due. Each (audience, format) is rendered once, at the file's status date. A failure (the
    server refuses, no recipient has an address) is an outcome and stays due; a dry run lists
    what would go and renders, sends and records nothing. The project file's lock is held
    throughout, so that two sends at once never send a line twice.
    """
    from steerco.formats.atomic import locked

    with locked(path):  # two sends at once would find the same lines due: one waits
        return _send(path, date, smtp_settings, smtp_config, render, dry_run=dry_run, now=now)


def _send(
    path: Path,
    date: dt.date,
    smtp_settings: SmtpSettings | None,
    smtp_config: Path | None,
    render: ReportRenderer | None,
    *,
    dry_run: bool,
    now: Callable[[], dt.datetime] | None,
) -> CommsSent:
    """`send_due`'s work, under the project file's lock."""
    from steerco.formats.comms_journal import append_records
    from steerco.report.comms import SendRecord

    listed = comms_due(path=path, date=date)
    project = listed.project
    if dry_run or not listed.due:
        outcomes = tuple(
            SendOutcome(
                d,
                tuple(p.email for p in d.recipients if p.email),
                subject_of(project, d),
                "dry_run",
            )
            for d in listed.due
        )
        return CommsSent(project, date, outcomes, listed.journal, listed.warnings)
    if smtp_settings is None:
        import os

        from steerco.integrations.smtp import smtp_settings as read_settings

        smtp_settings = read_settings(environ=os.environ, config=smtp_config)
    renderer = render
    # the file's own status date: nothing is recorded after it; with nothing recorded, the
    # day it is sent for (the report of a project still in planning)
    report_date = project.progress.status_date or date
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    cache: dict[tuple[Audience, ReportFormat], RenderedReportLike] = {}
    outcomes_made: list[SendOutcome] = []
    for item in listed.due:
        key = (item.line.audience, item.line.format)
        if not any(person.email for person in item.recipients):  # nothing to render for
            reason = "no recipient has an `email`; add their addresses under `stakeholders:`"
            outcome = SendOutcome(item, (), subject_of(project, item), "failed", reason)
        else:
            if renderer is None:  # the real one, imported only when a report is rendered
                renderer = _default_renderer()
            if key not in cache:
                cache[key] = renderer(
                    path=path, status_date=report_date, audience=key[0], fmt=key[1]
                )
            outcome = _attempt(project, item, cache[key], smtp_settings)
        outcomes_made.append(outcome)
        record = SendRecord(
            line=item.line.id,
            occurrence=item.occurrence,
            recipients=outcome.addresses,
            status="sent" if outcome.status == "sent" else "failed",
            sent_at=clock().isoformat(timespec="seconds"),
            format=item.line.format,
            error=outcome.error,
        )
        # recorded after each attempt: a crash later never sends this one twice
        append_records(listed.journal, [record], like=path)
    return CommsSent(project, date, tuple(outcomes_made), listed.journal, listed.warnings)
