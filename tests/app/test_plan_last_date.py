"""A plan that a resource's leave holds past 2199-12-31 is refused at its task, by every command.

The project checks bound durations and lags, not leave: someone away to the end of 2199
(a way of saying "leaves the project") holds a task of theirs past the last date steerco
plans with. Every command used to date such a plan regardless: `schedule` printed
2200-01-01, `baseline` then failed on that date with a traceback, and a plan beyond the
longest calendar failed while its output was written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.schedule import schedule_project
from steerco.errors import ProjectError
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule

PROJECT = """\
name: Away
start: 2027-01-04
resources:
  - {{id: r, leave: ["{leave}"]}}
tasks:
  - {{id: first, duration: 2}}
  - {{id: a, duration: {days}, demands: {{r: 1}}}}
"""


def _file(tmp_path: Path, leave: str, days: int) -> Path:
    path = tmp_path / "away.yaml"
    path.write_text(PROJECT.format(leave=leave, days=days))
    return path


@pytest.mark.parametrize("method", ["cpm", "heuristic"])
def test_a_task_held_past_the_last_date_is_refused_at_its_line(tmp_path: Path, method: str) -> None:
    # r is away to 2199-12-31 (a Tuesday): a's one day is Wednesday 2200-01-01.
    path = _file(tmp_path, "2027-01-01..2199-12-31", 1)
    with pytest.raises(ProjectError) as raised:
        schedule_project(source=path, options=SolveOptions(method=method, time_limit=2))
    [found] = raised.value.diagnostics
    assert found.code == "horizon_too_long"
    assert (found.file, found.line) == (str(path), 7)
    assert "'a' would finish on 2200-01-01, after 2199-12-31" in found.message


def test_a_task_held_past_every_calendar_is_refused_too(tmp_path: Path) -> None:
    # 28,000 working days after 2199-12-01: past the century the calendar is compiled for.
    path = _file(tmp_path, "2028-01-01..2199-12-01", 28_000)
    with pytest.raises(ProjectError) as raised:
        schedule_project(source=path, options=SolveOptions(method="cpm"))
    [found] = raised.value.diagnostics
    assert found.code == "horizon_too_long"
    assert found.line == 7
    assert "more than a century after 2199-12-31" in found.message


def test_a_plan_that_ends_on_the_last_weekday_is_dated(tmp_path: Path) -> None:
    # Away to Monday 2199-12-29: a's two days are Tuesday 30 and Wednesday 31 December.
    path = _file(tmp_path, "2027-01-01..2199-12-29", 2)
    plan = schedule_project(source=path, options=SolveOptions(method="cpm"))
    assert isinstance(plan, Schedule)
    rows = {row.id: row for row in plan.tasks()}
    assert (rows["a"].start, rows["a"].finish) == (dt.date(2199, 12, 30), dt.date(2199, 12, 31))


@pytest.mark.parametrize(
    "command",
    [
        ["schedule", "--method", "cpm"],
        ["schedule", "--time-limit", "2"],
        ["baseline", "--time-limit", "2"],
        ["forecast", "--iterations", "50"],
    ],
)
def test_every_command_exits_2_with_the_reason_and_writes_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    path = _file(tmp_path, "2027-01-01..2199-12-31", 1)
    before = sorted(tmp_path.iterdir())
    result = steerco(command[0], path, *command[1:])
    assert result.exit_code == 2, result.output
    assert "horizon_too_long: task 'a' would finish on 2200-01-01" in result.stderr
    assert sorted(tmp_path.iterdir()) == before
