"""Entity ids are the plan's own text: a link or form built from one stays on its entity.

A task id such as `../../../admin/users/owner/disable?` must not turn a task's progress
form into a form that posts (with the viewer's CSRF token) to another page of the site.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote, unquote, urljoin, urlsplit

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.projects import push_project
from web.my_work_support import principal_of, settled
from web.pages_support import pages_client, sign_in
from workspace.api_support import PLAN_TEXT

TRAVERSING = "../../../admin/users/owner/disable?"
QUERYING = "x?y=1#z"


def _push_with_task_id(workspace: Workspace, task_id: str) -> None:
    """Project `plan` again, its task `data` (Ana's) renamed `task_id`."""
    text = (
        PLAN_TEXT.replace("- id: data", f'- id: "{task_id}"')
        .replace("after: [data]", f'after: ["{task_id}"]')
        .replace("tasks: [data]", f'tasks: ["{task_id}"]')
    )
    assert text.count(task_id) == 3
    push_project(
        workspace=workspace,
        principal=principal_of(workspace, "owner"),
        text=text,
        file_name="plan.yaml",
        project="plan",
    )


def _targets(html: str, page_url: str) -> list[str]:
    """Every link and form target of a page, resolved as a browser does (dot segments)."""
    found = re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', html)
    return [urljoin(f"http://testserver{page_url}", unescape(target)) for target in found]


def _task_of(target: str) -> str | None:
    """The task id a `/projects/plan/tasks/{id}/...` target names (None: another page)."""
    parts = urlsplit(target).path.split("/")
    if len(parts) != 6 or parts[1:4] != ["projects", "plan", "tasks"]:
        return None
    return unquote(parts[4])


def test_a_task_id_cannot_send_a_progress_form_elsewhere(seeded_workspace: Workspace) -> None:
    _push_with_task_id(seeded_workspace, TRAVERSING)
    with pages_client(seeded_workspace, start_jobs=True) as client:
        browser = sign_in(client, "member")  # resource `ana`, the task's
        url = "/my-work?week=2027-01-04"
        page = settled(browser, url)
        assert page.status_code == 200
        targets = _targets(page.text, url)
        assert not [t for t in targets if urlsplit(t).path.startswith("/admin/")]
        progress = [t for t in targets if urlsplit(t).path.endswith("/progress")]
        assert progress and {_task_of(t) for t in progress} == {TRAVERSING}


def test_links_of_a_task_whose_id_has_a_query_reach_that_task(
    seeded_workspace: Workspace,
) -> None:
    _push_with_task_id(seeded_workspace, QUERYING)
    browser = sign_in(pages_client(seeded_workspace), "manager")
    url = f"/projects/plan/tasks/{quote(QUERYING, safe='')}/edit"
    editor = browser.get(url)
    assert editor.status_code == 200
    named = {
        urlsplit(t).path.rsplit("/", 1)[1]
        for t in _targets(editor.text, url)
        if _task_of(t) == QUERYING
    }
    assert {"edit", "delete", "progress"} <= named
    progress = browser.get(f"/projects/plan/tasks/{quote(QUERYING, safe='')}/progress")
    assert progress.status_code == 200
    saved = browser.post(
        f"/projects/plan/tasks/{quote(QUERYING, safe='')}/progress",
        {"percent": "10", "date": "2027-01-06"},
    )
    assert saved.status_code == 303
    assert _task_of(urljoin("http://testserver/", saved.headers["location"])) == QUERYING
    assert {
        _task_of(t) for t in _targets(progress.text, "/x") if urlsplit(t).path.endswith("/progress")
    } == {QUERYING}


def test_the_gantts_links_reach_their_task(seeded_workspace: Workspace) -> None:
    _push_with_task_id(seeded_workspace, QUERYING)
    browser = sign_in(pages_client(seeded_workspace), "manager")
    url = "/projects/plan/gantt?level=all"
    page = browser.get(url)
    assert page.status_code == 200
    named = {
        urlsplit(t).path.rsplit("/", 1)[1]
        for t in _targets(page.text, url)
        if _task_of(t) == QUERYING
    }
    assert named == {"edit", "progress"}


def test_a_decision_id_cannot_send_the_portals_comment_form_elsewhere(
    seeded_workspace: Workspace,
) -> None:
    decisions = f'decisions:\n  - {{id: "{TRAVERSING}", title: Pick a vendor}}\n'
    push_project(
        workspace=seeded_workspace,
        principal=principal_of(seeded_workspace, "owner"),
        text=PLAN_TEXT + decisions,
        file_name="plan.yaml",
        project="plan",
    )
    browser = sign_in(pages_client(seeded_workspace), "owner")  # the team previews the portal
    page = browser.get("/portal/plan")
    assert page.status_code == 200
    posts = [t for t in _targets(page.text, "/portal/plan") if t.endswith("/comments")]
    assert posts
    for target in posts:
        parts = urlsplit(target).path.split("/")
        assert parts[:4] == ["", "portal", "plan", "decisions"] and unquote(parts[4]) == TRAVERSING


def test_a_summary_whose_id_has_an_ampersand_opens_in_the_gantt(
    seeded_workspace: Workspace,
) -> None:
    summary = "build&zoom=year#top"
    push_project(
        workspace=seeded_workspace,
        principal=principal_of(seeded_workspace, "owner"),
        text=PLAN_TEXT.replace("- id: build", f'- id: "{summary}"'),
        file_name="plan.yaml",
        project="plan",
    )
    browser = sign_in(pages_client(seeded_workspace), "manager")
    closed = browser.get("/projects/plan/gantt?level=0").text
    assert "Collect data" not in closed  # a child of the closed summary
    found = re.search(r'<a class="toggle" href="([^"]+)"', closed)
    assert found is not None
    opened = browser.get(unescape(found.group(1)))
    assert opened.status_code == 200
    assert "Collect data" in opened.text
