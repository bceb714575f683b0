"""Fixtures of the workspace tests: every store and API test runs on SQLite and on PostgreSQL.

`workspace_url` is parametrized over both; a PostgreSQL database is a fresh copy of a
migrated template, a SQLite one a fresh copy of a migrated file, so each test starts empty.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from steerco.app.workspace.context import Workspace, open_workspace
from steerco.store.engine import open_engine
from steerco.store.migrate import upgrade
from workspace.postgres_server import PostgresServer, start_server

_TEMPLATE = "steerco_template"
_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole session, with a migrated template database."""
    server = start_server()
    try:
        server.execute(f"CREATE DATABASE {_TEMPLATE}")
        engine = open_engine(server.url(_TEMPLATE), pool=False)
        upgrade(engine)
        engine.dispose()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("sqlite-template") / "workspace.db"
    engine = open_engine(f"sqlite:///{path}", pool=False)
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty, migrated workspace database, once on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "workspace.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"steerco_test_{next(_numbers)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE {_TEMPLATE}")
    try:
        yield server.url(name)
    finally:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def workspace(workspace_url: str) -> Iterator[Workspace]:
    """An open workspace on an empty, migrated database (SQLite and PostgreSQL)."""
    opened = open_workspace(workspace_url)
    try:
        yield opened
    finally:
        opened.engine.dispose()
