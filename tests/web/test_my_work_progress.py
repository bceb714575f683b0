"""A task's progress form (`/projects/{p}/tasks/{t}/progress`): who may use it, what it writes."""

from __future__ import annotations

import datetime as dt

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.edits import record_task_progress
from web.my_work_support import plan_text, principal_of
from web.pages_support import pages_client, sign_in
from workspace.api_support import PLAN_TEXT

URL = "/projects/plan/tasks/data/progress"


def test_a_members_update_lands_in_the_revision_text(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        form = browser.get(URL)
        assert form.status_code == 200
        assert 'data-testid="progress-data"' in form.text
        assert 'name="base_revision" value="1"' in form.text
        answer = browser.post(
            URL,
            {
                "percent": "40",
                "remaining": "3d",
                "date": "2027-01-06",
                "base_revision": "1",
                "next": "/my-work?week=2027-01-04",
            },
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == "/my-work?week=2027-01-04"
    text = plan_text(seeded_workspace)
    assert text.startswith(PLAN_TEXT)  # the file's comments and order are kept
    assert text[len(PLAN_TEXT) :] == (
        "progress:\n"
        "  status_date: 2027-01-06\n"
        "  tasks:\n"
        "    data:\n"
        "      actual_start: 2027-01-04\n"
        "      percent_complete: 40\n"
        "      remaining: 3d\n"
    )


def test_done_finishes_the_task_on_the_status_date(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        answer = browser.post(URL, {"done": "1", "date": "2027-01-08"})
        assert answer.status_code == 303
        assert answer.headers["location"] == URL  # no `next`: back to the form
        shown = browser.get(URL).text
        assert 'name="base_revision" value="2"' in shown
    assert "actual_finish: 2027-01-08" in plan_text(seeded_workspace)


def test_htmx_gets_the_form_back_with_a_saved_notice(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        answer = browser.post(
            URL, {"percent": "10", "date": "2027-01-05"}, headers={"HX-Request": "true"}
        )
        assert answer.status_code == 200
        assert "<html" not in answer.text
        assert 'class="progress-answer"' in answer.text
        assert "Saved: revision 2." in answer.text
        assert 'id="p-plan-data-percent"\n             value="10"' in answer.text


def test_a_member_may_not_update_someone_elses_task(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        page = browser.get("/projects/plan/tasks/model/progress")  # model demands bo
        assert page.status_code == 403
        assert "does not demand your resource" in page.text
        assert 'data-testid="progress-model"' not in page.text
        refused = browser.post(
            "/projects/plan/tasks/model/progress", {"percent": "50", "date": "2027-01-12"}
        )
        assert refused.status_code == 403
        assert "does not demand your resource" in refused.text
    assert plan_text(seeded_workspace) == PLAN_TEXT


def test_a_manager_updates_anyones_task(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "manager")
        assert (
            'data-testid="progress-model"'
            in browser.get("/projects/plan/tasks/model/progress").text
        )
        answer = browser.post(
            "/projects/plan/tasks/model/progress", {"percent": "50", "date": "2027-01-12"}
        )
        assert answer.status_code == 303
    assert "    model:\n      actual_start: 2027-01-11\n      percent_complete: 50\n" in plan_text(
        seeded_workspace
    )


def test_a_client_and_an_outsider_cannot_reach_the_form(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace) as client:
        client_page = sign_in(client, "client").get(URL)
        assert client_page.status_code == 403
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "outsider")
        assert browser.get(URL).status_code == 404
        assert browser.post(URL, {"percent": "5"}).status_code == 404
    assert plan_text(seeded_workspace) == PLAN_TEXT


def test_invalid_input_shows_the_located_diagnostics_and_changes_nothing(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        nothing = browser.post(URL, {"date": "2027-01-05"})
        assert nothing.status_code == 422
        assert "<code>nothing_to_record</code>" in nothing.text
        assert 'data-testid="progress-data"' in nothing.text  # the form again
        not_a_number = browser.post(URL, {"percent": "lots"})
        assert not_a_number.status_code == 422
        assert "percent is a number, not &#39;lots&#39;" in not_a_number.text
        negative = browser.post(URL, {"remaining": "-2d", "date": "2027-01-05"})
        assert negative.status_code == 422
        assert 'value="-2d"' in negative.text  # what was typed is kept
    assert plan_text(seeded_workspace) == PLAN_TEXT


def test_a_stale_form_shows_theirs_and_mine_and_saving_again_keeps_mine(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        assert 'name="base_revision" value="1"' in browser.get(URL).text
        record_task_progress(  # meanwhile, the manager records 30%
            workspace=seeded_workspace,
            principal=principal_of(seeded_workspace, "manager"),
            project="plan",
            task="data",
            percent=30,
            date=dt.date(2027, 1, 5),
        )
        stale = browser.post(URL, {"percent": "60", "date": "2027-01-06", "base_revision": "1"})
        assert stale.status_code == 409
        assert 'data-testid="progress-conflict"' in stale.text
        assert '<th scope="row">Percent done</th><td>30</td><td>60</td>' in stale.text
        assert 'name="base_revision" value="2"' in stale.text  # the form is now based on theirs
        assert "percent_complete: 30" in plan_text(seeded_workspace)
        kept = browser.post(URL, {"percent": "60", "date": "2027-01-06", "base_revision": "2"})
        assert kept.status_code == 303
    assert "percent_complete: 60" in plan_text(seeded_workspace)


def test_htmx_gets_a_refusal_as_the_form_with_its_status_in_a_header(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        answer = browser.post(URL, {"remaining": "-2d"}, headers={"HX-Request": "true"})
        assert answer.status_code == 200 and answer.headers["x-edit-status"] == "422"
        assert "<html" not in answer.text and "<code>negative_remaining</code>" in answer.text
    assert plan_text(seeded_workspace) == PLAN_TEXT


def test_a_late_status_date_is_confirmed_on_the_form_and_then_recorded(
    seeded_workspace: Workspace,
) -> None:
    # After the plan's finish the date is refused until confirmed (the CLI's --force);
    # the form had no way to confirm it, so a late project recorded no progress.
    with pages_client(seeded_workspace) as client:
        browser = sign_in(client, "member")
        assert 'name="force"' not in browser.get(URL).text
        refused = browser.post(URL, {"percent": "40", "date": "2030-01-07"})
        assert refused.status_code == 422
        assert "status_date_beyond_plan" in refused.text and 'name="force"' in refused.text
        confirmed = browser.post(URL, {"percent": "40", "date": "2030-01-07", "force": "1"})
        assert confirmed.status_code == 303
    assert "status_date: 2030-01-07" in plan_text(seeded_workspace)
