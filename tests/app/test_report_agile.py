"""The report's agile section says what `steerco sprint`, `velocity`, `release` and `flow` say.

Each figure is compared with the command's JSON at the same date, and with the numbers
the bundled examples were written to have:

- examples/scrum-recommender.yaml at 2027-03-19: Sprint 5 (15-26 March) committed REC-21
  to REC-26 (3+5+5+3+2+3 = 21 points); REC-27 (2 points) was added on the 18th; REC-21
  and REC-25 are done (5 points), so 18 remain. Finished sprints completed 19, 23, 19, 23
  points; the last three average 65 / 3. The release runs to the cut line REC-36: 14
  items and 60 points left.
- examples/kanban-mlops.yaml at 2027-03-26: In Progress holds 4 items against a limit
  of 3 (the hotfix OPS-33 was pulled in on the 25th); 7 items are in progress in all
  (In Progress 4, Ready for Review 1, Review 1, Deploying 1).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from cli_runner import steerco
from steerco.app.report import status_report
from steerco.app.report_agile import AgileFigures, agile_figures
from steerco.formats.loader import load_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRUM, KANBAN = EXAMPLES / "scrum-recommender.yaml", EXAMPLES / "kanban-mlops.yaml"
SCRUM_DATE, KANBAN_DATE = dt.date(2027, 3, 19), dt.date(2027, 3, 26)


def _json(*args: str | Path) -> Any:
    result = steerco(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _figures(path: Path, day: dt.date) -> AgileFigures:
    return agile_figures(path=path, project=load_project(path), status_date=day)


@pytest.fixture(scope="module")
def scrum() -> AgileFigures:
    return _figures(SCRUM, SCRUM_DATE)


@pytest.fixture(scope="module")
def kanban() -> AgileFigures:
    return _figures(KANBAN, KANBAN_DATE)


def test_the_active_sprint_is_the_sprint_commands(scrum: AgileFigures) -> None:
    assert scrum.section is not None and scrum.burn is not None
    sprint = scrum.section.sprint
    assert sprint is not None
    shown = _json("sprint", SCRUM, "--date", str(SCRUM_DATE))
    assert (sprint.id, sprint.name, sprint.goal) == (
        shown["sprint"]["id"],
        shown["sprint"]["name"],
        shown["sprint"]["goal"],
    )
    assert (sprint.start.isoformat(), sprint.end.isoformat()) == (
        shown["sprint"]["start"],
        shown["sprint"]["end"],
    )
    assert sprint.committed == shown["commitment"]["points"] == 21
    assert sprint.added == shown["added"]["points"] == 2
    assert sprint.removed == shown["removed"]["points"] == 0
    assert sprint.completed == shown["completed"]["points"] == 5
    assert sprint.remaining == shown["remaining"]["points"] == 18
    assert sprint.capacity == shown["capacity"]["person_days"]
    burn, days = scrum.burn, shown["days"]
    assert [d.isoformat() for d in burn.dates] == [d["date"] for d in days]
    assert list(burn.scope) == [d["scope"]["points"] for d in days]
    assert list(burn.done) == [d["done"]["points"] for d in days]
    assert list(burn.remaining) == [d["remaining"]["points"] for d in days]
    assert list(burn.ideal) == [d["ideal_points"] for d in days]
    assert burn.scope == (21, 21, 21, 23, 23)  # REC-27 added on Thursday the 18th
    assert burn.last_day == dt.date(2027, 3, 26)


def test_velocity_is_the_velocity_commands(scrum: AgileFigures) -> None:
    assert scrum.section is not None and scrum.section.velocity is not None
    velocity = scrum.section.velocity
    shown = _json("velocity", SCRUM, "--date", str(SCRUM_DATE))
    counted = shown["sprints"][-shown["counted"] :]
    assert list(velocity.points) == [s["completed_points"] for s in counted] == [23, 19, 23]
    assert list(velocity.sprints) == [s["name"] for s in counted]
    assert velocity.mean == shown["mean"] == pytest.approx(65 / 3)


def test_the_release_forecast_is_the_release_commands(scrum: AgileFigures) -> None:
    assert scrum.section is not None and scrum.section.release is not None
    release = scrum.section.release
    shown = _json("release", SCRUM, "--date", str(SCRUM_DATE))
    dates = {q: shown["forecast"]["percentiles"][f"P{q}"]["end"] for q in (50, 85, 95)}
    assert {50: release.p50, 85: release.p85, 95: release.p95} == {
        q: dt.date.fromisoformat(day) for q, day in dates.items()
    }
    assert release.remaining_items == shown["scope"]["remaining_items"] == 14
    assert release.remaining_points == shown["scope"]["remaining"] == 60
    assert release.basis == shown["basis"] == "velocity"
    assert release.scope == "everything ranked up to REC-36"


def test_flow_is_the_flow_commands(kanban: AgileFigures) -> None:
    assert kanban.section is not None
    flow = kanban.section.flow
    assert flow is not None
    shown = _json("flow", KANBAN, "--date", str(KANBAN_DATE))
    percentiles = {p["percentile"]: p["days"] for p in shown["cycle_time"]["percentiles"]}
    assert (flow.cycle_time_p50, flow.cycle_time_p85) == (percentiles[50], percentiles[85])
    weeks = [w["count"] for w in shown["throughput"]["per_week"]]
    assert flow.throughput_per_week == pytest.approx(sum(weeks) / len(weeks))
    categories = {s["name"]: s["category"] for s in shown["statuses"]}
    wip = [w for w in shown["wip"] if categories[w["status"]] == "in_progress"]
    assert flow.wip == sum(w["count"] for w in wip) == 7
    assert flow.wip_violations == ("In Progress: 4 of 3",)
    assert [w["status"] for w in shown["wip"] if w["over"]] == ["In Progress"]
    aging = {a["id"]: a["age"] for a in shown["aging"]}
    assert {line.id: line.age_days for line in kanban.section.in_progress} == aging


def test_a_kanban_board_has_no_sprint_part(kanban: AgileFigures) -> None:
    assert kanban.section is not None and kanban.burn is None
    assert kanban.section.sprint is None and kanban.section.velocity is None
    assert kanban.section.release is not None and kanban.section.release.basis == "throughput"


def test_before_any_work_the_section_is_there_with_nothing_in_it() -> None:
    figures = _figures(KANBAN, dt.date(2026, 12, 1))
    assert figures.section is not None and figures.burn is None
    section = figures.section
    assert (section.sprint, section.velocity, section.release, section.flow) == (None,) * 4
    assert section.in_progress == ()


def test_a_project_without_a_backlog_has_no_agile_figures() -> None:
    plain = EXAMPLES / "llm-assistant.yaml"
    figures = _figures(plain, dt.date(2027, 3, 1))
    assert figures == AgileFigures(None, None)


def test_the_report_carries_the_same_section(scrum: AgileFigures) -> None:
    report = status_report(path=SCRUM, iterations=50, seed=1, time_limit=2.0)
    assert report.status_date == SCRUM_DATE
    assert report.agile is not None and scrum.section is not None
    assert report.agile.sprint == scrum.section.sprint
    assert report.agile.release == scrum.section.release
    assert report.agile.flow == scrum.section.flow
    assert report.charts.sprint_burn == scrum.burn
    people = {line.assignee for line in report.agile.in_progress}
    assert people == {"ML engineer 2", "Backend engineer"}  # the team sees names
    assert any(
        note.startswith("backlog: as steerco sprint, velocity, release") for note in report.notes
    )
