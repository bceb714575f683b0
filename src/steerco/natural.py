"""Natural order of names: `dev2` before `dev11`, as people count."""

from __future__ import annotations

import re

__all__ = ["natural_key"]

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that compares runs of digits as numbers and the rest case-insensitively.

    `sorted(["dev11", "dev2", "Dev1"], key=natural_key)` is `["Dev1", "dev2", "dev11"]`;
    names equal but for case keep their input order (the sort is stable).
    """
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in _DIGITS.split(name)
        if part
    )
