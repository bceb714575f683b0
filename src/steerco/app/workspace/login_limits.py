"""Rate limiting of sign-in, shared by every server process through `LoginFailure` rows.

Within any 15 minutes, 5 failures for one user name or 20 from one client address refuse
further attempts (even with the right password) until the oldest of them ages out. A
success clears only the failures of that name from that client: another client's
failures against the same name keep counting.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from steerco.app.workspace.errors import RateLimitedError
from steerco.app.workspace.timestamps import aware
from steerco.store.tables import LoginFailure

__all__ = [
    "CLIENT_LIMIT",
    "NAME_LIMIT",
    "WINDOW",
    "check_login_allowed",
    "clear_failures",
    "record_failure",
]

NAME_LIMIT = 5
CLIENT_LIMIT = 20
WINDOW = dt.timedelta(minutes=15)
_NAME_COLUMN = 120
_CLIENT_COLUMN = 100


def _wait(session: Session, where: ColumnElement[bool], limit: int, now: dt.datetime) -> int:
    """Seconds until fewer than `limit` failures matching `where` remain in the window (0: now)."""
    times = session.scalars(
        select(LoginFailure.at)
        .where(where, LoginFailure.at > now - WINDOW)
        .order_by(LoginFailure.at)
    ).all()
    if len(times) < limit:
        return 0
    oldest = times[len(times) - limit]
    return max(1, math.ceil((aware(oldest) + WINDOW - now).total_seconds()))


def check_login_allowed(session: Session, *, name: str, client: str, now: dt.datetime) -> None:
    """RateLimitedError (with `retry_after` seconds) if `name` or `client` failed too often."""
    wait = max(
        _wait(session, LoginFailure.name == name[:_NAME_COLUMN], NAME_LIMIT, now),
        _wait(session, LoginFailure.client == client[:_CLIENT_COLUMN], CLIENT_LIMIT, now),
    )
    if wait:
        raise RateLimitedError(
            f"too many failed sign-ins: try again in {wait} seconds",
            detail={"retry_after": wait},
        )


def record_failure(session: Session, *, name: str, client: str, now: dt.datetime) -> None:
    """Count one failed sign-in of `name` from `client`; forget failures older than the window."""
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - WINDOW))
    session.add(LoginFailure(name=name[:_NAME_COLUMN], client=client[:_CLIENT_COLUMN], at=now))


def clear_failures(session: Session, *, name: str, client: str) -> None:
    """Forget the failures of `name` from `client` (after it signed in); others' stay."""
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.name == name[:_NAME_COLUMN],
            LoginFailure.client == client[:_CLIENT_COLUMN],
        )
    )
