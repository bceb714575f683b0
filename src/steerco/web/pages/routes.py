"""Every page router, mounted on the workspace app beside `/api/v1`."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from starlette.datastructures import MutableHeaders
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from steerco.web.pages.session import check_csrf

__all__ = ["STATIC_DIR", "install_pages"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

_SECURITY_HEADERS = {
    # Every script and style comes from this server (no CDN, no inline script).
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _page_router() -> APIRouter:
    from steerco.web.pages import (
        account_pages,
        admin_pages,
        analyses,
        auth_pages,
        comment_pages,
        dashboard_pages,
        edit_analyses,
        edit_pages,
        my_work_pages,
        portal_pages,
        project_pages,
    )

    pages = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
    # Fixed paths first: a page with a path parameter where another has a fixed word
    # (`/projects/{p}/{tab}` against `/projects/{p}/analyses`) must come after it.
    modules = (
        auth_pages,
        account_pages,
        admin_pages,
        analyses,
        dashboard_pages,
        my_work_pages,
        comment_pages,
        portal_pages,
        edit_analyses,
        edit_pages,
        project_pages,
    )
    for module in modules:
        pages.include_router(module.router)
    return pages


class _SecurityHeaders:
    """Every answer outside `/api/` gets `_SECURITY_HEADERS` it did not set itself.

    An HTML answer also gets `Cache-Control: no-store`. Plain ASGI middleware, so that an
    API request costs one path check, not a wrapped response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if "text/html" in headers.get("content-type", ""):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_pages(app: FastAPI) -> None:
    """Mount the pages, their static files and the headers every page answer carries."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(_page_router())
    app.add_middleware(_SecurityHeaders)
