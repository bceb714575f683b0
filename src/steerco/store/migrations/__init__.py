"""Alembic migrations of the workspace database (run by `steerco db upgrade`)."""
