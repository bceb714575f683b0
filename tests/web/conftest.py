"""Fixtures of the page tests: a seeded SQLite workspace (the pages do not differ by backend;
the API tests cover PostgreSQL)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from steerco.app.workspace.context import Workspace, open_workspace
from steerco.store.engine import open_engine
from steerco.store.migrate import upgrade
from workspace.api_support import seed


@pytest.fixture(scope="session")
def pages_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("pages-template") / "workspace.db"
    engine = open_engine(f"sqlite:///{path}", pool=False)
    upgrade(engine)
    engine.dispose()
    workspace = open_workspace(f"sqlite:///{path}")
    try:
        seed(workspace)
    finally:
        workspace.engine.dispose()
    return path


@pytest.fixture
def seeded_workspace(pages_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """The seeded workspace (see `workspace.api_support.seed`), a fresh copy per test."""
    path = tmp_path / "workspace.db"
    shutil.copyfile(pages_template, path)
    opened = open_workspace(f"sqlite:///{path}")
    try:
        yield opened
    finally:
        opened.engine.dispose()
