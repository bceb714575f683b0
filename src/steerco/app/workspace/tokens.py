"""Bearer tokens: API tokens and sign-in sessions, hashed at rest, scoped, revocable, expiring.

A secret is `stc_` and 43 url-safe characters (32 random bytes); only its SHA-256 is
stored, with its first 12 characters (`prefix`) to find it. A token reaches every project
of its user or only those in its scope, and never grants more than the user's own roles:
`permissions.authorize` checks the membership on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from steerco.app.workspace.accounts import find_user
from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError, NotFoundError, UnauthorizedError
from steerco.app.workspace.login_limits import (
    check_login_allowed,
    clear_failures,
    record_failure,
)
from steerco.app.workspace.passwords import verify_password, waste_a_verification
from steerco.app.workspace.text import storable, without_nul
from steerco.app.workspace.timestamps import aware
from steerco.store.engine import SQLITE_BUSY_MS
from steerco.store.tables import ApiToken, Membership, Project, TokenScope, User, utcnow

__all__ = [
    "API_TOKEN_LIFETIME",
    "SESSION_LIFETIME",
    "TOKEN_PREFIX",
    "IssuedToken",
    "TokenView",
    "create_token",
    "list_tokens",
    "parse_expiry",
    "principal_for_token",
    "revoke_token",
    "sign_in",
]

TOKEN_PREFIX = "stc_"
API_TOKEN_LIFETIME = dt.timedelta(days=90)
SESSION_LIFETIME = dt.timedelta(hours=12)
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
_LOOKUP_LENGTH = 12
_SECRET_BYTES = 32
_MAX_SECRET_LENGTH = 200
_MAX_LABEL = 200
_MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL
_LIFETIME = re.compile(r"([1-9][0-9]{0,4})([dh])")
_SECRET = re.compile(rf"{TOKEN_PREFIX}[A-Za-z0-9_-]{{9,}}")
_SIGN_IN_REFUSED = "wrong user name or password"


@dataclass(frozen=True)
class TokenView:
    """A token as its user sees it: never the secret nor its hash.

    `kind` is api or session; `projects` None reaches all the user's projects.
    """

    id: int
    name: str
    kind: str
    projects: list[str] | None
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None = None

    def state(self, now: dt.datetime | None = None) -> str:
        """active, revoked or expired (at `now`, default the current time)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= (now or utcnow()):
            return "expired"
        return "active"


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, shown this once (kept out of `repr`, so out of logs)."""

    secret: str = field(repr=False)
    token: TokenView


def _digest(secret: str) -> str:
    """The SHA-256 (hex) a secret is stored as."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _optional(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else aware(value)


def _view(session: Session, token: ApiToken) -> TokenView:
    """The view of `token`, with the slugs of its scope."""
    projects = None
    if not token.all_projects:
        projects = list(
            session.scalars(
                select(Project.slug)
                .join(TokenScope, TokenScope.project_id == Project.id)
                .where(TokenScope.token_id == token.id)
                .order_by(Project.slug)
            )
        )
    return TokenView(
        id=token.id,
        name=token.name,
        kind=token.kind,
        projects=projects,
        created_at=aware(token.created_at),
        expires_at=_optional(token.expires_at),
        revoked_at=_optional(token.revoked_at),
        last_used_at=_optional(token.last_used_at),
    )


def _issue(
    session: Session,
    user: User,
    *,
    name: str,
    kind: str,
    project_ids: list[int] | None,
    expires_at: dt.datetime | None,
    now: dt.datetime,
) -> IssuedToken:
    """Store a new token of `user` and hand back its secret with its view."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(_SECRET_BYTES)
    token = ApiToken(
        user_id=user.id,
        name=name,
        kind=kind,
        prefix=secret[:_LOOKUP_LENGTH],
        token_hash=_digest(secret),
        all_projects=project_ids is None,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    for project_id in project_ids or ():
        session.add(TokenScope(token_id=token.id, project_id=project_id))
    session.flush()
    return IssuedToken(secret=secret, token=_view(session, token))


def parse_expiry(text: str, *, now: dt.datetime | None = None) -> dt.datetime | Literal["never"]:
    """`90d`, `12h` or `never` (a command line's or request's wording) as an expiry time."""
    if text.strip().lower() == "never":
        return "never"
    match = _LIFETIME.fullmatch(text.strip())
    if match is None:
        raise InvalidRequestError(
            f"invalid expiry {text!r}: write a number of days or hours such as 90d or 12h, or never"
        )
    amount = int(match.group(1))
    span = dt.timedelta(days=amount) if match.group(2) == "d" else dt.timedelta(hours=amount)
    return (now or utcnow()) + span


def _not_among(slug: str, user: User) -> InvalidRequestError:
    """The one refusal of a scope naming a project the user may not reach (or none exists)."""
    return InvalidRequestError(
        f"no project '{slug}' among the projects this request may reach ({user.name}'s, "
        "within the scope of the token that makes it): name one of those"
    )


def _scope(session: Session, user: User, projects: list[str]) -> list[int]:
    """The ids of the projects named in a token's scope: each one the user belongs to."""
    if not projects:
        raise InvalidRequestError(
            "a token's scope names at least one project; leave it out to reach all of them"
        )
    ids: list[int] = []
    for slug in dict.fromkeys(projects):
        if not storable(slug):
            raise _not_among(without_nul(slug), user)
        query = select(Project.id).where(Project.slug == slug)
        if not user.is_admin:
            query = query.join(Membership, Membership.project_id == Project.id).where(
                Membership.user_id == user.id
            )
        found = session.scalar(query)
        if found is None:
            raise _not_among(slug, user)
        ids.append(found)
    return ids


def _within(
    session: Session, user: User, project_ids: list[int] | None, limit_to: frozenset[int]
) -> list[int]:
    """`project_ids` if all are in `limit_to` (None: those of `limit_to`), else refused."""
    if project_ids is None:
        return sorted(limit_to)
    outside = [each for each in project_ids if each not in limit_to]
    if outside:
        slug = session.scalar(select(Project.slug).where(Project.id == outside[0]))
        raise _not_among(str(slug), user)
    return project_ids


def create_token(
    *,
    workspace: Workspace,
    user: str,
    name: str,
    projects: list[str] | None = None,
    expires: dt.datetime | Literal["never"] | None = None,
    limit_to: frozenset[int] | None = None,
    now: dt.datetime | None = None,
) -> IssuedToken:
    """A new API token of `user` labelled `name`, for `projects` (slugs) or all of theirs.

    `expires`: None for the default lifetime (90 days), a time, or "never". `limit_to`:
    the scope of the token the request came with (`Principal.projects`), which the new
    token may not exceed: without `projects` it gets that same scope.
    """
    now = now or utcnow()
    label = name.strip()
    if not label or len(label) > _MAX_LABEL:
        raise InvalidRequestError(
            f"a token's name is 1 to {_MAX_LABEL} characters that say what it is for "
            "(for example 'ci-nightly')"
        )
    if expires is None:
        expires_at: dt.datetime | None = now + API_TOKEN_LIFETIME
    elif expires == "never":
        expires_at = None
    else:
        expires_at = aware(expires)
        if expires_at <= now:
            raise InvalidRequestError("the token's expiry is in the past: give a later time")
    with workspace.transaction() as session:
        owner = find_user(session, user)
        if owner.disabled:
            raise InvalidRequestError(f"user '{user}' is disabled: a token would not work")
        project_ids = None if projects is None else _scope(session, owner, projects)
        if limit_to is not None:
            project_ids = _within(session, owner, project_ids, limit_to)
        return _issue(
            session,
            owner,
            name=label,
            kind="api",
            project_ids=project_ids,
            expires_at=expires_at,
            now=now,
        )


def list_tokens(*, workspace: Workspace, user: str) -> list[TokenView]:
    """Every token of `user` (API tokens and sign-in sessions), oldest first."""
    with workspace.transaction() as session:
        owner = find_user(session, user)
        tokens = session.scalars(
            select(ApiToken).where(ApiToken.user_id == owner.id).order_by(ApiToken.id)
        )
        return [_view(session, token) for token in tokens]


def revoke_token(
    *, workspace: Workspace, user: str | None, token_id: int, now: dt.datetime | None = None
) -> TokenView:
    """Revoke token `token_id` of `user` (None: any user's, as an admin on the machine).

    Revoking a revoked token changes nothing; another user's token is not found.
    """
    with workspace.transaction() as session:
        token = session.get(ApiToken, token_id) if 0 < token_id <= _MAX_ID else None
        if token is not None and user is not None and token.user_id != find_user(session, user).id:
            token = None
        if token is None:
            owner = "" if user is None else f" of user '{user}'"
            raise NotFoundError(f"no token {token_id}{owner}; `steerco tokens list` shows them")
        if token.revoked_at is None:
            token.revoked_at = now or utcnow()
        return _view(session, token)


def principal_for_token(
    *, workspace: Workspace, secret: str, now: dt.datetime | None = None
) -> Principal:
    """Who presents `secret`: UnauthorizedError if unknown, revoked, expired or of a disabled user.

    Notes the token's last use, at most once a minute.
    """
    now = now or utcnow()
    if not _SECRET.fullmatch(secret) or len(secret) > _MAX_SECRET_LENGTH:
        raise UnauthorizedError("invalid token: send 'Authorization: Bearer stc_...'")
    digest = _digest(secret)
    with workspace.sessions() as session:  # reads only: no write lock for a read request
        candidates = session.scalars(
            select(ApiToken).where(ApiToken.prefix == secret[:_LOOKUP_LENGTH])
        ).all()
        token = next(
            (each for each in candidates if hmac.compare_digest(each.token_hash, digest)), None
        )
        if token is None:
            raise UnauthorizedError("invalid token: sign in again or create a new token")
        if token.revoked_at is not None:
            raise UnauthorizedError("this token was revoked: sign in again or create a new token")
        if token.expires_at is not None and aware(token.expires_at) <= now:
            raise UnauthorizedError("this token has expired: sign in again or create a new token")
        user = session.get(User, token.user_id)
        if user is None or user.disabled:
            raise UnauthorizedError("this account is disabled: ask a site admin")
        scope = None
        if not token.all_projects:
            scope = frozenset(
                session.scalars(
                    select(TokenScope.project_id).where(TokenScope.token_id == token.id)
                )
            )
        principal = Principal(
            user_id=user.id,
            name=user.name,
            is_admin=user.is_admin,
            projects=scope,
            token_id=token.id,
        )
        stale = (
            token.last_used_at is None or now - aware(token.last_used_at) >= LAST_USED_RESOLUTION
        )
    if stale:
        _note_use(workspace, token.id, now)
    return principal


_NOTE_WAIT_MS = 100
"""How long noting a token's use may wait for a busy database before it gives up."""


def _note_use(workspace: Workspace, token_id: int, now: dt.datetime) -> None:
    """Note the token's last use, unless the database is busy writing (then a later request does).

    The note is bookkeeping: a read request never waits behind a long write for it.
    """
    sqlite = not workspace.is_postgresql
    try:
        with workspace.engine.connect() as connection:
            if sqlite:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={_NOTE_WAIT_MS}")
            else:
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{_NOTE_WAIT_MS}ms'")
            try:
                connection.execute(
                    update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
                )
                connection.commit()
            finally:
                if sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    except OperationalError:
        return


def sign_in(
    *, workspace: Workspace, name: str, password: str, client: str, now: dt.datetime | None = None
) -> IssuedToken:
    """A session token (12 hours) for `name` with `password`, signing in from `client`.

    UnauthorizedError with one message for an unknown user, a wrong password and a
    disabled account (the same work is done for each); RateLimitedError after repeated
    failures (`login_limits`). The password is only ever compared with its hash.
    """
    now = now or utcnow()
    name, client = without_nul(name), without_nul(client)
    with workspace.transaction() as session:
        check_login_allowed(session, name=name, client=client, now=now)
        stored = session.scalar(select(User.password_hash).where(User.name == name))
    if stored is None:
        waste_a_verification(password)
        matches, rehashed = False, None
    else:
        matches, rehashed = verify_password(stored, password)
    with workspace.transaction() as session:
        user = session.scalars(select(User).where(User.name == name)).one_or_none()
        if not matches or user is None or user.disabled:
            record_failure(session, name=name, client=client, now=now)
            issued = None
        else:
            if rehashed is not None and user.password_hash == stored:
                user.password_hash = rehashed
            clear_failures(session, name=name, client=client)
            session.execute(
                delete(ApiToken).where(
                    ApiToken.user_id == user.id,
                    ApiToken.kind == "session",
                    ApiToken.expires_at <= now,
                )
            )
            issued = _issue(
                session,
                user,
                name=f"sign-in from {client}"[:_MAX_LABEL],
                kind="session",
                project_ids=None,
                expires_at=now + SESSION_LIFETIME,
                now=now,
            )
    if issued is None:
        raise UnauthorizedError(_SIGN_IN_REFUSED)
    return issued
