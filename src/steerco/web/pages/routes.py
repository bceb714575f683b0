"""Every page router, mounted on the workspace app beside `/api/v1`."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

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


def install_pages(app: FastAPI) -> None:
    """Mount the pages, their static files and the headers every page answer carries."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(_page_router())

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        if not request.url.path.startswith("/api/"):
            for name, value in _SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            if "text/html" in response.headers.get("content-type", ""):
                response.headers.setdefault("Cache-Control", "no-store")
        return response
