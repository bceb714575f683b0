"""What the project page reads from job results and rows: summaries, report parts, the board."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from steerco.app.workspace.job_kinds import canonical_params, run_kind
from steerco.app.workspace.project_figures import (
    board,
    board_day,
    evm_summary,
    forecast_summary,
    milestone_lines,
    report_parts,
    risk_lines,
    statuses_on,
    team_lines,
)
from steerco.app.workspace.rows import RowView

PLAN = Path(__file__).parents[1] / "workspace" / "api_plan.yaml"

FORECAST = {
    "iterations": 500,
    "deterministic": {"finish": "2027-01-25", "makespan": 16.0},
    "finish": {"p10": "2027-01-25", "p50": "2027-01-26", "p80": "2027-02-08", "p95": "2027-02-12"},
    "p_on_time": 0.7,
    "milestones": {
        "launch": {"dates": {"p50": "2027-01-26", "p80": "2027-02-08", "p95": "2027-02-12"},
                   "units": {}, "p_deadline": 0.4},
    },
    "criticality": {"data": 0.5, "model": 1.0, "report": None, "launch": 0.9},
    "cost": {"plan": 12000.0, "p80": 19588.5, "contingency_p80": 7588.5},
    "risks": {"r1": {"occurrence": 0.3, "mean_delay": 10.5}},
}  # fmt: skip


def _row(collection: str, key: str, name: str = "", **data: object) -> RowView:
    return RowView(collection, key, 0, None, name, dict(data))


def test_the_forecast_summary_keeps_the_dates_and_ranks_criticality() -> None:
    summary = forecast_summary(json.dumps(FORECAST), top=2)
    assert summary.iterations == 500
    assert summary.finish["p80"] == dt.date(2027, 2, 8)
    assert summary.deterministic == dt.date(2027, 1, 25)
    assert summary.criticality == (("model", 1.0), ("launch", 0.9))
    assert summary.milestones["launch"]["p95"] == dt.date(2027, 2, 12)
    assert summary.milestones["launch"]["p_deadline"] == 0.4
    assert summary.cost == {"plan": 12000.0, "p80": 19588.5, "contingency_p80": 7588.5}


def test_the_evm_summary_lists_the_measures_and_the_forecast_finish() -> None:
    text = json.dumps(
        {"status_date": "2027-01-11", "baseline": "baseline", "measure": "cost",
         "currency": "USD", "cpi": 0.8, "spi": 1.1, "bac": 12000.0,
         "forecast_finish": "2027-01-27"}
    )  # fmt: skip
    summary = evm_summary(text)
    assert summary.status_date == dt.date(2027, 1, 11)
    assert summary.values["cpi"] == 0.8 and summary.values["spi"] == 1.1
    assert summary.values["eac"] is None  # absent measures are blank, not invented
    assert summary.forecast_finish == dt.date(2027, 1, 27)


def test_milestones_join_the_plan_the_forecast_and_the_day_reached() -> None:
    rows = [
        _row("milestones", "launch", "Launch", deadline="2027-02-01", reached=None),
        _row("milestones", "kickoff", "Kick-off", deadline=None, reached="2027-01-04"),
    ]
    schedule = {"tasks": [{"id": "launch", "finish": "2027-01-25"}]}
    lines = milestone_lines(rows, schedule, forecast_summary(json.dumps(FORECAST)))
    launch, kickoff = lines
    assert (launch.planned, launch.p80, launch.p_deadline) == (
        dt.date(2027, 1, 25),
        dt.date(2027, 2, 8),
        0.4,
    )
    assert launch.deadline == dt.date(2027, 2, 1) and launch.reached is None
    assert kickoff.reached == dt.date(2027, 1, 4) and kickoff.p50 is None
    assert milestone_lines(rows, None, None)[0].planned is None


def test_risk_lines_word_the_impact_and_add_the_forecasts_occurrence() -> None:
    rows = [
        _row("risks", "r1", "Vendor late", title="Vendor late", probability=0.3,
             impact={"delay": {"low": "5d", "likely": "10d", "high": "20d",
                              "distribution": "pert"}, "cost": 0.0, "scope": None},
             status="open", owner="ana", response={"strategy": "mitigate"}, tasks=["data"]),
        _row("risks", "r2", "GPU shortage", title="GPU shortage", probability=0.2,
             impact={"cost": 2000.0, "delay": {"low": 1, "likely": 2, "high": 9,
                                               "distribution": "triangular"}},
             status="closed"),
    ]  # fmt: skip
    first, second = risk_lines(rows, forecast_summary(json.dumps(FORECAST)))
    assert first.impact == "delay 5d..10d..20d"
    assert (first.occurrence, first.mean_delay, first.response) == (0.3, 10.5, "mitigate")
    assert first.tasks == ("data",)
    assert second.impact == "cost 2000.0, delay 1..2..9 (triangular)"
    assert second.occurrence is None
    assert second.status == "closed" and second.owner is None


def test_team_lines_count_each_resources_tasks_and_booked_days() -> None:
    rows = [
        _row("resources", "ana", "ML engineer 1", kind="person", capacity=1),
        _row("resources", "gpu", "GPU node", kind="equipment", capacity=4),
    ]
    schedule = {
        "tasks": [
            {"id": "build", "kind": "summary", "resources": {}},
            {"id": "data", "kind": "task", "resources": {"ana": 1.0}},
            {"id": "report", "kind": "task", "resources": {"ana": 1.0}},
        ],
        "load": {
            "ana": [
                {"start": "2027-01-04", "finish": "2027-01-08", "units": 1.0},
                {"start": "2027-01-21", "finish": "2027-01-25", "units": 1.0},
            ]
        },
    }
    ana, gpu = team_lines(rows, schedule)
    assert ana.tasks == ("data", "report")
    assert ana.busy_days == 5 + 5  # two runs of five calendar days each
    assert (ana.first, ana.last) == (dt.date(2027, 1, 4), dt.date(2027, 1, 25))
    assert gpu.tasks == () and gpu.busy_days == 0 and gpu.capacity == 4.0
    assert gpu.kind == "equipment"


SPRINTS = [
    _row("sprints", "s1", "Sprint 1", start="2027-01-04", end="2027-01-15"),
    _row("sprints", "s2", "Sprint 2", start="2027-01-18", end="2027-01-29"),
]
BACKLOG = [
    _row("backlog", "ML-1", title="a", status="Done", sprints=["s1"]),
    _row("backlog", "ML-2", title="b", status="in progress", sprints=["s1"]),
    _row("backlog", "ML-3", title="c", status=None, sprints=["s1"]),
    _row("backlog", "ML-4", title="d", status=None, sprints=["s2"]),
    _row("backlog", "EP-1", title="epic", type="epic", sprints=["s1"]),
]


def _columns(found: object) -> dict[str, list[str]]:
    return {c.status: [i.key for i in c.items] for c in found.columns}  # type: ignore[attr-defined]


def test_the_board_shows_the_sprint_under_way_by_status_in_workflow_order() -> None:
    found = board(BACKLOG, SPRINTS, dt.date(2027, 1, 6))
    assert found.sprint is not None and found.sprint.key == "s1"
    assert _columns(found) == {"To Do": ["ML-3"], "In Progress": ["ML-2"], "Done": ["ML-1"]}


def test_between_sprints_the_board_shows_the_last_one_started_and_before_any_the_first() -> None:
    after = board(BACKLOG, SPRINTS, dt.date(2027, 2, 10))
    assert after.sprint is not None and after.sprint.key == "s2"
    assert _columns(after)["To Do"] == ["ML-4"]
    before = board(BACKLOG, SPRINTS, dt.date(2026, 12, 1))
    assert before.sprint is not None and before.sprint.key == "s1"


def test_without_sprints_the_board_holds_the_backlog_and_own_statuses_follow() -> None:
    items = [*BACKLOG[:2], _row("backlog", "ML-9", title="e", status="In Review")]
    found = board(items, [], dt.date(2027, 1, 6))
    assert found.sprint is None
    # a status of the team's own workflow: empty default columns are left out
    assert _columns(found) == {"In Progress": ["ML-2"], "Done": ["ML-1"], "In Review": ["ML-9"]}


@pytest.fixture(scope="module")
def team_report() -> str:
    """The team report of the API plan, rendered by the report job as the page asks it."""
    params = canonical_params("report", {"audience": "team", "iterations": 200, "seed": 0})
    return run_kind("report", params, PLAN)


def test_the_reports_sections_charts_rag_and_status_date_are_found(team_report: str) -> None:
    parts = report_parts(team_report)
    assert {"overall", "milestones", "risks", "gates", "team", "charts"} <= set(parts.sections)
    assert {"gantt", "risk-matrix", "resource-load"} <= set(parts.charts)
    matrix = parts.charts["risk-matrix"]
    assert matrix.startswith('<figure id="chart-risk-matrix"') and matrix.endswith("</figure>")
    assert "<svg" in matrix
    assert parts.sections["gates"].startswith("<h2>Gates</h2>")
    team = parts.sections["team"]  # each person's next tasks, not the list of every task
    assert "Ana&#39;s next tasks" in team and "Bo&#39;s next tasks" in team
    assert "Every task" in team_report and "Every task" not in team
    # the API plan's open risk r1 scores 3 x 5: red, and the report says so in words
    assert parts.colour == "red" and "risk" in parts.value
    assert parts.status_date == dt.date.today()  # the plan records no status date


def test_report_parts_of_text_that_is_no_report_are_empty() -> None:
    parts = report_parts("<p>not a report</p>")
    assert parts.sections == {} and parts.charts == {}
    assert parts.colour is None and parts.status_date is None


def test_the_board_shows_each_item_as_it_stood_on_the_status_date() -> None:
    # The page's board is `steerco sprint`'s: at the file's status date, else today, each
    # item in the status it had that day (it took the machine's date and the latest ones).
    progress = {"status_date": "2027-01-06"}
    day = board_day(progress, dt.date(2030, 1, 1))
    assert day == dt.date(2027, 1, 6) and board_day(None, dt.date(2030, 1, 1)).year == 2030
    items = [
        _row("backlog", "ML-1", status="Done", sprints=["s1"], done="2027-01-08"),
        _row("backlog", "ML-2", status="Done", sprints=["s1"], done="2027-01-05"),
        _row("backlog", "ML-3", status="In Progress", sprints=["s1"], started="2027-01-07"),
    ]
    found = board(statuses_on(items, None, day), SPRINTS, day)
    assert _columns(found) == {"To Do": ["ML-1", "ML-3"], "In Progress": [], "Done": ["ML-2"]}


def test_the_evm_summary_says_when_the_earned_schedule_finish_is_too_early() -> None:
    text = json.dumps(
        {"status_date": "2027-01-11", "forecast_finish": "2027-01-13",
         "earliest_finish": "2027-01-18"}
    )  # fmt: skip
    summary = evm_summary(text)
    assert (summary.earliest_finish, summary.before_earliest) == (dt.date(2027, 1, 18), True)
    later = evm_summary(text.replace("2027-01-13", "2027-01-20"))
    assert not later.before_earliest
