"""The portfolio dashboard page: each role's projects, their figures, sorting and filters."""

from __future__ import annotations

import re
from pathlib import Path

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.job_local import run_queued_jobs
from steerco.app.workspace.projects import push_project
from steerco.app.workspace.tokens import principal_for_token
from web.pages_support import Browser, pages_client, sign_in
from workspace.portfolio_plans import demo_files

_ROW = re.compile(r'<tr data-testid="portfolio-row-([a-z0-9._-]+)"')


def _rows(html: str) -> list[str]:
    """The projects the page lists, in its order."""
    return _ROW.findall(html)


def _row(html: str, slug: str) -> str:
    """The HTML of one project's row."""
    start = html.index(f'data-testid="portfolio-row-{slug}"')
    return html[start : html.index("</tr>", start)]


def _text(html: str) -> str:
    """The words a reader sees: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _push_demo(workspace: Workspace, tmp_path: Path) -> None:
    """The owner pushes `demo` (a commitment, costs, a baseline, progress): red overall."""
    files = demo_files(tmp_path)
    token = _owner_token(workspace)
    owner = principal_for_token(workspace=workspace, secret=token)
    push_project(
        workspace=workspace,
        principal=owner,
        text=files.text,
        file_name="demo.yaml",
        project="demo",
        baselines=files.baselines,
    )


def _owner_token(workspace: Workspace) -> str:
    from steerco.app.workspace.tokens import create_token

    return create_token(workspace=workspace, user="owner", name="dashboard tests").secret


def _computed(workspace: Workspace, browser: Browser, url: str = "/dashboard") -> str:
    """The page once the status jobs its first view submitted have run."""
    first = browser.get(url)
    assert first.status_code == 200, first.text
    run_queued_jobs(workspace)
    page = browser.get(url)
    assert page.status_code == 200, page.text
    assert "<progress" not in page.text
    return page.text


def test_signed_out_the_dashboard_asks_to_sign_in(seeded_workspace: Workspace) -> None:
    answer = pages_client(seeded_workspace).get("/dashboard?sort=name", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/dashboard%3Fsort%3Dname"


def test_the_owner_sees_progress_then_each_projects_figures(
    seeded_workspace: Workspace, tmp_path: Path
) -> None:
    _push_demo(seeded_workspace, tmp_path)
    browser = sign_in(pages_client(seeded_workspace), "owner")
    first = browser.get("/dashboard")
    assert first.status_code == 200
    assert sorted(_rows(first.text)) == ["demo", "other", "plan"]
    assert first.text.count("<progress") == 3  # each status job is queued
    assert 'id="portfolio-pending"' in first.text
    assert "/projects/demo/jobs/" in first.text  # the bar polls the job's progress
    run_queued_jobs(seeded_workspace)
    page = browser.get("/dashboard").text
    assert "<progress" not in page and 'id="portfolio-pending"' not in page
    demo = _row(page, "demo")
    assert '<a href="/projects/demo">Portfolio demo</a>' in demo
    assert '<span class="rag red" data-testid="rag-demo">Red</span>' in demo
    # the P80 finish, its 7 working days past the commitment (schedule amber), CPI 0.60
    assert re.search(r'data-testid="p80-demo"><time class="date" datetime="2027-02-\d\d">', demo)
    assert 'data-testid="schedule-demo">Amber</span>' in demo
    words = _text(demo)
    assert "Amber 7 working days after 2027-01-22" in words
    assert "CPI 0.60" in words
    assert "Vendor late (vendor: 3 × 5 = 15)" in words
    assert re.search(r"Launch planned 2027-01-2\d, P80 2027-0\d-\d\d", words)
    plan = _row(page, "plan")
    assert "no commitment" in plan and "no earned value" in plan
    assert "Vendor late" in plan and "Launch" in plan


def test_a_manager_sees_their_project_and_not_another(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "manager")
    page = _computed(seeded_workspace, browser)
    assert _rows(page) == ["plan"]
    assert "/projects/other" not in page
    assert 'data-testid="rag-plan"' in page
    assert "<td>manager</td>" in _row(page, "plan")


def test_a_client_sees_their_project_linked_to_the_portal_without_plan_data(
    seeded_workspace: Workspace,
) -> None:
    browser = sign_in(pages_client(seeded_workspace), "client")
    page = browser.get("/dashboard").text
    assert _rows(page) == ["plan"]
    row = _row(page, "plan")
    assert '<a href="/portal/plan">API test plan</a>' in row
    assert "/projects/plan" not in page
    for plan_data in ("Vendor late", "Launch", "rag-plan", "<progress", "CPI", "P80 2027"):
        assert plan_data not in row
    assert run_queued_jobs(seeded_workspace) == 0  # the client's view submitted no job


def test_an_outsider_sees_no_project(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "outsider")
    page = browser.get("/dashboard").text
    assert _rows(page) == []
    assert "You belong to no project yet" in page
    assert "API test plan" not in page


def test_a_site_admin_sees_every_project(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "admin")
    page = _computed(seeded_workspace, browser, "/dashboard?sort=name")
    assert _rows(page) == ["other", "plan"]  # same names: by id
    assert "<td>site admin</td>" in _row(page, "plan")


def test_sorting_links_and_filters_are_plain_get_parameters(
    seeded_workspace: Workspace, tmp_path: Path
) -> None:
    _push_demo(seeded_workspace, tmp_path)
    browser = sign_in(pages_client(seeded_workspace), "owner")
    page = _computed(seeded_workspace, browser)
    # red first, then by name (the two API plans are red too, named "API test plan")
    assert _rows(page) == ["other", "plan", "demo"]
    assert (
        '<th scope="col" aria-sort="ascending"><a href="/dashboard?sort=rag&amp;order=desc"' in page
    )
    assert 'href="/dashboard?sort=late&amp;order=desc"' in page
    by_late = browser.get("/dashboard?sort=late&order=desc").text
    assert _rows(by_late) == ["demo", "other", "plan"]  # only demo has a commitment
    assert 'aria-sort="descending"><a href="/dashboard?sort=late&amp;order=asc"' in by_late
    by_name = browser.get("/dashboard?sort=name&order=desc").text
    assert _rows(by_name) == ["demo", "other", "plan"]  # Portfolio demo > API test plan
    found = browser.get("/dashboard?q=portfolio&sort=name").text
    assert _rows(found) == ["demo"]
    assert 'id="filter-q" name="q" type="search" value="portfolio"' in found
    assert 'href="/dashboard?q=portfolio&amp;sort=rag&amp;order=asc"' in found  # keeps q
    assert _rows(browser.get("/dashboard?rag=green").text) == []
    assert "No project matches these filters" in browser.get("/dashboard?rag=green").text
    assert _rows(browser.get("/dashboard?role=owner&rag=red").text) == ["other", "plan", "demo"]
    assert _rows(browser.get("/dashboard?role=client").text) == []


def test_htmx_gets_the_table_alone(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "owner")
    page = browser.get("/dashboard")
    assert 'hx-get="/dashboard" hx-target="#portfolio"' in page.text
    fragment = browser.get("/dashboard?q=other", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<h1>" not in fragment.text
    assert '<div id="portfolio">' in fragment.text
    assert _rows(fragment.text) == ["other"]


def test_a_bad_parameter_answers_its_located_diagnostic(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "owner")
    answer = browser.get("/dashboard?sort=colour")
    assert answer.status_code in (400, 422)
    assert answer.headers["content-type"].startswith("text/html")
    assert "<code>bad_value</code>" in answer.text and "<code>query.sort</code>" in answer.text
    assert "Traceback" not in answer.text


def test_the_page_is_accessible_by_its_markup(seeded_workspace: Workspace) -> None:
    browser = sign_in(pages_client(seeded_workspace), "owner")
    page = _computed(seeded_workspace, browser)
    assert page.count("<h1>") == 1
    for field in ("filter-q", "filter-rag", "filter-role"):
        assert f'<label for="{field}">' in page and f'id="{field}"' in page
    assert page.count('<th scope="col"') == 8
    assert '<th scope="row">' in page
    # the colour is never alone: the word is in the badge
    assert re.search(
        r'<span class="rag (red|amber|green|unknown)" [^>]*>(Red|Amber|Green|Grey)<', page
    )


def test_a_failed_status_says_why_in_its_row(seeded_workspace: Workspace) -> None:
    from steerco.store.tables import Job

    browser = sign_in(pages_client(seeded_workspace), "manager")
    assert "<progress" in browser.get("/dashboard").text
    with seeded_workspace.transaction() as session:
        job = session.query(Job).filter(Job.kind == "status").one()
        job.state = "failed"
        job.error = {"code": "no_schedule", "message": "no plan <fits> the deadline"}
    row = _row(browser.get("/dashboard").text, "plan")
    assert '<p class="alert" role="alert">' in row
    assert "no plan &lt;fits&gt; the deadline" in row  # escaped, never raw HTML
    assert "<progress" not in row
