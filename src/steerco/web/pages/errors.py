"""Failures on a page answered as pages: a sign-in redirect, a 403 for CSRF, an error page."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from steerco.errors import Diagnostic
from steerco.web.pages.session import (
    CsrfRefusedError,
    SignInRequiredError,
    sign_in_redirect,
)
from steerco.web.pages.templating import is_htmx, render

__all__ = ["error_page", "is_page_request", "sign_in_required"]

_TITLES = {
    400: "Bad request",
    401: "Sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Changed meanwhile",
    422: "Not valid",
    429: "Too many attempts",
    500: "Something went wrong",
}


def is_page_request(request: Request) -> bool:
    """Whether the request is for a page (not the API, its docs or a static file)."""
    path = request.url.path
    return not path.startswith(("/api/", "/static/")) and path != "/api"


def sign_in_required(request: Request, exc: Exception) -> Response:
    """Send the browser to the sign-in form, and back here afterwards."""
    assert isinstance(exc, SignInRequiredError)
    target = sign_in_redirect(exc.next_path)
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def csrf_refused(request: Request, exc: Exception) -> Response:
    """403: the change did not carry this session's CSRF token."""
    assert isinstance(exc, CsrfRefusedError)
    message = "this form has expired or did not come from this site: reload the page and retry"
    return error_page(request, 403, message)


def error_page(
    request: Request,
    status: int,
    message: str,
    diagnostics: Sequence[Diagnostic] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as a page (or, for htmx, as a fragment it swaps in)."""
    template = "fragments/error.html" if is_htmx(request) else "error.html"
    return render(
        request,
        template,
        status_code=status,
        headers=headers,
        title=_TITLES.get(status, "Error"),
        status=status,
        message=message,
        diagnostics=list(diagnostics),
    )
