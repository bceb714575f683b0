"""Rendering the pages: one Jinja2 environment over `steerco/web/templates`, autoescaped."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any
from urllib.parse import quote

from fastapi import Request
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from steerco import __version__
from steerco.web.pages.session import CSRF_FIELD, CSRF_HEADER, PageSession

__all__ = ["environment", "is_htmx", "render", "render_form"]


def _date(value: dt.date | dt.datetime | None) -> str:
    """A day as `2027-03-01` (a blank for none)."""
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()


def _when(value: dt.datetime | None) -> str:
    """A moment as `2027-03-01 14:05 UTC` (a blank for none)."""
    if value is None:
        return ""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _segment(value: object) -> str:
    """A value as one path segment (or query value) of a URL: `/`, `?`, `#`, `&`... encoded.

    An entity's id is the plan's own text: unencoded, `../../admin/x?` in
    `/projects/p/tasks/{id}/progress` would make the form post to `/admin/x`.
    """
    return quote(str(value), safe=":")  # `:` as in a link's key `model:data`


@cache
def environment() -> Environment:
    """The pages' template environment (built once)."""
    env = Environment(
        loader=PackageLoader("steerco.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = _date
    env.filters["when"] = _when
    env.filters["segment"] = _segment
    env.globals["version"] = __version__
    env.globals["csrf_field"] = CSRF_FIELD
    env.globals["csrf_header"] = CSRF_HEADER
    return env


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (it then wants a fragment, not a whole page)."""
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    template: str,
    session: PageSession | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """The template rendered with `context`, the signed-in user and the CSRF token."""
    body = (
        environment()
        .get_template(template)
        .render(
            request=request,
            session=session,
            csrf=session.csrf if session is not None else context.pop("csrf", ""),
            path=request.url.path,
            **context,
        )
    )
    return HTMLResponse(body, status_code=status_code, headers=headers)


def render_form(
    request: Request,
    page: str,
    fragment: str,
    session: PageSession,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A form's page, or for htmx its fragment alone.

    htmx gets a refusal the page expects (422: invalid, 409: the merge view) as a 200 whose
    `X-Edit-Status` header carries the status: the browser then logs no failed request,
    and the fragment is swapped in as any other answer. Without JavaScript the page keeps
    its real status.
    """
    if not is_htmx(request):
        return render(request, page, session, status_code=status_code, **context)
    headers = {"X-Edit-Status": str(status_code)} if status_code != 200 else None
    return render(request, fragment, session, headers=headers, **context)
