"""The whole site's audit log for a site admin: filtered, paginated, newest first.

Each entry's values before and after are shown compactly, field by field.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from steerco.app.workspace.accounts import list_users
from steerco.app.workspace.audit import (
    OUTCOMES,
    AuditFilters,
    AuditView,
    audit_operations,
    list_site_audit,
)
from steerco.app.workspace.errors import InvalidRequestError
from steerco.app.workspace.pages import Page
from steerco.app.workspace.projects import list_projects
from steerco.web.auth import CurrentWorkspace
from steerco.web.pages.account_text import sentence
from steerco.web.pages.admin_access import AdminSession
from steerco.web.pages.templating import render

__all__ = ["PAGE_SIZE", "Change", "changes", "router"]

router = APIRouter()

PAGE_SIZE = 50
"""Audit entries per page."""

_SHOWN_CHANGES = 6
_SHOWN_CHARS = 60
_ABSENT = "—"
_Text = Annotated[str, Query(max_length=200)]


@dataclass(frozen=True)
class Change:
    """One field of an audit entry: its value before and after, as short text (— for none)."""

    field: str
    before: str
    after: str


def _short(value: Any) -> str:
    """`value` as compact JSON, cut to a few dozen characters."""
    if value is None:
        return "none"
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None, *, at_most: int = _SHOWN_CHANGES
) -> tuple[list[Change], int]:
    """The fields of an entry's before and after, by name, and how many more were left out."""
    old, new = before or {}, after or {}
    fields = sorted(set(old) | set(new))
    shown = [
        Change(
            field=name,
            before=_short(old[name]) if name in old else _ABSENT,
            after=_short(new[name]) if name in new else _ABSENT,
        )
        for name in fields[:at_most]
    ]
    return shown, max(0, len(fields) - at_most)


def _day(text: str, label: str) -> dt.date | None:
    """The day a filter field names (blank: none); InvalidRequestError if it is no date."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidRequestError(
            f"the {label} date {text!r} is not a date: write it as 2027-03-01"
        ) from None


def _filters(
    project: str, user: str, operation: str, outcome: str, since: str, until: str
) -> AuditFilters:
    return AuditFilters(
        project=project or None,
        user=user or None,
        operation=operation or None,
        outcome=outcome or None,
        since=_day(since, "from"),
        until=_day(until, "to"),
    )


@router.get("/admin/audit")
def audit(
    request: Request,
    workspace: CurrentWorkspace,
    session: AdminSession,
    project: _Text = "",
    user: _Text = "",
    operation: _Text = "",
    outcome: _Text = "",
    since: _Text = "",
    until: _Text = "",
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> Response:
    """The audit log, newest first, kept to the filters: project, user, operation, outcome, days."""
    chosen = {
        "project": project,
        "user": user,
        "operation": operation,
        "outcome": outcome,
        "since": since,
        "until": until,
    }
    message, status = "", 200
    try:
        page = list_site_audit(
            workspace=workspace,
            principal=session.principal,
            filters=_filters(project, user, operation, outcome, since, until),
            offset=offset,
            limit=PAGE_SIZE,
        )
    except InvalidRequestError as error:
        message, status = sentence(error.message), 422
        page = Page[AuditView]([], 0, 0, PAGE_SIZE)
    kept = {key: value for key, value in chosen.items() if value}

    def at(start: int) -> str:
        return "/admin/audit?" + urlencode({**kept, "offset": start})

    return render(
        request,
        "admin/audit.html",
        session,
        status_code=status,
        page=page,
        entries=[(entry, *changes(entry.before, entry.after)) for entry in page.items],
        chosen=chosen,
        message=message,
        projects=[p.slug for p in list_projects(workspace=workspace, principal=session.principal)],
        users=[u.name for u in list_users(workspace=workspace)],
        operations=audit_operations(workspace=workspace, principal=session.principal),
        outcomes=OUTCOMES,
        newer=at(max(0, offset - PAGE_SIZE)) if offset > 0 else "",
        older=at(offset + PAGE_SIZE) if offset + PAGE_SIZE < page.total else "",
    )
