"""The migrations build the schema the tables describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect

from steerco.app.workspace.context import Workspace
from steerco.store.migrate import current_revision, head_revision
from steerco.store.tables import Base


def test_migrated_database_is_at_head_with_every_table(workspace: Workspace) -> None:
    assert current_revision(workspace.engine) == head_revision()
    tables = set(inspect(workspace.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrated_columns_match_the_tables(workspace: Workspace) -> None:
    inspector = inspect(workspace.engine)
    for name, table in Base.metadata.tables.items():
        migrated = {column["name"] for column in inspector.get_columns(name)}
        assert migrated == {column.name for column in table.columns}, name
