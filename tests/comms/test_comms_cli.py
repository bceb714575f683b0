"""`steerco comms due|send`, `steerco stakeholders` and `steerco ical` on the command line."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import icalendar
import jsonschema
import pytest
from test_comms_send import FixedRenderer

import steerco.app.comms as comms_app
from cli_runner import steerco

ROOT = Path(__file__).parents[2]
PLAN = ROOT / "tests" / "cases" / "valid" / "communication_plan.yaml"
SCHEMA = ROOT / "docs" / "schemas" / "comms-due.schema.json"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(PLAN, path)
    return path


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_due_json_matches_its_schema() -> None:
    result = steerco("comms", "due", PLAN, "--date", "2027-03-10", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    assert [(d["id"], d["occurrence"], d["skipped"]) for d in data["due"]] == [
        ("weekly-sponsor", "2027-03-08", 1),
        ("monthly-client", "2027-02-28", 1),
        ("kickoff", "2027-03-03", 0),
    ]
    assert [w.split(": warning: ")[1].split(":")[0] for w in data["warnings"]] == ["no_email"]
    assert "warning: no_email" in result.stderr


def test_due_table_names_the_lines_and_says_when_nothing_is_due() -> None:
    result = steerco("comms", "due", PLAN, "--date", "2027-03-10", "--wide")
    assert result.exit_code == 0, result.output
    assert "weekly-sponsor" in result.stdout and "2027-02-28" in result.stdout
    early = steerco("comms", "due", PLAN, "--date", "2027-01-01")
    assert "nothing is due on 2027-01-01" in early.stdout


def test_send_reports_a_refused_connection_with_exit_3_and_keeps_the_lines_due(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(comms_app, "_default_renderer", FixedRenderer)
    env = {
        "STEERCO_SMTP_HOST": "127.0.0.1",
        "STEERCO_SMTP_PORT": str(_closed_port()),
        "STEERCO_SMTP_SECURITY": "none",
        "STEERCO_SMTP_FROM": "pm@acme.test",
    }
    result = steerco("comms", "send", plan, "--date", "2027-03-10", env=env)
    assert result.exit_code == 3, result.output
    assert result.stdout.count("connection refused") == 3
    assert "0 sent, 3 failed" in result.stdout
    due = steerco("comms", "due", plan, "--date", "2027-03-10", "-f", "json")
    assert [d["failures"] for d in json.loads(due.stdout)["due"]] == [1, 1, 1]


def test_send_without_smtp_settings_is_bad_smtp_config(plan: Path, tmp_path: Path) -> None:
    config = tmp_path / "smtp.toml"
    config.write_text('host = "relay.acme.test"\n', encoding="utf-8")
    result = steerco("comms", "send", plan, "--date", "2027-03-10", "--smtp-config", config, env={})
    assert result.exit_code == 2
    assert f"{config}: bad_smtp_config: no SMTP from" in result.stderr


def test_a_dry_run_lists_and_sends_nothing(plan: Path) -> None:
    result = steerco("comms", "send", plan, "--date", "2027-03-10", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("would send") == 3
    assert not plan.with_name("plan.comms.jsonl").exists()


def test_smtp_settings_in_the_project_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: P\nstart: 2027-03-01\ntasks: [{id: a, duration: 1}]\n"
        "smtp: {host: mail.acme.test, password: secret}\n",
        encoding="utf-8",
    )
    result = steerco("comms", "due", path)
    assert result.exit_code == 2
    assert f"{path}:4:1: unknown_key" in result.stderr


def test_stakeholders_shows_the_register_and_the_quadrants() -> None:
    result = steerco("stakeholders", PLAN, "--wide")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "sponsor@acme.test" in result.stdout
    assert any(
        line.strip()
        == "Manage closely (high influence, high interest): Sponsor One, Programme Office"
        for line in lines
    )
    assert any(line.strip() == "Monitor (low influence, low interest): Ops Desk" for line in lines)


def test_ical_writes_the_calendar_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    result = steerco("ical", PLAN, "--output", out)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert len(calendar.walk("VEVENT")) == 10
    assert steerco("ical", PLAN).stdout == out.read_text("utf-8")


def test_validate_warns_of_a_recipient_without_an_address() -> None:
    result = steerco("validate", PLAN)
    assert result.exit_code == 0, result.output
    assert f"{PLAN}:25:30: warning: no_email:" in result.stderr
