"""Comments on a project's task, risk, decision... (`/projects/{p}/comments?target=tasks/t1`).

A plain page, or for htmx (`hx-get` with `hx-trigger="load"` on the project page) the
fragment alone: the comments, oldest first, with `@name` mentions of members as links,
and the form to add one. `?mention=name` lists the comments that mention that member.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.comments import add_comment, list_comments
from steerco.app.workspace.errors import InvalidRequestError
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.session import PageSession, SignedIn, safe_next
from steerco.web.pages.templating import is_htmx, render

__all__ = ["comments_url", "router"]

router = APIRouter()


def comments_url(project: str, target: str) -> str:
    """The comments page of `target` in `project`."""
    return f"/projects/{project}/comments?target={quote(target, safe='/')}"


def _heading(target: str | None, mention: str | None) -> str:
    if mention is not None:
        return f"Comments mentioning @{mention}"
    if target:
        return f"Comments on {target}"
    return "Comments on the project" if target == "" else "All comments"


def _answer(
    request: Request,
    workspace: CurrentWorkspace,
    session: PageSession,
    project: str,
    target: str | None,
    mention: str | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> Response:
    comments = list_comments(
        workspace=workspace,
        principal=session.principal,
        project=project,
        target=target,
        mention=mention,
    )
    context.setdefault("message", "")
    context.setdefault("text", "")
    context.setdefault("next_url", "")
    headers = None
    if is_htmx(request):
        template = "fragments/comments.html"
        if status_code != 200:  # as the edit pages: a refusal the page expects, no failed request
            headers = {"X-Edit-Status": str(status_code)}
            status_code = 200
    else:
        template = "comments.html"
    return render(
        request,
        template,
        session,
        status_code=status_code,
        headers=headers,
        project=project,
        target=target or "",
        heading=_heading(target, mention),
        comments=comments,
        show_targets=target is None,
        link_mentions=True,
        can_add=mention is None,
        post_url=f"/projects/{project}/comments",
        back_url=f"/projects/{project}",
        **context,
    )


@router.get("/projects/{project}/comments")
def comments_page(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    target: Annotated[str | None, Query(max_length=400)] = None,
    mention: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The comments on `target` (all the project's without one), and the form to add one."""
    return _answer(request, workspace, session, project, target, mention)


@router.post("/projects/{project}/comments")
def comment(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    text: Annotated[str, Form(max_length=20_000)] = "",
    target: Annotated[str, Form(max_length=400)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Add a comment on `target`; 303 back to its comments (htmx: the updated fragment)."""
    try:
        add_comment(
            workspace=workspace,
            principal=session.principal,
            project=project,
            target=target,
            text=text,
        )
    except InvalidRequestError as error:
        return _answer(
            request,
            workspace,
            session,
            project,
            target,
            None,
            status_code=422,
            message=error.message,
            text=text,
            next_url=safe_next(next) if next else "",
        )
    if is_htmx(request):
        return _answer(request, workspace, session, project, target, None)
    return RedirectResponse(safe_next(next) if next else comments_url(project, target), 303)
