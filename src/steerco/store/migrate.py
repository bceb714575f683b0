"""Bringing a workspace database to the current schema with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

__all__ = ["current_revision", "head_revision", "queue_schema", "upgrade"]

_SCRIPTS = Path(__file__).with_name("migrations")


def _config() -> Config:
    """Alembic's configuration, with the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def head_revision() -> str:
    """The newest schema revision this version of steerco knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None: an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def queue_schema(connection: Connection) -> bool:
    """Create procrastinate's tables and functions (PostgreSQL's job queue) unless there.

    Whether it created them. SQLite has no queue: its jobs run inside the server.
    """
    if connection.dialect.name != "postgresql":
        return False
    if connection.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar():
        return False
    from procrastinate.schema import SchemaManager

    cursor = connection.connection.cursor()
    try:
        cursor.execute(SchemaManager.get_schema())
    finally:
        cursor.close()
    return True


def upgrade(engine: Engine, target: str = "head") -> str:
    """Apply every migration up to `target` in one transaction; the revision reached.

    On PostgreSQL the job queue's schema (procrastinate's) is created in the same
    transaction when it is missing.
    """
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        queue_schema(connection)
    return current_revision(engine) or ""
