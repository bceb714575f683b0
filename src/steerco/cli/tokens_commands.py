"""`steerco tokens create|list|revoke`: API tokens of workspace users, from the machine.

A new token's secret is printed once, alone on stdout (so `$(steerco tokens create ...)`
captures it); what it is and the warning that it is not shown again go to stderr.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.users_commands import stamp
from steerco.cli.workspace_guard import DbOption, in_workspace

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.app.workspace.context import Workspace
    from steerco.app.workspace.tokens import IssuedToken, TokenView

__all__ = ["tokens_app"]

tokens_app = typer.Typer(
    help="API tokens: create one (shown once), list a user's, revoke one.",
    no_args_is_help=True,
)

UserOption = Annotated[
    str, typer.Option("--user", metavar="NAME", help="The token's user.", show_default=False)
]


@tokens_app.command("create")
def create(
    user: UserOption,
    name: Annotated[
        str,
        typer.Option(
            "--name",
            metavar="LABEL",
            help="What the token is for (e.g. ci-nightly).",
            show_default=False,
        ),
    ],
    project: Annotated[
        list[str] | None,
        typer.Option(
            "--project",
            metavar="SLUG",
            help="Limit the token to this project (repeat for more); default: all the user's.",
            show_default=False,
        ),
    ] = None,
    expires: Annotated[
        str,
        typer.Option("--expires", metavar="90d|12h|never", help="How long the token works."),
    ] = "90d",
    db: DbOption = None,
) -> None:
    """Create an API token and print its secret once."""
    from steerco.app.workspace.tokens import create_token, parse_expiry

    def issue(workspace: Workspace) -> IssuedToken:
        return create_token(
            workspace=workspace,
            user=user,
            name=name,
            projects=project or None,
            expires=parse_expiry(expires),
        )

    issued = in_workspace(db, issue)
    token = issued.token
    scope = "all of the user's projects" if token.projects is None else ", ".join(token.projects)
    until = stamp(token.expires_at, "never") + ("" if token.expires_at is None else " UTC")
    sys.stderr.write(
        f"token {token.id} '{token.name}' of {user}: projects: {scope}; expires: {until}\n"
        "Copy the token now: it is not shown again.\n"
    )
    sys.stdout.write(issued.secret + "\n")


def _draw(tokens: list[TokenView], user: str, console: Console) -> None:
    """The tokens table: never a secret nor a hash."""
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    columns = [
        Col("Id", justify="right"),
        Col("Name", "text"),
        Col("Kind"),
        Col("Projects", "list"),
        Col("State"),
        Col("Expires (UTC)"),
        Col("Last used (UTC)", priority=1),
        Col("Created (UTC)", priority=2),
    ]
    rows = []
    for token in tokens:
        state = token.state()
        rows.append(
            Row(
                [
                    str(token.id),
                    escape(token.name),
                    token.kind,
                    "all" if token.projects is None else ", ".join(token.projects),
                    state,
                    stamp(token.expires_at, "never"),
                    stamp(token.last_used_at),
                    stamp(token.created_at),
                ],
                style=None if state == "active" else "dim",
            )
        )
    print_table(console, columns, rows, title=f"Tokens of {escape(user)}")


@tokens_app.command("list")
def list_(user: UserOption, db: DbOption = None) -> None:
    """List a user's tokens (API tokens and sign-in sessions), never their secrets."""
    from steerco.app.workspace.tokens import list_tokens
    from steerco.cli.output import emit_rich

    tokens = in_workspace(db, lambda workspace: list_tokens(workspace=workspace, user=user))
    if not tokens:
        sys.stdout.write(f"{user} has no tokens\n")
        return
    emit_rich(lambda console: _draw(tokens, user, console), None)


@tokens_app.command("revoke")
def revoke(
    token_id: Annotated[
        int, typer.Argument(metavar="ID", help="The token's id (`steerco tokens list`).")
    ],
    user: Annotated[
        str | None,
        typer.Option(
            "--user", metavar="NAME", help="Revoke only if it is this user's.", show_default=False
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Revoke a token: it stops working at once."""
    from steerco.app.workspace.tokens import revoke_token

    view = in_workspace(
        db, lambda workspace: revoke_token(workspace=workspace, user=user, token_id=token_id)
    )
    sys.stdout.write(f"token {view.id} '{view.name}' revoked\n")
