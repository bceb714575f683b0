"""`steerco tokens create|list|revoke` round trips, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from cli_runner import steerco
from steerco.app.workspace.accounts import create_user
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.errors import UnauthorizedError
from steerco.app.workspace.tokens import principal_for_token
from workspace.accounts_fixtures import add_project, cheap_passwords  # noqa: F401

PASSWORD = "correct horse battery"


@pytest.fixture
def ada(workspace: Workspace) -> int:
    """ada, owner of alpha and beta; the id of alpha."""
    create_user(workspace=workspace, name="ada", password=PASSWORD)
    add_project(workspace, "beta", {"ada": "owner"})
    return add_project(workspace, "alpha", {"ada": "owner"})


def _table(stdout: str) -> list[list[str]]:
    rows = [line for line in stdout.splitlines() if line.startswith("│")]
    return [[cell.strip() for cell in row.strip("│").split("│")] for row in rows]


def test_create_prints_the_secret_once_on_stdout(
    workspace: Workspace, workspace_url: str, ada: int
) -> None:
    created = steerco(
        "tokens", "create", "--user", "ada", "--name", "ci", "--project", "alpha",
        "--expires", "30d", "--db", workspace_url,
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("stc_") and "\n" not in secret
    assert "token 1 'ci' of ada: projects: alpha; expires: " in created.stderr
    assert "Copy the token now: it is not shown again." in created.stderr
    principal = principal_for_token(workspace=workspace, secret=secret)
    assert (principal.name, principal.projects) == ("ada", frozenset({ada}))
    listed = steerco(
        "tokens", "list", "--user", "ada", "--db", workspace_url, env={"COLUMNS": "200"}
    )
    assert listed.exit_code == 0
    assert secret not in listed.output
    [row] = _table(listed.stdout)
    expires = dt.datetime.strptime(row[5], "%Y-%m-%d %H:%M").replace(tzinfo=dt.UTC)
    now = dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=29, hours=23) < expires - now <= dt.timedelta(days=30)
    assert row[:5] == ["1", "ci", "api", "alpha", "active"]


def test_never_expires_and_all_projects(workspace: Workspace, workspace_url: str, ada: int) -> None:
    created = steerco(
        "tokens", "create", "--user", "ada", "--name", "forever", "--expires", "never",
        "--db", workspace_url,
    )  # fmt: skip
    assert "projects: all of the user's projects; expires: never" in created.stderr
    listed = steerco(
        "tokens", "list", "--user", "ada", "--db", workspace_url, env={"COLUMNS": "200"}
    )
    assert _table(listed.stdout)[0][:6] == ["1", "forever", "api", "all", "active", "never"]


def test_revoke_stops_the_token(workspace: Workspace, workspace_url: str, ada: int) -> None:
    secret = steerco(
        "tokens", "create", "--user", "ada", "--name", "ci", "--db", workspace_url
    ).stdout.strip()
    revoked = steerco("tokens", "revoke", "1", "--db", workspace_url)
    assert (revoked.exit_code, revoked.stdout) == (0, "token 1 'ci' revoked\n")
    with pytest.raises(UnauthorizedError, match="revoked"):
        principal_for_token(workspace=workspace, secret=secret)
    listed = steerco(
        "tokens", "list", "--user", "ada", "--db", workspace_url, env={"COLUMNS": "200"}
    )
    assert _table(listed.stdout)[0][4] == "revoked"


def test_refusals_are_clean_messages_with_exit_2(workspace_url: str, ada: int) -> None:
    cases = [
        (["--user", "ghost", "--name", "x"], "not_found: no user 'ghost'"),
        (["--user", "ada", "--name", "x", "--project", "gamma"], "invalid: no project 'gamma'"),
        (["--user", "ada", "--name", "x", "--expires", "soon"], "invalid: invalid expiry 'soon'"),
    ]
    for arguments, start in cases:
        result = steerco("tokens", "create", *arguments, "--db", workspace_url)
        assert result.exit_code == 2, arguments
        assert result.stderr.startswith(start), result.stderr
        assert result.stdout == ""
        assert "Traceback" not in result.output
    unknown = steerco("tokens", "revoke", "7", "--user", "ada", "--db", workspace_url)
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        "not_found: no token 7 of user 'ada'; `steerco tokens list` shows them\n",
    )


def test_list_without_tokens(workspace_url: str, ada: int) -> None:
    listed = steerco("tokens", "list", "--user", "ada", "--db", workspace_url)
    assert (listed.exit_code, listed.stdout) == (0, "ada has no tokens\n")
