"""`/projects/{p}/analyses`: run an analysis as a job, watch it, open and download its result."""

from __future__ import annotations

import json
import time

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.jobs import job_result, list_jobs
from web.edit_forms_support import owner
from web.pages_support import Browser, pages_client, sign_in

PAGE = "/projects/plan/analyses"


def _until_ended(browser: Browser, url: str) -> str:
    """The job's page once the job has ended (its progress bar polled meanwhile)."""
    for _ in range(600):
        page = browser.get(url)
        assert page.status_code == 200
        if "<progress" not in page.text.split('id="chosen"', 1)[1].split("</section>")[0]:
            return str(page.text)
        time.sleep(0.05)
    raise AssertionError("the job never ended")


def test_a_schedule_runs_in_the_background_and_its_result_is_shown_and_downloadable(
    seeded_workspace: Workspace,
) -> None:
    with pages_client(seeded_workspace, start_jobs=True) as client:
        manager = sign_in(client, "manager")
        started = manager.post(PAGE, {"kind": "schedule", "method": "cpm"})
        assert started.status_code == 303
        target = started.headers["location"]
        assert target.startswith(PAGE + "?job=")
        job_id = target.split("=", 1)[1]
        done = _until_ended(manager, target)
        assert 'data-testid="analysis-result"' in done
        reader = owner(seeded_workspace)
        stored = job_result(
            workspace=seeded_workspace, principal=reader, project="plan", job_id=job_id
        )
        finish = json.loads(stored)["finish"]
        assert finish in done
        download = manager.get(f"{PAGE}/{job_id}/result?download=1")
        assert download.status_code == 200
        assert download.headers["content-type"] == "application/json"
        assert (
            download.headers["content-disposition"]
            == 'attachment; filename="plan-schedule-r1.json"'
        )
        assert download.text == stored
        listed = manager.get(PAGE)
        assert f"?job={job_id}" in listed.text and 'data-state="done"' in listed.text
        again = manager.post(PAGE, {"kind": "schedule", "method": "cpm"})
        assert again.headers["location"] == target  # cached for this revision


def test_a_report_opens_as_html(seeded_workspace: Workspace) -> None:
    with pages_client(seeded_workspace, start_jobs=True) as client:
        manager = sign_in(client, "manager")
        target = manager.post(PAGE, {"kind": "report", "audience": "client"}).headers["location"]
        _until_ended(manager, target)
        job_id = target.split("=", 1)[1]
        report = manager.get(f"{PAGE}/{job_id}/result")
        assert report.headers["content-type"].startswith("text/html")
        assert "API test plan" in report.text


def test_a_pending_job_shows_its_live_progress_bar(seeded_workspace: Workspace) -> None:
    manager = sign_in(pages_client(seeded_workspace, start_jobs=False), "manager")
    target = manager.post(PAGE, {"kind": "forecast", "iterations": "500", "seed": "7"}).headers[
        "location"
    ]
    page = manager.get(target)
    job_id = target.split("=", 1)[1]
    assert f'hx-get="/projects/plan/jobs/{job_id}/progress"' in page.text
    assert "<progress" in page.text
    jobs = list_jobs(workspace=seeded_workspace, principal=owner(seeded_workspace), project="plan")
    assert [(j.kind, j.params["iterations"], j.params["seed"]) for j in jobs.items] == [
        ("forecast", 500, 7)
    ]


def test_bad_parameters_show_the_located_diagnostic_and_run_nothing(
    seeded_workspace: Workspace,
) -> None:
    manager = sign_in(pages_client(seeded_workspace), "manager")
    refused = manager.post(PAGE, {"kind": "forecast", "iterations": "-5", "seed": "0"})
    assert refused.status_code == 422
    assert "bad_value" in refused.text and "params.iterations" in refused.text
    unknown = manager.post(PAGE, {"kind": "astrology"})
    assert unknown.status_code == 422
    reader = owner(seeded_workspace)
    assert list_jobs(workspace=seeded_workspace, principal=reader, project="plan").total == 0


def test_who_sees_and_runs_analyses(seeded_workspace: Workspace) -> None:
    member = sign_in(pages_client(seeded_workspace), "member")
    assert 'data-testid="run-forecast"' in member.get(PAGE).text  # members run analyses
    client = sign_in(pages_client(seeded_workspace), "client")
    page = client.get(PAGE)
    assert page.status_code == 200 and 'data-testid="run-forecast"' not in page.text
    assert client.post(PAGE, {"kind": "schedule"}).status_code == 403
    outsider = sign_in(pages_client(seeded_workspace), "outsider")
    assert outsider.get(PAGE).status_code == 404
