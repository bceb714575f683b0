"""Signing in: one answer for unknown user and wrong password, rehashing, rate limits."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from steerco.app.workspace.accounts import create_user, disable_user
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.errors import RateLimitedError, UnauthorizedError
from steerco.app.workspace.passwords import HASHING
from steerco.app.workspace.tokens import principal_for_token, sign_in
from steerco.store.tables import LoginFailure, User
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401

PASSWORD = "correct horse battery"
T = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
A, B = "10.0.0.1", "10.0.0.2"


def _at(seconds: float) -> dt.datetime:
    return T + dt.timedelta(seconds=seconds)


def _fail(workspace: Workspace, name: str, client: str, seconds: float) -> None:
    with pytest.raises(UnauthorizedError):
        sign_in(
            workspace=workspace, name=name, password="wrong guess", client=client, now=_at(seconds)
        )


@pytest.fixture
def users(workspace: Workspace) -> Workspace:
    for name in ("ada", "bob"):
        create_user(workspace=workspace, name=name, password=PASSWORD)
    return workspace


def test_sign_in_issues_a_twelve_hour_session_token(users: Workspace) -> None:
    issued = sign_in(workspace=users, name="ada", password=PASSWORD, client=A, now=T)
    assert issued.token.kind == "session"
    assert issued.token.expires_at == T + dt.timedelta(hours=12)
    assert issued.token.projects is None
    principal = principal_for_token(workspace=users, secret=issued.secret, now=_at(60))
    assert (principal.name, principal.projects, principal.token_id) == (
        "ada",
        None,
        issued.token.id,
    )
    with pytest.raises(UnauthorizedError, match="expired"):
        principal_for_token(workspace=users, secret=issued.secret, now=_at(12 * 3600))


def test_unknown_user_wrong_password_and_disabled_get_the_same_answer(users: Workspace) -> None:
    disable_user(workspace=users, name="bob")
    messages = []
    for name, password in (("ada", "wrong guess"), ("nobody", PASSWORD), ("bob", PASSWORD)):
        with pytest.raises(UnauthorizedError) as raised:
            sign_in(workspace=users, name=name, password=password, client=A, now=T)
        messages.append((raised.value.status, raised.value.message))
    assert messages == [(401, "wrong user name or password")] * 3


def test_a_changed_hasher_rehashes_at_the_next_sign_in(users: Workspace) -> None:
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    HASHING.hasher = stronger  # the cheap_passwords fixture restores it
    sign_in(workspace=users, name="ada", password=PASSWORD, client=A, now=T)
    with users.transaction() as session:
        stored = session.scalars(select(User.password_hash).where(User.name == "ada")).one()
    assert "m=16,t=2,p=1" in stored
    assert not stronger.check_needs_rehash(stored)
    assert sign_in(workspace=users, name="ada", password=PASSWORD, client=A, now=T).secret


def test_five_failures_for_a_name_lock_it_even_with_the_right_password(users: Workspace) -> None:
    for second in range(5):
        _fail(users, "ada", A, second)
    with pytest.raises(RateLimitedError) as raised:
        sign_in(workspace=users, name="ada", password=PASSWORD, client=B, now=_at(10))
    # The oldest failure (at 0 s) leaves the 15-minute window at 900 s: 890 s from 10 s.
    assert raised.value.status == 429
    assert raised.value.detail == {"retry_after": 890}
    # Another name from the same client is not affected.
    assert sign_in(workspace=users, name="bob", password=PASSWORD, client=A, now=_at(10)).secret
    # Once the oldest failure ages out, four remain: one more attempt is allowed.
    assert sign_in(workspace=users, name="ada", password=PASSWORD, client=A, now=_at(900)).secret


def test_unknown_names_are_limited_too(users: Workspace) -> None:
    for second in range(5):
        _fail(users, "nobody", A, second)
    with pytest.raises(RateLimitedError):
        sign_in(workspace=users, name="nobody", password=PASSWORD, client=A, now=_at(5))


def test_twenty_failures_from_a_client_lock_it_for_every_name(users: Workspace) -> None:
    for second in range(20):
        _fail(users, f"guess{second % 5}", A, second)  # four failures per name
    with pytest.raises(RateLimitedError) as raised:
        sign_in(workspace=users, name="ada", password=PASSWORD, client=A, now=_at(30))
    assert raised.value.detail == {"retry_after": 870}
    assert sign_in(workspace=users, name="ada", password=PASSWORD, client=B, now=_at(30)).secret
    _fail(users, "guess0", B, 31)  # the fifth failure of guess0, from B: the name locks
    with pytest.raises(RateLimitedError):
        sign_in(workspace=users, name="guess0", password=PASSWORD, client=B, now=_at(32))


def test_a_success_clears_only_its_own_clients_failures(users: Workspace) -> None:
    for second in range(3):
        _fail(users, "ada", A, second)
    _fail(users, "ada", B, 3)
    sign_in(workspace=users, name="ada", password=PASSWORD, client=B, now=_at(4))
    with users.transaction() as session:
        left = session.execute(select(LoginFailure.name, LoginFailure.client)).all()
    assert sorted(left) == [("ada", A)] * 3
    _fail(users, "ada", A, 5)
    _fail(users, "ada", A, 6)
    with pytest.raises(RateLimitedError):
        sign_in(workspace=users, name="ada", password=PASSWORD, client=A, now=_at(7))


def test_old_failures_are_forgotten(users: Workspace) -> None:
    for second in range(3):
        _fail(users, "ada", A, second)
    _fail(users, "bob", A, 1000)  # 15 minutes after the first ones
    with users.transaction() as session:
        left = session.execute(select(LoginFailure.name)).scalars().all()
    assert left == ["bob"]


def test_the_issued_secret_stays_out_of_its_repr(users: Workspace) -> None:
    issued = sign_in(workspace=users, name="ada", password=PASSWORD, client=A, now=T)
    assert issued.secret not in repr(issued)


class _CountingHasher(PasswordHasher):
    """argon2id with cheap parameters that counts its verifications."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified += 1
        return super().verify(hash, password)


def test_an_unknown_user_costs_one_verification_like_a_known_one(users: Workspace) -> None:
    counting = _CountingHasher()
    HASHING.hasher = counting  # the cheap_passwords fixture restores it
    for name in ("ada", "nobody"):
        before = counting.verified
        with pytest.raises(UnauthorizedError):
            sign_in(workspace=users, name=name, password="wrong guess", client=A, now=T)
        assert counting.verified - before == 1, name
