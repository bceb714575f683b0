"""Text from a request that is compared with or stored in the database.

PostgreSQL refuses a NUL character in text: a name or slug holding one matches nothing.
"""

from __future__ import annotations

__all__ = ["storable", "without_nul"]

_NUL = "\x00"


def storable(text: str) -> bool:
    """Whether `text` can be compared with or stored in a text column (it has no NUL)."""
    return _NUL not in text


def without_nul(text: str) -> str:
    """`text` with each NUL replaced by U+FFFD, so that it can be stored."""
    return text.replace(_NUL, "\ufffd")
