"""The client portal: a client sees only the client report of their projects, and comments on
its decisions; the team previews it."""

from __future__ import annotations

import re

from steerco.app.workspace.comments import list_comments
from steerco.app.workspace.context import Workspace
from web.my_work_support import add_decisions, principal_of, settled
from web.pages_support import pages_client, sign_in


def test_the_portal_lists_the_projects_a_user_may_read(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        listed = sign_in(client, "client").get("/portal").text
        assert '<a href="/portal/plan">' in listed and "/portal/other" not in listed
    with pages_client(seeded_workspace) as client:
        owner = sign_in(client, "owner").get("/portal").text
        assert '<a href="/portal/plan">' in owner and '<a href="/portal/other">' in owner
        assert "owner (preview of what the client sees)" in owner
    with pages_client(seeded_workspace) as client:
        assert "You belong to no project yet" in sign_in(client, "outsider").get("/portal").text


def test_a_client_sees_the_client_report_inside_the_page_and_nothing_more(
    seeded_workspace: Workspace,
) -> None:
    add_decisions(seeded_workspace)
    with pages_client(seeded_workspace, start_jobs=True) as client:
        browser = sign_in(client, "client")
        page = settled(browser, "/portal/plan")
        assert page.status_code == 200
        html = page.text
        assert 'id="client-report"' in html
        assert "Status report · Client audience" in html
        assert len(re.findall(r"<h1\b", html)) == 1  # the report's own title is an h2 here
        assert len(re.findall(r"<main\b", html)) == 1
        assert '<section id="milestones"' in html and '<section id="decisions"' in html
        assert "<h3>Decisions needed</h3>" in html  # the report's h2, one level down
        assert "Approve the GPU budget" in html
        assert 'id="team"' not in html  # no task-level team section
        assert 'id="stakeholders"' not in html
        assert 'href="/portal/_report.css"' in html
        assert 'data-testid="decision-comment-gpu-budget"' in html
        assert browser.get("/portal/other").status_code == 404
        for plan_page in (
            "/projects/plan/tasks/data/progress",
            "/projects/plan/comments?target=tasks/data",
        ):
            assert browser.get(plan_page).status_code in (403, 404)


def test_a_client_comments_on_a_decision(seeded_workspace: Workspace) -> None:
    add_decisions(seeded_workspace)
    with pages_client(seeded_workspace, start_jobs=False) as client:  # the report may wait
        browser = sign_in(client, "client")
        answer = browser.post(
            "/portal/plan/decisions/gpu-budget/comments", {"text": "Rent, @manager: cheaper."}
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == "/portal/plan#decision-gpu-budget"
        page = browser.get("/portal/plan").text
        thread = page[page.index('id="decision-gpu-budget"') : page.index('id="decision-scope"')]
        assert "Rent, @manager: cheaper." in thread and "<strong>client</strong>" in thread
        unknown = browser.post("/portal/plan/decisions/nope/comments", {"text": "?"})
        assert unknown.status_code == 404
        blank = browser.post("/portal/plan/decisions/scope/comments", {"text": " "})
        assert blank.status_code == 422
        assert "a comment has 1 to 20000 characters" in blank.text
    stored = list_comments(
        workspace=seeded_workspace,
        principal=principal_of(seeded_workspace, "manager"),
        project="plan",
    )
    assert [(c.author, c.target, c.mentions) for c in stored] == [
        ("client", "decisions/gpu-budget", ("manager",))
    ]


def test_the_reports_stylesheet_applies_to_the_report_only(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        css = client.get("/portal/_report.css")
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        rules = [line for line in css.text.splitlines() if "{" in line]
        assert rules and all(line.startswith("#client-report") for line in rules)
        assert "@page" not in css.text and "@media print" not in css.text


def test_while_the_report_is_made_a_client_follows_its_progress(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace, start_jobs=False) as client:  # the job stays queued
        browser = sign_in(client, "client")
        page = browser.get("/portal/plan").text
        assert "<progress" in page and 'id="client-report"' not in page
        found = re.search(r'hx-get="(/projects/plan/jobs/[^"]+/progress)"', page)
        assert found is not None
        progress = browser.get(found.group(1))
        assert progress.status_code == 200 and "Report: " in progress.text


def test_a_client_is_offered_no_cancel_of_the_report_everyone_shares(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace, start_jobs=False) as client:  # the job stays queued
        browser = sign_in(client, "client")
        page = browser.get("/portal/plan").text
        found = re.search(r'hx-get="(/projects/plan/jobs/([^"/]+)/progress)"', page)
        assert found is not None and "/cancel" not in page
        assert "/cancel" not in browser.get(found.group(1)).text
        refused = browser.post(f"/projects/plan/jobs/{found.group(2)}/cancel")
        assert refused.status_code == 403
        manager = sign_in(client, "manager")
        preview = manager.get("/portal/plan").text
        assert f"/projects/plan/jobs/{found.group(2)}/cancel" in preview
