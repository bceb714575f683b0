"""`steerco users add|list|disable` round trips, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from cli_runner import steerco
from steerco.app.workspace.context import Workspace
from steerco.app.workspace.tokens import sign_in
from steerco.store.tables import User
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401

PASSWORD = "correct horse battery"


def test_add_from_stdin_then_list(workspace: Workspace, workspace_url: str) -> None:
    added = steerco(
        "users", "add", "ada", "--admin", "--display-name", "Ada Lovelace", "--password-stdin",
        "--db", workspace_url, input=PASSWORD + "\n",
    )  # fmt: skip
    assert (added.exit_code, added.stdout) == (0, "site admin 'ada' added\n")
    assert PASSWORD not in added.output
    steerco("users", "add", "bob", "--password-stdin", "--db", workspace_url, input=PASSWORD)
    listed = steerco("users", "list", "--db", workspace_url, env={"COLUMNS": "100"})
    assert listed.exit_code == 0
    rows = [line for line in listed.stdout.splitlines() if line.startswith("│")]
    cells = [[cell.strip() for cell in row.strip("│").split("│")] for row in rows]
    assert [cell[:4] for cell in cells] == [
        ["ada", "Ada Lovelace", "yes", ""],
        ["bob", "", "", ""],
    ]
    with workspace.transaction() as session:
        stored = session.scalars(select(User.password_hash).order_by(User.name)).all()
    assert all(hash_ not in listed.output for hash_ in stored)
    assert "argon2" not in listed.output
    assert sign_in(workspace=workspace, name="ada", password=PASSWORD, client="t").secret


def test_add_asks_twice_without_echo(workspace: Workspace, workspace_url: str) -> None:
    added = steerco("users", "add", "ada", "--db", workspace_url, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert "Repeat for confirmation" in added.output
    assert PASSWORD not in added.output
    assert sign_in(workspace=workspace, name="ada", password=PASSWORD, client="t").secret


def test_mismatched_confirmation_adds_no_one(workspace: Workspace, workspace_url: str) -> None:
    added = steerco("users", "add", "ada", "--db", workspace_url, input=f"{PASSWORD}\nother one\n")
    assert added.exit_code != 0
    assert "do not match" in added.output
    assert steerco("users", "list", "--db", workspace_url).stdout.startswith("no users yet")


def test_invalid_name_is_refused_before_the_password_prompt(workspace_url: str) -> None:
    added = steerco("users", "add", "Ada", "--db", workspace_url)
    assert added.exit_code == 2
    assert added.stderr.startswith("invalid: invalid user name 'Ada': write 1 to 64 lowercase")
    assert "Password" not in added.output
    assert "Traceback" not in added.output


def test_duplicate_and_short_password_exit_2(workspace_url: str) -> None:
    steerco("users", "add", "ada", "--password-stdin", "--db", workspace_url, input=PASSWORD)
    again = steerco(
        "users", "add", "ada", "--password-stdin", "--db", workspace_url, input=PASSWORD
    )
    assert (again.exit_code, again.stderr) == (
        2,
        "invalid: a user 'ada' already exists: choose another name\n",
    )
    short = steerco("users", "add", "bob", "--password-stdin", "--db", workspace_url, input="short")
    assert short.exit_code == 2
    assert "password is too short" in short.stderr


def test_disable(workspace: Workspace, workspace_url: str) -> None:
    steerco("users", "add", "ada", "--password-stdin", "--db", workspace_url, input=PASSWORD)
    disabled = steerco("users", "disable", "ada", "--db", workspace_url)
    assert (disabled.exit_code, disabled.stdout) == (
        0,
        "user 'ada' disabled: their tokens no longer work\n",
    )
    with workspace.transaction() as session:
        assert session.scalars(select(User.disabled)).one() is True
    unknown = steerco("users", "disable", "ghost", "--db", workspace_url)
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("not_found: no user 'ghost'")


def test_a_database_without_the_schema_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    listed = steerco("users", "list", "--db", str(empty))
    assert listed.exit_code == 2
    assert re.fullmatch(
        r"workspace_not_ready: the database sqlite:///\S+empty\.db has no workspace yet: "
        r"run `steerco db upgrade` on it \(the same --db\) first\n",
        listed.stderr,
    )
