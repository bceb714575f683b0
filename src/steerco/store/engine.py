"""Opening the workspace database: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

__all__ = [
    "DATA_DIR_ENVIRONMENT",
    "DB_ENVIRONMENT",
    "SQLITE_BUSY_MS",
    "data_directory",
    "database_url",
    "is_postgresql",
    "open_engine",
]

DB_ENVIRONMENT = "STEERCO_DB"
DATA_DIR_ENVIRONMENT = "STEERCO_DATA_DIR"
_SQLITE_FILE = "workspace.db"
SQLITE_BUSY_MS = 30_000
"""How long a SQLite connection waits for another's write lock before it fails."""
_POOL_SIZE = 10
_SQLITE_OVERFLOW = 60
"""SQLite connections beyond the pool: the API serves up to 40 requests at once in threads."""
_POSTGRESQL_OVERFLOW = 20
"""PostgreSQL connections beyond the pool, per process (the server's own limit is shared)."""


def data_directory() -> Path:
    """Where the default SQLite workspace lives: $STEERCO_DATA_DIR, else the XDG data home."""
    explicit = os.environ.get(DATA_DIR_ENVIRONMENT)
    if explicit:
        return Path(explicit)
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(home) / "steerco"


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL of `db` (a URL or a SQLite file path), else $STEERCO_DB, else the default.

    `postgresql://` URLs get the psycopg 3 driver; a plain path is a SQLite file.
    """
    text = db or os.environ.get(DB_ENVIRONMENT) or str(data_directory() / _SQLITE_FILE)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    url = make_url(text)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def is_postgresql(engine: Engine) -> bool:
    """Whether `engine` talks to PostgreSQL (else SQLite)."""
    return engine.dialect.name == "postgresql"


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Every SQLite connection: WAL, foreign keys on, a busy wait rather than an error."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def open_engine(url: str, *, pool: bool = True) -> Engine:
    """An engine for `url` (from `database_url`); a SQLite file's directory is created.

    SQLite connections run in WAL mode with foreign keys on. `pool=False` opens a fresh
    connection each time (worker processes, tests that drop databases).
    """
    parsed = make_url(url)
    options: dict[str, Any] = {}
    if not pool:
        options["poolclass"] = NullPool
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        options["connect_args"] = {"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000}
        if pool:
            options.update(pool_size=_POOL_SIZE, max_overflow=_SQLITE_OVERFLOW, pool_timeout=60)
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if pool:
        options.update(
            pool_size=_POOL_SIZE,
            max_overflow=_POSTGRESQL_OVERFLOW,
            pool_timeout=60,
            pool_pre_ping=True,
        )
    return create_engine(url, **options)
