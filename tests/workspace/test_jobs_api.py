"""The jobs endpoints on both backends: submit, poll, result, cancel, list, and who may."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from steerco.app.workspace.accounts import create_user
from steerco.app.workspace.context import Role, Workspace
from steerco.app.workspace.members import add_member
from steerco.app.workspace.projects import push_project
from steerco.app.workspace.tokens import create_token, principal_for_token
from steerco.web.api.jobs import router
from steerco.web.errors import install_error_handlers
from workspace.jobs_fixtures import PLAN, cli_output, drain


def _client(workspace: Workspace) -> tuple[TestClient, dict[str, dict[str, str]]]:
    """The jobs router under /api/v1, and the headers of owner, client and outsider."""
    headers = {}
    for name in ("owner", "client", "outsider"):
        create_user(workspace=workspace, name=name, password="correct horse battery")
        secret = create_token(workspace=workspace, user=name, name="tests").secret
        headers[name] = {"Authorization": f"Bearer {secret}"}
    owner = principal_for_token(workspace=workspace, secret=headers["owner"]["Authorization"][7:])
    for slug in ("demo", "other"):
        push_project(
            workspace=workspace, principal=owner, text=PLAN, file_name="demo.yaml", project=slug
        )
    add_member(
        workspace=workspace, principal=owner, project="demo", user="client", role=Role.client
    )
    app = FastAPI()
    app.state.workspace = workspace
    install_error_handlers(app)
    app.include_router(router, prefix="/api/v1")
    return TestClient(app), headers


def test_submit_poll_and_fetch_the_clis_json(workspace: Workspace, tmp_path: Path) -> None:
    client, headers = _client(workspace)
    base = "/api/v1/projects/demo/jobs"
    posted = client.post(
        base, json={"kind": "forecast", "params": {"iterations": 2000}}, headers=headers["owner"]
    )
    assert posted.status_code == 202, posted.text
    job = posted.json()
    assert (job["state"], job["kind"], job["revision"]) == ("queued", "forecast", 1)
    assert job["params"]["iterations"] == 2000 and job["params"]["seed"] == 0
    early = client.get(f"{base}/{job['id']}/result", headers=headers["owner"])
    assert early.status_code == 422 and early.json()["error"]["detail"] == {"state": "queued"}
    drain(workspace)
    polled = client.get(f"{base}/{job['id']}", headers=headers["owner"]).json()
    assert (polled["state"], polled["progress"]) == ("done", 1.0)
    result = client.get(f"{base}/{job['id']}/result", headers=headers["owner"])
    assert result.status_code == 200
    assert result.headers["content-type"] == "application/json"
    assert result.text == cli_output(tmp_path, PLAN, "forecast", "--format", "json", "-n", "2000")
    again = client.post(
        base, json={"kind": "forecast", "params": {"iterations": 2000}}, headers=headers["owner"]
    )
    assert again.json()["id"] == job["id"] and again.json()["state"] == "done"
    page = client.get(f"{base}?limit=1", headers=headers["owner"]).json()
    assert (page["total"], page["offset"], page["limit"]) == (1, 0, 1)
    assert [j["id"] for j in page["items"]] == [job["id"]]


def test_a_client_runs_the_client_report_only(workspace: Workspace, tmp_path: Path) -> None:
    client, headers = _client(workspace)
    base = "/api/v1/projects/demo/jobs"
    forecast = client.post(base, json={"kind": "forecast"}, headers=headers["client"])
    assert forecast.status_code == 403
    assert forecast.json()["error"]["code"] == "forbidden"
    report = client.post(
        base,
        json={"kind": "report", "params": {"audience": "client", "format": "md"}},
        headers=headers["client"],
    )
    assert report.status_code == 202
    drain(workspace)
    text = client.get(f"{base}/{report.json()['id']}/result", headers=headers["client"])
    assert text.headers["content-type"] == "text/markdown; charset=utf-8"
    assert text.text == cli_output(tmp_path, PLAN, "report", "--audience", "client")


def test_other_projects_ids_and_strangers_get_404_and_bad_requests_422(
    workspace: Workspace,
) -> None:
    client, headers = _client(workspace)
    job = client.post(
        "/api/v1/projects/demo/jobs", json={"kind": "schedule"}, headers=headers["owner"]
    ).json()
    assert (
        client.get(f"/api/v1/projects/other/jobs/{job['id']}", headers=headers["owner"]).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/projects/demo/jobs/{job['id']}", headers=headers["outsider"]
        ).status_code
        == 404
    )
    assert client.get("/api/v1/projects/demo/jobs", headers={}).status_code == 401
    bad = client.post(
        "/api/v1/projects/demo/jobs",
        json={"kind": "forecast", "params": {"iterations": "many"}},
        headers=headers["owner"],
    )
    assert bad.status_code == 422
    [diagnostic] = bad.json()["error"]["diagnostics"]
    assert (diagnostic["code"], diagnostic["path"]) == ("bad_value", ["params", "iterations"])
    cancelled = client.post(
        f"/api/v1/projects/demo/jobs/{job['id']}/cancel", headers=headers["owner"]
    )
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
