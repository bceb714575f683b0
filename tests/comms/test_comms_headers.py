"""A stakeholder's address and a line's subject go into e-mail headers: one line, one address."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_comms_send import FixedRenderer

from cli_runner import steerco
from steerco.app.comms import send_due
from steerco.errors import ProjectError
from steerco.formats.comms_journal import journal_path, read_journal
from steerco.formats.loader import load_project
from steerco.integrations.smtp import SendError, SmtpSettings, build_message, smtp_settings

HEAD = "name: C\nstart: 2027-03-01\ntasks:\n  - {id: t, name: T, duration: 20}\n"


def _file(tmp_path: Path, email: str, subject: str = "") -> Path:
    path = tmp_path / "plan.yaml"
    line = f", subject: {subject}" if subject else ""
    path.write_text(
        f"{HEAD}stakeholders:\n  - {{id: s, name: S, email: {email}}}\n"
        f"communications:\n  - {{id: c, to: [s], format: md{line}}}\n",
        encoding="utf-8",
    )
    return path


def _errors(path: Path) -> list[tuple[str, tuple[str | int, ...], int | None, str]]:
    with pytest.raises(ProjectError) as raised:
        load_project(path)
    return [(d.code, d.path, d.line, d.message) for d in raised.value.diagnostics]


@pytest.mark.parametrize(
    ("email", "shown"),
    [
        ('"u@x.test\\nBcc: evil@y.test"', "'\\n'"),  # the review's header injection
        ('"a@x.test\\r\\nBcc: evil@y.test"', "'\\r'"),
        ('"u@x.test\\tv"', "'\\t'"),
        ('"u@x.test\\u2028"', "'\\u2028'"),  # a Unicode line separator
    ],
)
def test_a_line_break_in_an_address_is_bad_value_at_its_line(
    tmp_path: Path, email: str, shown: str
) -> None:
    ((code, path, line, message),) = _errors(_file(tmp_path, email))
    assert (code, path, line) == ("bad_value", ("stakeholders", 0, "email"), 6)
    assert f"control character {shown}" in message and "on one line" in message


@pytest.mark.parametrize(
    "email",
    ['"not an email"', "sponsor", "'@x.test'", "'u@'", "'u@x@y.test'", "'u @x.test'"],
)
def test_text_that_is_not_one_address_is_bad_value(tmp_path: Path, email: str) -> None:
    ((code, path, line, message),) = _errors(_file(tmp_path, email))
    assert (code, path, line) == ("bad_value", ("stakeholders", 0, "email"), 6)
    assert "not an e-mail address" in message and "name@example.com" in message


def test_plain_addresses_pass(tmp_path: Path) -> None:
    project = load_project(_file(tmp_path, "first.last+tag@sub.acme.test"))
    assert project.stakeholders[0].email == "first.last+tag@sub.acme.test"


def test_a_line_break_in_a_subject_is_bad_value_at_its_line(tmp_path: Path) -> None:
    ((code, path, line, message),) = _errors(_file(tmp_path, "s@x.test", '"Hi\\nBcc: e@y.test"'))
    assert (code, path, line) == ("bad_value", ("communications", 0, "subject"), 8)
    assert "control character '\\n'" in message and "subject on one line" in message


def test_a_folded_subject_loses_only_its_final_line_break(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        f"{HEAD}stakeholders:\n  - {{id: s, name: S, email: s@x.test}}\n"
        "communications:\n  - id: c\n    to: [s]\n    subject: >\n"
        "      Churn model: weekly status report\n",
        encoding="utf-8",
    )
    (line,) = load_project(path).communications
    assert line.subject == "Churn model: weekly status report"


def test_validate_and_send_refuse_the_reviews_file(tmp_path: Path) -> None:
    path = _file(tmp_path, '"u@x.test\\nBcc: evil@y.test"')
    for args in (("validate",), ("comms", "due"), ("comms", "send", "--dry-run")):
        result = steerco(*args, path, *(() if args == ("validate",) else ("--date", "2027-03-10")))
        assert result.exit_code == 2, result.output
        assert "plan.yaml:6:" in result.stderr and "bad_value" in result.stderr
        assert "Bcc" not in result.stdout


def test_build_message_refuses_a_header_with_a_line_break() -> None:
    base = {"sender": "pm@x.test", "to": ["s@x.test"], "subject": "S", "text": "body"}
    for changed in (
        {"subject": "Hi\nBcc: evil@y.test"},
        {"subject": "Hi\n"},  # the email package takes this one, and ends the headers there
        {"to": ["s@x.test\r\nBcc: evil@y.test"]},
        {"sender": "pm@x.test\nBcc: evil@y.test"},
    ):
        with pytest.raises(SendError, match="holds a line break; write it on one line"):
            build_message(**{**base, **changed}, attachments={})  # type: ignore[arg-type]


def test_a_sender_with_a_line_break_fails_the_send_with_the_reason(tmp_path: Path) -> None:
    path = _file(tmp_path, "s@x.test")
    # a closed port: the message is refused before any connection is tried
    settings = SmtpSettings(
        host="127.0.0.1", port=1, sender="pm@x.test\nBcc: evil@y.test", security="none"
    )
    result = send_due(
        path=path, date=dt.date(2027, 3, 10), smtp_settings=settings, render=FixedRenderer()
    )
    (outcome,) = result.outcomes
    assert outcome.status == "failed"
    assert outcome.error == (
        "the From header 'pm@x.test\\nBcc: evil@y.test' holds a line break; write it on one line"
    )
    (record,) = read_journal(journal_path(path)).records
    assert (record.status, record.error) == ("failed", outcome.error)


def test_a_sender_with_a_line_break_in_the_settings_is_bad_smtp_config() -> None:
    environ = {"STEERCO_SMTP_HOST": "h", "STEERCO_SMTP_FROM": "pm@x.test\nBcc: evil@y.test"}
    with pytest.raises(ProjectError) as raised:
        smtp_settings(environ=environ)
    (found,) = raised.value.diagnostics
    assert found.code == "bad_smtp_config"
    assert found.message == "from is 'pm@x.test\\nBcc: evil@y.test'; write one address on one line"
