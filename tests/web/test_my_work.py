"""My work: a member's own tasks this week and next, progress forms, and mentions of them.

Project `plan` (tests/workspace/api_plan.yaml) starts Monday 2027-01-04. Its schedule:
data (ana) 01-04..01-08, model (bo) 01-11..01-20, report (ana) 01-21..01-25, then the
milestone launch. The member is linked to resource `ana`.
"""

from __future__ import annotations

import datetime as dt
import re

from steerco.app.workspace.comments import add_comment
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.edits import record_task_progress
from web.my_work_support import principal_of, settled
from web.pages_support import pages_client, sign_in

_ROW = re.compile(r'<tr id="task-plan-([a-z]+)">')


def _listed(html: str) -> list[str]:
    return _ROW.findall(html)


def test_a_member_sees_their_tasks_of_the_two_weeks_and_not_others(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace, start_jobs=True) as client:
        browser = sign_in(client, "member")
        first = settled(browser, "/my-work?week=2027-01-06")  # a Wednesday: its week's Monday
        assert first.status_code == 200
        assert 'id="my-tasks"' in first.text
        assert _listed(first.text) == ["data"]  # model is bo's; report starts 01-21
        assert 'data-testid="progress-data"' in first.text
        assert "Weeks of <strong>2027-01-04</strong>" in first.text
        later = settled(browser, "/my-work?week=2027-01-11")
        # 01-11..01-17 holds nothing of ana's; report (01-21..01-25) falls in the next week.
        assert _listed(later.text) == ["report"]
        assert "<td>next week</td>" in later.text and "<td>this week</td>" not in later.text
        current = settled(browser, "/my-work?week=2027-01-18")
        assert _listed(current.text) == ["report"] and "<td>this week</td>" in current.text
        last = settled(browser, "/my-work?week=2027-01-25")  # its last day, a Monday
        assert _listed(last.text) == ["report"] and "<td>this week</td>" in last.text
        none = settled(browser, "/my-work?week=2027-02-01")
        assert _listed(none.text) == []
        assert "Nothing of yours is planned" in none.text


def test_while_the_schedule_computes_the_page_shows_its_progress_bar(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace, start_jobs=False) as client:  # the job stays queued
        browser = sign_in(client, "member")
        page = browser.get("/my-work?week=2027-01-04")
        assert page.status_code == 200
        assert "<progress" in page.text and "/jobs/" in page.text
        assert _listed(page.text) == []  # nothing started, no dates yet


def test_a_started_task_is_listed_whatever_the_week_until_it_is_done(
    seeded_workspace: Workspace,
) -> None:
    member = principal_of(seeded_workspace, "member")
    record_task_progress(
        workspace=seeded_workspace,
        principal=member,
        project="plan",
        task="data",
        percent=40,
        remaining="3d",
        date=dt.date(2027, 1, 5),  # its actual start: the planned one, 01-04
    )
    with pages_client(seeded_workspace, start_jobs=False) as client:
        browser = sign_in(client, "member")
        page = browser.get("/my-work?week=2027-03-01")
        assert _listed(page.text) == ["data"]
        assert "<td>started</td>" in page.text
        assert "40% done, 3d left, started 2027-01-04" in page.text
        assert 'name="percent" id="p-plan-data-percent"\n             value="40"' in page.text
    record_task_progress(
        workspace=seeded_workspace, principal=member, project="plan", task="data", done=True
    )
    with pages_client(seeded_workspace, start_jobs=False) as client:
        browser = sign_in(client, "member")
        assert _listed(browser.get("/my-work?week=2027-03-01").text) == []


def test_a_member_without_a_linked_resource_is_told_why_the_list_is_empty(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace) as client:
        for who in ("manager", "client", "outsider"):
            page = sign_in(client, who).get("/my-work")
            assert page.status_code == 200
            assert "None of your project memberships is linked to a resource" in page.text
            assert 'data-testid="progress-' not in page.text


def test_a_bad_week_is_a_located_error_page(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        page = sign_in(client, "member").get("/my-work?week=2027-13-01")
        assert page.status_code == 422
        assert "week is a date such as 2027-01-04" in page.text


def test_mentions_of_me_are_listed_with_links_and_only_mine(seeded_workspace: Workspace) -> None:
    manager = principal_of(seeded_workspace, "manager")
    add_comment(
        workspace=seeded_workspace,
        principal=manager,
        project="plan",
        target="tasks/data",
        text="@member can you start early? cc @owner and @nobody",
    )
    add_comment(
        workspace=seeded_workspace,
        principal=manager,
        project="plan",
        target="",
        text="@owner only; @members is not @member.",
    )
    with pages_client(seeded_workspace) as client:
        page = sign_in(client, "member").get("/my-work")
        mentions = page.text[page.text.index('id="my-mentions"') :]
        assert mentions.count('<li class="comment">') == 2
        assert (
            '<a class="mention" href="/projects/plan/comments?mention=member">@member</a> can you'
            in mentions
        )
        assert "@nobody" in mentions and "mention=nobody" not in mentions
        assert '<a href="/projects/plan/comments?target=tasks/data">tasks/data</a>' in mentions
        outsider = sign_in(pages_client(seeded_workspace), "outsider").get("/my-work")
        assert "Nobody has mentioned you yet." in outsider.text
