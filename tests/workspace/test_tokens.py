"""API tokens: hashed at rest, expiring, revocable, scoped, dead with a disabled user."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from steerco.app.workspace.accounts import create_user, disable_user
from steerco.app.workspace.context import Action, Workspace
from steerco.app.workspace.errors import (
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    UnauthorizedError,
)
from steerco.app.workspace.permissions import authorize
from steerco.app.workspace.tokens import (
    create_token,
    list_tokens,
    parse_expiry,
    principal_for_token,
    revoke_token,
    sign_in,
)
from steerco.store.tables import ApiToken
from workspace.accounts_fixtures import add_project, cheap_passwords  # noqa: F401

PASSWORD = "correct horse battery"
T = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _at(**span: float) -> dt.datetime:
    return T + dt.timedelta(**span)


@pytest.fixture
def team(workspace: Workspace) -> dict[str, int]:
    """ada owns alpha and beta; bob is a member of alpha; root is a site admin."""
    for name in ("ada", "bob"):
        create_user(workspace=workspace, name=name, password=PASSWORD)
    create_user(workspace=workspace, name="root", password=PASSWORD, admin=True)
    return {
        "alpha": add_project(workspace, "alpha", {"ada": "owner", "bob": "member"}),
        "beta": add_project(workspace, "beta", {"ada": "owner"}),
    }


def test_only_the_sha256_and_a_prefix_are_stored(
    workspace: Workspace, team: dict[str, int]
) -> None:
    issued = create_token(workspace=workspace, user="ada", name="ci", now=T)
    secret = issued.secret
    assert secret.startswith("stc_")
    assert len(secret) == 4 + 43  # 32 random bytes, url-safe base64
    with workspace.transaction() as session:
        row = session.scalars(select(ApiToken)).one()
        columns = [str(getattr(row, column.key)) for column in ApiToken.__table__.columns]
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert row.prefix == secret[:12]
    assert not any(secret in value for value in columns)
    assert secret not in repr(issued)


def test_default_lifetime_is_90_days_and_expiry_is_enforced(
    workspace: Workspace, team: dict[str, int]
) -> None:
    issued = create_token(workspace=workspace, user="ada", name="ci", now=T)
    assert issued.token.expires_at == _at(days=90)
    principal = principal_for_token(
        workspace=workspace, secret=issued.secret, now=_at(days=90, seconds=-1)
    )
    assert principal.name == "ada"
    with pytest.raises(UnauthorizedError, match="expired"):
        principal_for_token(workspace=workspace, secret=issued.secret, now=_at(days=90))


def test_never_and_explicit_expiry(workspace: Workspace, team: dict[str, int]) -> None:
    never = create_token(workspace=workspace, user="ada", name="forever", expires="never", now=T)
    assert never.token.expires_at is None
    assert (
        principal_for_token(workspace=workspace, secret=never.secret, now=_at(days=3650)).name
        == "ada"
    )
    month = create_token(
        workspace=workspace, user="ada", name="month", expires=parse_expiry("30d", now=T), now=T
    )
    assert month.token.expires_at == _at(days=30)
    with pytest.raises(InvalidRequestError, match="in the past"):
        create_token(workspace=workspace, user="ada", name="late", expires=_at(seconds=-1), now=T)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("90d", _at(days=90)), ("12h", _at(hours=12)), ("never", "never"), ("NEVER", "never")],
)
def test_parse_expiry(text: str, expected: object) -> None:
    assert parse_expiry(text, now=T) == expected


@pytest.mark.parametrize("text", ["", "0d", "30", "3w", "-1d", "soon"])
def test_parse_expiry_refuses_other_wordings(text: str) -> None:
    with pytest.raises(InvalidRequestError, match="90d or 12h, or never"):
        parse_expiry(text, now=T)


def test_revoked_token_stops_working(workspace: Workspace, team: dict[str, int]) -> None:
    issued = create_token(workspace=workspace, user="ada", name="ci", now=T)
    view = revoke_token(workspace=workspace, user="ada", token_id=issued.token.id, now=_at(hours=1))
    assert view.revoked_at == _at(hours=1)
    with pytest.raises(UnauthorizedError, match="revoked"):
        principal_for_token(workspace=workspace, secret=issued.secret, now=_at(hours=2))
    again = revoke_token(workspace=workspace, user=None, token_id=issued.token.id, now=_at(hours=3))
    assert again.revoked_at == _at(hours=1)


def test_another_users_token_is_not_found(workspace: Workspace, team: dict[str, int]) -> None:
    issued = create_token(workspace=workspace, user="ada", name="ci", now=T)
    with pytest.raises(NotFoundError):
        revoke_token(workspace=workspace, user="bob", token_id=issued.token.id)
    for token_id in (issued.token.id + 100, 0, -1, 2**31, 99999999999):
        with pytest.raises(NotFoundError):
            revoke_token(workspace=workspace, user=None, token_id=token_id)
    assert principal_for_token(workspace=workspace, secret=issued.secret, now=T).name == "ada"


def test_disabling_the_user_stops_the_token_at_once(
    workspace: Workspace, team: dict[str, int]
) -> None:
    issued = create_token(workspace=workspace, user="bob", name="ci", now=T)
    assert principal_for_token(workspace=workspace, secret=issued.secret, now=T).name == "bob"
    disable_user(workspace=workspace, name="bob")
    with pytest.raises(UnauthorizedError, match="disabled"):
        principal_for_token(workspace=workspace, secret=issued.secret, now=T)
    with pytest.raises(InvalidRequestError, match="disabled"):
        create_token(workspace=workspace, user="bob", name="again", now=T)


@pytest.mark.parametrize("secret", ["", "stc_", "Bearer x", "stc_" + "A" * 43, "x" * 300])
def test_unknown_secrets_are_unauthorized(
    workspace: Workspace, team: dict[str, int], secret: str
) -> None:
    with pytest.raises(UnauthorizedError, match="invalid token"):
        principal_for_token(workspace=workspace, secret=secret, now=T)


def test_same_prefix_wrong_rest_is_unauthorized(workspace: Workspace, team: dict[str, int]) -> None:
    issued = create_token(workspace=workspace, user="ada", name="ci", now=T)
    forged = issued.secret[:-1] + ("A" if issued.secret[-1] != "A" else "B")
    with pytest.raises(UnauthorizedError, match="invalid token"):
        principal_for_token(workspace=workspace, secret=forged, now=T)


def test_scoped_token_reaches_only_its_projects(workspace: Workspace, team: dict[str, int]) -> None:
    issued = create_token(
        workspace=workspace, user="ada", name="alpha only", projects=["alpha"], now=T
    )
    assert issued.token.projects == ["alpha"]
    principal = principal_for_token(workspace=workspace, secret=issued.secret, now=T)
    assert principal.projects == frozenset({team["alpha"]})
    with workspace.transaction() as session:
        assert authorize(session, principal, "alpha", Action.delete_project).slug == "alpha"
    with pytest.raises(NotFoundError), workspace.transaction() as session:
        authorize(session, principal, "beta", Action.read_client)  # ada owns beta


def test_scope_names_only_the_users_projects(workspace: Workspace, team: dict[str, int]) -> None:
    refused = "no project '{}' among the projects this request may reach \\(bob's"
    with pytest.raises(InvalidRequestError, match=refused.format("beta")):
        create_token(workspace=workspace, user="bob", name="x", projects=["alpha", "beta"], now=T)
    with pytest.raises(InvalidRequestError, match=refused.format("gamma")):
        create_token(workspace=workspace, user="bob", name="x", projects=["gamma"], now=T)
    with pytest.raises(InvalidRequestError, match="at least one project"):
        create_token(workspace=workspace, user="bob", name="x", projects=[], now=T)
    admin = create_token(workspace=workspace, user="root", name="x", projects=["beta"], now=T)
    assert admin.token.projects == ["beta"]


def test_a_token_never_grants_more_than_the_users_role(
    workspace: Workspace, team: dict[str, int]
) -> None:
    issued = create_token(workspace=workspace, user="bob", name="ci", projects=["alpha"], now=T)
    principal = principal_for_token(workspace=workspace, secret=issued.secret, now=T)
    with pytest.raises(ForbiddenError), workspace.transaction() as session:
        authorize(session, principal, "alpha", Action.edit_plan)


def test_last_use_is_noted_at_most_once_a_minute(
    workspace: Workspace, team: dict[str, int]
) -> None:
    issued = create_token(workspace=workspace, user="ada", name="ci", now=T)
    for seconds in (0, 30, 59):
        principal_for_token(workspace=workspace, secret=issued.secret, now=_at(seconds=seconds))
    [view] = list_tokens(workspace=workspace, user="ada")
    assert view.last_used_at == T
    principal_for_token(workspace=workspace, secret=issued.secret, now=_at(seconds=61))
    [view] = list_tokens(workspace=workspace, user="ada")
    assert view.last_used_at == _at(seconds=61)


def test_list_tokens_shows_api_and_session_tokens(
    workspace: Workspace, team: dict[str, int]
) -> None:
    create_token(workspace=workspace, user="ada", name="ci", projects=["beta", "alpha"], now=T)
    sign_in(workspace=workspace, name="ada", password=PASSWORD, client="10.0.0.9", now=T)
    create_token(workspace=workspace, user="bob", name="bob's", now=T)
    views = list_tokens(workspace=workspace, user="ada")
    assert [(v.name, v.kind, v.projects) for v in views] == [
        ("ci", "api", ["alpha", "beta"]),
        ("sign-in from 10.0.0.9", "session", None),
    ]
    with pytest.raises(NotFoundError):
        list_tokens(workspace=workspace, user="ghost")


def test_token_name_is_required(workspace: Workspace, team: dict[str, int]) -> None:
    with pytest.raises(InvalidRequestError, match="token's name"):
        create_token(workspace=workspace, user="ada", name="  ", now=T)


def test_a_scoped_request_creates_tokens_only_within_its_scope(
    workspace: Workspace, team: dict[str, int]
) -> None:
    alpha_only = frozenset({team["alpha"]})
    inherited = create_token(workspace=workspace, user="ada", name="x", limit_to=alpha_only, now=T)
    assert inherited.token.projects == ["alpha"]
    named = create_token(
        workspace=workspace, user="ada", name="y", projects=["alpha"], limit_to=alpha_only, now=T
    )
    assert named.token.projects == ["alpha"]
    # ada owns beta, but the request's token does not reach it: the same words as for a
    # project that does not exist, so a scoped token learns nothing of others
    outside = r"no project 'beta' among the projects this request may reach \(ada's, within"
    with pytest.raises(InvalidRequestError, match=outside):
        create_token(
            workspace=workspace,
            user="ada",
            name="z",
            projects=["alpha", "beta"],
            limit_to=alpha_only,
            now=T,
        )


def test_a_nul_character_matches_nothing_on_either_backend(
    workspace: Workspace, team: dict[str, int]
) -> None:
    nul = "\x00"
    with pytest.raises(UnauthorizedError, match="invalid token"):
        principal_for_token(workspace=workspace, secret="stc_" + nul * 43, now=T)
    with pytest.raises(UnauthorizedError, match="wrong user name or password"):
        sign_in(workspace=workspace, name="ada" + nul, password=PASSWORD, client=nul, now=T)
    with pytest.raises(NotFoundError):
        disable_user(workspace=workspace, name="ada" + nul)
    with pytest.raises(InvalidRequestError, match="no project 'al\ufffdpha'"):
        create_token(workspace=workspace, user="ada", name="x", projects=["al" + nul + "pha"])
    principal = principal_for_token(
        workspace=workspace, secret=create_token(workspace=workspace, user="ada", name="x").secret
    )
    with pytest.raises(NotFoundError), workspace.transaction() as session:
        authorize(session, principal, "alpha" + nul, Action.read_client)
