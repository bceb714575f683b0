"""My work (`/my-work`) and a task's progress form (`/projects/{p}/tasks/{t}/progress`).

My work lists, per project where my membership names a plan resource, my tasks planned
this week and next (dates from the cached schedule job; its progress bar while it runs)
and those started and not finished, each with its progress form, then the comments that
mention me. The form posts to the same use case as `steerco update` and the API
(`edits.record_task_progress`); a member may record only their own tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from steerco.app.workspace.comments import mentions_of
from steerco.app.workspace.edits import record_task_progress
from steerco.app.workspace.errors import EditConflictError, InvalidRequestError
from steerco.app.workspace.my_work import MyProject, MyTasks, my_projects, my_tasks, week_start
from steerco.app.workspace.my_work import task_progress as read_task_progress
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.analyses import Analysis, analysis
from steerco.web.pages.session import SignedIn, safe_next
from steerco.web.pages.templating import is_htmx, render, render_form

__all__ = ["router"]

router = APIRouter()


@dataclass(frozen=True)
class ProjectWork:
    """One project's part of My work: its schedule job, and my tasks."""

    project: MyProject
    schedule: Analysis
    work: MyTasks


def _week(week: str | None) -> dt.date:
    """The Monday of the asked week (`?week=2027-01-04`), else of today's."""
    try:
        day = dt.date.fromisoformat(week) if week else dt.date.today()
    except ValueError:
        raise InvalidRequestError(f"week is a date such as 2027-01-04, not {week!r}") from None
    return week_start(day)


@router.get("/my-work")
def my_work(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    week: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    """My tasks this week and next across my projects, with progress forms; my mentions."""
    monday = _week(week)
    parts: list[ProjectWork] = []
    for project in my_projects(workspace=workspace, principal=session.principal):
        schedule = analysis(
            workspace=workspace, principal=session.principal, project=project.slug, kind="schedule"
        )
        work = my_tasks(
            workspace=workspace,
            principal=session.principal,
            project=project.slug,
            week=monday,
            schedule=schedule.result,
        )
        parts.append(ProjectWork(project, schedule, work))
    mentions = mentions_of(workspace=workspace, principal=session.principal)
    return render(
        request,
        "my_work.html",
        session,
        parts=parts,
        mentions=mentions,
        monday=monday,
        previous_week=monday - dt.timedelta(days=7),
        next_week=monday + dt.timedelta(days=7),
        window_end=monday + dt.timedelta(days=13),
        this_week=week_start(dt.date.today()),
    )


def _form_page(
    request: Request,
    session: Any,
    workspace: CurrentWorkspace,
    project: str,
    task: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """The task's progress page (or, for htmx, its form) with `context` (errors, values).

    htmx gets a refusal (422, 409) as a 200 whose `X-Edit-Status` header tells it
    (`templating.render_form`).
    """
    state = read_task_progress(
        workspace=workspace, principal=session.principal, project=project, task=task
    )
    context.setdefault("values", {})
    context.setdefault("diagnostics", [])
    context.setdefault("conflict", None)
    context.setdefault("saved", False)
    context.setdefault("next_url", "")
    context.setdefault("message", "")
    return render_form(
        request,
        "my_work_progress.html",
        "my_work_progress_form.html",
        session,
        status_code=status_code,
        state=state,
        **context,
    )


# `{task:path}`: a task id may hold a `/` (sent as `%2F`, decoded before routing).
@router.get("/projects/{project}/tasks/{task:path}/progress")
def progress_page(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    task: str,
    next: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    """The task's recorded progress and the form to update it (403 for another's task)."""
    return _form_page(
        request, session, workspace, project, task, next_url=safe_next(next) if next else ""
    )


def _number(name: str, text: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidRequestError(f"{name} is a number, not {text!r}") from None


def _date(name: str, text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidRequestError(f"{name} is a date such as 2027-01-04, not {text!r}") from None


def _checked(value: str) -> bool:
    """A checkbox's value: checked when it says so (`1`, `on`, `true`, `yes`)."""
    return value.strip().casefold() in ("1", "on", "true", "yes")


@router.post("/projects/{project}/tasks/{task:path}/progress")
def record_progress(
    request: Request,
    workspace: CurrentWorkspace,
    session: SignedIn,
    project: str,
    task: str,
    percent: Annotated[str, Form(max_length=20)] = "",
    remaining: Annotated[str, Form(max_length=20)] = "",
    done: Annotated[str, Form(max_length=10)] = "",
    start: Annotated[str, Form(max_length=10)] = "",
    date: Annotated[str, Form(max_length=10)] = "",
    base_revision: Annotated[str, Form(max_length=20)] = "",
    force: Annotated[str, Form(max_length=10)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Record the task's progress; 303 back (htmx: the updated form), or the form with why.

    `force`: the status date is right though it is after the plan's finish (a late
    project), which the form offers to confirm once it has been refused for that.
    """
    values = {
        "percent": percent,
        "remaining": remaining,
        "done": bool(done),
        "start": start,
        "date": date,
        "force": _checked(force),
    }
    next_url = safe_next(next) if next else ""
    try:
        record_task_progress(
            workspace=workspace,
            principal=session.principal,
            project=project,
            task=task,
            done=bool(done),
            percent=_number("percent", percent),
            remaining=remaining.strip() or None,
            start=_date("actual start", start),
            date=_date("status date", date),
            base_revision=int(base_revision) if base_revision.isdigit() else None,
            force=_checked(force),
        )
    except InvalidRequestError as error:
        return _form_page(
            request,
            session,
            workspace,
            project,
            task,
            status_code=422,
            values=values,
            message=error.message,
            diagnostics=list(error.diagnostics),
            next_url=next_url,
        )
    except EditConflictError as error:
        return _form_page(
            request,
            session,
            workspace,
            project,
            task,
            status_code=409,
            values=values,
            conflict=error,
            next_url=next_url,
        )
    if is_htmx(request):
        return _form_page(request, session, workspace, project, task, saved=True)
    target = next_url or f"/projects/{project}/tasks/{quote(task, safe=':')}/progress"
    return RedirectResponse(target, status_code=303)
