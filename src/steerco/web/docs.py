"""The API's interactive docs (Swagger UI) served from the package's own files, no CDN."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["DOCS_URL", "OPENAPI_URL", "install_docs"]

OPENAPI_URL = "/api/openapi.json"
DOCS_URL = "/api/docs"
_STATIC = f"{DOCS_URL}/static"


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI at `/api/docs` with its JS and CSS from `swagger_ui_bundle`."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(_STATIC, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get(DOCS_URL, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=OPENAPI_URL,
            title=f"{app.title} - API docs",
            swagger_js_url=f"{_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{_STATIC}/favicon-32x32.png",
        )
