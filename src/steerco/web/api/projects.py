"""`/api/v1/projects`: list, create (push), read and delete projects; revisions and audit."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import Field

from steerco.app.workspace.audit import AuditView, list_audit
from steerco.app.workspace.pages import Page
from steerco.app.workspace.projects import (
    ProjectView,
    RevisionView,
    delete_project,
    get_project,
    list_projects,
    list_revisions,
    push_project,
)
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.pagination import PageOut, Paging
from steerco.web.revisions import IfMatch, base_revision
from steerco.web.schemas import AuditRead, ProjectRead, RequestBody, RevisionRead

__all__ = ["ProjectCreate", "router"]

router = APIRouter(tags=["projects"])

PROJECT_ERRORS = responses(401, 403, 404, 422)
"""What a request on one project may answer besides success."""


class ProjectCreate(RequestBody):
    """A project file to push: a new project, or a new revision of `project` if it exists."""

    text: str = Field(description="The project's YAML, exactly as in the file.")
    file_name: str = Field(min_length=1, max_length=300, description="e.g. `plan.yaml`.")
    project: str | None = Field(
        default=None, max_length=120, description="The project id; default: the file's stem."
    )
    baselines: str | None = Field(default=None, description="The baselines sidecar's text.")
    snapshots: str | None = Field(default=None, description="The snapshots sidecar's text.")
    base_revision: int | None = Field(
        default=None,
        ge=1,
        description="For an existing project, the revision the file was pulled at: a project "
        "now at a newer one refuses the push (409). The `If-Match` header says the same.",
    )


@router.get("/projects", response_model=list[ProjectRead], responses=responses(401))
def get_projects(principal: CurrentPrincipal, workspace: CurrentWorkspace) -> list[ProjectView]:
    """The projects the caller may see, with their role on each."""
    return list_projects(workspace=workspace, principal=principal)


@router.post(
    "/projects",
    response_model=RevisionRead,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 404, 409, 422),
)
def post_project(
    body: ProjectCreate,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
    if_match: IfMatch = None,
) -> RevisionView:
    """Push a project file: the caller owns a new project (or makes a new revision).

    A new revision with `If-Match` (or `base_revision`) is refused with 409 when the
    project has moved past that revision.
    """
    return push_project(
        workspace=workspace,
        principal=principal,
        text=body.text,
        file_name=body.file_name,
        project=body.project,
        baselines=body.baselines,
        snapshots=body.snapshots,
        base_revision=base_revision(body.base_revision, if_match),
    )


@router.get("/projects/{project}", response_model=ProjectRead, responses=PROJECT_ERRORS)
def get_one_project(
    project: str, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> ProjectView:
    """One project."""
    return get_project(workspace=workspace, principal=principal, project=project)


@router.delete(
    "/projects/{project}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=PROJECT_ERRORS,
)
def delete_one_project(
    project: str, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> None:
    """Delete a project with its revisions, rows, comments and jobs (owner only)."""
    delete_project(workspace=workspace, principal=principal, project=project)


@router.get(
    "/projects/{project}/revisions",
    response_model=PageOut[RevisionRead],
    responses=PROJECT_ERRORS,
)
def get_revisions(
    project: str, page: Paging, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> Page[RevisionView]:
    """The project's revisions, newest first."""
    return list_revisions(
        workspace=workspace,
        principal=principal,
        project=project,
        offset=page.offset,
        limit=page.limit,
    )


@router.get(
    "/projects/{project}/audit", response_model=PageOut[AuditRead], responses=PROJECT_ERRORS
)
def get_audit(
    project: str, page: Paging, principal: CurrentPrincipal, workspace: CurrentWorkspace
) -> Page[AuditView]:
    """The project's audit log: who changed what, when, before and after."""
    return list_audit(
        workspace=workspace,
        principal=principal,
        project=project,
        offset=page.offset,
        limit=page.limit,
    )
