"""The API's response and request bodies shared by several resources (XRead / XCreate)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from steerco.app.workspace.context import Role

__all__ = [
    "AuditRead",
    "CommentRead",
    "EditResultRead",
    "IssuedTokenRead",
    "MemberRead",
    "ProjectRead",
    "RequestBody",
    "RevisionRead",
    "RowRead",
    "TokenRead",
    "UserRead",
]


class RequestBody(BaseModel):
    """A request body: a field it does not know is refused (422), never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ProjectRead(BaseModel):
    """A project as its members see it: `role` is the caller's (None for a site admin)."""

    slug: str
    name: str
    revision: int
    role: Role | None
    file_name: str
    updated_at: dt.datetime


class RevisionRead(BaseModel):
    """One revision of a project: its number, the text's SHA-256, what made it, who, when."""

    project: str
    number: int
    sha256: str
    operation: str
    author: str | None
    created_at: dt.datetime


class RowRead(BaseModel):
    """One entity of the current revision (a task, a risk...): its id, place and fields."""

    collection: str
    key: str
    position: int
    parent: str | None
    name: str
    data: dict[str, Any]


class EditResultRead(BaseModel):
    """The revision an edit made, and the entity as it is now (None when it was removed)."""

    revision: RevisionRead
    row: RowRead | None


class TokenRead(BaseModel):
    """An API or session token, without its secret."""

    id: int
    name: str
    kind: str
    projects: list[str] | None = Field(description="The projects it may reach; null: all.")
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class IssuedTokenRead(BaseModel):
    """A new token: `secret` is shown this once (send it as `Authorization: Bearer ...`)."""

    secret: str
    token: TokenRead


class UserRead(BaseModel):
    """A user account."""

    id: int
    name: str
    display_name: str
    is_admin: bool
    disabled: bool
    created_at: dt.datetime


class MemberRead(BaseModel):
    """A user's role on a project and the plan's resource linked to them."""

    user: str
    role: Role
    resource: str | None


class CommentRead(BaseModel):
    """A comment on the project (`target` empty) or one of its entities (`tasks/<id>`)."""

    id: int
    project: str
    author: str | None
    target: str
    text: str
    at: dt.datetime


class AuditRead(BaseModel):
    """One audit entry: who did which operation, when, and what it changed."""

    id: int
    project: str | None
    user: str | None
    at: dt.datetime
    operation: str
    target: str
    outcome: str
    revision_before: int | None
    revision_after: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
