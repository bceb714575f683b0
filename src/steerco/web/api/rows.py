"""`/api/v1/projects/{project}/{collection}`: the plan's entities (tasks, risks, people...).

Reads come from the rows derived from the current revision (no YAML parsed per request);
every change is an edit of the current revision's text through the comment-keeping editor.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from pydantic import Field
from starlette.convertors import Convertor, register_url_convertor

from steerco.app.workspace.edits import EditResult, create_entity, delete_entity, edit_entity
from steerco.app.workspace.pages import Page
from steerco.app.workspace.projects import RevisionView
from steerco.app.workspace.rows import RowView, get_row, list_rows
from steerco.web.auth import CurrentPrincipal, CurrentWorkspace
from steerco.web.errors import responses
from steerco.web.pagination import PageOut, Paging
from steerco.web.revisions import IfMatch, base_revision
from steerco.web.schemas import EditResultRead, RequestBody, RevisionRead, RowRead

__all__ = ["Collection", "EntityCreate", "EntityUpdate", "router"]

router = APIRouter(tags=["plan"])

ROW_ERRORS = responses(401, 403, 404, 422)
EDIT_ERRORS = responses(401, 403, 404, 409, 422)

_NOT_FILTERS = frozenset({"offset", "limit"})


class _KeyConvertor(Convertor[str]):
    """An entity's key in a path: the rest of it, `/` included, and never empty."""

    regex = ".+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("key", _KeyConvertor())

# An id is the plan's own text (`WBS/1.2`): its `/` comes as `%2F`, which the server
# decodes before routing, so `{key}` takes the rest of the path (this router comes last);
# an empty one (`/tasks/`) is no row's, and the path redirects to the list as before.
_ONE_ROW = "/projects/{project}/{collection}/{key:key}"


class Collection(StrEnum):
    """The plan's collections: each entity of the current revision is a row of one."""

    tasks = "tasks"
    dependencies = "dependencies"
    resources = "resources"
    risks = "risks"
    gates = "gates"
    backlog = "backlog"
    sprints = "sprints"
    stakeholders = "stakeholders"
    milestones = "milestones"


class EntityCreate(RequestBody):
    """A new entity: its fields as the project file writes them, and its parent task."""

    data: dict[str, Any] = Field(description="The entity's fields, e.g. `{id, name, duration}`.")
    parent: str | None = Field(default=None, description="A task's parent (summary) task id.")


class EntityUpdate(RequestBody):
    """An edit: the fields to change and what it was based on (else: the current revision)."""

    changes: dict[str, Any] = Field(description="Field -> new value (null removes the field).")
    base_revision: int | None = Field(
        default=None, ge=0, le=2**31 - 1, description="The revision the edit was based on."
    )
    based_on: dict[str, Any] | None = Field(
        default=None, description="Field -> the value the edit was based on."
    )


@router.get(
    "/projects/{project}/{collection}",
    response_model=PageOut[RowRead],
    responses=ROW_ERRORS,
)
def get_rows(
    project: str,
    collection: Collection,
    page: Paging,
    request: Request,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
    parent: Annotated[str | None, Query(description="Children of this task.")] = None,
    name: Annotated[str | None, Query(description="The name contains it (any case).")] = None,
    status: Annotated[str | None, Query(description="e.g. a risk's status.")] = None,
) -> Page[RowView]:
    """A page of the collection, filtered by field values given as query parameters."""
    filters = {k: v for k, v in request.query_params.items() if k not in _NOT_FILTERS}
    return list_rows(
        workspace=workspace,
        principal=principal,
        project=project,
        collection=collection.value,
        filters=filters or None,
        offset=page.offset,
        limit=page.limit,
    )


@router.post(
    "/projects/{project}/{collection}",
    response_model=EditResultRead,
    status_code=status.HTTP_201_CREATED,
    responses=EDIT_ERRORS,
)
def post_row(
    project: str,
    collection: Collection,
    body: EntityCreate,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
) -> EditResult:
    """Add an entity to the current revision."""
    return create_entity(
        workspace=workspace,
        principal=principal,
        project=project,
        collection=collection.value,
        data=body.data,
        parent=body.parent,
    )


@router.get(_ONE_ROW, response_model=RowRead, responses=ROW_ERRORS)
def get_one_row(
    project: str,
    collection: Collection,
    key: str,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
) -> RowView:
    """One entity of the current revision."""
    return get_row(
        workspace=workspace,
        principal=principal,
        project=project,
        collection=collection.value,
        key=key,
    )


@router.patch(
    _ONE_ROW,
    response_model=EditResultRead,
    responses=EDIT_ERRORS,
)
def patch_row(
    project: str,
    collection: Collection,
    key: str,
    body: EntityUpdate,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
    if_match: IfMatch = None,
) -> EditResult:
    """Change fields of an entity; 409 with `detail.current` if they changed since the base."""
    return edit_entity(
        workspace=workspace,
        principal=principal,
        project=project,
        collection=collection.value,
        key=key,
        changes=body.changes,
        base_revision=base_revision(body.base_revision, if_match),
        based_on=body.based_on,
    )


@router.delete(
    _ONE_ROW,
    response_model=RevisionRead,
    responses=EDIT_ERRORS,
)
def delete_row(
    project: str,
    collection: Collection,
    key: str,
    principal: CurrentPrincipal,
    workspace: CurrentWorkspace,
    base: Annotated[
        int | None,
        Query(alias="base_revision", ge=0, le=2**31 - 1, description="The base revision."),
    ] = None,
    if_match: IfMatch = None,
) -> RevisionView:
    """Remove an entity; 409 if it changed since the base revision."""
    return delete_entity(
        workspace=workspace,
        principal=principal,
        project=project,
        collection=collection.value,
        key=key,
        base_revision=base_revision(base, if_match),
    )
