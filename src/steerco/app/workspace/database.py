"""`steerco db upgrade`: bring a workspace database to this version's schema."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["UpgradedDatabase", "upgrade_database"]


@dataclass(frozen=True)
class UpgradedDatabase:
    """The database (its URL without the password) and the schema revision it reached."""

    url: str
    revision: str


def _reason(error: BaseException) -> str:
    """The first line of what went wrong, without SQLAlchemy's background links."""
    original = getattr(error, "orig", None) or error
    if isinstance(original, OSError) and original.strerror:
        where = f" ({original.filename})" if original.filename else ""
        return f"{original.strerror}{where}"
    text = str(original).strip() or type(original).__name__
    return text.splitlines()[0]


def _shown(db: str | None) -> str:
    """The URL of `db` as it may be printed: its password hidden."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from steerco.store.engine import database_url

    try:
        return make_url(database_url(db)).render_as_string(hide_password=True)
    except ArgumentError:
        return str(db)


def upgrade_database(*, db: str | None = None) -> UpgradedDatabase:
    """Apply every migration the database at `db` lacks ($STEERCO_DB, else the default).

    A `db` that is no database URL, a file that cannot be created, a database this version
    cannot read or migrate: WorkspaceNotReadyError saying which and why (its password hidden).
    """
    from alembic.util import CommandError
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from steerco.app.workspace.context import open_workspace
    from steerco.app.workspace.ready import WorkspaceNotReadyError
    from steerco.store.migrate import upgrade

    shown = _shown(db)
    try:
        workspace = open_workspace(db, pool=False)
    except (ArgumentError, ValueError) as error:
        raise WorkspaceNotReadyError(
            f"cannot read {shown!r} as a database: {_reason(error)}; "
            "pass --db a SQLite file path or a postgresql://user@host/database URL"
        ) from None
    except OSError as error:
        raise WorkspaceNotReadyError(
            f"cannot open the database {shown}: {_reason(error)}"
        ) from None
    try:
        reached = upgrade(workspace.engine)
    except CommandError as error:
        raise WorkspaceNotReadyError(
            f"cannot upgrade the database {shown}: {_reason(error)}; "
            "is it from a newer steerco? Run the newest steerco's `steerco db upgrade`"
        ) from None
    except (SQLAlchemyError, OSError) as error:
        raise WorkspaceNotReadyError(
            f"cannot upgrade the database {shown}: {_reason(error)}"
        ) from None
    finally:
        workspace.engine.dispose()
    return UpgradedDatabase(shown, reached)
