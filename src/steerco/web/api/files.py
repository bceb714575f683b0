"""`/api/v1/projects/{project}/file`: pull a revision's YAML exactly, push a new one."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field, ValidationError

from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.projects import RevisionView, pull_project, push_project
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.revisions import IfMatch, base_revision
from steerco.web.schemas import RequestBody, RevisionRead

__all__ = ["ProjectFileWrite", "PulledRead", "router"]

router = APIRouter(tags=["projects"])

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/plain")
"""Content types whose body is the YAML text itself."""


class ProjectFileWrite(RequestBody):
    """A pushed revision as JSON: the YAML text and, optionally, its sidecars."""

    text: str
    file_name: str | None = Field(default=None, min_length=1, max_length=300)
    baselines: str | None = None
    snapshots: str | None = None
    base_revision: int | None = Field(
        default=None,
        ge=1,
        description="The revision the file was pulled at; a project now at a newer one "
        "refuses the push (409). The `If-Match` header says the same.",
    )


class PulledRead(BaseModel):
    """A pulled revision with its sidecars (asked for with `Accept: application/json`)."""

    text: str
    baselines: str | None
    snapshots: str | None
    revision: int
    file_name: str


async def _pushed(request: Request) -> ProjectFileWrite:
    raw = await request.body()
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media == "application/json":
            return ProjectFileWrite.model_validate(json.loads(raw))
        if media in YAML_TYPES or not media:
            return ProjectFileWrite(text=raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise InvalidRequestError(f"the body is not a project file: {first}") from None
    raise InvalidRequestError(
        f"send the YAML as application/yaml or text/plain, or JSON; not {media}"
    )


_PROJECT_FILE: dict[str, Any] = {
    "type": "object",
    "description": "A steerco project file (docs/project-file.md), as YAML text.",
}

_PUSH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/yaml": {"schema": _PROJECT_FILE},
            "text/plain": {"schema": {"type": "string"}},
            "application/json": {"schema": ProjectFileWrite.model_json_schema()},
        },
    }
}


@router.get(
    "/projects/{project}/file",
    response_model=PulledRead,
    responses={
        200: {
            "description": "The revision's YAML exactly as pushed or edited; `ETag` is its "
            "revision number. With `Accept: application/json`: the text and its sidecars.",
            "content": {"text/yaml": {"schema": _PROJECT_FILE}},
        },
        **responses(401, 403, 404, 422),
    },
)
def pull_file(
    project: str,
    request: Request,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
    revision: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="An older revision.")
    ] = None,
) -> Any:
    """Pull a revision's YAML (the current one by default)."""
    pulled = pull_project(
        workspace=workspace, principal=principal, project=project, revision=revision
    )
    etag = f'"{pulled.revision}"'
    if "application/json" in request.headers.get("accept", ""):
        body = PulledRead.model_validate(pulled, from_attributes=True)
        return Response(
            body.model_dump_json(), media_type="application/json", headers={"ETag": etag}
        )
    return Response(pulled.text, media_type="text/yaml; charset=utf-8", headers={"ETag": etag})


@router.put(
    "/projects/{project}/file",
    response_model=RevisionRead,
    responses=responses(401, 403, 404, 409, 422),
    openapi_extra=_PUSH_BODY,
)
def push_file(
    project: str,
    body: Annotated[ProjectFileWrite, Depends(_pushed)],
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
    if_match: IfMatch = None,
) -> RevisionView:
    """Push a revision: a new project (the caller owns it) or a new revision of this one.

    With `If-Match` (or `base_revision`), the revision the file was pulled at: a project
    now at a newer revision refuses the push with 409 `edit_conflict`, since the whole
    file would undo what was edited since.
    """
    return push_project(
        workspace=workspace,
        principal=principal,
        text=body.text,
        file_name=body.file_name or f"{project}.yaml",
        project=project,
        baselines=body.baselines,
        snapshots=body.snapshots,
        base_revision=base_revision(body.base_revision, if_match),
    )
