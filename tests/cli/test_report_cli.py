"""`steerco report`: its help, and a file name whose suffix names no format."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import steerco

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "support-assistant.yaml"


@pytest.mark.parametrize("name", ["report.txt", "report", "report.docx"])
def test_an_unknown_suffix_is_refused_before_any_work(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = steerco("report", EXAMPLE, "--out", out)
    assert result.exit_code == 2
    assert "--out" in result.stderr
    assert ".html (or .htm), .pdf or .md" in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == []


def test_help_names_every_option_and_the_formats() -> None:
    result = steerco("report", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for option in (
        "--status-date",
        "--audience",
        "--out",
        "--iterations",
        "--seed",
        "--time-limit",
    ):
        assert option in text
    assert "client|sponsor|team" in text
    assert ".html (or .htm), .pdf or .md" in text
    assert "Default: Markdown on stdout" in text


def test_report_is_listed_among_the_commands() -> None:
    result = steerco("--help", env={"COLUMNS": "200"})
    assert " report " in result.stdout
