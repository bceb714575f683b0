"""The one error body of the API, and the handlers that map every failure to it.

`{"error": {"code", "message", "diagnostics": [...], "detail": {}}}`: a workspace use
case's refusal (`WorkspaceError`: its status and code), an invalid project file
(`ProjectError`: 422 with the CLI's located diagnostics), an invalid request (FastAPI's
validation: 422, each diagnostic's `path` the request location such as `["body",
"changes"]`; a value the database cannot store, such as a NUL character on
PostgreSQL, likewise) and any unexpected exception (500, a generic message; the traceback is
logged, never the request's headers or body).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from steerco.app.workspace.errors import WorkspaceError
from steerco.errors import Diagnostic, ProjectError

__all__ = [
    "ERROR_RESPONSES",
    "DiagnosticOut",
    "ErrorBody",
    "ErrorInfo",
    "diagnostic_out",
    "error_response",
    "install_error_handlers",
    "responses",
]

log = logging.getLogger("steerco.web")


class DiagnosticOut(BaseModel):
    """One located problem: the CLI's code and message, and where it is."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: list[str | int] = Field(
        default_factory=list,
        description='Where in the model or the request: `["tasks", 2, "duration"]`, '
        '`["query", "limit"]`.',
    )


class ErrorInfo(BaseModel):
    """What went wrong: a stable snake_case code, a message, diagnostics and details."""

    code: str
    message: str
    diagnostics: list[DiagnosticOut] = Field(default_factory=list)
    detail: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorInfo


_DESCRIPTIONS = {
    401: "No valid bearer token (missing, wrong, expired or revoked).",
    403: "The role on this project does not allow it.",
    404: "No such thing, or one the caller may not see.",
    409: "The fields the edit was based on changed since: `detail.current` holds them now.",
    422: "The request or the project file is invalid: `diagnostics` say where.",
    429: "Too many failed sign-ins: retry after `Retry-After` seconds.",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in _DESCRIPTIONS.items()
}
"""Every documented error response, for `responses(...)`."""


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error responses of a route: these statuses with the error body model."""
    return {status: ERROR_RESPONSES[status] for status in statuses}


def _path(path: Iterable[Any]) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in path]


def diagnostic_out(diagnostic: Diagnostic) -> DiagnosticOut:
    """The API form of a CLI diagnostic: same code, message and location."""
    return DiagnosticOut(
        code=str(diagnostic.code),
        message=diagnostic.message,
        file=diagnostic.file,
        line=diagnostic.line,
        column=diagnostic.column,
        path=_path(diagnostic.path),
    )


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    diagnostics: Sequence[DiagnosticOut] = (),
    detail: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A JSON response carrying the one error body."""
    body = ErrorBody(
        error=ErrorInfo(
            code=code, message=message, diagnostics=list(diagnostics), detail=detail or {}
        )
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers or None)


def _workspace_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WorkspaceError)
    if _is_page(request):
        from steerco.web.pages.errors import error_page

        return error_page(request, exc.status, exc.message, exc.diagnostics)
    headers: dict[str, str] = {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if exc.status == 429 and "retry_after" in exc.detail:
        headers["Retry-After"] = str(int(exc.detail["retry_after"]))
    return error_response(
        exc.status,
        exc.code,
        exc.message,
        diagnostics=[diagnostic_out(d) for d in exc.diagnostics],
        detail=exc.detail,
        headers=headers,
    )


def _project_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProjectError)
    if _is_page(request):
        from steerco.web.pages.errors import error_page

        return error_page(request, 422, str(exc), exc.diagnostics)
    diagnostics = [diagnostic_out(d) for d in exc.diagnostics]
    message = exc.diagnostics[0].message if exc.diagnostics else "the project file is invalid"
    return error_response(422, exc.code, message, diagnostics=diagnostics)


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    diagnostics = [
        DiagnosticOut(
            code=str(error.get("type", "invalid")),
            message=str(error.get("msg", "invalid value")),
            path=_path(error.get("loc", ())),
        )
        for error in exc.errors()
    ]
    first = diagnostics[0] if diagnostics else None
    where = ".".join(str(part) for part in first.path) if first else ""
    message = f"{where}: {first.message}" if first and where else "invalid request"
    if _is_page(request):
        from steerco.web.pages.errors import error_page

        return error_page(request, 422, message)
    return error_response(422, "invalid_request", message, diagnostics=diagnostics)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _is_page(request):
        from steerco.web.pages.errors import error_page

        return error_page(request, exc.status_code, str(exc.detail))
    codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
    return error_response(
        exc.status_code,
        codes.get(exc.status_code, "http_error"),
        str(exc.detail),
        headers=dict(exc.headers) if exc.headers else None,
    )


def _unstorable_value(request: Request, exc: Exception) -> Response:
    # The database refused a value of the request (PostgreSQL: a NUL character in a text,
    # an integer out of range): the request is invalid, and the statement is not shown.
    assert isinstance(exc, DataError)
    message = (
        "a value in the request cannot be stored: a text holds a NUL character, "
        "or a number is out of range"
    )
    if _is_page(request):
        from steerco.web.pages.errors import error_page

        return error_page(request, 422, message)
    return error_response(422, "invalid_request", message)


def _unexpected_error(request: Request, exc: Exception) -> Response:
    # The method and path only: never the headers (Authorization) or the body (passwords).
    log.error(
        "unexpected error on %s %s",
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    if _is_page(request):
        from steerco.web.pages.errors import error_page

        return error_page(request, 500, "internal server error: the error is in the server's log")
    return error_response(500, "internal_error", "internal server error")


def _is_page(request: Request) -> bool:
    """Whether the failed request was for a page: it is answered with a page, not JSON."""
    from steerco.web.pages.errors import is_page_request

    return is_page_request(request)


def install_error_handlers(app: FastAPI) -> None:
    """Map every failure of `app` to the one error body (a page's failures to a page)."""
    from steerco.web.pages.errors import csrf_refused, sign_in_required
    from steerco.web.pages.session import CsrfRefusedError, SignInRequiredError

    app.add_exception_handler(SignInRequiredError, sign_in_required)
    app.add_exception_handler(CsrfRefusedError, csrf_refused)
    app.add_exception_handler(WorkspaceError, _workspace_error)
    app.add_exception_handler(ProjectError, _project_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _unstorable_value)
    app.add_exception_handler(Exception, _unexpected_error)
