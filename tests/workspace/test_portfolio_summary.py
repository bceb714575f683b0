"""The `status` job: the team status report's figures, summarised once per revision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from steerco.app.report import status_report
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.job_kinds import canonical_params
from steerco.app.workspace.jobs import job_result, submit_job
from steerco.app.workspace.portfolio_summary import read_summary, summary_json
from steerco.app.workspace.projects import push_project
from workspace.jobs_fixtures import drain
from workspace.portfolio_plans import demo_files
from workspace.projects_support import user

_LATE = re.compile(r"is ([\d.]+) working days? after the committed")


def _pushed_summary(workspace: Workspace, tmp_path: Path, *, costs: bool = True):  # type: ignore[no-untyped-def]
    files = demo_files(tmp_path / "plan", costs=costs)
    owner = user(workspace, "owner")
    push_project(
        workspace=workspace,
        principal=owner,
        text=files.text,
        file_name="demo.yaml",
        project="demo",
        baselines=files.baselines,
    )
    job = submit_job(workspace=workspace, principal=owner, project="demo", kind="status", params={})
    drain(workspace)
    text = job_result(workspace=workspace, principal=owner, project="demo", job_id=job.id)
    return files, read_summary(text)


def test_the_status_job_gives_the_team_reports_figures(
    workspace: Workspace, tmp_path: Path
) -> None:
    files, summary = _pushed_summary(workspace, tmp_path)
    report = status_report(path=files.path, audience="team")
    assert summary.name == report.project == "Portfolio demo"
    assert summary.status_date == report.status_date
    assert summary.overall.colour == report.overall.colour
    assert summary.overall.rule == report.overall.rule
    schedule = next(d.status for d in report.dimensions if d.name == "schedule")
    cost = next(d.status for d in report.dimensions if d.name == "cost")
    assert (summary.schedule.colour, summary.schedule.rule) == (schedule.colour, schedule.rule)
    assert (summary.cost.colour, summary.cost.value) == (cost.colour, cost.value)
    assert report.charts.forecast is not None
    assert summary.p80 == report.charts.forecast.p80
    assert summary.committed == report.committed
    assert report.budget is not None and report.budget.unit == "money"
    assert (summary.index_name, summary.index) == ("CPI", report.budget.cpi)
    # by hand: EV = 3500 (data done) + 10% of 6400 = 4140; AC = 5200 + 1700 = 6900
    assert summary.index == pytest.approx(4140 / 6900)
    # the schedule rule says how many working days late the P80 is; the summary agrees
    stated = _LATE.search(schedule.rule)
    assert stated is not None and summary.late_days == float(stated.group(1))
    # the closed risk (score 25) is no top risk; vendor is 0.4 -> 3, delay up to 8 -> 5
    assert summary.top_risk is not None
    assert (summary.top_risk.id, summary.top_risk.score) == ("vendor", 15)
    assert summary.top_risk.id == report.risks[0].id
    # `ready` is reached: the next milestone is launch
    assert summary.next_milestone is not None and summary.next_milestone.id == "launch"
    launch = next(m for m in report.milestones if m.id == "launch")
    assert (summary.next_milestone.planned, summary.next_milestone.p80) == (
        launch.planned,
        launch.p80,
    )


def test_without_costs_the_index_is_spi_on_effort(workspace: Workspace, tmp_path: Path) -> None:
    files, summary = _pushed_summary(workspace, tmp_path, costs=False)
    report = status_report(path=files.path, audience="team")
    assert report.budget is not None and report.budget.unit == "effort"
    assert (summary.index_name, summary.index) == ("SPI", report.budget.spi)
    # by hand: EV = 5 + 0.8 = 5.8 working days; PV at 2027-01-13 = 5 + 3 = 8
    assert summary.index == pytest.approx(5.8 / 8)


def test_a_summary_reads_back_as_it_was_written(tmp_path: Path) -> None:
    files = demo_files(tmp_path)
    from steerco.app.workspace.portfolio_summary import summary_of_file

    summary = summary_of_file(path=files.path, iterations=200, seed=3)
    assert read_summary(summary_json(summary)) == summary


def test_status_takes_the_reports_options_but_not_its_audience() -> None:
    assert canonical_params("status", {}) == {
        "status_date": None,
        "iterations": 1000,
        "seed": None,
        "time_limit": 10.0,
    }
    with pytest.raises(InvalidRequestError, match="status takes status_date"):
        canonical_params("status", {"audience": "client"})
    with pytest.raises(InvalidRequestError, match="status_date is a date"):
        canonical_params("status", {"status_date": "soon"})
