"""`push --server` / `pull --server`: the client side of the API's file endpoints.

The server here is a stand-in transport that answers as `/api/v1/projects/{p}/file` does
(the workspace's own push and pull behind it, the API's error body on a refusal), so what
is checked is the client: the request it sends, the bytes it writes, the errors it raises.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import (
    InvalidRequestError,
    NotFoundError,
    UnauthorizedError,
    WorkspaceError,
)
from steerco.app.workspace.projects import pull_project, push_project
from steerco.app.workspace.remote_files import (
    ServerUnreachableError,
    pull_remote_file,
    push_remote_file,
)
from workspace.projects_support import PLAN, user

TOKEN = "stc_test"


def _error(error: WorkspaceError) -> httpx.Response:
    diagnostics = [
        {
            "code": str(d.code),
            "message": d.message,
            "file": d.file,
            "line": d.line,
            "column": d.column,
            "path": list(d.path),
        }
        for d in error.diagnostics
    ]
    body = {"error": {"code": error.code, "message": error.message, "diagnostics": diagnostics,
                      "detail": error.detail}}  # fmt: skip
    return httpx.Response(error.status, json=body)


def _server(workspace: Workspace, principal: Principal, seen: list[httpx.Request]) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _error(UnauthorizedError("no valid token"))
        slug = request.url.path.split("/")[4]
        try:
            if request.method == "PUT":
                body = json.loads(request.content)
                view = push_project(
                    workspace=workspace,
                    principal=principal,
                    text=body["text"],
                    file_name=body["file_name"],
                    project=slug,
                    baselines=body["baselines"],
                    snapshots=body["snapshots"],
                )
                answer = {**view.__dict__, "created_at": view.created_at.isoformat()}
                return httpx.Response(200, json=answer)
            number = request.url.params.get("revision")
            pulled = pull_project(
                workspace=workspace,
                principal=principal,
                project=slug,
                revision=int(number) if number else None,
            )
            return httpx.Response(200, json=pulled.__dict__)
        except WorkspaceError as error:
            return _error(error)

    return httpx.Client(transport=httpx.MockTransport(handle), base_url="http://steerco.test")


def test_push_and_pull_through_the_api_keep_every_byte(
    workspace: Workspace, tmp_path: Path
) -> None:
    ann = user(workspace, "ann")
    seen: list[httpx.Request] = []
    path = tmp_path / "Odd Plan.yaml"
    path.write_bytes(PLAN.replace("\n", "\r\n").encode())
    (tmp_path / "Odd Plan.baselines.yaml").write_bytes(b"baselines: []\n")
    with _server(workspace, ann, seen) as client:
        view = push_remote_file(server="http://steerco.test", token=TOKEN, path=path, client=client)
        assert (view.project, view.number, view.author) == ("odd-plan", 1, "ann")
        assert seen[0].method == "PUT" and seen[0].url.path == "/api/v1/projects/odd-plan/file"
        out = tmp_path / "back" / "plan.yaml"
        written = pull_remote_file(
            server="http://steerco.test", token=TOKEN, project="odd-plan", out=out, client=client
        )
    assert seen[1].headers["accept"] == "application/json"
    assert out.read_bytes() == path.read_bytes()
    assert written.sidecars == (tmp_path / "back" / "plan.baselines.yaml",)
    assert written.sidecars[0].read_bytes() == b"baselines: []\n"


def test_refusals_come_back_as_workspace_errors(workspace: Workspace, tmp_path: Path) -> None:
    ann = user(workspace, "ann")
    bad = tmp_path / "bad.yaml"
    bad.write_text(PLAN.replace("after: [ build ]", "after: [ nowhere ]"))
    with _server(workspace, ann, []) as client:
        with pytest.raises(InvalidRequestError) as caught:
            push_remote_file(server="http://steerco.test", token=TOKEN, path=bad, client=client)
        [found] = caught.value.diagnostics
        assert found.format().startswith("bad.yaml:24:16: unknown_task: ")
        with pytest.raises(NotFoundError):
            pull_remote_file(
                server="http://steerco.test", token=TOKEN, project="nope", client=client
            )
        with pytest.raises(UnauthorizedError):
            pull_remote_file(
                server="http://steerco.test", token="wrong", project="bad", client=client
            )
    with pytest.raises(UnauthorizedError, match="STEERCO_TOKEN"):
        pull_remote_file(server="http://steerco.test", token=None, project="bad")


def test_a_server_that_is_not_there(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(refuse), base_url="http://nowhere.test")
    with pytest.raises(ServerUnreachableError, match=r"cannot reach http://nowhere\.test"):
        pull_remote_file(server="http://nowhere.test", token=TOKEN, project="p", client=client)
    not_steerco = httpx.Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(502, text="bad gateway")),
        base_url="http://proxy.test",
    )
    with pytest.raises(ServerUnreachableError, match="without a steerco error body"):
        pull_remote_file(server="http://proxy.test", token=TOKEN, project="p", client=not_steerco)
