"""Reports of every bundled example, at two status dates and for every audience.

And the report never disagrees with the commands: its P80 finish and milestone dates are
`steerco forecast`'s for the same file, iterations and seed, its planned dates `schedule`'s.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

from steerco.app.forecast import ForecastOptions, forecast_project
from steerco.app.report import report_inputs
from steerco.app.schedule import schedule_project
from steerco.formats.loader import load_project
from steerco.report.build import ReportInputs, build_status_report
from steerco.schedule.plan import Schedule

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
FLAGSHIP = next(p for p in EXAMPLES if p.stem == "support-assistant")
ITERATIONS, SEED = 100, 11
AFTER = (dt.timedelta(days=30), dt.timedelta(days=150))
"""Status dates: a month into each example, and five months in (or, where the example
records progress, its own status date: nothing is recorded after it)."""
FLAGSHIP_DATES = (dt.date(2027, 3, 1), dt.date(2027, 5, 7))
"""The flagship's: after its hosting decision was due, and the day of its own narrative."""


def status_dates(path: Path) -> tuple[dt.date, ...]:
    if path == FLAGSHIP:
        return FLAGSHIP_DATES
    project = load_project(path)
    start, recorded = project.start, project.progress.status_date
    assert start is not None
    if recorded is not None:
        return (start + AFTER[0], recorded)
    return tuple(start + after for after in AFTER)


@functools.cache
def inputs_at(path: Path, status_date: dt.date) -> ReportInputs:
    """The report's inputs, computed once per file and date for this module."""
    return report_inputs(path=path, status_date=status_date, iterations=ITERATIONS, seed=SEED)


CASES = [(path, when) for path in EXAMPLES for when in range(len(AFTER))]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0].stem}-{c[1]}")
def case(request: pytest.FixtureRequest) -> tuple[Path, ReportInputs]:
    path, when = request.param
    return path, inputs_at(path, status_dates(path)[when])


@pytest.mark.parametrize("audience", ["client", "sponsor", "team"])
def test_every_example_reports_for_every_audience(
    case: tuple[Path, ReportInputs], audience: str
) -> None:
    path, inputs = case
    report = build_status_report(inputs, audience=audience)  # type: ignore[arg-type]
    project = load_project(path)
    assert report.project == project.name and report.status_date == inputs.status_date
    assert [d.name for d in report.dimensions] == ["schedule", "cost", "scope", "risk", "quality"]
    assert report.overall.colour in {"green", "amber", "red", "grey"} and report.overall.rule
    assert all(d.status.rule for d in report.dimensions)
    assert report.narrative
    if report.narrative_written_by == "steerco":
        assert report.narrative[0].startswith("Overall status:")
    assert len(report.milestones) == sum(t.milestone for t in project.leaves())
    assert report.charts.forecast is not None
    assert sum(report.charts.forecast.counts) == ITERATIONS
    assert len(report.charts.risk_matrix) == 25 and report.charts.gantt
    assert report.charts.resource_load
    assert (len(report.tasks) > 0) == (audience == "team")
    assert (len(report.stakeholders) == len(project.stakeholders)) or audience == "client"
    if audience == "client" and project.reporting.client_hides_names:
        names = {r.name for r in project.resources if r.kind == "person"}
        assert not names & {load.resource for load in report.charts.resource_load}


def test_the_flagship_report_shows_its_decisions_and_stakeholders() -> None:
    report = build_status_report(inputs_at(FLAGSHIP, FLAGSHIP_DATES[0]), audience="sponsor")
    assert [(d.id, d.overdue) for d in report.decisions] == [
        ("d-pilot-scope", False),
        ("d-hosting", True),  # needed by 2027-02-26
        ("d-retention", False),
    ]
    assert {s.audience for s in report.stakeholders} == {"sponsor", "client", "team"}
    assert report.period_end - report.period_start == dt.timedelta(days=28)  # 14 days each way


def test_the_flagship_narrative_is_the_managers_on_its_date() -> None:
    report = build_status_report(inputs_at(FLAGSHIP, FLAGSHIP_DATES[1]), audience="client")
    assert report.narrative_written_by == "manager" and len(report.narrative) == 2
    assert report.narrative[0].startswith("Discovery, safety sign-off")


def test_the_report_agrees_with_forecast_and_schedule() -> None:
    report = build_status_report(inputs_at(FLAGSHIP, FLAGSHIP_DATES[0]), audience="team")
    options = ForecastOptions(iterations=ITERATIONS, seed=SEED)
    forecast = forecast_project(path=FLAGSHIP, options=options).forecast
    assert report.charts.forecast is not None
    assert report.charts.forecast.p80 == forecast.finish["p80"]
    assert report.charts.forecast.p50 == forecast.finish["p50"]
    plan = schedule_project(source=FLAGSHIP)
    assert isinstance(plan, Schedule)
    planned = {row.id: row.finish for row in plan.tasks()}
    schedule = next(d.status for d in report.dimensions if d.name == "schedule")
    assert schedule.value == f"P80 finish {forecast.finish['p80']}"
    for line in report.milestones:
        assert line.planned == planned[line.id]
        milestone = forecast.milestones[line.id]
        assert (line.p50, line.p80) == (milestone.dates["p50"], milestone.dates["p80"])
        assert line.p90 == milestone.p90
