"""`steerco db upgrade`: create or migrate the workspace database to this version's schema."""

from __future__ import annotations

import sys

import typer

from steerco.cli.workspace_guard import DbOption, reported

__all__ = ["db_app"]

db_app = typer.Typer(help="The workspace database: upgrade its schema.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Apply every migration the database lacks (creating it if new); print the revision."""
    from steerco.app.workspace.database import upgrade_database

    done = reported(lambda: upgrade_database(db=db))
    sys.stdout.write(f"{done.url}: schema at revision {done.revision}\n")
