"""What a workspace use case refuses, with the HTTP status and the code each maps to."""

from __future__ import annotations

from typing import Any

from steerco.errors import Diagnostic

__all__ = [
    "EditConflictError",
    "ForbiddenError",
    "InvalidRequestError",
    "NotFoundError",
    "RateLimitedError",
    "UnauthorizedError",
    "WorkspaceError",
]


class WorkspaceError(Exception):
    """A refused request: `status` (HTTP), `code` (stable snake_case), a message, diagnostics.

    `diagnostics` carry the same codes and locations as the CLI prints (a project file's
    line and column, or a field path) where the refusal is about the plan's content.
    """

    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        diagnostics: tuple[Diagnostic, ...] = (),
        detail: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = diagnostics
        self.detail = detail or {}


class UnauthorizedError(WorkspaceError):
    """No valid credentials: missing, wrong, expired, revoked or of a disabled user."""

    status = 401
    code = "unauthorized"


class ForbiddenError(WorkspaceError):
    """Signed in and allowed to see the project, but the role does not allow this action."""

    status = 403
    code = "forbidden"


class NotFoundError(WorkspaceError):
    """No such thing, or one the caller may not know exists (another project's ids)."""

    status = 404
    code = "not_found"


class EditConflictError(WorkspaceError):
    """The fields an edit was based on changed since: `detail["current"]` holds them now."""

    status = 409
    code = "edit_conflict"


class InvalidRequestError(WorkspaceError):
    """The request or the plan it would produce is invalid (diagnostics say where)."""

    status = 422
    code = "invalid"


class RateLimitedError(WorkspaceError):
    """Too many failed sign-ins: `detail["retry_after"]` seconds to wait."""

    status = 429
    code = "rate_limited"
