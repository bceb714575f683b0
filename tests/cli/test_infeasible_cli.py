"""Plans that cannot be levelled: located errors from `validate`, reasons from `schedule`."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import steerco

PART_TIME = (
    "name: Part time\n"
    "start: 2027-01-04\n"
    "resources:\n"
    "  - {id: ana, capacity: 0.6}\n"
    "tasks:\n"
    "  - id: build\n"
    "    duration: 5\n"
    "    demands: {ana: 1}\n"
)

FIVE_ON_ONE = (
    "name: Five\n"
    "start: 2027-01-04\n"
    "resources: [{id: ds}]\n"
    "tasks:\n"
    "  - id: train\n"
    "    duration: 5\n"
    "    demands: {ds: 5}\n"
)

# a (3 days, Mon 4 .. Wed 6) then b (4 days, Thu 7 .. Tue 12), b due Fri 8.
LATE_CHAIN = (
    "name: Chain\n"
    "start: 2027-01-04\n"
    "tasks:\n"
    "  - {id: a, duration: 3}\n"
    "  - {id: b, duration: 4, after: [a], deadline: 2027-01-08}\n"
)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_locates_a_whole_unit_demanded_of_a_part_time_person(tmp_path: Path) -> None:
    path = _file(tmp_path, PART_TIME)
    done = steerco("validate", path)
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        f"{path}:8:15: demand_above_capacity: task 'build' needs 1 of 'ana' at a time, more "
        "than its capacity of 0.6: no schedule can give it; demand at most 0.6, or raise the "
        "capacity of 'ana'",
        f"{path}: 1 error, 0 warnings",
    ]


def test_validate_locates_five_demanded_of_capacity_one(tmp_path: Path) -> None:
    path = _file(tmp_path, FIVE_ON_ONE)
    done = steerco("validate", path)
    assert done.exit_code == 2
    assert done.stderr.startswith(f"{path}:7:15: demand_above_capacity: task 'train' needs 5")


def test_schedule_reports_the_same_located_error_before_solving(tmp_path: Path) -> None:
    path = _file(tmp_path, FIVE_ON_ONE)
    done = steerco("schedule", path, "--format", "json")
    assert done.exit_code == 2 and done.stdout == ""
    assert f"{path}:7:15: demand_above_capacity:" in done.stderr


def test_the_critical_path_alone_does_not_level_and_still_schedules(tmp_path: Path) -> None:
    done = steerco("schedule", _file(tmp_path, FIVE_ON_ONE), "--method", "cpm", "-f", "json")
    assert done.exit_code == 0
    assert json.loads(done.stdout)["makespan"] == 5


def test_validate_with_hard_deadlines_locates_a_deadline_below_the_critical_path(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path, LATE_CHAIN)
    assert steerco("validate", path).exit_code == 0  # soft deadlines: a miss, not an error
    done = steerco("validate", path, "--hard-deadlines")
    assert done.exit_code == 2
    line = done.stderr.splitlines()[0]
    assert line.startswith(f"{path}:5:48: deadline_unreachable: task 'b' must finish by 2027-01-08")
    assert "finishes on 2027-01-12 at the earliest" in line and "2 working days late" in line
    soft = steerco("schedule", path, "-f", "json")
    assert soft.exit_code == 0
    hard = steerco("schedule", path, "--hard-deadlines", "-f", "json")
    assert hard.exit_code == 2 and hard.stderr.splitlines() == [line]


def test_the_table_says_which_constraints_conflict(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "name: Tight\n"
        "start: 2027-01-04\n"
        "resources: [{id: mle1}]\n"
        "tasks:\n"
        "  - {id: a, duration: 3, demands: {mle1: 1}, deadline: 2027-01-06}\n"
        "  - {id: b, duration: 3, demands: {mle1: 1}, deadline: 2027-01-06}\n",
    )
    done = steerco("schedule", path, "--hard-deadlines", "--time-limit", "5", "--wide")
    assert done.exit_code == 3
    lines = [line.strip("│ ") for line in done.stdout.splitlines()]
    assert "Tight: no schedule (cp-sat, infeasible)" in lines
    rows = [[cell.strip() for cell in line.split("│")] for line in lines if line.count("│") == 3]
    assert rows == [
        ["capacity", "a, b", "mle1", "a and b need mle1 (capacity 1)"],
        ["deadline", "a", "", "a must finish by 2027-01-06"],
        ["deadline", "b", "", "b must finish by 2027-01-06"],
    ]
    assert "3 working days after its deadline 2027-01-06" in done.stdout
    assert f"{path}: no_schedule: infeasible: no schedule meets all of these:" in done.stderr
