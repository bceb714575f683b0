"""Changing one's own password: checked like a sign-in, other sessions end, audited without it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from steerco.app.workspace.accounts import change_password, create_user
from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.errors import InvalidRequestError, RateLimitedError, UnauthorizedError
from steerco.app.workspace.login_limits import NAME_LIMIT
from steerco.app.workspace.tokens import (
    create_token,
    list_tokens,
    principal_for_token,
    sign_in,
)
from steerco.store.tables import AuditEntry, LoginFailure, User
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401

OLD = "correct horse battery"
NEW = "another long password"
CLIENT = "10.0.0.7"


@pytest.fixture
def ada(workspace: Workspace) -> tuple[Principal, list[str]]:
    """User ada signed in from three browsers: the principal of the first, every secret."""
    create_user(workspace=workspace, name="ada", password=OLD)
    create_user(workspace=workspace, name="bob", password=OLD)
    secrets = [
        sign_in(workspace=workspace, name="ada", password=OLD, client=CLIENT).secret
        for _ in range(3)
    ]
    return principal_for_token(workspace=workspace, secret=secrets[0]), secrets


def _failures(workspace: Workspace, name: str) -> int:
    with workspace.transaction() as session:
        counted = session.scalar(
            select(func.count()).select_from(LoginFailure).where(LoginFailure.name == name)
        )
    return int(counted or 0)


def _hash(workspace: Workspace, name: str) -> str:
    with workspace.transaction() as session:
        return session.scalars(select(User.password_hash).where(User.name == name)).one()


def test_the_new_password_signs_in_and_the_old_one_no_longer(
    workspace: Workspace, ada: tuple[Principal, list[str]]
) -> None:
    principal, _ = ada
    change_password(workspace=workspace, principal=principal, current=OLD, new=NEW, client=CLIENT)
    assert sign_in(workspace=workspace, name="ada", password=NEW, client=CLIENT).secret
    with pytest.raises(UnauthorizedError):
        sign_in(workspace=workspace, name="ada", password=OLD, client=CLIENT)
    assert _hash(workspace, "ada").startswith("$argon2id$")
    assert sign_in(workspace=workspace, name="bob", password=OLD, client=CLIENT)  # bob's stays


def test_every_other_session_ends_and_this_one_and_api_tokens_stay(
    workspace: Workspace, ada: tuple[Principal, list[str]]
) -> None:
    principal, secrets = ada
    api = create_token(workspace=workspace, user="ada", name="ci").secret
    bob = sign_in(workspace=workspace, name="bob", password=OLD, client=CLIENT).secret
    revoked = change_password(
        workspace=workspace, principal=principal, current=OLD, new=NEW, client=CLIENT
    )
    assert revoked == 2
    assert principal_for_token(workspace=workspace, secret=secrets[0]).name == "ada"
    for other in secrets[1:]:
        with pytest.raises(UnauthorizedError, match="revoked"):
            principal_for_token(workspace=workspace, secret=other)
    assert principal_for_token(workspace=workspace, secret=api).name == "ada"
    assert principal_for_token(workspace=workspace, secret=bob).name == "bob"
    states = sorted(t.state() for t in list_tokens(workspace=workspace, user="ada"))
    assert states == ["active", "active", "revoked", "revoked"]


def test_the_change_is_audited_without_any_password(
    workspace: Workspace, ada: tuple[Principal, list[str]]
) -> None:
    principal, _ = ada
    change_password(workspace=workspace, principal=principal, current=OLD, new=NEW, client=CLIENT)
    with workspace.transaction() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.operation == "change_password")
        ).one()
        fields = (entry.user_id, entry.project_id, entry.target, entry.outcome, entry.after)
        text = repr((entry.before, entry.after, entry.target))
    assert fields == (principal.user_id, None, "users/ada", "applied", {"sessions_revoked": 2})
    assert OLD not in text and NEW not in text


def test_a_wrong_current_password_is_refused_and_counted_as_a_failed_sign_in(
    workspace: Workspace, ada: tuple[Principal, list[str]]
) -> None:
    principal, secrets = ada
    before = _hash(workspace, "ada")
    with pytest.raises(InvalidRequestError, match="current password is wrong"):
        change_password(
            workspace=workspace,
            principal=principal,
            current="not it at all",
            new=NEW,
            client=CLIENT,
        )
    assert _hash(workspace, "ada") == before
    assert _failures(workspace, "ada") == 1
    assert principal_for_token(workspace=workspace, secret=secrets[1]).name == "ada"


def test_after_too_many_failures_even_the_right_password_waits(
    workspace: Workspace, ada: tuple[Principal, list[str]]
) -> None:
    principal, _ = ada
    for _ in range(NAME_LIMIT):
        with pytest.raises(InvalidRequestError):
            change_password(
                workspace=workspace, principal=principal, current="wrong!!!", new=NEW, client=CLIENT
            )
    with pytest.raises(RateLimitedError) as refused:
        change_password(
            workspace=workspace, principal=principal, current=OLD, new=NEW, client=CLIENT
        )
    assert refused.value.detail["retry_after"] > 0
    # the failures also hold back signing in, the limit being the sign-in's own
    with pytest.raises(RateLimitedError):
        sign_in(workspace=workspace, name="ada", password=OLD, client=CLIENT)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    assert sign_in(workspace=workspace, name="ada", password=OLD, client=CLIENT, now=later)


@pytest.mark.parametrize(
    ("new", "match"),
    [("short", "too short"), ("x" * 1025, "too long"), (OLD, "is the current one")],
)
def test_a_new_password_breaking_the_rules_is_refused_and_not_counted(
    workspace: Workspace, ada: tuple[Principal, list[str]], new: str, match: str
) -> None:
    principal, _ = ada
    before = _hash(workspace, "ada")
    with pytest.raises(InvalidRequestError, match=match):
        change_password(
            workspace=workspace, principal=principal, current=OLD, new=new, client=CLIENT
        )
    assert _hash(workspace, "ada") == before
    assert _failures(workspace, "ada") == 0
