"""`steerco users add|list|disable`: the workspace's accounts, from the machine it runs on.

A password is read from a hidden prompt (typed twice) or from stdin (`--password-stdin`);
it is never echoed, and only its argon2id hash is stored.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.workspace_guard import DbOption, in_workspace, reported

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from steerco.app.workspace.accounts import UserView

__all__ = ["users_app"]

users_app = typer.Typer(
    help="Workspace users: add one (a site admin with --admin), list them, disable one.",
    no_args_is_help=True,
)

NameArgument = Annotated[
    str, typer.Argument(metavar="NAME", help="The login name.", show_default=False)
]


def stamp(moment: dt.datetime | None, empty: str = "") -> str:
    """A UTC time as `YYYY-MM-DD HH:MM` (`empty` for none)."""
    return empty if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _read_password(from_stdin: bool) -> str:
    """The new password: the first line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("add")
def add(
    name: NameArgument,
    admin: Annotated[
        bool, typer.Option("--admin", help="A site admin: every action on every project.")
    ] = False,
    display_name: Annotated[
        str, typer.Option("--display-name", help="The name shown to others.", show_default=False)
    ] = "",
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Add a user; the password is asked twice (hidden) unless --password-stdin."""
    from steerco.app.workspace.accounts import check_user_name, create_user

    reported(lambda: check_user_name(name))
    password = _read_password(password_stdin)
    view = in_workspace(
        db,
        lambda workspace: create_user(
            workspace=workspace,
            name=name,
            password=password,
            display_name=display_name,
            admin=admin,
        ),
    )
    kind = "site admin" if view.is_admin else "user"
    sys.stdout.write(f"{kind} '{view.name}' added\n")


def _draw(users: list[UserView], console: Console) -> None:
    """The users table: never a password hash."""
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    columns = [
        Col("Name"),
        Col("Display name", "text"),
        Col("Admin"),
        Col("Disabled"),
        Col("Created (UTC)", priority=1),
    ]
    rows = [
        Row(
            [
                escape(user.name),
                escape(user.display_name),
                "yes" if user.is_admin else "",
                "yes" if user.disabled else "",
                stamp(user.created_at),
            ],
            style="dim" if user.disabled else None,
        )
        for user in users
    ]
    print_table(console, columns, rows, title="Users")


@users_app.command("list")
def list_(db: DbOption = None) -> None:
    """List the users: name, display name, site admin, disabled, created."""
    from steerco.app.workspace.accounts import list_users
    from steerco.cli.output import emit_rich

    users = in_workspace(db, lambda workspace: list_users(workspace=workspace))
    if not users:
        sys.stdout.write("no users yet: add one with `steerco users add NAME --admin`\n")
        return
    emit_rich(lambda console: _draw(users, console), None)


@users_app.command("disable")
def disable(name: NameArgument, db: DbOption = None) -> None:
    """Disable a user: no sign-in, and their tokens stop working at once."""
    from steerco.app.workspace.accounts import disable_user

    view = in_workspace(db, lambda workspace: disable_user(workspace=workspace, name=name))
    sys.stdout.write(f"user '{view.name}' disabled: their tokens no longer work\n")
