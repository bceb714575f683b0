"""`steerco push --server` and `steerco pull --server`: project files through the REST API.

The same requests any client sends (`PUT`/`GET /api/v1/projects/{project}/file`) with an
API token; a refusal comes back as the API's error body and is raised as the workspace
error it stands for, with the same located diagnostics.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steerco.app.workspace.errors import (
    EditConflictError,
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    RateLimitedError,
    UnauthorizedError,
    WorkspaceError,
)
from steerco.app.workspace.project_files import PulledFile, read_project_files, write_pulled
from steerco.app.workspace.projects import PulledProject, project_slug
from steerco.app.workspace.revisions import RevisionView

if TYPE_CHECKING:
    import httpx

__all__ = ["ServerUnreachableError", "pull_remote_file", "push_remote_file"]

_ERRORS: dict[int, type[WorkspaceError]] = {
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: EditConflictError,
    422: InvalidRequestError,
    429: RateLimitedError,
}


class ServerUnreachableError(WorkspaceError):
    """The server could not be reached, or did not answer as a steerco server does."""

    status = 503
    code = "server_unreachable"


def _client(server: str, token: str | None, client: httpx.Client | None) -> httpx.Client:
    """`client` (a test's), else a new one for `server`; the token as a bearer header."""
    import httpx

    if not token:
        raise UnauthorizedError("give an API token: --token TOKEN or $STEERCO_TOKEN")
    headers = {"Authorization": f"Bearer {token}"}
    if client is not None:
        client.headers.update(headers)
        return client
    return httpx.Client(base_url=server.rstrip("/"), headers=headers, timeout=60.0)


def _diagnostics(items: list[dict[str, Any]]) -> tuple[Any, ...]:
    """The API's diagnostics as the CLI's (`FILE:LINE:COL: code: message`)."""
    from steerco.codes import Code
    from steerco.errors import Diagnostic

    found = []
    for item in items:
        try:
            code = Code(item.get("code", ""))
        except ValueError:
            code = Code.bad_value
        found.append(
            Diagnostic(
                code,
                str(item.get("message", "")),
                tuple(item.get("path") or ()),
                item.get("file"),
                item.get("line"),
                item.get("column"),
            )
        )
    return tuple(found)


def _answer(call: Any, server: str) -> Any:
    """The JSON of a successful answer; an error answer raised as its workspace error."""
    import httpx

    try:
        response = call()
    except httpx.HTTPError as failure:
        raise ServerUnreachableError(f"cannot reach {server}: {failure}") from None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success and isinstance(body, dict):
        return body
    refusal = body.get("error") if isinstance(body, dict) else None
    if not isinstance(refusal, dict):
        raise ServerUnreachableError(
            f"{server} answered {response.status_code} without a steerco error body"
        )
    kind = _ERRORS.get(response.status_code, WorkspaceError)
    raise kind(
        str(refusal.get("message", "")),
        diagnostics=_diagnostics(refusal.get("diagnostics") or []),
        detail=refusal.get("detail") or {},
    )


def push_remote_file(
    *,
    server: str,
    token: str | None,
    path: Path,
    project: str | None = None,
    client: httpx.Client | None = None,
    base_revision: int | None = None,
) -> RevisionView:
    """Push the project file at `path` and its sidecars to the server's project.

    `base_revision`: the revision it was pulled at (the server refuses the push, 409,
    when the project has a newer one).
    """
    files = read_project_files(path)
    slug = project or project_slug(path.name)
    body: dict[str, str | int | None] = {
        "text": files.text,
        "file_name": path.name,
        "baselines": files.baselines,
        "snapshots": files.snapshots,
    }
    if base_revision is not None:  # only then: a server before base revisions refuses it
        body["base_revision"] = base_revision
    http = _client(server, token, client)
    answer = _answer(lambda: http.put(f"/api/v1/projects/{slug}/file", json=body), server)
    return RevisionView(
        project=str(answer["project"]),
        number=int(answer["number"]),
        sha256=str(answer["sha256"]),
        operation=str(answer["operation"]),
        author=answer.get("author"),
        created_at=dt.datetime.fromisoformat(str(answer["created_at"])),
    )


def pull_remote_file(
    *,
    server: str,
    token: str | None,
    project: str,
    out: Path | None = None,
    revision: int | None = None,
    client: httpx.Client | None = None,
) -> PulledFile:
    """Write a revision pulled from the server (and its sidecars), as `pull_project_file`."""
    http = _client(server, token, client)
    params = {"revision": revision} if revision is not None else {}
    answer = _answer(
        lambda: http.get(
            f"/api/v1/projects/{project}/file",
            params=params,
            headers={"Accept": "application/json"},
        ),
        server,
    )
    pulled = PulledProject(
        text=str(answer["text"]),
        baselines=answer.get("baselines"),
        snapshots=answer.get("snapshots"),
        revision=int(answer["revision"]),
        file_name=str(answer["file_name"]),
    )
    return write_pulled(pulled, out)
