"""Real reports of every bundled example, opened in headless Chromium; the PDF read back.

`render_report` runs the real builder, charts and renderers. Each (file, date) report's
inputs (plan, forecast, register) are computed once for the module and shared by its three
audiences, and one Chromium opens every page. Each example is reported before its start (a
project still in planning) and in the middle of its plan; an example with recorded progress
at its file's status date and at the snapshot before it.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as html_text
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from html_page import SECTIONS
from pypdf import PdfReader
from report_sample import MONEY

from cli_runner import steerco
from steerco.app import report as app_report
from steerco.app.baseline import save_baseline
from steerco.app.progress import record_progress
from steerco.app.report import status_report
from steerco.app.report_output import render_report
from steerco.formats.loader import load_project
from steerco.formats.snapshots import load_snapshots
from steerco.model.communication import Audience
from steerco.report.build import ReportInputs
from steerco.report.data import StatusReport
from steerco.schedule.options import SolveOptions
from steerco.track.progress import recorded_dates

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
FLAGSHIP = next(p for p in EXAMPLES if p.stem == "support-assistant")
ITERATIONS, SEED = 200, 7
AUDIENCES: tuple[Audience, ...] = ("client", "sponsor", "team")
MIDDLE = "middle"
"""Stands for the middle of the plan, known once the plan is made."""
_real_inputs = app_report.report_inputs


@functools.cache
def _inputs(
    path: Path,
    status_date: dt.date | None,
    iterations: int,
    seed: int | None,
    time_limit: float | None,
    baseline: str | None,
) -> Any:
    return _real_inputs(
        path=path,
        status_date=status_date,
        iterations=iterations,
        seed=seed,
        time_limit=time_limit,
        baseline=baseline,
    )


def _cached_inputs(
    *,
    path: Path,
    status_date: dt.date | None = None,
    iterations: int = app_report.REPORT_ITERATIONS,
    seed: int | None = None,
    time_limit: float | None = None,
    baseline: str | None = None,
) -> ReportInputs:
    """`report_inputs`, computed once per file, date, iterations, seed, limit and baseline."""
    inputs: ReportInputs = _inputs(path, status_date, iterations, seed, time_limit, baseline)
    return inputs


@pytest.fixture(scope="module", autouse=True)
def _inputs_once() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app_report, "report_inputs", _cached_inputs)
        yield


def _dates(path: Path) -> tuple[dt.date | str, ...]:
    """The status dates an example is reported at (see the module's docstring)."""
    project = load_project(path)
    recorded = project.progress.status_date
    if recorded is not None:
        earlier = [d for d in recorded_dates(project, load_snapshots(path)) if d < recorded]
        return (recorded, *earlier[-1:])
    assert project.start is not None
    return (project.start - dt.timedelta(days=7), MIDDLE)


def _resolved(path: Path, when: dt.date | str) -> dt.date:
    if isinstance(when, dt.date):
        return when
    start = load_project(path).start
    assert start is not None
    first = _dates(path)[0]
    assert isinstance(first, dt.date)
    plan = _cached_inputs(path=path, status_date=first, iterations=ITERATIONS, seed=SEED).plan
    finish = max(row.finish for row in plan.tasks())
    return start + (finish - start) // 2


CASES = [(path, when) for path in EXAMPLES for when in _dates(path)]


@dataclass(frozen=True)
class Shown:
    """What Chromium made of one report page."""

    report: StatusReport
    url: str
    requests: list[str]
    console_errors: list[str]
    page_errors: list[str]
    visible: dict[str, bool]
    charts: dict[str, tuple[float, float]]
    """Figure id -> its SVG's width and height on screen."""
    overall_word: str | None
    """The overall RAG word, None unless it is shown."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            yield chromium
        finally:
            chromium.close()


_LOOK = """sections => {
  const shown = e => e !== null && e.checkVisibility() && e.getBoundingClientRect().height > 0;
  const visible = Object.fromEntries(sections.map(s => [s, shown(document.getElementById(s))]));
  const charts = [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return [f.id, box.width, box.height];
  });
  const word = document.querySelector('#overall .overall-line .rag');
  return {visible, charts, word: word && shown(word) ? word.innerText : null};
}"""


def _show(browser: Any, folder: Path, path: Path, day: dt.date, audience: Audience) -> Shown:
    rendered = render_report(
        path=path, status_date=day, audience=audience, fmt="html", iterations=ITERATIONS, seed=SEED
    )
    file = folder / f"{path.stem}-{day}-{audience}.html"
    file.write_bytes(rendered.body)
    report = status_report(
        path=path, status_date=day, audience=audience, iterations=ITERATIONS, seed=SEED
    )
    console: list[str] = []
    errors: list[str] = []
    requests: list[str] = []
    tab = browser.new_page()
    try:
        tab.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on("request", lambda r: requests.append(r.url))
        tab.goto(file.as_uri())
        seen = tab.evaluate(_LOOK, list(SECTIONS))
    finally:
        tab.close()
    charts = {name: (width, height) for name, width, height in seen["charts"]}
    return Shown(
        report, file.as_uri(), requests, console, errors, seen["visible"], charts, seen["word"]
    )


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0].stem}-{c[1]}")
def shown(
    request: pytest.FixtureRequest, browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[Audience, Shown]:
    """Each audience's page of one example at one date, as Chromium showed it."""
    path, when = request.param
    day = _resolved(path, when)
    folder = tmp_path_factory.mktemp("pages")
    return {a: _show(browser, folder, path, day, a) for a in AUDIENCES}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_example_shows_its_sections_and_charts_quietly_offline(
    shown: dict[Audience, Shown], audience: Audience
) -> None:
    page = shown[audience]
    assert page.requests == [page.url], "nothing is fetched but the page itself"
    assert page.console_errors == [] and page.page_errors == []
    expected = {"overall", "milestones", "period", "risks", "budget", "gates", "decisions"}
    expected.add("charts")
    if audience != "client" and page.report.stakeholders:
        expected.add("stakeholders")
    if audience == "team":
        expected.add("team")
    assert {s for s, seen in page.visible.items() if seen} >= expected
    assert page.visible["team"] == (audience == "team")
    assert {"chart-gantt", "chart-forecast-histogram", "chart-forecast-scurve"} <= set(page.charts)
    assert ("chart-resource-load" in page.charts) == bool(page.report.charts.resource_load)
    assert page.visible["agile"] == (page.report.agile is not None)
    burn = page.report.charts.sprint_burn is not None
    assert (
        ("chart-sprint-burndown" in page.charts) == ("chart-sprint-burnup" in page.charts) == burn
    )
    for name, (width, height) in page.charts.items():
        assert width > 0 and height > 0, name
    assert page.overall_word == page.report.overall.colour.upper()


def test_the_examples_are_reported_before_their_start_and_in_their_plan() -> None:
    for path in EXAMPLES:
        project = load_project(path)
        if project.progress.status_date is not None:
            continue
        before, middle = (_resolved(path, when) for when in _dates(path))
        assert project.start is not None and before < project.start < middle
        report = status_report(path=path, status_date=before, iterations=ITERATIONS, seed=SEED)
        assert report.status_date == before and report.done_in_period == ()


# --- The flagship's PDF --------------------------------------------------------------------


def _pdf_pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_flagships_client_pdf_has_a_cover_numbered_pages_and_every_milestone() -> None:
    day = _resolved(FLAGSHIP, MIDDLE)
    kw: dict[str, Any] = {"iterations": ITERATIONS, "seed": SEED, "status_date": day}
    pdf = render_report(path=FLAGSHIP, audience="client", fmt="pdf", **kw)
    report = status_report(path=FLAGSHIP, audience="client", **kw)
    pages = _pdf_pages(pdf.body)
    total = len(pages)
    assert total >= 2  # the cover, then the body
    assert report.project in pages[0] and "For the client audience" in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text
    body = " ".join(pages[1:])
    assert report.milestones
    for line in report.milestones:
        assert line.name in body


# --- A costed project: the client sees no money and no names, the sponsor does -------------

COSTED = """\
name: Costed pilot
start: 2027-01-04
currency: EUR
resources:
  - {id: alice, name: Alice Quantock, rate: 1200}
  - {id: bob, name: Bob Zeller, rate: 950}
tasks:
  - {id: a, name: Data audit, duration: 5, demands: [{resource: alice}]}
  - {id: b, name: Baseline model, duration: 10, after: [a], demands: [{resource: bob}]}
  - {id: m, name: Model ready, milestone: true, after: [b]}
"""
NAMES = ("Alice Quantock", "Bob Zeller")


@pytest.fixture(scope="module")
def costed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[Audience, str], str]:
    """The costed project's client and sponsor reports, as page text and as PDF text."""
    path = tmp_path_factory.mktemp("costed") / "costed.yaml"
    path.write_text(COSTED, encoding="utf-8")
    save_baseline(path=path, saved=dt.date(2027, 1, 1), options=SolveOptions("cpm"))
    record_progress(path=path, task="a", done=True, cost=6500, date=dt.date(2027, 1, 8))
    out: dict[tuple[Audience, str], str] = {}
    kw: dict[str, Any] = {"iterations": ITERATIONS, "seed": SEED}
    for audience in ("client", "sponsor"):
        page = render_report(path=path, audience=audience, fmt="html", **kw).body.decode()
        out[audience, "html"] = page
        pdf = render_report(path=path, audience=audience, fmt="pdf", **kw).body
        out[audience, "pdf"] = " ".join(_pdf_pages(pdf))
    return out


def _visible_text(page: str) -> str:
    """The page's text with its markup gone (the SVG's text included)."""
    without_style = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return html_text.unescape(re.sub(r"<[^>]+>", " ", without_style))


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_client_report_hides_rates_costs_and_names(
    costed: dict[tuple[Audience, str], str], fmt: str
) -> None:
    client = costed["client", fmt]
    text = _visible_text(client) if fmt == "html" else client
    assert MONEY.search(text) is None and "EUR" not in text
    for name in NAMES:
        assert name not in client
    sponsor = costed["sponsor", fmt]
    shown = _visible_text(sponsor) if fmt == "html" else sponsor
    assert MONEY.search(shown) is not None and "EUR" in shown  # so the check above can fail
    assert all(name in sponsor for name in NAMES)


# --- The report agrees with `steerco forecast` and `steerco schedule` ----------------------

CROSS = next(p for p in EXAMPLES if p.stem == "llm-assistant")


def test_the_report_has_the_forecast_and_schedule_commands_dates() -> None:
    start = load_project(CROSS).start
    report = status_report(path=CROSS, status_date=start, iterations=ITERATIONS, seed=SEED)
    counts = ("--iterations", str(ITERATIONS), "--seed", str(SEED))
    run = steerco("forecast", CROSS, "--format", "json", *counts)
    assert run.exit_code == 0, run.output
    forecast = json.loads(run.stdout)
    plan = steerco("schedule", CROSS, "--format", "json")
    assert plan.exit_code == 0, plan.output
    planned = {task["id"]: task["finish"] for task in json.loads(plan.stdout)["tasks"]}
    schedule = next(d.status for d in report.dimensions if d.name == "schedule")
    assert schedule.value == f"P80 finish {forecast['finish']['p80']}"
    assert report.charts.forecast is not None
    assert str(report.charts.forecast.p80) == forecast["finish"]["p80"]
    assert report.milestones
    for line in report.milestones:
        dates = forecast["milestones"][line.id]["dates"]
        assert (str(line.p50), str(line.p80)) == (dates["p50"], dates["p80"])
        assert str(line.planned) == planned[line.id]


def test_the_earned_value_chart_is_in_the_projects_currency(
    costed: dict[tuple[Audience, str], str],
) -> None:
    figure = re.search(
        r'<figure id="chart-earned-value".*?</figure>', costed["sponsor", "html"], re.S
    )
    assert figure is not None
    assert 'aria-label="Earned value in EUR: planned value' in figure.group(0)
