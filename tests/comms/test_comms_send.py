"""`send_due` through a real SMTP server (aiosmtpd) on this machine, and through a closed port."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from smtp_collector import Collector, free_port

from steerco.app.comms import comms_due, send_due
from steerco.errors import ProjectError
from steerco.formats.comms_journal import journal_path, read_journal
from steerco.integrations.smtp import SmtpSettings, smtp_settings

PLAN = Path(__file__).parents[1] / "cases" / "valid" / "communication_plan.yaml"
DAY = dt.date(2027, 3, 10)
PDF = b"%PDF-1.7 fixed bytes of a test report"
HTML = "<!doctype html><title>Report</title><h1>Churn Model</h1>"
MD = b"# Churn Model\n\n![gantt](gantt.svg)\n"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    suffix: str
    attachments: dict[str, bytes]


@dataclass
class FixedRenderer:
    """Renders fixed bytes for each format and remembers what it was asked for."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, **kw: Any) -> Rendered:
        self.calls.append(kw)
        fmt = kw["fmt"]
        if fmt == "pdf":
            return Rendered(PDF, "application/pdf", ".pdf", {})
        if fmt == "html":
            return Rendered(HTML.encode(), "text/html", ".html", {})
        return Rendered(MD, "text/markdown", ".md", {"gantt.svg": SVG})


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Collector, int]]:
    handler = Collector()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(PLAN, path)
    return path


def _settings(port: int, security: str = "none") -> SmtpSettings:
    return SmtpSettings(
        host="127.0.0.1",
        port=port,
        sender="pm@acme.test",
        security=security,
        timeout=5,  # type: ignore[arg-type]
    )


def _by_subject(received: list[tuple[tuple[str, ...], EmailMessage]]) -> dict[str, Any]:
    return {message["Subject"]: (rcpt, message) for rcpt, message in received}


def _files(message: EmailMessage) -> dict[str, bytes]:
    return {
        part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments()
    }


def test_due_reports_go_to_their_recipients_with_their_attachments(
    server: tuple[Collector, int], plan: Path
) -> None:
    handler, port = server
    handler.received.clear()
    render = FixedRenderer()
    result = send_due(path=plan, date=DAY, smtp_settings=_settings(port), render=render)
    assert [o.status for o in result.outcomes] == ["sent", "sent", "sent"]
    assert result.failed == 0
    mails = _by_subject(handler.received)
    assert set(mails) == {
        "Churn Model: status report, 2027-03-08",
        "Churn Model: monthly report",
        "Churn Model: status report, 2027-03-03",
    }
    rcpt, weekly = mails["Churn Model: status report, 2027-03-08"]
    assert rcpt == ("sponsor@acme.test",)
    assert (weekly["From"], weekly["To"]) == ("pm@acme.test", "sponsor@acme.test")
    assert _files(weekly) == {"churn-model-status-2027-03-08.pdf": PDF}
    body = weekly.get_body(("plain",))
    assert body is not None and "churn-model-status-2027-03-08.pdf" in body.get_content()
    rcpt, monthly = mails["Churn Model: monthly report"]
    assert rcpt == ("cto@client.test", "lead@acme.test")
    assert _files(monthly) == {"churn-model-status-2027-02-28.html": HTML.encode()}
    html = monthly.get_body(("html",))
    assert html is not None and html.get_content().strip() == HTML  # inline as the HTML body
    rcpt, kickoff = mails["Churn Model: status report, 2027-03-03"]
    assert rcpt == ("lead@acme.test",)  # ops has no email: left out
    assert _files(kickoff) == {"churn-model-status-2027-03-03.md": MD, "gantt.svg": SVG}
    assert sorted((c["audience"], c["fmt"]) for c in render.calls) == [
        ("client", "html"),
        ("sponsor", "pdf"),
        ("team", "md"),
    ]
    assert [w.code for w in result.warnings] == ["no_email"]


def test_after_a_successful_send_the_next_send_sends_nothing(
    server: tuple[Collector, int], plan: Path
) -> None:
    handler, port = server
    handler.received.clear()
    send_due(path=plan, date=DAY, smtp_settings=_settings(port), render=FixedRenderer())
    assert len(handler.received) == 3
    records = read_journal(journal_path(plan)).records
    assert [(r.line, r.occurrence, r.status) for r in records] == [
        ("weekly-sponsor", dt.date(2027, 3, 8), "sent"),
        ("monthly-client", dt.date(2027, 2, 28), "sent"),
        ("kickoff", dt.date(2027, 3, 3), "sent"),
    ]
    assert records[1].recipients == ("cto@client.test", "lead@acme.test")
    again = FixedRenderer()
    second = send_due(path=plan, date=DAY, smtp_settings=_settings(port), render=again)
    assert second.outcomes == () and again.calls == []
    assert len(handler.received) == 3
    assert comms_due(path=plan, date=DAY).due == ()
    # a week later only the weekly line is due again
    later = send_due(
        path=plan, date=DAY + dt.timedelta(days=7), smtp_settings=_settings(port), render=again
    )
    assert [(o.due.line.id, o.status) for o in later.outcomes] == [("weekly-sponsor", "sent")]
    assert len(handler.received) == 4


def test_a_refused_connection_leaves_the_line_due_and_the_journal_says_failed(
    server: tuple[Collector, int], plan: Path
) -> None:
    closed = free_port()  # nobody listens there
    result = send_due(path=plan, date=DAY, smtp_settings=_settings(closed), render=FixedRenderer())
    assert [o.status for o in result.outcomes] == ["failed"] * 3
    assert all(f"connection refused by 127.0.0.1:{closed}" in o.error for o in result.outcomes)
    records = read_journal(journal_path(plan)).records
    assert {r.status for r in records} == {"failed"}
    assert all("connection refused" in r.error for r in records)
    due = comms_due(path=plan, date=DAY).due
    assert [(d.line.id, d.failures) for d in due] == [
        ("weekly-sponsor", 1),
        ("monthly-client", 1),
        ("kickoff", 1),
    ]
    handler, port = server  # the retry goes through, and only then is it no longer due
    handler.received.clear()
    retry = send_due(path=plan, date=DAY, smtp_settings=_settings(port), render=FixedRenderer())
    assert [o.status for o in retry.outcomes] == ["sent"] * 3
    assert comms_due(path=plan, date=DAY).due == ()


def test_starttls_on_a_server_that_does_not_offer_it_fails_with_the_fix(
    server: tuple[Collector, int], plan: Path
) -> None:
    handler, port = server
    handler.received.clear()
    settings = _settings(port, "starttls")
    result = send_due(path=plan, date=DAY, smtp_settings=settings, render=FixedRenderer())
    assert {o.status for o in result.outcomes} == {"failed"}
    assert "does not offer STARTTLS" in result.outcomes[0].error
    assert "'none'" in result.outcomes[0].error
    assert handler.received == []


def test_a_dry_run_renders_sends_and_records_nothing(plan: Path) -> None:
    render = FixedRenderer()
    result = send_due(path=plan, date=DAY, render=render, dry_run=True)
    assert [(o.due.line.id, o.status) for o in result.outcomes] == [
        ("weekly-sponsor", "dry_run"),
        ("monthly-client", "dry_run"),
        ("kickoff", "dry_run"),
    ]
    assert render.calls == [] and not journal_path(plan).exists()


def test_a_line_without_any_address_fails_and_stays_due(
    server: tuple[Collector, int], tmp_path: Path
) -> None:
    handler, port = server
    handler.received.clear()
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: P\nstart: 2027-03-01\ntasks: [{id: a, duration: 5}]\n"
        "stakeholders: [{id: ops, name: Ops}]\n"
        "communications: [{id: w, to: [ops], frequency: weekly}]\n",
        encoding="utf-8",
    )
    result = send_due(path=path, date=DAY, smtp_settings=_settings(port), render=FixedRenderer())
    (outcome,) = result.outcomes
    assert outcome.status == "failed" and "email" in outcome.error
    assert handler.received == []
    assert [d.line.id for d in comms_due(path=path, date=DAY).due] == ["w"]


def test_settings_come_from_the_environment_over_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "smtp.toml"
    config.write_text(
        'host = "mail.acme.test"\nsecurity = "tls"\nfrom = "pm@acme.test"\nuser = "pm"\n',
        encoding="utf-8",
    )
    settings = smtp_settings(
        environ={"STEERCO_SMTP_PASSWORD": "secret", "STEERCO_SMTP_USER": "bot"}, config=config
    )
    assert (settings.host, settings.port, settings.security) == ("mail.acme.test", 465, "tls")
    assert (settings.user, settings.password, settings.sender) == ("bot", "secret", "pm@acme.test")
    assert "secret" not in repr(settings)
    plain = smtp_settings(
        environ={
            "STEERCO_SMTP_HOST": "relay",
            "STEERCO_SMTP_FROM": "a@b",
            "STEERCO_SMTP_SECURITY": "none",
        }
    )
    assert (plain.port, plain.user) == (25, None)


@pytest.mark.parametrize(
    ("text", "environ", "words"),
    [
        ("", {}, "no SMTP host"),
        ('host = "h"\n', {}, "no SMTP from"),
        ('host = "h"\nfrom = "a@b"\nsecurity = "ssl"\n', {}, "'ssl'"),
        ('host = "h"\nfrom = "a@b"\nport = "x"\n', {}, "port"),
        ('host = "h"\nfrom = "a@b"\nsender = "a@b"\n', {}, "unknown key 'sender'"),
        ("host = \n", {}, "not a TOML file"),
    ],
)
def test_bad_settings_are_bad_smtp_config(
    tmp_path: Path, text: str, environ: dict[str, str], words: str
) -> None:
    config = tmp_path / "smtp.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        smtp_settings(environ=environ, config=config)
    (found,) = raised.value.diagnostics
    assert found.code == "bad_smtp_config" and found.file == str(config)
    assert words in found.message


def test_two_sends_at_once_send_each_line_once(server: tuple[Collector, int], plan: Path) -> None:
    handler, port = server
    handler.received.clear()

    def send() -> None:
        send_due(path=plan, date=DAY, smtp_settings=_settings(port), render=FixedRenderer())

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(m["Subject"] for _, m in handler.received) == [
        "Churn Model: monthly report",
        "Churn Model: status report, 2027-03-03",
        "Churn Model: status report, 2027-03-08",
    ]
    assert len(read_journal(journal_path(plan)).records) == 3


def _only_pm(server: Any, session: Any, envelope: Any, mechanism: str, auth: Any) -> AuthResult:
    """Accept the login `pm` with the password `right`, nothing else."""
    return AuthResult(success=(auth.login, auth.password) == (b"pm", b"right"))


@pytest.fixture(scope="module")
def login_server() -> Iterator[tuple[Collector, int]]:
    handler = Collector()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=_only_pm,
        auth_require_tls=False,  # a test server on this machine: no certificate to make
        auth_required=True,
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


_PLAIN_AUTH = pytest.mark.filterwarnings(  # aiosmtpd warns of AUTH without TLS
    "ignore:Requiring AUTH while not requiring TLS:UserWarning"
)


@_PLAIN_AUTH
def test_credentials_log_in(login_server: tuple[Collector, int], plan: Path) -> None:
    handler, port = login_server
    handler.received.clear()
    settings = dataclasses.replace(_settings(port), user="pm", password="right")
    result = send_due(path=plan, date=DAY, smtp_settings=settings, render=FixedRenderer())
    assert [o.status for o in result.outcomes] == ["sent"] * 3
    assert len(handler.received) == 3


@_PLAIN_AUTH
def test_a_server_that_wants_a_login_says_so_and_the_lines_stay_due(
    login_server: tuple[Collector, int], plan: Path
) -> None:
    handler, port = login_server
    handler.received.clear()
    result = send_due(path=plan, date=DAY, smtp_settings=_settings(port), render=FixedRenderer())
    assert handler.received == []
    assert all(f"127.0.0.1:{port} answered 530" in o.error for o in result.outcomes)
    assert [d.failures for d in comms_due(path=plan, date=DAY).due] == [1, 1, 1]


def test_tls_to_a_plain_server_fails_and_stays_due(
    server: tuple[Collector, int], plan: Path
) -> None:
    handler, port = server
    handler.received.clear()
    settings = _settings(port, "tls")
    result = send_due(path=plan, date=DAY, smtp_settings=settings, render=FixedRenderer())
    assert {o.status for o in result.outcomes} == {"failed"}
    assert all(f"127.0.0.1:{port}" in o.error for o in result.outcomes)
    assert handler.received == []
    assert len(comms_due(path=plan, date=DAY).due) == 3


def test_reports_are_dated_by_the_file_or_by_the_day_sent_for(
    server: tuple[Collector, int], plan: Path
) -> None:
    # nothing recorded: the report of a project in planning, dated the day it is sent for
    render = FixedRenderer()
    send_due(path=plan, date=DAY, smtp_settings=_settings(server[1]), render=render)
    assert {call["status_date"] for call in render.calls} == {DAY}
    # progress recorded: the file's status date, as nothing is recorded after it
    recorded = DAY - dt.timedelta(days=3)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text + f"progress:\n  status_date: {recorded.isoformat()}\n", encoding="utf-8")
    later = FixedRenderer()
    week = DAY + dt.timedelta(days=7)
    send_due(path=plan, date=week, smtp_settings=_settings(server[1]), render=later)
    assert later.calls and {call["status_date"] for call in later.calls} == {recorded}
