"""Running a workspace use case from the command line: open the database, report refusals.

A refusal (`app.workspace.errors.WorkspaceError`) prints `CODE: message` (and any located
diagnostics) on stderr and exits 2, without a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from steerco.app.workspace.context import Workspace

__all__ = ["DbOption", "in_workspace", "reported"]

EXIT_INVALID = 2
T = TypeVar("T")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="The workspace database: a postgresql:// URL or a SQLite file "
        "(default: $STEERCO_DB, else workspace.db in the data directory).",
        show_default=False,
    ),
]


def reported(action: Callable[[], T]) -> T:
    """Run `action`; a workspace refusal is printed as `CODE: message` on stderr, exit 2."""
    from steerco.app.workspace.errors import WorkspaceError

    try:
        return action()
    except WorkspaceError as error:
        for diagnostic in error.diagnostics:
            sys.stderr.write(diagnostic.format() + "\n")
        sys.stderr.write(f"{error.code}: {error.message}\n")
        raise typer.Exit(EXIT_INVALID) from None


def in_workspace(db: str | None, use: Callable[[Workspace], T]) -> T:
    """`use` the workspace at `db` (refused unless migrated); refusals as `reported` says."""

    def opened() -> T:
        from steerco.app.workspace.ready import open_ready_workspace

        workspace = open_ready_workspace(db)
        try:
            return use(workspace)
        finally:
            workspace.engine.dispose()

    return reported(opened)
