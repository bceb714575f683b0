"""Entity ids are the plan's own text: a link or form built from one stays on its entity.

A task id such as `../../../admin/users/owner/disable?` must not turn a task's progress
form into a form that posts (with the viewer's CSRF token) to another page of the site;
and an id with `/` in it (`WBS/1.2`) must reach its own entity on every page that names it
in the path, though the server decodes its `%2F` before it routes the request.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from steerco.app.workspace.comments import list_comments
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.my_work import task_progress
from steerco.app.workspace.projects import push_project
from web.edit_forms_support import form_values, keys, owner, row
from web.my_work_support import principal_of, settled
from web.pages_support import pages_client, sign_in
from workspace.api_support import PLAN_TEXT

TRAVERSING = "../../../admin/users/owner/disable?"
QUERYING = "x?y=1#z"
SLASHED = ("WBS/1.2", TRAVERSING, "a/../b?c#d&50%")
"""Task ids with `/`: a WBS code, a traversal, and `..`, `?`, `#`, `&` and `%` in one.

(No `%2F` in an id here: Starlette's TestClient decodes a path twice, a server once.)"""
SPACED = "go live/phase 2? #1 & 50%"


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


def _push_with_milestone_id(workspace: Workspace, milestone_id: str) -> None:
    """Project `plan` again, its milestone `launch` (which nothing names) renamed."""
    text = PLAN_TEXT.replace("- id: launch", f'- id: "{milestone_id}"')
    assert text.count(milestone_id) == 1
    push_project(
        workspace=workspace,
        principal=principal_of(workspace, "owner"),
        text=text,
        file_name="plan.yaml",
        project="plan",
    )


def _segment(entity_id: str) -> str:
    """The id as one path segment, encoded as the pages' links encode it."""
    return quote(entity_id, safe=":")


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


@pytest.mark.parametrize("task_id", SLASHED)
def test_the_edit_form_of_a_task_whose_id_has_a_slash_shows_and_saves_that_task(
    seeded_workspace: Workspace, task_id: str
) -> None:
    _push_with_task_id(seeded_workspace, task_id)
    browser = sign_in(pages_client(seeded_workspace), "manager")
    url = f"/projects/plan/tasks/{_segment(task_id)}/edit"
    page = browser.get(url)
    assert page.status_code == 200, page.text
    assert 'data-testid="edit-tasks"' in page.text and "Collect data" in page.text
    named = {
        urlsplit(t).path.rsplit("/", 1)[1]
        for t in _targets(page.text, url)
        if _task_of(t) == task_id
    }
    assert {"edit", "delete", "progress"} <= named  # the form posts back to this task
    saved = browser.post(url, {**form_values(page.text), "name": "Gather data"})
    assert saved.status_code == 303, saved.text
    reader = owner(seeded_workspace)
    saved = row(seeded_workspace, reader, "tasks", task_id)
    assert (saved.name, saved.data["duration"]) == ("Gather data", "5d")
    assert "model" in keys(seeded_workspace, reader, "tasks")  # no other task touched


@pytest.mark.parametrize("milestone_id", [*SLASHED, SPACED])
def test_a_milestone_whose_id_has_a_slash_is_removed_through_its_confirmation(
    seeded_workspace: Workspace, milestone_id: str
) -> None:
    _push_with_milestone_id(seeded_workspace, milestone_id)
    browser = sign_in(pages_client(seeded_workspace), "manager")
    url = f"/projects/plan/tasks/{_segment(milestone_id)}/delete"
    confirm = browser.get(url)
    assert confirm.status_code == 200, confirm.text
    assert 'data-testid="delete-tasks"' in confirm.text and "Launch" in confirm.text
    removed = browser.post(url, form_values(confirm.text, "delete-form"))
    assert removed.status_code == 303, removed.text
    assert keys(seeded_workspace, owner(seeded_workspace), "tasks") == [
        "build", "data", "model", "report"
    ]  # fmt: skip


@pytest.mark.parametrize("task_id", SLASHED)
def test_the_progress_form_of_a_task_whose_id_has_a_slash_records_it(
    seeded_workspace: Workspace, task_id: str
) -> None:
    _push_with_task_id(seeded_workspace, task_id)
    browser = sign_in(pages_client(seeded_workspace), "member")  # resource `ana`, the task's
    url = f"/projects/plan/tasks/{_segment(task_id)}/progress"
    form = browser.get(url)
    assert form.status_code == 200, form.text
    assert "Collect data" in form.text
    saved = browser.post(url, {"percent": "10", "date": "2027-01-06"})
    assert saved.status_code == 303, saved.text
    assert _task_of(urljoin("http://testserver/", saved.headers["location"])) == task_id
    state = task_progress(
        workspace=seeded_workspace,
        principal=principal_of(seeded_workspace, "member"),
        project="plan",
        task=task_id,
    )
    assert (state.id, state.progress.percent) == (task_id, 10)


@pytest.mark.parametrize("decision_id", [*SLASHED, SPACED])
def test_a_decision_whose_id_has_a_slash_is_commented_on_in_the_portal(
    seeded_workspace: Workspace, decision_id: str
) -> None:
    decisions = f'decisions:\n  - {{id: "{decision_id}", title: Pick a vendor}}\n'
    push_project(
        workspace=seeded_workspace,
        principal=principal_of(seeded_workspace, "owner"),
        text=PLAN_TEXT + decisions,
        file_name="plan.yaml",
        project="plan",
    )
    browser = sign_in(pages_client(seeded_workspace), "client")
    answer = browser.post(
        f"/portal/plan/decisions/{_segment(decision_id)}/comments", {"text": "Rent them."}
    )
    assert answer.status_code == 303, answer.text
    back = urlsplit(answer.headers["location"])
    assert (back.path, unquote(back.fragment)) == ("/portal/plan", f"decision-{decision_id}")
    stored = list_comments(
        workspace=seeded_workspace,
        principal=principal_of(seeded_workspace, "manager"),
        project="plan",
    )
    assert [(c.author, c.target, c.text) for c in stored] == [
        ("client", f"decisions/{decision_id}", "Rent them.")
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/projects/plan/tasks/WBS%2F9.9/edit",
        "/projects/plan/tasks/WBS%2F9.9/delete",
        "/projects/plan/tasks/WBS%2F9.9/progress",
    ],
)
def test_a_missing_id_with_a_slash_is_the_pages_own_404(
    seeded_workspace: Workspace, url: str
) -> None:
    browser = sign_in(pages_client(seeded_workspace), "manager")
    answer = browser.get(url)
    assert answer.status_code == 404
    assert "WBS/9.9" in answer.text  # the use case's message, not the router's bare 404


@pytest.mark.parametrize("milestone_id", ["go/edit", "go/delete", "go/progress", "go/new"])
def test_an_id_that_ends_like_a_pages_suffix_opens_its_own_pages(
    seeded_workspace: Workspace, milestone_id: str
) -> None:
    _push_with_milestone_id(seeded_workspace, milestone_id)
    browser = sign_in(pages_client(seeded_workspace), "manager")
    base = f"/projects/plan/tasks/{_segment(milestone_id)}"
    editor = browser.get(f"{base}/edit")
    assert editor.status_code == 200, editor.text
    assert 'data-testid="edit-tasks"' in editor.text and "Launch" in editor.text
    confirm = browser.get(f"{base}/delete")
    assert confirm.status_code == 200, confirm.text
    assert 'data-testid="delete-tasks"' in confirm.text and "Launch" in confirm.text
    progress = browser.get(f"{base}/progress")
    assert progress.status_code == 200, progress.text
    assert f'data-testid="progress-{milestone_id}"' in progress.text
    new = browser.get("/projects/plan/tasks/new")  # a fixed path, not a key's
    assert new.status_code == 200
    assert 'action="/projects/plan/tasks/new"' in new.text
