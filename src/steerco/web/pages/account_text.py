"""Wording on the account and admin pages: a use case's message as a sentence, when to retry."""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["retry_hint", "sentence"]


def retry_hint(seconds: int, *, now: dt.datetime | None = None) -> str:
    """When to retry after `seconds`, as "try again in about 14 minutes (after 03:25 UTC)"."""
    wait = max(1, seconds)
    at = (now or dt.datetime.now(dt.UTC)) + dt.timedelta(seconds=wait)
    if wait < 60:
        span = f"{wait} second{'s' if wait != 1 else ''}"
    else:
        minutes = math.ceil(wait / 60)
        span = f"about {minutes} minute{'s' if minutes != 1 else ''}"
    clock = at.astimezone(dt.UTC).strftime("%H:%M:%S" if wait < 60 else "%H:%M")
    return f"Too many failed attempts: try again in {span} (after {clock} UTC)."


def sentence(message: str) -> str:
    """A use case's message (lowercase, no full stop) as a sentence on a page."""
    if not message:
        return message
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
