"""`steerco db upgrade`: bring a workspace database to this version's schema."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["UpgradedDatabase", "upgrade_database"]


@dataclass(frozen=True)
class UpgradedDatabase:
    """The database (its URL without the password) and the schema revision it reached."""

    url: str
    revision: str


def upgrade_database(*, db: str | None = None) -> UpgradedDatabase:
    """Apply every migration the database at `db` lacks ($STEERCO_DB, else the default)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from steerco.app.workspace.context import open_workspace
    from steerco.app.workspace.ready import WorkspaceNotReadyError
    from steerco.store.migrate import upgrade

    workspace = open_workspace(db, pool=False)
    shown = make_url(workspace.url).render_as_string(hide_password=True)
    try:
        reached = upgrade(workspace.engine)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise WorkspaceNotReadyError(f"cannot upgrade the database {shown}: {reason}") from None
    finally:
        workspace.engine.dispose()
    return UpgradedDatabase(shown, reached)
