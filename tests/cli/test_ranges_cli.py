"""No traceback on values out of range: every command exits 2 with a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import steerco


@pytest.mark.parametrize(
    ("value", "where", "code"),
    [
        ("start: 9999-12-20\ntasks:\n  - {id: a, duration: 2}\n", "2:8", "bad_date"),
        ("start: 2027-03-01\ntasks:\n  - id: a\n    duration: .inf\n", "5:15", "bad_duration"),
        ("start: 2027-03-01\ntasks:\n  - id: a\n    duration: .nan\n", "5:15", "bad_duration"),
        (
            "start: 2027-03-01\ntasks:\n  - id: a\n    duration: 99999999999\n",
            "5:15",
            "bad_duration",
        ),
    ],
)
@pytest.mark.parametrize("command", ["validate", "schedule", "forecast"])
def test_out_of_range_values_exit_2_with_a_located_code(
    tmp_path: Path, command: str, value: str, where: str, code: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("name: p\n" + value, encoding="utf-8")
    result = steerco(command, path)
    assert result.exit_code == 2, result.output
    assert f"plan.yaml:{where}: {code}:" in result.stderr
    assert "Traceback" not in result.output
