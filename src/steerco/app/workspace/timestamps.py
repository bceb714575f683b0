"""Timestamps read back from the store as timezone-aware UTC (SQLite returns them naive)."""

from __future__ import annotations

import datetime as dt

__all__ = ["aware"]


def aware(value: dt.datetime) -> dt.datetime:
    """`value` as an aware UTC datetime: a naive one (as SQLite gives back) is UTC already."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
