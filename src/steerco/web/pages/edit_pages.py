"""Forms that add, change and remove the plan's tasks, dependencies, resources and risks.

Each form is a plain POST answered by a 303 (to `next`, else the project page) once the
edit is written; htmx only posts it in place. Every change goes through the use cases the
API's POST, PATCH and DELETE call (`app.workspace.edits`), so the same checks apply: a
form that cannot be read, or a plan the edit would make invalid, comes back as typed with
the CLI's located diagnostics (422); an edit of fields someone changed since the form was
read comes back as the merge view (409); nothing is written in either case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.edit_forms import EditContext, edit_context
from steerco.app.workspace.edits import create_entity, delete_entity, edit_entity
from steerco.app.workspace.errors import EditConflictError, InvalidRequestError, NotFoundError
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.edit_fields import COLLECTIONS, shown, singular
from steerco.web.pages.edit_state import (
    EditForm,
    created_data,
    edit_changes,
    merged,
    new_form,
    stored_form,
    submitted_form,
    with_problems,
)
from steerco.web.pages.session import PageSession, SignedIn, safe_next
from steerco.web.pages.templating import is_htmx, render, render_form

__all__ = ["router"]

router = APIRouter()

_PREFILLED = ("parent", "successor", "predecessor")


def _collection(collection: str) -> str:
    if collection not in COLLECTIONS:
        raise NotFoundError(
            f"no form edits {collection!r}; the pages edit {', '.join(COLLECTIONS)}"
        )
    return collection


def _next(request: Request, form: Mapping[str, str] | None, project: str) -> str:
    wanted = (form or {}).get("next") or request.query_params.get("next")
    return safe_next(wanted) if wanted else f"/projects/{project}"


def _context(
    workspace: Workspace, session: PageSession, project: str, collection: str, key: str | None
) -> EditContext:
    return edit_context(
        workspace=workspace,
        principal=session.principal,
        project=project,
        collection=_collection(collection),
        key=key,
    )


def _show(
    request: Request,
    session: PageSession,
    context: EditContext,
    form: EditForm,
    status_code: int = 200,
) -> Response:
    """The form alone for htmx (it swaps it in place), else the whole page around it."""
    return render_form(
        request,
        "edit/entity.html",
        "edit/form.html",
        session,
        status_code=status_code,
        context=context,
        form=form,
        thing=singular(form.collection),
    )


def _done(request: Request, target: str) -> Response:
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def _posted(request: Request) -> dict[str, str]:
    form = await request.form()
    return {name: value for name, value in form.items() if isinstance(value, str)}


@router.get("/projects/{project}/{collection}/new")
def new_entity_form(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str, collection: str
) -> Response:
    """The form that adds an entity (`?parent=` a task's summary, `?successor=` a link's)."""
    context = _context(workspace, session, project, collection, None)
    prefill = {k: v for k in _PREFILLED if (v := request.query_params.get(k))}
    form = new_form(collection, context.revision, prefill, _next(request, None, project))
    return _show(request, session, context, form)


@router.post("/projects/{project}/{collection}/new")
async def create_from_form(
    request: Request, workspace: CurrentWorkspace, session: SignedIn, project: str, collection: str
) -> Response:
    """Add the entity the form describes; the form again, with diagnostics, if it cannot."""
    posted = await _posted(request)
    context = await run_in_threadpool(_context, workspace, session, project, collection, None)
    form = submitted_form(collection, None, posted, _next(request, posted, project))
    data, parent, errors = created_data(form)
    if errors:
        refused = with_problems(form, "the form has values that cannot be read", errors)
        return _show(request, session, context, refused, 422)
    try:
        await run_in_threadpool(
            create_entity,
            workspace=workspace,
            principal=session.principal,
            project=project,
            collection=collection,
            data=data,
            parent=parent,
        )
    except InvalidRequestError as error:
        refused = with_problems(form, error.message, diagnostics=error.diagnostics)
        return _show(request, session, context, refused, 422)
    return _done(request, form.next)


# `{key:path}`: an id may hold a `/` (sent as `%2F`, decoded before routing); the key is
# everything between the collection and the last segment, so `.../a/delete/edit` edits
# `a/delete`, and `.../new` (no suffix) is never a key's page.
@router.get("/projects/{project}/{collection}/{key:path}/edit")
def edit_entity_form(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    collection: str,
    key: str,
) -> Response:
    """The form that changes an entity, based on its values in the current revision."""
    context = _context(workspace, session, project, collection, key)
    assert context.row is not None
    form = stored_form(
        collection, key, context.revision, context.row.data, _next(request, None, project)
    )
    return _show(request, session, context, form)


@router.post("/projects/{project}/{collection}/{key:path}/edit")
async def edit_from_form(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    collection: str,
    key: str,
) -> Response:
    """Change the fields the form changed; the merge view (409) if someone changed them."""
    posted = await _posted(request)
    context = await run_in_threadpool(_context, workspace, session, project, collection, key)
    form = submitted_form(collection, key, posted, _next(request, posted, project))
    changes, based_on, errors = edit_changes(form)
    if errors:
        refused = with_problems(form, "the form has values that cannot be read", errors)
        return _show(request, session, context, refused, 422)
    if not changes:
        return _done(request, form.next)
    try:
        await run_in_threadpool(
            edit_entity,
            workspace=workspace,
            principal=session.principal,
            project=project,
            collection=collection,
            key=key,
            changes=changes,
            based_on=based_on,
            base_revision=form.revision or None,
        )
    except EditConflictError as error:
        current = error.detail.get("current") or {}
        revision = int(error.detail.get("revision") or form.revision)
        return _show(request, session, context, merged(form, current, revision, error.message), 409)
    except InvalidRequestError as error:
        refused = with_problems(form, error.message, diagnostics=error.diagnostics)
        return _show(request, session, context, refused, 422)
    return _done(request, form.next)


@router.get("/projects/{project}/{collection}/{key:path}/delete")
def delete_entity_form(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    collection: str,
    key: str,
) -> Response:
    """Ask to confirm removing the entity (as it stands in the current revision)."""
    context = _context(workspace, session, project, collection, key)
    return _confirm(request, session, context, collection, key, _next(request, None, project))


def _confirm(
    request: Request,
    session: PageSession,
    context: EditContext,
    collection: str,
    key: str,
    next_url: str,
    *,
    status_code: int = 200,
    message: str = "",
    diagnostics: tuple[Any, ...] = (),
    changed: bool = False,
) -> Response:
    assert context.row is not None
    form = stored_form(collection, key, context.revision, context.row.data, next_url)
    summary = [
        (spec.label, text)
        for spec in COLLECTIONS[collection]
        if (text := shown(spec, context.row.data.get(spec.name)))
    ]
    return render(
        request,
        "edit/delete.html",
        session,
        status_code=status_code,
        context=context,
        form=form,
        summary=summary,
        thing=singular(collection),
        message=message,
        diagnostics=list(diagnostics),
        changed=changed,
    )


@router.post("/projects/{project}/{collection}/{key:path}/delete")
async def delete_from_form(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    collection: str,
    key: str,
) -> Response:
    """Remove the entity unless it changed since the confirmation was shown (409)."""
    posted = await _posted(request)
    next_url = _next(request, posted, project)
    raw = posted.get("base_revision", "")
    base = int(raw) if raw.isdigit() and len(raw) < 10 else None
    try:
        await run_in_threadpool(_delete, workspace, session, project, collection, key, base)
    except EditConflictError as error:
        context = await run_in_threadpool(_context, workspace, session, project, collection, key)
        return _confirm(
            request,
            session,
            context,
            collection,
            key,
            next_url,
            status_code=409,
            message=error.message,
            changed=True,
        )
    except InvalidRequestError as error:
        context = await run_in_threadpool(_context, workspace, session, project, collection, key)
        return _confirm(
            request,
            session,
            context,
            collection,
            key,
            next_url,
            status_code=422,
            message=error.message,
            diagnostics=error.diagnostics,
        )
    return _done(request, next_url)


def _delete(
    workspace: Workspace,
    session: PageSession,
    project: str,
    collection: str,
    key: str,
    base_revision: int | None,
) -> None:
    _collection(collection)
    delete_entity(
        workspace=workspace,
        principal=session.principal,
        project=project,
        collection=collection,
        key=key,
        base_revision=base_revision,
    )
