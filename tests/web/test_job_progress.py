"""The live progress of a background analysis on a page, and its end."""

from __future__ import annotations

import time

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.tokens import principal_for_token
from steerco.web.pages.analyses import analysis
from web.pages_support import pages_client, sign_in


def _wait_done(browser_get, url: str) -> str:  # type: ignore[no-untyped-def]
    for _ in range(600):
        answer = browser_get(url)
        assert answer.status_code == 200
        if answer.headers.get("hx-refresh") == "true":
            return str(answer.text)
        assert "<progress" in answer.text and 'hx-trigger="load delay:1s"' in answer.text
        time.sleep(0.05)
    raise AssertionError("the job never ended")


def test_a_schedule_job_shows_progress_then_reloads_the_page_with_its_result(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace, start_jobs=True) as client:
        browser = sign_in(client, "manager")
        principal = principal_for_token(
            workspace=seeded_workspace, secret=str(client.cookies.get("steerco_session"))
        )
        first = analysis(
            workspace=seeded_workspace, principal=principal, project="plan", kind="schedule"
        )
        url = f"/projects/plan/jobs/{first.job.id}/progress"
        ended = _wait_done(browser.get, url)
        assert "Schedule done." in ended
        again = analysis(
            workspace=seeded_workspace, principal=principal, project="plan", kind="schedule"
        )
        assert again.job.id == first.job.id  # cached for this revision
        assert not again.pending and again.result is not None
        assert '"makespan"' in again.result or '"finish"' in again.result


def test_another_projects_job_is_not_found_as_a_page(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace, start_jobs=True) as client:
        browser = sign_in(client, "manager")
        missing = browser.get("/projects/other/jobs/00000000-0000-0000-0000-000000000000/progress")
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("text/html")
