"""The project page and its tabs, as each role sees them, against the jobs' own results."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from steerco.app.workspace.context import Workspace, open_workspace
from steerco.app.workspace.edits import save_project_baseline
from steerco.app.workspace.job_local import run_queued_jobs
from steerco.app.workspace.jobs import list_jobs
from steerco.app.workspace.projects import push_project
from steerco.app.workspace.tokens import create_token, principal_for_token
from web.pages_support import Browser, pages_client, sign_in

AGILE_PLAN = (Path(__file__).parent / "project_agile_plan.yaml").read_text(encoding="utf-8")
TABS = ("", "/gantt", "/forecast", "/evm", "/risks", "/gates", "/team", "/agile")


def _owner(workspace: Workspace) -> Any:
    secret = create_token(workspace=workspace, user="owner", name="project-tests").secret
    return principal_for_token(workspace=workspace, secret=secret)


@pytest.fixture(scope="session")
def analysed_template(pages_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded workspace with a baseline on `plan`, project `agile` (a backlog, a gate),
    and every analysis the tabs ask for run to the end."""
    path = tmp_path_factory.mktemp("project-pages") / "workspace.db"
    shutil.copyfile(pages_template, path)
    workspace = open_workspace(f"sqlite:///{path}")
    try:
        owner = _owner(workspace)
        save_project_baseline(workspace=workspace, principal=owner, project="plan")
        push_project(
            workspace=workspace,
            principal=owner,
            text=AGILE_PLAN,
            file_name="agile.yaml",
            project="agile",
        )
        browser = sign_in(pages_client(workspace), "owner")
        for _ in range(2):  # the earned-value job follows the report's status date
            for project in ("plan", "agile"):
                for tab in TABS:
                    assert browser.get(f"/projects/{project}{tab}").status_code == 200
            run_queued_jobs(workspace)
    finally:
        workspace.engine.dispose()
    return path


@pytest.fixture
def analysed(analysed_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh copy of the analysed workspace."""
    path = tmp_path / "workspace.db"
    shutil.copyfile(analysed_template, path)
    opened = open_workspace(f"sqlite:///{path}")
    try:
        yield opened
    finally:
        opened.engine.dispose()


def _result(workspace: Workspace, project: str, kind: str, **params: Any) -> dict[str, Any]:
    """The result of the done `kind` job whose parameters include `params` (its JSON)."""
    from steerco.app.workspace.jobs import job_result

    owner = _owner(workspace)
    jobs = list_jobs(workspace=workspace, principal=owner, project=project, limit=100).items
    for job in jobs:
        wanted = all(job.params.get(k) == v for k, v in params.items())
        if job.kind == kind and job.state == "done" and wanted:
            text = job_result(workspace=workspace, principal=owner, project=project, job_id=job.id)
            return dict(json.loads(text))
    raise AssertionError(f"no done {kind} job on {project}")


def _browser(workspace: Workspace, who: str) -> Browser:
    return sign_in(pages_client(workspace), who)


def _main(html: str) -> str:
    """The page's main content, without the header and footer."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _cell(html: str, row_id: str) -> list[str]:
    """The texts of a table row's cells, by the row's id."""
    found = re.search(rf'<tr id="{re.escape(row_id)}"[^>]*>(.*?)</tr>', html, re.S)
    assert found is not None, f"no row {row_id}"
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", found.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_the_overview_shows_the_reports_rag_the_forecast_and_next_milestones(
    analysed: Workspace,
) -> None:
    page = _browser(analysed, "manager").get("/projects/plan")
    assert page.status_code == 200
    html = _main(page.text)
    assert html.count("<h1") == 1 and "API test plan" in html
    assert 'data-testid="tab-gantt"' in html and 'aria-current="page">Overview' in html
    assert 'data-testid="tab-agile"' not in html  # the plan has no backlog
    # the API plan's open risk r1 (3 x 5) is red, written as a word
    assert re.search(r'id="project-rag">Overall <span class="rag red">Red</span>', html)
    forecast = _result(analysed, "plan", "forecast")
    schedule = _result(analysed, "plan", "schedule")
    for key in ("p50", "p80", "p95"):
        assert f'id="forecast-{key}">{forecast["finish"][key]}<' in html
    assert f'id="planned-finish">{schedule["finish"]}<' in html
    launch = next(t for t in schedule["tasks"] if t["id"] == "launch")
    milestones = html.split('id="next-milestones"', 1)[1]
    assert "Launch" in milestones and launch["finish"] in milestones
    assert forecast["milestones"]["launch"]["dates"]["p80"] in milestones
    assert "<progress" not in html  # every analysis is done


def test_the_gantt_lists_the_tasks_with_the_schedules_dates_and_marks_the_critical_ones(
    analysed: Workspace,
) -> None:
    page = _browser(analysed, "manager").get("/projects/plan/gantt")
    assert page.status_code == 200
    html = _main(page.text)
    assert 'id="gantt"' in html
    schedule = _result(analysed, "plan", "schedule")
    for task in schedule["tasks"]:
        cells = _cell(html, f"gantt-row-{task['id']}")
        assert task["name"] in cells[0]
        assert cells[1:3] == [task["start"], task["finish"]]
        marked = "critical" in cells[0].split(task["name"], 1)[1]
        assert marked == (task["critical"] and task["kind"] != "summary"), task["id"]
    critical = [t for t in schedule["tasks"] if t["critical"] and t["kind"] != "summary"]
    assert html.count('data-testid="critical"') == len(critical)
    assert 'class="bar plan critical"' in html and 'class="bar summary"' in html
    assert 'class="bar baseline' in html  # the plan has a baseline
    assert "Baseline finish" in html
    # a manager edits every task, and records progress on leaf tasks
    assert 'href="/projects/plan/tasks/data/edit"' in html
    assert 'href="/projects/plan/tasks/data/progress"' in html
    assert 'href="/projects/plan/tasks/build/progress"' not in html


def test_the_gantt_collapses_and_expands_the_wbs_and_zooms(analysed: Workspace) -> None:
    browser = _browser(analysed, "member")
    closed = _main(browser.get("/projects/plan/gantt?zoom=week&open=").text)
    assert 'id="gantt-row-build"' in closed and 'id="gantt-row-data"' not in closed
    assert 'aria-expanded="false"' in closed and "(3 tasks)" in closed
    assert 'href="/projects/plan/gantt?zoom=week&amp;open=build"' in closed  # opens it
    top = _main(browser.get("/projects/plan/gantt?level=0").text)
    assert 'id="gantt-row-data"' not in top
    everything = _main(browser.get("/projects/plan/gantt?level=all&zoom=day").text)
    assert 'id="gantt-row-report"' in everything and 'aria-expanded="true"' in everything
    data = re.search(
        r'class="bar plan critical" style="left: ([\d.]+)px; width: ([\d.]+)px', everything
    )
    assert data is not None and float(data.group(2)) == 5 * 24.0  # 5 days at 24 px a day
    week = _main(browser.get("/projects/plan/gantt?level=all&zoom=week").text)
    data = re.search(r'class="bar plan critical" style="left: ([\d.]+)px; width: ([\d.]+)px', week)
    assert data is not None and float(data.group(2)) == 5 * 8.0
    assert 'data-testid="gantt-zoom-week" aria-current="true"' in week


def test_a_gantt_control_answers_htmx_with_the_chart_alone(analysed: Workspace) -> None:
    browser = _browser(analysed, "manager")
    answer = browser.get("/projects/plan/gantt?open=", headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert '<div id="gantt"' in answer.text and 'id="gantt-row-build"' in answer.text
    assert "<html" not in answer.text and "<h1" not in answer.text


def test_bad_gantt_queries_are_refused_with_where_they_are(analysed: Workspace) -> None:
    browser = _browser(analysed, "manager")
    zoom = browser.get("/projects/plan/gantt?zoom=year")
    assert zoom.status_code == 422 and "query.zoom" in zoom.text and "day, week, month" in zoom.text
    level = browser.get("/projects/plan/gantt?level=deep")
    assert level.status_code == 422 and "query.level" in level.text


def test_the_forecast_tab_shows_the_forecast_jobs_dates_and_the_reports_charts(
    analysed: Workspace,
) -> None:
    html = _main(_browser(analysed, "member").get("/projects/plan/forecast").text)
    forecast = _result(analysed, "plan", "forecast")
    for key in ("p10", "p50", "p80", "p90", "p95"):
        assert _cell(html, f"forecast-{key}") == [key.upper(), forecast["finish"][key]]
    assert 'data-testid="chart-forecast-histogram"' in html
    assert 'data-testid="chart-forecast-scurve"' in html
    assert "<svg" in html.split('data-testid="chart-forecast-histogram"', 1)[1]
    assert "Train model" in html.split('id="forecast-criticality"', 1)[1]  # names, not ids


def test_the_earned_value_tab_shows_the_evm_jobs_cpi_and_spi_at_the_reports_date(
    analysed: Workspace,
) -> None:
    html = _main(_browser(analysed, "manager").get("/projects/plan/evm").text)
    today = dt.date.today().isoformat()  # the plan records no status date: the report's today
    evm = _result(analysed, "plan", "evm", status_date=today)
    assert f"At {today}" in html
    if evm["forecast_finish"]:  # named as steerco evm names it: not the forecast's finish
        assert f"earned-schedule finish {evm['forecast_finish']}" in " ".join(html.split())
    for key in ("cpi", "spi"):
        value = evm[key]
        whole = value is not None and value == round(value)
        shown = "—" if value is None else (f"{value:,.0f}" if whole else f"{value:,.2f}")
        assert f'id="evm-{key}">{shown}<' in html
    table = html.split('id="evm-measures"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'<td class="num">([^<]+)</td>', table)
    assert cells and all(re.fullmatch(r"—|-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]{2})?", c) for c in cells)
    assert 'data-testid="chart-earned-value"' in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "—"), (202614.0, "202,614"), (11034.5, "11,034.50"), (0.75, "0.75"), ("x", "x")],
)
def test_figures_share_their_separators_fractions_or_not(value: object, shown: str) -> None:
    # AC was "11034.50" beside "BAC 202,614" on the earned-value tab.
    from steerco.web.pages.templating import environment

    macros = environment().get_template("project/_macros.html").module
    assert str(macros.number(value)) == shown  # type: ignore[attr-defined]


def test_earned_value_without_a_baseline_says_how_to_get_one(analysed: Workspace) -> None:
    html = _main(_browser(analysed, "owner").get("/projects/other/evm").text)
    assert 'id="evm-no-baseline"' in html
    assert not [j for j in list_jobs(workspace=analysed, principal=_owner(analysed),
                                     project="other").items if j.kind == "evm"]  # fmt: skip


def test_the_risks_tab_lists_the_register_and_draws_the_matrix(analysed: Workspace) -> None:
    html = _main(_browser(analysed, "member").get("/projects/plan/risks").text)
    forecast = _result(analysed, "plan", "forecast")
    r1 = _cell(html, "risk-r1")
    assert r1[:5] == ["r1", "Vendor late", "30%", "delay 5d..10d..20d", "open"]
    occurred = round(100 * forecast["risks"]["r1"]["occurrence"])
    assert r1[8] == f"{occurred}%"
    assert _cell(html, "risk-r2")[4] == "closed"
    assert 'data-testid="chart-risk-matrix"' in html


def test_the_gates_tab_shows_the_gates_and_the_reports_verdicts(analysed: Workspace) -> None:
    plan = _main(_browser(analysed, "manager").get("/projects/plan/gates").text)
    assert "The plan has no gated milestones." in plan
    agile = _main(_browser(analysed, "owner").get("/projects/agile/gates").text)
    assert _cell(agile, "gate-review") == ["Model review", "decided by product owner"]
    assert 'id="report-gates"' in agile and "<h2>Gates</h2>" in agile


def test_the_team_tab_counts_each_resources_tasks_and_draws_the_load(analysed: Workspace) -> None:
    html = _main(_browser(analysed, "manager").get("/projects/plan/team").text)
    schedule = _result(analysed, "plan", "schedule")
    for rid, name in (("ana", "Ana"), ("bo", "Bo")):
        tasks = [t for t in schedule["tasks"] if rid in t["resources"]]
        runs = schedule["load"][rid]
        days = sum(
            (dt.date.fromisoformat(r["finish"]) - dt.date.fromisoformat(r["start"])).days + 1
            for r in runs
        )
        assert _cell(html, f"resource-{rid}")[:5] == [
            name,
            "person",
            "1",
            str(len(tasks)),
            str(days),
        ]
    assert 'data-testid="chart-resource-load"' in html
    assert 'id="report-team"' in html and "next tasks" in html and "Every task" not in html


def test_a_project_with_a_backlog_has_a_sprint_board(analysed: Workspace) -> None:
    page = _browser(analysed, "owner").get("/projects/agile/agile")
    html = _main(page.text)
    assert 'data-testid="tab-agile"' in html
    board = html.split('id="sprint-board"', 1)[1].split('id="sprint-list"', 1)[0]
    sprint = "Sprint 1" if dt.date.today() < dt.date(2027, 1, 18) else "Sprint 2"
    assert f"Sprint board: {sprint}" in html
    if sprint == "Sprint 1":  # before the plan's sprints: the first, as it stands today
        columns = re.findall(r'<h3 id="column-\d+">([^<]+?) <', board)
        assert columns == ["To Do", "In Progress", "Done"]
        # ML-1 is done on 8 January 2027, after today: still to do, as `steerco sprint` says
        assert board.index("ML-1") < board.index("ML-3") < board.index("ML-2")
        assert "ML-4" not in board
    plan = _main(_browser(analysed, "manager").get("/projects/plan/agile").text)
    assert "The plan has no backlog" in plan


def test_a_member_reads_every_tab_and_records_progress_only_on_their_own_tasks(
    analysed: Workspace,
) -> None:
    browser = _browser(analysed, "member")
    for tab in TABS:
        assert browser.get(f"/projects/plan{tab}").status_code == 200, tab
    html = _main(browser.get("/projects/plan/gantt").text)
    assert "/edit" not in html
    # the member is linked to resource ana: Collect data and Write report are theirs
    assert 'href="/projects/plan/tasks/data/progress"' in html
    assert 'href="/projects/plan/tasks/report/progress"' in html
    assert 'href="/projects/plan/tasks/model/progress"' not in html


def test_a_site_admin_who_is_no_member_reads_the_page(analysed: Workspace) -> None:
    html = _main(_browser(analysed, "admin").get("/projects/plan").text)
    assert "your role: site admin" in html


@pytest.mark.parametrize("who", ["client", "outsider"])
def test_a_client_or_a_stranger_finds_no_project_page(analysed: Workspace, who: str) -> None:
    browser = _browser(analysed, who)
    for tab in TABS:
        answer = browser.get(f"/projects/plan{tab}")
        assert answer.status_code == 404, tab
        assert answer.headers["content-type"].startswith("text/html")
        assert "API test plan" not in answer.text and "Collect data" not in answer.text


def test_signed_out_the_page_sends_to_the_sign_in_form(analysed: Workspace) -> None:
    answer = pages_client(analysed).get("/projects/plan/gantt", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/projects/plan/gantt"


def test_while_the_analyses_run_the_tabs_show_their_progress(seeded_workspace: Workspace) -> None:
    browser = _browser(seeded_workspace, "manager")
    html = _main(browser.get("/projects/plan").text)
    assert html.count("<progress") == 3  # schedule, forecast, report
    assert "Schedule: queued" in html and "Report: queued" in html
    assert 'hx-get="/projects/plan/jobs/' in html
    gantt = _main(browser.get("/projects/plan/gantt").text)
    assert "The bars show once the schedule analysis is done." in gantt
    assert 'id="gantt-row-data"' in gantt and 'class="bar plan' not in gantt  # rows, no bars
    assert gantt.count("<progress") == 1  # the same schedule job, found again


def test_a_long_gantt_comes_in_pages_of_rows(seeded_workspace: Workspace) -> None:
    tasks = "\n".join(f"  - {{id: t{k}, name: Step {k}, duration: 1}}" for k in range(300))
    text = f"name: Long plan\nstart: 2027-01-04\ntasks:\n{tasks}\n"
    owner = _owner(seeded_workspace)
    push_project(
        workspace=seeded_workspace,
        principal=owner,
        text=text,
        file_name="long.yaml",
        project="long",
    )
    browser = _browser(seeded_workspace, "owner")
    first = _main(browser.get("/projects/long/gantt").text)
    assert "Rows 1 to 250 of 300 shown (300 in the plan)" in first
    assert 'id="gantt-row-t249"' in first and 'id="gantt-row-t250"' not in first
    assert 'href="/projects/long/gantt?zoom=week&amp;open=&amp;offset=250"' in first
    assert 'data-testid="gantt-previous"' not in first
    second = _main(browser.get("/projects/long/gantt?zoom=week&open=&offset=250").text)
    assert 'id="gantt-row-t250"' in second and 'id="gantt-row-t299"' in second
    assert 'id="gantt-row-t249"' not in second
    assert 'href="/projects/long/gantt?zoom=week&amp;open=&amp;offset=0"' in second
    assert 'data-testid="gantt-next"' not in second


def test_without_progress_the_sprint_board_says_why_there_is_no_burn_up(
    analysed: Workspace,
) -> None:
    html = _main(_browser(analysed, "owner").get("/projects/agile/agile").text)
    assert 'id="no-burn-charts"' in html and 'data-testid="chart-burnup"' not in html
    assert 'id="report-agile"' in html  # the report's flow figures all the same


def test_the_rows_a_page_reads_follow_each_new_revision(seeded_workspace: Workspace) -> None:
    from steerco.app.workspace.edits import edit_entity
    from steerco.app.workspace.project_views import plan_rows

    owner = _owner(seeded_workspace)

    def rows() -> tuple[Any, ...]:
        return plan_rows(
            workspace=seeded_workspace, principal=owner, project="plan", collection="tasks"
        )

    def names() -> dict[str, str]:
        return {row.key: row.name for row in rows()}

    assert names()["model"] == "Train model"
    assert rows() is rows()  # the same revision: read once, kept
    edit_entity(
        workspace=seeded_workspace,
        principal=owner,
        project="plan",
        collection="tasks",
        key="model",
        changes={"name": "Fine-tune the model"},
    )
    assert names()["model"] == "Fine-tune the model"
    page = _main(_browser(seeded_workspace, "owner").get("/projects/plan/gantt").text)
    assert "Fine-tune the model" in page and "Train model" not in page


@pytest.mark.parametrize("who", ["client", "outsider"])
def test_the_use_cases_answer_a_client_or_a_stranger_not_found(
    seeded_workspace: Workspace, who: str
) -> None:
    from steerco.app.workspace.errors import NotFoundError
    from steerco.app.workspace.project_views import baseline_dates, plan_rows, project_page

    secret = create_token(workspace=seeded_workspace, user=who, name="t").secret
    principal = principal_for_token(workspace=seeded_workspace, secret=secret)
    with pytest.raises(NotFoundError):
        project_page(workspace=seeded_workspace, principal=principal, project="plan")
    with pytest.raises(NotFoundError):
        plan_rows(
            workspace=seeded_workspace, principal=principal, project="plan", collection="risks"
        )
    if who == "outsider":
        with pytest.raises(NotFoundError):
            baseline_dates(workspace=seeded_workspace, principal=principal, project="plan")
