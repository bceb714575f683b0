"""Comments pages: the thread of a task (a page, or a fragment for htmx), mentions as links."""

from __future__ import annotations

from steerco.app.workspace.comments import list_comments
from steerco.app.workspace.context import Workspace
from web.my_work_support import add_decisions, principal_of
from web.pages_support import pages_client, sign_in

URL = "/projects/plan/comments?target=tasks/data"


def test_a_member_comments_on_a_task_and_mentions_become_links(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        empty = browser.get(URL)
        assert empty.status_code == 200
        assert "<h1>Comments on tasks/data" in empty.text
        assert "No comments yet." in empty.text
        assert '<label for="comment-text-tasks-data">Add a comment</label>' in empty.text
        answer = browser.post(
            "/projects/plan/comments",
            {"target": "tasks/data", "text": "Blocked on access, @manager. Ask @nobody."},
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == URL
        thread = browser.get(URL).text
        assert (
            'Blocked on access, <a class="mention" href="/projects/plan/comments?mention=manager">'
            "@manager</a>. Ask @nobody." in thread
        )
    stored = list_comments(
        workspace=seeded_workspace,
        principal=principal_of(seeded_workspace, "owner"),
        project="plan",
        target="tasks/data",
    )
    assert [(c.author, c.text, c.mentions) for c in stored] == [
        ("member", "Blocked on access, @manager. Ask @nobody.", ("manager",))
    ]


def test_htmx_gets_the_thread_alone_and_the_thread_after_adding(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "manager")
        fragment = browser.get(URL, headers={"HX-Request": "true"})
        assert fragment.status_code == 200
        assert "<html" not in fragment.text and '<section class="comments"' in fragment.text
        added = browser.post(
            "/projects/plan/comments",
            {"target": "tasks/data", "text": "On it"},
            headers={"HX-Request": "true"},
        )
        assert added.status_code == 200
        assert "<html" not in added.text and '<p class="text">On it</p>' in added.text


def test_a_blank_comment_is_refused_and_nothing_is_stored(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        refused = browser.post("/projects/plan/comments", {"target": "tasks/data", "text": "   "})
        assert refused.status_code == 422
        assert "a comment has 1 to 20000 characters" in refused.text
        unknown = browser.post("/projects/plan/comments", {"target": "tasks/nope", "text": "?"})
        assert unknown.status_code == 404
    owner = principal_of(seeded_workspace, "owner")
    assert list_comments(workspace=seeded_workspace, principal=owner, project="plan") == []


def test_mention_lists_the_comments_that_mention_a_member(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "owner")
        for target, text in (
            ("tasks/data", "@member first"),
            ("tasks/model", "nobody here"),
            ("", "@member second, @manager too"),
            ("tasks/report", "@members is someone else"),
        ):
            assert (
                browser.post(
                    "/projects/plan/comments", {"target": target, "text": text}
                ).status_code
                == 303
            )
        page = browser.get("/projects/plan/comments?mention=member").text
        assert "<h1>Comments mentioning @member" in page
        assert page.count('<li class="comment"') == 2
        assert "first" in page and "second" in page and "nobody here" not in page
        assert "Add a comment" not in page  # a listing, not a thread
        every = browser.get("/projects/plan/comments").text
        assert every.count('<li class="comment"') == 4


def test_a_client_reads_no_task_comments_but_those_on_decisions(
    seeded_workspace: Workspace,
) -> None:
    add_decisions(seeded_workspace)
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "client")
        assert browser.get(URL).status_code == 403
        assert browser.get("/projects/plan/comments").status_code == 403
        refused = browser.post("/projects/plan/comments", {"target": "tasks/data", "text": "Hi"})
        assert refused.status_code == 403
        decision = browser.get("/projects/plan/comments?target=decisions/gpu-budget")
        assert decision.status_code == 200
        assert "Comments on decisions/gpu-budget" in decision.text
        assert (
            browser.get("/projects/other/comments?target=decisions/gpu-budget").status_code == 404
        )


def test_htmx_gets_a_refused_comment_as_the_thread_with_its_status_in_a_header(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        answer = browser.post(
            "/projects/plan/comments",
            {"target": "tasks/data", "text": " "},
            headers={"HX-Request": "true"},
        )
        assert answer.status_code == 200 and answer.headers["x-edit-status"] == "422"
        assert '<div class="alert" role="alert">' in answer.text and "<html" not in answer.text
