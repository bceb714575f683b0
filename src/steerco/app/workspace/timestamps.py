"""Times and days read back: store timestamps as aware UTC, days from a job's JSON."""

from __future__ import annotations

import datetime as dt

__all__ = ["aware", "day_or_none"]


def aware(value: dt.datetime) -> dt.datetime:
    """`value` as an aware UTC datetime: a naive one (as SQLite gives back) is UTC already."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def day_or_none(value: object) -> dt.date | None:
    """A day as a job's JSON writes it (`2027-03-01`), a date as it is; anything else None."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
