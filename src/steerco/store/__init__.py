"""The workspace's database: tables, engines and migrations (SQLAlchemy 2 + Alembic)."""
