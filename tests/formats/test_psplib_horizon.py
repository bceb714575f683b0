"""Issue 14: a PSPLIB file whose jobs run past the horizon gets a located error, no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_runner import steerco
from psplib_data import psplib_instance
from steerco.errors import ProjectError
from steerco.formats.psplib import parse_psplib

SOURCE = psplib_instance("j3010_1").read_text(encoding="ascii")
# Line 57 of j3010_1.sm is job 3's request line: "  3      1     5       0    5    9   10".
JOB_3 = "  3      1     5       0    5    9   10"


def _with_job_3(duration: str, *, reorder: bool = False) -> str:
    text = SOURCE.replace(JOB_3, f"  3      1     {duration}       0    5    9   10")
    if reorder:  # jobs 2 and 3 swapped: the checking parser, not the fast one, reads it
        lines = text.splitlines()
        lines[55], lines[56] = lines[56], lines[55]
        text = "\n".join(lines) + "\n"
    return text


@pytest.mark.parametrize(
    ("duration", "reorder", "line"),
    [("2000000", False, 57), ("2000000", True, 56), ("99999999999", False, 57)],
    ids=["fast-parser", "checking-parser", "huge"],
)
def test_jobs_past_the_horizon_are_located_at_the_longest_job(
    duration: str, reorder: bool, line: int
) -> None:
    assert JOB_3 in SOURCE.splitlines()[56]
    with pytest.raises(ProjectError) as caught:
        parse_psplib(_with_job_3(duration, reorder=reorder), "long.sm")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "horizon_too_long"
    assert (diagnostic.file, diagnostic.line) == ("long.sm", line)
    assert f"job 3, {duration} periods" in diagnostic.message


def test_jobs_that_just_fit_the_horizon_are_read() -> None:
    others = sum(int(row.split()[2]) for row in SOURCE.splitlines()[54:86] if row.split()[0] != "3")
    instance = parse_psplib(_with_job_3(str(1_000_000 - others)), "fits.sm")
    assert int(instance.duration.sum()) == 1_000_000


@pytest.mark.parametrize("command", ["validate", "schedule", "forecast"])
def test_the_cli_prints_the_location(tmp_path: Path, command: str) -> None:
    path = tmp_path / "long.sm"
    path.write_text(_with_job_3("99999999999"), encoding="ascii")
    result = steerco(command, path)
    assert result.exit_code == 2, result.output
    assert re.search(r"long\.sm:57:1: horizon_too_long: ", result.stderr), result.stderr
    assert "Traceback" not in result.output
