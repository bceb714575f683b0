"""Per-task deadlines the plan misses: listed with the deadline, the finish and how late.

The plan, from Monday 4 January 2027 on weekdays: a (3 days, Mon 4 - Wed 6) -> b (4 days,
Thu 7 - Tue 12) in phase ph, then c (2 days, Wed 13 - Thu 14); the milestone m after ph
falls on Tue 12. By hand: a's deadline Tue 5 (end: unit 2) against its finish unit 3: 1
working day late. ph's deadline Fri 8 (unit 5) against Tue 12 (unit 7): 2 late. c's
deadline Tue 12 (unit 7) against Thu 14 (unit 9): 2 late. m's deadline Fri 15: met.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import yaml

from cli_runner import steerco
from steerco.app.schedule import schedule_project
from steerco.model import Project
from steerco.schedule.deadlines import MissedDeadline, missed_deadlines, task_deadlines
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule

SOURCE = """\
name: Deadlines
start: 2027-01-04
tasks:
  - id: ph
    name: Phase
    deadline: 2027-01-08
    children:
      - {id: a, name: Data audit, duration: 3, deadline: 2027-01-05}
      - {id: b, name: Baseline model, duration: 4, after: [a]}
  - {id: m, name: Demo, milestone: true, after: [ph], deadline: 2027-01-15}
  - {id: c, name: Report, duration: 2, after: [b], deadline: 2027-01-12}
"""

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "schedule.schema.json"


def day(n: int) -> dt.date:
    return dt.date(2027, 1, n)


def _plan(source: str) -> Schedule:
    project = Project.model_validate(yaml.safe_load(source))
    plan = schedule_project(source=project, options=SolveOptions("cpm"))
    assert isinstance(plan, Schedule)
    return plan


def test_each_missed_task_deadline_with_its_finish_and_lateness() -> None:
    project = Project.model_validate(yaml.safe_load(SOURCE))
    assert task_deadlines(project) == {"ph": day(8), "a": day(5), "m": day(15), "c": day(12)}
    assert missed_deadlines(_plan(SOURCE)) == [
        MissedDeadline("ph", "Phase", day(8), day(12), 2),
        MissedDeadline("a", "Data audit", day(5), day(6), 1),
        MissedDeadline("c", "Report", day(12), day(14), 2),
    ]


def test_a_plan_meeting_its_deadlines_lists_none() -> None:
    # Deadlines on the planned finishes themselves: a Wed 6, ph Tue 12, c Thu 14.
    met = SOURCE.replace("2027-01-05", "2027-01-06").replace("2027-01-08", "2027-01-12")
    met = met.replace("deadline: 2027-01-12}", "deadline: 2027-01-14}")
    assert missed_deadlines(_plan(met)) == []


def test_the_table_lists_each_missed_deadline_under_it(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    code, out, _ = steerco("schedule", path, "--wide")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("missed deadline:")]
    assert lines == [
        "missed deadline: ph (Phase): deadline 2027-01-08, planned finish 2027-01-12, "
        "2 working days late",
        "missed deadline: a (Data audit): deadline 2027-01-05, planned finish 2027-01-06, "
        "1 working day late",
        "missed deadline: c (Report): deadline 2027-01-12, planned finish 2027-01-14, "
        "2 working days late",
    ]


def test_the_json_lists_them_and_matches_its_schema(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    code, out, _ = steerco("schedule", path, "--format", "json")
    assert code == 0
    data = json.loads(out)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    assert data["missed_deadlines"] == [
        {"task": "ph", "deadline": "2027-01-08", "finish": "2027-01-12", "late": 2},
        {"task": "a", "deadline": "2027-01-05", "finish": "2027-01-06", "late": 1},
        {"task": "c", "deadline": "2027-01-12", "finish": "2027-01-14", "late": 2},
    ]
